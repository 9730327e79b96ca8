from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from veedel.areas import queries
from veedel.areas.forms import YearQuery
from veedel.areas.models import AreaLevel
from veedel.areas.queries import HEAVY_FIELDS
from veedel.core.contributions import home_sections
from veedel.core.pagecache import cached_page
from veedel.core.queryforms import NoQuery, bad_request
from veedel.programme.models import CoordinationOffice, OfficeStaff, Programme


def social_spaces_with_offices(year: int):
    """The social spaces in force in ``year`` with their quarters and their offices (3 queries)."""
    return queries.social_spaces_for_year(year).prefetch_related(
        Prefetch("offices", queryset=CoordinationOffice.objects.select_related("provider"))
    )


@require_GET
@cached_page
def office(request, slug):
    NoQuery.read(request)
    office = get_object_or_404(CoordinationOffice.objects.select_related("provider"), slug=slug)
    spaces = list(office.social_spaces.defer(*HEAVY_FIELDS).order_by("-valid_from", "name"))
    staff = None
    if request.user.has_perm("programme.view_staff_of_coordinationoffice", office):
        staff = list(
            OfficeStaff.objects.filter(office=office)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        )
    return render(
        request,
        "programme/office.html",
        {
            "office": office,
            "spaces": spaces,
            "staff": staff,
            "geojson_url": reverse("programme:office_geojson", args=[office.slug]),
        },
    )


@require_GET
def office_geojson(request, slug):
    """The office's point (where residents find it), for the maps of its pages."""
    if problems := NoQuery(request.GET).api_problems():
        return bad_request(problems)
    office = get_object_or_404(
        CoordinationOffice.objects.only("slug", "name", "street", "latitude", "longitude"),
        slug=slug,
    )
    features = []
    if office.latitude is not None and office.longitude is not None:
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "kind": "office",
                    "name": office.name,
                    "url": office.get_absolute_url(),
                },
                "geometry": {"type": "Point", "coordinates": [office.longitude, office.latitude]},
            }
        )
    response = JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
@cached_page
def home(request):
    year = YearQuery.read(request).year
    programme = Programme.objects.order_by("pk").first()
    periods, goals = [], []
    if programme:
        periods = list(programme.periods.select_related("decision").order_by("start"))
        goals = list(programme.goals.order_by("order"))
    spaces = list(social_spaces_with_offices(year).order_by("name"))
    figures_year = queries.latest_figures_year()
    by_quarter = queries.figures_by_number(AreaLevel.QUARTER, figures_year) if figures_year else {}
    rows = []
    for space in spaces:
        members = list(space.memberships.all())
        population = sum(
            by_quarter[m.quarter.number].population
            for m in members
            if m.quarter.number in by_quarter
        )
        rows.append(
            {
                "space": space,
                "members": members,
                "districts": sorted({m.quarter.district for m in members}, key=lambda d: d.number),
                "population": population or None,
                "partial": any(m.coverage != "full" for m in members),
                "offices": list(space.offices.all()),
            }
        )
    today = timezone.localdate()
    selected = next(
        (p for p in periods if p.start.year <= year and (p.end is None or year <= p.end.year)),
        None,
    )
    url = reverse("areas:social_spaces_geojson")
    return render(
        request,
        "programme/home.html",
        {
            "programme": programme,
            "periods": periods,
            "selected_period": selected,
            "goals": goals,
            "rows": rows,
            "year": year,
            "is_current": year == today.year,
            "figures_year": figures_year,
            "geojson_url": f"{url}?jahr={year}",
            "sections": home_sections.render_list(request, year=year),
        },
    )
