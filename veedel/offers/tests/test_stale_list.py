"""The staff list of offers with their last check: coordinators see their offices' offers,
the programme office all; out-of-date ones come first and carry a badge."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veedel.offers.tests.factories import make_offer
from veedel.programme.models import CoordinationOffice

pytestmark = pytest.mark.django_db

CHORWEILER = "blumenberg-chorweiler-seeberg-nord"


def _ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def offers():
    kalk = CoordinationOffice.objects.get(slug="kalk")
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER)
    return {
        "stale": make_offer(name="Sprachcafé Kalk", office=kalk, assured_date=_ago(200)),
        "fresh": make_offer(name="Lesepaten Kalk", office=kalk, assured_date=_ago(20)),
        "never": make_offer(name="Nähstube Kalk", office=kalk, assured_date=None),
        "hidden": make_offer(
            name="Internes Angebot Kalk", office=kalk, assured_date=_ago(20), is_published=False
        ),
        "defunct": make_offer(
            name="Eingestellt Kalk", office=kalk, assured_date=_ago(500), status="defunct"
        ),
        "other": make_offer(
            name="Boxtraining Chorweiler", office=chorweiler, assured_date=_ago(300)
        ),
    }


def url(**params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("offers:stale_offers") + (f"?{query}" if query else "")


def _row(html, name):
    """The table row (<tr>…</tr>) naming the offer."""
    for row in re.findall(r"<tr>.*?</tr>", html, flags=re.S):
        if name in row:
            return row
    return None


def test_anonymous_visitors_are_sent_to_log_in(client, offers):
    response = client.get(url())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("username", ["bewohnerin", "ratsmitglied", "traeger"])
def test_others_may_not_see_it(login, offers, username):
    assert login(username).get(url()).status_code == 403


def test_coordinator_sees_the_offers_of_their_office_with_badges(login, offers):
    response = login("koordination-kalk").get(url())
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Sprachcafé Kalk", "Lesepaten Kalk", "Nähstube Kalk", "Internes Angebot Kalk"):
        assert name in html
    assert "Boxtraining Chorweiler" not in html
    assert "Eingestellt Kalk" not in html

    assert 'class="badge"' in _row(html, "Sprachcafé Kalk")
    assert 'class="badge"' in _row(html, "Nähstube Kalk")
    assert 'class="badge"' not in _row(html, "Lesepaten Kalk")
    assert offers["stale"].assured_date.strftime("%d.%m.%Y") in _row(html, "Sprachcafé Kalk")

    names = [row["offer"].name for row in response.context["rows"]]
    assert names[:2] == ["Nähstube Kalk", "Sprachcafé Kalk"], "out of date first"
    assert {row["offer"].name: row["stale"] for row in response.context["rows"]} == {
        "Nähstube Kalk": True,
        "Sprachcafé Kalk": True,
        "Lesepaten Kalk": False,
        "Internes Angebot Kalk": False,
    }
    assert response.context["counts"] == {"total": 4, "stale": 2}


def test_other_coordinator_sees_only_their_own(login, offers):
    html = login("koordination-chorweiler").get(url()).content.decode()
    assert "Boxtraining Chorweiler" in html
    assert "Sprachcafé Kalk" not in html and "Internes Angebot Kalk" not in html


def test_programme_office_sees_every_office(login, offers):
    response = login("geschaeftsstelle").get(url())
    html = response.content.decode()
    assert "Boxtraining Chorweiler" in html and "Sprachcafé Kalk" in html
    assert "Sozialraumkoordination Kalk" in _row(html, "Sprachcafé Kalk")


def test_only_the_stale_ones(login, offers):
    response = login("koordination-kalk").get(url(nur="veraltet"))
    names = {row["offer"].name for row in response.context["rows"]}
    assert names == {"Sprachcafé Kalk", "Nähstube Kalk"}


@pytest.mark.parametrize(
    ("params", "shown"),
    [({"nur": "quatsch"}, "quatsch"), ({"seite": "abc"}, "abc"), ({"seite": "99"}, "99")],
)
def test_bad_query_values_give_a_message_not_an_error(login, offers, params, shown):
    response = login("koordination-kalk").get(url(**params))
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    (warning,) = re.findall(r'<p class="message message-warning">(.*?)</p>', text, re.S)
    assert f"„{shown}“" in warning
    assert "Sprachcafé Kalk" in text


def test_pages_of_fifty(login):
    kalk = CoordinationOffice.objects.get(slug="kalk")
    for number in range(55):
        make_offer(name=f"Angebot {number:02d}", office=kalk, assured_date=_ago(10), reindex=False)
    client = login("koordination-kalk")
    first = client.get(url())
    assert len(first.context["rows"]) == 50
    assert 'rel="next"' in first.content.decode()
    second = client.get(url(seite=2))
    assert len(second.context["rows"]) == 5


def test_number_of_queries_does_not_grow_with_the_offers(login, offers):
    client = login("geschaeftsstelle")
    client.get(url())  # warm up sessions and caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url()).status_code == 200
    kalk = CoordinationOffice.objects.get(slug="kalk")
    for number in range(12):
        make_offer(name=f"Mehr {number}", office=kalk, assured_date=_ago(number * 40))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url())
    assert len(response.context["rows"]) == 17
    assert len(many) == len(few)
