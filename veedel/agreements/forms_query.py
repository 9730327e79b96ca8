"""The query strings of the agreement pages, each read through a QueryForm
(veedel/core/queryforms.py): the list's filters and the goal a new target starts under. Pages
that take no parameters use ``takes_no_query``. What cannot be read is shown as a message and
left out; no view reads ``request.GET`` itself.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veedel.agreements.models import AgreementState
from veedel.areas.forms import YearField
from veedel.core.queryforms import KeyChoiceField, QueryForm
from veedel.programme.models import CoordinationOffice, Goal


class AgreementListQuery(QueryForm):
    """``/zielvereinbarungen/?jahr=2026&stelle=kalk&status=agreed``. The year and office
    choices are those of the agreements the user may see (``agreements``)."""

    jahr = YearField(widget=forms.Select)
    stelle = KeyChoiceField(
        CoordinationOffice.objects.none(),
        to_field_name="slug",
        label=_("Coordination office"),
        empty_label=_("all offices"),
    )
    status = forms.ChoiceField(
        choices=[("", _("all states")), *AgreementState.choices],
        required=False,
        label=_("State"),
        error_messages={"invalid_choice": _("“%(value)s” is not a state of an agreement.")},
    )

    def __init__(self, data=None, *, agreements, **kwargs):
        super().__init__(data, **kwargs)
        years = sorted(set(agreements.values_list("year", flat=True)), reverse=True)
        self.fields["jahr"].widget.choices = [("", _("all years"))] + [(y, y) for y in years]
        self.fields["stelle"].queryset = CoordinationOffice.objects.filter(
            pk__in=agreements.values("office_id")
        ).order_by("name")

    def filter(self, agreements):
        values = self.given()
        if year := values.get("jahr"):
            agreements = agreements.filter(year=year)
        if office := values.get("stelle"):
            agreements = agreements.filter(office=office)
        if state := values.get("status"):
            agreements = agreements.filter(state=state)
        return agreements


class TargetAddQuery(QueryForm):
    """``…/ziele/neu/?ziel=praevention``: the goal the new target starts under."""

    ziel = KeyChoiceField(
        Goal.objects.order_by("programme_id", "order"), to_field_name="slug", label=_("Goal")
    )
