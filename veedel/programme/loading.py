"""Loading a city's data folder: its areas, and the programme with its periods, council
decisions, goals, topics, providers and offices (``veedel load_areas``).

One call loads everything inside one transaction. The manifest (``manifest.json``) names the
files. Every file is read and checked before the first row is written; any problem raises
:class:`DataFileError` naming the file, the line or feature, and the reason, and the database
stays as it was. Loading the same files again changes nothing: every record is found by its
natural key and only written when a value differs. The areas are read and written by
``veedel.areas.loading``; this module adds what belongs to the programme (``programme.json``).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from veedel.areas.geo import locate_reset
from veedel.areas.loading import (
    DataFileError,
    LoadReport,
    _date,
    _read_json,
    _set_m2m,
    _upsert,
    area_data_read,
    area_data_write,
)
from veedel.areas.manifest import manifest_read
from veedel.areas.models import SocialSpace
from veedel.programme.models import (
    CoordinationOffice,
    CouncilDecision,
    Goal,
    Programme,
    ProgrammePeriod,
    Provider,
    Topic,
)

__all__ = ["DataFileError", "LoadReport", "area_data_load"]


def area_data_load(*, data_dir: Path) -> LoadReport:
    """Load the data folder ``data_dir``: districts, quarters, neighbourhoods, figures, the
    programme, its social spaces and offices."""
    data_dir = Path(data_dir)
    manifest = manifest_read(data_dir)
    file = manifest.file("programme")
    programme_data = _read_json(data_dir / file)
    if not isinstance(programme_data, dict):
        raise DataFileError(file, "", "expected a JSON object")
    _check_programme_structure(programme_data, file)
    areas = area_data_read(
        data_dir=data_dir,
        manifest=manifest,
        area_sets=programme_data["area_sets"],
        area_sets_file=file,
    )
    _check_office_areas(programme_data, areas.space_slugs, file)

    report = LoadReport()
    try:
        with transaction.atomic():
            programme = _load_programme(programme_data, report, file)
            spaces = area_data_write(areas, programme=programme, report=report)
            _load_offices(programme_data, spaces, report, file)
    except BaseException:
        locate_reset()  # a receiver of areas_changed may have indexed what was rolled back
        raise
    if report.changed:
        locate_reset()
    return report


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


def _check_programme_structure(data: dict, file: str) -> None:
    """Check programme.json completely before anything is written."""
    programme = data.get("programme")
    if not isinstance(programme, dict):
        raise DataFileError(file, "programme", "the object 'programme' is missing")
    for key in ("slug", "name", "city"):
        if not str(programme.get(key) or "").strip():
            raise DataFileError(file, "programme", f"'{key}' is missing or empty")
    _date(programme.get("started"), file, "programme, 'started'")
    for list_key, (required, date_fields) in PROGRAMME_LISTS.items():
        items = data.get(list_key, [] if list_key == "decisions" else None)
        if not isinstance(items, list) or (list_key != "decisions" and not items):
            raise DataFileError(file, list_key, "expected a non-empty list")
        seen = set()
        for i, item in enumerate(items, start=1):
            where = f"{list_key}[{i}]"
            if not isinstance(item, dict):
                raise DataFileError(file, where, "expected an object")
            for key in required:
                if item.get(key) in (None, "", []):
                    raise DataFileError(file, where, f"'{key}' is missing or empty")
            ident = item.get(required[0])
            if ident in seen:
                raise DataFileError(file, where, f"'{ident}' occurs twice")
            seen.add(ident)
            dates = [_date(item.get(f), file, f"{where}, '{f}'") for f in date_fields]
            if len(dates) == 2 and dates[1] is not None and dates[1] < dates[0]:
                raise DataFileError(
                    file, where, f"'{date_fields[1]}' lies before '{date_fields[0]}'"
                )
    decisions = {d["key"] for d in data.get("decisions", [])}
    for i, period in enumerate(data["periods"], start=1):
        if period.get("decision") and period["decision"] not in decisions:
            raise DataFileError(file, f"periods[{i}]", f"unknown decision '{period['decision']}'")
    providers = {p["key"] for p in data["providers"]}
    for i, office in enumerate(data["offices"], start=1):
        where = f"offices[{i}] ({office['slug']})"
        if office["provider"] not in providers:
            raise DataFileError(file, where, f"unknown provider '{office['provider']}'")
        if email := office.get("email"):
            try:
                validate_email(email)
            except ValidationError as exc:
                raise DataFileError(
                    file, f"{where}, 'email'", f"'{email}' is not an e-mail address"
                ) from exc
        for key, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
            value = office.get(key)
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not low <= value <= high
            ):
                raise DataFileError(
                    file,
                    f"{where}, '{key}'",
                    f"expected degrees from {low} to {high}, not {value!r}",
                )
        if ("latitude" in office) != ("longitude" in office):
            raise DataFileError(file, where, "give both 'latitude' and 'longitude', or neither")


def _check_office_areas(data: dict, space_slugs: set[str], file: str) -> None:
    for i, office in enumerate(data["offices"], start=1):
        for slug in office["social_spaces"]:
            if slug not in space_slugs:
                raise DataFileError(
                    file,
                    f"offices[{i}] ({office['slug']})",
                    f"unknown social space '{slug}'",
                )


def _translations(entry: dict, *fields: str) -> dict:
    """The translations an entry of the file gives (``"name_en"``, ``"name_tr"`` …) for its
    translated fields; the plain field is the German text (the default language)."""
    return {
        f"{field}_{code}": entry[f"{field}_{code}"]
        for field in fields
        for code in settings.MODELTRANSLATION_LANGUAGES
        if code != settings.MODELTRANSLATION_DEFAULT_LANGUAGE and f"{field}_{code}" in entry
    }


def _load_programme(data: dict, report: LoadReport, file: str) -> Programme:
    p = data["programme"]
    programme = _upsert(
        Programme,
        report,
        {"slug": p["slug"]},
        {
            "name": p["name"],
            "city": p["city"],
            "summary": p.get("summary", ""),
            "started": _date(p.get("started"), file, "programme"),
        },
    )
    decisions = {}
    for i, d in enumerate(data.get("decisions", []), start=1):
        decisions[d["key"]] = _upsert(
            CouncilDecision,
            report,
            {
                "programme": programme,
                "date": _date(d["date"], file, f"decisions[{i}]"),
                "title": d["title"],
            },
            {
                **_translations(d, "title"),
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
            {"programme": programme, "start": _date(period["start"], file, where)},
            {
                "name": period["name"],
                **_translations(period, "name"),
                "end": _date(period.get("end"), file, where),
                "decision": decisions.get(period.get("decision")),
                "description": period.get("description", ""),
            },
        )
    for order, goal in enumerate(data["goals"], start=1):
        _upsert(
            Goal,
            report,
            {"programme": programme, "slug": goal["slug"]},
            {
                "order": order,
                "name": goal["name"],
                "description": goal.get("description", ""),
                **_translations(goal, "name", "description"),
            },
        )
    for order, topic in enumerate(data["topics"], start=1):
        _upsert(
            Topic,
            report,
            {"programme": programme, "slug": topic["slug"]},
            {
                "order": order,
                "name": topic["name"],
                "description": topic.get("description", ""),
                **_translations(topic, "name", "description"),
            },
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


OFFICE_PUBLIC_FIELDS = (
    "street",
    "postal_code",
    "phone",
    "website",
    "description",
    "opening_hours",
    "office_hours",
    "latitude",
    "longitude",
)


def _load_offices(
    data: dict, spaces: dict[str, SocialSpace], report: LoadReport, file: str
) -> None:
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
                "city": o.get("city", data["programme"]["city"]),
                "email": o.get("email") or f"{o['slug']}@sozialraum.example.org",
                "contact_is_example": bool(o.get("contact_is_example", True)),
                # How residents reach the office, where the file gives it: a key the file
                # leaves out leaves the record as it is (the demo fills these in for its
                # example offices: programme/demo.py).
                **{key: o[key] for key in OFFICE_PUBLIC_FIELDS if key in o},
                "contract_from": _date(o["contract_from"], file, where),
                "contract_until": _date(o.get("contract_until"), file, where),
            },
        )
        _set_m2m(office.social_spaces, served, report, "CoordinationOffice")
