"""The query strings of the initiative pages, each read through a QueryForm
(veedel/core/queryforms.py): the filters of the list and of its CSV export, the page, and the
choices with which "Start an initiative" opens (``?prozess=…&situation=…&sozialraum=…``).
Pages without parameters (the initiative page, the timelines, the forms) take ``NoQuery``
(``takes_no_query``), which names any parameter they are given.

Parameters keep their German names from the addresses. What cannot be read is named: the pages
show it as a message and go on without it, the CSV downloads answer 400.
"""

from __future__ import annotations

from django import forms
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext_lazy as _

from veedel.areas.forms import SocialSpaceKeyField, YearField
from veedel.core.queryforms import UNKNOWN_CHOICE, KeyChoiceField, PageField, QueryForm
from veedel.guide.models import KeyProcess, Situation
from veedel.initiatives.models import InitiativeStatus
from veedel.programme.forms import TopicKeyField
from veedel.programme.models import CoordinationOffice, Goal

#: Ids in an address have at most this many digits (larger ones name nothing we keep, and would
#: overflow the database's integers).
MAX_ID_DIGITS = 12


class IdChoiceField(forms.ModelChoiceField):
    """A record chosen by its id in the address (``?prozess=12``): digits only, looked up in
    ``queryset`` (what may be chosen), refused with the value named otherwise."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", UNKNOWN_CHOICE)
        super().__init__(queryset, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        raw = str(value).strip()
        if not (raw.isascii() and raw.isdigit() and len(raw) <= MAX_ID_DIGITS):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": raw[:40] + ("…" if len(raw) > 40 else "")},
            )
        return super().to_python(raw)


class InitiativeQuery(QueryForm):
    """The filters of the initiative list and of its CSV export (``/vorhaben/export.csv``)."""

    sozialraum = SocialSpaceKeyField(empty_label=_("all social spaces"))
    stelle = KeyChoiceField(
        CoordinationOffice.objects.order_by("name"),
        to_field_name="slug",
        label=_("Coordination office"),
        empty_label=_("all offices"),
    )
    status = forms.ChoiceField(
        choices=[("", _("every status")), *InitiativeStatus.choices],
        required=False,
        label=_("Status"),
        error_messages=UNKNOWN_CHOICE,
    )
    ziel = KeyChoiceField(
        Goal.objects.order_by("order"),
        to_field_name="slug",
        label=_("Goal"),
        empty_label=_("all goals"),
    )
    thema = TopicKeyField(empty_label=_("all topics"))
    jahr = YearField(help_text=_("Initiatives running at some time in that year."))

    def filter(self, initiatives):
        """``initiatives`` narrowed by the filters that could be read."""
        values = self.given()
        if space := values.get("sozialraum"):
            initiatives = initiatives.filter(social_space=space)
        if office := values.get("stelle"):
            initiatives = initiatives.filter(office=office)
        if status := values.get("status"):
            initiatives = initiatives.filter(status=status)
        if goal := values.get("ziel"):
            initiatives = initiatives.filter(goals__slug=goal.slug)
        if topic := values.get("thema"):
            initiatives = initiatives.filter(topics__slug=topic.slug)
        if year := values.get("jahr"):
            initiatives = initiatives.active_in_year(year)
        if goal or topic:
            initiatives = initiatives.distinct()
        return initiatives


class InitiativeListQuery(InitiativeQuery):
    """The initiative list: its filters and the page (``?seite=2``)."""

    seite = PageField()


class StartQuery(QueryForm):
    """``/vorhaben/neu/?prozess=<id>&situation=<id>&sozialraum=<slug>``: what the form for a
    new initiative starts with. Situations and key processes are those of ``edition`` (the
    current published one; none without it)."""

    situation = IdChoiceField(None, label=_("Starting situation"))
    prozess = IdChoiceField(None, label=_("Key process"))
    sozialraum = SocialSpaceKeyField()

    def __init__(self, data=None, *, edition, **kwargs):
        super().__init__(data, **kwargs)
        if edition is None:
            self.fields["situation"].queryset = Situation.objects.none()
            self.fields["prozess"].queryset = KeyProcess.objects.none()
        else:
            self.fields["situation"].queryset = edition.situations.all()
            self.fields["prozess"].queryset = edition.key_processes.all()

    def initial_for_start(self) -> dict:
        """The StartForm's initial values."""
        values = self.given()
        return {
            name: values[key]
            for name, key in (
                ("situation", "situation"),
                ("key_process", "prozess"),
                ("social_space", "sozialraum"),
            )
            if key in values
        }


def read_download(form_class: type[QueryForm], request, **kwargs):
    """``(form, refusal)`` for a download (a CSV), which has no page to show a message on:
    ``refusal`` is a 400 naming each parameter that could not be read, or None."""
    form = form_class(request.GET, **kwargs)
    if problems := form.api_problems():
        return form, HttpResponseBadRequest(
            "\n".join(f"{name}: {reason}" for name, reason in problems),
            content_type="text/plain; charset=utf-8",
        )
    return form, None
