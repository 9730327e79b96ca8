"""The context layer of the maps (``/geo/kontext.geojson``): city outline, district borders
with names, quarter names; cached by the browser through an ETag."""

import json

import pytest
import shapely
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from shapely.geometry import Point, shape

from veedel.areas.models import District, Quarter

pytestmark = pytest.mark.django_db

URL = "/geo/kontext.geojson"


def _features(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    return json.loads(response.content)["features"]


def _kinds(features, kind):
    return [f for f in features if f["properties"]["kind"] == kind]


def test_the_address_is_the_one_map_js_is_given():
    assert reverse("areas:context_geojson") == URL


def test_the_layer_has_the_city_outline_and_every_district_and_quarter_by_name(client):
    features = _features(client.get(URL))
    (city,) = _kinds(features, "city")
    assert city["properties"]["name"] == "Köln"
    outline = shape(city["geometry"])
    assert outline.geom_type in {"Polygon", "MultiPolygon"}
    # Cologne is about 405 km²: at 50.9° N a square degree is about 7,800 km².
    assert 0.045 < outline.area < 0.06

    districts = _kinds(features, "district")
    assert sorted(d["properties"]["name"] for d in districts) == sorted(
        District.objects.values_list("name", flat=True)
    )
    kalk = next(d for d in districts if d["properties"]["name"] == "Kalk")
    assert kalk["properties"]["url"] == reverse("areas:district", args=["8"])
    # The district's name is placed inside its outline, and the outline inside the city's.
    border = shape(kalk["geometry"])
    assert border.contains(Point(kalk["properties"]["label"]))
    assert outline.buffer(0.001).contains(border)

    quarters = _kinds(features, "quarter")
    assert len(quarters) == Quarter.objects.count() == 86
    by_name = {q["properties"]["name"]: q for q in quarters}
    assert {"Kalk", "Humboldt/Gremberg", "Chorweiler", "Altstadt/Nord"} <= set(by_name)
    humboldt = Quarter.objects.get(name="Humboldt/Gremberg")
    assert shape(humboldt.geometry).contains(
        Point(by_name["Humboldt/Gremberg"]["geometry"]["coordinates"])
    )


def test_the_geometry_is_simplified(client):
    features = _features(client.get(URL))
    for district in _kinds(features, "district"):
        stored = District.objects.get(number=district["properties"]["number"])
        drawn = shapely.get_num_coordinates(shape(district["geometry"]))
        assert drawn < shapely.get_num_coordinates(shape(stored.geometry))
        assert drawn <= shapely.get_num_coordinates(shape(json.loads(stored.display_geometry)))
    # Quarters come as label points only: the whole layer is small.
    assert all(q["geometry"]["type"] == "Point" for q in _kinds(features, "quarter"))
    assert len(client.get(URL).content) < 80_000


def test_an_etag_and_cache_control_let_the_browser_keep_it(client):
    response = client.get(URL)
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 10
    assert "max-age=" in response["Cache-Control"] and "public" in response["Cache-Control"]

    again = client.get(URL, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    weak = client.get(URL, headers={"If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304

    other = client.get(URL, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200
    assert other["ETag"] == etag


def test_the_etag_changes_when_a_name_changes(client):
    before = client.get(URL)["ETag"]
    District.objects.filter(number="8").update(name="Kalk am Rhein")
    response = client.get(URL, headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response["ETag"] != before
    names = [d["properties"]["name"] for d in _kinds(_features(response), "district")]
    assert "Kalk am Rhein" in names and "Kalk" not in names


def test_the_query_count_does_not_grow_with_the_data(client):
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    fewer = len(few.captured_queries)
    kalk = District.objects.get(number="8")
    for i in range(5):
        District.objects.create(
            number=f"9{i}",
            name=f"Neu {i}",
            geometry=kalk.geometry,
            display_geometry=kalk.display_geometry,
        )
    with CaptureQueriesContext(connection) as more:
        features = _features(client.get(URL))
    assert len(more.captured_queries) == fewer <= 3
    assert len(_kinds(features, "district")) == District.objects.count()


def test_an_unknown_parameter_is_a_400_with_a_reason(client):
    response = client.get(URL, {"zoom": "3"})
    assert response.status_code == 400
    assert "zoom" in response.json()["parameters"]
