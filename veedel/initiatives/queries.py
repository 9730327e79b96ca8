"""Reading initiatives: the filters of the list, timelines and the dashboard panel."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q
from django.utils.translation import gettext as _

from veedel.areas.models import SocialSpace
from veedel.areas.queries import HEAVY_FIELDS
from veedel.initiatives.models import (
    Activity,
    Initiative,
    InitiativeStatus,
    InitiativeStep,
    StepStatus,
)
from veedel.programme.models import CoordinationOffice, Goal, Topic

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


# --- the filters of the list (all in the URL) ---------------------------------------------


@dataclass
class Filters:
    """What the query string chose, and the warnings for values that do not exist."""

    space: SocialSpace | None = None
    office: CoordinationOffice | None = None
    status: str = ""
    goal: Goal | None = None
    topic: Topic | None = None
    year: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return any((self.space, self.office, self.status, self.goal, self.topic, self.year))

    def query(self) -> str:
        from urllib.parse import urlencode

        pairs = [
            ("sozialraum", self.space.slug if self.space else ""),
            ("stelle", self.office.slug if self.office else ""),
            ("status", self.status),
            ("ziel", self.goal.slug if self.goal else ""),
            ("thema", self.topic.slug if self.topic else ""),
            ("jahr", str(self.year) if self.year else ""),
        ]
        return urlencode([(k, v) for k, v in pairs if v])


def parse_filters(params) -> Filters:
    """Read ``sozialraum``, ``stelle``, ``status``, ``ziel``, ``thema`` and ``jahr``; a value
    that does not exist is left out with a warning that names it."""
    chosen = Filters()

    def raw(name):
        return params.get(name, "").strip()[:80]

    if value := raw("sozialraum"):
        chosen.space = SocialSpace.objects.defer(*HEAVY_FIELDS).filter(slug=value).first()
        if chosen.space is None:
            chosen.warnings.append(
                _(
                    "There is no social space “%(value)s”; initiatives of all social spaces "
                    "are shown."
                )
                % {"value": value}
            )
    if value := raw("stelle"):
        chosen.office = CoordinationOffice.objects.filter(slug=value).first()
        if chosen.office is None:
            chosen.warnings.append(
                _("There is no coordination office “%(value)s”; all offices are shown.")
                % {"value": value}
            )
    if value := raw("status"):
        if value in InitiativeStatus.values:
            chosen.status = value
        else:
            chosen.warnings.append(
                _("“%(value)s” is not a status; initiatives of every status are shown.")
                % {"value": value}
            )
    if value := raw("ziel"):
        chosen.goal = Goal.objects.filter(slug=value).order_by("pk").first()
        if chosen.goal is None:
            chosen.warnings.append(
                _("There is no goal “%(value)s”; initiatives for all goals are shown.")
                % {"value": value}
            )
    if value := raw("thema"):
        chosen.topic = Topic.objects.filter(slug=value).order_by("pk").first()
        if chosen.topic is None:
            chosen.warnings.append(
                _("There is no topic “%(value)s”; initiatives on all topics are shown.")
                % {"value": value}
            )
    if value := raw("jahr"):
        if value.isascii() and value.isdigit() and 1990 <= int(value) <= 2100:
            chosen.year = int(value)
        else:
            chosen.warnings.append(
                _("“%(value)s” is not a year between 1990 and 2100; all years are shown.")
                % {"value": value}
            )
    return chosen


def apply_filters(initiatives, chosen: Filters):
    if chosen.space:
        initiatives = initiatives.filter(social_space=chosen.space)
    if chosen.office:
        initiatives = initiatives.filter(office=chosen.office)
    if chosen.status:
        initiatives = initiatives.filter(status=chosen.status)
    if chosen.goal:
        initiatives = initiatives.filter(goals__slug=chosen.goal.slug)
    if chosen.topic:
        initiatives = initiatives.filter(topics__slug=chosen.topic.slug)
    if chosen.year:
        initiatives = initiatives.active_in_year(chosen.year)
    if chosen.goal or chosen.topic:
        initiatives = initiatives.distinct()
    return initiatives


def with_figures(initiatives):
    """Counts shown to those who read everything (steps done, activities, participants)."""
    return initiatives.annotate(
        step_count=Count("steps", distinct=True),
        steps_done=Count(
            "steps",
            filter=Q(steps__status__in=[StepStatus.DONE, StepStatus.SKIPPED]),
            distinct=True,
        ),
        activity_count=Count("activities", distinct=True),
        last_activity=Max("activities__date"),
    )


# --- timelines ----------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    date: datetime.date
    kind: str  # "start", "end", "step", "activity"
    label: str
    initiative: Initiative
    item: object = None
    status: str = ""


def step_entries(initiative: Initiative, steps) -> list[TimelineEntry]:
    entries = []
    for step in steps:
        if step.finished:
            what = _("skipped") if step.status == StepStatus.SKIPPED else _("finished")
            entries.append(
                TimelineEntry(step.finished, "step", f"{step.title} ({what})", initiative, step)
            )
        if step.started and step.started != step.finished:
            entries.append(
                TimelineEntry(
                    step.started, "step", f"{step.title} ({_('started')})", initiative, step
                )
            )
        if step.due and not step.finished and step.status != StepStatus.SKIPPED:
            entries.append(
                TimelineEntry(step.due, "due", f"{step.title} ({_('due')})", initiative, step)
            )
    return entries


def initiative_entries(initiative: Initiative) -> list[TimelineEntry]:
    entries = []
    if initiative.start:
        entries.append(TimelineEntry(initiative.start, "start", _("Start"), initiative))
    if initiative.end:
        entries.append(TimelineEntry(initiative.end, "end", _("End"), initiative))
    return entries


def timeline(initiative: Initiative, *, steps, activities) -> list[TimelineEntry]:
    """Start, end, step dates and activities of one initiative, newest first."""
    entries = initiative_entries(initiative) + step_entries(initiative, steps)
    entries += [TimelineEntry(a.date, "activity", a.title, initiative, a) for a in activities]
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
                    "activity",
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
    queryset = queryset.filter(status__in=[InitiativeStatus.PLANNED, InitiativeStatus.RUNNING])
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
