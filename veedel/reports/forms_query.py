"""The query strings of the report pages, each read through a QueryForm
(veedel/core/queryforms.py): the list's filters and what the generate page starts with. Pages
that take no parameters use ``takes_no_query``. What cannot be read is shown as a message and
left out; no view reads ``request.GET`` itself.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veedel.areas.forms import YearField
from veedel.core.queryforms import KeyChoiceField, QueryForm
from veedel.programme.models import CoordinationOffice
from veedel.reports.models import ReportKind

#: The kinds of report by their name in addresses (``?art=sachbericht``).
KIND_PARAM = {"sachbericht": ReportKind.OFFICE, "programmbericht": ReportKind.PROGRAMME}


def kind_field(**kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=[
            ("", _("all kinds")),
            ("sachbericht", _("activity reports of the offices")),
            ("programmbericht", _("programme reports")),
        ],
        coerce=KIND_PARAM.get,
        empty_value=None,
        required=False,
        label=_("Kind"),
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a kind of report; choose activity reports or programme reports."
            )
        },
        **kwargs,
    )


def office_field(**kwargs) -> KeyChoiceField:
    return KeyChoiceField(
        CoordinationOffice.objects.order_by("name"),
        to_field_name="slug",
        label=_("Coordination office"),
        empty_label=_("all offices"),
        **kwargs,
    )


class ReportListQuery(QueryForm):
    """``/berichte/?jahr=2025&stelle=kalk&art=sachbericht``; the years offered are those of
    the reports the user may see (``reports``)."""

    jahr = YearField(widget=forms.Select)
    stelle = office_field()
    art = kind_field()

    def __init__(self, data=None, *, reports, **kwargs):
        super().__init__(data, **kwargs)
        years = sorted(set(reports.values_list("year", flat=True)), reverse=True)
        self.fields["jahr"].widget.choices = [("", _("all years"))] + [(y, y) for y in years]

    def filter(self, reports):
        values = self.given()
        if year := values.get("jahr"):
            reports = reports.filter(year=year)
        if office := values.get("stelle"):
            reports = reports.filter(office=office)
        if kind := values.get("art"):
            reports = reports.filter(kind=kind)
        return reports


class GenerateQuery(QueryForm):
    """``/berichte/erstellen/?art=sachbericht&stelle=kalk``: what the form starts with. The
    offices are those the user may generate reports for (``offices``)."""

    art = kind_field()
    stelle = office_field()

    def __init__(self, data=None, *, offices, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["stelle"].queryset = offices
