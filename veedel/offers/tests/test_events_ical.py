"""Upcoming events of offers, per area, and their iCalendar feeds per area and per topic."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from veedel.offers import views
from veedel.offers.models import Event, TaxonomyTerm
from veedel.offers.tests.factories import POINTS, make_offer, make_taxonomies

pytestmark = pytest.mark.django_db

CET = datetime.timezone(datetime.timedelta(hours=1))
NOW = datetime.datetime(2024, 3, 4, 12, 0, tzinfo=CET)  # a Monday noon
DAY = datetime.timedelta(days=1)
EVENTS = reverse("offers:events")


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch):
    monkeypatch.setattr(views, "current_time", lambda: NOW)


@pytest.fixture
def calendar():
    make_taxonomies()
    kalk = make_offer(
        name="Familienzentrum Kalk",
        topics=["kinder-jugend-familie"],
        point=POINTS["kalk"],
        events=[
            ("Elternabend", NOW + DAY, NOW + DAY + datetime.timedelta(hours=2)),
            ("Sommerfest", NOW + 10 * DAY),
            ("Frühstück vor einem Monat", NOW - 30 * DAY, NOW - 30 * DAY + DAY / 8),
            ("Basar vor einem Jahr", NOW - 365 * DAY),
            ("Heute früh ohne Ende", NOW - datetime.timedelta(hours=3)),
            ("Heute früh beendet", NOW - datetime.timedelta(hours=3), NOW - DAY / 12),
        ],
    )
    chorweiler = make_offer(
        name="Bürgertreff Chorweiler",
        topics=["gemeinwesen-politik"],
        point=POINTS["chorweiler"],
        events=[("Bürgerversammlung", NOW + 2 * DAY)],
    )
    # An event without a place of its own counts where its offer is.
    placeless = make_offer(name="Lesepaten", topics=["bildung"], point=POINTS["kalk"])
    Event.objects.create(offer=placeless, title="Vorlesetag", start=NOW + 3 * DAY)
    hidden = dict(topics=["kinder-jugend-familie"], point=POINTS["kalk"])
    make_offer(
        name="Geheim 1", is_published=False, events=[("Geheimtreffen 1", NOW + DAY)], **hidden
    )
    make_offer(name="Geheim 2", status="defunct", events=[("Geheimtreffen 2", NOW + DAY)], **hidden)
    make_offer(
        name="Geheim 3", actor_public=False, events=[("Geheimtreffen 3", NOW + DAY)], **hidden
    )
    return {"kalk": kalk, "chorweiler": chorweiler, "placeless": placeless}


def titles(response):
    assert response.status_code == 200
    return re.findall(r"</strong>\s*([^<]+?) –\s*<a", response.text)


def feed(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    parsed = Calendar.from_ical(response.content)
    return parsed, [c for c in parsed.walk("VEVENT")]


def test_upcoming_events_in_order_without_past_or_hidden_ones(client, calendar):
    response = client.get(EVENTS)
    assert titles(response) == [
        "Heute früh ohne Ende",
        "Elternabend",
        "Bürgerversammlung",
        "Vorlesetag",
        "Sommerfest",
    ]
    assert "Geheim" not in response.text
    assert "Familienzentrum Kalk" in response.text


def test_events_of_one_area(client, calendar):
    response = client.get(EVENTS, {"sozialraum": "kalk"})
    assert titles(response) == ["Heute früh ohne Ende", "Elternabend", "Vorlesetag", "Sommerfest"]
    response = client.get(EVENTS, {"sozialraum": "blumenberg-chorweiler-seeberg-nord"})
    assert titles(response) == ["Bürgerversammlung"]
    assert f'href="{reverse("offers:events_ical_space", args=["kalk"])}"' in response.text


@pytest.mark.parametrize(
    ("params", "shown"), [({"sozialraum": "atlantis"}, "atlantis"), ({"seite": "x"}, "x")]
)
def test_bad_values_on_the_events_page_get_a_message(client, calendar, params, shown):
    response = client.get(EVENTS, params)
    assert response.status_code == 200
    (warning,) = re.findall(r'<p class="message message-warning">(.*?)</p>', response.text, re.S)
    assert f"„{shown}“" in html.unescape(warning)
    assert len(titles(response)) == 5


def test_a_page_past_the_end_of_the_events(client, calendar):
    response = client.get(EVENTS, {"seite": "7"})
    assert response.status_code == 200
    (warning,) = re.findall(r'<p class="message message-warning">(.*?)</p>', response.text, re.S)
    assert "7" in warning
    assert len(titles(response)) == 5


def test_area_feed(client, calendar):
    response = client.get(reverse("offers:events_ical_space", args=["kalk"]))
    parsed, events = feed(response)
    summaries = [str(e["SUMMARY"]) for e in events]
    # Upcoming and the last 90 days; not a year ago; not other areas; nothing hidden.
    assert sorted(summaries) == sorted(
        [
            "Elternabend",
            "Sommerfest",
            "Frühstück vor einem Monat",
            "Heute früh ohne Ende",
            "Heute früh beendet",
            "Vorlesetag",
        ]
    )
    assert "Kalk" in str(parsed["X-WR-CALNAME"])
    evening = next(e for e in events if str(e["SUMMARY"]) == "Elternabend")
    assert evening.decoded("DTSTART") == NOW + DAY
    assert evening.decoded("DTEND") == NOW + DAY + datetime.timedelta(hours=2)
    assert "Kalker Hauptstraße 100" in str(evening["LOCATION"])
    assert str(evening["URL"]) == "http://testserver" + calendar["kalk"].get_absolute_url()
    assert str(evening["UID"]).endswith("@veedel")
    reading = next(e for e in events if str(e["SUMMARY"]) == "Vorlesetag")
    assert "Kalker Hauptstraße 100" in str(reading["LOCATION"])


def test_topic_feed_by_topic_slug_or_term_code(client, calendar):
    _, events = feed(client.get(reverse("offers:events_ical_topic", args=["gemeinwesen-politik"])))
    assert [str(e["SUMMARY"]) for e in events] == ["Bürgerversammlung"]
    term = TaxonomyTerm.objects.get(taxonomy__slug="themenfelder", code="bildung")
    term.code = "lernen"
    term.save()
    for slug in ("bildung", "lernen"):
        _, events = feed(client.get(reverse("offers:events_ical_topic", args=[slug])))
        assert [str(e["SUMMARY"]) for e in events] == ["Vorlesetag"]


def test_hidden_offers_are_in_no_feed(client, calendar):
    for url in (
        reverse("offers:events_ical_space", args=["kalk"]),
        reverse("offers:events_ical_topic", args=["kinder-jugend-familie"]),
    ):
        assert b"Geheim" not in client.get(url).content


@pytest.mark.parametrize(
    "url",
    [
        reverse("offers:events_ical_space", args=["atlantis"]),
        reverse("offers:events_ical_topic", args=["quatsch"]),
    ],
)
def test_unknown_area_or_topic_feed_is_404(client, calendar, url):
    assert client.get(url).status_code == 404


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_events_and_feeds_need_a_fixed_number_of_queries(client, calendar):
    urls = [
        EVENTS,
        EVENTS + "?sozialraum=kalk",
        reverse("offers:events_ical_space", args=["kalk"]),
        reverse("offers:events_ical_topic", args=["kinder-jugend-familie"]),
    ]
    before = [_queries(client, url) for url in urls]
    for index in range(15):
        offer = make_offer(
            name=f"Treff {index}",
            topics=["kinder-jugend-familie"],
            point=POINTS["kalk"],
            events=[(f"Termin {index}", NOW + index * DAY)],
        )
        Event.objects.create(offer=offer, title="ohne Ort", start=NOW + DAY)
    assert [_queries(client, url) for url in urls] == before


@pytest.mark.parametrize(
    "url",
    [
        reverse("offers:events_ical_space", args=["kalk"]),
        reverse("offers:events_ical_topic", args=["bildung"]),
    ],
)
def test_a_feed_given_a_parameter_answers_400_naming_it(client, calendar, url):
    """A feed takes no parameters; a calendar app shows no message, so it is told by a 400."""
    response = client.get(url, {"von": "2024-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "von: Unknown parameter."
