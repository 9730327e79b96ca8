"""Reading and writing a city's areas: districts, quarters, neighbourhoods, structure figures
and social spaces, from the files that the data set's manifest names (``manifest.py``).

The whole load of a data folder, these areas together with the programme, its periods, goals,
providers and offices, is ``veedel.programme.loading.area_data_load`` (the command
``veedel load_areas``). It reads and checks every file with :func:`area_data_read` first; any
problem raises :class:`DataFileError` naming the file, the line or feature, and the reason,
before anything is written. Then it writes everything in one transaction, the areas through
:func:`area_data_write`. Loading the same files again changes nothing: every record is found by
its natural key and only written when a value differs.

The small helpers at the top (``DataFileError``, ``LoadReport``, ``_read_json``, ``_upsert``,
``_set_m2m``) are shared with the other loaders (the guide, the demo data).
"""

from __future__ import annotations

import csv
import datetime
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import shapely
from django.db import transaction
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from veedel.areas.geo import locate_reset
from veedel.areas.hooks import areas_changed
from veedel.areas.manifest import DataFileError, Manifest
from veedel.areas.models import (
    AreaLevel,
    Coverage,
    District,
    Neighbourhood,
    Quarter,
    SocialSpace,
    SocialSpaceQuarter,
    StructureFigures,
)

__all__ = [
    "AreaData",
    "DataFileError",
    "LoadReport",
    "area_data_read",
    "area_data_write",
    "german_slug",
]

# 0.0002° is about 20 m north–south anywhere (and less east–west away from the equator):
# outlines stay recognisable, files stay small.
DISPLAY_TOLERANCE = 0.0002
DISPLAY_PRECISION = 1e-5

# Changing these fields of an area changes its name or its outline.
_NAME_OR_OUTLINE = {"name", "geometry", "display_geometry"}


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def count(self, model: str, outcome: str) -> None:
        getattr(self, outcome)[model] += 1

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def lines(self) -> list[str]:
        models = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{m}: {self.created[m]} new, {self.updated[m]} changed, {self.unchanged[m]} unchanged"
            for m in models
        ]


# --- reading and checking -----------------------------------------------------------------


def german_slug(text: str) -> str:
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = re.sub(r"str\.$", "strasse", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _read_json(path: Path) -> Any:
    if not path.exists():
        raise DataFileError(path.name, "", "file not found")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise DataFileError(path.name, f"byte {exc.start}", "not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(
            path.name, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})"
        ) from exc


def _read_csv(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        raise DataFileError(path.name, "", "file not found")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(path.name, f"byte {exc.start}", "not UTF-8 text") from exc
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise DataFileError(path.name, "line 1", f"missing column(s): {', '.join(missing)}")
    rows = []
    try:
        for row in reader:
            line = reader.line_num
            if None in row or any(v is None for v in row.values()):
                raise DataFileError(
                    path.name,
                    f"line {line}",
                    f"expected {len(header)} fields, found a different number",
                )
            rows.append((line, row))
    except csv.Error as exc:
        raise DataFileError(path.name, f"line {reader.line_num}", f"not valid CSV ({exc})") from exc
    if not rows:
        raise DataFileError(path.name, "", "no data rows")
    return rows


def _features(path: Path, number_prop: str, props: list[str]) -> list[dict]:
    data = _read_json(path)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataFileError(path.name, "", "not a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise DataFileError(path.name, "", "the collection has no features")
    seen: set[str] = set()
    result = []
    for index, feature in enumerate(features, start=1):
        where = f"feature {index}"
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise DataFileError(path.name, where, "feature has no properties")
        number = str(properties.get(number_prop) or "").strip()
        if number:
            where = f"feature {index} ({number_prop} {number})"
        for prop in [number_prop, *props]:
            if not str(properties.get(prop) or "").strip():
                raise DataFileError(path.name, where, f"property '{prop}' is missing or empty")
        if number in seen:
            raise DataFileError(path.name, where, f"{number_prop} {number} occurs twice")
        seen.add(number)
        geometry = feature.get("geometry")
        try:
            geom = shape(geometry)
        except Exception as exc:  # shapely raises several types for broken GeoJSON
            raise DataFileError(path.name, where, f"geometry is not valid GeoJSON ({exc})") from exc
        if geom.geom_type not in {"Polygon", "MultiPolygon"}:
            raise DataFileError(
                path.name,
                where,
                f"geometry must be a Polygon or MultiPolygon, not {geom.geom_type}",
            )
        if geom.is_empty or not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            raise DataFileError(path.name, where, f"geometry is not a valid area ({reason})")
        minx, miny, maxx, maxy = geom.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise DataFileError(
                path.name, where, "coordinates are not longitude/latitude (WGS84) degrees"
            )
        area = properties.get("flaeche_km2")
        result.append(
            {
                "index": index,
                "where": where,
                "number": number,
                "properties": properties,
                "geometry": geometry,
                "shape": geom,
                "area_km2": _decimal(area, path.name, where, "flaeche_km2") if area else None,
            }
        )
    return result


def _decimal(value: Any, file: str, where: str, column: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise DataFileError(
            file, f"{where}, column '{column}'", f"'{value}' is not a number"
        ) from exc
    if not number.is_finite():
        raise DataFileError(file, f"{where}, column '{column}'", f"'{value}' is not a number")
    return number.quantize(Decimal("0.0001"))


def _int(value: str, file: str, where: str, column: str) -> int:
    text = (value or "").strip()
    if not re.fullmatch(r"\d+", text):
        raise DataFileError(
            file, f"{where}, column '{column}'", f"'{value}' is not a whole number of zero or more"
        )
    return int(text)


def _date(value: Any, file: str, where: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as exc:
        raise DataFileError(file, where, f"'{value}' is not a date (YYYY-MM-DD)") from exc


def _display(geom) -> str:
    simple = shapely.set_precision(
        geom.simplify(DISPLAY_TOLERANCE, preserve_topology=True), DISPLAY_PRECISION
    )
    return json.dumps(mapping(simple), separators=(",", ":"))


@dataclass
class AreaData:
    """The areas of a data folder, read and checked, ready to be written."""

    districts: list[dict]
    quarters: list[dict]
    neighbourhoods: list[dict]
    figures: list[dict]
    spaces: list[dict]

    @property
    def space_slugs(self) -> set[str]:
        return {s["slug"] for s in self.spaces}


def area_data_read(
    *, data_dir: Path, manifest: Manifest, area_sets: list[dict], area_sets_file: str
) -> AreaData:
    """Read and check the area files of ``data_dir``; nothing is written.

    ``area_sets`` are the outlines' periods of validity that the social-space file refers to
    by label (``programmstand``); they come from ``area_sets_file`` (the programme), whose
    name the messages give."""
    data_dir = Path(data_dir)
    files = {key: manifest.file(key) for key in ("districts", "quarters", "neighbourhoods")}
    districts = _features(data_dir / files["districts"], "stadtbezirk_nr", ["stadtbezirk"])
    quarters = _features(
        data_dir / files["quarters"], "stadtteil_nr", ["stadtteil", "stadtbezirk_nr"]
    )
    neighbourhoods = _features(
        data_dir / files["neighbourhoods"], "stadtviertel_nr", ["stadtviertel", "stadtteil_nr"]
    )
    expected = manifest.expected_counts
    for key, items in (
        ("districts", districts),
        ("quarters", quarters),
        ("neighbourhoods", neighbourhoods),
    ):
        if key in expected and len(items) != expected[key]:
            raise DataFileError(
                files[key],
                "",
                f"expected {expected[key]} features, found {len(items)}: file incomplete?",
            )
    district_numbers = {d["number"] for d in districts}
    for q in quarters:
        parent = str(q["properties"]["stadtbezirk_nr"]).strip()
        if parent not in district_numbers:
            raise DataFileError(
                files["quarters"],
                q["where"],
                f"stadtbezirk_nr {parent} is not a district in {files['districts']}",
            )
    quarter_numbers = {q["number"] for q in quarters}
    quarter_of = {}
    for n in neighbourhoods:
        parent = str(n["properties"]["stadtteil_nr"]).strip()
        if parent not in quarter_numbers:
            raise DataFileError(
                files["neighbourhoods"],
                n["where"],
                f"stadtteil_nr {parent} is not a quarter in {files['quarters']}",
            )
        quarter_of[n["number"]] = parent

    figures = _read_figures(
        data_dir / manifest.file("figures"),
        district_numbers,
        quarter_numbers,
        source=manifest.figures_source,
    )
    spaces = _read_social_spaces(
        data_dir / manifest.file("social_spaces"),
        area_sets={a.get("label"): a for a in area_sets},
        area_sets_file=area_sets_file,
        quarters=quarter_numbers,
        quarter_of=quarter_of,
    )
    return AreaData(
        districts=districts,
        quarters=quarters,
        neighbourhoods=neighbourhoods,
        figures=figures,
        spaces=spaces,
    )


def _read_figures(
    path: Path, districts: set[str], quarters: set[str], *, source: str
) -> list[dict]:
    columns = {
        "population": "einwohner",
        "under_18": "unter_18",
        "aged_65_plus": "ab_65",
        "migration_background": "mit_migrationshintergrund",
        "foreign_nationals": "auslaender",
    }
    rows = _read_csv(path, ["ebene", "raum_id", "name", "jahr", "flaeche_km2", *columns.values()])
    levels = {
        "stadt": AreaLevel.CITY,
        "stadtbezirk": AreaLevel.DISTRICT,
        "stadtteil": AreaLevel.QUARTER,
    }
    result, seen, city_years = [], set(), set()
    for line, row in rows:
        where = f"line {line}"
        level = levels.get(row["ebene"].strip())
        if level is None:
            raise DataFileError(
                path.name,
                f"{where}, column 'ebene'",
                f"'{row['ebene']}' is not one of {', '.join(levels)}",
            )
        raw_id = row["raum_id"].strip()
        number = raw_id
        if level == AreaLevel.DISTRICT and number not in districts:
            # Statistics offices often write district numbers with leading zeros ("001").
            number = raw_id.lstrip("0")
            if number not in districts:
                raise DataFileError(
                    path.name, f"{where}, column 'raum_id'", f"unknown district {raw_id}"
                )
        if level == AreaLevel.QUARTER and number not in quarters:
            raise DataFileError(
                path.name, f"{where}, column 'raum_id'", f"unknown quarter {raw_id}"
            )
        year = _int(row["jahr"], path.name, where, "jahr")
        if (level, number, year) in seen or (level == AreaLevel.CITY and year in city_years):
            raise DataFileError(path.name, where, f"{raw_id} {year} occurs twice")
        seen.add((level, number, year))
        if level == AreaLevel.CITY:
            city_years.add(year)
        values = {k: _int(row[c], path.name, where, c) for k, c in columns.items()}
        for part in ("under_18", "aged_65_plus", "migration_background", "foreign_nationals"):
            if values[part] > values["population"]:
                raise DataFileError(
                    path.name,
                    f"{where}, column '{columns[part]}'",
                    f"{values[part]} is more than the {values['population']} residents",
                )
        area = row["flaeche_km2"].strip()
        result.append(
            {
                "level": level,
                "area_number": number,
                "year": year,
                "name": row["name"].strip(),
                "area_km2": _decimal(area, path.name, where, "flaeche_km2") if area else None,
                "source": source,
                **values,
            }
        )
    missing = quarters - {f["area_number"] for f in result if f["level"] == AreaLevel.QUARTER}
    if missing:
        raise DataFileError(
            path.name,
            "",
            f"no figures for quarter(s) {', '.join(sorted(missing))}: file incomplete?",
        )
    return result


def _hinted_neighbourhoods(text: str) -> list[str]:
    """The neighbourhoods named in ``stadtviertel_hinweis``: entries separated by ";", each
    beginning with the neighbourhood's number ("90105 Mülheim-Nord; 90104 Keupstr.")."""
    return [entry.split()[0] for entry in text.split(";") if entry.strip()]


def _read_social_spaces(
    path: Path,
    *,
    area_sets: dict[str, dict],
    area_sets_file: str,
    quarters: set[str],
    quarter_of: dict[str, str],
) -> list[dict]:
    rows = _read_csv(
        path, ["programmstand", "sozialraum", "stadtteil_nr", "abdeckung", "stadtviertel_hinweis"]
    )
    coverage = {
        "im_namen": Coverage.FULL,
        "teilgebiet_im_namen": Coverage.PARTIAL,
        "unsicher": Coverage.UNCERTAIN,
    }
    spaces: dict[tuple[str, str], dict] = {}
    for line, row in rows:
        where = f"line {line}"
        label = row["programmstand"].strip()
        area_set = area_sets.get(label)
        if area_set is None:
            raise DataFileError(
                path.name,
                f"{where}, column 'programmstand'",
                f"'{label}' is not an area set named in {area_sets_file}",
            )
        raw_name = row["sozialraum"].strip()
        if not raw_name:
            raise DataFileError(path.name, f"{where}, column 'sozialraum'", "the name is empty")
        quarter = row["stadtteil_nr"].strip()
        if quarter not in quarters:
            raise DataFileError(
                path.name, f"{where}, column 'stadtteil_nr'", f"'{quarter}' is not a known quarter"
            )
        cov = coverage.get(row["abdeckung"].strip())
        if cov is None:
            raise DataFileError(
                path.name,
                f"{where}, column 'abdeckung'",
                f"'{row['abdeckung']}' is not one of {', '.join(coverage)}",
            )
        hinted = _hinted_neighbourhoods(row["stadtviertel_hinweis"])
        for number in hinted:
            if number not in quarter_of:
                raise DataFileError(
                    path.name,
                    f"{where}, column 'stadtviertel_hinweis'",
                    f"'{number}' is not a known neighbourhood",
                )
            if quarter_of[number] != quarter:
                raise DataFileError(
                    path.name,
                    f"{where}, column 'stadtviertel_hinweis'",
                    f"neighbourhood {number} does not lie in quarter {quarter}",
                )
        if cov != Coverage.FULL and not hinted:
            raise DataFileError(
                path.name,
                f"{where}, column 'stadtviertel_hinweis'",
                "a quarter that belongs only in part needs the neighbourhoods that do",
            )
        name, _, extra = raw_name.partition(" (")
        key = (label, raw_name)
        space = spaces.setdefault(
            key,
            {
                "slug": german_slug(name) + area_set.get("slug_suffix", ""),
                "name": name.strip(),
                "description": extra.rstrip(")").strip(),
                "valid_from": _date(
                    area_set.get("valid_from"), area_sets_file, f"area set '{label}'"
                ),
                "valid_until": _date(
                    area_set.get("valid_until"), area_sets_file, f"area set '{label}'"
                ),
                "members": [],
                "notes": set(),
            },
        )
        if any(m["quarter"] == quarter for m in space["members"]):
            raise DataFileError(
                path.name, where, f"quarter {quarter} is listed twice for {raw_name}"
            )
        space["members"].append(
            {
                "quarter": quarter,
                "coverage": cov,
                "neighbourhoods": hinted if cov != Coverage.FULL else [],
            }
        )
        for note in _public_notes(row.get("bemerkung", "")):
            space["notes"].add(note)
    slugs = [s["slug"] for s in spaces.values()]
    for slug in slugs:
        if slugs.count(slug) > 1:
            raise DataFileError(path.name, "", f"two areas would share the address '{slug}'")
    return list(spaces.values())


# --- writing ------------------------------------------------------------------------------


def _upsert_fields(model, report: LoadReport, lookup: dict, values: dict):
    """Create or update one record; write only when a value differs. Returns the record and
    the names of the fields written (None: the record is new)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.count(model.__name__, "created")
        return obj, None
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.count(model.__name__, "updated")
    else:
        report.count(model.__name__, "unchanged")
    return obj, changed


def _upsert(model, report: LoadReport, lookup: dict, values: dict):
    """Create or update one record; write only when a value differs."""
    return _upsert_fields(model, report, lookup, values)[0]


def _set_m2m(manager, objects, report: LoadReport, label: str) -> None:
    wanted = {o.pk for o in objects}
    current = set(manager.values_list("pk", flat=True))
    if wanted != current:
        manager.set(objects)
        if current:  # a new record's links are part of its creation
            report.count(label, "updated")


class _Changes:
    """The areas whose name or outline a load created or changed, for ``areas_changed``."""

    def __init__(self):
        self.ids: dict[str, list[int]] = defaultdict(list)

    def upsert(self, kind: str, model, report: LoadReport, lookup: dict, values: dict):
        obj, changed = _upsert_fields(model, report, lookup, values)
        if changed is None or _NAME_OR_OUTLINE & set(changed):
            self.ids[kind].append(obj.pk)
        return obj

    def send(self) -> None:
        kinds = ("district_ids", "quarter_ids", "neighbourhood_ids", "social_space_ids")
        if any(self.ids[kind] for kind in kinds):
            # The receivers place points again: the index must see the new outlines.
            locate_reset()
            areas_changed.send(**{kind: list(self.ids[kind]) for kind in kinds})
            transaction.on_commit(locate_reset)


def area_data_write(data: AreaData, *, programme, report: LoadReport) -> dict[str, SocialSpace]:
    """Write the areas read by :func:`area_data_read`; the social spaces belong to
    ``programme``. Returns the social spaces by slug. Sends ``areas_changed`` (inside the
    transaction) when names or outlines were created or changed. Call it inside the load's
    transaction; it opens its own savepoint, so a failure leaves no half-written areas."""
    changes = _Changes()
    with transaction.atomic():
        district_objs = {}
        for d in data.districts:
            district_objs[d["number"]] = changes.upsert(
                "district_ids",
                District,
                report,
                {"number": d["number"]},
                {
                    "name": d["properties"]["stadtbezirk"].strip(),
                    "area_km2": d["area_km2"],
                    "geometry": d["geometry"],
                    "display_geometry": _display(d["shape"]),
                },
            )
        quarter_objs, quarter_shapes = {}, {}
        for q in data.quarters:
            quarter_shapes[q["number"]] = q["shape"]
            quarter_objs[q["number"]] = changes.upsert(
                "quarter_ids",
                Quarter,
                report,
                {"number": q["number"]},
                {
                    "name": q["properties"]["stadtteil"].strip(),
                    "district": district_objs[str(q["properties"]["stadtbezirk_nr"]).strip()],
                    "area_km2": q["area_km2"],
                    "geometry": q["geometry"],
                    "display_geometry": _display(q["shape"]),
                },
            )
        neighbourhood_objs, neighbourhood_shapes = {}, {}
        for n in data.neighbourhoods:
            neighbourhood_shapes[n["number"]] = n["shape"]
            neighbourhood_objs[n["number"]] = changes.upsert(
                "neighbourhood_ids",
                Neighbourhood,
                report,
                {"number": n["number"]},
                {
                    "name": n["properties"]["stadtviertel"].strip(),
                    "quarter": quarter_objs[str(n["properties"]["stadtteil_nr"]).strip()],
                    "area_km2": n["area_km2"],
                    "geometry": n["geometry"],
                    "display_geometry": _display(n["shape"]),
                },
            )
        for f in data.figures:
            values = dict(f)
            _upsert(
                StructureFigures,
                report,
                {
                    "level": values.pop("level"),
                    "area_number": values.pop("area_number"),
                    "year": values.pop("year"),
                },
                values,
            )
        spaces = {}
        for s in data.spaces:
            spaces[s["slug"]] = _write_social_space(
                s,
                programme,
                report,
                changes,
                quarter_objs,
                quarter_shapes,
                neighbourhood_objs,
                neighbourhood_shapes,
            )
        changes.send()
    return spaces


def _write_social_space(
    s: dict,
    programme,
    report,
    changes: _Changes,
    quarter_objs,
    quarter_shapes,
    neighbourhood_objs,
    neighbourhood_shapes,
) -> SocialSpace:
    parts = []
    partial = []
    for m in s["members"]:
        if m["coverage"] == Coverage.FULL:
            parts.append(quarter_shapes[m["quarter"]])
        else:
            partial.extend(m["neighbourhoods"])
            parts.extend(neighbourhood_shapes[n] for n in m["neighbourhoods"])
    geom = unary_union(parts)
    geom = shapely.set_precision(geom, 1e-6)
    notes = []
    if any(m["coverage"] != Coverage.FULL for m in s["members"]):
        notes.append(
            "Teilgebiete: die Umrisse umfassen für diese Stadtteile nur die genannten Stadtviertel."
        )
    notes.extend(sorted(s["notes"]))
    space = changes.upsert(
        "social_space_ids",
        SocialSpace,
        report,
        {"slug": s["slug"]},
        {
            "programme": programme,
            "name": s["name"],
            "valid_from": s["valid_from"],
            "valid_until": s["valid_until"],
            "description": s["description"],
            "boundary_note": " ".join(notes),
            "geometry": json.loads(json.dumps(mapping(geom))),
            "display_geometry": _display(geom),
        },
    )
    for m in s["members"]:
        _upsert(
            SocialSpaceQuarter,
            report,
            {"social_space": space, "quarter": quarter_objs[m["quarter"]]},
            {"coverage": m["coverage"]},
        )
    stale = space.memberships.exclude(quarter__number__in=[m["quarter"] for m in s["members"]])
    if stale.exists():
        stale.delete()
        report.count("SocialSpaceQuarter", "updated")
    _set_m2m(space.neighbourhoods, [neighbourhood_objs[n] for n in partial], report, "SocialSpace")
    return space


def _public_notes(remark: str) -> list[str]:
    """The parts of a row's remark that a reader of the area's page needs. Where an area came
    from ("aus Kalk/Humboldt/Gremberg geteilt", "unverändert übernommen …") is left out: the
    page says it in words, from the earlier outlines that share its quarters (areas/views.py,
    ``_history``)."""
    parts = [part.strip() for part in remark.split(";")]
    return [p for p in parts if p and not p.startswith(("aus ", "unverändert "))]
