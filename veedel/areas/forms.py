"""Query fields and forms of the area pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veedel.areas.models import District, Quarter, SocialSpace
from veedel.areas.queries import HEAVY_FIELDS
from veedel.core.queryforms import UNKNOWN_CHOICE, KeyChoiceField, QueryForm

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


class AreaField(forms.ModelChoiceField):
    """An area named by its official number (``?stadtbezirk=8``). A value no area can have
    (too long, or with a NUL character, which PostgreSQL refuses in a query) is unknown
    without asking the database."""

    def __init__(self, model, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", UNKNOWN_CHOICE)
        self.max_length = model._meta.get_field("number").max_length
        super().__init__(
            queryset=model.objects.only("pk", "number"), to_field_name="number", **kwargs
        )

    def to_python(self, value):
        if value not in self.empty_values and (
            "\x00" in str(value) or len(str(value)) > self.max_length
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value).replace("\x00", "")[:40]},
            )
        return super().to_python(value)


class DistrictQuery(QueryForm):
    """The quarters of one district (``?stadtbezirk=8``; default: all; given but empty:
    refused)."""

    refuse_empty = frozenset({"stadtbezirk"})
    stadtbezirk = AreaField(District, label=gettext_lazy("District"))


class QuarterQuery(QueryForm):
    """The neighbourhoods of one quarter (``?stadtteil=805``; default: all; given but empty:
    refused)."""

    refuse_empty = frozenset({"stadtteil"})
    stadtteil = AreaField(Quarter, label=gettext_lazy("Quarter"))


class SocialSpaceKeyField(KeyChoiceField):
    """A social space chosen by its slug in the address (``?sozialraum=kalk``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Social space"))
        super().__init__(
            SocialSpace.objects.defer(*HEAVY_FIELDS).order_by("-valid_from", "name"),
            to_field_name="slug",
            **kwargs,
        )

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.validity_label})"


class QuarterKeyField(KeyChoiceField):
    """A quarter chosen by its official number in the address (``?stadtteil=802``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Quarter"))
        super().__init__(
            Quarter.objects.defer(*HEAVY_FIELDS).order_by("name"), to_field_name="number", **kwargs
        )

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.number})"
