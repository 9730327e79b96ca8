"""The kinds of OParl objects: what of a body OParl names at all (``servable``: public now or
public once; the rest of it is answered as deleted), how a page of them is loaded, how one is
written, and which properties a deleted one keeps (those the schema requires).

What is public is the models' own definition (``public()`` and ``publicly_visible``, see
models.py): released public papers, their consultations and public files, public agenda items
(not those of non-public papers or drafts), sessions, bodies, locations and legislative terms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import CharField, F, Func, Prefetch, Q, QuerySet

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
    Person,
    agenda_item_public_q,
)
from veedel.council.oparl import serialisers as s

# --- the kinds of objects ---------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    path: str
    type_name: str
    # Everything of a body that OParl names (public now, or answered as deleted).
    servable: Callable[[Body | None], QuerySet]
    prefetch: Callable[[QuerySet], QuerySet]
    serialise: Callable
    # What a deleted object keeps besides id, type, created, modified: the schema's
    # required properties.
    kept: Callable = lambda urls, obj: {}
    # Loads what the page's objects embed, after the page is cut (papers: files,
    # consultations and topics as plain rows, no model instances).
    attach: Callable[[list], None] | None = None

    def render(self, urls, obj) -> dict:
        if obj.publicly_visible:
            return self.serialise(urls, obj)
        return {**s.tombstone(urls, self.path, self.type_name, obj), **self.kept(urls, obj)}


def _by_body(qs: QuerySet, body: Body | None, field: str) -> QuerySet:
    return qs.servable() if body is None else qs.servable().filter(**{field: body})


PAPER_FIELDS = (
    "id",
    "body_id",
    "reference",
    "paper_type",
    "title",
    "date",
    "state",
    "is_public",
    "created",
    "modified",
    "deleted",
)


def _paper_prefetch(qs):
    # The texts (public and non-public) are never read here.
    return qs.only(*PAPER_FIELDS)


# PostgreSQL writes the date-times of the embedded rows as OParl text itself: parsing
# thousands of timestamps into Python and formatting them again costs more than the rest of a
# page. Elsewhere (SQLite) the value comes as a datetime and is formatted in Python.
BERLIN_TEXT = (
    "to_char(%(expressions)s AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD\"T\"HH24:MI:SS') || '+' || "
    "to_char((%(expressions)s AT TIME ZONE 'Europe/Berlin') - (%(expressions)s AT TIME ZONE 'UTC'),"
    " 'HH24:MI')"
)


def _stamps(queryset: QuerySet) -> QuerySet:
    """``created_text``/``modified_text``: OParl text on PostgreSQL, datetimes elsewhere."""
    if connections[queryset.db].vendor == "postgresql":
        return queryset.annotate(
            **{
                f"{name}_text": Func(F(name), template=BERLIN_TEXT, output_field=CharField())
                for name in ("created", "modified")
            }
        )
    return queryset.annotate(created_text=F("created"), modified_text=F("modified"))


def _row_fields(fields: tuple[str, ...]) -> list[str]:
    return [f"{name}_text" if name in ("created", "modified") else name for name in fields]


def _paper_attach(papers: list[Paper]) -> None:
    pks = [p.pk for p in papers if p.publicly_visible]
    files, steps, topics = defaultdict(list), defaultdict(list), defaultdict(list)
    if pks:
        files_qs = File.objects.public().filter(paper_id__in=pks)
        for row in _stamps(files_qs).order_by("pk").values_list(*_row_fields(s.FileRow._fields)):
            files[row[1]].append(s.FileRow(*row))
        steps_qs = (
            Consultation.objects.public()
            .filter(paper_id__in=pks)
            .annotate(
                item_public=Q(agenda_item__isnull=False) & agenda_item_public_q("agenda_item__")
            )
        )
        for row in (
            _stamps(steps_qs)
            .order_by("order", "pk")
            .values_list(*_row_fields(s.ConsultationRow._fields))
        ):
            steps[row[1]].append(s.ConsultationRow(*row))
        for paper_id, name in (
            Paper.topics.through.objects.filter(paper_id__in=pks)
            .order_by("topic__order", "topic__name")
            .values_list("paper_id", "topic__name")
        ):
            topics[paper_id].append(name)
    for paper in papers:
        paper.public_files = files[paper.pk]
        paper.alive_consultations = steps[paper.pk]
        paper.topic_names = topics[paper.pk]


def _meeting_prefetch(qs):
    items = (
        AgendaItem.objects.public()
        .annotate(consultation_pk=F("consultation__id"))
        .order_by("order", "pk")
    )
    return qs.select_related("organization", "location").prefetch_related(
        Prefetch("agenda_items", queryset=items, to_attr="public_items")
    )


def _item_of_consultation(consultation: Consultation) -> bool:
    """Whether a consultation may name its agenda item (a public one)."""
    item = consultation.agenda_item
    return item is not None and item.publicly_visible


KINDS = {
    "organizations": Kind(
        "organizations",
        "Organization",
        lambda body: _by_body(Organization.objects.all(), body, "body"),
        lambda qs: qs.select_related("location").prefetch_related("topics"),
        lambda urls, o: s.organization_dict(urls, o),
    ),
    "persons": Kind(
        "persons",
        "Person",
        lambda body: _by_body(Person.objects.all(), body, "body"),
        lambda qs: qs,
        lambda urls, o: s.person_dict(urls, o),
    ),
    "meetings": Kind(
        "meetings",
        "Meeting",
        lambda body: _by_body(Meeting.objects.all(), body, "organization__body"),
        _meeting_prefetch,
        lambda urls, m: s.meeting_dict(urls, m, [(i, i.consultation_pk) for i in m.public_items]),
    ),
    "papers": Kind(
        "papers",
        "Paper",
        lambda body: _by_body(Paper.objects.all(), body, "body"),
        _paper_prefetch,
        lambda urls, p: s.paper_dict(urls, p),
        attach=_paper_attach,
    ),
    "agenda-items": Kind(
        "agenda-items",
        "AgendaItem",
        lambda body: _by_body(AgendaItem.objects.all(), body, "meeting__organization__body"),
        lambda qs: qs.select_related("meeting", "consultation__paper"),
        lambda urls, i: s.agenda_item_dict(
            urls, i, i.consultation_or_none.pk if i.consultation_or_none else None
        ),
        kept=lambda urls, i: {"order": i.order},
    ),
    "consultations": Kind(
        "consultations",
        "Consultation",
        lambda body: _by_body(Consultation.objects.all(), body, "paper__body"),
        lambda qs: qs.select_related("paper", "agenda_item__meeting"),
        lambda urls, c: s.consultation_dict(urls, c, item_public=_item_of_consultation(c)),
    ),
    "files": Kind(
        "files",
        "File",
        lambda body: _by_body(File.objects.all(), body, "paper__body"),
        lambda qs: qs.select_related("paper"),
        lambda urls, f: s.file_dict(urls, f),
        kept=lambda urls, f: {"accessUrl": s.file_access_url(urls, f)},
    ),
    "locations": Kind(
        "locations",
        "Location",
        lambda body: Location.objects.servable(),
        lambda qs: qs,
        lambda urls, o: s.location_dict(urls, o),
    ),
    "legislative-terms": Kind(
        "legislative-terms",
        "LegislativeTerm",
        lambda body: _by_body(LegislativeTerm.objects.all(), body, "body"),
        lambda qs: qs,
        lambda urls, o: s.legislative_term_dict(urls, o),
    ),
}
