"""Writes on actors and contacts.

An actor's quarter, neighbourhood and social spaces are derived from its point by
point-in-polygon (``veedel.areas.geo.locate``); a point outside the city's quarters is refused.
Contacts are personal data: they can be exported as a whole and erased without a trace (the
row is deleted, with any admin log entries about it; contacts are in no search document).

Higher apps follow the actors (the offers' search documents name the organisation): every
write here that creates an actor, renames it, moves its point or makes it internal or public
sends ``actors_changed``, and ``actor_delete`` sends ``actors_deleting`` first, inside the
transaction (``veedel.network.hooks``). The admin saves and deletes actors through the same
functions, so no caller has to remember it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veedel.accounts.models import User
from veedel.areas.geo import Location, locate
from veedel.network.hooks import actors_changed, actors_deleting
from veedel.network.models import Actor, Contact
from veedel.programme.models import CoordinationOffice

# What a form (or an import) may set on an actor; everything else is derived or fixed.
ACTOR_FIELDS = (
    "name",
    "kind",
    "description",
    "street",
    "postal_code",
    "city",
    "latitude",
    "longitude",
    "website",
    "email",
    "phone",
    "is_public",
)
ACTOR_RELATIONS = ("topics", "areas_served")
# What higher apps follow (``actors_changed``): the name, the point, internal or public.
ANNOUNCED_FIELDS = ("name", "latitude", "longitude", "is_public")
CONTACT_FIELDS = ("name", "function", "email", "phone", "purpose", "legal_basis")


def point_location(latitude: float | None, longitude: float | None) -> Location | None:
    """The areas containing the point; None without a point.

    Raises ValidationError (on the latitude field) for a point outside the city's quarters.
    """
    if latitude is None and longitude is None:
        return None
    if latitude is None or longitude is None:
        raise ValidationError(
            {"longitude" if longitude is None else "latitude": _("Enter both coordinates.")}
        )
    location = locate(latitude, longitude)
    if location.quarter is None:
        raise ValidationError(
            {
                "latitude": _(
                    "The point %(latitude)s, %(longitude)s lies outside %(city)s. "
                    "Check latitude and longitude, or leave both empty."
                )
                % {"latitude": latitude, "longitude": longitude, "city": settings.VEEDEL_CITY_NAME}
            }
        )
    return location


def _set_location(actor: Actor, location: Location | None) -> None:
    actor.quarter = location.quarter if location else None
    actor.neighbourhood = location.neighbourhood if location else None


def actor_locate(*, actor: Actor) -> None:
    """Derive quarter, neighbourhood and social spaces of a saved actor from its point."""
    location = point_location(actor.latitude, actor.longitude)
    _set_location(actor, location)
    with transaction.atomic():
        actor.save(update_fields=["quarter", "neighbourhood"])
        actor.social_spaces.set(location.social_spaces if location else [])


def _set_fields(actor: Actor, data: dict[str, Any]) -> dict[str, Iterable]:
    unknown = set(data) - set(ACTOR_FIELDS) - set(ACTOR_RELATIONS) - {"office"}
    if unknown:
        raise ValueError(f"Unknown actor fields: {', '.join(sorted(unknown))}")
    for name in ACTOR_FIELDS:
        if name in data:
            setattr(actor, name, data[name])
    return {name: data[name] for name in ACTOR_RELATIONS if name in data}


def actor_save(*, actor: Actor, relations: dict[str, Iterable] | None = None) -> Actor:
    """Write an actor whose fields the caller has set and checked the permission for
    (``actor_create``, ``actor_update``, the admin): derive its areas from its point, save it
    with ``relations`` (``{"topics": […]}``), and send ``actors_changed`` when it is new or its
    name, point or visibility changed, all in one transaction."""
    location = point_location(actor.latitude, actor.longitude)  # refuses before any write
    _set_location(actor, location)
    actor.full_clean()
    with transaction.atomic():
        before = (
            None
            if actor._state.adding
            else Actor.objects.filter(pk=actor.pk).values_list(*ANNOUNCED_FIELDS).first()
        )
        actor.save()
        for name, values in (relations or {}).items():
            getattr(actor, name).set(values)
        actor.social_spaces.set(location.social_spaces if location else [])
        if before != tuple(getattr(actor, name) for name in ANNOUNCED_FIELDS):
            actors_changed.send(actor_ids=[actor.pk])
    return actor


def actor_delete(*, actor: Actor, by: User) -> None:
    """Delete an actor (refused by the database while offers of it exist). Sends
    ``actors_deleting`` before and ``actors_changed`` after, in the same transaction."""
    if not by.has_perm("network.delete_actor", actor):
        raise PermissionDenied
    pk = actor.pk
    with transaction.atomic():
        actors_deleting.send(actor_ids=[pk])
        actor.delete()
        actors_changed.send(actor_ids=[pk])


def actor_create(*, office: CoordinationOffice | None, data: dict[str, Any], by: User) -> Actor:
    """Create an actor kept by ``office`` (None: kept by the programme office)."""
    if not by.has_perm("network.add_actor"):
        raise PermissionDenied
    actor = Actor(office=office)
    if not by.has_perm("network.change_actor", actor):
        raise PermissionDenied  # a coordinator may keep actors for their own offices only
    relations = _set_fields(actor, {k: v for k, v in data.items() if k != "office"})
    return actor_save(actor=actor, relations=relations)


def actor_update(*, actor: Actor, data: dict[str, Any], by: User) -> Actor:
    """Change an actor; ``data`` may also move it to another ``office``."""
    if not by.has_perm("network.change_actor", actor):
        raise PermissionDenied
    relations = _set_fields(actor, data)
    if "office" in data:
        actor.office = data["office"]
        if not by.has_perm("network.change_actor", actor):
            raise PermissionDenied  # may not hand the actor to an office one does not work in
    return actor_save(actor=actor, relations=relations)


# --- contacts -----------------------------------------------------------------------------


def _contact_fields(contact: Contact, data: dict[str, Any]) -> None:
    unknown = set(data) - set(CONTACT_FIELDS) - {"office"}
    if unknown:
        raise ValueError(f"Unknown contact fields: {', '.join(sorted(unknown))}")
    for name in CONTACT_FIELDS:
        if name in data:
            setattr(contact, name, data[name])


def contact_create(
    *, actor: Actor, office: CoordinationOffice, data: dict[str, Any], by: User
) -> Contact:
    """Record a person at ``actor``, kept by ``office`` for the purpose and legal basis given."""
    contact = Contact(actor=actor, office=office)
    if not (by.has_perm("network.add_contact") and by.has_perm("network.change_contact", contact)):
        raise PermissionDenied
    _contact_fields(contact, {k: v for k, v in data.items() if k != "office"})
    contact.full_clean()
    contact.save()
    return contact


def contact_update(*, contact: Contact, data: dict[str, Any], by: User) -> Contact:
    if not by.has_perm("network.change_contact", contact):
        raise PermissionDenied
    _contact_fields(contact, data)
    if "office" in data:
        contact.office = data["office"]
        if not by.has_perm("network.change_contact", contact):
            raise PermissionDenied
    contact.full_clean()
    contact.save()
    return contact


def contact_export(*, contact: Contact) -> dict[str, Any]:
    """Everything Veedel stores about the person (GDPR Art. 15 and 20), as JSON-ready data."""
    actor = contact.actor
    office = contact.office
    return {
        "type": "veedel.contact",
        "exported": timezone.now().isoformat(),
        "id": contact.pk,
        "name": contact.name,
        "function": contact.function,
        "email": contact.email,
        "phone": contact.phone,
        "actor": {"id": str(actor.pk), "name": actor.name},
        "kept_by_office": {"slug": office.slug, "name": office.name},
        "purpose": contact.purpose,
        "legal_basis": {"code": contact.legal_basis, "label": contact.get_legal_basis_display()},
        "created": contact.created.isoformat(),
        "modified": contact.modified.isoformat(),
    }


def contact_erase(*, contact: Contact, by: User) -> None:
    """Delete the person's data for good: the row and any admin log entries naming it.

    Returns nothing, so that nothing personal travels further (messages, logs).
    """
    if not by.has_perm("network.erase_contact", contact):
        raise PermissionDenied
    with transaction.atomic():
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Contact),
            object_id=str(contact.pk),
        ).delete()
        contact.delete()
