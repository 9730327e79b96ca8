"""Test data for agreements: offices, agreements with targets under every goal, initiatives
with activities."""

from __future__ import annotations

import datetime
from decimal import Decimal

from veedel.accounts.models import User
from veedel.agreements.models import AgreementState, Party, Target, TargetAgreement
from veedel.areas.models import SocialSpace
from veedel.programme.models import CoordinationOffice, Goal

KALK = "kalk"
CHORWEILER = "blumenberg-chorweiler-seeberg-nord"


def office(slug: str = KALK) -> CoordinationOffice:
    return CoordinationOffice.objects.get(slug=slug)


def user(name: str) -> User:
    return User.objects.get(username=name)


def goals() -> list[Goal]:
    return list(Goal.objects.order_by("programme_id", "order"))


def make_agreement(
    slug: str = KALK, year: int = 2026, state: str = AgreementState.DRAFT, targets: int = 1
) -> TargetAgreement:
    """An agreement with ``targets`` complete targets under each goal."""
    agreement = TargetAgreement.objects.create(office=office(slug), year=year, state=state)
    for goal in goals():
        for n in range(targets):
            make_target(agreement, goal=goal, title=f"{goal.name[:40]} – Ziel {n + 1}")
    return agreement


def make_target(agreement, *, goal=None, title="Mehr Beteiligung", **extra) -> Target:
    data = {
        "indicator": "Teilnehmende",
        "baseline": Decimal("10"),
        "target_value": Decimal("20"),
        "unit": "Personen",
        "data_source": "Aktivitätenprotokoll",
        "responsible": "Sozialraumkoordination",
        "deadline": datetime.date(agreement.year, 12, 31),
    }
    data.update(extra)
    return Target.objects.create(agreement=agreement, goal=goal or goals()[0], title=title, **data)


def signed(agreement) -> TargetAgreement:
    """Put an agreement in force as if both sides had signed."""
    from django.utils import timezone

    now = timezone.now()
    agreement.state = AgreementState.SIGNED
    agreement.record_signature(Party.OFFICE, by=user("koordination-kalk"), at=now)
    agreement.record_signature(Party.CITY, by=user("geschaeftsstelle"), at=now)
    agreement.save()
    return agreement


def space_of(office_obj) -> SocialSpace:
    return SocialSpace.objects.current().filter(offices=office_obj).order_by("pk").first()


def make_initiative(office_obj, title="Nachbarschaftscafé", **extra):
    from veedel.initiatives.models import Initiative

    return Initiative.objects.create(
        office=office_obj, social_space=space_of(office_obj), title=title, **extra
    )


def make_activity(
    initiative, *, date, kind="event", participants=0, hours=0, goals=(), step=None, groups=None
):
    from veedel.initiatives.models import Activity, ActivityParticipants

    activity = Activity.objects.create(
        initiative=initiative,
        date=date,
        kind=kind,
        title="Treffen",
        participants_total=participants,
        hours=Decimal(hours),
        impact_step=step,
    )
    if goals:
        activity.goals.set(goals)
    for group, count in (groups or {}).items():
        ActivityParticipants.objects.create(activity=activity, target_group=group, count=count)
    return activity
