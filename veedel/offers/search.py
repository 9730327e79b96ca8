"""Full-text search over offers (German stems, umlauts folded; veedel/core/textsearch.py).

Each offer keeps its search tokens in ``Offer.search_document``. The document holds what a
resident might type: the offer's names and description, who runs it, its topics and target
groups, who it is for, its languages and where it takes place (address, quarter, social
space). Contact persons are never part of it: the directory must not find people.
It also holds the offer's facets – its taxonomy terms, languages, places, "free of charge" and
"barrier-free" as tokens no word can match – so that filters and words are looked up together.

Whoever creates or changes offers calls ``offer_reindex(offers=…)`` afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from django.db.models import Prefetch, QuerySet

from veedel.areas.models import SocialSpace
from veedel.core import textsearch
from veedel.offers.models import Offer, ServiceAtLocation

SEARCH_COLUMN = "search_document"
REINDEX_BATCH = 500


def offer_document(offer: Offer) -> str:
    """The search document of one offer.

    Reads the organisation, taxonomy terms, languages and locations; prefetch them (as
    ``offer_reindex`` does) when building many documents.
    """
    texts = [
        offer.name,
        offer.alternate_name,
        offer.description,
        offer.organization.name,
        offer.eligibility_description,
    ]
    facets = [FREE] if offer.is_free else []
    if offer.is_barrier_free:
        facets.append(BARRIER_FREE)
    for term in offer.taxonomy_terms.all():
        texts.append(term.name)
        facets += [term_facet(term.pk), taxonomy_facet(term.taxonomy_id)]
    for language in offer.languages.all():
        texts.append(language.name)
        facets.append(language_facet(language.code))
    for at_location in offer.at_locations.all():
        location = at_location.location
        texts += [location.name, location.address_1, location.postal_code, location.city]
        if location.quarter is not None:
            texts.append(location.quarter.name)
            facets.append(quarter_facet(location.quarter_id))
        for space in location.social_spaces.all():
            texts.append(space.name)
            facets.append(social_space_facet(space.pk))
        if location.is_barrier_free:
            facets.append(BARRIER_FREE)
    return textsearch.document(*(t for t in texts if t), facets=facets)


# Filter tokens in the search document (veedel/core/textsearch.py, ``facet``): the directory
# and the API filter by them together with the search words, in one index lookup.
FREE = textsearch.facet("f", "free")
BARRIER_FREE = textsearch.facet("f", "barrierfree")


def term_facet(term_id: uuid.UUID) -> str:
    return textsearch.facet("t", term_id.hex)


def taxonomy_facet(taxonomy_id: uuid.UUID) -> str:
    return textsearch.facet("x", taxonomy_id.hex)


def language_facet(code: str) -> str:
    return textsearch.facet("l", code.lower().encode().hex())


def quarter_facet(quarter_id: int) -> str:
    return textsearch.facet("q", quarter_id)


def social_space_facet(space_id: int) -> str:
    return textsearch.facet("s", space_id)


def _with_document_parts(queryset: QuerySet) -> QuerySet:
    locations = (
        ServiceAtLocation.objects.select_related("location__quarter")
        .defer("location__quarter__geometry", "location__quarter__display_geometry")
        .prefetch_related(
            Prefetch(
                "location__social_spaces",
                queryset=SocialSpace.objects.only("id", "name"),
            )
        )
    )
    return queryset.select_related("organization").prefetch_related(
        "taxonomy_terms", "languages", Prefetch("at_locations", queryset=locations)
    )


def offer_reindex(*, offers: Iterable[Offer] | QuerySet) -> int:
    """Recompute and store the search documents of ``offers`` (instances or a queryset).

    Works in batches with a fixed number of queries per batch and writes only the documents
    that changed; instances passed in get their new document too. Returns how many changed.
    """
    if isinstance(offers, QuerySet):
        given: dict = {}
        pks = list(offers.values_list("pk", flat=True))
    else:
        given = {offer.pk: offer for offer in offers}
        pks = list(given)
    changed = 0
    for start in range(0, len(pks), REINDEX_BATCH):
        batch = pks[start : start + REINDEX_BATCH]
        fresh = list(_with_document_parts(Offer.objects.filter(pk__in=batch)))
        to_save = []
        for offer in fresh:
            text = offer_document(offer)
            if offer.pk in given:
                given[offer.pk].search_document = text
            if text != offer.search_document:
                offer.search_document = text
                to_save.append(offer)
        # bulk_update leaves "modified" alone: a new index is no change of the offer.
        Offer.objects.bulk_update(to_save, [SEARCH_COLUMN], batch_size=REINDEX_BATCH)
        changed += len(to_save)
    return changed


def offer_search(
    *, queryset: QuerySet, text: str, facets: Sequence[Sequence[str]] = ()
) -> QuerySet:
    """The offers of ``queryset`` that match ``text`` and hold one facet of each group in
    ``facets``; best first (then by name) when there are search words.

    An empty or stopword-only text without facets keeps the queryset and its order.
    """
    found = textsearch.matching(queryset, SEARCH_COLUMN, text, facets)
    if not textsearch.query_tokens(text):
        return found
    return textsearch.rank(found, SEARCH_COLUMN, text).order_by("-search_rank", "name", "pk")
