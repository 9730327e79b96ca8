"""The directory's part of the social-space page: what is going on in the area (registered in
OffersConfig.ready). A fixed number of queries, whatever the data."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from veedel.areas.contributions import social_space_sections
from veedel.core import textsearch
from veedel.offers import ical
from veedel.offers.filters import TOPICS_TAXONOMY, events_in_space
from veedel.offers.models import Event, Offer, TaxonomyTerm
from veedel.offers.search import SEARCH_COLUMN, social_space_facet
from veedel.offers.views import _events_with_places

UPCOMING_SHOWN = 5


def _whats_on(request, *, space):
    """The next public events in the area, and its public offers by topic field (three
    queries and a prefetch)."""
    now = timezone.now()
    events = list(
        _events_with_places(events_in_space(Event.objects.public().upcoming(now), space)).order_by(
            "start", "pk"
        )[:UPCOMING_SHOWN]
    )
    offers = textsearch.matching(
        Offer.objects.published(), SEARCH_COLUMN, "", [[social_space_facet(space.pk)]]
    )
    by_topic = list(
        Offer.taxonomy_terms.through.objects.filter(
            offer__in=offers.values("pk"),
            taxonomyterm__taxonomy__slug=TOPICS_TAXONOMY,
            taxonomyterm__parent__isnull=True,
        )
        .values("taxonomyterm_id")
        .annotate(count=Count("offer_id", distinct=True))
    )
    # The terms themselves (one query), so their names are in the visitor's language: a
    # values() lookup across the relation would read the German column only.
    terms = TaxonomyTerm.objects.in_bulk([t["taxonomyterm_id"] for t in by_topic])
    counted = sorted(
        ((terms[t["taxonomyterm_id"]], t["count"]) for t in by_topic),
        key=lambda pair: (pair[0].order, pair[0].name),
    )
    return {
        "space": space,
        "events": [
            {"event": e, "place": ical.event_place(e), "start": timezone.localtime(e.start)}
            for e in events
        ],
        "topics": [
            {"code": term.code, "name": term.name, "count": count} for term, count in counted
        ],
        "offers": offers.count(),
    }


def register() -> None:
    social_space_sections.add(
        key="offers-whats-on",
        order=20,
        template="offers/_social_space_whats_on.html",
        context=_whats_on,
    )
