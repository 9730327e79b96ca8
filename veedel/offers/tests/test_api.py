"""The HSDS 3.0 API: every answer checked against the HSDS field names, types and required
fields; only public content; filters, paging, proximity; fixed query counts.

Each response is validated twice: by the project's own check of required fields and types,
and with ``jsonschema`` (Draft 2020-12) against the official compiled HSDS 3.0 schemas, of which
the repository keeps copies (``veedel/offers/api/schema/``, with their licence), so the check
always runs.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid
from functools import cache
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veedel.core import paging
from veedel.network.models import Actor
from veedel.offers.api import query
from veedel.offers.models import Offer, Schedule, ServiceStatus, TaxonomyTerm
from veedel.offers.openapi import SCHEMA_DIR
from veedel.offers.taxonomy import TARGET_GROUPS_SLUG, TOPICS_SLUG
from veedel.offers.tests.factories import POINTS, make_actor, make_offer, make_taxonomies

pytestmark = pytest.mark.django_db

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ENVELOPE = {
    "total_items": int,
    "total_pages": int,
    "page_number": int,
    "size": int,
    "first_page": bool,
    "last_page": bool,
    "empty": bool,
    "contents": list,
}

# --- the project's own check: required fields and their types, ids, no empty values ---------

REQUIRED = {
    "service": {"id": str, "name": str, "status": str},
    "organization": {"id": str, "name": str, "description": str},
    "service_at_location": {"id": str},
    "location": {"id": str, "location_type": str},
    "address": {
        "id": str,
        "address_1": str,
        "city": str,
        "state_province": str,
        "postal_code": str,
        "country": str,
        "address_type": str,
    },
    "phone": {"id": str, "number": str},
    "schedule": {"id": str},
    "language": {"id": str},
    "attribute": {"id": str},
    "taxonomy_term": {"id": str, "name": str, "description": str},
    "taxonomy": {"id": str, "name": str, "description": str},
    "cost_option": {"id": str},
    "accessibility": {"id": str},
}
OPTIONAL_TYPES = {
    "service": {
        "organization_id": str,
        "alternate_name": str,
        "description": str,
        "url": str,
        "email": str,
        "application_process": str,
        "fees_description": str,
        "eligibility_description": str,
        "minimum_age": (int, float),
        "maximum_age": (int, float),
        "assured_date": str,
        "assurer_email": str,
        "last_modified": str,
        "phones": list,
        "schedules": list,
        "service_at_locations": list,
        "languages": list,
        "attributes": list,
        "cost_options": list,
        "organization": dict,
    },
    "location": {"latitude": (int, float), "longitude": (int, float), "addresses": list},
    "schedule": {"freq": str, "byday": str, "opens_at": str, "closes_at": str},
    "cost_option": {"amount": (int, float), "currency": str, "option": str},
}
# Where nested objects sit, by (kind of parent, key) → kind of child.
NESTED = {
    ("service", "organization"): "organization",
    ("service", "phones"): "phone",
    ("service", "schedules"): "schedule",
    ("service", "service_at_locations"): "service_at_location",
    ("service", "languages"): "language",
    ("service", "attributes"): "attribute",
    ("service", "cost_options"): "cost_option",
    ("organization", "phones"): "phone",
    ("organization", "locations"): "location",
    ("organization", "services"): "service",
    ("service_at_location", "location"): "location",
    ("service_at_location", "service"): "service",
    ("service_at_location", "schedules"): "schedule",
    ("location", "addresses"): "address",
    ("location", "phones"): "phone",
    ("location", "accessibility"): "accessibility",
    ("attribute", "taxonomy_term"): "taxonomy_term",
    ("taxonomy_term", "taxonomy_detail"): "taxonomy",
}
ENUMS = {
    ("service", "status"): {"active", "inactive", "defunct", "temporarily closed"},
    ("location", "location_type"): {"physical", "postal", "virtual"},
    ("address", "address_type"): {"physical", "postal", "virtual"},
    ("schedule", "freq"): {"WEEKLY", "MONTHLY"},
}


def _parses(parse, value):
    try:
        return parse(value)
    except (TypeError, ValueError):
        return None


def own_check(obj, kind: str, path: str = "") -> None:
    """Required fields present with the right type; every id a UUID; no empty values."""
    assert isinstance(obj, dict), f"{path or kind} is not an object"
    for name, types in REQUIRED[kind].items():
        assert name in obj, f"{path or kind}: required field {name!r} missing"
        assert isinstance(obj[name], types), f"{path}.{name} has the wrong type"
    for name, types in OPTIONAL_TYPES.get(kind, {}).items():
        if name in obj:
            assert isinstance(obj[name], types), f"{path}.{name} has the wrong type"
    for name, value in obj.items():
        where = f"{path or kind}.{name}"
        assert value is not None and value != "" and value != [], f"{where} is empty"
        if name == "id" or name.endswith("_id"):
            assert isinstance(value, str) and UUID_RE.match(value), f"{where} is no UUID"
        if (kind, name) in ENUMS:
            assert value in ENUMS[(kind, name)], f"{where}: {value!r} not allowed"
        if name in ("assured_date", "valid_from", "valid_to"):
            assert _parses(datetime.date.fromisoformat, value), f"{where}: {value!r}"
        if name == "last_modified":
            moment = _parses(datetime.datetime.fromisoformat, value.replace("Z", "+00:00"))
            assert moment and moment.tzinfo, f"{where}: {value!r} is no date-time with offset"
        if name in ("opens_at", "closes_at"):
            assert re.fullmatch(r"\d\d:\d\d", value), f"{where}: {value!r}"
        child = NESTED.get((kind, name))
        if child and isinstance(value, list):
            for i, item in enumerate(value):
                own_check(item, child, f"{where}[{i}]")
        elif child:
            own_check(value, child, where)


def own_check_page(data: dict, kind: str) -> None:
    assert set(data) == set(ENVELOPE)
    for name, types in ENVELOPE.items():
        assert isinstance(data[name], types), name
    assert data["size"] == len(data["contents"])
    assert data["empty"] == (data["total_items"] == 0)
    for i, item in enumerate(data["contents"]):
        own_check(item, kind, f"contents[{i}]")


# --- the official schemas (the repository's copies) ------------------------------------------


@cache
def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def _find_object(node, name: str):
    """A nested object schema by its HSDS name (taxonomy and taxonomy_term come only nested
    in the compiled schemas)."""
    if isinstance(node, dict):
        if node.get("name") == name and node.get("type") == "object" and "properties" in node:
            return node
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _find_object(child, name)
        if found is not None:
            return found
    return None


@cache
def item_schema(kind: str) -> dict:
    if kind in ("taxonomy", "taxonomy_term"):
        return _find_object(schema("compiled/service.json"), kind)
    return schema(f"compiled/{kind}.json")


@cache
def validator(kind: str, envelope: bool = False):
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker()

    @checker.checks("uri")
    def is_uri(value) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme) and bool(parts.netloc or parts.path) and " " not in value

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return "T" in value and parsed.tzinfo is not None

    item = item_schema(kind)
    if envelope:
        page = schema("openapi.json")["components"]["schemas"]["Page"]
        item = {
            "allOf": [page],
            "required": list(ENVELOPE),
            "properties": {"contents": {"type": "array", "items": item}},
        }
    Draft202012Validator.check_schema(item)
    return Draft202012Validator(item, format_checker=checker)


def schema_check(data, kind: str, *, envelope: bool = False) -> None:
    errors = sorted(validator(kind, envelope).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


LIST_KINDS = {
    "hsds:services": ("service_list", "service"),
    "hsds:organizations": ("organization_list", "organization"),
    "hsds:service_at_locations": ("service_at_location_list", "service_at_location"),
    "hsds:taxonomies": ("taxonomy", "taxonomy"),
    "hsds:taxonomy_terms": ("taxonomy_term", "taxonomy_term"),
}


def get_page(client, name: str, **params) -> dict:
    """A list answer, checked in both ways."""
    response = client.get(reverse(name), params)
    assert response.status_code == 200, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    schema_kind, own_kind = LIST_KINDS[name]
    if name == "hsds:services" and params.get("full") == "true":
        schema_kind = "service"
    own_check_page(data, own_kind)
    schema_check(data, schema_kind, envelope=True)
    return data


def get_object(client, name: str, pk, kind: str) -> dict:
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    own_check(data, kind)
    schema_check(data, kind)
    return data


def names(data: dict) -> list[str]:
    return [item["name"] for item in data["contents"]]


# --- data -----------------------------------------------------------------------------------


@pytest.fixture
def directory(db):
    """Two published offers, and three that must never appear in the API."""
    make_taxonomies()
    club = make_actor(name="Kulturverein Kalk")
    club.description = "Ein Verein für Kultur im Veedel."
    club.email = "info@kulturverein.example.org"
    club.website = "https://kulturverein.example.org"
    club.phone = "0221 123456"
    club.street, club.postal_code, club.city = "Kalker Hauptstraße 1", "51103", "Köln"
    club.latitude, club.longitude = POINTS["kalk"]
    club.save()
    sprachcafe = make_offer(
        name="Sprachcafé Kalk",
        description="Deutsch üben bei Kaffee und Kuchen.",
        organization=club,
        topics=["bildung"],
        target_groups=["gefluechtete", "familien"],
        languages=["de", "ar"],
        schedules=[("MO", "09:00", "12:00"), ("WE", "14:00", "17:00")],
        phones=["0221 98765"],
        point=POINTS["kalk"],
        location_barrier_free=True,
        is_free=True,
        minimum_age=16,
        maximum_age=99,
        assured_date=datetime.date(2024, 3, 1),
        url="https://sprachcafe.example.org",
        email="sprachcafe@example.org",
    )
    hausaufgaben = make_offer(
        name="Hausaufgabenhilfe Mülheim",
        description="Hilfe bei den Hausaufgaben für Schulkinder.",
        organization_name="Jugendzentrum Mülheim",
        topics=["bildung", "kinder-jugend-familie"],
        target_groups=["kinder"],
        point=POINTS["muelheim"],
        minimum_age=6,
        maximum_age=14,
    )
    hidden = {
        "unpublished": make_offer(name="Entwurf Sprachkurs", is_published=False),
        "defunct": make_offer(name="Eingestellter Sprachkurs", status=ServiceStatus.DEFUNCT),
        "internal": make_offer(
            name="Interner Sprachkurs", organization_name="Internes Netzwerk", actor_public=False
        ),
    }
    return {"sprachcafe": sprachcafe, "hausaufgaben": hausaufgaben, "club": club, **hidden}


# --- root and OpenAPI -----------------------------------------------------------------------


def test_root_names_version_profile_and_the_openapi_document(client):
    response = client.get(reverse("hsds:root"))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["version"] == "3.0"
    assert urlsplit(data["profile"]).scheme == "https"
    assert data["openapi_url"] == "http://testserver/api/hsds/openapi.json"
    document = client.get(urlsplit(data["openapi_url"]).path)
    assert document.status_code == 200
    assert document.json()["openapi"] == "3.1.0"


def _resolve(document: dict, node: dict) -> dict:
    while "$ref" in node and node["$ref"].startswith("#/"):
        target = document
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def test_the_openapi_document_describes_exactly_what_is_served(client):
    document = client.get(reverse("hsds:openapi")).json()
    assert document["servers"] == [{"url": "http://testserver/api/hsds"}]
    accepted = {
        "/": (),
        "/openapi.json": (),
        "/services": query.ServicesQuery.base_fields,
        "/services/{id}": (),
        "/organizations": query.SearchQuery.base_fields,
        "/organizations/{id}": (),
        "/taxonomies": query.SearchQuery.base_fields,
        "/taxonomy_terms": query.TaxonomyTermsQuery.base_fields,
        "/service_at_locations": query.ServiceAtLocationsQuery.base_fields,
    }
    assert set(document["paths"]) == set(accepted)
    for path, params in accepted.items():
        operation = document["paths"][path]["get"]
        documented = {
            _resolve(document, p)["name"]: _resolve(document, p)
            for p in operation.get("parameters", [])
            if _resolve(document, p)["in"] == "query"
        }
        assert set(documented) == set(params), path
        # Only an empty search is no search; any other parameter given empty is refused.
        assert {name for name, p in documented.items() if p["allowEmptyValue"]} == (
            {"search"} & set(params)
        ), path
        assert "200" in operation["responses"] and "400" in operation["responses"], path
        # Every documented path answers (ids: a real one is tested below).
        url = "/api/hsds" + path.replace("{id}", str(uuid.uuid4()))
        status = client.get(url).status_code
        assert status == (404 if "{id}" in path else 200), path
    for ref in re.findall(r'"\$ref": "#/([^"]+)"', json.dumps(document)):
        target = document
        for part in ref.split("/"):
            target = target[part]  # every local reference resolves


def test_the_documents_response_schemas_are_the_copies_served_beside_it(client):
    """Every reference to an HSDS schema is relative to the document and resolves, offline, to
    the repository's copy, which the API serves at that address."""
    document_url = reverse("hsds:openapi")
    refs = set(
        re.findall(
            r'"\$ref": "(schema/[^"#]+)(#[^"]*)?"', json.dumps(client.get(document_url).json())
        )
    )
    assert {file for file, _pointer in refs} == {
        "schema/compiled/service.json",
        "schema/compiled/service_list.json",
        "schema/compiled/organization.json",
        "schema/compiled/organization_list.json",
        "schema/compiled/service_at_location_list.json",
    }
    for file, pointer in refs:
        response = client.get(urljoin(document_url, file))
        assert response.status_code == 200, file
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response.content == (SCHEMA_DIR / file.removeprefix("schema/")).read_bytes()
        target = json.loads(response.content)
        for part in pointer.removeprefix("#/").split("/") if pointer else []:
            target = target[part]
        assert target["type"] == "object" and "id" in target["required"], (file, pointer)
    for wrong in ("schema/../../openapi.py", "schema/compiled/../README.md"):
        assert client.get(document_url.replace("openapi.json", wrong)).status_code == 404
    assert client.get(urljoin(document_url, "schema/nothing.json")).status_code == 404


def test_the_schema_copies_are_the_official_hsds_3_0_schemas():
    """The copies say what they are: HSDS 3.0 objects with the fields the standard requires,
    and a README naming their source, branch and licence."""
    readme = (SCHEMA_DIR / "README.md").read_text(encoding="utf-8")
    assert "github.com/openreferral/specification" in readme
    assert "branch `3.0`" in readme
    assert "CC BY-SA 4.0" in readme
    assert schema("compiled/service.json")["required"] == ["id", "name", "status"]
    assert set(schema("compiled/organization.json")["required"]) == {"id", "name", "description"}
    assert schema("openapi.json")["info"]["title"].startswith("REQUIRED")  # the template itself
    for kind in ("service", "organization", "service_list", "taxonomy_term", "taxonomy"):
        validator(kind)  # each is a valid Draft 2020-12 schema


def test_options_preflight_and_other_methods(client):
    response = client.options(reverse("hsds:services"))
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    response = client.post(reverse("hsds:services"))
    assert response.status_code == 405
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "error" in response.json()


# --- services -------------------------------------------------------------------------------


def test_services_list_only_published_offers_of_public_actors(client, directory):
    data = get_page(client, "hsds:services")
    assert names(data) == ["Hausaufgabenhilfe Mülheim", "Sprachcafé Kalk"]
    assert data["total_items"] == 2
    assert data["total_pages"] == 1 and data["first_page"] and data["last_page"]
    everything = json.dumps(client.get(reverse("hsds:services"), {"search": "Sprachkurs"}).json())
    for key in ("unpublished", "defunct", "internal"):
        assert directory[key].name not in everything
        assert str(directory[key].pk) not in everything
    assert "Internes Netzwerk" not in everything


def test_a_list_entry_has_its_one_to_one_fields_and_organization(client, directory):
    data = get_page(client, "hsds:services", search="Sprachcafé")
    (entry,) = data["contents"]
    offer = directory["sprachcafe"]
    assert entry["id"] == str(offer.pk)
    assert entry["status"] == "active"
    assert entry["minimum_age"] == 16 and entry["maximum_age"] == 99
    assert entry["assured_date"] == "2024-03-01"
    assert entry["url"] == "https://sprachcafe.example.org"
    assert entry["organization"]["name"] == "Kulturverein Kalk"
    assert entry["organization"]["phones"][0]["number"] == "0221 123456"
    assert "alternate_name" not in entry  # empty optional fields are left out
    assert "application_process" not in entry


def test_service_detail_is_fully_nested(client, directory):
    offer = directory["sprachcafe"]
    data = get_object(client, "hsds:service", offer.pk, "service")
    assert data["name"] == "Sprachcafé Kalk"
    codes = {a["taxonomy_term"]["code"]: a for a in data["attributes"]}
    assert set(codes) == {"bildung", "gefluechtete", "familien"}
    assert codes["gefluechtete"]["link_type"] == "audience"
    assert codes["bildung"]["link_type"] == "topic"
    assert codes["bildung"]["taxonomy_term"]["taxonomy_detail"]["name"] == "Themenfelder"
    assert {lang["code"] for lang in data["languages"]} == {"de", "ar"}
    assert data["phones"][0]["number"] == "0221 98765"
    assert data["cost_options"][0]["amount"] == 0
    (at_location,) = data["service_at_locations"]
    hours = {(s["byday"], s["opens_at"], s["closes_at"]) for s in at_location["schedules"]}
    assert hours == {("MO", "09:00", "12:00"), ("WE", "14:00", "17:00")}
    location = at_location["location"]
    assert location["addresses"][0]["postal_code"] == "51103"
    assert location["addresses"][0]["city"] == "Köln"
    assert location["accessibility"][0]["description"]
    assert location["latitude"] == pytest.approx(POINTS["kalk"][0])


def test_ids_of_derived_objects_stay_the_same(client, directory):
    url = reverse("hsds:service", args=[directory["sprachcafe"].pk])
    first, second = client.get(url).json(), client.get(url).json()
    assert first == second
    assert first["attributes"][0]["id"] != first["attributes"][1]["id"]


def test_schedules_without_a_location_sit_on_the_service(client, directory):
    offer = make_offer(name="Telefonberatung", point=None, schedules=[("FR", "10:00", "11:30")])
    data = get_object(client, "hsds:service", offer.pk, "service")
    assert "service_at_locations" not in data
    assert [(s["byday"], s["opens_at"]) for s in data["schedules"]] == [("FR", "10:00")]
    assert Schedule.objects.filter(offer=offer).count() == 1


@pytest.mark.parametrize("key", ["unpublished", "defunct", "internal"])
def test_hidden_offers_are_not_found_by_id(client, directory, key):
    response = client.get(reverse("hsds:service", args=[directory[key].pk]))
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert directory[key].name not in response.content.decode()


def test_full_lists_validate_as_nested_services(client, directory):
    data = get_page(client, "hsds:services", full="true")
    assert {len(item["attributes"]) for item in data["contents"]} == {3}


# --- filters and paging ---------------------------------------------------------------------


def _term(taxonomy: str, code: str) -> str:
    return str(TaxonomyTerm.objects.get(taxonomy__slug=taxonomy, code=code).pk)


def test_filters_combine_with_and(client, directory):
    bildung = _term(TOPICS_SLUG, "bildung")
    kinder = _term(TARGET_GROUPS_SLUG, "kinder")
    assert len(names(get_page(client, "hsds:services", taxonomy_term_id=bildung))) == 2
    both = get_page(client, "hsds:services", taxonomy_term_id=[bildung, kinder])
    assert names(both) == ["Hausaufgabenhilfe Mülheim"]
    commas = get_page(client, "hsds:services", taxonomy_term_id=f"{bildung},{kinder}")
    assert names(commas) == names(both)
    text_and_two_filters = get_page(
        client,
        "hsds:services",
        search="Hausaufgaben",
        taxonomy_term_id=bildung,
        organization_id=str(directory["hausaufgaben"].organization_id),
    )
    assert names(text_and_two_filters) == ["Hausaufgabenhilfe Mülheim"]
    none = get_page(client, "hsds:services", search="Kaffee", taxonomy_term_id=kinder)
    assert none["contents"] == [] and none["empty"] and none["total_pages"] == 0


def test_taxonomy_organization_age_and_language_filters(client, directory):
    topics = str(make_taxonomies()[0].pk)
    assert len(names(get_page(client, "hsds:services", taxonomy_id=topics))) == 2
    club = str(directory["club"].pk)
    assert names(get_page(client, "hsds:services", organization_id=club)) == ["Sprachcafé Kalk"]
    assert names(get_page(client, "hsds:services", age="10")) == ["Hausaufgabenhilfe Mülheim"]
    assert names(get_page(client, "hsds:services", age="30")) == ["Sprachcafé Kalk"]
    assert names(get_page(client, "hsds:services", language="ar")) == ["Sprachcafé Kalk"]
    assert get_page(client, "hsds:services", language="tr")["empty"]


def test_search_finds_word_stems_and_umlauts(client, directory):
    assert names(get_page(client, "hsds:services", search="sprachcafe")) == ["Sprachcafé Kalk"]
    assert names(get_page(client, "hsds:services", search="Mulheim Hausaufgabe")) == [
        "Hausaufgabenhilfe Mülheim"
    ]


def test_modified_after(client, directory):
    past = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert len(names(get_page(client, "hsds:services", modified_after=past))) == 2
    assert get_page(client, "hsds:services", modified_after=future)["empty"]
    Offer.objects.filter(pk=directory["hausaufgaben"].pk).update(
        modified=timezone.now() + datetime.timedelta(days=2)
    )
    later = get_page(client, "hsds:services", modified_after=future)
    assert names(later) == ["Hausaufgabenhilfe Mülheim"]


def test_paging_envelope(client, directory):
    for i in range(3):
        make_offer(name=f"Zusatzangebot {i}")
    first = get_page(client, "hsds:services", per_page="2")
    assert (first["total_items"], first["total_pages"], first["page_number"]) == (5, 3, 1)
    assert first["first_page"] and not first["last_page"] and first["size"] == 2
    last = get_page(client, "hsds:services", per_page="2", page="3")
    assert last["last_page"] and not last["first_page"] and last["size"] == 1
    seen = names(first) + names(get_page(client, "hsds:services", per_page="2", page="2"))
    assert len(set(seen + names(last))) == 5  # a stable order: nothing twice, nothing lost


def test_many_matches_are_paged_by_name_and_counted_exactly_until_a_change(client, db, monkeypatch):
    """Beyond the count cap a search is read along the names (core/paging.py), and
    ``total_items`` stays exact: counted once, and again after any change to the data."""
    monkeypatch.setattr(paging, "COUNT_SHOWN_UP_TO", 20)
    monkeypatch.setattr(paging, "SORTED_UP_TO", 20)  # as if 36 were many
    for index in range(36):
        make_offer(name=f"{chr(ord('Z') - index % 26)} Beratung {index:02}", point=None)
    make_offer(name="A Sprachcafé", description="Deutsch üben", point=None)
    expected = sorted(Offer.objects.exclude(name="A Sprachcafé").values_list("name", flat=True))
    pages = [
        get_page(client, "hsds:services", search="Beratung", per_page="10", page=str(number))
        for number in (1, 2, 3, 4)  # 1 and 2 walked along the names, 3 and 4 sorted
    ]
    assert [(p["total_items"], p["total_pages"]) for p in pages] == [(36, 4)] * 4
    assert [name for page in pages for name in names(page)] == expected
    with CaptureQueriesContext(connection) as again:
        assert get_page(client, "hsds:services", search="Beratung", per_page="10") == pages[0]
    assert not [q for q in again.captured_queries if "COUNT(" in q["sql"]]  # kept
    make_offer(name="Beratung am Abend", point=None)
    assert get_page(client, "hsds:services", search="Beratung")["total_items"] == 37


def test_proximity_orders_by_distance_and_keeps_to_the_radius(client, directory):
    kalk_lat, kalk_lon = POINTS["kalk"]
    near_kalk = get_page(
        client, "hsds:services", lat=str(kalk_lat), lon=str(kalk_lon), radius="10000"
    )
    assert names(near_kalk) == ["Sprachcafé Kalk", "Hausaufgabenhilfe Mülheim"]
    mh_lat, mh_lon = POINTS["muelheim"]
    near_muelheim = get_page(
        client, "hsds:services", lat=str(mh_lat), lon=str(mh_lon), radius="10000"
    )
    assert names(near_muelheim) == ["Hausaufgabenhilfe Mülheim", "Sprachcafé Kalk"]
    only_close = get_page(client, "hsds:services", lat=str(mh_lat), lon=str(mh_lon), radius="500")
    assert names(only_close) == ["Hausaufgabenhilfe Mülheim"]
    # Kalk to Mülheim is about 2.8 km: just outside 2.5 km, inside 3 km.
    assert names(get_page(client, "hsds:services", lat=kalk_lat, lon=kalk_lon, radius=2500)) == [
        "Sprachcafé Kalk"
    ]
    assert (
        len(names(get_page(client, "hsds:services", lat=kalk_lat, lon=kalk_lon, radius=3000))) == 2
    )
    chorweiler = get_page(client, "hsds:services", lat=51.0235, lon=6.8950, radius=1000)
    assert chorweiler["empty"]
    paged = get_page(
        client, "hsds:services", lat=kalk_lat, lon=kalk_lon, radius=10000, per_page=1, page=2
    )
    assert names(paged) == ["Hausaufgabenhilfe Mülheim"] and paged["total_pages"] == 2


def test_proximity_with_filters_and_full(client, directory):
    bildung = _term(TOPICS_SLUG, "bildung")
    data = get_page(
        client,
        "hsds:services",
        lat=POINTS["kalk"][0],
        lon=POINTS["kalk"][1],
        radius=10000,
        taxonomy_term_id=bildung,
        search="Hausaufgaben",
        full="true",
    )
    assert names(data) == ["Hausaufgabenhilfe Mülheim"]
    assert data["contents"][0]["service_at_locations"]


# --- organizations --------------------------------------------------------------------------


def test_organizations_are_the_public_actors(client, directory):
    data = get_page(client, "hsds:organizations", per_page="100")
    listed = set(names(data))
    assert {"Kulturverein Kalk", "Jugendzentrum Mülheim"} <= listed
    assert "Internes Netzwerk" not in listed
    assert set(Actor.objects.filter(is_public=False).values_list("name", flat=True)).isdisjoint(
        listed
    )
    found = get_page(client, "hsds:organizations", search="kulturverein kalk")
    assert names(found) == ["Kulturverein Kalk"]


def test_organization_detail_with_address_and_published_services(client, directory):
    club = directory["club"]
    make_offer(name="Geheimes Angebot", organization=club, is_published=False)
    data = get_object(client, "hsds:organization", club.pk, "organization")
    assert data["description"] == "Ein Verein für Kultur im Veedel."
    assert [s["name"] for s in data["services"]] == ["Sprachcafé Kalk"]
    assert data["locations"][0]["addresses"][0]["address_1"] == "Kalker Hauptstraße 1"
    assert data["website"] == "https://kulturverein.example.org"


def test_an_organization_without_description_is_described_by_its_kind(client, directory):
    actor = make_actor(name="Ohne Beschreibung")
    data = get_object(client, "hsds:organization", actor.pk, "organization")
    assert data["description"]
    assert "locations" not in data and "services" not in data


def test_internal_actors_are_not_found(client, directory):
    internal = directory["internal"].organization
    response = client.get(reverse("hsds:organization", args=[internal.pk]))
    assert response.status_code == 404
    assert "Internes Netzwerk" not in response.content.decode()


# --- taxonomies and service_at_locations ----------------------------------------------------


def test_taxonomies_and_terms(client, directory):
    data = get_page(client, "hsds:taxonomies")
    assert set(names(data)) >= {"Themenfelder", "Zielgruppen"}
    targets = next(t for t in data["contents"] if t["name"] == "Zielgruppen")
    terms = get_page(client, "hsds:taxonomy_terms", taxonomy_id=targets["id"], per_page="100")
    codes = [t["code"] for t in terms["contents"]]
    assert "gefluechtete" in codes and "bildung" not in codes
    assert {t["taxonomy_id"] for t in terms["contents"]} == {targets["id"]}
    top = get_page(client, "hsds:taxonomy_terms", top_only="true", search="Kinder")
    assert "Kinder" in names(top)


def test_service_at_locations(client, directory):
    data = get_page(client, "hsds:service_at_locations")
    assert [item["service"]["name"] for item in data["contents"]] == [
        "Hausaufgabenhilfe Mülheim",
        "Sprachcafé Kalk",
    ]
    by_code = get_page(client, "hsds:service_at_locations", postcode="51103")
    assert [item["service"]["name"] for item in by_code["contents"]] == ["Sprachcafé Kalk"]
    near = get_page(
        client,
        "hsds:service_at_locations",
        lat=POINTS["muelheim"][0],
        lon=POINTS["muelheim"][1],
        radius=50000,
    )
    assert [item["service"]["name"] for item in near["contents"]][0] == (
        "Hausaufgabenhilfe Mülheim"
    )
    text = json.dumps(near)
    for key in ("unpublished", "defunct", "internal"):
        assert directory[key].name not in text


# --- speed: the number of queries does not grow with the data -------------------------------


def _count_queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("hsds:services", {"per_page": "50"}),
        ("hsds:services", {"per_page": "50", "full": "true"}),
        ("hsds:services", {"per_page": "50", "search": "Angebot", "full": "true"}),
        ("hsds:services", {"lat": "50.9395", "lon": "6.999", "radius": "20000", "full": "true"}),
        ("hsds:service_at_locations", {"per_page": "50"}),
        ("hsds:organizations", {"per_page": "50"}),
        ("hsds:taxonomy_terms", {"per_page": "50"}),
    ],
)
def test_query_counts_do_not_grow_with_the_data(client, directory, name, params):
    url = reverse(name)
    bildung = _term(TOPICS_SLUG, "bildung")
    params = dict(params)
    if name == "hsds:services" and "lat" not in params:
        params["taxonomy_term_id"] = bildung
    for i in range(2):
        make_offer(name=f"Angebot {i}", topics=["bildung"], target_groups=["kinder"])
    few = _count_queries(client, url, params)
    for i in range(2, 8):
        make_offer(
            name=f"Angebot {i}",
            topics=["bildung", "sport"],
            target_groups=["kinder", "alle"],
            languages=["de", "tr", "ar"],
            schedules=[("MO", "09:00", "10:00"), ("TU", "09:00", "10:00")],
            phones=["0221 1", "0221 2"],
            point=POINTS["ehrenfeld"],
        )
    assert _count_queries(client, url, params) == few


def test_service_detail_query_count_is_fixed(client, directory):
    small = make_offer(name="Klein", languages=["de"], schedules=[])
    big = make_offer(
        name="Groß",
        topics=["bildung", "sport", "kultur"],
        target_groups=["kinder", "alle"],
        languages=["de", "tr", "ar", "ru"],
        schedules=[("MO", "09:00", "10:00"), ("TU", "09:00", "10:00"), ("FR", "09:00", "10:00")],
        phones=["0221 1", "0221 2"],
    )
    counts = [
        _count_queries(client, reverse("hsds:service", args=[offer.pk]), {})
        for offer in (small, big)
    ]
    assert counts[0] == counts[1]


# --- what a sparse offer looks like -------------------------------------------------------


def test_a_service_without_optional_data_leaves_those_fields_out(client):
    """An offer with nothing but a name: no empty strings, lists or nulls, only what it has,
    and still a valid HSDS service."""
    offer = make_offer(name="Nur ein Name", description="", languages=[], schedules=[], point=None)
    data = get_object(client, "hsds:service", offer.pk, "service")
    assert set(data) == {
        "id",
        "name",
        "status",
        "organization_id",
        "organization",
        "last_modified",
    }
    assert data["name"] == "Nur ein Name"
    assert data["status"] == "active"
    listed = get_page(client, "hsds:services")["contents"]
    assert [set(item) for item in listed] == [set(data)]
