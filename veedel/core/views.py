import logging

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from veedel.areas import queries
from veedel.areas.models import AreaLevel
from veedel.programme.models import Programme

logger = logging.getLogger(__name__)


@require_GET
def home(request):
    year, problem = queries.parse_year(request.GET.get("jahr"))
    if problem:
        messages.warning(request, problem)
    programme = Programme.objects.order_by("pk").first()
    periods, goals = [], []
    if programme:
        periods = list(programme.periods.select_related("decision").order_by("start"))
        goals = list(programme.goals.order_by("order"))
    spaces = list(queries.social_spaces_for_year(year).order_by("name"))
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
        "core/home.html",
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
        },
    )


def _error(request, template, status):
    try:
        return render(request, template, status=status)
    except Exception:  # the error page itself must never fail
        logger.exception("Rendering %s failed", template)
        return HttpResponse(status=status)


def bad_request(request, exception=None):
    return _error(request, "400.html", 400)


def permission_denied(request, exception=None):
    return _error(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _error(request, "404.html", 404)


def server_error(request):
    return _error(request, "500.html", 500)
