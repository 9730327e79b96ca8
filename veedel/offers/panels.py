"""The offers' parts of the dashboard (registered in OffersConfig.ready)."""

from django.db.models import Count

from veedel.core.contributions import dashboard_panels, office_facts


def _work(request):
    if not request.user.has_perm("offers.import_offers"):
        return None
    return {}


def _office_facts(request, objects):
    """Offers of each office, and how many are stale (two queries for all offices)."""
    from veedel.offers.models import Offer

    def per_office(offers) -> dict[int, int]:
        rows = offers.filter(office__in=objects).order_by().values("office").annotate(n=Count("pk"))
        return {row["office"]: row["n"] for row in rows}

    offers, stale = per_office(Offer.objects.all()), per_office(Offer.objects.stale())
    return {
        office.pk: {"offers": offers.get(office.pk, 0), "stale": stale.get(office.pk, 0)}
        for office in objects
    }


def register() -> None:
    dashboard_panels.add(
        key="offers", order=35, template="offers/_dashboard_panel.html", context=_work
    )
    office_facts.add(
        key="offers", order=20, template="offers/_office_facts.html", context=_office_facts
    )
