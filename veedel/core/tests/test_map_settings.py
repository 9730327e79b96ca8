"""The map background setting: basemap.de by default, a city's own tile server, or none; the
content security policy allows images from exactly that origin. No test reaches the tiles."""

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

BASEMAP = "https://sgx.geodatenzentrum.de"
ROOT = Path(__file__).resolve().parents[3]


def _settings_with(env: dict) -> dict:
    """MAP_TILE_URL, MAP_TILE_ATTRIBUTION and the CSP's img-src as veedel.settings reads them
    from the environment (in a fresh interpreter, as a server would start)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("VEEDEL_MAP_TILE")}
    environment.update(env)
    code = (
        "import json, veedel.settings as s; print(json.dumps([s.MAP_TILE_URL, "
        "s.MAP_TILE_ATTRIBUTION, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    url, attribution, img_src = json.loads(out.strip().splitlines()[-1])
    return {"url": url, "attribution": attribution, "img_src": img_src}


def test_the_default_background_is_basemap_de_with_its_credit():
    read = _settings_with({})
    assert read["url"] == (
        "https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/"
        "de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png"
    )
    assert "© GeoBasis-DE / BKG (" in read["attribution"]
    assert "CC BY 4.0" in read["attribution"]
    assert read["img_src"] == ["'self'", "data:", BASEMAP]


@pytest.mark.parametrize("value", ["", "off", "OFF", " off "])
def test_the_background_can_be_switched_off(value):
    read = _settings_with({"VEEDEL_MAP_TILE_URL": value})
    assert read == {"url": "", "attribution": "", "img_src": ["'self'", "data:"]}


def test_a_city_points_the_background_at_its_own_tile_server():
    read = _settings_with(
        {
            "VEEDEL_MAP_TILE_URL": "https://{s}.karten.example.org/tiles/{z}/{x}/{y}.png",
            "VEEDEL_MAP_TILE_ATTRIBUTION": "© Stadt Beispiel",
        }
    )
    assert read["attribution"] == "© Stadt Beispiel"
    assert read["img_src"] == ["'self'", "data:", "https://*.karten.example.org"]


def _img_src(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    (directive,) = [d.strip() for d in policy.split(";") if d.strip().startswith("img-src")]
    return directive.split()[1:]


def test_pages_allow_images_from_exactly_the_tile_origin(client):
    response = client.get(reverse("areas:social_space", args=["kalk"]))
    assert _img_src(response) == ["'self'", "data:", BASEMAP]
    body = response.content.decode()
    assert 'data-tile-url="https://sgx.geodatenzentrum.de/wmts_basemapde/' in body
    assert f'data-context-url="{reverse("areas:context_geojson")}"' in body
    # Nothing else on the page comes from the tile server or any other foreign origin.
    assert '<script src="http' not in body and '<link rel="stylesheet" href="http' not in body


def test_with_the_background_off_no_tile_origin_and_no_tile_url(client):
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"] = ["'self'", "data:"]
    with override_settings(
        MAP_TILE_URL="", MAP_TILE_ATTRIBUTION="", CONTENT_SECURITY_POLICY=policy
    ):
        response = client.get(reverse("areas:social_space", args=["kalk"]))
    assert _img_src(response) == ["'self'", "data:"]
    body = response.content.decode()
    assert "data-tile-url" not in body
    assert "geodatenzentrum" not in body
    # The context layer is still there: the map orients without any background.
    assert f'data-context-url="{reverse("areas:context_geojson")}"' in body
    assert 'data-legend="district"' in body and 'data-legend="background"' not in body
