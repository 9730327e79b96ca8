"""Writes that change what offers' search documents hold, and the receivers that keep the
documents fresh when something below the offers changes.

An offer's search document (``veedel.offers.search``) holds its own texts and facets, its
organisation's name, the names of its taxonomy terms, its languages, and its places with their
quarter and social spaces. Whatever changes one of these updates the documents concerned in
the same transaction, inside the function that makes the change, so no caller has to
remember it:

- the offer itself, its languages and places: the admin's save (``offer_saved``) and the
  imports (``offers_import``) reindex what they wrote;
- a place: ``location_save`` and ``locations_delete``;
- taxonomy terms: ``taxonomy_terms_save`` and ``taxonomy_terms_delete`` (the admin uses
  them; ``taxonomies_load`` reindexes the terms it renames);
- actors (renamed, made internal, moved, deleted): ``veedel.network.services`` sends
  ``actors_changed`` and ``actors_deleting``, received here;
- areas (renamed, new outlines): ``veedel.areas.services`` and the area loader send
  ``areas_changed``; received here, the places are placed again and their offers reindexed.

The receivers are connected in ``OffersConfig.ready`` (``connect_receivers``). Every
function here works on sets: a fixed number of queries per batch of offers or places,
never one per offer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from shapely.geometry import shape

from veedel.areas.geo import Location as Placement
from veedel.areas.geo import locate, locate_reset
from veedel.areas.hooks import areas_changed
from veedel.areas.models import Quarter, SocialSpace
from veedel.network.hooks import actors_changed, actors_deleting
from veedel.offers.models import Location, Offer, ServiceAtLocation, Taxonomy, TaxonomyTerm
from veedel.offers.search import TERM_NAME_FIELDS, offer_reindex

BATCH = 500
TermThrough = Offer.taxonomy_terms.through
SpaceThrough = Location.social_spaces.through
# What of a term its offers' documents hold: its name (words) and its id and taxonomy (facets).
# What of a term its offers' search documents hold: its name in every language, its taxonomy.
TERM_DOCUMENT_FIELDS = (*TERM_NAME_FIELDS, "taxonomy_id")


def offers_reindex_where(
    *,
    actor_ids: Iterable = (),
    term_ids: Iterable = (),
    location_ids: Iterable = (),
    quarter_ids: Iterable = (),
    social_space_ids: Iterable = (),
) -> int:
    """Reindex the offers of these organisations, with these terms, or at these places (or at
    places in these quarters or social spaces). Returns how many documents changed."""
    actor_ids, term_ids, location_ids = list(actor_ids), list(term_ids), list(location_ids)
    quarter_ids, social_space_ids = list(quarter_ids), list(social_space_ids)
    condition = Q(pk__in=[])
    if actor_ids:
        condition |= Q(organization_id__in=actor_ids)
    if term_ids:
        condition |= Q(
            pk__in=TermThrough.objects.filter(taxonomyterm_id__in=term_ids).values("offer_id")
        )
    places = Q(pk__in=[])
    if location_ids:
        places |= Q(location_id__in=location_ids)
    if quarter_ids:
        places |= Q(location__quarter_id__in=quarter_ids)
    if social_space_ids:
        places |= Q(
            location_id__in=SpaceThrough.objects.filter(socialspace_id__in=social_space_ids).values(
                "location_id"
            )
        )
    if location_ids or quarter_ids or social_space_ids:
        condition |= Q(pk__in=ServiceAtLocation.objects.filter(places).values("offer_id"))
    if not (actor_ids or term_ids or location_ids or quarter_ids or social_space_ids):
        return 0
    return offer_reindex(offers=Offer.objects.filter(condition))


# --- offers ---------------------------------------------------------------------------------


def offer_saved(*, offer: Offer) -> None:
    """After an offer and its parts (places, languages, terms) were written (the admin's change
    form): update its search document in the same transaction."""
    offer_reindex(offers=[offer])


# --- places ---------------------------------------------------------------------------------


def location_save(*, location: Location, placement: Placement | None) -> Location:
    """Save a place with the quarter and social spaces its point lies in (``placement``, from
    ``veedel.network.services.point_location``; None without a point), and reindex the offers
    held there, since their documents name the place."""
    with transaction.atomic():
        location.quarter = placement.quarter if placement else None
        location.save()
        location.social_spaces.set(placement.social_spaces if placement else [])
        offers_reindex_where(location_ids=[location.pk])
    return location


def locations_delete(*, locations: QuerySet | Sequence[Location]) -> None:
    """Delete places; the offers held there lose them, and their documents the place."""
    ids = [location.pk for location in locations]
    with transaction.atomic():
        offer_ids = list(
            ServiceAtLocation.objects.filter(location_id__in=ids).values_list("offer_id", flat=True)
        )
        Location.objects.filter(pk__in=ids).delete()
        offer_reindex(offers=Offer.objects.filter(pk__in=offer_ids))


# --- taxonomy terms ---------------------------------------------------------------------


def _term_values(term_ids: list) -> dict:
    return {
        row[0]: row[1:]
        for row in TaxonomyTerm.objects.filter(pk__in=term_ids).values_list(
            "pk", *TERM_DOCUMENT_FIELDS
        )
    }


def taxonomy_terms_save(*, terms: Sequence[TaxonomyTerm]) -> None:
    """Save terms (their fields set by the caller: the admin's forms) and reindex the offers
    of every term whose name or taxonomy changed."""
    with transaction.atomic():
        before = _term_values([term.pk for term in terms])
        for term in terms:
            term.save()
        changed = [
            term.pk
            for term in terms
            if term.pk in before
            and before[term.pk] != tuple(getattr(term, f) for f in TERM_DOCUMENT_FIELDS)
        ]
        offers_reindex_where(term_ids=changed)


def taxonomy_term_update(*, term: TaxonomyTerm, data: dict[str, Any], by) -> TaxonomyTerm:
    """Change a term (name, description, code, order, parent, topic); its offers' documents
    follow a new name at once."""
    if not by.has_perm("offers.change_taxonomyterm", term):
        raise PermissionDenied
    editable = {
        "name",
        *TERM_NAME_FIELDS,
        "description",
        "code",
        "order",
        "parent",
        "topic",
        "taxonomy",
    }
    unknown = set(data) - editable
    if unknown:
        raise ValueError(f"Unknown term fields: {', '.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(term, name, value)
    term.full_clean()
    taxonomy_terms_save(terms=[term])
    return term


def taxonomy_terms_delete(*, terms: QuerySet | Sequence[TaxonomyTerm]) -> None:
    """Delete terms (and their child terms); the offers that had them are reindexed."""
    ids = [term.pk for term in terms]
    with transaction.atomic():
        # Children go with their parent (CASCADE): their offers too.
        gone = set(ids)
        frontier = set(ids)
        while frontier:
            frontier = (
                set(
                    TaxonomyTerm.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
                )
                - gone
            )
            gone |= frontier
        offer_ids = list(
            TermThrough.objects.filter(taxonomyterm_id__in=gone)
            .values_list("offer_id", flat=True)
            .distinct()
        )
        TaxonomyTerm.objects.filter(pk__in=ids).delete()
        offer_reindex(offers=Offer.objects.filter(pk__in=offer_ids))


def taxonomies_delete(*, taxonomies: QuerySet | Sequence) -> None:
    """Delete taxonomies with their terms; the offers that had a term are reindexed."""
    with transaction.atomic():
        ids = [taxonomy.pk for taxonomy in taxonomies]
        taxonomies_of = TaxonomyTerm.objects.filter(taxonomy_id__in=ids)
        taxonomy_terms_delete(terms=list(taxonomies_of.only("pk")))
        Taxonomy.objects.filter(pk__in=ids).delete()


# --- receivers: actors ----------------------------------------------------------------------


def on_actors_changed(*, actor_ids: Sequence) -> None:
    """Actors were renamed, made internal or public, moved, created: their offers' documents
    name the organisation. (Whether an offer is public is answered in SQL, from the actor's
    flag: ``Offer.objects.published()``.)"""
    offers_reindex_where(actor_ids=actor_ids)


def on_actors_deleting(*, actor_ids: Sequence) -> None:
    """Actors are about to be deleted, and with them their places (CASCADE). Offers of other
    organisations held at these places lose them now, and their documents the place."""
    at_their_places = ServiceAtLocation.objects.filter(location__organization_id__in=actor_ids)
    offer_ids = list(at_their_places.values_list("offer_id", flat=True).distinct())
    if offer_ids:
        at_their_places.delete()
        offer_reindex(offers=Offer.objects.filter(pk__in=offer_ids))


# --- receivers: areas -----------------------------------------------------------------------


def _bounds_q(areas: Iterable) -> Q:
    """Points inside the bounding box of the areas' outlines (None: no outline)."""
    boxes = [shape(area.geometry).bounds for area in areas if area.geometry]
    if not boxes:
        return Q(pk__in=[])
    west = min(b[0] for b in boxes)
    south = min(b[1] for b in boxes)
    east = max(b[2] for b in boxes)
    north = max(b[3] for b in boxes)
    return Q(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)


def locations_place_again(*, quarter_ids: Sequence = (), social_space_ids: Sequence = ()) -> list:
    """Place again, by point-in-polygon, the places that lie or lay in these quarters and
    social spaces (after their outlines changed). Writes only what differs; returns the ids of
    the places whose quarter or social spaces changed."""
    if not quarter_ids and not social_space_ids:
        return []
    areas = list(Quarter.objects.filter(pk__in=quarter_ids).only("id", "geometry")) + list(
        SocialSpace.objects.filter(pk__in=social_space_ids).only("id", "geometry")
    )
    candidates = list(
        Location.objects.filter(
            Q(quarter_id__in=quarter_ids)
            | Q(
                pk__in=SpaceThrough.objects.filter(socialspace_id__in=social_space_ids).values(
                    "location_id"
                )
            )
            | _bounds_q(areas)
        )
        .exclude(latitude=None)
        .exclude(longitude=None)
        .only("id", "latitude", "longitude", "quarter_id")
        .order_by("pk")
    )
    # The outlines changed in this transaction: the point-in-polygon index is built again
    # from them, and dropped afterwards, so that no other code keeps an index of outlines that
    # a rollback could still undo (the loader drops it again after its commit).
    locate_reset()
    try:
        changed = []
        for start in range(0, len(candidates), BATCH):
            changed += _place_batch(candidates[start : start + BATCH])
    finally:
        locate_reset()
    return changed


def _place_batch(batch: list[Location]) -> list:
    current: dict = {location.pk: set() for location in batch}
    for location_id, space_id in SpaceThrough.objects.filter(
        location_id__in=list(current)
    ).values_list("location_id", "socialspace_id"):
        current[location_id].add(space_id)
    moved, new_links = [], []
    for location in batch:
        placement = locate(location.latitude, location.longitude)
        quarter_id = placement.quarter.pk if placement.quarter else None
        spaces = {space.pk for space in placement.social_spaces}
        if quarter_id == location.quarter_id and spaces == current[location.pk]:
            continue
        location.quarter_id = quarter_id
        moved.append(location)
        new_links += [SpaceThrough(location_id=location.pk, socialspace_id=pk) for pk in spaces]
    if moved:
        Location.objects.bulk_update(moved, ["quarter"], batch_size=BATCH)
        SpaceThrough.objects.filter(location_id__in=[loc.pk for loc in moved]).delete()
        SpaceThrough.objects.bulk_create(new_links, batch_size=BATCH)
    return [location.pk for location in moved]


def on_areas_changed(
    *,
    district_ids: Sequence = (),
    quarter_ids: Sequence = (),
    neighbourhood_ids: Sequence = (),
    social_space_ids: Sequence = (),
) -> None:
    """Areas were renamed or got new outlines. Offers' documents name the quarter and the social
    spaces of their places and hold them as facets: the places are placed again, and the offers
    at places that moved or that lie in these areas are reindexed. (Districts and
    neighbourhoods are in no document; a new outline of a quarter or neighbourhood reaches the
    social spaces made of it through their own ids, which the loader sends too.)"""
    moved = locations_place_again(quarter_ids=quarter_ids, social_space_ids=social_space_ids)
    offers_reindex_where(
        location_ids=moved, quarter_ids=quarter_ids, social_space_ids=social_space_ids
    )


def connect_receivers() -> None:
    """Follow the changes of actors and areas (called from ``OffersConfig.ready``)."""
    actors_changed.connect(on_actors_changed, key="offers.search")
    actors_deleting.connect(on_actors_deleting, key="offers.search")
    areas_changed.connect(on_areas_changed, key="offers.search")
