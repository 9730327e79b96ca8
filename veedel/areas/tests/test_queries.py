"""Query parameters of the area pages and their GeoJSON, read through forms: the clean value,
a message on a page, or a 400 naming the parameter from an API; never a 500."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def features(response):
    assert response.status_code == 200, response.content[:200]
    return json.loads(response.content)["features"]


def refused(response, parameter):
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert parameter in data["parameters"], data
    assert f"„{parameter}“" in data["error"] or f"“{parameter}”" in data["error"], data
    return data


@pytest.mark.parametrize(
    ("name", "parameter", "value"),
    [
        ("areas:quarters_geojson", "stadtbezirk", "\x00"),
        ("areas:quarters_geojson", "stadtbezirk", "8" * 200),
        ("areas:quarters_geojson", "stadtbezirk", ""),
        ("areas:neighbourhoods_geojson", "stadtteil", "\x00805"),
        ("areas:neighbourhoods_geojson", "stadtteil", ""),
        ("areas:social_spaces_geojson", "jahr", "2012\x00"),
    ],
)
def test_values_no_area_can_have_are_refused(client, name, parameter, value):
    """Also on PostgreSQL, which refuses NUL characters in a query: a 400, not a 500."""
    refused(client.get(reverse(name), {parameter: value}), parameter)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("areas:social_spaces_geojson", []),
        ("areas:social_space_geojson", ["kalk"]),
        ("areas:districts_geojson", []),
        ("areas:quarters_geojson", []),
        ("areas:neighbourhoods_geojson", []),
    ],
)
def test_an_unknown_parameter_of_the_geojson_is_named(client, name, args):
    data = refused(client.get(reverse(name, args=args), {"bezirk": "8"}), "bezirk")
    assert len(data["parameters"]) == 1


def test_the_filters_of_the_geojson_still_filter(client):
    quarters = features(client.get(reverse("areas:quarters_geojson"), {"stadtbezirk": "8"}))
    assert {f["properties"]["number"][0] for f in quarters} == {"8"}
    kalk = features(client.get(reverse("areas:neighbourhoods_geojson"), {"stadtteil": "802"}))
    assert kalk and {f["properties"]["url"] for f in kalk} == {
        reverse("areas:quarter", args=["802"])
    }
    assert len(features(client.get(reverse("areas:social_spaces_geojson"), {"jahr": "2012"}))) == 11


@pytest.mark.parametrize(
    "url",
    [
        reverse("areas:social_space", args=["kalk"]),
        reverse("areas:district", args=["8"]),
        reverse("areas:quarter", args=["802"]),
        reverse("programme:office", args=["kalk"]),
    ],
)
def test_a_page_names_a_parameter_it_does_not_know_and_goes_on(client, url):
    response = client.get(url, {"jahr": "2012"})
    assert response.status_code == 200
    body = response.content.decode()
    messages = body.split('<div class="messages"', 1)
    assert len(messages) == 2, "no message shown"
    assert "„jahr“" in messages[1].split("</div>", 1)[0]
