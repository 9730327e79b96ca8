"""The target agreements' part of the dashboard (registered in AgreementsConfig.ready)."""

from veedel.core.contributions import dashboard_panels


def _agreements(request):
    from veedel.agreements.queries import agreements_awaiting

    user = request.user
    if not user.has_perm("agreements.list_agreements"):
        return None
    return {"awaiting": agreements_awaiting(user)}


def register() -> None:
    dashboard_panels.add(
        key="agreements",
        order=50,
        template="agreements/_dashboard_panel.html",
        context=_agreements,
    )
