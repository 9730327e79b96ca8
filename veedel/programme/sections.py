"""The programme's parts of the area pages (registered in ProgrammeConfig.ready)."""

from django.urls import reverse

from veedel.areas.contributions import social_space_sections
from veedel.programme.models import ProgrammePeriod


def _offices(request, *, space):
    """The offices that serve the area, with their providers (one query), and the way to
    reach them on a map."""
    offices = list(space.offices.select_related("provider"))
    for office in offices:
        office.geojson_url = reverse("programme:office_geojson", args=[office.slug])
    return {"offices": offices, "space": space}


def _take_part(request, *, space):
    """How residents take part (no query: it links to the other sections)."""
    return {"space": space}


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
        key="programme-take-part",
        order=40,
        template="programme/_social_space_take_part.html",
        context=_take_part,
    )
    # After the statistics (see areas/contributions.py): the programme's history of the area.
    social_space_sections.add(
        key="programme-periods",
        order=60,
        template="programme/_social_space_periods.html",
        context=_periods,
    )
