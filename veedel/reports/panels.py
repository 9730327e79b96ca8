"""The reports' part of the dashboard (registered in ReportsConfig.ready)."""

from veedel.core.contributions import dashboard_panels
from veedel.core.predicates import is_logged_in, is_provider_lead, manages_programme
from veedel.core.roles import Role


def _reports(request):
    from veedel.reports.models import Report

    user = request.user
    if not is_logged_in(user) or user.role == Role.RESIDENT:
        return None
    context = {"to_approve": [], "to_publish": []}
    if is_provider_lead(user) and user.provider_id:
        context["to_approve"] = list(
            Report.objects.drafts()
            .filter(office__provider_id=user.provider_id)
            .select_related("office")
            .order_by("-year", "office__name")
        )
    elif manages_programme(user):
        context["to_publish"] = list(
            Report.objects.awaiting_publication()
            .select_related("office")
            .order_by("-year", "office__name")
        )
    return context


def register() -> None:
    dashboard_panels.add(
        key="reports", order=60, template="reports/_dashboard_panel.html", context=_reports
    )
