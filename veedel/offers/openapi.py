"""The OpenAPI 3.1 document of Veedel's HSDS API, served at /api/hsds/openapi.json.

It describes exactly what ``veedel.offers.api`` serves: the paths, every query parameter each
path accepts (any other answers 400), the list envelope and the errors. Response objects refer
to the compiled JSON Schemas of HSDS 3.0, as the reference document of Open Referral does.
A test compares the parameters listed here with those the views accept.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

from django.conf import settings

from veedel.offers.api.query import (
    DEFAULT_PER_PAGE,
    DEFAULT_RADIUS_METRES,
    MAX_AGE,
    MAX_PER_PAGE,
    MAX_RADIUS_METRES,
    MAX_REPEATED,
    MAX_SEARCH_LENGTH,
    SERVICE_FILTERS,
)

SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema"
UUID = {"type": "string", "format": "uuid"}


def _version() -> str:
    try:
        return package_version("veedel")
    except PackageNotFoundError:  # pragma: no cover - running from a plain source tree
        return "0"


def _query(name: str, description: str, schema: dict, **extra) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
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
        "Page number, from 1. A page past the end answers 400.",
        {"type": "integer", "minimum": 1, "default": 1},
    ),
    "per_page": _query(
        "per_page",
        "Number of entries per page.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
    ),
    "search": _query(
        "search",
        "Full-text search (German word stems; every word must match, a word's beginning "
        "finds longer words).",
        {"type": "string", "maxLength": MAX_SEARCH_LENGTH},
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
        "write a '+' in the offset as %2B).",
        {"type": "string", "format": "date-time"},
    ),
    "age": _query(
        "age",
        "Services open to a person of this age in years.",
        {"type": "integer", "minimum": 0, "maximum": MAX_AGE},
    ),
    "language": _query(
        "language",
        "Services offered in this language (ISO 639-1 code, e.g. tr).",
        {"type": "string", "pattern": "^[a-z]{2,3}$"},
    ),
    "lat": _query(
        "lat",
        "Latitude (WGS84) of the centre of a proximity search; needs lon. Results are ordered "
        "by distance.",
        {"type": "number", "minimum": -90, "maximum": 90},
    ),
    "lon": _query(
        "lon",
        "Longitude (WGS84) of the centre of a proximity search; needs lat.",
        {"type": "number", "minimum": -180, "maximum": 180},
    ),
    "radius": _query(
        "radius",
        "Radius of the proximity search in metres; needs lat and lon.",
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
        {"type": "string", "maxLength": 10},
    ),
    "parent_id": _query("parent_id", "Terms below this term.", UUID),
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
    "description": "Terms of this taxonomy. An id that does not exist answers 400.",
    "schema": UUID,
}
TAXONOMY_ID_FILTER.pop("style")
TAXONOMY_ID_FILTER.pop("explode")


def _refs(*names: str) -> list[dict]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


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
                "malformed values, ids of nothing and pages past the end answer 400 with "
                '{"error": …, "parameter": …}.'
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
                    "parameters": _refs("page", "per_page", *SERVICE_FILTERS, "full"),
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
                    "parameters": _refs("page", "per_page", "search_words"),
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
                    "parameters": _refs("page", "per_page", "search_words"),
                    "responses": {
                        "200": _page_of(f"{SCHEMA_BASE}/taxonomy.json", "A page of taxonomies."),
                        **ERRORS,
                    },
                }
            },
            "/taxonomy_terms": {
                "get": {
                    "operationId": "getPaginatedListOfTaxonomyTerms",
                    "summary": "Taxonomy terms, ordered by taxonomy and order.",
                    "parameters": _refs(
                        "page", "per_page", "search_words", "taxonomy", "parent_id", "top_only"
                    ),
                    "responses": {
                        "200": _page_of(
                            f"{SCHEMA_BASE}/taxonomy_term.json", "A page of taxonomy terms."
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
                    "parameters": _refs("page", "per_page", *SERVICE_FILTERS, "postcode"),
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
                    "A parameter is unknown, malformed, names nothing, or the page is past "
                    "the end.",
                ),
                "NotFound": _json(
                    {"$ref": "#/components/schemas/Error"},
                    "No published object with this id.",
                ),
            },
        },
    }
