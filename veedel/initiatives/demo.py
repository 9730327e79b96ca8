"""Example initiatives for the demo, in the current social spaces of Kalk and Chorweiler.

They follow key processes of the current published guide edition (the example edition when
the guide's demo is loaded); without a published edition nothing is loaded. Everything is
marked ``is_example``; no real person's name appears. An initiative is created once, found
again by office and title on every later run and then left as it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from veedel.initiatives.models import ActivityKind, Initiative, StepStatus, TargetGroup
from veedel.initiatives.services import (
    activity_log,
    initiative_set_outcome,
    initiative_start,
    initiative_update,
    step_add,
    step_update,
)
from veedel.initiatives.workflow import step_state
from veedel.network.models import Actor
from veedel.programme.models import CoordinationOffice, Goal

OFFICES = ("kalk", "blumenberg-chorweiler-seeberg-nord")


@dataclass
class Example:
    office: str
    title: str
    summary: str
    process: int | None  # index of the key process in the edition, None: free steps
    days_ago: int
    published: bool = False
    steps: list[str] = field(default_factory=list)  # status per step, from the first
    skip_reason: str = ""
    free_steps: list[str] = field(default_factory=list)
    activities: list[tuple] = field(default_factory=list)
    outcome: tuple[int, str] | None = None


# (days after start, kind, title, total, {group: count}, hours, impact step)
EXAMPLES = [
    Example(
        office="kalk",
        title="Spielplatzpatenschaften im Veedel",
        summary=(
            "Eltern, Kinder und die Nachbarschaft übernehmen Patenschaften für drei "
            "Spielplätze: sie melden Schäden, pflegen Beete und laden zu Spielfesten ein."
        ),
        process=0,
        days_ago=150,
        published=True,
        steps=[StepStatus.DONE, StepStatus.DONE, StepStatus.IN_PROGRESS],
        activities=[
            (
                10,
                ActivityKind.SURVEY,
                "Spielplatzbegehung mit Kindern",
                24,
                {TargetGroup.CHILDREN: 16, TargetGroup.FAMILIES: 6},
                "3",
                2,
            ),
            (
                40,
                ActivityKind.NETWORK_MEETING,
                "Vorstellung im Arbeitskreis Kinder und Familie",
                14,
                {TargetGroup.PROFESSIONALS: 12},
                "2",
                1,
            ),
            (
                90,
                ActivityKind.EVENT,
                "Erstes Spielfest der Patinnen und Paten",
                85,
                {TargetGroup.CHILDREN: 45, TargetGroup.FAMILIES: 30, TargetGroup.SENIORS: 5},
                "6.5",
                3,
            ),
        ],
        outcome=(3, "Drei Patenschaften bestehen; das Spielfest kam aus der Nachbarschaft."),
    ),
    Example(
        office="kalk",
        title="Nachbarschaftscafé für Ältere",
        summary="Ein wöchentlicher Treffpunkt für ältere Menschen im Veedel, mit Beratung.",
        process=1,
        days_ago=30,
        steps=[StepStatus.SKIPPED, StepStatus.IN_PROGRESS],
        skip_reason="Der Bedarf ist aus der Seniorenbefragung des Vorjahres bekannt.",
        activities=[
            (
                5,
                ActivityKind.COUNSELLING,
                "Gespräch mit dem Seniorennetzwerk",
                6,
                {TargetGroup.SENIORS: 2, TargetGroup.PROFESSIONALS: 4},
                "1.5",
                1,
            ),
        ],
    ),
    Example(
        office="blumenberg-chorweiler-seeberg-nord",
        title="Sprachcafé für neu zugezogene Familien",
        summary="Ein offenes Sprachcafé mit Kinderbetreuung, getragen von Ehrenamtlichen.",
        process=None,
        days_ago=60,
        free_steps=["Ehrenamtliche gewinnen", "Raum und Kinderbetreuung klären", "Starten"],
        steps=[StepStatus.DONE, StepStatus.IN_PROGRESS],
        activities=[
            (
                20,
                ActivityKind.TRAINING,
                "Schulung der Ehrenamtlichen",
                9,
                {TargetGroup.RESIDENTS: 9},
                "4",
                1,
            ),
            (
                45,
                ActivityKind.EVENT,
                "Erstes Sprachcafé",
                22,
                {TargetGroup.MIGRANTS: 14, TargetGroup.CHILDREN: 6},
                "2.5",
                2,
            ),
        ],
    ),
]


def _coordinator(office):
    staff = office.staff_members.select_related("user").order_by("pk").first()
    return staff.user if staff else None


@transaction.atomic
def demo_initiatives_load(*, today: datetime.date | None = None) -> list[str]:
    """Load the examples that are missing; returns lines to print."""
    from veedel.guide.models import Edition

    today = today or timezone.localdate()
    edition = Edition.objects.current()
    if edition is None:
        return ["No published guide edition: example initiatives skipped (load the guide first)."]
    processes = list(edition.key_processes.order_by("order", "pk"))
    lines = []
    for example in EXAMPLES:
        office = CoordinationOffice.objects.filter(slug=example.office).first()
        if office is None:
            lines.append(f"Office {example.office} missing: “{example.title}” skipped.")
            continue
        if Initiative.objects.filter(office=office, title=example.title, is_example=True).exists():
            lines.append(f"“{example.title}” exists: left as it is.")
            continue
        by = _coordinator(office)
        space = office.social_spaces.current().order_by("name").first()
        if by is None or space is None:
            lines.append(f"{office.name} has no coordinator or current area: skipped.")
            continue
        _load(example, office=office, space=space, by=by, processes=processes, today=today)
        lines.append(f"“{example.title}” created ({office.name}).")
    return lines


def _load(example, *, office, space, by, processes, today):
    process = None
    if example.process is not None and processes:
        process = processes[example.process % len(processes)]
    situation = process.situations.order_by("order").first() if process else None
    start = today - datetime.timedelta(days=example.days_ago)
    initiative = initiative_start(
        office=office,
        social_space=space,
        situation=situation,
        key_process=process,
        title=example.title,
        summary=example.summary,
        start=start,
        by=by,
        goals=list(process.goals.all()) if process else list(Goal.objects.order_by("order")[:2]),
        is_example=True,
    )
    actors = list(Actor.objects.filter(office=office, is_example=True, is_public=True)[:3])
    initiative = initiative_update(
        initiative=initiative,
        data={"is_published": example.published, "internal_notes": "Beispieldaten."},
        version=initiative.version,
        actors=actors,
        by=by,
    )
    for title in example.free_steps:
        step_add(initiative=initiative, title=title, by=by)
    for n, (step, status) in enumerate(
        zip(initiative.steps.order_by("order"), example.steps, strict=False)
    ):
        step.initiative = initiative
        started = start + datetime.timedelta(days=7 * n)
        data = {"status": status, "started": started, "responsible": "Koordination"}
        if step_state(status).settled:
            data["finished"] = started + datetime.timedelta(days=21)
        if step_state(status).needs_reason:
            data["skip_reason"] = example.skip_reason
        step_update(step=step, data=data, version=step.version, by=by)
    goals = list(initiative.goals.all())
    for days, kind, title, total, groups, hours, impact in example.activities:
        activity_log(
            initiative=initiative,
            data={
                "date": start + datetime.timedelta(days=days),
                "kind": kind,
                "title": title,
                "participants_total": total,
                "hours": Decimal(hours),
                "impact_step": impact,
            },
            participants=groups,
            goals=goals,
            by=by,
        )
    if example.outcome:
        initiative.refresh_from_db()
        initiative_set_outcome(
            initiative=initiative,
            outcome_step=example.outcome[0],
            outcome_evidence=example.outcome[1],
            version=initiative.version,
            by=by,
        )
