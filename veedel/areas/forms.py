"""Query fields and forms of the area pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veedel.core.queryforms import QueryForm

FIRST_YEAR = 1990


def last_year() -> int:
    """The last year a page can show: five years ahead, for areas already decided."""
    return timezone.localdate().year + 5


class YearField(forms.IntegerField):
    """A year in the address (``?jahr=2012``): four digits from 1990 to five years ahead."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Year"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        raw = str(value).strip()
        if not (raw.isascii() and raw.isdigit() and len(raw) == 4) or not (
            FIRST_YEAR <= int(raw) <= last_year()
        ):
            raise ValidationError(
                _("“%(value)s” is not a year between %(first)s and %(last)s.")
                % {"value": raw[:20], "first": FIRST_YEAR, "last": last_year()},
                code="invalid",
            )
        return int(raw)


class YearQuery(QueryForm):
    """Pages that show the areas of one year (``?jahr=``; default: this year)."""

    jahr = YearField()

    @property
    def year(self) -> int:
        return self.values["jahr"] or timezone.localdate().year
