"""The query strings of the OParl API, read through QueryForms (veedel/core/queryforms.py).

A list takes the four date filters of OParl (``created_since``, ``created_until``,
``modified_since``, ``modified_until``), ``limit`` and ``after`` (the id of the last object of
the previous page); an object takes none. Anything malformed, given twice or unknown is
answered 400 with the parameter named (views.py).
"""

from __future__ import annotations

import datetime
import zoneinfo

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veedel.core.queryforms import QueryForm

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
#: The largest id a database keeps (a signed 64-bit integer).
MAX_ID = 2**63 - 1
FIRST_YEAR, LAST_YEAR = 1900, 2200

#: The date filters and the lookups they stand for.
DATE_FILTERS = {
    "created_since": "created__gte",
    "created_until": "created__lte",
    "modified_since": "modified__gte",
    "modified_until": "modified__lte",
}


class DateTimeField(forms.Field):
    """An OParl date-time: ISO 8601, with an offset (without one, Europe/Berlin is assumed);
    a "+" that arrives as a space (an unencoded query string) is read as "+"."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().replace(" ", "+")
        try:
            parsed = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” is not a date-time such as 2012-03-01T00:00:00+01:00.")
                % {"value": str(value)[:40]},
                code="invalid",
            ) from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=BERLIN)
        try:
            # Years at the edge of the calendar cannot be compared in UTC.
            parsed.astimezone(datetime.UTC)
            in_range = FIRST_YEAR <= parsed.year <= LAST_YEAR
        except OverflowError:
            in_range = False
        if not in_range:
            raise forms.ValidationError(
                _("Give a date-time between the years %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                code="range",
            )
        return parsed


class WholeNumberField(forms.Field):
    """A whole number written in ASCII digits, from ``minimum`` to ``maximum``."""

    def __init__(self, *, minimum: int, maximum: int, message, params=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum
        self.message, self.params = message, params or {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        raw = str(value).strip()
        number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 19 else None
        if number is None or not self.minimum <= number <= self.maximum:
            raise forms.ValidationError(str(self.message) % self.params, code="invalid")
        return number


class ObjectQuery(QueryForm):
    """An object takes no parameters; every parameter given is unknown."""

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if hasattr(self.data, "getlist") and len(self.data.getlist(name)) > 1:
                self.add_error(name, _("Give it only once."))
        return cleaned


class ListQuery(ObjectQuery):
    created_since = DateTimeField(required=False)
    created_until = DateTimeField(required=False)
    modified_since = DateTimeField(required=False)
    modified_until = DateTimeField(required=False)
    limit = WholeNumberField(
        minimum=1,
        maximum=MAX_ID,
        message=gettext_lazy("Give a whole number of 1 or more (at most %(max)s are sent)."),
        params={"max": MAX_LIMIT},
    )
    after = WholeNumberField(
        minimum=0,
        maximum=MAX_ID,
        message=gettext_lazy("Give the id of an object (a whole number)."),
    )
    refuse_empty = frozenset(DATE_FILTERS) | {"limit", "after"}

    @property
    def limit_value(self) -> int:
        return min(self.values["limit"] or DEFAULT_LIMIT, MAX_LIMIT)

    @property
    def after_value(self) -> int:
        return self.values["after"] or 0

    @property
    def dates(self) -> dict[str, datetime.datetime]:
        return {name: value for name, value in self.given().items() if name in DATE_FILTERS}

    @property
    def with_deleted(self) -> bool:
        """With ``modified_since``, deleted objects are listed too (``deleted: true``)."""
        return "modified_since" in self.dates

    def carried(self) -> dict[str, str]:
        """The parameters the list's links carry: the date filters (written out in full) and
        ``limit`` when it was given."""
        carried = {name: value.isoformat() for name, value in self.dates.items()}
        if self.given().get("limit"):
            carried["limit"] = str(self.limit_value)
        return carried
