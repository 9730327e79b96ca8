"""The manifest of an area data set: ``manifest.json`` in the data folder.

It names the city and the files of the folder, says whom the data credits, where the map
starts and which federal state the city lies in. The loader (``veedel load_areas``) reads the
files it names; the settings take the city's name, the site's name, the map's view, the
attribution and the default federal state from it (each can be overridden by an environment
variable, see :func:`area_settings`). Nothing about a particular city is written in the code.

    {
      "city": "Köln",
      "site_name": "Lebenswerte Veedel",
      "state": "Nordrhein-Westfalen",
      "map": {"centre": [50.94, 6.96], "zoom": 10},
      "attribution": "Stadt Köln – Offene Daten Köln (offenedaten-koeln.de), Lizenz CC BY 3.0 DE",
      "figures_source": "Stadt Köln – Offene Daten Köln, Strukturdaten 2012, CC BY 3.0 DE",
      "files": {"districts": "…geojson", "quarters": "…", "neighbourhoods": "…",
                "figures": "…csv", "social_spaces": "…csv", "programme": "programme.json"},
      "expected_counts": {"districts": 9, "quarters": 86, "neighbourhoods": 371}
    }

This module imports nothing of Django's models, so that the settings can use it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_FILE = "manifest.json"

#: The files every data set has (key in ``files``: what it holds).
REQUIRED_FILES = {
    "districts": "districts (GeoJSON)",
    "quarters": "quarters (GeoJSON)",
    "neighbourhoods": "neighbourhoods (GeoJSON)",
    "figures": "structure figures (CSV)",
    "social_spaces": "members of the social spaces (CSV)",
    "programme": "the programme (JSON)",
}
#: Levels whose number of features the manifest may state, to catch a truncated file.
COUNTED_LEVELS = ("districts", "quarters", "neighbourhoods")

# Without a manifest (or without a value in it) the settings fall back to these.
FALLBACK_SITE_NAME = "Veedel"
FALLBACK_MAP_CENTRE = (0.0, 0.0)
FALLBACK_MAP_ZOOM = 2


class DataFileError(Exception):
    """A data file is missing, corrupt or incomplete."""

    def __init__(self, file: str, where: str, reason: str):
        self.file, self.where, self.reason = file, where, reason
        location = f", {where}" if where else ""
        super().__init__(f"{file}{location}: {reason}")


@dataclass(frozen=True)
class Manifest:
    city: str
    files: dict[str, str]
    site_name: str = ""
    state: str = ""
    map_centre: tuple[float, float] | None = None
    map_zoom: int | None = None
    attribution: str = ""
    figures_source: str = ""
    expected_counts: dict[str, int] = field(default_factory=dict)
    #: True for a made-up data set (the test town); a marker for people reading the folder.
    invented: bool = False

    def file(self, key: str) -> str:
        """The name of one file of the set (``"districts"``), or "" if it has none."""
        return self.files.get(key, "")


def _text(data: dict, key: str, *, required: bool = False) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise DataFileError(MANIFEST_FILE, key, f"'{key}' must be a non-empty text")
    return value.strip()


def _map_view(data: dict) -> tuple[tuple[float, float] | None, int | None]:
    view = data.get("map")
    if view is None:
        return None, None
    if not isinstance(view, dict):
        raise DataFileError(MANIFEST_FILE, "map", "expected an object with 'centre' and 'zoom'")
    centre = view.get("centre")
    if not (
        isinstance(centre, list)
        and len(centre) == 2
        and all(isinstance(c, int | float) and not isinstance(c, bool) for c in centre)
        and -90 <= centre[0] <= 90
        and -180 <= centre[1] <= 180
    ):
        raise DataFileError(
            MANIFEST_FILE, "map, 'centre'", "expected [latitude, longitude] in degrees (WGS84)"
        )
    zoom = view.get("zoom")
    if not (isinstance(zoom, int) and not isinstance(zoom, bool) and 0 <= zoom <= 20):
        raise DataFileError(MANIFEST_FILE, "map, 'zoom'", "expected a whole number from 0 to 20")
    return (float(centre[0]), float(centre[1])), zoom


def manifest_read(data_dir: Path) -> Manifest:
    """Read and check the manifest of ``data_dir``; :class:`DataFileError` if it is wrong."""
    path = Path(data_dir) / MANIFEST_FILE
    if not path.exists():
        raise DataFileError(MANIFEST_FILE, "", f"file not found in {path.parent}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise DataFileError(MANIFEST_FILE, f"byte {exc.start}", "not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(
            MANIFEST_FILE, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})"
        ) from exc
    if not isinstance(data, dict):
        raise DataFileError(MANIFEST_FILE, "", "expected a JSON object")

    files = data.get("files")
    if not isinstance(files, dict):
        raise DataFileError(MANIFEST_FILE, "files", "expected an object naming the files")
    for key, name in files.items():
        # A plain name of a file in this folder: no paths, nothing outside the folder.
        if not (
            isinstance(name, str)
            and name.strip()
            and Path(name).name == name
            and name not in {".", ".."}
        ):
            raise DataFileError(
                MANIFEST_FILE, f"files, '{key}'", "expected the name of a file in this folder"
            )
    missing = [key for key in REQUIRED_FILES if key not in files]
    if missing:
        raise DataFileError(MANIFEST_FILE, "files", f"no file named for: {', '.join(missing)}")

    counts = data.get("expected_counts", {})
    if not isinstance(counts, dict) or any(
        key not in COUNTED_LEVELS
        or not isinstance(value, int)
        or isinstance(value, bool)
        or value < 1
        for key, value in counts.items()
    ):
        raise DataFileError(
            MANIFEST_FILE,
            "expected_counts",
            f"expected whole numbers of features for {', '.join(COUNTED_LEVELS)}",
        )
    centre, zoom = _map_view(data)
    return Manifest(
        city=_text(data, "city", required=True),
        files=dict(files),
        site_name=_text(data, "site_name"),
        state=_text(data, "state"),
        map_centre=centre,
        map_zoom=zoom,
        attribution=_text(data, "attribution"),
        figures_source=_text(data, "figures_source"),
        expected_counts=dict(counts),
        invented=data.get("invented") is True,
    )


def _centre_from_text(text: str) -> tuple[float, float]:
    try:
        latitude, longitude = (float(part) for part in text.split(","))
    except ValueError:
        latitude = longitude = math.nan
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"VEEDEL_MAP_CENTRE must be 'latitude,longitude' in degrees, not {text!r}")
    return latitude, longitude


def _zoom_from_text(text: str) -> int:
    if not (text.strip().isdigit() and 0 <= int(text) <= 20):
        raise ValueError(f"VEEDEL_MAP_ZOOM must be a whole number from 0 to 20, not {text!r}")
    return int(text)


def area_settings(data_dir: Path, environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings that describe the city, from the data set's manifest; an environment
    variable of the same name wins. A folder without a readable manifest gives neutral values
    (the loader then refuses the folder with the reason)."""
    try:
        manifest: Manifest | None = manifest_read(data_dir)
    except DataFileError:
        manifest = None

    def pick(name: str, from_manifest: str) -> str:
        return environ.get(name, "").strip() or from_manifest

    centre = manifest.map_centre if manifest and manifest.map_centre else FALLBACK_MAP_CENTRE
    zoom = manifest.map_zoom if manifest and manifest.map_zoom is not None else FALLBACK_MAP_ZOOM
    if text := environ.get("VEEDEL_MAP_CENTRE", "").strip():
        centre = _centre_from_text(text)
    if text := environ.get("VEEDEL_MAP_ZOOM", "").strip():
        zoom = _zoom_from_text(text)
    return {
        "VEEDEL_CITY_NAME": pick("VEEDEL_CITY_NAME", manifest.city if manifest else ""),
        "VEEDEL_SITE_NAME": pick(
            "VEEDEL_SITE_NAME", (manifest.site_name if manifest else "") or FALLBACK_SITE_NAME
        ),
        "VEEDEL_DEFAULT_STATE": pick("VEEDEL_DEFAULT_STATE", manifest.state if manifest else ""),
        "VEEDEL_DATA_ATTRIBUTION": pick(
            "VEEDEL_DATA_ATTRIBUTION", manifest.attribution if manifest else ""
        ),
        "VEEDEL_MAP_CENTRE": centre,
        "VEEDEL_MAP_ZOOM": zoom,
    }
