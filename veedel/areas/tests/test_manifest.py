"""The manifest of a data set, and the settings that come from it."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from veedel.areas.manifest import (
    FALLBACK_MAP_CENTRE,
    FALLBACK_SITE_NAME,
    DataFileError,
    area_settings,
    manifest_read,
)

COLOGNE = Path(settings.VEEDEL_AREA_DATA_DIR)
MUSTERSTADT = Path(__file__).resolve().parents[2] / "tests" / "data" / "musterstadt"


def test_the_settings_come_from_the_bundled_manifest():
    """Without environment variables the site is the Cologne one, as before the manifest."""
    assert area_settings(COLOGNE, {}) == {
        "VEEDEL_CITY_NAME": "Köln",
        "VEEDEL_SITE_NAME": "Lebenswerte Veedel",
        "VEEDEL_DEFAULT_STATE": "Nordrhein-Westfalen",
        "VEEDEL_DATA_ATTRIBUTION": (
            "Stadt Köln – Offene Daten Köln (offenedaten-koeln.de), Lizenz CC BY 3.0 DE"
        ),
        "VEEDEL_MAP_CENTRE": (50.94, 6.96),
        "VEEDEL_MAP_ZOOM": 10,
    }


def test_another_folder_describes_another_city():
    values = area_settings(MUSTERSTADT, {})
    assert values["VEEDEL_CITY_NAME"] == "Musterstadt"
    assert values["VEEDEL_DEFAULT_STATE"] == "Musterland"
    assert values["VEEDEL_MAP_CENTRE"] == (51.02, 10.045)
    assert manifest_read(MUSTERSTADT).invented is True
    assert manifest_read(COLOGNE).invented is False


def test_environment_variables_win():
    values = area_settings(
        COLOGNE,
        {
            "VEEDEL_CITY_NAME": "Bonn",
            "VEEDEL_SITE_NAME": "Gutes Viertel",
            "VEEDEL_DEFAULT_STATE": "Hessen",
            "VEEDEL_DATA_ATTRIBUTION": "Stadt Bonn",
            "VEEDEL_MAP_CENTRE": " 50.73, 7.10 ",
            "VEEDEL_MAP_ZOOM": "12",
        },
    )
    assert values["VEEDEL_CITY_NAME"] == "Bonn"
    assert values["VEEDEL_SITE_NAME"] == "Gutes Viertel"
    assert values["VEEDEL_DEFAULT_STATE"] == "Hessen"
    assert values["VEEDEL_DATA_ATTRIBUTION"] == "Stadt Bonn"
    assert values["VEEDEL_MAP_CENTRE"] == (50.73, 7.10)
    assert values["VEEDEL_MAP_ZOOM"] == 12


@pytest.mark.parametrize(
    ("name", "value"),
    [("VEEDEL_MAP_CENTRE", "50.73"), ("VEEDEL_MAP_CENTRE", "91,7"), ("VEEDEL_MAP_ZOOM", "21")],
)
def test_a_bad_map_view_in_the_environment_stops_the_start(name, value):
    with pytest.raises(ValueError, match=name):
        area_settings(COLOGNE, {name: value})


def test_a_folder_without_manifest_gives_neutral_settings(tmp_path):
    """The site still starts (nothing of Cologne); the loader then names the missing file."""
    values = area_settings(tmp_path, {})
    assert values["VEEDEL_CITY_NAME"] == ""
    assert values["VEEDEL_SITE_NAME"] == FALLBACK_SITE_NAME
    assert values["VEEDEL_DEFAULT_STATE"] == ""
    assert values["VEEDEL_MAP_CENTRE"] == FALLBACK_MAP_CENTRE
    with pytest.raises(DataFileError, match=r"^manifest\.json: file not found"):
        manifest_read(tmp_path)


def test_a_manifest_names_files_of_its_own_folder_only(tmp_path):
    data = json.loads((COLOGNE / "manifest.json").read_text(encoding="utf-8"))
    data["files"]["programme"] = "/etc/passwd"
    (tmp_path / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        manifest_read(tmp_path)
    assert str(info.value) == (
        "manifest.json, files, 'programme': expected the name of a file in this folder"
    )
