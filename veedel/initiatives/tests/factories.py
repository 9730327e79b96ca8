"""Initiatives for tests: ``make_initiative(office="kalk", process=True, published=False)``."""

from __future__ import annotations

import datetime

from veedel.accounts.models import User
from veedel.areas.models import SocialSpace
from veedel.guide.models import Edition
from veedel.initiatives.models import Initiative
from veedel.initiatives.services import initiative_start
from veedel.programme.models import CoordinationOffice

KALK = "kalk"
CHORWEILER = "blumenberg-chorweiler-seeberg-nord"
COORDINATOR_OF = {KALK: "koordination-kalk", CHORWEILER: "koordination-chorweiler"}


def office(slug: str = KALK) -> CoordinationOffice:
    return CoordinationOffice.objects.get(slug=slug)


def current_space(slug: str = KALK) -> SocialSpace:
    return office(slug).social_spaces.current().order_by("name").first()


def edition(steps: int = 3) -> Edition:
    """The current published edition, made for the test if there is none."""
    from veedel.guide.tests.factories import edition_make

    return Edition.objects.current() or edition_make(steps=steps, year=2099)


def make_initiative(
    *,
    office_slug: str = KALK,
    title: str = "Spielplatz am Bürgerpark",
    process: bool = True,
    published: bool = False,
    start: datetime.date | None = datetime.date(2026, 3, 1),
    end: datetime.date | None = None,
    **extra,
) -> Initiative:
    by = User.objects.get(username=COORDINATOR_OF[office_slug])
    situation = key_process = None
    if process:
        ed = edition()
        key_process = ed.key_processes.order_by("order").first()
        situation = ed.situations.order_by("order").first()
    initiative = initiative_start(
        office=office(office_slug),
        social_space=current_space(office_slug),
        situation=situation,
        key_process=key_process,
        title=title,
        summary="Ein neuer Spielplatz, geplant mit den Kindern aus dem Veedel.",
        start=start,
        end=end,
        by=by,
    )
    if published or extra:
        for field, value in {"is_published": published, **extra}.items():
            setattr(initiative, field, value)
        initiative.save()
    return initiative
