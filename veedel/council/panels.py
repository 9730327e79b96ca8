"""The council papers' part of the dashboard (registered in CouncilConfig.ready)."""

from veedel.core.contributions import dashboard_panels
from veedel.core.predicates import is_council_member


def _council(request):
    user = request.user
    may_draft = user.has_perm("council.add_paper")
    if not (may_draft or is_council_member(user)):
        return None
    return {"may_draft": may_draft}


def register() -> None:
    dashboard_panels.add(
        key="council", order=80, template="council/_dashboard_panel.html", context=_council
    )
