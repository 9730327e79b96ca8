"""Loading an edition of the guide from a JSON file (the example edition ships with Veedel).

The file format is described in ``docs/guide-data.md``. The whole file is read and checked
before the first row is written; any problem raises :class:`DataFileError` naming the file,
the place (``situations[3].topics[1]``, counted from 1) and the reason, and the database stays
as it was. The writing happens in one transaction.

Loading the same file again changes nothing: the edition is found by its slug, everything below
it by its slug (steps by their position), and a row is only written when a value differs.
A changed file brings the edition in line with it: new entries are added, changed ones updated
and entries that are no longer in the file removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from veedel.areas.loading import DataFileError, LoadReport, _read_json, _set_m2m, _upsert
from veedel.guide.finder import guide_index
from veedel.guide.models import (
    Edition,
    EditionStatus,
    KeyProcess,
    Method,
    ProcessStep,
    Situation,
)
from veedel.programme.models import Goal, Programme, Topic

EXAMPLE_EDITION_FILE = Path(__file__).resolve().parent / "data" / "leitfaden-beispiel-2012.json"
FORMAT = "veedel-guide-edition/1"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Field:
    name: str
    required: bool = False
    max_length: int | None = None


EDITION_FIELDS = (
    Field("title", True, 200),
    Field("slug", True, 120),
    Field("introduction"),
)
METHOD_FIELDS = (
    Field("slug", True, 120),
    Field("name", True, 200),
    Field("summary", False, 300),
    Field("description"),
)
PROCESS_FIELDS = (Field("slug", True, 120), Field("title", True, 200), Field("purpose", True))
STEP_FIELDS = (
    Field("title", True, 200),
    Field("aim", True),
    Field("method_notes"),
    Field("participants"),
    Field("results"),
    Field("duration", False, 100),
    Field("pitfalls"),
)
SITUATION_FIELDS = (
    Field("slug", True, 120),
    Field("title", True, 200),
    Field("description", True),
)

TOP_KEYS = {"format", "edition", "methods", "key_processes", "situations"}
EDITION_KEYS = {"title", "slug", "year", "introduction", "is_example"}
METHOD_KEYS = {f.name for f in METHOD_FIELDS}
PROCESS_KEYS = {"slug", "title", "purpose", "goals", "topics", "steps"}
STEP_KEYS = {f.name for f in STEP_FIELDS} | {"methods"}
SITUATION_KEYS = {"slug", "title", "description", "signs", "goals", "topics", "key_processes"}


# --- reading and checking -----------------------------------------------------------------


class _Checker:
    """Checks the parsed file and returns it in a clean shape for writing."""

    def __init__(self, file: str, goals: set[str], topics: set[str]):
        self.file, self.goals, self.topics = file, goals, topics

    def fail(self, where: str, reason: str):
        raise DataFileError(self.file, where, reason)

    def obj(self, value: Any, where: str, allowed: set[str]) -> dict:
        if not isinstance(value, dict):
            self.fail(where, "expected an object ({…})")
        unknown = sorted(k for k in value if k not in allowed and not k.startswith("_"))
        if unknown:
            self.fail(
                where,
                f"unknown field '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})",
            )
        return value

    def items(self, value: Any, where: str, *, required: bool) -> list:
        if value is None and not required:
            return []
        if not isinstance(value, list):
            self.fail(where, "expected a list ([…])")
        if required and not value:
            self.fail(where, "the list is empty")
        return value

    def text(self, data: dict, field: Field, where: str) -> str:
        value = data.get(field.name)
        place = f"{where}.{field.name}"
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(place, "expected text")
        value = value.strip()
        if field.required and not value:
            self.fail(place, "required field is missing or empty")
        if field.max_length and len(value) > field.max_length:
            self.fail(place, f"longer than {field.max_length} characters ({len(value)})")
        if field.name == "slug" and not SLUG.match(value):
            self.fail(place, f"'{value}' is not a slug (lower-case a–z, 0–9 and hyphens)")
        return value

    def texts(self, data: dict, fields: tuple[Field, ...], where: str) -> dict:
        return {f.name: self.text(data, f, where) for f in fields}

    def refs(self, data: dict, key: str, where: str, known: set[str], what: str) -> list[str]:
        place = f"{where}.{key}"
        slugs = []
        for i, value in enumerate(self.items(data.get(key), place, required=False), start=1):
            if not isinstance(value, str) or value not in known:
                self.fail(
                    f"{place}[{i}]",
                    f"unknown {what} {value!r} (known: {', '.join(sorted(known)) or 'none'})",
                )
            if value in slugs:
                self.fail(f"{place}[{i}]", f"{what} {value!r} is named twice")
            slugs.append(value)
        return slugs

    def unique(self, records: list[dict], key: str, where: str) -> None:
        seen: dict[str, int] = {}
        for i, record in enumerate(records, start=1):
            value = record[key]
            if value in seen:
                self.fail(
                    f"{where}[{i}].{key}",
                    f"duplicate {key} '{value}' (already used by {where}[{seen[value]}])",
                )
            seen[value] = i

    def check(self, data: Any) -> dict:
        data = self.obj(data, "", TOP_KEYS)
        if "format" in data and data["format"] != FORMAT:
            self.fail("format", f"unknown format {data['format']!r} (expected '{FORMAT}')")
        edition = self.edition(data.get("edition"))
        methods = [
            self.method(m, f"methods[{i}]")
            for i, m in enumerate(self.items(data.get("methods"), "methods", required=False), 1)
        ]
        self.unique(methods, "slug", "methods")
        method_slugs = {m["slug"] for m in methods}
        raw_processes = self.items(data.get("key_processes"), "key_processes", required=True)
        processes = [
            self.process(p, f"key_processes[{i}]", method_slugs)
            for i, p in enumerate(raw_processes, 1)
        ]
        self.unique(processes, "slug", "key_processes")
        process_slugs = {p["slug"] for p in processes}
        situations = [
            self.situation(s, f"situations[{i}]", process_slugs)
            for i, s in enumerate(
                self.items(data.get("situations"), "situations", required=False), 1
            )
        ]
        self.unique(situations, "slug", "situations")
        return {
            "edition": edition,
            "methods": methods,
            "key_processes": processes,
            "situations": situations,
        }

    def edition(self, raw: Any) -> dict:
        if raw is None:
            self.fail("edition", "the object 'edition' is missing")
        raw = self.obj(raw, "edition", EDITION_KEYS)
        values = self.texts(raw, EDITION_FIELDS, "edition")
        year = raw.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2200:
            self.fail("edition.year", f"expected a year such as 2012, found {year!r}")
        values["year"] = year
        is_example = raw.get("is_example", False)
        if not isinstance(is_example, bool):
            self.fail("edition.is_example", "expected true or false")
        values["is_example"] = is_example
        return values

    def method(self, raw: Any, where: str) -> dict:
        return self.texts(self.obj(raw, where, METHOD_KEYS), METHOD_FIELDS, where)

    def process(self, raw: Any, where: str, method_slugs: set[str]) -> dict:
        raw = self.obj(raw, where, PROCESS_KEYS)
        values = self.texts(raw, PROCESS_FIELDS, where)
        values["goals"] = self.refs(raw, "goals", where, self.goals, "goal")
        values["topics"] = self.refs(raw, "topics", where, self.topics, "topic")
        steps = self.items(raw.get("steps"), f"{where}.steps", required=True)
        values["steps"] = [
            self.step(s, f"{where}.steps[{i}]", method_slugs) for i, s in enumerate(steps, 1)
        ]
        return values

    def step(self, raw: Any, where: str, method_slugs: set[str]) -> dict:
        raw = self.obj(raw, where, STEP_KEYS)
        values = self.texts(raw, STEP_FIELDS, where)
        values["methods"] = self.refs(raw, "methods", where, method_slugs, "method")
        if not values["methods"] and not values["method_notes"]:
            self.fail(where, "a step needs at least one method or 'method_notes'")
        return values

    def situation(self, raw: Any, where: str, process_slugs: set[str]) -> dict:
        raw = self.obj(raw, where, SITUATION_KEYS)
        values = self.texts(raw, SITUATION_FIELDS, where)
        values["signs"] = self.signs(raw.get("signs"), f"{where}.signs")
        values["goals"] = self.refs(raw, "goals", where, self.goals, "goal")
        values["topics"] = self.refs(raw, "topics", where, self.topics, "topic")
        values["key_processes"] = self.refs(
            raw, "key_processes", where, process_slugs, "key process"
        )
        return values

    def signs(self, raw: Any, where: str) -> str:
        if raw is None:
            return ""
        if isinstance(raw, str):
            lines = raw.splitlines()
        elif isinstance(raw, list):
            lines = []
            for i, sign in enumerate(raw, start=1):
                if not isinstance(sign, str) or not sign.strip():
                    self.fail(f"{where}[{i}]", "expected a non-empty line of text")
                if "\n" in sign.strip():
                    self.fail(f"{where}[{i}]", "one sign per entry (no line breaks)")
                lines.append(sign)
        else:
            self.fail(where, "expected a list of lines or text with one sign per line")
        return "\n".join(line.strip() for line in lines if line.strip())


def edition_read(*, path: Path, programme: Programme) -> dict:
    """Read and check an edition file completely; raise DataFileError on the first problem."""
    path = Path(path)
    goals = set(Goal.objects.filter(programme=programme).values_list("slug", flat=True))
    topics = set(Topic.objects.filter(programme=programme).values_list("slug", flat=True))
    checked = _Checker(path.name, goals, topics).check(_read_json(path))
    other = (
        Edition.objects.filter(slug=checked["edition"]["slug"]).exclude(programme=programme).first()
    )
    if other is not None:
        raise DataFileError(
            path.name,
            "edition.slug",
            f"'{other.slug}' is already used by an edition of another programme",
        )
    return checked


# --- writing ------------------------------------------------------------------------------


def edition_load(
    *,
    path: Path,
    programme: Programme,
    publish: bool = True,
    report: LoadReport | None = None,
) -> Edition:
    """Load the edition in ``path`` into ``programme``; return it.

    With ``publish`` a new or draft edition is published (an already published one keeps its
    publication date). ``report``, when given, counts what was created, changed and unchanged.
    """
    data = edition_read(path=path, programme=programme)
    report = report if report is not None else LoadReport()
    goals = {g.slug: g for g in Goal.objects.filter(programme=programme)}
    topics = {t.slug: t for t in Topic.objects.filter(programme=programme)}
    changes_before = _changes(report)
    with transaction.atomic():
        values = {"programme": programme, **data["edition"]}
        lookup = {"slug": values.pop("slug")}
        existing = Edition.objects.filter(**lookup).first()
        if publish and (existing is None or not existing.is_published):
            values.update(status=EditionStatus.PUBLISHED, published_at=timezone.now())
        edition = _upsert(Edition, report, lookup, values)

        methods = {}
        for m in data["methods"]:
            methods[m["slug"]] = _upsert(
                Method,
                report,
                {"edition": edition, "slug": m["slug"]},
                {"name": m["name"], "summary": m["summary"], "description": m["description"]},
            )
        _remove_stale(edition.methods.exclude(slug__in=methods), report, "Method")

        processes = {}
        for order, p in enumerate(data["key_processes"], start=1):
            process = _upsert(
                KeyProcess,
                report,
                {"edition": edition, "slug": p["slug"]},
                {"order": order, "title": p["title"], "purpose": p["purpose"]},
            )
            _set_m2m(process.goals, [goals[s] for s in p["goals"]], report, "KeyProcess")
            _set_m2m(process.topics, [topics[s] for s in p["topics"]], report, "KeyProcess")
            for number, s in enumerate(p["steps"], start=1):
                step = _upsert(
                    ProcessStep,
                    report,
                    {"key_process": process, "order": number},
                    {k: v for k, v in s.items() if k != "methods"},
                )
                _set_m2m(step.methods, [methods[x] for x in s["methods"]], report, "ProcessStep")
            _remove_stale(process.steps.filter(order__gt=len(p["steps"])), report, "ProcessStep")
            processes[p["slug"]] = process
        _remove_stale(edition.key_processes.exclude(slug__in=processes), report, "KeyProcess")

        slugs = []
        for order, s in enumerate(data["situations"], start=1):
            situation = _upsert(
                Situation,
                report,
                {"edition": edition, "slug": s["slug"]},
                {
                    "order": order,
                    "title": s["title"],
                    "description": s["description"],
                    "signs": s["signs"],
                },
            )
            _set_m2m(situation.goals, [goals[x] for x in s["goals"]], report, "Situation")
            _set_m2m(situation.topics, [topics[x] for x in s["topics"]], report, "Situation")
            _set_m2m(
                situation.key_processes,
                [processes[x] for x in s["key_processes"]],
                report,
                "Situation",
            )
            slugs.append(s["slug"])
        _remove_stale(edition.situations.exclude(slug__in=slugs), report, "Situation")

        if _changes(report) != changes_before:
            edition.save(update_fields=["modified"])  # auto_now: the edition was changed now
        guide_index(edition=edition)
    return edition


def _changes(report: LoadReport) -> int:
    return sum(report.created.values()) + sum(report.updated.values())


def _remove_stale(queryset, report: LoadReport, label: str) -> None:
    """Delete entries that are no longer in the file (links from initiatives become empty)."""
    count = queryset.count()
    if count:
        queryset.delete()
        report.updated[label] += count


def edition_summary(edition: Edition) -> str:
    """One line for the command line: what the edition holds."""
    processes = edition.key_processes.count()
    steps = ProcessStep.objects.filter(key_process__edition=edition).count()
    return (
        f"{edition.title} ({edition.slug}, {edition.year}): {edition.situations.count()} "
        f"situations, {processes} key processes with {steps} steps, "
        f"{edition.methods.count()} methods"
    )
