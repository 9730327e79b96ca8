"""Loading a city's area and programme data set (the Cologne set ships with Veedel).

One call loads everything inside one transaction. Every file is read and checked before the
first row is written; any problem raises :class:`DataFileError` naming the file, the line or
feature, and the reason, and the database stays as it was. Loading the same files again changes
nothing: every record is found by its natural key and only written when a value differs.
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
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from veedel.areas.geo import locate_reset
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
from veedel.programme.models import (
    CoordinationOffice,
    CouncilDecision,
    Goal,
    Programme,
    ProgrammePeriod,
    Provider,
    Topic,
)

DISTRICTS_FILE = "koeln_stadtbezirke.geojson"
QUARTERS_FILE = "koeln_stadtteile.geojson"
NEIGHBOURHOODS_FILE = "koeln_stadtviertel.geojson"
FIGURES_FILE = "koeln_strukturdaten_2012.csv"
SOCIAL_SPACES_FILE = "lebenswerte_veedel_sozialraeume.csv"
PROGRAMME_FILE = "programme.json"
FIGURES_SOURCE = "Stadt Köln – Offene Daten Köln, Strukturdaten 2012, CC BY 3.0 DE"

# About 20 m at Cologne's latitude: outlines stay recognisable, files stay small.
DISPLAY_TOLERANCE = 0.0002
DISPLAY_PRECISION = 1e-5


class DataFileError(Exception):
    """A data file is missing, corrupt or incomplete."""

    def __init__(self, file: str, where: str, reason: str):
        self.file, self.where, self.reason = file, where, reason
        location = f", {where}" if where else ""
        super().__init__(f"{file}{location}: {reason}")


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


# --- writing ------------------------------------------------------------------------------


def _upsert(model, report: LoadReport, lookup: dict, values: dict):
    """Create or update one record; write only when a value differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.count(model.__name__, "created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.count(model.__name__, "updated")
    else:
        report.count(model.__name__, "unchanged")
    return obj


def _set_m2m(manager, objects, report: LoadReport, label: str) -> None:
    wanted = {o.pk for o in objects}
    current = set(manager.values_list("pk", flat=True))
    if wanted != current:
        manager.set(objects)
        if current:  # a new record's links are part of its creation
            report.count(label, "updated")


def area_data_load(*, data_dir: Path) -> LoadReport:
    """Load districts, quarters, neighbourhoods, figures, programme and social spaces."""
    data_dir = Path(data_dir)
    programme_data = _read_json(data_dir / PROGRAMME_FILE)
    if not isinstance(programme_data, dict):
        raise DataFileError(PROGRAMME_FILE, "", "expected a JSON object")
    _check_programme_structure(programme_data)
    expected = programme_data.get("expected_counts", {})

    districts = _features(data_dir / DISTRICTS_FILE, "stadtbezirk_nr", ["stadtbezirk"])
    quarters = _features(data_dir / QUARTERS_FILE, "stadtteil_nr", ["stadtteil", "stadtbezirk_nr"])
    neighbourhoods = _features(
        data_dir / NEIGHBOURHOODS_FILE, "stadtviertel_nr", ["stadtviertel", "stadtteil_nr"]
    )
    for file, items, key in (
        (DISTRICTS_FILE, districts, "districts"),
        (QUARTERS_FILE, quarters, "quarters"),
        (NEIGHBOURHOODS_FILE, neighbourhoods, "neighbourhoods"),
    ):
        if key in expected and len(items) != expected[key]:
            raise DataFileError(
                file, "", f"expected {expected[key]} features, found {len(items)}: file incomplete?"
            )
    district_numbers = {d["number"] for d in districts}
    for q in quarters:
        parent = str(q["properties"]["stadtbezirk_nr"]).strip()
        if parent not in district_numbers:
            raise DataFileError(
                QUARTERS_FILE,
                q["where"],
                f"stadtbezirk_nr {parent} is not a district in {DISTRICTS_FILE}",
            )
    quarter_numbers = {q["number"] for q in quarters}
    for n in neighbourhoods:
        parent = str(n["properties"]["stadtteil_nr"]).strip()
        if parent not in quarter_numbers:
            raise DataFileError(
                NEIGHBOURHOODS_FILE,
                n["where"],
                f"stadtteil_nr {parent} is not a quarter in {QUARTERS_FILE}",
            )
    neighbourhood_numbers = {n["number"] for n in neighbourhoods}

    figures = _read_figures(data_dir / FIGURES_FILE, district_numbers, quarter_numbers)
    spaces = _read_social_spaces(
        data_dir / SOCIAL_SPACES_FILE, programme_data, quarter_numbers, neighbourhood_numbers
    )
    _check_office_areas(programme_data, {s["slug"] for s in spaces})

    report = LoadReport()
    with transaction.atomic():
        district_objs = {}
        for d in districts:
            district_objs[d["number"]] = _upsert(
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
        for q in quarters:
            quarter_shapes[q["number"]] = q["shape"]
            quarter_objs[q["number"]] = _upsert(
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
        for n in neighbourhoods:
            neighbourhood_shapes[n["number"]] = n["shape"]
            neighbourhood_objs[n["number"]] = _upsert(
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
        for f in figures:
            _upsert(
                StructureFigures,
                report,
                {
                    "level": f.pop("level"),
                    "area_number": f.pop("area_number"),
                    "year": f.pop("year"),
                },
                f,
            )
        programme = _load_programme(programme_data, report)
        space_objs = {}
        for s in spaces:
            space_objs[s["slug"]] = _load_social_space(
                s,
                programme,
                report,
                quarter_objs,
                quarter_shapes,
                neighbourhood_objs,
                neighbourhood_shapes,
            )
        _load_offices(programme_data, space_objs, report)
    if report.changed:
        locate_reset()
    return report


def _read_figures(path: Path, districts: set[str], quarters: set[str]) -> list[dict]:
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
    result, seen = [], set()
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
        number = raw_id.lstrip("0") if level == AreaLevel.DISTRICT else raw_id
        if level == AreaLevel.DISTRICT and number not in districts:
            raise DataFileError(
                path.name, f"{where}, column 'raum_id'", f"unknown district {raw_id}"
            )
        if level == AreaLevel.QUARTER and number not in quarters:
            raise DataFileError(
                path.name, f"{where}, column 'raum_id'", f"unknown quarter {raw_id}"
            )
        year = _int(row["jahr"], path.name, where, "jahr")
        if (level, number, year) in seen:
            raise DataFileError(path.name, where, f"{raw_id} {year} occurs twice")
        seen.add((level, number, year))
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
                "source": FIGURES_SOURCE,
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


def _read_social_spaces(
    path: Path, programme_data: dict, quarters: set[str], neighbourhoods: set[str]
) -> list[dict]:
    rows = _read_csv(
        path, ["programmstand", "sozialraum", "stadtteil_nr", "abdeckung", "stadtviertel_hinweis"]
    )
    area_sets = {a.get("label"): a for a in programme_data.get("area_sets", [])}
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
                f"'{label}' is not an area set named in {PROGRAMME_FILE}",
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
        hinted = re.findall(r"\b(\d{5})\b", row["stadtviertel_hinweis"])
        for number in hinted:
            if number not in neighbourhoods:
                raise DataFileError(
                    path.name,
                    f"{where}, column 'stadtviertel_hinweis'",
                    f"'{number}' is not a known neighbourhood",
                )
            if not number.startswith(quarter):
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
                    area_set.get("valid_from"), PROGRAMME_FILE, f"area set '{label}'"
                ),
                "valid_until": _date(
                    area_set.get("valid_until"), PROGRAMME_FILE, f"area set '{label}'"
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
        if note := row.get("bemerkung", "").strip():
            space["notes"].add(note)
    slugs = [s["slug"] for s in spaces.values()]
    for slug in slugs:
        if slugs.count(slug) > 1:
            raise DataFileError(path.name, "", f"two areas would share the address '{slug}'")
    return list(spaces.values())


PROGRAMME_LISTS = {
    # list key: (required fields, date fields as (start, end) or single)
    "decisions": (("key", "date", "title"), ("date",)),
    "periods": (("name", "start"), ("start", "end")),
    "area_sets": (("label", "valid_from"), ("valid_from", "valid_until")),
    "goals": (("slug", "name"), ()),
    "topics": (("slug", "name"), ()),
    "providers": (("key", "name"), ()),
    "offices": (
        ("slug", "provider", "social_spaces", "contract_from"),
        ("contract_from", "contract_until"),
    ),
}


def _check_programme_structure(data: dict) -> None:
    """Check programme.json completely before anything is written."""
    programme = data.get("programme")
    if not isinstance(programme, dict):
        raise DataFileError(PROGRAMME_FILE, "programme", "the object 'programme' is missing")
    for key in ("slug", "name", "city"):
        if not str(programme.get(key) or "").strip():
            raise DataFileError(PROGRAMME_FILE, "programme", f"'{key}' is missing or empty")
    _date(programme.get("started"), PROGRAMME_FILE, "programme, 'started'")
    for list_key, (required, date_fields) in PROGRAMME_LISTS.items():
        items = data.get(list_key, [] if list_key == "decisions" else None)
        if not isinstance(items, list) or (list_key != "decisions" and not items):
            raise DataFileError(PROGRAMME_FILE, list_key, "expected a non-empty list")
        seen = set()
        for i, item in enumerate(items, start=1):
            where = f"{list_key}[{i}]"
            if not isinstance(item, dict):
                raise DataFileError(PROGRAMME_FILE, where, "expected an object")
            for key in required:
                if item.get(key) in (None, "", []):
                    raise DataFileError(PROGRAMME_FILE, where, f"'{key}' is missing or empty")
            ident = item.get(required[0])
            if ident in seen:
                raise DataFileError(PROGRAMME_FILE, where, f"'{ident}' occurs twice")
            seen.add(ident)
            dates = [_date(item.get(f), PROGRAMME_FILE, f"{where}, '{f}'") for f in date_fields]
            if len(dates) == 2 and dates[1] is not None and dates[1] < dates[0]:
                raise DataFileError(
                    PROGRAMME_FILE, where, f"'{date_fields[1]}' lies before '{date_fields[0]}'"
                )
    decisions = {d["key"] for d in data.get("decisions", [])}
    for i, period in enumerate(data["periods"], start=1):
        if period.get("decision") and period["decision"] not in decisions:
            raise DataFileError(
                PROGRAMME_FILE, f"periods[{i}]", f"unknown decision '{period['decision']}'"
            )
    providers = {p["key"] for p in data["providers"]}
    for i, office in enumerate(data["offices"], start=1):
        where = f"offices[{i}] ({office['slug']})"
        if office["provider"] not in providers:
            raise DataFileError(PROGRAMME_FILE, where, f"unknown provider '{office['provider']}'")
        if email := office.get("email"):
            try:
                validate_email(email)
            except ValidationError as exc:
                raise DataFileError(
                    PROGRAMME_FILE, f"{where}, 'email'", f"'{email}' is not an e-mail address"
                ) from exc


def _check_office_areas(data: dict, space_slugs: set[str]) -> None:
    for i, office in enumerate(data["offices"], start=1):
        for slug in office["social_spaces"]:
            if slug not in space_slugs:
                raise DataFileError(
                    PROGRAMME_FILE,
                    f"offices[{i}] ({office['slug']})",
                    f"unknown social space '{slug}'",
                )


def _load_programme(data: dict, report: LoadReport) -> Programme:
    p = data["programme"]
    programme = _upsert(
        Programme,
        report,
        {"slug": p["slug"]},
        {
            "name": p["name"],
            "city": p["city"],
            "summary": p.get("summary", ""),
            "started": _date(p.get("started"), PROGRAMME_FILE, "programme"),
        },
    )
    decisions = {}
    for i, d in enumerate(data.get("decisions", []), start=1):
        decisions[d["key"]] = _upsert(
            CouncilDecision,
            report,
            {
                "programme": programme,
                "date": _date(d["date"], PROGRAMME_FILE, f"decisions[{i}]"),
                "title": d["title"],
            },
            {
                "summary": d.get("summary", ""),
                "body": d.get("body", "Rat der Stadt"),
                "reference": d.get("reference", ""),
            },
        )
    for i, period in enumerate(data["periods"], start=1):
        where = f"periods[{i}]"
        _upsert(
            ProgrammePeriod,
            report,
            {"programme": programme, "start": _date(period["start"], PROGRAMME_FILE, where)},
            {
                "name": period["name"],
                "end": _date(period.get("end"), PROGRAMME_FILE, where),
                "decision": decisions.get(period.get("decision")),
                "description": period.get("description", ""),
            },
        )
    for order, goal in enumerate(data["goals"], start=1):
        _upsert(
            Goal,
            report,
            {"programme": programme, "slug": goal["slug"]},
            {"order": order, "name": goal["name"], "description": goal.get("description", "")},
        )
    for order, topic in enumerate(data["topics"], start=1):
        _upsert(
            Topic,
            report,
            {"programme": programme, "slug": topic["slug"]},
            {"order": order, "name": topic["name"], "description": topic.get("description", "")},
        )
    for provider in data["providers"]:
        _upsert(
            Provider,
            report,
            {"name": provider["name"]},
            {
                "short_name": provider.get("short_name", ""),
                "association": provider.get("association", ""),
                "website": provider.get("website", ""),
            },
        )
    return programme


def _load_social_space(
    s: dict,
    programme,
    report,
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
    space = _upsert(
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


def _load_offices(data: dict, spaces: dict[str, SocialSpace], report: LoadReport) -> None:
    providers = {p["key"]: Provider.objects.get(name=p["name"]) for p in data["providers"]}
    for i, o in enumerate(data["offices"], start=1):
        where = f"offices[{i}]"
        served = [spaces[slug] for slug in o["social_spaces"]]
        office = _upsert(
            CoordinationOffice,
            report,
            {"slug": o["slug"]},
            {
                "name": o.get("name") or f"Sozialraumkoordination {served[0].name}",
                "provider": providers[o["provider"]],
                "provider_is_example": bool(o.get("provider_is_example", True)),
                "street": o.get("street", ""),
                "postal_code": o.get("postal_code", ""),
                "city": o.get("city", data["programme"]["city"]),
                "email": o.get("email") or f"{o['slug']}@sozialraum.example.org",
                "phone": o.get("phone", ""),
                "website": o.get("website", ""),
                "contact_is_example": bool(o.get("contact_is_example", True)),
                "contract_from": _date(o["contract_from"], PROGRAMME_FILE, where),
                "contract_until": _date(o.get("contract_until"), PROGRAMME_FILE, where),
            },
        )
        _set_m2m(office.social_spaces, served, report, "CoordinationOffice")
