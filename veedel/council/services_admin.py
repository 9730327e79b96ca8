"""Writes on what the programme office keeps in the admin: bodies, legislative terms, places,
organisations (with the topics they are responsible for), persons, sessions and their agenda
items. The admin calls these and nothing else, so its changes reach OParl clients like every
other: ``changes.changed`` moves the ``modified`` of what embeds the changed object, and
papers whose document shows a changed name or date get their document made again.

Deleting is soft: the object stays as a tombstone for OParl clients (``deleted: true``); a
session's agenda items go with it. A session that holds a consultation and an agenda item of a
consultation belong to a Beratungsfolge and are not deleted here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veedel.council.changes import changed, document_refresh
from veedel.council.models import AgendaItem, Body, Meeting, Organization, Paper

#: Fields whose change alters the documents of papers (the names and dates they print).
DOCUMENT_FIELDS: dict[type[models.Model], tuple[set[str], str]] = {
    Body: ({"name"}, "body"),
    Organization: ({"name"}, "consultations__organization"),
    Meeting: ({"start"}, "consultations__meeting"),
}


def _require(user, action: str, obj) -> None:
    perm = f"council.{action}_{obj._meta.model_name}"
    if user is None or not user.has_perm(perm, obj if obj.pk else None):
        raise PermissionDenied(perm)


@transaction.atomic
def council_object_save(*, obj: models.Model, by, changed_fields: Iterable[str] = ()) -> None:
    """Save a new or changed object of the admin (a body, place, organisation, session, …)."""
    _require(by, "change" if obj.pk else "add", obj)
    is_new = obj.pk is None
    obj.full_clean()
    obj.save()
    changed(obj)
    fields, lookup = DOCUMENT_FIELDS.get(type(obj), (set(), ""))
    if not is_new and fields & set(changed_fields):
        document_refresh(Paper.objects.filter(**{lookup: obj}).distinct())


@transaction.atomic
def council_objects_delete(*, queryset: models.QuerySet, by) -> int:
    """Delete softly; a session's agenda items go with it. Returns how many were deleted."""
    objects = list(queryset.filter(deleted=None))
    for obj in objects:
        _require(by, "delete", obj)
    if queryset.model is Meeting:
        held = [m for m in objects if m.consultations.exists()]
        if held:
            raise ValidationError(
                _("%(session)s holds a step of a sequence of consultation and is not deleted.")
                % {"session": held[0]}
            )
    now = timezone.now()
    pks = [obj.pk for obj in objects]
    items = AgendaItem.objects.none()
    if queryset.model is Meeting:
        items = AgendaItem.objects.filter(meeting_id__in=pks, deleted=None)
        item_pks = list(items.values_list("pk", flat=True))
        items.update(deleted=now)
        items = AgendaItem.objects.filter(pk__in=item_pks)
    queryset.model.objects.filter(pk__in=pks).update(deleted=now)
    changed(queryset.model.objects.filter(pk__in=pks), items, now=now)
    return len(pks)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by, cancelled: bool = True) -> Meeting:
    """Cancel a session (or take the cancellation back); it stays in every list, marked."""
    meeting.cancelled = cancelled
    council_object_save(obj=meeting, by=by, changed_fields=["cancelled"])
    return meeting


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, by) -> AgendaItem:
    """Add or change an agenda item of a session (its order, number, title, public, result)."""
    council_object_save(obj=item, by=by)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by) -> None:
    """Remove an agenda item (softly). One of a Beratungsfolge belongs to its consultation."""
    if belongs_to_sequence(item):
        raise ValidationError(
            _("“%(item)s” belongs to a sequence of consultation and is not removed.")
            % {"item": item}
        )
    council_objects_delete(queryset=AgendaItem.objects.filter(pk=item.pk), by=by)


def belongs_to_sequence(item: AgendaItem) -> bool:
    """Whether the agenda item is that of a consultation (a step of a Beratungsfolge)."""
    return (
        item.pk is not None
        and AgendaItem.objects.filter(pk=item.pk, consultation__isnull=False).exists()
    )
