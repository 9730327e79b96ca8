"""The guide's part of the dashboard (registered in GuideConfig.ready)."""

from veedel.core.contributions import dashboard_panels


def _editions(request):
    if not request.user.has_perm("guide.add_edition"):
        return None
    return {}


def register() -> None:
    dashboard_panels.add(
        key="guide", order=70, template="guide/_dashboard_panel.html", context=_editions
    )
