"""The initiatives' part of the dashboard (registered in InitiativesConfig.ready)."""

from veedel.core.contributions import dashboard_panels


def _initiatives(request):
    from veedel.initiatives.queries import dashboard_initiatives

    # Asked without an initiative: whether the user reads the internals of some (coordinators
    # in an office, provider leads bound to a provider, the programme office).
    if not request.user.has_perm("initiatives.view_internals_of_initiative"):
        return None
    return dashboard_initiatives(request.user)


def register() -> None:
    dashboard_panels.add(
        key="initiatives",
        order=40,
        template="initiatives/_dashboard_panel.html",
        context=_initiatives,
    )
