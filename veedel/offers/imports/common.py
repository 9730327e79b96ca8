"""What actor and offer imports share: columns, problems, the result of a check, and the
readers of single cells (numbers, yes/no, dates, coordinates, opening hours …).

A reader gets the text of one cell and returns its value, or raises ``Invalid`` with what is
wrong in words; the check adds row and column: "Zeile 7, Spalte 'alter_von': 'abc' ist keine
ganze Zahl".
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from veedel.offers.imports.tables import ImportRefused, Table

MAX_PROBLEMS_SHOWN = 200
PREVIEW_ROWS = 10


class Invalid(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    name: str
    description: object  # lazy text for the help table
    read: Callable[[str], object]
    required: bool = False  # the header must be there and every row needs a value


@dataclass
class Problem:
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.line and self.column:
            return _("Row %(row)s, column '%(column)s': %(message)s") % {
                "row": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.line:
            return _("Row %(row)s: %(message)s") % {"row": self.line, "message": self.message}
        return self.message


@dataclass
class Check:
    """What a file would do: parsed rows, problems (any one stops the import), warnings."""

    kind: str
    columns: list[Column]
    rows: list = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    def sort(self) -> None:
        """Problems and warnings in the order of the rows."""
        self.problems.sort(key=lambda p: p.line or 0)
        self.warnings.sort(key=lambda p: p.line or 0)

    def problem(self, line: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(line, column, message))

    def warning(self, line: int | None, column: str | None, message: str) -> None:
        self.warnings.append(Problem(line, column, message))

    def note_id(self, seen: dict, record_id, line: int) -> None:
        """Record the row's id in ``seen``; an id given in two rows is a problem."""
        if record_id in seen:
            self.problem(
                line, "id", _("the id also appears in row %(row)s.") % {"row": seen[record_id]}
            )
        elif record_id:
            seen[record_id] = line

    @property
    def problems_shown(self) -> list[Problem]:
        return self.problems[:MAX_PROBLEMS_SHOWN]

    @property
    def problems_hidden(self) -> int:
        return max(0, len(self.problems) - MAX_PROBLEMS_SHOWN)

    def preview(self) -> list[list[str]]:
        """The first rows as the file gives them, for the preview table."""
        return [row.cells for row in self.rows[:PREVIEW_ROWS]]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ParsedRow:
    line: int
    cells: list[str]  # as in the file, in the order of ``Check.columns``
    values: dict  # column name → value (only the columns the file has)
    ok: bool = True  # False when a cell could not be read


def check_headers(table: Table, columns: list[Column]) -> list[Column]:
    """The file's columns in its order; refuses unknown, doubled and missing columns."""
    known = {c.name: c for c in columns}
    allowed = ", ".join(c.name for c in columns)
    seen: list[Column] = []
    for position, header in enumerate(table.headers, start=1):
        if not header:
            raise ImportRefused(
                _("Column %(position)s has no name in the first row. Known columns: %(allowed)s.")
                % {"position": position, "allowed": allowed}
            )
        if header not in known:
            raise ImportRefused(
                _("Unknown column '%(column)s'. Known columns: %(allowed)s.")
                % {"column": header, "allowed": allowed}
            )
        if known[header] in seen:
            raise ImportRefused(_("The column '%(column)s' appears twice.") % {"column": header})
        seen.append(known[header])
    missing = [c.name for c in columns if c.required and c not in seen]
    if missing:
        raise ImportRefused(
            _("The file lacks the column(s) %(columns)s.")
            % {"columns": ", ".join(f"'{m}'" for m in missing)}
        )
    return seen


def parse_rows(table: Table, columns: list[Column], check: Check) -> list[ParsedRow]:
    """Read every cell of every row; problems go to ``check``."""
    parsed = []
    width = len(columns)
    for line, cells in table.rows:
        if len(cells) > width and any(cells[width:]):
            check.problem(
                line,
                None,
                _("the row has %(cells)s values but the first row names %(columns)s columns.")
                % {"cells": len(cells), "columns": width},
            )
            continue
        cells = (cells + [""] * width)[:width]
        values = {}
        problems_before = len(check.problems)
        for column, text in zip(columns, cells, strict=True):
            if not text:
                if column.required:
                    check.problem(line, column.name, _("a value is needed."))
                values[column.name] = _empty(column)
                continue
            try:
                values[column.name] = column.read(text)
            except Invalid as error:
                check.problem(line, column.name, error.message)
        parsed.append(
            ParsedRow(
                line=line, cells=cells, values=values, ok=len(check.problems) == problems_before
            )
        )
    return parsed


def _empty(column: Column):
    return getattr(column.read, "empty", "")


def shown(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "…"


# --- readers of single cells -----------------------------------------------------------------


def text(max_length: int):
    def read(value: str) -> str:
        if len(value) > max_length:
            raise Invalid(
                _("the text is %(length)s characters long; at most %(limit)s are allowed.")
                % {"length": len(value), "limit": max_length}
            )
        return value

    return read


def whole_number(minimum: int, maximum: int):
    def read(value: str) -> int:
        if not re.fullmatch(r"[+-]?\d+", value):
            raise Invalid(_("'%(value)s' is not a whole number.") % {"value": shown(value)})
        number = int(value)
        if not minimum <= number <= maximum:
            raise Invalid(
                _("%(value)s is not between %(minimum)s and %(maximum)s.")
                % {"value": number, "minimum": minimum, "maximum": maximum}
            )
        return number

    read.empty = None
    return read


def decimal(minimum: float, maximum: float):
    def read(value: str) -> float:
        normalised = value.replace(",", ".")
        if not re.fullmatch(r"[+-]?\d+(\.\d+)?", normalised):
            raise Invalid(
                _("'%(value)s' is not a decimal number such as 50.9375.") % {"value": shown(value)}
            )
        number = float(normalised)
        if not minimum <= number <= maximum:
            raise Invalid(
                _("%(value)s is not between %(minimum)s and %(maximum)s.")
                % {"value": value, "minimum": minimum, "maximum": maximum}
            )
        return number

    read.empty = None
    return read


YES = {"ja", "j", "yes", "y", "x", "1", "true", "wahr"}
NO = {"nein", "n", "no", "0", "false", "falsch"}


def yes_no(default: bool):
    def read(value: str) -> bool:
        lowered = value.strip().lower()
        if lowered in YES:
            return True
        if lowered in NO:
            return False
        raise Invalid(_("'%(value)s' is neither 'ja' nor 'nein'.") % {"value": shown(value)})

    read.empty = default
    return read


def date_not_in_future(value: str) -> datetime.date:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            day = datetime.datetime.strptime(value, pattern).date()
            break
        except ValueError:
            continue
    else:
        raise Invalid(
            _("'%(value)s' is not a date; write it as 31.12.2024 or 2024-12-31.")
            % {"value": shown(value)}
        )
    if day > timezone.localdate():
        raise Invalid(_("%(date)s lies in the future.") % {"date": day.strftime("%d.%m.%Y")})
    return day


date_not_in_future.empty = None


def email(value: str) -> str:
    try:
        EmailValidator()(value)
    except ValidationError:
        raise Invalid(
            _("'%(value)s' is not an e-mail address.") % {"value": shown(value)}
        ) from None
    if len(value) > 254:
        raise Invalid(_("the e-mail address is too long."))
    return value


def website(value: str) -> str:
    if value.lower().startswith("www."):
        value = "https://" + value
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise Invalid(
            _("'%(value)s' is not a web address such as https://www.example.org.")
            % {"value": shown(value)}
        ) from None
    if len(value) > 200:
        raise Invalid(_("the web address is longer than 200 characters."))
    return value


PHONE = re.compile(r"^\+?[0-9 ()/.-]{3,49}$")


def phones(value: str) -> list[str]:
    numbers = [n.strip() for n in value.split(";") if n.strip()]
    for number in numbers:
        if not PHONE.match(number) or sum(c.isdigit() for c in number) < 3:
            raise Invalid(
                _("'%(value)s' is not a phone number such as 0221 1234567.")
                % {"value": shown(number)}
            )
    return numbers


phones.empty = []


def phone(value: str) -> str:
    numbers = phones(value)
    if len(numbers) > 1:
        raise Invalid(_("give only one phone number."))
    return numbers[0]


def id_or_empty(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Invalid(
            _("'%(value)s' is not an id of Veedel (a UUID such as %(example)s).")
            % {"value": shown(value), "example": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}
        ) from None


id_or_empty.empty = None


def codes(value: str) -> list[str]:
    """A list separated by ";" (or ","), without repeats."""
    separator = ";" if ";" in value else ","
    seen: dict[str, None] = {}
    for part in value.split(separator):
        if part.strip():
            seen.setdefault(part.strip())
    return list(seen)


codes.empty = []


POSTAL_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z -]{2,9}$")


def postal_code(value: str) -> str:
    if not POSTAL_CODE.match(value):
        raise Invalid(
            _("'%(value)s' is not a postal code such as 50667.") % {"value": shown(value)}
        )
    return value


# Opening hours: "MO 09:00-12:00; MI 14:00-17:00", also "Mo, Mi 9-12" or "MO-FR 9:00-12:00".
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
GERMAN_DAYS = ["MO", "DI", "MI", "DO", "FR", "SA", "SO"]
DAY_NAMES = {
    **{d: i for i, d in enumerate(GERMAN_DAYS)},
    **{d: i for i, d in enumerate(DAYS)},
    **{
        name: i
        for i, names in enumerate(
            [
                ("montag", "monday", "mon"),
                ("dienstag", "tuesday", "tue", "die"),
                ("mittwoch", "wednesday", "wed", "mit"),
                ("donnerstag", "thursday", "thu", "don"),
                ("freitag", "friday", "fri", "fre"),
                ("samstag", "saturday", "sat", "sam", "sonnabend"),
                ("sonntag", "sunday", "sun", "son"),
            ]
        )
        for name in names
    },
}
_HOURS = re.compile(
    r"^(?P<days>[^\d]+?)\s*(?P<opens>\d{1,2}(?:[:.]\d{2})?)\s*(?:-|–|bis)\s*"
    r"(?P<closes>\d{1,2}(?:[:.]\d{2})?)\s*(?:uhr)?$",
    re.IGNORECASE,
)


def _clock(value: str) -> datetime.time:
    hours, _sep, minutes = value.replace(".", ":").partition(":")
    hour, minute = int(hours), int(minutes or 0)
    if hour == 24 and minute == 0:
        return datetime.time(23, 59)
    return datetime.time(hour, minute)


def _days(text: str) -> list[int]:
    result = []
    text = re.sub(r"\s*[-–]\s*", "-", text.strip())
    for part in re.split(r"[,/+&\s]+|\bund\b", text, flags=re.IGNORECASE):
        part = part.strip().rstrip(".").lower()
        if not part:
            continue
        start, dash, end = (s.strip().rstrip(".") for s in part.partition("-"))
        first = DAY_NAMES.get(start.upper()) if len(start) == 2 else DAY_NAMES.get(start)
        if first is None:
            raise ValueError(start)
        if not dash:
            result.append(first)
            continue
        last = DAY_NAMES.get(end.upper()) if len(end) == 2 else DAY_NAMES.get(end)
        if last is None:
            raise ValueError(end)
        result.extend(range(first, last + 1) if first <= last else [])
    return result


def weekly_hours(value: str) -> list[tuple[str, datetime.time, datetime.time]]:
    """(weekday code, opens, closes) for each day named; weekday codes as RFC 5545."""
    result: dict[tuple, None] = {}
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        match = _HOURS.match(part)
        if not match:
            raise Invalid(
                _(
                    "'%(value)s' is no opening time; write e.g. 'MO 09:00-12:00; MI "
                    "14:00-17:00' (days MO DI MI DO FR SA SO)."
                )
                % {"value": shown(part)}
            )
        try:
            days = _days(match["days"])
            opens, closes = _clock(match["opens"]), _clock(match["closes"])
        except ValueError:
            raise Invalid(
                _("'%(value)s': unknown day or time; days are MO DI MI DO FR SA SO.")
                % {"value": shown(part)}
            ) from None
        if not days:
            raise Invalid(_("'%(value)s' names no weekday.") % {"value": shown(part)})
        if closes <= opens:
            raise Invalid(
                _("'%(value)s': the closing time must be after the opening time.")
                % {"value": shown(part)}
            )
        for day in days:
            result.setdefault((DAYS[day], opens, closes))
    return list(result)


weekly_hours.empty = []


def hours_text(schedules) -> str:
    """Opening hours as the import reads them, e.g. "MO 09:00-12:00; MI 14:00-17:00"."""
    parts = []
    for byday, opens, closes in schedules:
        day = GERMAN_DAYS[DAYS.index(byday)] if byday in DAYS else byday
        parts.append(f"{day} {opens:%H:%M}-{closes:%H:%M}")
    return "; ".join(parts)
