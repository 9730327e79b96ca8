"""What embeds what in OParl, and moving ``modified`` along it: the one place every write of the
council app (services.py, services_admin.py, and through them the admin) reports its change to.

An OParl client that polls the paper, meeting and organization lists with ``modified_since``
sees a change only when an object of those lists moves its ``modified``. So a change moves
the ``modified`` of the changed objects *and* of every object that embeds them or shows
something of them, in the same transaction:

- an agenda item: its session (embeds it) and its consultation (names it while it is public);
- a consultation: its paper (embeds it) and its agenda item (names it);
- a file: its paper;
- a location: the sessions and organisations that embed it;
- an organisation: the sessions that carry its name (those without a name of their own);
- a legislative term: its body.

A paper's visibility (released, withdrawn, made public) decides whether its consultations,
files and agenda items are public; ``changed(paper, visibility=True)`` moves those too, so
that the sessions whose agenda they leave or join move as well. ``paper_changed`` also makes
the paper's document again (documents.py) when what it shows has changed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import models
from django.utils import timezone

from veedel.council.documents import document_store
from veedel.council.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Organization,
    Paper,
)

Ids = set[int]


def _ids(queryset, field: str = "pk") -> Ids:
    return {pk for pk in queryset.values_list(field, flat=True) if pk is not None}


#: For each model: the objects that embed or name it, as (model, their ids from our ids).
PARENTS: dict[type[models.Model], list[tuple[type[models.Model], Callable[[Ids], Ids]]]] = {
    AgendaItem: [
        (Meeting, lambda ids: _ids(AgendaItem.objects.filter(pk__in=ids), "meeting_id")),
        (Consultation, lambda ids: _ids(Consultation.objects.filter(agenda_item_id__in=ids))),
    ],
    Consultation: [
        (Paper, lambda ids: _ids(Consultation.objects.filter(pk__in=ids), "paper_id")),
        (AgendaItem, lambda ids: _ids(Consultation.objects.filter(pk__in=ids), "agenda_item_id")),
    ],
    File: [(Paper, lambda ids: _ids(File.objects.filter(pk__in=ids), "paper_id"))],
    Location: [
        (Meeting, lambda ids: _ids(Meeting.objects.filter(location_id__in=ids))),
        (Organization, lambda ids: _ids(Organization.objects.filter(location_id__in=ids))),
    ],
    Organization: [
        (Meeting, lambda ids: _ids(Meeting.objects.filter(organization_id__in=ids, name=""))),
    ],
    LegislativeTerm: [
        (Body, lambda ids: _ids(LegislativeTerm.objects.filter(pk__in=ids), "body_id")),
    ],
}

#: What a paper's visibility decides about (made public, released, withdrawn).
DEPENDENTS: dict[type[models.Model], list[tuple[type[models.Model], Callable[[Ids], Ids]]]] = {
    Paper: [
        (Consultation, lambda ids: _ids(Consultation.objects.filter(paper_id__in=ids))),
        (File, lambda ids: _ids(File.objects.filter(paper_id__in=ids))),
        (
            AgendaItem,
            lambda ids: _ids(Consultation.objects.filter(paper_id__in=ids), "agenda_item_id"),
        ),
    ],
}


def _collect(targets: Iterable) -> dict[type[models.Model], Ids]:
    found: dict[type[models.Model], Ids] = defaultdict(set)
    for target in targets:
        if target is None:
            continue
        if isinstance(target, models.QuerySet):
            found[target.model] |= _ids(target)
        elif isinstance(target, models.Model):
            found[type(target)].add(target.pk)
        else:
            raise TypeError(f"changed() takes model instances and querysets, not {target!r}")
    return found


def changed(*targets, visibility: bool = False, now: datetime.datetime | None = None):
    """Move ``modified`` of ``targets`` (instances or querysets) and of everything that embeds
    or names them, transitively; with ``visibility`` also of what the visibility of a target
    paper decides about. Returns the time written."""
    now = now or timezone.now()
    pending = _collect(targets)
    if visibility:
        for model, ids in list(pending.items()):
            for dependent, find in DEPENDENTS.get(model, []):
                pending[dependent] |= find(ids)
    done: dict[type[models.Model], Ids] = defaultdict(set)
    while pending:
        model, ids = pending.popitem()
        ids -= done[model]
        if not ids:
            continue
        done[model] |= ids
        for parent, find in PARENTS.get(model, []):
            found = find(ids) - done[parent]
            if found:
                pending.setdefault(parent, set()).update(found)
    for model, ids in done.items():
        model.objects.filter(pk__in=ids).update(modified=now)
    for instance in targets:
        if isinstance(instance, models.Model) and instance.pk in done.get(type(instance), ()):
            instance.modified = now
    return now


def paper_changed(paper: Paper, *, visibility: bool = False, document: bool = True) -> None:
    """After a write on ``paper`` (its fields, its Beratungsfolge, its files): move the
    ``modified`` of the paper and what depends on it, and make its document again if what the
    document shows has changed. A withdrawn paper keeps its last document."""
    now = changed(paper, visibility=visibility)
    if document and paper.deleted is None:
        document_refresh(Paper.objects.filter(pk=paper.pk), now=now)


def document_refresh(papers, *, now: datetime.datetime | None = None) -> int:
    """Make the documents of ``papers`` (a queryset; withdrawn ones are left as they are)
    again where what they show has changed; returns how many were written."""
    written = 0
    for paper in papers.filter(deleted=None).select_related("body"):
        stored = document_store(paper, file_model=File, now=now)
        if stored is not None:
            changed(stored, now=now)
            written += 1
    return written
