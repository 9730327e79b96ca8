"""The pages: list with filters, the initiative page for the public and for the office, the
forms (start, edit with a version conflict, steps, activities, outcome), timelines, exports."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from veedel.core.tests.pages import check_page, table_rows
from veedel.initiatives.models import Activity, Document, InitiativeStep, StepStatus
from veedel.initiatives.services import activity_log, initiative_update, step_add
from veedel.initiatives.tests.factories import (
    CHORWEILER,
    current_space,
    edition,
    make_initiative,
)
from veedel.network.models import Actor
from veedel.programme.models import Goal

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Intern: Hausmeister ist skeptisch"
SECRET_STEP_NOTE = "Schrittnotiz: Frau X fragen"
SECRET_RESPONSIBLE = "Verantwortlich Vertraulich"


def detail(initiative):
    return reverse("initiatives:detail", args=[initiative.pk])


@pytest.fixture
def full(personas):
    """A published Kalk initiative with everything internal filled in."""
    initiative = make_initiative(published=True, internal_notes=SECRET_NOTE)
    step = initiative.steps.order_by("order").first()
    InitiativeStep.objects.filter(pk=step.pk).update(
        notes=SECRET_STEP_NOTE, responsible=SECRET_RESPONSIBLE
    )
    activity_log(
        initiative=initiative,
        data={
            "date": datetime.date(2026, 3, 5),
            "kind": "event",
            "title": "Spielfest im Park",
            "participants_total": 40,
            "impact_step": 2,
        },
        participants={"children": 25},
        by=personas["koordination-kalk"],
    )
    Document.objects.create(
        initiative=initiative,
        title="Interner Vermerk",
        file="initiatives/x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=5,
    )
    Document.objects.create(
        initiative=initiative,
        title="Flyer zum Fest",
        file="initiatives/y.pdf",
        original_name="y.pdf",
        content_type="application/pdf",
        size=5,
        is_public=True,
    )
    internal_actor = Actor.objects.create(
        name="Geheimer Hausverein", kind="club", is_public=False, office=initiative.office
    )
    public_actor = Actor.objects.create(
        name="Bürgerverein Kalk", kind="club", office=initiative.office
    )
    initiative.actors.set([internal_actor, public_actor])
    return initiative


INTERNALS = [
    SECRET_NOTE,
    SECRET_STEP_NOTE,
    SECRET_RESPONSIBLE,
    "Spielfest im Park",
    "Interner Vermerk",
    "Geheimer Hausverein",
]


@pytest.mark.parametrize(
    "username", [None, "bewohnerin", "ratsmitglied", "koordination-chorweiler"]
)
def test_the_public_sees_the_public_fields_and_never_the_internal_ones(
    client, login, full, username
):
    if username:
        client = login(username)
    response = client.get(detail(full))
    check_page(response)
    html = response.content.decode()
    assert response.status_code == 200
    for public in (full.title, "Ein neuer Spielplatz", "Flyer zum Fest", "Bürgerverein Kalk"):
        assert public in html
    for secret in INTERNALS:
        assert secret not in html, secret
    assert reverse("initiatives:edit", args=[full.pk]) not in html


@pytest.mark.parametrize("username", ["koordination-kalk", "traeger", "geschaeftsstelle"])
def test_office_provider_and_programme_office_read_everything(login, full, username):
    html = login(username).get(detail(full)).content.decode()
    for secret in INTERNALS:
        assert secret in html, secret
    may_edit = reverse("initiatives:edit", args=[full.pk]) in html
    assert may_edit is (username == "koordination-kalk")


@pytest.mark.parametrize("username", [None, "bewohnerin", "koordination-chorweiler"])
def test_an_unpublished_initiative_is_not_found_for_others(client, login, username):
    initiative = make_initiative()
    if username:
        client = login(username)
    assert client.get(detail(initiative)).status_code == 404
    assert initiative.title not in client.get(reverse("initiatives:list")).content.decode()


def test_the_list_filters_in_the_url_and_warns_about_unknown_values(client, personas):
    kalk = make_initiative(title="Kalker Spielplatz", published=True)
    other = make_initiative(office_slug=CHORWEILER, title="Chorweiler Sprachcafé", published=True)
    goal = Goal.objects.order_by("order").first()
    kalk.goals.set([goal])
    other.goals.clear()
    url = reverse("initiatives:list")
    rows = table_rows(client.get(url).content.decode(), "initiatives")
    assert len(rows) == 2
    response = client.get(url, {"sozialraum": current_space().slug, "status": "running"})
    rows = table_rows(response.content.decode(), "initiatives")
    assert len(rows) == 1 and "Kalker Spielplatz" in rows[0]
    rows = table_rows(client.get(url, {"ziel": goal.slug}).content.decode(), "initiatives")
    assert len(rows) == 1 and "Kalker Spielplatz" in rows[0]
    response = client.get(url, {"stelle": CHORWEILER, "jahr": "2026"})
    assert "Chorweiler Sprachcafé" in response.content.decode()
    assert "Kalker Spielplatz" not in response.content.decode()
    response = client.get(url, {"jahr": "zwanzig", "status": "kaputt", "thema": "<b>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "zwanzig" in html and "kaputt" in html and "&lt;b&gt;" in html
    assert client.get(url, {"jahr": "2019"}).content.decode().count("<tr>") == 0


def test_the_list_csv_has_german_headers_a_bom_and_only_public_columns_for_the_public(
    client, login, full
):
    response = client.get(reverse("initiatives:list_csv"), {"sozialraum": full.social_space.slug})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Titel", "Kurzbeschreibung"]
    assert "Schritte" not in rows[0]
    assert rows[1][1] == full.title
    assert SECRET_NOTE not in body
    response = login("koordination-kalk").get(reverse("initiatives:list_csv"))
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    header = rows[0]
    row = next(r for r in rows if r[1] == full.title)
    assert row[header.index("Aktivitäten")] == "1"
    assert row[header.index("Schritte")] == str(full.steps.count())


def test_the_activities_csv_lists_counts_by_group_for_readers_only(client, login, full):
    url = reverse("initiatives:activities_csv", args=[full.pk])
    assert client.get(url).status_code == 404
    assert login("bewohnerin").get(url).status_code == 403
    response = login("traeger").get(url)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][0] == "Datum" and "davon Kinder" in rows[0]
    assert rows[1][0] == "05.03.2026"
    assert rows[1][rows[0].index("davon Kinder")] == "25"
    assert rows[1][rows[0].index("Teilnehmende gesamt")] == "40"


def test_a_coordinator_starts_an_initiative_from_a_process(login, personas):
    ed = edition()
    process = ed.key_processes.order_by("order").first()
    client = login("koordination-kalk")
    url = reverse("initiatives:start")
    page = client.get(url, {"prozess": process.pk})
    check_page(page)
    assert process.title in page.content.decode()
    space = current_space()
    response = client.post(
        url,
        {
            "office": page.context["form"]["office"].value(),
            "social_space": space.pk,
            "key_process": process.pk,
            "title": "Treffpunkt für Jugendliche",
            "start": "2026-04-01",
            "end": "2026-03-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end"]
    response = client.post(
        url,
        {
            "office": page.context["form"]["office"].value(),
            "social_space": space.pk,
            "key_process": process.pk,
            "title": "Treffpunkt für Jugendliche",
            "start": "2026-04-01",
        },
    )
    initiative = personas["koordination-kalk"].offices.first().initiatives.get()
    assert response.url == detail(initiative)
    assert initiative.steps.count() == process.steps.count()


def test_the_start_page_needs_a_login_and_a_coordinator(client, login):
    url = reverse("initiatives:start")
    assert client.get(url).status_code == 302
    assert login("bewohnerin").get(url).status_code == 403
    assert login("traeger").get(url).status_code == 403


def test_a_version_conflict_shows_the_other_change_and_keeps_the_input(login, personas):
    initiative = make_initiative()
    client = login("koordination-kalk-2")
    url = reverse("initiatives:edit", args=[initiative.pk])
    form = client.get(url).context["form"]
    assert form["version"].value() == 1
    # Meanwhile the colleague saves.
    initiative_update(
        initiative=initiative,
        data={"summary": "Geändert von der Kollegin"},
        version=1,
        by=personas["koordination-kalk"],
    )
    response = client.post(
        url,
        {
            "title": "Mein Titel",
            "summary": "Meine Beschreibung",
            "status": "running",
            "version": 1,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geändert von der Kollegin" in html  # the other change
    assert "Meine Beschreibung" in html  # the user's input is kept
    assert 'name="version" value="2"' in html  # saving again is possible now
    initiative.refresh_from_db()
    assert initiative.summary == "Geändert von der Kollegin"
    response = client.post(
        url,
        {"title": "Mein Titel", "summary": "Meine Beschreibung", "status": "running", "version": 2},
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.summary == "Meine Beschreibung"


def test_ticking_a_step_and_skipping_without_a_reason(login):
    initiative = make_initiative()
    step = initiative.steps.order_by("order").first()
    client = login("koordination-kalk")
    url = reverse("initiatives:step_edit", args=[initiative.pk, step.pk])
    response = client.post(url, {"quick": "1", "status": "done", "version": 1})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == StepStatus.DONE
    response = client.post(url, {"quick": "1", "status": "skipped", "version": 2})
    assert response.status_code == 200
    assert response.context["form"].errors["skip_reason"]
    # A stale quick tick is refused, not applied.
    response = client.post(url, {"quick": "1", "status": "open", "version": 1})
    assert response.status_code == 200
    step.refresh_from_db()
    assert step.status == StepStatus.DONE


@pytest.mark.parametrize("published", [True, False])
def test_a_step_of_another_offices_initiative_is_forbidden(login, published):
    initiative = make_initiative(published=published)
    step = initiative.steps.first()
    client = login("koordination-chorweiler")
    url = reverse("initiatives:step_edit", args=[initiative.pk, step.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"quick": "1", "status": "done", "version": 1}).status_code == 403
    for name in ("edit", "outcome", "activity_add", "document_add", "step_add"):
        assert client.get(reverse(f"initiatives:{name}", args=[initiative.pk])).status_code == 403
    step.refresh_from_db()
    assert step.status == StepStatus.OPEN


def test_logging_an_activity_refuses_bad_counts_with_the_reason(login):
    initiative = make_initiative()
    client = login("koordination-kalk")
    url = reverse("initiatives:activity_add", args=[initiative.pk])
    page = client.get(url)
    check_page(page)
    data = {
        "date": "2026-03-05",
        "kind": "event",
        "title": "Spielfest",
        "participants_total": "10",
        "hours": "2.5",
        "group_children": "8",
        "group_families": "5",
    }
    response = client.post(url, data)
    assert "13" in str(response.context["form"].errors["participants_total"])
    response = client.post(url, {**data, "group_children": "-2", "group_families": ""})
    assert response.context["form"].errors["group_children"]
    response = client.post(url, {**data, "participants_total": "-1"})
    assert response.context["form"].errors["participants_total"]
    assert not Activity.objects.exists()
    response = client.post(url, {**data, "group_families": "2", "impact_step": "3"})
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.hours == 2.5
    assert activity.participants.get(target_group="children").count == 8


def test_the_outcome_form_shows_the_seven_steps_with_their_meaning(login):
    initiative = make_initiative()
    client = login("koordination-kalk")
    url = reverse("initiatives:outcome", args=[initiative.pk])
    page = client.get(url)
    check_page(page)
    html = page.content.decode()
    for n in range(1, 8):
        assert f'id="outcome-step-{n}"' in html
    assert "Society changes" in html or "Gesellschaft" in html
    response = client.post(url, {"outcome_step": "5", "outcome_evidence": "", "version": 1})
    assert response.context["form"].errors["outcome_evidence"]
    response = client.post(
        url, {"outcome_step": "5", "outcome_evidence": "Die Eltern engagieren sich.", "version": 1}
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.outcome_step == 5


def test_timelines_per_initiative_and_per_social_space(client, login, full, personas):
    step_add(
        initiative=full,
        title="Bauantrag stellen",
        due=datetime.date(2026, 6, 1),
        by=personas["koordination-kalk"],
    )
    url = reverse("initiatives:timeline", args=[full.pk])
    assert client.get(url).status_code == 404
    html = login("koordination-kalk").get(url).content.decode()
    assert html.index("Bauantrag stellen") < html.index("Spielfest im Park")  # newest first
    space_url = reverse("initiatives:space", args=[full.social_space.slug])
    client.logout()
    public = client.get(space_url)
    check_page(public)
    assert full.title in public.content.decode()
    assert "Spielfest im Park" not in public.content.decode()
    assert "Spielfest im Park" in login("traeger").get(space_url).content.decode()


def test_the_detail_page_needs_the_same_number_of_queries_for_more_items(
    login, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    initiative = make_initiative()
    client = login("koordination-kalk")
    by = personas["koordination-kalk"]
    goals = list(Goal.objects.all()[:2])

    def grow(n):
        for i in range(n):
            step_add(initiative=initiative, title=f"Schritt {i}", by=by)
            activity = activity_log(
                initiative=initiative,
                data={
                    "date": datetime.date(2026, 3, 1 + i),
                    "kind": "event",
                    "title": f"A{i}",
                    "participants_total": 5,
                },
                participants={"children": 2, "seniors": 1},
                goals=goals,
                by=by,
            )
            Document.objects.create(
                initiative=initiative,
                title=f"D{i}",
                file=f"x{i}.pdf",
                original_name="x.pdf",
                content_type="application/pdf",
                size=1,
            )
            initiative.actors.add(
                Actor.objects.create(name=f"Akteur {i}", kind="club", office=initiative.office)
            )
            assert activity

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail(initiative)).status_code == 200
        return len(queries)

    grow(1)
    client.get(detail(initiative))
    small = count()
    grow(6)
    assert count() == small


@pytest.mark.parametrize(
    "name",
    ["list", "detail", "edit", "outcome", "timeline", "step_add", "activity_add", "document_add"],
)
def test_every_page_keeps_to_the_security_policy_and_the_accessibility_audit(login, full, name):
    client = login("koordination-kalk")
    url = reverse(f"initiatives:{name}", args=[] if name == "list" else [full.pk])
    response = client.get(url)
    assert response.status_code == 200
    check_page(response)
    step = full.steps.first()
    check_page(client.get(reverse("initiatives:step_edit", args=[full.pk, step.pk])))
    activity = full.activities.first()
    check_page(client.get(reverse("initiatives:activity_edit", args=[full.pk, activity.pk])))


def test_the_list_and_its_csv_need_the_same_number_of_queries_for_more_initiatives(login):
    client = login("traeger")
    goals = list(Goal.objects.all()[:3])

    def grow(n):
        for i in range(n):
            make_initiative(title=f"Vorhaben {i}", published=i % 2 == 0).goals.set(goals)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        return len(queries)

    urls = [reverse("initiatives:list"), reverse("initiatives:list_csv")]
    grow(2)
    for url in urls:
        count(url)
    small = [count(url) for url in urls]
    grow(6)
    assert [count(url) for url in urls] == small


def test_unpublished_initiatives_stay_out_of_the_public_csv_and_space_page(client):
    make_initiative(title="Geheimes Vorhaben")
    make_initiative(title="Offenes Vorhaben", published=True)
    body = b"".join(client.get(reverse("initiatives:list_csv")).streaming_content).decode()
    assert "Offenes Vorhaben" in body and "Geheimes Vorhaben" not in body
    html = client.get(reverse("initiatives:space", args=[current_space().slug])).content.decode()
    assert "Offenes Vorhaben" in html and "Geheimes Vorhaben" not in html


def test_a_step_conflict_on_the_full_form_shows_the_other_change(login, personas):
    initiative = make_initiative()
    step = initiative.steps.order_by("order").first()
    step.initiative = initiative
    from veedel.initiatives.services import step_update

    step_update(
        step=step,
        data={"notes": "Notiz der Kollegin"},
        version=1,
        by=personas["koordination-kalk"],
    )
    client = login("koordination-kalk-2")
    url = reverse("initiatives:step_edit", args=[initiative.pk, step.pk])
    response = client.post(
        url, {"title": step.title, "status": "in_progress", "notes": "Meine Notiz", "version": 1}
    )
    html = response.content.decode()
    assert "Notiz der Kollegin" in html and "Meine Notiz" in html
    step.refresh_from_db()
    assert step.notes == "Notiz der Kollegin" and step.status == "open"


def test_hours_take_a_decimal_comma_in_german(client, login):
    initiative = make_initiative()
    client = login("koordination-kalk")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    response = client.post(
        reverse("initiatives:activity_add", args=[initiative.pk]),
        {
            "date": "05.03.2026",
            "kind": "event",
            "title": "Fest",
            "participants_total": "3",
            "hours": "1,5",
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get().hours == 1.5
