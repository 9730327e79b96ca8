"""The programme's parts of the area pages (registered in ProgrammeConfig.ready)."""

from veedel.areas.contributions import social_space_sections
from veedel.programme.models import ProgrammePeriod


def _offices(request, *, space):
    """The offices that serve the area, with their providers (one query)."""
    return {"offices": list(space.offices.select_related("provider"))}


def _periods(request, *, space):
    """The programme periods the area's outline was in force in (one query); none: no
    section."""
    periods = list(
        ProgrammePeriod.objects.filter(programme_id=space.programme_id)
        .overlapping(space.valid_from, space.valid_until)
        .select_related("decision")
    )
    return {"periods": periods} if periods else None


def register() -> None:
    social_space_sections.add(
        key="programme-offices",
        order=10,
        template="programme/_social_space_offices.html",
        context=_offices,
    )
    social_space_sections.add(
        key="programme-periods",
        order=20,
        template="programme/_social_space_periods.html",
        context=_periods,
    )
