"""The query strings of the council pages, each read through a QueryForm
(veedel/core/queryforms.py): the paper list's filters and page, the month of the session
calendar, the body of the calendar feed, and the pages that take no parameters.

Parameters keep their German names from the addresses (``?jahr=2012&thema=sport``). What
cannot be read is named: pages show it as a message and go on without it; downloads (the
calendar feed, PDFs, files), which have no page to show it on, answer 400 naming it.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veedel.areas.forms import YearField
from veedel.areas.models import SocialSpace
from veedel.core.queryforms import (
    UNKNOWN_CHOICE,
    KeyChoiceField,
    PageField,
    QueryForm,
)
from veedel.council.models import Meeting, Organization, PaperType
from veedel.programme.models import Topic

FIRST_YEAR, LAST_YEAR = 1900, 2200


class MonthField(forms.Field):
    """A month in the address (``?monat=2012-03``), chosen from a list of months."""

    widget = forms.Select

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Month"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        raw = str(value).strip()
        try:
            day = datetime.datetime.strptime(raw, "%Y-%m").date() if raw.isascii() else None
        except ValueError:
            day = None
        if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("“%(value)s” is not a month; use the form 2012-03.") % {"value": raw[:20]},
                code="invalid",
            )
        return day


class MeetingListQuery(QueryForm):
    """The session calendar: the month shown (default: the last month with sessions up to
    now)."""

    monat = MonthField()

    def __init__(self, *args, months: list[datetime.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["monat"].widget.choices = [
            (month.strftime("%Y-%m"), date_format(month, "YEAR_MONTH_FORMAT")) for month in months
        ]

    @property
    def has_filters(self) -> bool:
        # A month is always shown; there is no unfiltered calendar to go back to.
        return False


class CalendarQuery(QueryForm):
    """The calendar feed: all sessions, or those of one body (``?gremium=<id>``)."""

    gremium = forms.ModelChoiceField(
        queryset=Organization.objects.public(),
        required=False,
        label=gettext_lazy("Body (Gremium)"),
        error_messages=UNKNOWN_CHOICE,
    )

    def meetings(self):
        meetings = Meeting.objects.public().select_related("organization", "location")
        if organization := self.values["gremium"]:
            meetings = meetings.filter(organization=organization)
        return meetings.order_by("start")


def _spaces():
    # The areas in force since 2006; several area sets may be chosen.
    return SocialSpace.objects.defer("geometry", "display_geometry").order_by("-valid_from", "name")


class SpaceChoiceField(KeyChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.validity_label})"


class PaperListQuery(QueryForm):
    """The filters of the paper list and its page (German parameter names)."""

    q = forms.CharField(
        label=gettext_lazy("Words in title or reference"), required=False, max_length=100
    )
    art = forms.ChoiceField(
        label=gettext_lazy("Kind of paper"),
        required=False,
        choices=[("", gettext_lazy("all kinds")), *PaperType.choices],
        error_messages=UNKNOWN_CHOICE,
    )
    jahr = YearField()
    sozialraum = SpaceChoiceField(
        label=gettext_lazy("Social space"),
        queryset=SocialSpace.objects.none(),
        required=False,
        to_field_name="slug",
        error_messages=UNKNOWN_CHOICE,
    )
    thema = KeyChoiceField(
        label=gettext_lazy("Topic"),
        queryset=Topic.objects.order_by("order", "name"),
        required=False,
        to_field_name="slug",
        error_messages=UNKNOWN_CHOICE,
    )
    seite = PageField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sozialraum"].queryset = _spaces()

    def filter(self, papers):
        """``papers`` narrowed by the filters that could be read."""
        values = self.given()
        for word in values.get("q", "").split():
            papers = papers.filter(Q(title__icontains=word) | Q(reference__icontains=word))
        if kind := values.get("art"):
            papers = papers.filter(paper_type=kind)
        if year := values.get("jahr"):
            papers = papers.filter(date__year=year)
        if space := values.get("sozialraum"):
            papers = papers.filter(social_spaces=space)
        if topic := values.get("thema"):
            papers = papers.filter(topics=topic)
        return papers
