"""The programme's part of the dashboard (registered in ProgrammeConfig.ready)."""

from veedel.core.contributions import dashboard_panels
from veedel.core.predicates import is_council_member


def _periods(request):
    from veedel.programme.models import Programme

    if not is_council_member(request.user):
        return None
    programme = Programme.objects.order_by("pk").first()
    if programme is None:
        return None
    return {"periods": list(programme.periods.select_related("decision").order_by("start"))}


def register() -> None:
    dashboard_panels.add(
        key="programme-periods",
        order=10,
        template="programme/_dashboard_periods.html",
        context=_periods,
    )
