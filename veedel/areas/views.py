from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from veedel.areas import queries
from veedel.areas.contributions import social_space_sections
from veedel.areas.forms import DistrictQuery, QuarterQuery, YearQuery
from veedel.areas.models import (
    AreaLevel,
    Coverage,
    District,
    Neighbourhood,
    Quarter,
    SocialSpace,
    SocialSpaceQuarter,
)
from veedel.core.pagecache import cached_page
from veedel.core.queryforms import NoQuery

# Parts of the social-space page with a lower order come before its map and statistics.
FIRST_SECTIONS_BEFORE = 50

HEAVY = queries.HEAVY_FIELDS


def _columns(*areas, year):
    """Columns of a key-figures table: the areas given, then the whole city.

    Empty when there are no figures for the first area."""
    if not year or areas[0][1] is None:
        return []
    columns = [{"label": label, "figures": figures} for label, figures in areas]
    columns.append(
        {
            "label": settings.VEEDEL_CITY_NAME + " " + _("(city)"),
            "figures": queries.city_figures(year),
        }
    )
    return columns


@require_GET
@cached_page
def social_space(request, slug):
    NoQuery.read(request)
    space = get_object_or_404(SocialSpace.objects.defer(*HEAVY), slug=slug)
    memberships = list(
        SocialSpaceQuarter.objects.filter(social_space=space)
        .select_related("quarter__district")
        .defer(*(f"quarter__{f}" for f in HEAVY), *(f"quarter__district__{f}" for f in HEAVY))
    )
    neighbourhoods = list(
        space.neighbourhoods.defer(*HEAVY).select_related("quarter").order_by("number")
    )
    year, source = queries.latest_figures()
    numbers = [m.quarter.number for m in memberships]
    by_quarter = queries.figures_by_number(AreaLevel.QUARTER, year) if year else {}
    rows = [(m, by_quarter.get(m.quarter.number)) for m in memberships]
    districts = sorted({m.quarter.district for m in memberships}, key=lambda d: d.number)
    # Successors and predecessors: other area definitions sharing a quarter.
    related = list(
        SocialSpace.objects.defer(*HEAVY)
        .filter(memberships__quarter__number__in=numbers)
        .exclude(pk=space.pk)
        .distinct()
        .order_by("valid_from", "name")
    )
    sections = social_space_sections.render_list(request, space=space)
    return render(
        request,
        "areas/social_space.html",
        {
            "space": space,
            "member_rows": rows,
            "neighbourhoods": neighbourhoods,
            "districts": districts,
            "related": related,
            "figures_year": year,
            "figures_source": source,
            "figure_columns": _columns(
                (space.name, queries.figures_sum(AreaLevel.QUARTER, numbers, year)), year=year
            ),
            "partial": any(m.coverage != Coverage.FULL for m in memberships),
            "geojson_url": reverse("areas:social_space_geojson", args=[space.slug]),
            # What residents look for first (the office, what is going on, how to take part)
            # comes before the map and the statistics; later parts after them.
            "sections_first": [s for s in sections if s["order"] < FIRST_SECTIONS_BEFORE],
            "sections_after": [s for s in sections if s["order"] >= FIRST_SECTIONS_BEFORE],
            "history": _history(space, related),
        },
    )


def _history(space, related) -> list[str]:
    """Sentences on how the area came to be, from the outlines before and after it that share
    a quarter with it ("Bis 2019 gehörte das Gebiet zu …")."""
    before = [o for o in related if o.valid_until is not None and o.valid_until < space.valid_from]
    after = [
        o for o in related if space.valid_until is not None and o.valid_from > space.valid_until
    ]
    sentences = []
    same = [o for o in before if o.name == space.name]
    if same:
        sentences.append(
            _("The area has been part of the programme since %(year)s, with the same name.")
            % {"year": min(o.valid_from for o in same).year}
        )
        before = [o for o in before if o.name != space.name]
    if before:
        sentences.append(
            _("Until %(year)s this area belonged to %(names)s.")
            % {
                "year": max(o.valid_until for o in before).year,
                "names": _names(before),
            }
        )
    if after:
        sentences.append(
            _("Since %(year)s it is covered by %(names)s.")
            % {"year": min(o.valid_from for o in after).year, "names": _names(after)}
        )
    return sentences


def _names(spaces) -> str:
    quoted = [_("“%(name)s”") % {"name": s.name} for s in spaces]
    if len(quoted) == 1:
        return quoted[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(quoted[:-1]), "last": quoted[-1]}


@require_GET
@cached_page
def district(request, number):
    NoQuery.read(request)
    district = get_object_or_404(District.objects.defer(*HEAVY), number=number)
    quarters = list(district.quarters.defer(*HEAVY).order_by("number"))
    year, source = queries.latest_figures()
    by_quarter = queries.figures_by_number(AreaLevel.QUARTER, year) if year else {}
    spaces = list(
        queries.social_spaces_for_year(timezone.localdate().year)
        .filter(memberships__quarter__district=district)
        .distinct()
    )
    return render(
        request,
        "areas/district.html",
        {
            "district": district,
            "quarter_rows": [(q, by_quarter.get(q.number)) for q in quarters],
            "spaces": spaces,
            "figures_year": year,
            "figures_source": source,
            "figure_columns": _columns(
                (district.name, queries.figures_sum(AreaLevel.DISTRICT, [district.number], year)),
                year=year,
            ),
            "geojson_url": reverse("areas:quarters_geojson")
            + "?"
            + DistrictQuery().urlencode(stadtbezirk=district.number),
        },
    )


@require_GET
@cached_page
def quarter(request, number):
    NoQuery.read(request)
    quarter = get_object_or_404(
        Quarter.objects.defer(*HEAVY, *(f"district__{f}" for f in HEAVY)).select_related(
            "district"
        ),
        number=number,
    )
    neighbourhoods = list(quarter.neighbourhoods.defer(*HEAVY).order_by("number"))
    memberships = list(
        SocialSpaceQuarter.objects.filter(quarter=quarter)
        .select_related("social_space")
        .defer(*(f"social_space__{f}" for f in HEAVY))
        .order_by("-social_space__valid_from", "social_space__name")
    )
    year, source = queries.latest_figures()
    return render(
        request,
        "areas/quarter.html",
        {
            "quarter": quarter,
            "neighbourhoods": neighbourhoods,
            "memberships": memberships,
            "figures_year": year,
            "figures_source": source,
            "figure_columns": _columns(
                (quarter.name, queries.figures_sum(AreaLevel.QUARTER, [quarter.number], year)),
                (
                    _("%(district)s (district)") % {"district": quarter.district.name},
                    queries.figures_sum(AreaLevel.DISTRICT, [quarter.district.number], year),
                ),
                year=year,
            ),
            "geojson_url": reverse("areas:neighbourhoods_geojson")
            + "?"
            + QuarterQuery().urlencode(stadtteil=quarter.number),
        },
    )


# --- GeoJSON ------------------------------------------------------------------------------


def _geojson(text: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/geo+json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


def _bad_request(problems: list[tuple[str, str]]) -> JsonResponse:
    """400 naming each parameter that could not be read, and why."""
    return JsonResponse(
        {
            "error": " ".join(
                _("Parameter “%(name)s”: %(reason)s") % {"name": name, "reason": reason}
                for name, reason in problems
            ),
            "parameters": {name: reason for name, reason in problems},
        },
        status=400,
    )


@require_GET
def social_spaces_geojson(request):
    form = YearQuery(request.GET)
    if problems := form.api_problems():
        return _bad_request(problems)
    spaces = (
        SocialSpace.objects.valid_on(queries.day_of_year(form.year))
        .only("slug", "name", "valid_from", "valid_until", "display_geometry")
        .order_by("name")
    )
    return _geojson(
        queries.feature_collection(
            (
                {
                    "name": s.name,
                    "slug": s.slug,
                    "valid": s.validity_label,
                    "url": s.get_absolute_url(),
                },
                s.display_geometry,
            )
            for s in spaces
        )
    )


@require_GET
def social_space_geojson(request, slug):
    if problems := NoQuery(request.GET).api_problems():
        return _bad_request(problems)
    space = get_object_or_404(
        SocialSpace.objects.only("slug", "name", "valid_from", "valid_until", "display_geometry"),
        slug=slug,
    )
    features = [
        (
            {"name": space.name, "url": space.get_absolute_url(), "kind": "social_space"},
            space.display_geometry,
        )
    ]
    features += [
        (
            {"name": q.name, "number": q.number, "url": q.get_absolute_url(), "kind": "quarter"},
            q.display_geometry,
        )
        for q in Quarter.objects.filter(social_spaces=space).only(
            "number", "name", "display_geometry"
        )
    ]
    return _geojson(queries.feature_collection(features))


@require_GET
def districts_geojson(request):
    if problems := NoQuery(request.GET).api_problems():
        return _bad_request(problems)
    return _geojson(
        queries.feature_collection(
            ({"name": d.name, "number": d.number, "url": d.get_absolute_url()}, d.display_geometry)
            for d in District.objects.only("number", "name", "display_geometry")
        )
    )


@require_GET
def quarters_geojson(request):
    form = DistrictQuery(request.GET)
    if problems := form.api_problems():
        return _bad_request(problems)
    quarters = Quarter.objects.only("number", "name", "display_geometry")
    if district := form.values["stadtbezirk"]:
        quarters = quarters.filter(district=district)
    return _geojson(
        queries.feature_collection(
            ({"name": q.name, "number": q.number, "url": q.get_absolute_url()}, q.display_geometry)
            for q in quarters
        )
    )


@require_GET
def neighbourhoods_geojson(request):
    neighbourhoods = Neighbourhood.objects.only(
        "number", "name", "display_geometry", "quarter__number"
    ).select_related("quarter")
    form = QuarterQuery(request.GET)
    if problems := form.api_problems():
        return _bad_request(problems)
    if quarter := form.values["stadtteil"]:
        neighbourhoods = neighbourhoods.filter(quarter=quarter)
    return _geojson(
        queries.feature_collection(
            (
                {
                    "name": n.name,
                    "number": n.number,
                    "url": reverse("areas:quarter", args=[n.quarter.number]),
                },
                n.display_geometry,
            )
            for n in neighbourhoods
        )
    )
