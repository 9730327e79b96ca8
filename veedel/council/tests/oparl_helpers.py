"""Checking OParl answers against the official OParl 1.1 JSON schemas (the copy in
``veedel/council/oparl/schema/``, see its README), plus the project's own checks of what the
schemas do not say."""

from __future__ import annotations

import datetime
import json
import re
from functools import cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "oparl" / "schema"
SCHEMA = "https://schema.oparl.org/1.1/"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
DATE_KEYS = {"date", "startDate", "endDate"}
DATE_TIME_KEYS = {"created", "modified", "start", "end"}


@cache
def _registry():
    from referencing import Registry, Resource

    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents)
        # "$ref": "File.json" resolves against the "$id" https://schema.oparl.org/1.1/Paper.
        resources += [(contents["$id"], resource), (contents["$id"] + ".json", resource)]
    return Registry().with_resources(resources)


@cache
def validator(type_name: str):
    from jsonschema import Draft7Validator, FormatChecker

    checker = FormatChecker()

    @checker.checks("url")
    def is_url(value) -> bool:
        return not isinstance(value, str) or value.startswith(("http://", "https://"))

    @checker.checks("date")
    def is_date(value) -> bool:
        return not isinstance(value, str) or bool(DATE_RE.match(value))

    @checker.checks("date-time")
    def is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        return bool(DATE_TIME_RE.match(value)) and bool(datetime.datetime.fromisoformat(value))

    schema = json.loads((SCHEMA_DIR / f"{type_name}.json").read_text(encoding="utf-8"))
    return Draft7Validator(schema, registry=_registry(), format_checker=checker)


def own_check(obj: dict, where: str = "") -> None:
    """Rules of OParl the schemas do not say: no null or empty values, date formats, ids are
    URLs, created/modified present, embedded objects checked too."""
    assert obj["type"].startswith(SCHEMA), where
    assert obj["id"].startswith("http"), where
    if obj["type"] != SCHEMA + "System" or obj.get("created"):
        assert "created" in obj and "modified" in obj, f"{where}: created/modified missing"
    for key, value in obj.items():
        assert value is not None and value != "" and value != [], f"{where}.{key} is empty"
        if key in DATE_KEYS:
            assert DATE_RE.match(value), f"{where}.{key}: {value}"
        if key in DATE_TIME_KEYS:
            assert DATE_TIME_RE.match(value), f"{where}.{key}: {value}"
        children = value if isinstance(value, list) else [value]
        for child in children:
            if isinstance(child, dict) and "type" in child:
                own_check(child, f"{where}.{key}")


def check_object(obj: dict, where: str = "") -> None:
    own_check(obj, where)
    type_name = obj["type"].removeprefix(SCHEMA)
    errors = sorted(validator(type_name).iter_errors(obj), key=str)
    assert not errors, f"{where}: {errors[0].message} at {list(errors[0].path)}"
