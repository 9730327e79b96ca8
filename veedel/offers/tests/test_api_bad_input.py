"""Bad input to the HSDS API: always 400 (or 404 for an unknown id) with a JSON error that
names the parameter, with CORS; never a 500 and never a leak."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from veedel.offers.tests.factories import make_offer

pytestmark = pytest.mark.django_db

TERM = "5b0c2f4e-6d1a-4c3e-9a57-000000000000"


@pytest.fixture
def offer(db):
    return make_offer(name="Sprachcafé", topics=["bildung"])


BAD = [
    # (url name, query, parameter at fault, words the message must contain)
    ("hsds:services", {"colour": "red"}, "colour", "colour"),
    ("hsds:services", {"page": "0"}, "page", "1"),
    ("hsds:services", {"page": "-1"}, "page", "1"),
    ("hsds:services", {"page": "abc"}, "page", "abc"),
    ("hsds:services", {"page": "99999999999999999999"}, "page", "page"),
    ("hsds:services", {"page": "5"}, "page", "5"),  # past the end
    ("hsds:services", {"per_page": "0"}, "per_page", "100"),
    ("hsds:services", {"per_page": "101"}, "per_page", "100"),
    ("hsds:services", {"per_page": "2.5"}, "per_page", "2.5"),
    ("hsds:services", {"age": "-1"}, "age", "-1"),
    ("hsds:services", {"age": "zwölf"}, "age", "zwölf"),
    ("hsds:services", {"age": "131"}, "age", "131"),
    ("hsds:services", {"lat": "50.9", "lon": "6.9", "radius": "10000000"}, "radius", "50000"),
    ("hsds:services", {"lat": "50.9", "lon": "6.9", "radius": "0"}, "radius", "radius"),
    ("hsds:services", {"lat": "50.9", "lon": "6.9", "radius": "nan"}, "radius", "nan"),
    ("hsds:services", {"lat": "50.9", "lon": "6.9", "radius": "inf"}, "radius", "inf"),
    ("hsds:services", {"lat": "50.9"}, "lon", "lon"),
    ("hsds:services", {"lon": "6.9"}, "lat", "lat"),
    ("hsds:services", {"radius": "1000"}, "radius", "lat"),
    ("hsds:services", {"lat": "91", "lon": "6.9"}, "lat", "91"),
    ("hsds:services", {"lat": "50.9", "lon": "181"}, "lon", "181"),
    ("hsds:services", {"lat": "fünfzig", "lon": "6.9"}, "lat", "fünfzig"),
    ("hsds:services", {"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id", "not-a-uuid"),
    ("hsds:services", {"taxonomy_term_id": TERM}, "taxonomy_term_id", TERM),  # unknown
    ("hsds:services", {"taxonomy_term_id": ",".join([TERM] * 11)}, "taxonomy_term_id", "10"),
    ("hsds:services", {"taxonomy_id": "12345"}, "taxonomy_id", "12345"),
    ("hsds:services", {"taxonomy_id": TERM}, "taxonomy_id", TERM),
    ("hsds:services", {"organization_id": "x"}, "organization_id", "x"),
    ("hsds:services", {"organization_id": TERM}, "organization_id", TERM),
    ("hsds:services", {"modified_after": "gestern"}, "modified_after", "gestern"),
    ("hsds:services", {"modified_after": "2024-13-01T00:00:00Z"}, "modified_after", "2024"),
    # An unencoded "+" arrives as a space: the message says how to write it.
    ("hsds:services", {"modified_after": "2024-01-01T00:00:00 01:00"}, "modified_after", "%2B"),
    ("hsds:services", {"full": "yes"}, "full", "yes"),
    ("hsds:services", {"language": "deutsch"}, "language", "deutsch"),
    ("hsds:services", {"search": "x" * 201}, "search", "200"),
    ("hsds:services", {"minimal": "true"}, "minimal", "minimal"),
    ("hsds:service_at_locations", {"postcode": "5$"}, "postcode", "5$"),
    ("hsds:service_at_locations", {"full": "true"}, "full", "full"),
    ("hsds:organizations", {"taxonomy_id": TERM}, "taxonomy_id", "taxonomy_id"),
    ("hsds:organizations", {"page": "2"}, "page", "2"),
    ("hsds:taxonomies", {"per_page": "1000"}, "per_page", "100"),
    ("hsds:taxonomy_terms", {"parent_id": "abc"}, "parent_id", "abc"),
    ("hsds:taxonomy_terms", {"taxonomy_id": TERM}, "taxonomy_id", TERM),
    ("hsds:taxonomy_terms", {"top_only": "1"}, "top_only", "1"),
    ("hsds:root", {"format": "ndjson"}, "format", "format"),
]


@pytest.mark.parametrize(("name", "params", "parameter", "words"), BAD)
def test_bad_parameters_answer_400_naming_the_parameter(
    client, offer, name, params, parameter, words
):
    response = client.get(reverse(name), params)
    assert response.status_code == 400, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["parameter"] == parameter
    assert words in data["error"]


def test_a_parameter_given_twice_is_refused(client, offer):
    response = client.get(reverse("hsds:services") + "?page=1&page=2")
    assert response.status_code == 400
    assert response.json()["parameter"] == "page"


def test_messages_follow_the_language(client, offer):
    german = client.get(reverse("hsds:services"), {"age": "-1"}, HTTP_ACCEPT_LANGUAGE="de")
    english = client.get(reverse("hsds:services"), {"age": "-1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["error"] == "“age” must be between 0 and 130, not -1."
    assert german.json()["error"] != english.json()["error"]


@pytest.mark.parametrize("name", ["hsds:service", "hsds:organization"])
@pytest.mark.parametrize(
    "pk",
    ["abc", "123", "3fa85f64571745622b3fc2c963f66afa6", "{3fa85f64-5717-4562-b3fc-2c963f66afa6}"],
)
def test_malformed_ids_in_the_path_answer_400(client, name, pk):
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["parameter"] == "id"


@pytest.mark.parametrize("name", ["hsds:service", "hsds:organization"])
def test_unknown_ids_answer_404(client, name):
    response = client.get(reverse(name, args=[uuid.uuid4()]))
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["error"]


def test_an_unknown_path_answers_json_404(client):
    response = client.get("/api/hsds/services/abc/extra")
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "/api/hsds/" in response.json()["error"]


def test_an_internal_organization_is_unknown_like_a_missing_one(client):
    hidden = str(make_offer(name="Intern", actor_public=False).organization_id)
    nothing = str(uuid.uuid4())
    internal = client.get(reverse("hsds:services"), {"organization_id": hidden})
    missing = client.get(reverse("hsds:services"), {"organization_id": nothing})
    assert internal.status_code == missing.status_code == 400
    assert internal.json()["error"].replace(hidden, "ID") == missing.json()["error"].replace(
        nothing, "ID"
    )


@pytest.mark.parametrize(
    ("query", "status", "answer"),
    [
        # (query string, status, the names found – or, for a 400, the parameter named)
        ("?search=%00", 200, ["Sprachcafé"]),  # no word in it: no search
        ("?search=%27%3B+DROP+TABLE+offers_offer%3B--", 200, []),
        ("?search=" + "%C3%A4" * 50, 200, []),
        ("?lat=1e308&lon=6.9", 400, "lat"),
        ("?lat=50.9&lon=6.9&radius=1e-300", 400, "radius"),
        ("?modified_after=9999-12-31T23:59:59Z", 200, []),
        ("?modified_after=0001-01-01T00:00:00Z", 200, ["Sprachcafé"]),
        ("?modified_after=0001-01-01", 400, "modified_after"),  # a date without a time
        ("?page=1&per_page=100&search=%E2%80%8B", 200, ["Sprachcafé"]),
        ("?age=0", 200, ["Sprachcafé"]),
        ("?lat=89.99&lon=179.99&radius=50000", 200, []),
        ("?lat=-89.99&lon=-179.99&radius=50000", 200, []),
    ],
)
def test_odd_but_harmless_input_never_breaks(client, offer, query, status, answer):
    response = client.get(reverse("hsds:services") + query)
    assert response.status_code == status, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    if status == 200:
        assert [service["name"] for service in response.json()["contents"]] == answer
    else:
        assert response.json()["parameter"] == answer


def _documented_parameters(client, path: str) -> list[dict]:
    document = client.get(reverse("hsds:openapi")).json()
    found = []
    for ref in document["paths"][path]["get"].get("parameters", []):
        found.append(document["components"]["parameters"][ref["$ref"].rsplit("/", 1)[1]])
    return found


@pytest.mark.parametrize(
    "path", ["/services", "/service_at_locations", "/organizations", "/taxonomy_terms"]
)
def test_an_empty_value_is_refused_exactly_where_the_document_says(client, offer, path):
    parameters = _documented_parameters(client, path)
    assert {p["name"] for p in parameters if p["allowEmptyValue"]} == {"search"}
    for parameter in parameters:
        response = client.get(f"/api/hsds{path}?{parameter['name']}=")
        if parameter["allowEmptyValue"]:
            assert response.status_code == 200, parameter["name"]
        else:
            assert response.status_code == 400, parameter["name"]
            assert response.json()["parameter"] == parameter["name"]
            assert "400" in parameter["description"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "QUERY"])
@pytest.mark.parametrize("url", ["/api/hsds/services", "/api/hsds/", "/api/hsds/nowhere"])
def test_other_methods_get_a_json_405_not_a_csrf_page(offer, method, url):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.generic(
        method, url, b'{"name": "x"}', content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {"error": "Only GET is allowed here."}


def test_a_page_number_past_any_database_is_refused_naming_the_limit(client, offer):
    response = client.get(reverse("hsds:services"), {"page": "99999999999999999999"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "page"
    document = client.get(reverse("hsds:openapi")).json()
    limit = document["components"]["parameters"]["page"]["schema"]["maximum"]
    assert str(limit) in response.json()["error"]
    assert client.get(reverse("hsds:services"), {"page": str(limit)}).status_code == 400  # past
    assert client.get(reverse("hsds:services"), {"page": "1"}).status_code == 200
