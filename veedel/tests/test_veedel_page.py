"""The Veedel page (/sozialraeume/<slug>/) for a resident first: how to reach the office, what
is going on, how to take part, then the map and the statistics; only public things, and a
fixed number of queries however much is going on."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veedel.areas.models import SocialSpace
from veedel.initiatives.tests.factories import make_initiative
from veedel.network.models import Meeting, Network, NetworkKind
from veedel.offers.tests.factories import POINTS, make_offer
from veedel.programme.models import CoordinationOffice

pytestmark = pytest.mark.django_db

URL = reverse("areas:social_space", args=["kalk"])


def text(response) -> str:
    assert response.status_code == 200
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def headings(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page)]


def soon(days: int, hour: int = 17) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def network(*, public=True, slug="ak-jugend-kalk", space="kalk"):
    return Network.objects.create(
        name=f"AK Jugend ({slug})",
        slug=slug,
        kind=NetworkKind.WORKING_GROUP,
        social_space=SocialSpace.objects.get(slug=space),
        office=CoordinationOffice.objects.get(slug="kalk"),
        is_public=public,
    )


@pytest.fixture
def going_on():
    make_offer(
        name="Deutschkurs für Erwachsene",
        topics=["bildung"],
        point=POINTS["kalk"],
        events=[("Infoabend Deutschkurs", soon(3))],
    )
    make_offer(name="Mietberatung", topics=["wohnen"], point=POINTS["kalk"])
    make_offer(
        name="Nicht veröffentlicht",
        point=POINTS["kalk"],
        is_published=False,
        events=[("Geheimer Termin", soon(4))],
    )
    make_offer(
        name="Angebot in Ehrenfeld",
        point=POINTS["ehrenfeld"],
        events=[("Termin in Ehrenfeld", soon(2))],
    )
    make_initiative(title="Spielplatz am Bürgerpark", published=True)
    make_initiative(title="Internes Vorhaben", published=False)
    # A network of the area's earlier outline still works in it (it shares the quarter).
    old = network(slug="stadtteilkonferenz-kalk", space="humboldt-gremberg-kalk-2006")
    Meeting.objects.create(network=old, start=soon(10), place="Bürgerhaus", is_public=True)
    Meeting.objects.create(network=old, start=soon(12), is_public=False)
    hidden = network(public=False, slug="runder-tisch-intern")
    Meeting.objects.create(network=hidden, start=soon(5), is_public=True)


def test_a_resident_reads_the_office_and_what_is_going_on_before_the_statistics(client, going_on):
    page = text(client.get(URL))
    order = headings(page)
    first = ["Ihre Sozialraumkoordination", "Was ist los", "Vorhaben im Gebiet"]
    assert order[: len(first)] == first, order
    for later in ("Öffentliche Sitzungen der Netzwerke", "Mitmachen"):
        assert order.index(later) < order.index("Kennzahlen im Vergleich zur Gesamtstadt")
    assert order.index("Das Gebiet") < order.index("Stadtteile")


def test_the_office_card_says_how_to_reach_it_and_marks_examples(client):
    page = text(client.get(URL))
    office = CoordinationOffice.objects.get(slug="kalk")
    assert office.street and office.phone and office.opening_hours and office.office_hours
    for fact in (office.street, office.phone, office.opening_hours, office.office_hours):
        assert fact in page
    assert "Adresse, Telefon und Zeiten sind Beispiele." in page
    point = client.get(reverse("programme:office_geojson", args=["kalk"])).json()
    assert point["features"][0]["geometry"]["coordinates"] == [office.longitude, office.latitude]
    assert 'data-geojson-url="/koordinationsstellen/kalk/ort.geojson"' in page


def test_only_public_things_of_this_area_are_shown(client, going_on):
    page = text(client.get(URL))
    assert "Infoabend Deutschkurs" in page
    assert "Spielplatz am Bürgerpark" in page
    assert "AK Jugend (stadtteilkonferenz-kalk)" in page
    for hidden in (
        "Geheimer Termin",
        "Termin in Ehrenfeld",
        "Internes Vorhaben",
        "runder-tisch-intern",
    ):
        assert hidden not in page, hidden
    # Offers by topic link to the directory, filtered; each count is what the link finds.
    links = re.findall(
        r'<a href="/angebote/\?sozialraum=kalk&thema=([^"]+)">[^<]+</a> \((\d+)\)', page
    )
    assert ("bildung", "1") in links and ("wohnen", "1") in links
    assert "Alle 2 Angebote im Gebiet" in page


def test_the_area_calendar_is_linked_and_holds_the_upcoming_event(client, going_on):
    page = text(client.get(URL))
    calendar = reverse("offers:events_ical_space", args=["kalk"])
    assert f'href="{calendar}"' in page
    feed = client.get(calendar).content.decode()
    assert "SUMMARY:Infoabend Deutschkurs" in feed
    assert "Geheimer Termin" not in feed


def test_the_page_explains_where_the_area_came_from_instead_of_a_bare_remark(client):
    page = text(client.get(URL))
    assert "geteilt" not in page
    assert "Bis 2019 gehörte dieses Gebiet zu „Humboldt-Gremberg/Kalk“." in page
    earlier = text(client.get(reverse("areas:social_space", args=["humboldt-gremberg-kalk-2006"])))
    assert "Seit 2020 gehört es zu „Humboldt/Gremberg“ und „Kalk“." in earlier


def _queries(client) -> int:
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_what_is_going_on(client, going_on):
    before = _queries(client)
    for index in range(12):
        make_offer(
            name=f"Treff {index}",
            topics=["soziales"],
            point=POINTS["kalk"],
            events=[(f"Treffen {index}", soon(1 + index))],
        )
        make_initiative(title=f"Vorhaben {index}", published=True)
        Meeting.objects.create(
            network=Network.objects.get(slug="stadtteilkonferenz-kalk"),
            start=soon(20 + index),
            is_public=True,
        )
    assert _queries(client) == before
