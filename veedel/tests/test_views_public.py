"""The public pages and map endpoints, as anyone without an account sees them."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from veedel.core.tests.pages import german, table_rows

pytestmark = pytest.mark.django_db

PO_FILE = Path(settings.LOCALE_PATHS[0]) / "de" / "LC_MESSAGES" / "django.po"


def html_of(response):
    """The page's HTML without <wbr> (invisible line-break hints in long area names)."""
    return response.content.decode().replace("<wbr>", "")


def main_of(response):
    """The page's own content: from its heading to the end of <main>, without the header
    (which names the logged-in user)."""
    body = html_of(response)
    return body[body.index("<h1") : body.index("</main>")]


def assert_no_traceback(response):
    body = html_of(response)
    assert "Traceback" not in body
    assert "technical_500" not in body
    assert "DEBUG = True" not in body


# --- home ---------------------------------------------------------------------------------


def test_home_lists_the_current_social_spaces(client):
    response = client.get(reverse("programme:home"))
    assert response.status_code == 200
    rows = table_rows(html_of(response), "social-spaces")
    assert len(rows) == 15
    assert any("Kalk" in row and "Sozialraumkoordination Kalk" in row for row in rows)
    assert any(row.startswith("Humboldt/Gremberg") for row in rows)


def test_home_lists_the_social_spaces_of_2012(client):
    response = client.get(reverse("programme:home"), {"jahr": "2012"})
    assert response.status_code == 200
    rows = table_rows(html_of(response), "social-spaces")
    assert len(rows) == 11
    # 2012 had the joint area Humboldt-Gremberg/Kalk, not the two areas of today.
    assert any(row.startswith("Humboldt-Gremberg/Kalk") for row in rows)
    assert not any(row.startswith("Humboldt/Gremberg") for row in rows)


def test_home_has_a_map_that_loads_the_year_shown(client):
    body = html_of(client.get(reverse("programme:home"), {"jahr": "2012"}))
    url = reverse("areas:social_spaces_geojson")
    assert re.search(
        r'<div class="map"[^>]*data-geojson-url="' + re.escape(url) + r"\?jahr=2012", body
    )


def test_home_shows_the_periods_and_the_goals(client):
    body = html_of(client.get(reverse("programme:home"), {"jahr": "2012"}))
    assert "Verlängerung des Modellprojekts" in body
    assert "20.12.2011" in body  # the council decision behind the 2012 period
    assert 'aria-current="true"' in body


@pytest.mark.parametrize("value", ["abc", "12345", "1800", "-1"])
def test_home_with_a_bad_year_explains_and_shows_the_current_areas(client, value):
    response = client.get(reverse("programme:home"), {"jahr": value})
    assert response.status_code == 200
    body = html_of(response)
    messages = re.search(r'<div class="messages"[^>]*>(.*?)</div>', body, re.S)
    assert messages, "no message shown"
    assert value in messages.group(1)
    assert len(table_rows(body, "social-spaces")) == 15
    assert_no_traceback(response)


ODD_YEARS = ["²", "9" * 5000]


@pytest.mark.parametrize("value", ODD_YEARS)
def test_home_with_digits_that_are_no_number(client, value):
    client.raise_request_exception = False
    response = client.get(reverse("programme:home"), {"jahr": value})
    assert response.status_code == 200
    assert len(table_rows(html_of(response), "social-spaces")) == 15


@pytest.mark.parametrize("value", ODD_YEARS)
def test_geojson_with_digits_that_are_no_number(client, value):
    client.raise_request_exception = False
    response = client.get(reverse("areas:social_spaces_geojson"), {"jahr": value})
    assert response.status_code == 400
    assert "error" in json.loads(response.content)


# --- GeoJSON ------------------------------------------------------------------------------


def _features(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert geometry["type"] in {"Polygon", "MultiPolygon"}
        assert geometry["coordinates"]
    return data["features"]


@pytest.mark.parametrize(
    ("name", "params", "count"),
    [
        ("areas:social_spaces_geojson", {"jahr": "2012"}, 11),
        ("areas:social_spaces_geojson", {}, 15),
        ("areas:neighbourhoods_geojson", {}, 371),
        ("areas:quarters_geojson", {}, 86),
        ("areas:districts_geojson", {}, 9),
        ("areas:quarters_geojson", {"stadtbezirk": "8"}, 9),
        ("areas:neighbourhoods_geojson", {"stadtteil": "805"}, 6),
    ],
)
def test_geojson_endpoints(client, name, params, count):
    features = _features(client.get(reverse(name), params))
    assert len(features) == count
    for feature in features:
        assert feature["properties"]["name"]
        assert feature["properties"]["url"].startswith("/")


def test_geojson_of_one_social_space_has_its_outline_and_quarters(client):
    features = _features(client.get(reverse("areas:social_space_geojson", args=["kalk"])))
    assert [f["properties"]["kind"] for f in features] == ["social_space", "quarter"]
    assert features[1]["properties"]["name"] == "Kalk"


@pytest.mark.parametrize(
    ("name", "param", "value"),
    [
        ("areas:social_spaces_geojson", "jahr", "abc"),
        ("areas:quarters_geojson", "stadtbezirk", "99"),
        ("areas:neighbourhoods_geojson", "stadtteil", "abc"),
    ],
)
def test_geojson_with_a_bad_parameter_is_a_400_with_a_reason(client, name, param, value):
    response = client.get(reverse(name), {param: value})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert param in data["error"]
    assert value in data["error"]


def test_geojson_of_an_unknown_social_space_is_404(client):
    response = client.get(reverse("areas:social_space_geojson", args=["gibt-es-nicht"]))
    assert response.status_code == 404


# --- 404 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/sozialraeume/gibt-es-nicht/",
        "/stadtteile/999/",
        "/stadtbezirke/99/",
        "/koordinationsstellen/gibt-es-nicht/",
        "/gibt-es-nicht/",
    ],
)
def test_unknown_pages_answer_with_the_german_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    body = html_of(response)
    assert '<html lang="de" dir="ltr">' in body
    assert f"<h1>{german('Page not found')}</h1>" in body
    assert reverse("programme:home") in body
    assert_no_traceback(response)


# --- social space, district, quarter ------------------------------------------------------


def test_social_space_page(client):
    response = client.get(
        reverse("areas:social_space", args=["blumenberg-chorweiler-seeberg-nord"])
    )
    assert response.status_code == 200
    body = html_of(response)
    assert "<h1>Blumenberg/Chorweiler/Seeberg-Nord" in body
    # Member quarters, with links, and the part-quarter's neighbourhood.
    members = re.search(r'aria-labelledby="quarters-title">(.*?)</section>', body, re.S).group(1)
    for number, name in [("603", "Seeberg"), ("609", "Chorweiler"), ("610", "Blumenberg")]:
        assert f'href="{reverse("areas:quarter", args=[number])}">{name}</a>' in members
    assert "60301 Seeberg-Nord" in members
    # Key figures with a column for the whole city.
    figures = re.search(r'<table class="figures">(.*?)</table>', body, re.S)
    assert figures, "no key figures table"
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', figures.group(1))
    assert headers[1] == "Blumenberg/Chorweiler/Seeberg-Nord"
    assert headers[2].startswith(settings.VEEDEL_CITY_NAME)
    # The office and the provider that runs it.
    office = reverse("programme:office", args=["blumenberg-chorweiler-seeberg-nord"])
    assert f'href="{office}">Sozialraumkoordination Blumenberg/Chorweiler/Seeberg-Nord</a>' in body
    assert "Diakonie Köln und Region" in body
    # The map of this area.
    geojson = reverse("areas:social_space_geojson", args=["blumenberg-chorweiler-seeberg-nord"])
    assert f'data-geojson-url="{geojson}"' in body
    # The 2006 outline of the same area is linked.
    assert reverse("areas:social_space", args=["blumenberg-chorweiler-seeberg-nord-2006"]) in body


def test_a_former_social_space_says_until_when_it_was_in_force(client):
    response = client.get(reverse("areas:social_space", args=["humboldt-gremberg-kalk-2006"]))
    assert response.status_code == 200
    body = html_of(response)
    assert "2019" in re.search(r'class="message message-info">(.*?)</p>', body, re.S).group(1)
    assert reverse("areas:social_space", args=["kalk"]) in body
    assert reverse("areas:social_space", args=["humboldt-gremberg"]) in body


def test_district_page(client):
    response = client.get(reverse("areas:district", args=["8"]))
    assert response.status_code == 200
    body = html_of(response)
    assert "<h1>Kalk" in body
    quarters = re.search(r'aria-labelledby="quarters-title">(.*?)</section>', body, re.S).group(1)
    assert quarters.count("<tr>") == 1 + 9  # header row and the nine quarters
    assert f'href="{reverse("areas:quarter", args=["805"])}">Ostheim</a>' in quarters
    spaces = re.search(r'aria-labelledby="spaces-title">(.*?)</section>', body, re.S).group(1)
    for slug in ("kalk", "humboldt-gremberg", "hoehenberg-vingst", "ostheim-neubrueck"):
        assert reverse("areas:social_space", args=[slug]) in spaces
    assert "humboldt-gremberg-kalk-2006" not in spaces  # only the current areas
    assert '<table class="figures">' in body
    assert f'data-geojson-url="{reverse("areas:quarters_geojson")}?stadtbezirk=8"' in body


def test_quarter_page(client):
    response = client.get(reverse("areas:quarter", args=["603"]))
    assert response.status_code == 200
    body = html_of(response)
    assert "<h1>Seeberg" in body
    assert f'href="{reverse("areas:district", args=["6"])}"' in body  # breadcrumb to Chorweiler
    spaces = re.search(r'aria-labelledby="spaces-title">(.*?)</section>', body, re.S).group(1)
    assert reverse("areas:social_space", args=["blumenberg-chorweiler-seeberg-nord"]) in spaces
    assert reverse("areas:social_space", args=["blumenberg-chorweiler-seeberg-nord-2006"]) in spaces
    assert "Seeberg-Nord" in body  # a neighbourhood
    figures = re.search(r'<table class="figures">(.*?)</table>', body, re.S).group(1)
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', figures)
    assert headers[1] == "Seeberg"
    assert headers[2].startswith("Chorweiler")  # its district
    assert headers[3].startswith(settings.VEEDEL_CITY_NAME)


def test_a_quarter_outside_the_programme_says_so(client):
    response = client.get(reverse("areas:quarter", args=["101"]))
    assert response.status_code == 200
    spaces = re.search(
        r'aria-labelledby="spaces-title">(.*?)</section>', html_of(response), re.S
    ).group(1)
    assert "<ul>" not in spaces


# --- office -------------------------------------------------------------------------------

STAFF_NAMES = ("Kim Muster", "Ali Exempel")


def test_office_page_shows_what_is_public(client):
    response = client.get(reverse("programme:office", args=["kalk"]))
    assert response.status_code == 200
    body = html_of(response)
    assert "<h1>Sozialraumkoordination Kalk" in body
    assert "Diakonie Köln und Region" in body
    assert reverse("areas:social_space", args=["kalk"]) in body
    assert reverse("areas:social_space", args=["humboldt-gremberg-kalk-2006"]) in body


@pytest.mark.parametrize(
    ("persona", "sees_staff"),
    [
        (None, False),
        ("bewohnerin", False),
        ("koordination-chorweiler", False),
        ("ratsmitglied", False),
        ("koordination-kalk", True),
        ("koordination-kalk-2", True),
        ("traeger", True),
        ("geschaeftsstelle", True),
        ("admin", True),
    ],
)
def test_office_staff_are_shown_only_to_those_allowed(client, login, persona, sees_staff):
    if persona:
        login(persona)
    response = client.get(reverse("programme:office", args=["kalk"]))
    assert response.status_code == 200
    body = main_of(response)
    for name in STAFF_NAMES:
        assert (name in body) is sees_staff, name
    assert (f"<h2>{german('Staff')}</h2>" in body) is sees_staff


def test_the_chorweiler_office_shows_its_own_staff_to_its_coordinator(client, login):
    login("koordination-chorweiler")
    body = main_of(
        client.get(reverse("programme:office", args=["blumenberg-chorweiler-seeberg-nord"]))
    )
    assert "Sam Probe" in body
    assert not any(name in body for name in STAFF_NAMES)
