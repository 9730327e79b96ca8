"""The OpenAPI 3.1 document of Veedel's HSDS API, served at /api/hsds/openapi.json.

It describes exactly what ``veedel.offers.api`` serves: the paths, every query parameter each
path accepts (taken from the query forms of ``api/query.py``; any other answers 400), the
values each accepts, the list envelope and the errors. Response objects refer to the official
compiled JSON Schemas of HSDS 3.0 by relative references (``schema/compiled/service.json``):
the API serves its copies of them (``api/schema/``) beside the document, so they resolve
without the internet. A schemathesis test checks that document and API agree.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

from django.conf import settings

from veedel.core.queryforms import MAX_PAGE
from veedel.offers.api.query import (
    DEFAULT_PER_PAGE,
    DEFAULT_RADIUS_METRES,
    LANGUAGE_CODE_PATTERN,
    MAX_AGE,
    MAX_PER_PAGE,
    MAX_POSTCODE_LENGTH,
    MAX_RADIUS_METRES,
    MAX_REPEATED,
    MAX_SEARCH_LENGTH,
    POSTCODE_PATTERN,
    SearchQuery,
    ServiceAtLocationsQuery,
    ServicesQuery,
    TaxonomyTermsQuery,
)

#: The copies of the official schemas, served under /api/hsds/schema/.
SCHEMA_DIR = Path(__file__).resolve().parent / "api" / "schema"
SCHEMA_FILES = frozenset(str(path.relative_to(SCHEMA_DIR)) for path in SCHEMA_DIR.rglob("*.json"))
#: Relative to the document's address (/api/hsds/openapi.json).
SCHEMA_BASE = "schema"
TERM_IN_SERVICE = "#/properties/attributes/items/properties/taxonomy_term"
UUID = {"type": "string", "format": "uuid"}
EMPTY_REFUSED = " Given with an empty value, it answers 400."


def _version() -> str:
    try:
        return package_version("veedel")
    except PackageNotFoundError:  # pragma: no cover - running from a plain source tree
        return "0"


def _query(name: str, description: str, schema: dict, *, empty: bool = False, **extra) -> dict:
    """A query parameter; only those with ``empty`` may be given with an empty value."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description + ("" if empty else EMPTY_REFUSED),
        "schema": schema,
        "allowEmptyValue": empty,
        **extra,
    }


def _ids(name: str, description: str) -> dict:
    return _query(
        name,
        description + f" Repeat the parameter or separate ids by commas (at most {MAX_REPEATED}); "
        "all must apply. An id that does not exist answers 400.",
        {"type": "array", "items": UUID, "maxItems": MAX_REPEATED},
        style="form",
        explode=True,
    )


PARAMETERS = {
    "page": _query(
        "page",
        "Page number, from 1. A page past the end (past the first when nothing matches) "
        "answers 400.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    ),
    "per_page": _query(
        "per_page",
        "Number of entries per page.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
    ),
    "search": _query(
        "search",
        "Full-text search (German word stems; every word must match, a word's beginning "
        f"finds longer words), at most {MAX_SEARCH_LENGTH} characters. Empty: no search.",
        {"type": "string", "maxLength": MAX_SEARCH_LENGTH},
        empty=True,
    ),
    "taxonomy_term_id": _ids("taxonomy_term_id", "Services with this taxonomy term."),
    "taxonomy_id": _ids("taxonomy_id", "Services with any term of this taxonomy."),
    "organization_id": _query(
        "organization_id",
        "Services of this organization. An id of no public organization answers 400.",
        UUID,
    ),
    "modified_after": _query(
        "modified_after",
        "Services modified on or after this moment (ISO 8601, e.g. 2024-05-01T00:00:00Z; "
        "write a '+' in the offset as %2B; without an offset, local time).",
        {"type": "string", "format": "date-time"},
    ),
    "age": _query(
        "age",
        "Services open to a person of this age in years.",
        {"type": "integer", "minimum": 0, "maximum": MAX_AGE},
    ),
    "language": _query(
        "language",
        "Services offered in this language (ISO 639-1 code in small letters, e.g. tr).",
        {"type": "string", "pattern": LANGUAGE_CODE_PATTERN.pattern},
    ),
    "lat": _query(
        "lat",
        "Latitude (WGS84) of the centre of a proximity search; without lon it answers 400. "
        "Results are ordered by distance.",
        {"type": "number", "minimum": -90, "maximum": 90},
    ),
    "lon": _query(
        "lon",
        "Longitude (WGS84) of the centre of a proximity search; without lat it answers 400.",
        {"type": "number", "minimum": -180, "maximum": 180},
    ),
    "radius": _query(
        "radius",
        "Radius of the proximity search in metres; without lat and lon it answers 400.",
        {
            "type": "number",
            "minimum": 1,
            "maximum": MAX_RADIUS_METRES,
            "default": DEFAULT_RADIUS_METRES,
        },
    ),
    "full": _query(
        "full",
        "true: fully nested services, as /services/{id} returns them.",
        {"type": "boolean", "default": False},
    ),
    "postcode": _query(
        "postcode",
        "Only locations with this postal code.",
        {
            "type": "string",
            "maxLength": MAX_POSTCODE_LENGTH,
            "pattern": POSTCODE_PATTERN.pattern,
        },
    ),
    "parent_id": _query(
        "parent_id", "Terms below this term. An id that does not exist answers 400.", UUID
    ),
    "top_only": _query(
        "top_only", "true: only terms without a parent.", {"type": "boolean", "default": False}
    ),
}
SEARCH_ONLY = {
    **PARAMETERS["search"],
    "description": "Words that must all appear in the name or description.",
}
TAXONOMY_ID_FILTER = {
    **PARAMETERS["taxonomy_id"],
    "description": "Terms of this taxonomy. An id that does not exist answers 400." + EMPTY_REFUSED,
    "schema": UUID,
}
TAXONOMY_ID_FILTER.pop("style")
TAXONOMY_ID_FILTER.pop("explode")


# The parameters of each list, as its query form reads them; where a name means something
# else on one list, the document names its variant.
VARIANTS = {
    "/organizations": {"search": "search_words"},
    "/taxonomies": {"search": "search_words"},
    "/taxonomy_terms": {"search": "search_words", "taxonomy_id": "taxonomy"},
}
FORMS = {
    "/services": ServicesQuery,
    "/organizations": SearchQuery,
    "/taxonomies": SearchQuery,
    "/taxonomy_terms": TaxonomyTermsQuery,
    "/service_at_locations": ServiceAtLocationsQuery,
}


def _parameters_of(path: str) -> list[dict]:
    variants = VARIANTS.get(path, {})
    return [
        {"$ref": f"#/components/parameters/{variants.get(name, name)}"}
        for name in FORMS[path].base_fields
    ]


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _page_of(item_schema: str, description: str) -> dict:
    return _json(
        {
            "allOf": [{"$ref": "#/components/schemas/Page"}],
            "properties": {"contents": {"type": "array", "items": {"$ref": item_schema}}},
        },
        description,
    )


ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
}
NOT_FOUND = {"404": {"$ref": "#/components/responses/NotFound"}}
ID_PATH = {
    "in": "path",
    "name": "id",
    "required": True,
    "description": "The UUID of the object. Anything but a UUID answers 400.",
    "schema": UUID,
}


def document(base_url: str) -> dict:
    """The document; ``base_url`` is the absolute address of the API root."""
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": f"{settings.VEEDEL_SITE_NAME} – offers directory (HSDS 3.0)",
            "version": _version(),
            "summary": "Offers (services) of the social-space coordination, as Open Referral "
            "HSDS 3.0.",
            "description": (
                "Read-only, public, no key needed. Lists only published offers of public "
                "organizations. Every answer carries Access-Control-Allow-Origin: *. "
                "Optional fields without a value are left out. Unknown query parameters, "
                "parameters given twice or with an empty value (except search), malformed "
                "values, ids of nothing, lat/lon/radius without their partners and pages past "
                'the end answer 400 with {"error": …, "parameter": …}. Only GET (and HEAD, '
                "OPTIONS) is allowed; any other method answers 405. The HSDS schemas the "
                "answers follow are served beside this document under schema/ (copies of "
                "the official ones, CC BY-SA 4.0)."
            ),
            "license": {"name": "GNU AGPL 3.0 or later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": {
            "/": {
                "get": {
                    "operationId": "getAPIMetaInformation",
                    "summary": "Information about this API and its relationship with HSDS.",
                    "responses": {
                        "200": _json(
                            {
                                "type": "object",
                                "required": ["version", "profile", "openapi_url"],
                                "properties": {
                                    "version": {"type": "string"},
                                    "profile": {"type": "string", "format": "uri"},
                                    "openapi_url": {"type": "string", "format": "uri"},
                                },
                            },
                            "HSDS version, profile and the address of this document.",
                        ),
                        **ERRORS,
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenAPIDocument",
                    "summary": "This document.",
                    "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1"), **ERRORS},
                }
            },
            "/services": {
                "get": {
                    "operationId": "getPaginatedListOfServices",
                    "summary": "Published services, ordered by name (by distance with lat/lon).",
                    "parameters": _parameters_of("/services"),
                    "responses": {
                        "200": _page_of(
                            f"{SCHEMA_BASE}/compiled/service_list.json",
                            "A page of services with their organization.",
                        ),
                        **ERRORS,
                    },
                }
            },
            "/services/{id}": {
                "parameters": [ID_PATH],
                "get": {
                    "operationId": "getFullyNestedServiceById",
                    "summary": "A fully nested service.",
                    "responses": {
                        "200": _json(
                            {"$ref": f"{SCHEMA_BASE}/compiled/service.json"},
                            "The service with locations, schedules, phones, languages, "
                            "taxonomy terms (attributes) and cost options.",
                        ),
                        **ERRORS,
                        **NOT_FOUND,
                    },
                },
            },
            "/organizations": {
                "get": {
                    "operationId": "getPaginatedListOfOrganizations",
                    "summary": "Public organizations, ordered by name.",
                    "parameters": _parameters_of("/organizations"),
                    "responses": {
                        "200": _page_of(
                            f"{SCHEMA_BASE}/compiled/organization_list.json",
                            "A page of organizations.",
                        ),
                        **ERRORS,
                    },
                }
            },
            "/organizations/{id}": {
                "parameters": [ID_PATH],
                "get": {
                    "operationId": "getOrganizationById",
                    "summary": "An organization with its address and its published services.",
                    "responses": {
                        "200": _json(
                            {"$ref": f"{SCHEMA_BASE}/compiled/organization.json"},
                            "The organization.",
                        ),
                        **ERRORS,
                        **NOT_FOUND,
                    },
                },
            },
            "/taxonomies": {
                "get": {
                    "operationId": "getPaginatedListOfTaxonomies",
                    "summary": "The taxonomies (topic fields, target groups).",
                    "parameters": _parameters_of("/taxonomies"),
                    "responses": {
                        "200": _page_of(
                            f"{SCHEMA_BASE}/compiled/service.json{TERM_IN_SERVICE}"
                            "/properties/taxonomy_detail",
                            "A page of taxonomies.",
                        ),
                        **ERRORS,
                    },
                }
            },
            "/taxonomy_terms": {
                "get": {
                    "operationId": "getPaginatedListOfTaxonomyTerms",
                    "summary": "Taxonomy terms, ordered by taxonomy and order.",
                    "parameters": _parameters_of("/taxonomy_terms"),
                    "responses": {
                        "200": _page_of(
                            f"{SCHEMA_BASE}/compiled/service.json{TERM_IN_SERVICE}",
                            "A page of taxonomy terms.",
                        ),
                        **ERRORS,
                    },
                }
            },
            "/service_at_locations": {
                "get": {
                    "operationId": "getPaginatedListOfServiceAtLocation",
                    "summary": "Published services at their locations, with the same filters "
                    "as /services; with lat/lon the distance is that of the location.",
                    "parameters": _parameters_of("/service_at_locations"),
                    "responses": {
                        "200": _page_of(
                            f"{SCHEMA_BASE}/compiled/service_at_location_list.json",
                            "A page of services at locations.",
                        ),
                        **ERRORS,
                    },
                }
            },
        },
        "components": {
            "parameters": {
                **PARAMETERS,
                "search_words": SEARCH_ONLY,
                "taxonomy": TAXONOMY_ID_FILTER,
            },
            "schemas": {
                "Page": {
                    "type": "object",
                    "required": [
                        "total_items",
                        "total_pages",
                        "page_number",
                        "size",
                        "first_page",
                        "last_page",
                        "empty",
                        "contents",
                    ],
                    "properties": {
                        "total_items": {"type": "integer", "minimum": 0},
                        "total_pages": {"type": "integer", "minimum": 0},
                        "page_number": {"type": "integer", "minimum": 1},
                        "size": {"type": "integer", "minimum": 0},
                        "first_page": {"type": "boolean"},
                        "last_page": {"type": "boolean"},
                        "empty": {"type": "boolean"},
                        "contents": {"type": "array"},
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {"type": "string", "description": "What is wrong, in words."},
                        "parameter": {
                            "type": "string",
                            "description": "The query parameter at fault.",
                        },
                    },
                },
            },
            "responses": {
                "BadRequest": _json(
                    {"$ref": "#/components/schemas/Error"},
                    "A parameter is unknown, given twice or empty, malformed, names nothing, "
                    "lacks its partner (lat/lon), or the page is past the end. "
                    "`parameter` names it.",
                ),
                "NotFound": _json(
                    {"$ref": "#/components/schemas/Error"},
                    "No published object with this id.",
                ),
            },
        },
    }
