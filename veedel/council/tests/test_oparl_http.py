"""Everything under /oparl/v1/ answers JSON with CORS: unknown paths, other methods (never
Django's CSRF page), paths without their trailing slash, unknown or repeated parameters, ids
no database holds; gzipped when the client asks."""

from __future__ import annotations

import gzip
import json

import pytest
from django.test import Client

from veedel.council.models import File, FileRole

pytestmark = pytest.mark.django_db

API = "/oparl/v1/"


@pytest.fixture
def strict():
    """A client that, like a browser, is held to Django's CSRF check."""
    return Client(enforce_csrf_checks=True)


def _json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    error = json.loads(response.content)
    assert error["type"] == "Error" and error["code"] == status
    return error


def _paths(council) -> list[str]:
    return [
        API,
        f"{API}bodies/",
        f"{API}bodies/{council.body_id}/papers/",
        f"{API}papers/{council.pk}/",
        f"{API}gibt-es-nicht/",
    ]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "QUERY"])
def test_other_methods_are_a_json_405_not_a_csrf_page(strict, council, method):
    for path in _paths(council):
        response = strict.generic(method, path, b"{}", content_type="application/json")
        _json_error(response, 405)
        assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_a_preflight_is_answered(strict, council):
    response = strict.options(f"{API}bodies/{council.body_id}/papers/")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize(
    "path",
    ["gibt-es-nicht/", "gibt/es/nicht", "papers/abc/", "papers/99999999999999999999/", "files/"],
)
def test_unknown_paths_and_ids_are_a_json_404(client, council, path):
    error = _json_error(client.get(API + path), 404)
    assert error["message"]


def test_paths_without_their_trailing_slash_answer_as_with_it(client, council):
    for path in (API, f"{API}bodies/", f"{API}papers/{council.pk}/"):
        with_slash = client.get(path)
        without = client.get(path.rstrip("/"))
        assert without.status_code == 200, path
        assert without["Access-Control-Allow-Origin"] == "*"
        assert without.json() == with_slash.json()


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        ("bodies/{body}/papers/", "seite=2", "seite"),
        ("bodies/{body}/papers/", "limit=5&limit=6", "limit"),
        ("bodies/{body}/papers/", "modified_since=", "modified_since"),
        ("papers/{paper}/", "format=xml", "format"),
        ("", "callback=x", "callback"),
    ],
)
def test_unknown_repeated_or_empty_parameters_are_a_400_naming_them(
    client, council, path, query, parameter
):
    url = API + path.format(body=council.body_id, paper=council.pk) + "?" + query
    error = _json_error(client.get(url), 400)
    assert error["parameter"] == parameter and parameter in error["message"]


def test_answers_are_gzipped_when_asked(client, council):
    url = f"{API}bodies/{council.body_id}/papers/"
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert packed["Access-Control-Allow-Origin"] == "*"
    assert json.loads(gzip.decompress(packed.content)) == plain.json()
    # File downloads are sent as they are.
    document = File.objects.get(paper=council, role=FileRole.MAIN)
    download = client.get(f"{API}files/{document.pk}/download/", HTTP_ACCEPT_ENCODING="gzip")
    assert download.status_code == 200 and "Content-Encoding" not in download
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_head_answers_without_a_body(client, council):
    response = client.head(f"{API}papers/{council.pk}/")
    assert response.status_code == 200 and response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"
