"""Test data for offers: taxonomies and offers with everything the directory shows.

Other test modules may import these functions; their signatures stay stable.

``make_taxonomies()`` makes sure the two taxonomies the directory filters on exist (through
``veedel.offers.taxonomy.taxonomies_load``): "themenfelder", one term per topic field of the
programme (code = topic slug), and "zielgruppen" (codes such as "kinder", "jugendliche",
"familien", "senioren", "gefluechtete", "alle"). It returns both.

``make_offer(**kw)`` creates one offer with its organisation, a location (located into quarter
and social spaces by point-in-polygon), service-at-location, weekly schedule, languages, terms,
phones and events, and computes its search document. Every part can be changed or left out::

    make_offer(name="Sprachcafé", topics=["bildung"], target_groups=["gefluechtete"],
               languages=["de", "ar"], schedules=[("MO", "09:00", "12:00")],
               point=POINTS["chorweiler"], is_free=True)
    make_offer(point=None)            # an offer without any location
    make_offer(organization=actor)    # at an existing actor
    make_offer(actor_public=False)    # an internal actor's offer: never public
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from veedel.areas.geo import locate
from veedel.network.models import Actor
from veedel.offers.models import (
    Event,
    Language,
    Location,
    Offer,
    Phone,
    Schedule,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from veedel.offers.search import offer_reindex
from veedel.offers.taxonomy import TARGET_GROUPS_SLUG as TARGET_GROUPS
from veedel.offers.taxonomy import TOPICS_SLUG as TOPICS
from veedel.offers.taxonomy import taxonomies_load
from veedel.programme.models import CoordinationOffice

# Points (latitude, longitude) inside known quarters of the Cologne data set.
POINTS = {
    "kalk": (50.9395, 6.9990),  # quarter 802 Kalk, social space "kalk"
    "muelheim": (50.9640, 7.0040),  # quarter 901 Mülheim
    "chorweiler": (51.0235, 6.8950),  # quarter 609 Chorweiler
    "ehrenfeld": (50.9490, 6.9160),  # quarter 401 Ehrenfeld
}
ADDRESSES = {
    "kalk": ("Kalker Hauptstraße 100", "51103"),
    "muelheim": ("Frankfurter Straße 20", "51065"),
    "chorweiler": ("Pariser Platz 1", "50765"),
    "ehrenfeld": ("Venloer Straße 300", "50823"),
}
LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "Englisch",
    "tr": "Türkisch",
    "ar": "Arabisch",
    "ru": "Russisch",
    "uk": "Ukrainisch",
    "fr": "Französisch",
}


def make_taxonomies() -> tuple[Taxonomy, Taxonomy]:
    """The taxonomies of topic fields and target groups, loaded by ``taxonomies_load`` when
    they are missing (term codes: the topic slugs; target groups in taxonomy.TARGET_GROUPS)."""
    found = {t.slug: t for t in Taxonomy.objects.filter(slug__in=[TOPICS, TARGET_GROUPS])}
    if len(found) < 2:
        taxonomies_load()
        found = {t.slug: t for t in Taxonomy.objects.filter(slug__in=[TOPICS, TARGET_GROUPS])}
    return found[TOPICS], found[TARGET_GROUPS]


def make_actor(*, name: str = "Bürgerzentrum Beispiel", is_public: bool = True, office=None):
    office = office or CoordinationOffice.objects.filter(slug="kalk").first()
    return Actor.objects.create(
        name=name, kind="club", is_public=is_public, office=office, is_example=True
    )


def _time(value) -> datetime.time:
    if isinstance(value, datetime.time):
        return value
    hours, minutes = str(value).split(":")
    return datetime.time(int(hours), int(minutes))


def make_location(
    *,
    point: tuple[float, float] | None = POINTS["kalk"],
    address: str | None = None,
    postal_code: str | None = None,
    name: str = "",
    organization=None,
    is_barrier_free: bool = False,
) -> Location:
    """A location, placed into its quarter and social spaces when it has a point."""
    key = next((k for k, p in POINTS.items() if p == point), "kalk")
    default_address, default_code = ADDRESSES[key]
    location = Location.objects.create(
        organization=organization,
        name=name,
        address_1=address or default_address,
        postal_code=postal_code or default_code,
        city="Köln",
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        is_barrier_free=is_barrier_free,
    )
    if point:
        found = locate(*point)
        location.quarter = found.quarter
        location.save(update_fields=["quarter"])
        location.social_spaces.set(found.social_spaces)
    return location


def _terms(taxonomy_slug: str, codes: Iterable[str]) -> list[TaxonomyTerm]:
    codes = list(codes)
    terms = list(TaxonomyTerm.objects.filter(taxonomy__slug=taxonomy_slug, code__in=codes))
    missing = set(codes) - {t.code for t in terms}
    if missing:
        raise ValueError(f"Unknown {taxonomy_slug} terms: {sorted(missing)}")
    return terms


def make_offer(
    *,
    name: str = "Offene Beratung",
    description: str = "Beratung zu allen Fragen des Alltags.",
    organization: Actor | None = None,
    organization_name: str = "Bürgerzentrum Beispiel",
    actor_public: bool = True,
    office=None,
    topics: Sequence[str] = (),
    target_groups: Sequence[str] = (),
    languages: Sequence[str] = ("de",),
    point: tuple[float, float] | None = POINTS["kalk"],
    address: str | None = None,
    location: Location | None = None,
    location_barrier_free: bool = False,
    schedules: Sequence[tuple] = (("MO", "09:00", "12:00"),),
    events: Sequence[tuple] = (),
    phones: Sequence[str] = (),
    reindex: bool = True,
    **fields,
) -> Offer:
    """Create an offer. ``fields`` go to Offer itself (is_free, minimum_age, status …).

    ``topics``/``target_groups`` are term codes (topics: the topic slugs); ``schedules`` are
    ``(byday, opens_at, closes_at)`` or with ``valid_from, valid_to`` appended; ``events`` are
    ``(title, start)`` or ``(title, start, end)`` with aware datetimes; ``point=None`` and no
    ``location`` gives an offer without a place.
    """
    if topics or target_groups:
        make_taxonomies()
    office = office or CoordinationOffice.objects.filter(slug="kalk").first()
    organization = organization or make_actor(
        name=organization_name, is_public=actor_public, office=office
    )
    offer = Offer.objects.create(
        organization=organization, office=office, name=name, description=description, **fields
    )
    if location is None and point is not None:
        location = make_location(
            point=point,
            address=address,
            organization=organization,
            is_barrier_free=location_barrier_free,
        )
    at_location = (
        ServiceAtLocation.objects.create(offer=offer, location=location) if location else None
    )
    for schedule in schedules:
        byday, opens, closes, *validity = schedule
        Schedule.objects.create(
            offer=offer,
            service_at_location=at_location,
            byday=byday,
            opens_at=_time(opens),
            closes_at=_time(closes),
            valid_from=validity[0] if len(validity) > 0 else None,
            valid_to=validity[1] if len(validity) > 1 else None,
        )
    for title, start, *end in events:
        Event.objects.create(
            offer=offer, location=location, title=title, start=start, end=end[0] if end else None
        )
    Language.objects.bulk_create(
        Language(offer=offer, code=code, name=LANGUAGE_NAMES.get(code, code)) for code in languages
    )
    for number in phones:
        Phone.objects.create(offer=offer, number=number)
    terms = _terms(TOPICS, topics) + _terms(TARGET_GROUPS, target_groups)
    if terms:
        offer.taxonomy_terms.set(terms)
    if reindex:
        offer_reindex(offers=[offer])
    return offer
