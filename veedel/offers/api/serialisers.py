"""HSDS 3.0 objects as plain dicts, built from Veedel's models.

Optional fields that are empty are left out. Objects HSDS needs but Veedel keeps as fields (an
actor's address, an offer's "free of charge", the link between an offer and a taxonomy term)
get ids derived from their owner's id (UUID version 5), so they stay the same from one request
to the next.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from veedel.network.models import Actor
from veedel.offers.models import (
    Location,
    Offer,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    default_state,
)

# Ids of objects derived from fields (addresses, cost options, attributes). Never change.
DERIVED_NAMESPACE = uuid.UUID("0d6c1f1e-43a5-4f0b-8f7e-9a3c2b5e7d41")
# Actors keep no state or country; their addresses take the defaults of offer locations
# (the state: the city's, from the settings; see ``default_state``).
DEFAULT_COUNTRY = Location._meta.get_field("country").default
# What the terms of a taxonomy describe (HSDS attribute.link_type), by taxonomy slug.
LINK_TYPES = {"zielgruppen": "audience", "themenfelder": "topic"}


def derived_id(kind: str, owner_id) -> str:
    return str(uuid.uuid5(DERIVED_NAMESPACE, f"{kind}:{owner_id}"))


# --- serialisers ----------------------------------------------------------------------------


def _clean(data: dict) -> dict:
    """Leave out optional fields that are empty (None, "" or [])."""
    return {k: v for k, v in data.items() if v is not None and v != "" and v != []}


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _datetime(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    value = value.astimezone(datetime.UTC)
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _time(value: datetime.time) -> str:
    return value.strftime("%H:%M")


def taxonomy_dict(taxonomy: Taxonomy) -> dict:
    return _clean(
        {
            "id": str(taxonomy.pk),
            "name": taxonomy.name,
            "description": taxonomy.description or taxonomy.name,
            "uri": taxonomy.uri,
            "version": taxonomy.version,
        }
    )


def taxonomy_term_dict(term: TaxonomyTerm) -> dict:
    """A term; ``term.taxonomy`` should be selected with it."""
    return _clean(
        {
            "id": str(term.pk),
            "code": term.code,
            "name": term.name,
            "description": term.description or term.name,
            "parent_id": str(term.parent_id) if term.parent_id else None,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy_id),
            "taxonomy_detail": taxonomy_dict(term.taxonomy),
        }
    )


def organization_dict(actor: Actor, *, services: Iterable[Offer] | None = None) -> dict:
    """An actor as HSDS organization; with ``services`` the full object of /organizations/{id}.

    HSDS requires a description: an actor without one is described by its kind."""
    actor_id = str(actor.pk)
    phones = []
    if actor.phone:
        phones.append(
            {
                "id": derived_id("organization-phone", actor.pk),
                "organization_id": actor_id,
                "number": actor.phone,
            }
        )
    data = {
        "id": actor_id,
        "name": actor.name,
        "description": actor.description or actor.get_kind_display(),
        "email": actor.email,
        "website": actor.website,
        "phones": phones,
    }
    if services is not None:
        data["locations"] = [_actor_location(actor)] if actor.street else []
        data["services"] = [service_dict(offer, organization=False) for offer in services]
    return _clean(data)


def _actor_location(actor: Actor) -> dict:
    """The actor's own address as an HSDS location."""
    location_id = derived_id("organization-location", actor.pk)
    addresses = []
    if actor.street and actor.city and actor.postal_code:
        addresses.append(
            {
                "id": derived_id("organization-address", actor.pk),
                "location_id": location_id,
                "address_1": actor.street,
                "city": actor.city,
                "state_province": default_state(),
                "postal_code": actor.postal_code,
                "country": DEFAULT_COUNTRY,
                "address_type": "physical",
            }
        )
    return _clean(
        {
            "id": location_id,
            "location_type": "physical",
            "organization_id": str(actor.pk),
            "name": actor.name,
            "latitude": actor.latitude,
            "longitude": actor.longitude,
            "addresses": addresses,
        }
    )


def service_dict(offer: Offer, *, organization: bool = True) -> dict:
    """The one-to-one fields of a service (list entries), with its organization."""
    data = {
        "id": str(offer.pk),
        "organization_id": str(offer.organization_id),
        "name": offer.name,
        "alternate_name": offer.alternate_name,
        "description": offer.description,
        "url": offer.url,
        "email": offer.email,
        "status": offer.status,
        "application_process": offer.application_process,
        "fees_description": offer.fees_description,
        "eligibility_description": offer.eligibility_description,
        "minimum_age": offer.minimum_age,
        "maximum_age": offer.maximum_age,
        "assured_date": _date(offer.assured_date),
        "assurer_email": offer.assurer_email,
        "last_modified": _datetime(offer.modified),
    }
    if organization:
        data["organization"] = organization_dict(offer.organization)
    return _clean(data)


def _schedule_dict(schedule) -> dict:
    return _clean(
        {
            "id": str(schedule.pk),
            "service_id": str(schedule.offer_id),
            "service_at_location_id": str(schedule.service_at_location_id)
            if schedule.service_at_location_id
            else None,
            "freq": schedule.freq,
            "byday": schedule.byday,
            "opens_at": _time(schedule.opens_at),
            "closes_at": _time(schedule.closes_at),
            "valid_from": _date(schedule.valid_from),
            "valid_to": _date(schedule.valid_to),
            "description": schedule.description,
        }
    )


def _phone_dict(phone, **links) -> dict:
    return _clean(
        {"id": str(phone.pk), **links, "number": phone.number, "description": phone.description}
    )


def _location_dict(location, offer: Offer) -> dict:
    location_id = str(location.pk)
    addresses = []
    if location.location_type != "virtual" and (
        location.address_1 and location.city and location.postal_code
    ):
        addresses.append(
            {
                "id": derived_id("address", location.pk),
                "location_id": location_id,
                "address_1": location.address_1,
                "city": location.city,
                "state_province": location.state_province or default_state(),
                "postal_code": location.postal_code,
                "country": location.country or DEFAULT_COUNTRY,
                "address_type": location.location_type,
            }
        )
    accessibility = []
    if location.is_barrier_free or offer.is_barrier_free:
        accessibility.append(
            _clean(
                {
                    "id": derived_id(f"accessibility:{offer.pk}", location.pk),
                    "location_id": location_id,
                    "description": _("Barrier-free access"),
                    "details": offer.accessibility_description,
                }
            )
        )
    return _clean(
        {
            "id": location_id,
            "location_type": location.location_type,
            "name": location.name,
            "description": location.description,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "addresses": addresses,
            "accessibility": accessibility,
            "phones": [_phone_dict(p, location_id=location_id) for p in location.phones.all()],
        }
    )


def _service_at_location_dict(sal: ServiceAtLocation, offer: Offer) -> dict:
    return _clean(
        {
            "id": str(sal.pk),
            "service_id": str(sal.offer_id),
            "location_id": str(sal.location_id),
            "description": sal.description,
            "schedules": [_schedule_dict(s) for s in sal.schedules.all()],
            "location": _location_dict(sal.location, offer),
        }
    )


def _attribute_dict(offer: Offer, term: TaxonomyTerm) -> dict:
    return {
        "id": derived_id(f"attribute:{offer.pk}", term.pk),
        "link_id": str(offer.pk),
        "link_type": LINK_TYPES.get(term.taxonomy.slug, "taxonomy"),
        "link_entity": "service",
        "taxonomy_term_id": str(term.pk),
        "taxonomy_term": taxonomy_term_dict(term),
    }


def _cost_options(offer: Offer) -> list[dict]:
    if not offer.is_free:
        return []
    return [
        {
            "id": derived_id("cost-option-free", offer.pk),
            "service_id": str(offer.pk),
            "option": _("Free of charge"),
            "currency": "EUR",
            "amount": 0,
        }
    ]


def service_full_dict(offer: Offer) -> dict:
    """A fully nested service (/services/{id}); related rows prefetched with ``full_prefetch``."""
    service_id = str(offer.pk)
    schedules = [s for s in offer.schedules.all() if s.service_at_location_id is None]
    data = service_dict(offer)
    data.update(
        {
            "phones": [_phone_dict(p, service_id=service_id) for p in offer.phones.all()],
            "schedules": [_schedule_dict(s) for s in schedules],
            "service_at_locations": [
                _service_at_location_dict(sal, offer) for sal in offer.at_locations.all()
            ],
            "languages": [
                _clean(
                    {
                        "id": str(lang.pk),
                        "service_id": service_id,
                        "name": lang.name,
                        "code": lang.code,
                    }
                )
                for lang in offer.languages.all()
            ],
            "attributes": [_attribute_dict(offer, t) for t in offer.taxonomy_terms.all()],
            "cost_options": _cost_options(offer),
        }
    )
    return _clean(data)


def service_at_location_list_dict(sal: ServiceAtLocation) -> dict:
    """An entry of /service_at_locations: the link, its location and its service."""
    return _clean(
        {
            "id": str(sal.pk),
            "service_id": str(sal.offer_id),
            "location_id": str(sal.location_id),
            "description": sal.description,
            "location": _location_dict(sal.location, sal.offer),
            "service": service_dict(sal.offer),
        }
    )


def full_prefetch(queryset: QuerySet) -> QuerySet:
    """What ``service_full_dict`` reads, in a fixed number of queries."""
    return queryset.select_related("organization").prefetch_related(
        "phones",
        "languages",
        "schedules",
        Prefetch(
            "taxonomy_terms",
            queryset=TaxonomyTerm.objects.select_related("taxonomy").order_by(
                "taxonomy__name", "order", "name"
            ),
        ),
        Prefetch(
            "at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").order_by(
                "location__name", "location__address_1", "id"
            ),
        ),
        "at_locations__schedules",
        "at_locations__location__phones",
    )
