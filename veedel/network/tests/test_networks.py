"""Networks: the list with its filters, the network page, creating and editing a network,
and managing its members – each as the roles see it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veedel.areas.models import SocialSpace
from veedel.core.tests.pages import check_page
from veedel.network.models import (
    Actor,
    ActorKind,
    Meeting,
    MemberRole,
    Network,
    NetworkKind,
    NetworkMembership,
)
from veedel.network.services_networks import network_create
from veedel.programme.models import CoordinationOffice, Topic

pytestmark = pytest.mark.django_db

LIST = reverse("network:networks")
CHORWEILER = "blumenberg-chorweiler-seeberg-nord"


def office(slug="kalk"):
    return CoordinationOffice.objects.get(slug=slug)


def space(slug="kalk"):
    return SocialSpace.objects.get(slug=slug)


def make_actor(name, *, public=True, office_slug="kalk"):
    return Actor.objects.create(
        name=name, kind=ActorKind.CLUB, is_public=public, office=office(office_slug)
    )


def make_network(name, *, slug=None, office_slug="kalk", public=True, kind=None, members=()):
    network = Network.objects.create(
        name=name,
        slug=slug or name.lower().replace(" ", "-"),
        kind=kind or NetworkKind.WORKING_GROUP,
        social_space=space(office_slug),
        office=office(office_slug),
        is_public=public,
    )
    for actor in members:
        NetworkMembership.objects.create(network=network, actor=actor)
    return network


def names_in(response):
    return response.content.decode()


# --- list ---------------------------------------------------------------------------------


def test_the_public_sees_public_networks_only(client):
    make_network("AK Jugend Kalk")
    make_network("Interner Runder Tisch", public=False)
    page = names_in(client.get(LIST))
    assert "AK Jugend Kalk" in page
    assert "Interner Runder Tisch" not in page


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("koordination-kalk", True),
        ("koordination-kalk-2", True),
        ("traeger", True),
        ("geschaeftsstelle", True),
        ("admin", True),
        ("koordination-chorweiler", False),
        ("bewohnerin", False),
        ("ratsmitglied", False),
    ],
)
def test_a_non_public_network_is_listed_for_its_office_provider_and_programme_office(
    client, login, username, sees
):
    make_network("Interner Runder Tisch", public=False)
    login(username)
    assert ("Interner Runder Tisch" in names_in(client.get(LIST))) is sees


def test_filters_by_social_space_kind_and_topic(client):
    sport = Topic.objects.get(slug="sport")
    a = make_network("Sportnetz Kalk", kind=NetworkKind.ROUND_TABLE)
    a.topics.add(sport)
    make_network("Stadtteilkonferenz Kalk", kind=NetworkKind.DISTRICT_CONFERENCE)
    make_network("AK Chorweiler", office_slug=CHORWEILER)

    by_space = names_in(client.get(LIST, {"sozialraum": CHORWEILER}))
    assert "AK Chorweiler" in by_space and "Sportnetz Kalk" not in by_space

    by_kind = names_in(client.get(LIST, {"art": "runder_tisch"}))
    assert "Sportnetz Kalk" in by_kind and "Stadtteilkonferenz Kalk" not in by_kind

    by_topic = names_in(client.get(LIST, {"thema": "sport"}))
    assert "Sportnetz Kalk" in by_topic and "AK Chorweiler" not in by_topic

    both = names_in(client.get(LIST, {"sozialraum": "kalk", "art": "stadtteilkonferenz"}))
    assert "Stadtteilkonferenz Kalk" in both and "Sportnetz Kalk" not in both


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ({"art": "stammtisch"}, "stammtisch"),
        ({"sozialraum": "gibt-es-nicht"}, "gibt-es-nicht"),
        ({"thema": "raumfahrt"}, "raumfahrt"),
    ],
)
def test_unknown_filter_values_get_a_friendly_message_and_all_networks(client, query, word):
    make_network("AK Jugend Kalk")
    response = client.get(LIST, query)
    assert response.status_code == 200
    page = names_in(response)
    assert "message-warning" in page
    assert f"„{word}“" in page or f"“{word}”" in page
    assert "AK Jugend Kalk" in page


def test_the_next_meeting_is_shown_only_when_the_viewer_may_see_it(client, login):
    network = make_network("AK Jugend Kalk")
    start = timezone.now() + datetime.timedelta(days=3)
    Meeting.objects.create(network=network, start=start, is_public=False)
    shown = timezone.localtime(start).strftime("%d.%m.%Y")
    assert shown not in names_in(client.get(LIST))
    login("koordination-kalk")
    assert shown in names_in(client.get(LIST))


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_needs_the_same_number_of_queries_for_more_networks(client, login):
    login("koordination-kalk")
    sport = Topic.objects.get(slug="sport")
    for i in range(2):
        make_network(f"Netz {i}").topics.add(sport)
    few = _count_queries(client, LIST)
    for i in range(2, 12):
        n = make_network(f"Netz {i}", public=i % 2 == 0)
        n.topics.add(sport)
        Meeting.objects.create(network=n, start=timezone.now() + datetime.timedelta(days=i))
    assert _count_queries(client, LIST) == few


# --- detail -------------------------------------------------------------------------------


def test_the_page_lists_members_the_viewer_may_see_with_their_roles(client, login):
    visible = make_actor("Bürgerverein Kalk")
    internal = make_actor("Interner Kontaktkreis", public=False)
    network = make_network("AK Jugend Kalk", members=[visible, internal])
    NetworkMembership.objects.filter(actor=visible).update(role=MemberRole.CHAIR)

    public_page = names_in(client.get(network.get_absolute_url()))
    assert "Bürgerverein Kalk" in public_page
    assert "Interner Kontaktkreis" not in public_page

    login("koordination-chorweiler")
    assert "Interner Kontaktkreis" not in names_in(client.get(network.get_absolute_url()))

    login("koordination-kalk")
    page = names_in(client.get(network.get_absolute_url()))
    assert "Interner Kontaktkreis" in page
    assert "Vorsitz" in page or "chair" in page


@pytest.mark.parametrize("username", [None, "bewohnerin", "koordination-chorweiler"])
def test_a_non_public_network_is_not_found_for_outsiders(client, login, username):
    network = make_network("Interner Runder Tisch", public=False)
    if username:
        login(username)
    assert client.get(network.get_absolute_url()).status_code == 404
    assert client.get(reverse("network:network", args=["gibt-es-nicht"])).status_code == 404


def test_only_the_office_sees_the_calendar_address_with_the_token(client, login):
    network = make_network("AK Jugend Kalk")
    assert network.calendar_token not in names_in(client.get(network.get_absolute_url()))
    login("koordination-chorweiler")
    assert network.calendar_token not in names_in(client.get(network.get_absolute_url()))
    login("koordination-kalk")
    assert network.calendar_token in names_in(client.get(network.get_absolute_url()))


def test_the_detail_page_needs_the_same_number_of_queries_for_more_members(client, login):
    login("koordination-kalk")
    network = make_network("AK Jugend Kalk", members=[make_actor("Erster Verein")])
    Meeting.objects.create(network=network, start=timezone.now())
    few = _count_queries(client, network.get_absolute_url())
    for i in range(8):
        NetworkMembership.objects.create(
            network=network, actor=make_actor(f"Verein {i}", public=i % 2 == 0)
        )
        Meeting.objects.create(
            network=network,
            start=timezone.now() + datetime.timedelta(days=i - 4),
            is_public=i % 2 == 0,
        )
    assert _count_queries(client, network.get_absolute_url()) == few


@pytest.mark.parametrize("username", [None, "koordination-kalk"])
def test_network_pages_keep_to_the_content_security_policy(client, login, username):
    network = make_network("AK Jugend Kalk", members=[make_actor("Bürgerverein Kalk")])
    if username:
        login(username)
    check_page(client.get(LIST))
    check_page(client.get(LIST + "?art=unbekannt"))
    check_page(client.get(network.get_absolute_url()))
    if username:
        check_page(client.get(reverse("network:network_add")))
        check_page(client.get(reverse("network:network_edit", args=[network.slug])))
        check_page(client.get(reverse("network:network_members", args=[network.slug])))


# --- create and edit ----------------------------------------------------------------------


def test_a_coordinator_creates_a_network_for_their_office(client, login):
    login("koordination-kalk")
    sport = Topic.objects.get(slug="sport")
    response = client.post(
        reverse("network:network_add"),
        {
            "name": "Runder Tisch Sport Kalk",
            "kind": NetworkKind.ROUND_TABLE,
            "social_space": space("kalk").pk,
            "topics": [sport.pk],
            "description": "Vereine und Schulen",
            "is_public": "on",
        },
    )
    network = Network.objects.get(name="Runder Tisch Sport Kalk")
    assert response.status_code == 302
    assert response["Location"] == network.get_absolute_url()
    assert network.slug == "runder-tisch-sport-kalk"
    assert network.office.slug == "kalk"
    assert list(network.topics.all()) == [sport]
    assert "Runder Tisch Sport Kalk" in names_in(client.get(network.get_absolute_url()))


def test_the_office_must_work_in_the_chosen_social_space(client, login):
    login("koordination-kalk")
    response = client.post(
        reverse("network:network_add"),
        {
            "name": "AK Fremd",
            "kind": NetworkKind.WORKING_GROUP,
            "social_space": space(CHORWEILER).pk,
        },
    )
    assert response.status_code == 200
    assert not Network.objects.filter(name="AK Fremd").exists()
    assert "field-invalid" in names_in(response)


def test_the_programme_office_chooses_the_office(client, login):
    login("geschaeftsstelle")
    response = client.post(
        reverse("network:network_add"),
        {
            "name": "AK Chorweiler",
            "kind": NetworkKind.WORKING_GROUP,
            "office": office(CHORWEILER).pk,
            "social_space": space(CHORWEILER).pk,
        },
    )
    assert response.status_code == 302
    assert Network.objects.get(name="AK Chorweiler").office.slug == CHORWEILER


def test_slugs_stay_unique_and_avoid_the_word_for_new(personas):
    by = personas["koordination-kalk"]
    data = {"name": "Neu", "kind": NetworkKind.WORKING_GROUP, "social_space": space("kalk")}
    first = network_create(office=office(), data=data, by=by)
    second = network_create(office=office(), data=data, by=by)
    assert first.slug == "neu-2"
    assert second.slug == "neu-3"


@pytest.mark.parametrize(
    ("username", "status"),
    [("bewohnerin", 403), ("traeger", 403), ("ratsmitglied", 403)],
)
def test_who_may_not_create_networks(client, login, username, status):
    login(username)
    assert client.get(reverse("network:network_add")).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("network:network_add"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_edit_is_for_the_own_office_only(client, login):
    network = make_network("AK Jugend Kalk")
    url = reverse("network:network_edit", args=[network.slug])
    login("koordination-chorweiler")
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Gekapert"}).status_code == 403
    login("koordination-kalk")
    response = client.post(
        url,
        {
            "name": "AK Jugend und Familie Kalk",
            "kind": NetworkKind.WORKING_GROUP,
            "social_space": space("kalk").pk,
        },
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.name == "AK Jugend und Familie Kalk"
    assert network.slug == "ak-jugend-kalk"  # the address stays
    assert network.is_public is False  # unticked box


# --- members ------------------------------------------------------------------------------


def test_members_are_added_given_a_role_and_removed(client, login):
    network = make_network("AK Jugend Kalk")
    actor = make_actor("Jugendzentrum Kalk")
    url = reverse("network:network_members", args=[network.slug])
    login("koordination-kalk")
    client.post(url, {"action": "add", "actor": actor.pk, "role": MemberRole.MEMBER})
    assert NetworkMembership.objects.get(network=network, actor=actor).role == MemberRole.MEMBER
    client.post(url, {"action": "change", "actor": actor.pk, "role": MemberRole.SPEAKER})
    assert NetworkMembership.objects.get(network=network, actor=actor).role == MemberRole.SPEAKER
    client.post(url, {"action": "remove", "actor": actor.pk})
    assert not NetworkMembership.objects.filter(network=network).exists()


def test_internal_actors_of_another_office_cannot_be_added(client, login):
    network = make_network("AK Jugend Kalk")
    foreign = make_actor("Interner Kreis Chorweiler", public=False, office_slug=CHORWEILER)
    login("koordination-kalk")
    url = reverse("network:network_members", args=[network.slug])
    assert "Interner Kreis Chorweiler" not in names_in(client.get(url))
    response = client.post(url, {"action": "add", "actor": foreign.pk, "role": "member"})
    assert response.status_code == 200
    assert "field-invalid" in names_in(response)
    assert not NetworkMembership.objects.filter(network=network).exists()


@pytest.mark.parametrize(
    "post",
    [
        {"action": "change", "actor": "kein-uuid", "role": "member"},
        {"action": "change", "role": "chef"},
        {"action": "sprengen"},
        {"action": "add", "actor": "00000000-0000-0000-0000-000000000000", "role": "member"},
        {"action": "add", "role": "chef"},
    ],
)
def test_bad_member_input_gets_a_message_not_an_error(client, login, post):
    network = make_network("AK Jugend Kalk")
    login("koordination-kalk")
    response = client.post(
        reverse("network:network_members", args=[network.slug]), post, follow=True
    )
    assert response.status_code == 200
    page = names_in(response)
    assert "message-error" in page or "field-invalid" in page


def test_members_are_managed_by_the_own_office_only(client, login):
    network = make_network("AK Jugend Kalk")
    actor = make_actor("Jugendzentrum Kalk")
    url = reverse("network:network_members", args=[network.slug])
    login("koordination-chorweiler")
    assert (
        client.post(url, {"action": "add", "actor": actor.pk, "role": "member"}).status_code == 403
    )
    assert not NetworkMembership.objects.filter(network=network).exists()
