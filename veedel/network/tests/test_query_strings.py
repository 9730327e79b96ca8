"""Every query parameter of the network pages goes through a form (forms_query.py): what can
be read is used, what cannot is named, and nothing gives a 500."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from veedel.areas.models import SocialSpace
from veedel.network.models import Actor, ActorKind, Meeting, Network, NetworkKind
from veedel.programme.models import CoordinationOffice, Programme, Topic

pytestmark = pytest.mark.django_db

ACTORS = reverse("network:actors")
NETWORKS = reverse("network:networks")
GEOJSON = reverse("network:actors_geojson")
WARNING = "message-warning"


@pytest.fixture
def network():
    network = Network.objects.create(
        name="AK Jugend Kalk",
        slug="ak-jugend-kalk",
        kind=NetworkKind.WORKING_GROUP,
        social_space=SocialSpace.objects.get(slug="kalk"),
        office=CoordinationOffice.objects.get(slug="kalk"),
    )
    network.topics.add(Topic.objects.get(slug="sport"))
    return network


@pytest.fixture
def actor():
    return Actor.objects.create(name="Jugendtreff Kalk", kind=ActorKind.YOUTH_CENTRE)


def warnings_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


# --- pages: a message, and the page without the parameter ---------------------------------


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-1", "zwei", "1e3", "²", "100001"])
def test_a_page_number_that_cannot_be_used_shows_the_first_page(client, actor, value):
    client.cookies["django_language"] = "en"
    response = client.get(ACTORS, {"seite": value})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert [a.name for a in response.context["page"].object_list] == ["Jugendtreff Kalk"]
    assert any("Page" in w and "ignored" in w for w in warnings_of(response))


@pytest.mark.parametrize(
    ("url", "query"),
    [
        (ACTORS, {"sozialraum": "kalk\x00"}),
        (ACTORS, {"stadtteil": "x" * 5000}),
        (ACTORS, {"q": "a\x00b"}),
        (ACTORS, {"art": ["club", "kita"], "unbekannt": "1"}),
        (NETWORKS, {"sozialraum": "\x00"}),
        (NETWORKS, {"art": "x" * 5000}),
        (NETWORKS, {"thema": "ü€\u202e"}),
        (NETWORKS, {"unbekannt": "1"}),
    ],
)
def test_malformed_values_and_unknown_parameters_are_named_never_a_500(
    client, actor, network, url, query
):
    response = client.get(url, query)
    assert response.status_code == 200
    assert WARNING in response.content.decode()


def test_an_unknown_parameter_is_named_and_the_rest_applies(client, network):
    other = Network.objects.create(
        name="Runder Tisch Kalk",
        slug="runder-tisch-kalk",
        kind=NetworkKind.ROUND_TABLE,
        social_space=network.social_space,
        office=network.office,
    )
    client.cookies["django_language"] = "en"
    response = client.get(NETWORKS, {"art": NetworkKind.ROUND_TABLE, "farbe": "blau"})
    names = [row["network"].name for row in response.context["rows"]]
    assert names == [other.name]
    assert any("farbe" in w for w in warnings_of(response))


@pytest.mark.parametrize(
    "url_name",
    ["network:actor", "network:network", "network:graph", "network:meeting"],
)
def test_pages_without_parameters_name_the_ones_they_are_given(client, actor, network, url_name):
    meeting = Meeting.objects.create(network=network, start=timezone.now())
    args = {
        "network:actor": [actor.pk],
        "network:network": [network.slug],
        "network:graph": ["kalk"],
        "network:meeting": [network.slug, meeting.pk],
    }[url_name]
    client.cookies["django_language"] = "en"
    response = client.get(reverse(url_name, args=args), {"utm_source": "x"})
    assert response.status_code == 200
    assert any("utm_source" in w for w in warnings_of(response))


def test_a_topic_slug_in_two_programmes_is_no_error(client, network):
    second = Programme.objects.create(name="Zweites Programm", slug="zweites", city="Beispiel")
    Topic.objects.create(programme=second, name="Sport (zweites)", slug="sport")
    response = client.get(NETWORKS, {"thema": "sport"})
    assert response.status_code == 200
    assert [row["network"].name for row in response.context["rows"]] == [network.name]
    assert client.get(ACTORS, {"thema": "sport"}).status_code == 200


# --- the filter bars render from the forms ----------------------------------------------------


def test_the_network_filter_bar_keeps_the_chosen_values(client, network):
    html = client.get(NETWORKS, {"sozialraum": "kalk", "art": NetworkKind.WORKING_GROUP}).content
    html = html.decode()
    bar = html[html.index('role="search"') : html.index("</form>", html.index('role="search"'))]
    assert '<option value="kalk" selected>' in bar
    assert f'<option value="{NetworkKind.WORKING_GROUP}" selected>' in bar
    assert 'name="thema"' in bar
    assert "seite" not in bar


def test_the_actor_filter_bar_leaves_out_the_page_and_links_keep_the_filters(client):
    Actor.objects.bulk_create(Actor(name=f"Verein {i:03}", kind=ActorKind.CLUB) for i in range(55))
    response = client.get(ACTORS, {"art": ActorKind.CLUB, "seite": "2"})
    html = response.content.decode()
    bar = html[html.index('role="search"') : html.index("</form>", html.index('role="search"'))]
    assert 'name="seite"' not in bar
    assert f'<option value="{ActorKind.CLUB}" selected>' in bar
    assert f"?art={ActorKind.CLUB}&amp;seite=1" in html  # the link back keeps the filter
    assert response.context["geojson_url"].endswith(f"?art={ActorKind.CLUB}")


def test_a_new_network_starts_in_the_social_space_of_the_address(client, login):
    login("koordination-kalk")
    response = client.get(reverse("network:network_add"), {"sozialraum": "kalk"})
    assert response.context["form"].initial["social_space"].slug == "kalk"
    unknown = client.get(reverse("network:network_add"), {"sozialraum": "gibt-es-nicht"})
    assert unknown.status_code == 200
    assert "social_space" not in unknown.context["form"].initial
    assert WARNING in unknown.content.decode()


# --- map data, downloads and the calendar: 400 naming the parameter -------------------------


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"sozialraum": "gibt-es-nicht"}, "sozialraum"),
        ({"stadtteil": "\x00"}, "stadtteil"),
        ({"seite": "2"}, "seite"),  # the map has no pages
        ({"zoom": "3"}, "zoom"),
    ],
)
def test_the_map_data_answers_400_naming_the_parameter(client, query, named):
    response = client.get(GEOJSON, query)
    assert response.status_code == 400
    body = json.loads(response.content)
    assert named in body["parameters"]
    assert named in body["error"]


def test_the_map_data_of_one_actor_takes_no_parameters(client, actor):
    url = reverse("network:actor_geojson", args=[actor.pk])
    assert client.get(url).status_code == 200
    response = client.get(url, {"x": "1"})
    assert response.status_code == 400
    assert "x" in json.loads(response.content)["parameters"]


def test_the_minutes_pdf_refuses_parameters_it_does_not_take(client, network):
    meeting = Meeting.objects.create(
        network=network, start=timezone.make_aware(datetime.datetime(2025, 3, 24, 18, 0))
    )
    url = reverse("network:meeting_pdf", args=[network.slug, meeting.pk])
    assert client.get(url).status_code == 200
    refused = client.get(url, {"druck": "1"})
    assert refused.status_code == 400
    assert b"druck" in refused.content


def test_the_calendar_refuses_unknown_parameters_but_hides_a_bad_token(client, network):
    url = reverse("network:network_ical", args=[network.slug])
    assert client.get(url).status_code == 200
    unknown = client.get(url, {"format": "json"})
    assert unknown.status_code == 400 and b"format" in unknown.content
    for token in ["", "\x00", "x" * 201]:
        assert client.get(url, {"token": token}).status_code == 404
    assert client.get(url, {"token": network.calendar_token}).status_code == 200
