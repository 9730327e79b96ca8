"""The calendar feed of a network: public meetings for everybody, all meetings with the
network's secret token, nothing of a non-public network without it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from veedel.areas.models import SocialSpace
from veedel.network.models import Meeting, Network, NetworkKind
from veedel.programme.models import CoordinationOffice

pytestmark = pytest.mark.django_db


def make_network(*, public=True):
    return Network.objects.create(
        name="AK Jugend Kalk",
        slug="ak-jugend-kalk",
        kind=NetworkKind.WORKING_GROUP,
        social_space=SocialSpace.objects.get(slug="kalk"),
        office=CoordinationOffice.objects.get(slug="kalk"),
        is_public=public,
    )


def make_meetings(network):
    start = timezone.make_aware(datetime.datetime(2025, 3, 24, 18, 0))
    public = Meeting.objects.create(
        network=network,
        start=start,
        end=start + datetime.timedelta(hours=2),
        place="Bürgerhaus Kalk",
        agenda="Begrüßung\nFerienprogramm",
        is_public=True,
    )
    internal = Meeting.objects.create(
        network=network,
        start=start + datetime.timedelta(days=30),
        place="Büro der Koordination",
        agenda="Personalfragen",
        is_public=False,
    )
    return public, internal


def feed(client, network, **params):
    return client.get(reverse("network:network_ical", args=[network.slug]), params)


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert "Veedel" in str(calendar["PRODID"])
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_public_feed_lists_the_public_meetings_of_a_public_network(client):
    network = make_network()
    public, internal = make_meetings(network)
    found = events(feed(client, network))
    assert set(found) == {f"meeting-{public.pk}@veedel"}
    event = found[f"meeting-{public.pk}@veedel"]
    assert event.decoded("DTSTART") == public.start
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert event["DTSTART"].to_ical().endswith(b"Z")
    assert event.decoded("DTEND") == public.end
    assert "AK Jugend Kalk" in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == "Bürgerhaus Kalk"
    assert str(event["DESCRIPTION"]) == "Begrüßung\nFerienprogramm"
    assert str(event["URL"]) == "http://testserver" + public.get_absolute_url()
    assert "Personalfragen" not in response_text(feed(client, network))


def response_text(response):
    return response.content.decode()


def test_a_valid_token_lists_all_meetings(client):
    network = make_network()
    public, internal = make_meetings(network)
    response = feed(client, network, token=network.calendar_token)
    found = events(response)
    assert set(found) == {f"meeting-{public.pk}@veedel", f"meeting-{internal.pk}@veedel"}
    event = found[f"meeting-{internal.pk}@veedel"]
    # Without a recorded end the meeting is shown as two hours long.
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=2)
    assert str(event["CLASS"]) == "CONFIDENTIAL"
    assert "no-store" in response["Cache-Control"]


def test_the_uids_stay_the_same_when_a_meeting_changes(client):
    network = make_network()
    public, _ = make_meetings(network)
    before = set(events(feed(client, network)))
    public.place = "Anderswo"
    public.save()
    assert set(events(feed(client, network))) == before


def test_a_non_public_network_with_a_token_lists_everything(client):
    network = make_network(public=False)
    make_meetings(network)
    assert len(events(feed(client, network, token=network.calendar_token))) == 2


@pytest.mark.parametrize(
    "token",
    ["falsch", "", "x" * 5000, "' OR 1=1 --", "ü€\u202e", "\x00", "token\nX-Header: 1"],
)
@pytest.mark.parametrize("public", [True, False])
def test_a_wrong_token_is_not_found(client, token, public):
    network = make_network(public=public)
    make_meetings(network)
    response = feed(client, network, token=token)
    assert response.status_code == 404
    assert b"Personalfragen" not in response.content


def test_the_token_of_another_network_does_not_open_this_one(client):
    network = make_network(public=False)
    make_meetings(network)
    other = Network.objects.create(
        name="Anderes Netz",
        slug="anderes-netz",
        kind=NetworkKind.WORKING_GROUP,
        social_space=network.social_space,
        office=network.office,
    )
    assert feed(client, network, token=other.calendar_token).status_code == 404


def test_a_non_public_network_without_a_token_is_not_found(client, login):
    network = make_network(public=False)
    make_meetings(network)
    assert feed(client, network).status_code == 404
    # The feed is for calendar programs: a login does not replace the token.
    login("koordination-kalk")
    assert feed(client, network).status_code == 404


def test_an_unknown_network_is_not_found(client):
    response = client.get(reverse("network:network_ical", args=["gibt-es-nicht"]))
    assert response.status_code == 404


def test_the_office_renews_the_calendar_address_and_the_old_one_stops_working(client, login):
    network = make_network()
    make_meetings(network)
    old = network.calendar_token
    url = reverse("network:network_renew_token", args=[network.slug])
    assert login("koordination-chorweiler").post(url).status_code == 403
    assert client.get(url).status_code == 405
    coordinator = login("koordination-kalk")
    page = coordinator.get(reverse("network:network", args=[network.slug])).text
    assert url in page
    response = coordinator.post(url)
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.calendar_token != old
    assert feed(client, network, token=old).status_code == 404
    assert len(events(feed(client, network, token=network.calendar_token))) == 2
    assert network.calendar_token in coordinator.get(response.url).text
