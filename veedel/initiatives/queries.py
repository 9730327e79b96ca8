"""Reading initiatives: what a user may see, the figures of the checklist and the activity
log, timelines and the dashboard panel. The filters of the list are ``forms_query.py``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Max, Prefetch, Q
from django.utils.translation import gettext as _

from veedel.areas.queries import HEAVY_FIELDS
from veedel.initiatives.models import Activity, Initiative, InitiativeStep
from veedel.initiatives.workflow import SETTLED_STEP_STATUSES, step_state
from veedel.programme.models import Goal, Topic

SPACE_HEAVY = [f"social_space__{f}" for f in HEAVY_FIELDS]


def visible_initiatives(user):
    """The initiatives ``user`` may see, with what every list shows loaded."""
    return (
        Initiative.objects.visible_to(user)
        .select_related("social_space", "office__provider")
        .defer(*SPACE_HEAVY)
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("order")),
            Prefetch("topics", queryset=Topic.objects.order_by("order", "name")),
        )
    )


def with_figures(initiatives):
    """Counts shown to those who read everything (steps done, activities, participants)."""
    return initiatives.annotate(
        step_count=Count("steps", distinct=True),
        steps_done=Count(
            "steps",
            filter=Q(steps__status__in=SETTLED_STEP_STATUSES),
            distinct=True,
        ),
        activity_count=Count("activities", distinct=True),
        last_activity=Max("activities__date"),
    )


# --- timelines ----------------------------------------------------------------------------


class TimelineKind(StrEnum):
    """What a date of a timeline is (the page's class ``timeline-<kind>``)."""

    START = "start"
    END = "end"
    STEP = "step"
    DUE = "due"
    ACTIVITY = "activity"


@dataclass
class TimelineEntry:
    date: datetime.date
    kind: TimelineKind
    label: str
    initiative: Initiative
    item: object = None
    status: str = ""

    @property
    def is_activity(self) -> bool:
        return self.kind == TimelineKind.ACTIVITY

    @property
    def is_step(self) -> bool:
        """A date of a checklist step: started, finished or due."""
        return self.kind in (TimelineKind.STEP, TimelineKind.DUE)


def step_entries(initiative: Initiative, steps) -> list[TimelineEntry]:
    entries = []
    for step in steps:
        state = step_state(step.status)
        if step.finished:
            label = f"{step.title} ({state.end_label})"
            entries.append(TimelineEntry(step.finished, TimelineKind.STEP, label, initiative, step))
        if step.started and step.started != step.finished:
            label = f"{step.title} ({_('started')})"
            entries.append(TimelineEntry(step.started, TimelineKind.STEP, label, initiative, step))
        if step.due and not step.finished and not state.settled:
            label = f"{step.title} ({_('due')})"
            entries.append(TimelineEntry(step.due, TimelineKind.DUE, label, initiative, step))
    return entries


def initiative_entries(initiative: Initiative) -> list[TimelineEntry]:
    entries = []
    if initiative.start:
        entries.append(TimelineEntry(initiative.start, TimelineKind.START, _("Start"), initiative))
    if initiative.end:
        entries.append(TimelineEntry(initiative.end, TimelineKind.END, _("End"), initiative))
    return entries


def timeline(initiative: Initiative, *, steps, activities) -> list[TimelineEntry]:
    """Start, end, step dates and activities of one initiative, newest first."""
    entries = initiative_entries(initiative) + step_entries(initiative, steps)
    entries += [
        TimelineEntry(a.date, TimelineKind.ACTIVITY, a.title, initiative, a) for a in activities
    ]
    return sorted(entries, key=lambda e: (e.date, e.kind), reverse=True)


def space_timeline(initiatives: list[Initiative], *, internal_ids: set[int]):
    """Timeline of a social space: start and end of every initiative listed, plus steps and
    activities of those in ``internal_ids`` (whose internals the viewer may read)."""
    entries = []
    for initiative in initiatives:
        entries += initiative_entries(initiative)
    if internal_ids:
        steps = InitiativeStep.objects.filter(initiative_id__in=internal_ids).order_by("order")
        by_id = {i.pk: i for i in initiatives}
        for step in steps:
            entries += step_entries(by_id[step.initiative_id], [step])
        for activity in Activity.objects.filter(initiative_id__in=internal_ids):
            entries.append(
                TimelineEntry(
                    activity.date,
                    TimelineKind.ACTIVITY,
                    activity.title,
                    by_id[activity.initiative_id],
                    activity,
                )
            )
    return sorted(entries, key=lambda e: (e.date, e.kind), reverse=True)


# --- the dashboard panel ------------------------------------------------------------------


def dashboard_initiatives(user, *, limit: int = 8) -> dict:
    """Context for ``initiatives/_dashboard_panel.html``: the running and planned initiatives
    the user works on (coordinators) or oversees (provider lead, programme office).

    Returns ``{"initiatives": [...], "total": n, "may_add": bool}`` in three queries."""
    from veedel.core.predicates import (
        is_coordinator,
        is_provider_lead,
        manages_programme,
        office_ids_of,
    )

    if is_coordinator(user):
        queryset = Initiative.objects.filter(office_id__in=office_ids_of(user))
    elif is_provider_lead(user) and user.provider_id:
        queryset = Initiative.objects.filter(office__provider_id=user.provider_id)
    elif manages_programme(user):
        queryset = Initiative.objects.all()
    else:
        queryset = Initiative.objects.none()
    queryset = queryset.active()
    rows = list(
        with_figures(queryset.select_related("social_space").defer(*SPACE_HEAVY)).order_by(
            "-modified"
        )[:limit]
    )
    return {
        "initiatives": rows,
        "total": queryset.count(),
        "may_add": user.has_perm("initiatives.add_initiative"),
    }
