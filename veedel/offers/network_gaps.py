"""Offers in the network view of a social space (``veedel.network.graph``): the topics without
a published offer at a place in the area. Registered in ``OffersConfig.ready``."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from veedel.network.contributions import TopicSource, topic_sources
from veedel.offers.models import Offer


def covered(*, space) -> Exists:
    """Whether a published offer of the topic (``OuterRef("pk")``, through its taxonomy
    terms) is offered at a location in ``space``."""
    return Exists(
        Offer.objects.published().filter(
            at_locations__location__social_spaces=space, taxonomy_terms__topic=OuterRef("pk")
        )
    )


def register() -> None:
    topic_sources.add(
        TopicSource(
            key="offer",
            order=10,
            covered=covered,
            heading=_("Topics without a published offer in the area"),
            complete=_("Every topic has at least one published offer in the area."),
        )
    )
