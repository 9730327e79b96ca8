"""Test data for reports: a small, hand-countable year of work of the office in Kalk."""

import datetime
from decimal import Decimal

from veedel.agreements.models import AgreementState, Target, TargetAgreement
from veedel.areas.models import SocialSpace
from veedel.initiatives.models import (
    Activity,
    ActivityParticipants,
    Initiative,
    InitiativeStatus,
)
from veedel.programme.models import CoordinationOffice, Goal, Topic

YEAR = 2025


def office(slug="kalk"):
    return CoordinationOffice.objects.get(slug=slug)


def initiative(office_obj, *, title, published=True, **fields):
    space = SocialSpace.objects.in_year(YEAR).filter(offices=office_obj).first()
    values = {
        "status": InitiativeStatus.RUNNING,
        "start": datetime.date(YEAR, 2, 1),
        "summary": f"Worum es bei {title} geht.",
    }
    values.update(fields)
    return Initiative.objects.create(
        office=office_obj, social_space=space, title=title, is_published=published, **values
    )


def activity(initiative_obj, *, day, kind, hours, groups, step=None, total=None, goals=()):
    act = Activity.objects.create(
        initiative=initiative_obj,
        date=day,
        kind=kind,
        title="Treffen mit Frau Beispiel",  # a name that must never reach a report
        hours=Decimal(hours),
        participants_total=total if total is not None else sum(groups.values()),
        impact_step=step,
    )
    ActivityParticipants.objects.bulk_create(
        ActivityParticipants(activity=act, target_group=g, count=n) for g, n in groups.items()
    )
    act.goals.set(goals)
    return act


def agreement(office_obj, *, state=AgreementState.SIGNED, targets=()):
    agreement_obj = TargetAgreement.objects.create(office=office_obj, year=YEAR, state=state)
    for order, (goal, title, target_value, actual, achievement) in enumerate(targets):
        Target.objects.create(
            agreement=agreement_obj,
            goal=goal,
            order=order,
            title=title,
            indicator="Anzahl",
            baseline=Decimal(0),
            target_value=Decimal(target_value),
            actual_value=None if actual is None else Decimal(actual),
            achievement=None if achievement is None else Decimal(achievement),
        )
    return agreement_obj


def kalk_year():
    """The year 2025 of the office in Kalk, counted by hand in the tests:

    - 3 activities in 2025 (network meeting 2 h, event 3.5 h, counselling 1 h) = 6.5 h,
      participants 10 + 25 + 2 = 37; by target group residents 6, seniors 4, children 15,
      families 10, migrants 2; one more activity in 2024 that must not count;
    - initiatives: "Spielplatz Kalk" (published, step 3 from an activity), "Interne Runde"
      (not published);
    - signed agreement: "Treffpunkte" under the first goal (10 planned, 8 actual → 80 %),
      "Feste" under the second goal (stored achievement 110 %).
    """
    kalk = office()
    goals = list(Goal.objects.order_by("order")[:2])
    topic = Topic.objects.order_by("order").first()
    public = initiative(kalk, title="Spielplatz Kalk", internal_notes="Streit mit Vermieter")
    public.topics.add(topic)
    hidden = initiative(kalk, title="Interne Runde", published=False)
    activity(
        public,
        day=datetime.date(YEAR, 3, 1),
        kind="network_meeting",
        hours="2",
        groups={"residents": 6, "seniors": 4},
        goals=[goals[0]],
    )
    activity(
        public,
        day=datetime.date(YEAR, 6, 1),
        kind="event",
        hours="3.5",
        groups={"children": 15, "families": 10},
        step=3,
        goals=goals,
    )
    activity(
        hidden, day=datetime.date(YEAR, 9, 1), kind="counselling", hours="1", groups={"migrants": 2}
    )
    activity(
        public,
        day=datetime.date(YEAR - 1, 12, 31),
        kind="event",
        hours="9",
        groups={"children": 99},
    )
    agreement(
        kalk,
        targets=[
            (goals[0], "Treffpunkte", "10", "8", None),
            (goals[1], "Feste", "2", None, "110"),
        ],
    )
    return {"office": kalk, "goals": goals, "public": public, "hidden": hidden, "topic": topic}
