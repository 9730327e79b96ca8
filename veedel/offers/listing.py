"""The rows of the directory's result list, loaded as plain values.

A page of results shows twenty offers with their organisation, topics, target groups,
languages, places and days. Loading those as model instances through ``prefetch_related``
built some three hundred objects a page and cost more than everything else the page does.
Here the offers and their organisations come in one query, each of their parts in one query of
plain rows, and the terms are the ones the filter bar has already loaded (``Choices``): five
queries a page, whatever the data size, and no object per part.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.text import Truncator

from veedel.offers.filters import (
    Choices,
    DirectoryFilters,
    distance_km,
    language_label,
    open_at,
)
from veedel.offers.models import (
    Language,
    Offer,
    Schedule,
    ServiceAtLocation,
    ServiceStatus,
    Weekday,
)

TermThrough = Offer.taxonomy_terms.through
DESCRIPTION_WORDS = 30
# What a row shows of the offer itself (and of its organisation: its name).
ROW_FIELDS = (
    "id",
    "name",
    "description",
    "status",
    "is_free",
    "is_barrier_free",
    "is_example",
    "minimum_age",
    "maximum_age",
    "organization__name",
)


@dataclass(frozen=True)
class Place:
    """Where an offer takes place, as a row shows it."""

    address_1: str
    postal_code: str
    city: str
    quarter_name: str
    latitude: float | None
    longitude: float | None

    def __str__(self) -> str:
        where = f"{self.address_1}, {self.postal_code} {self.city}"
        return f"{where} ({self.quarter_name})" if self.quarter_name else where


@dataclass(frozen=True)
class Hours:
    byday: str
    opens_at: datetime.time
    closes_at: datetime.time
    valid_from: datetime.date | None
    valid_to: datetime.date | None


def result_rows(
    keys: list, choices: Choices, filters: DirectoryFilters, now: datetime.datetime
) -> list[dict]:
    """The rows of the offers ``keys``, in that order (keys no longer found are left out)."""
    if not keys:
        return []
    queryset = Offer.objects.filter(pk__in=keys).select_related("organization").only(*ROW_FIELDS)
    if translation.get_language() != settings.LANGUAGE_CODE:
        # Names and descriptions in the page's language (``Offer.local_text``).
        queryset = queryset.prefetch_related("texts")
    offers = {offer.pk: offer for offer in queryset}
    terms = {term.pk: term for term in (*choices.topics, *choices.target_groups)}
    position = {pk: index for index, pk in enumerate(terms)}
    topic_ids = {term.pk for term in choices.topics}
    offer_terms = defaultdict(list)
    for offer_id, term_id in TermThrough.objects.filter(offer_id__in=keys).values_list(
        "offer_id", "taxonomyterm_id"
    ):
        if term_id in terms:
            offer_terms[offer_id].append(term_id)
    languages = defaultdict(list)
    for offer_id, code, name in (
        Language.objects.filter(offer_id__in=keys)
        .order_by("code")
        .values_list("offer_id", "code", "name")
    ):
        languages[offer_id].append(language_label(code, name))
    places = defaultdict(list)
    for offer_id, *place in ServiceAtLocation.objects.filter(offer_id__in=keys).values_list(
        "offer_id",
        "location__address_1",
        "location__postal_code",
        "location__city",
        "location__quarter__name",
        "location__latitude",
        "location__longitude",
    ):
        address, postal_code, city, quarter, latitude, longitude = place
        places[offer_id].append(
            Place(address, postal_code, city, quarter or "", latitude, longitude)
        )
    hours = defaultdict(list)
    for offer_id, *times in Schedule.objects.filter(offer_id__in=keys).values_list(
        "offer_id", "byday", "opens_at", "closes_at", "valid_from", "valid_to"
    ):
        hours[offer_id].append(Hours(*times))
    language = translation.get_language()
    rows = []
    for key in keys:
        offer = offers.get(key)
        if offer is None:
            continue
        ids = sorted(offer_terms[key], key=position.__getitem__)
        rows.append(
            {
                # Everything as the row shows it: the template only places it.
                "id": offer.pk,
                "offer": offer,
                "url": offer.get_absolute_url(),
                "name": offer.shown_name,
                "name_language": _other(offer.shown_language, language),
                "organisation": offer.organization.name,
                "description": Truncator(offer.shown_description).words(
                    DESCRIPTION_WORDS, truncate=" …"
                ),
                "description_language": _other(offer.shown_description_language, language),
                "is_free": offer.is_free,
                "is_barrier_free": offer.is_barrier_free,
                "is_example": offer.is_example,
                "age": offer.age_range,
                "topics": ", ".join(terms[pk].name for pk in ids if pk in topic_ids),
                "groups": ", ".join(terms[pk].name for pk in ids if pk not in topic_ids),
                "languages": ", ".join(languages[key]),
                "where": "; ".join(str(place) for place in places[key]),
                "open_now": open_at(offer.status, hours[key], now),
                "closed": offer.status == ServiceStatus.TEMPORARILY_CLOSED,
                "days": ", ".join(weekdays(hours[key], now.date())),
                "distance": nearest_km(filters.origin, places[key]),
            }
        )
    return rows


def _other(shown: str, page: str | None) -> str:
    """The language of a text for its ``lang`` attribute: "" when it is the page's."""
    return "" if shown == page else shown


def weekdays(hours: list[Hours], today: datetime.date) -> list[str]:
    """The weekdays with opening hours in force today or later, Monday first."""
    codes = {h.byday for h in hours if h.valid_to is None or h.valid_to >= today}
    return [str(label) for code, label in Weekday.choices if code in codes]


def nearest_km(origin: tuple[float, float] | None, places: list[Place]) -> str:
    """The distance of the nearest place from the origin, as shown ("1,2 km"), or ""."""
    if origin is None:
        return ""
    found = [
        distance_km(origin, p.latitude, p.longitude)
        for p in places
        if p.latitude is not None and p.longitude is not None
    ]
    return f"{number_format(min(found), 1)} km" if found else ""
