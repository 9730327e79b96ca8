"""The page of one offer: everything a resident needs to go there, nothing that is not public."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from veedel.network.models import Contact
from veedel.offers import views
from veedel.offers.models import Phone, Schedule
from veedel.offers.tests.factories import POINTS, make_location, make_offer
from veedel.offers.tests.test_directory import warnings_shown

pytestmark = pytest.mark.django_db

CET = datetime.timezone(datetime.timedelta(hours=1))
MONDAY_10AM = datetime.datetime(2024, 3, 4, 10, 0, tzinfo=CET)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch):
    monkeypatch.setattr(views, "current_time", lambda: MONDAY_10AM)


@pytest.fixture
def offer():
    offer = make_offer(
        name="Sprachcafé Kalk",
        alternate_name="Café der Sprachen",
        description="Deutsch üben in entspannter Runde.",
        organization_name="Bürgerzentrum Kalk (Beispiel)",
        topics=["bildung"],
        target_groups=["gefluechtete"],
        languages=["de", "ar"],
        minimum_age=16,
        point=POINTS["kalk"],
        location_barrier_free=True,
        schedules=[
            ("MO", "09:00", "12:00"),
            ("MO", "14:00", "16:00"),
            ("TH", "17:00", "19:00", datetime.date(2024, 4, 1)),
            ("FR", "10:00", "11:00", None, datetime.date(2024, 1, 31)),  # expired
        ],
        events=[
            ("Sommerfest", MONDAY_10AM + 3 * DAY),
            ("Letztes Treffen", MONDAY_10AM - 3 * DAY),
        ],
        phones=["0221 987654"],
        is_free=True,
        is_barrier_free=True,
        accessibility_description="Rampe am Seiteneingang.",
        application_process="Einfach vorbeikommen.",
        eligibility_description="Für alle, die Deutsch lernen.",
        assured_date=datetime.date(2024, 2, 1),
        is_example=True,
        email="sprachcafe@example.org",
    )
    Contact.objects.create(
        actor=offer.organization,
        office=offer.office,
        name="Hildegard Quasthoff",
        phone="0221 111111",
        purpose="Einladungen",
        legal_basis="consent",
    )
    return offer


def hours_row(text, day):
    match = re.search(rf"<th scope=\"row\">{day}.*?</th>\s*<td>(.*?)</td>", text, re.S)
    assert match, day
    return re.sub(r"<[^>]+>", " ", match.group(1))


def test_the_page_shows_what_a_visitor_needs(client, offer):
    response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    for expected in (
        "Sprachcafé Kalk",
        "Café der Sprachen",
        "Deutsch üben in entspannter Runde.",
        "Bürgerzentrum Kalk (Beispiel)",
        "Kalker Hauptstraße 100",
        "51103 Köln",
        "Rampe am Seiteneingang.",
        "Einfach vorbeikommen.",
        "Für alle, die Deutsch lernen.",
        "0221 987654",
        "sprachcafe@example.org",
        "Sommerfest",
        "01.02.2024",  # last checked
        'class="badge"',  # example data
    ):
        assert expected in text, expected
    assert "Letztes Treffen" not in text  # past
    assert re.search(r"Arabisch|Arabic", text)
    assert re.search(r"ab 16 Jahren|from 16 years", text)
    # Quarter and social space are links to their pages.
    assert 'href="/stadtteile/802/"' in text
    assert 'href="/sozialraeume/kalk/"' in text


def test_opening_hours_table_per_weekday(client, offer):
    text = client.get(offer.get_absolute_url()).text
    monday = hours_row(text, "(?:Montag|Monday)")
    assert "09:00–12:00" in monday and "14:00–16:00" in monday
    assert monday.index("09:00") < monday.index("14:00")
    assert "17:00–19:00" in hours_row(text, "(?:Donnerstag|Thursday)")
    assert "01.04.2024" in hours_row(text, "(?:Donnerstag|Thursday)")  # valid from
    assert "10:00" not in hours_row(text, "(?:Freitag|Friday)")  # expired schedule
    assert re.search(r"geschlossen|closed", hours_row(text, "(?:Sonntag|Sunday)"))
    assert 'class="tag tag-open"' in text  # Monday 10:00


def test_contact_persons_never_appear(client, offer):
    text = client.get(offer.get_absolute_url()).text
    assert "Quasthoff" not in text
    assert "0221 111111" not in text


def test_no_address_no_hours_no_events(client):
    offer = make_offer(name="Telefonberatung", point=None, schedules=[])
    text = client.get(offer.get_absolute_url()).text
    assert re.search(r"keine Adresse angegeben|No address is listed", text)
    assert re.search(r"Keine regelmäßigen|No regular opening hours", text)


def test_phones_of_the_locations_are_shown_too(client, offer):
    location = offer.at_locations.get().location
    Phone.objects.create(location=location, number="0221 555000")
    assert "0221 555000" in client.get(offer.get_absolute_url()).text


def test_a_closed_offer_says_so(client, offer):
    offer.status = "temporarily closed"
    offer.save()
    text = client.get(offer.get_absolute_url()).text
    assert re.search(r"vorübergehend geschlossen|temporarily closed", text)
    assert 'class="tag tag-open"' not in text


def test_the_page_needs_a_fixed_number_of_queries(client, offer):
    url = offer.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for index in range(10):
        location = make_location(point=POINTS["muelheim"], address=f"Wallstraße {index}")
        at = offer.at_locations.create(location=location)
        Schedule.objects.create(
            offer=offer,
            service_at_location=at,
            byday="WE",
            opens_at=datetime.time(9),
            closes_at=datetime.time(10),
        )
        Phone.objects.create(location=location, number=f"0221 {index}")
        offer.events.create(title=f"Termin {index}", start=MONDAY_10AM + index * DAY)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert "Wallstraße 9" in response.text
    assert len(after) == len(before)


def test_a_parameter_in_the_address_is_named_and_ignored(client, offer):
    response = client.get(offer.get_absolute_url(), {"ansicht": "druck"})
    assert response.status_code == 200
    assert warnings_shown(response) == [
        "Die Adresse enthält „ansicht“, das diese Seite nicht kennt; es wurde ignoriert."
    ]
    assert "<h1>Sprachcafé Kalk <small>Café der Sprachen</small></h1>" in response.text
