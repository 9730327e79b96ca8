"""Writing checked offer rows: everything in one transaction, in bulk, or nothing.

New offers get their organisation, terms, languages, opening hours, phones and place; an
existing offer changes only where its row differs (``offers.differences``). Places: an
actor's location with the same address is used again, new ones are created once per actor
and address and located by point-in-polygon (done while checking). Every written offer gets
its search document (``veedel.offers.search.offer_reindex``).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from veedel.network.models import Actor
from veedel.offers.imports import common as c
from veedel.offers.imports.offers import OfferPlan, Place, _place_key
from veedel.offers.models import Language, Location, Offer, Phone, Schedule, ServiceAtLocation

BATCH = 500
RELATIONS = {"terms", "languages", "schedules", "phones", "place"}


def offers_import(*, check: c.Check, office, by) -> c.ImportResult:
    """Write the rows of a check without problems, all in one transaction."""
    from veedel.offers import search

    if not check.ok:
        raise ValueError("Only a check without problems can be imported.")
    if not by.has_perm("offers.import_offers") or not by.has_perm(
        "offers.change_offer", Offer(office=office)
    ):
        raise PermissionDenied
    result = c.ImportResult()
    plans: list[OfferPlan] = check.rows
    for plan in plans:
        if (
            plan.existing is not None
            and plan.changes
            and not by.has_perm("offers.change_offer", plan.existing)
        ):
            raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        places = _Places(plans)
        rows = _Rows()
        new_offers, changed_offers = [], []
        changed_fields: set[str] = set()
        for plan in plans:
            offer = plan.existing
            if offer is None:
                offer = Offer(id=plan.offer_id, office=office, organization=plan.organization)
                for name, value in plan.fields.items():
                    setattr(offer, name, value)
                new_offers.append(offer)
                rows.add(offer, plan, places, RELATIONS)
            elif plan.changes:
                fields = plan.changes - RELATIONS
                values = dict(plan.fields)
                if plan.organization is not None:
                    values["organization_id"] = plan.organization.pk
                for name in fields:
                    setattr(offer, name, values[name])
                changed_fields |= fields
                rows.replace(offer, plan, places)
                offer.modified = now
                changed_offers.append(offer)
            else:
                result.unchanged += 1
        places.save()
        Offer.objects.bulk_create(new_offers, batch_size=BATCH)
        if changed_offers:
            Offer.objects.bulk_update(
                changed_offers, sorted(changed_fields | {"modified"}), batch_size=BATCH
            )
        rows.save()
        search.offer_reindex(offers=new_offers + changed_offers)
    result.created, result.updated = len(new_offers), len(changed_offers)
    return result


class _Places:
    """Locations of the imported offers, found again by actor and address."""

    def __init__(self, plans: list[OfferPlan]):
        organization_ids = {
            (plan.organization or plan.existing.organization).pk
            for plan in plans
            if plan.place is not None
        }
        self.known: dict[tuple, Location] = {}
        for location in Location.objects.filter(organization_id__in=organization_ids):
            self.known.setdefault(_place_key(location), location)
        self.new: list[Location] = []
        self.new_spaces: list[tuple[uuid.UUID, object]] = []

    def location(self, organization: Actor, place: Place, barrier_free: bool) -> Location:
        key = place.key(organization.pk)
        if key not in self.known:
            location = Location(
                organization=organization,
                address_1=place.address_1,
                postal_code=place.postal_code,
                city=place.city,
                latitude=place.latitude,
                longitude=place.longitude,
                quarter=place.quarter,
                is_barrier_free=barrier_free,
            )
            self.known[key] = location
            self.new.append(location)
            self.new_spaces += [(location.pk, space) for space in place.social_spaces]
        return self.known[key]

    def save(self) -> None:
        Location.objects.bulk_create(self.new, batch_size=BATCH)
        through = Location.social_spaces.through
        through.objects.bulk_create(
            [through(location_id=pk, socialspace_id=space.pk) for pk, space in self.new_spaces],
            batch_size=BATCH,
        )


class _Rows:
    """Related rows to delete and to create, written in bulk at the end."""

    def __init__(self):
        self.through = Offer.taxonomy_terms.through
        self.create: dict[str, list] = {
            "terms": [],
            "languages": [],
            "links": [],
            "schedules": [],
            "phones": [],
        }
        self.delete: dict[str, set] = {name: set() for name in RELATIONS}

    def add(self, offer: Offer, plan: OfferPlan, places: _Places, relations: set[str]) -> None:
        create = self.create
        if "terms" in relations:
            create["terms"] += [
                self.through(offer_id=offer.pk, taxonomyterm_id=term.pk)
                for term in plan.terms or []
            ]
        if "languages" in relations:
            create["languages"] += [
                Language(offer=offer, code=code, name=name) for code, name in plan.languages or []
            ]
        if "schedules" in relations:
            create["schedules"] += [
                Schedule(offer=offer, byday=day, opens_at=opens, closes_at=closes)
                for day, opens, closes in plan.schedules or []
            ]
        if "phones" in relations:
            create["phones"] += [Phone(offer=offer, number=number) for number in plan.phones or []]
        if "place" in relations and plan.place is not None:
            organization = plan.organization or offer.organization
            barrier_free = bool(plan.fields.get("is_barrier_free", offer.is_barrier_free))
            location = places.location(organization, plan.place, barrier_free)
            create["links"].append(ServiceAtLocation(offer=offer, location=location))

    def replace(self, offer: Offer, plan: OfferPlan, places: _Places) -> None:
        relations = plan.changes & RELATIONS
        for name in relations:
            self.delete[name].add(offer.pk)
        self.add(offer, plan, places, relations)

    def save(self) -> None:
        delete = self.delete
        if delete["place"]:
            # Opening hours at a place that goes stay with the offer.
            Schedule.objects.filter(
                offer_id__in=delete["place"], service_at_location__isnull=False
            ).update(service_at_location=None)
            ServiceAtLocation.objects.filter(offer_id__in=delete["place"]).delete()
        if delete["terms"]:
            self.through.objects.filter(offer_id__in=delete["terms"]).delete()
        if delete["languages"]:
            Language.objects.filter(offer_id__in=delete["languages"]).delete()
        if delete["schedules"]:
            Schedule.objects.filter(offer_id__in=delete["schedules"]).delete()
        if delete["phones"]:
            Phone.objects.filter(offer_id__in=delete["phones"], location__isnull=True).delete()
        create = self.create
        self.through.objects.bulk_create(create["terms"], batch_size=BATCH)
        Language.objects.bulk_create(create["languages"], batch_size=BATCH)
        ServiceAtLocation.objects.bulk_create(create["links"], batch_size=BATCH)
        Schedule.objects.bulk_create(create["schedules"], batch_size=BATCH)
        Phone.objects.bulk_create(create["phones"], batch_size=BATCH)
