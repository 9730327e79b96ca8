"""The network's parts of the dashboard (registered in NetworkConfig.ready)."""

from django.db.models import Count
from django.utils import timezone

from veedel.core.contributions import dashboard_panels, office_facts
from veedel.core.predicates import is_coordinator, office_ids_of


def _meetings(request, limit: int = 8):
    from veedel.network.models import Meeting

    user = request.user
    may_add = user.has_perm("network.add_actor")
    meetings = []
    if is_coordinator(user):
        meetings = list(
            Meeting.objects.filter(
                network__office_id__in=office_ids_of(user), start__gte=timezone.now()
            )
            .select_related("network")
            .order_by("start")[:limit]
        )
    if not (meetings or may_add):
        return None
    return {"meetings": meetings, "may_add": may_add}


def _counts(model, offices) -> dict[int, int]:
    rows = (
        model.objects.filter(office__in=offices).order_by().values("office").annotate(n=Count("pk"))
    )
    return {row["office"]: row["n"] for row in rows}


def _office_facts(request, objects):
    """Actors and networks each office keeps (two queries for all offices)."""
    from veedel.network.models import Actor, Network

    actors, networks = _counts(Actor, objects), _counts(Network, objects)
    return {
        office.pk: {"actors": actors.get(office.pk, 0), "networks": networks.get(office.pk, 0)}
        for office in objects
    }


def register() -> None:
    dashboard_panels.add(
        key="network", order=30, template="network/_dashboard_panel.html", context=_meetings
    )
    office_facts.add(
        key="network", order=10, template="network/_office_facts.html", context=_office_facts
    )
