"""The page cache (veedel.core.pagecache): the start page and the Veedel pages are kept while
nothing changes, and are never stale after a change, however it was made: a save, a queryset
update, a bulk insert, raw SQL, a delete, the admin, an import. The version that decides it is
moved by database triggers (veedel.core.sitechanges)."""

from __future__ import annotations

import pytest
from django.contrib.humanize.templatetags.humanize import apnumber
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from veedel.core import pagecache, sitechanges
from veedel.council.tests.admin_forms import change_form_post
from veedel.offers import imports
from veedel.offers.imports.tables import table_read
from veedel.offers.tests.factories import make_actor, make_taxonomies
from veedel.offers.tests.test_import import csv_bytes, offer_row
from veedel.programme.models import CoordinationOffice, Goal, Programme

pytestmark = pytest.mark.django_db

HOME = "/"
KALK = "/sozialraeume/kalk/"
NEW_NAME = "Gute Nachbarschaft im Beispielviertel"


def page(client, path=HOME) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def kept(client, path=HOME) -> str | None:
    """How the page was answered: "hit" (from the cache), "miss" (rendered and kept), or
    None (rendered, may not be kept)."""
    return client.get(path).get(pagecache.HEADER)


@pytest.fixture
def goal():
    return Goal.objects.order_by("order").first()


def test_every_table_has_its_trigger():
    tracked = set(sitechanges.tracked_tables())
    assert {"offers_offer", "programme_goal", "areas_socialspace", "auth_group"} <= tracked
    assert "django_session" not in tracked
    assert tracked <= sitechanges.tables_with_trigger()
    assert sitechanges.install_triggers() == []


def test_a_table_made_later_gets_its_trigger_on_the_next_migrate():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE later_table (id integer PRIMARY KEY, name varchar(20))")
    assert "later_table" not in sitechanges.tables_with_trigger()
    sitechanges.after_migrate(sender=None, using="default")
    assert "later_table" in sitechanges.tables_with_trigger()
    before = sitechanges.site_version()
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO later_table (id, name) VALUES (1, 'x')")
    assert sitechanges.site_version() > before


@pytest.mark.parametrize(
    "name, args",
    [
        ("programme:home", []),
        ("areas:social_space", ["kalk"]),
        ("areas:district", [8]),
        ("areas:quarter", [802]),
        ("programme:office", ["kalk"]),
    ],
)
def test_a_second_visit_costs_one_query_and_shows_the_same(
    client, name, args, django_assert_num_queries
):
    path = reverse(name, args=args)
    first = client.get(path)
    assert first.status_code == 200
    assert first[pagecache.HEADER] == "miss"
    with django_assert_num_queries(1):
        second = client.get(path)
    assert second[pagecache.HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"]


def test_the_language_switch_works_from_a_kept_page(client):
    """The kept page's form carries no token of another visitor: posting it switches."""
    assert kept(client) == "miss"
    html = page(client)
    assert 'name="csrfmiddlewaretoken"' not in html
    strict = Client(enforce_csrf_checks=True)
    assert kept(strict) == "hit"
    answer = strict.post(reverse("set_language"), {"language": "en", "next": HOME})
    assert answer.status_code == 302
    assert '<html lang="en"' in page(strict)


def test_a_save_shows_at_once(client, goal):
    assert goal.name in page(client)
    assert kept(client) == "hit"
    goal.name = NEW_NAME
    goal.save()
    assert NEW_NAME in page(client)


def test_a_queryset_update_shows_at_once(client, goal):
    page(client)
    assert kept(client) == "hit"
    Goal.objects.filter(pk=goal.pk).update(name=NEW_NAME)
    assert NEW_NAME in page(client)


def test_a_bulk_insert_shows_at_once(client, goal):
    goals = Goal.objects.filter(programme=goal.programme).count()
    assert f"Die {apnumber(goals)} Leitziele" in page(client)
    Goal.objects.bulk_create(
        [Goal(programme=goal.programme, order=99, name=NEW_NAME, slug="beispielziel")]
    )
    html = page(client)
    assert NEW_NAME in html
    assert f"Die {apnumber(goals + 1)} Leitziele" in html


def test_raw_sql_and_a_delete_show_at_once(client, goal):
    page(client)
    with connection.cursor() as cursor:  # the German column of the translated name
        cursor.execute("UPDATE programme_goal SET name_de = %s WHERE id = %s", [NEW_NAME, goal.pk])
    assert NEW_NAME in page(client)
    Goal.objects.filter(pk=goal.pk).delete()
    assert NEW_NAME not in page(client)


def test_a_change_rolled_back_leaves_the_kept_page_valid(client, goal):
    old = page(client)

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        Goal.objects.filter(pk=goal.pk).update(name=NEW_NAME)
        raise Undo
    assert kept(client) == "hit"
    assert page(client) == old


def test_an_admin_save_shows_at_once(client, personas, goal):
    assert NEW_NAME not in page(client)
    staff = Client()
    staff.force_login(personas["geschaeftsstelle"])
    url = reverse("admin:programme_goal_change", args=[goal.pk])
    change_form_post(staff, url, {"name_de": NEW_NAME})
    assert NEW_NAME in page(client)


def test_an_import_shows_on_the_veedel_page_at_once(client, personas, settings, tmp_path):
    settings.VEEDEL_IMPORT_DIR = tmp_path
    kalk = CoordinationOffice.objects.get(slug="kalk")
    make_taxonomies()
    make_actor(name="Bürgerzentrum Kalk", office=kalk)
    before = page(client, KALK)
    assert "Das eine Angebot im Gebiet" not in before
    assert kept(client, KALK) == "hit"
    user = personas["koordination-kalk"]
    table = table_read(name="angebote.csv", content=csv_bytes([offer_row()]))
    check = imports.offers_check(table=table, office=kalk, by=user)
    assert check.ok
    imports.offers_import(check=check, office=kalk, by=user)
    assert "Das eine Angebot im Gebiet" in page(client, KALK)


def test_the_next_minute_renders_anew(client, monkeypatch):
    page(client)
    assert kept(client) == "hit"
    now = pagecache.time.time()
    monkeypatch.setattr(pagecache.time, "time", lambda: now + 60)
    assert kept(client) == "miss"


def test_each_language_has_its_own_page(client):
    assert '<html lang="de"' in page(client)
    english = Client()
    english.cookies["django_language"] = "en"
    assert '<html lang="en"' in page(english)
    assert kept(english) == "hit"
    assert '<html lang="de"' in page(client)
    assert kept(client) == "hit"


def test_a_signed_in_visitor_never_gets_the_kept_page(client, personas):
    page(client)
    assert kept(client) == "hit"
    staff = Client()
    staff.force_login(personas["koordination-kalk"])
    html = page(staff)
    assert "Abmelden (Kim Muster)" in html
    assert kept(staff) is None
    assert "Kim Muster" not in page(client)
    assert kept(client) == "hit"


def test_after_logging_out_the_kept_page_is_served_again(personas):
    visitor = Client()
    visitor.force_login(personas["koordination-kalk"])
    assert kept(visitor) is None
    visitor.post(reverse("accounts:logout"))
    assert kept(visitor) == "miss"
    assert "Kim Muster" not in page(visitor)


def test_a_page_with_a_query_is_rendered_each_time(client):
    assert kept(client, "/?jahr=2015") is None
    assert kept(client, "/?jahr=2015") is None


def test_a_visitor_with_pending_messages_is_never_served_a_kept_page(client):
    page(client)
    assert kept(client) == "hit"
    told = Client()
    told.cookies["messages"] = "pending"
    assert kept(told) is None


def test_a_programme_renamed_shows_everywhere_at_once(client):
    programme = Programme.objects.order_by("pk").first()
    for path in (HOME, KALK):
        page(client, path)
    programme.name = NEW_NAME
    programme.save()
    assert NEW_NAME in page(client, HOME)


def _redis(url: str, prefix: str) -> dict:
    from veedel.settings import cache_settings

    return {"default": {**cache_settings(url), "KEY_PREFIX": prefix}}


def test_several_app_servers_share_the_pages_in_redis(client, goal, settings):
    """Redis at 127.0.0.1:6379 (as on the CI machine), under a key prefix of this test only."""
    import uuid

    import redis

    prefix = f"veedel-test-{uuid.uuid4().hex}"
    settings.CACHES = _redis("redis://127.0.0.1:6379/0", prefix)
    try:
        assert kept(client) == "miss"
        other_server = Client()
        assert kept(other_server) == "hit"
        Goal.objects.filter(pk=goal.pk).update(name=NEW_NAME)
        assert NEW_NAME in page(other_server)
        assert kept(client) == "hit"
        assert NEW_NAME in page(client)
    finally:
        server = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        keys = list(server.scan_iter(f"{prefix}:*"))
        assert keys, "nothing was kept in Redis"
        server.delete(*keys)


def test_a_cache_server_away_still_gives_the_page(client, settings, caplog):
    settings.CACHES = _redis("redis://127.0.0.1:1/0", "veedel-test-away")
    response = client.get(HOME)
    assert response.status_code == 200
    assert pagecache.HEADER not in response
    assert "page cache unavailable" in caplog.text


def test_the_cache_setting_refuses_what_is_not_redis():
    from veedel.settings import cache_settings

    with pytest.raises(ValueError, match="VEEDEL_CACHE_URL must be a redis://"):
        cache_settings("memcached://127.0.0.1:11211")
    assert cache_settings("")["BACKEND"].endswith("LocMemCache")
