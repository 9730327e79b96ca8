"""Full-text search over offers (German stems, umlauts folded; veedel/core/textsearch.py).

Each offer keeps its search tokens in ``Offer.search_document``. The document holds what a
resident might type: the offer's names and description, who runs it, its topics and target
groups, who it is for and where it takes place (address, quarter, social space). Contact
persons are never part of it: the directory must not find people.
It also holds the offer's facets – its taxonomy terms, languages, places, "free of charge" and
"barrier-free" as tokens no word can match – so that filters and words are looked up together.
The languages an offer is held in are facets only, never words: otherwise "Deutsch" would find
every offer held in German instead of the German courses.

Words that mean the same ("Kita", "Kindertagesstätte") are data (``Synonym``, kept by the
programme office): a search expands its words with them (``synonyms()``), so a changed list
needs no reindex.

The document is kept fresh by the writes that change what it holds, in their transaction
(``veedel.offers.services`` and the imports call ``offer_reindex``; actors and areas announce
their changes through hooks that the offers follow). ``offer_reindex`` works in batches of
plain rows, a fixed number of queries per batch.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, router
from django.db.models import QuerySet

from veedel.core import textsearch
from veedel.offers.models import (
    Language,
    Location,
    Offer,
    OfferText,
    ServiceAtLocation,
    Synonym,
)

SEARCH_COLUMN = "search_document"
# A term's name in every language of the vocabulary (django-modeltranslation): a search in
# English or Turkish for a topic's name finds its offers too.
TERM_NAME_FIELDS = tuple(f"name_{code}" for code in settings.MODELTRANSLATION_LANGUAGES)
REINDEX_BATCH = 500
TermThrough = Offer.taxonomy_terms.through
SpaceThrough = Location.social_spaces.through


@dataclass(frozen=True)
class _Place:
    location_id: uuid.UUID
    texts: tuple[str, ...]  # name, street, postal code, city
    quarter: tuple | None  # (id, name)
    spaces: tuple[tuple, ...]  # (id, name), in the order of SocialSpace
    is_barrier_free: bool


def _compose(
    texts: Sequence[str],
    *,
    is_free: bool,
    is_barrier_free: bool,
    terms: Iterable[tuple],
    languages: Iterable[tuple],
    places: Iterable[_Place],
) -> str:
    """The document from its parts: ``texts`` of the offer and its organisation, ``terms`` as
    (id, taxonomy id, *its names in every language) in the order of TaxonomyTerm,
    ``languages`` as (code, name) by code, and the places (sorted here, by location id, so
    that the order is the same however they were read)."""
    texts = list(texts)
    facets = [FREE] if is_free else []
    if is_barrier_free:
        facets.append(BARRIER_FREE)
    for term_id, taxonomy_id, *names in terms:
        texts += names
        facets += [term_facet(term_id), taxonomy_facet(taxonomy_id)]
    for code, _name in languages:
        facets.append(language_facet(code))
    for place in sorted(places, key=lambda p: str(p.location_id)):
        texts += place.texts
        if place.quarter is not None:
            texts.append(place.quarter[1])
            facets.append(quarter_facet(place.quarter[0]))
        for space_id, name in place.spaces:
            texts.append(name)
            facets.append(social_space_facet(space_id))
        if place.is_barrier_free:
            facets.append(BARRIER_FREE)
    return textsearch.document(*(t for t in texts if t), facets=facets)


def offer_document(offer: Offer) -> str:
    """The search document of one offer.

    Reads the organisation, taxonomy terms, languages and locations; prefetch them when
    building many documents (``offer_reindex`` reads plain rows instead, for the same result).
    """
    places = []
    for at_location in offer.at_locations.all():
        location = at_location.location
        quarter = location.quarter
        places.append(
            _Place(
                location_id=location.pk,
                texts=(location.name, location.address_1, location.postal_code, location.city),
                quarter=(quarter.pk, quarter.name) if quarter is not None else None,
                spaces=tuple((space.pk, space.name) for space in location.social_spaces.all()),
                is_barrier_free=location.is_barrier_free,
            )
        )
    return _compose(
        _offer_texts(
            offer.name,
            offer.alternate_name,
            offer.description,
            offer.organization.name,
            offer.eligibility_description,
        )
        + [part for text in offer.texts.all() for part in (text.name, text.description)],
        is_free=offer.is_free,
        is_barrier_free=offer.is_barrier_free,
        terms=[(t.pk, t.taxonomy_id, *_term_names(t)) for t in offer.taxonomy_terms.all()],
        languages=[(language.code, language.name) for language in offer.languages.all()],
        places=places,
    )


def _term_names(term) -> list[str]:
    """A term's names in every language (a historical model in a migration may have only its
    one name)."""
    names = [getattr(term, field, None) for field in TERM_NAME_FIELDS]
    found = [name for name in names if name]
    return found or [term.name]


def _offer_texts(name, alternate_name, description, organization_name, eligibility) -> list[str]:
    return [name, alternate_name, description, organization_name, eligibility]


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


# The columns of an offer its document reads, in the order of ``_offer_texts``.
_OFFER_COLUMNS = (
    "name",
    "alternate_name",
    "description",
    "organization__name",
    "eligibility_description",
)


def _documents(pks: list) -> dict:
    """{pk: (stored document, fresh document)} for a batch of offers, in five queries of
    plain rows (no model instances: this is what renaming an actor with thousands of offers
    costs)."""
    terms = defaultdict(list)
    for offer_id, *term in (
        TermThrough.objects.filter(offer_id__in=pks)
        .order_by("taxonomyterm__taxonomy__name", "taxonomyterm__order", "taxonomyterm__name")
        .values_list(
            "offer_id",
            "taxonomyterm_id",
            "taxonomyterm__taxonomy_id",
            *(f"taxonomyterm__{field}" for field in TERM_NAME_FIELDS),
        )
    ):
        terms[offer_id].append([value for value in term if value])
    languages = defaultdict(list)
    for offer_id, code, name in (
        Language.objects.filter(offer_id__in=pks)
        .order_by("code")
        .values_list("offer_id", "code", "name")
    ):
        languages[offer_id].append((code, name))
    links = list(
        ServiceAtLocation.objects.filter(offer_id__in=pks).values_list(
            "offer_id",
            "location_id",
            "location__name",
            "location__address_1",
            "location__postal_code",
            "location__city",
            "location__quarter_id",
            "location__quarter__name",
            "location__is_barrier_free",
        )
    )
    spaces = defaultdict(list)
    for location_id, space_id, name in (
        SpaceThrough.objects.filter(location_id__in={link[1] for link in links})
        .order_by("socialspace__name", "socialspace__valid_from")
        .values_list("location_id", "socialspace_id", "socialspace__name")
    ):
        spaces[location_id].append((space_id, name))
    places = defaultdict(list)
    for offer_id, location_id, *texts, quarter_id, quarter_name, barrier_free in links:
        places[offer_id].append(
            _Place(
                location_id=location_id,
                texts=tuple(texts),
                quarter=(quarter_id, quarter_name) if quarter_id is not None else None,
                spaces=tuple(spaces[location_id]),
                is_barrier_free=barrier_free,
            )
        )
    other_texts = defaultdict(list)
    for offer_id, name, description in (
        OfferText.objects.filter(offer_id__in=pks)
        .order_by("language")
        .values_list("offer_id", "name", "description")
    ):
        other_texts[offer_id] += [name, description]
    documents = {}
    for pk, stored, is_free, is_barrier_free, *texts in Offer.objects.filter(
        pk__in=pks
    ).values_list("pk", SEARCH_COLUMN, "is_free", "is_barrier_free", *_OFFER_COLUMNS):
        documents[pk] = (
            stored,
            _compose(
                _offer_texts(*texts) + other_texts[pk],
                is_free=is_free,
                is_barrier_free=is_barrier_free,
                terms=terms[pk],
                languages=languages[pk],
                places=places[pk],
            ),
        )
    return documents


def _store(documents: list[tuple[uuid.UUID, str]]) -> None:
    """Write documents in one statement run for many rows. Not ``bulk_update``: its CASE
    expression costs more than building the documents, and "modified" stays as it is (a new
    index is no change of the offer)."""
    if not documents:
        return
    connection = connections[router.db_for_write(Offer)]
    quote = connection.ops.quote_name
    pk = Offer._meta.pk
    sql = (
        f"UPDATE {quote(Offer._meta.db_table)} SET {quote(SEARCH_COLUMN)} = %s "
        f"WHERE {quote(pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [(text, pk.get_db_prep_value(key, connection)) for key, text in documents]
        )


def offer_reindex(*, offers: Iterable[Offer] | QuerySet) -> int:
    """Recompute and store the search documents of ``offers`` (instances or a queryset).

    Works in batches with a fixed number of queries per batch (six) and writes only the
    documents that changed; instances passed in get their new document too. Returns how many
    changed.
    """
    if isinstance(offers, QuerySet):
        given: dict = {}
        pks = list(offers.order_by().values_list("pk", flat=True).distinct())
    else:
        given = {offer.pk: offer for offer in offers}
        pks = list(given)
    changed = 0
    for start in range(0, len(pks), REINDEX_BATCH):
        documents = _documents(pks[start : start + REINDEX_BATCH])
        for pk, (_stored, text) in documents.items():
            if pk in given:
                given[pk].search_document = text
        to_store = [(pk, text) for pk, (stored, text) in documents.items() if text != stored]
        _store(to_store)
        changed += len(to_store)
    return changed


def search_words(text: str) -> list[textsearch.Group]:
    """The words of a search, each with the phrases that mean the same (one query for the
    synonyms, none for a text without words)."""
    return textsearch.query_groups(text, synonyms() if textsearch.query_tokens(text) else None)


def offer_search(
    *,
    queryset: QuerySet,
    text: str | Sequence[textsearch.Group],
    facets: Sequence[Sequence[str]] = (),
) -> QuerySet:
    """The offers of ``queryset`` that match ``text`` (or its ``search_words``) and hold one
    facet of each group in ``facets``; best first (then by name) when there are search words.

    An empty or stopword-only text without facets keeps the queryset and its order.
    """
    words = search_words(text) if isinstance(text, str) else list(text)
    found = textsearch.matching(queryset, SEARCH_COLUMN, words, facets)
    if not words:
        return found
    return textsearch.rank(found, SEARCH_COLUMN, words).order_by("-search_rank", "name", "pk")


def offer_tiers(
    *, queryset: QuerySet, words: Sequence[textsearch.Group], facets: Sequence[Sequence[str]] = ()
) -> list[textsearch.Tier] | None:
    """``offer_search``'s matches split by rank, best first, each tier by name
    (``textsearch.rank_tiers``; one tier without words, None for many words)."""
    return textsearch.rank_tiers(queryset.order_by("name", "pk"), SEARCH_COLUMN, words, facets)


def synonyms() -> textsearch.Thesaurus:
    """The programme office's synonyms as a thesaurus (one query)."""
    return textsearch.thesaurus(
        [w.strip() for w in words.split(",")]
        for words in Synonym.objects.values_list("words", flat=True)
    )
