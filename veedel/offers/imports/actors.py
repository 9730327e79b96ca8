"""Import and export of actors (Akteure) as tables.

Same rules as for offers: every row is checked first; then all are written in one transaction,
or none. A row with an ``id`` changes that actor (the user must be allowed to); without one it
adds an actor kept by the chosen office. Quarter, neighbourhood and social spaces follow from
the point by point-in-polygon; a point outside the city is refused. Actors that are new,
renamed, moved or made internal or public are announced (``actors_changed``) in the same
transaction, as the actor services do. Contacts (personal data) are neither imported nor
exported here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veedel.areas.geo import locate
from veedel.core.predicates import (
    is_coordinator,
    is_provider_lead,
    manages_programme,
    office_ids_of,
)
from veedel.network.hooks import actors_changed
from veedel.network.models import Actor, ActorKind
from veedel.network.services import ANNOUNCED_FIELDS
from veedel.offers.imports import common as c
from veedel.offers.imports.tables import Table
from veedel.programme.models import Topic

BATCH = 500

ACTOR_COLUMNS = [
    c.Column(
        "id",
        gettext_lazy(
            "Veedel's id of the actor, as in an export. With an id the row changes that actor; "
            "without one it adds a new actor."
        ),
        c.id_or_empty,
    ),
    c.Column("name", gettext_lazy("Name of the actor."), c.text(250), required=True),
    c.Column(
        "art",
        gettext_lazy("Kind of actor: a code (or its name) from the list below."),
        c.text(100),
        required=True,
    ),
    c.Column("beschreibung", gettext_lazy("Description."), c.text(5000)),
    c.Column("strasse", gettext_lazy("Street and number."), c.text(200)),
    c.Column("plz", gettext_lazy("Postal code."), c.postal_code),
    c.Column("ort", gettext_lazy("City."), c.text(100)),
    c.Column("breite", gettext_lazy("Latitude (WGS84), e.g. 50.9375."), c.decimal(-90, 90)),
    c.Column("laenge", gettext_lazy("Longitude (WGS84), e.g. 6.9603."), c.decimal(-180, 180)),
    c.Column("telefon", gettext_lazy("Phone number of the organisation."), c.phone),
    c.Column("email", gettext_lazy("E-mail address of the organisation."), c.email),
    c.Column("website", gettext_lazy("Web address."), c.website),
    c.Column(
        "oeffentlich",
        gettext_lazy("'nein' for an internal actor only your office sees; 'ja' or empty: public."),
        c.yes_no(True),
    ),
    c.Column(
        "themen",
        gettext_lazy("Topic fields: codes (or names) separated by ';', see the list below."),
        c.codes,
    ),
]
FIELDS = {
    "name": "name",
    "beschreibung": "description",
    "strasse": "street",
    "plz": "postal_code",
    "ort": "city",
    "breite": "latitude",
    "laenge": "longitude",
    "telefon": "phone",
    "email": "email",
    "website": "website",
    "oeffentlich": "is_public",
}
ACTOR_HEADERS = [col.name for col in ACTOR_COLUMNS]


def actors_visible_to(user) -> QuerySet:
    """The actors ``user`` may see (rule network.view_actor): public ones; those kept by the
    user's offices (coordinators) or by offices of the user's provider (provider leads); the
    programme office all."""
    if manages_programme(user):
        return Actor.objects.all()
    condition = Q(is_public=True)
    if is_coordinator(user) and office_ids_of(user):
        condition |= Q(office_id__in=office_ids_of(user))
    if is_provider_lead(user) and user.provider_id:
        condition |= Q(office__provider_id=user.provider_id)
    return Actor.objects.filter(condition)


def place_problem(latitude, longitude):
    """(message, location): a message when the point is incomplete or outside the city."""
    if latitude is None and longitude is None:
        return None, None
    if latitude is None or longitude is None:
        return _("give both latitude and longitude (breite, laenge), or neither."), None
    found = locate(latitude, longitude)
    if found.quarter is not None:
        return None, found
    hint = ""
    if locate(longitude, latitude).quarter is not None:
        hint = " " + _("Latitude and longitude seem to be swapped.")
    return (
        _("the point %(latitude)s, %(longitude)s lies outside %(city)s.")
        % {"latitude": latitude, "longitude": longitude, "city": settings.VEEDEL_CITY_NAME}
        + hint,
        None,
    )


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.value, str(kind.label)) for kind in ActorKind]


def _kinds() -> dict[str, str]:
    """Codes and names (German and English) of the kinds of actor → code."""
    found: dict[str, str] = {}
    for language in ("en", "de"):
        with translation.override(language):
            for kind in ActorKind:
                found[kind.value.casefold()] = kind.value
                label = str(kind.label).casefold()
                found.setdefault(label, kind.value)
                found.setdefault(label.split(" (")[0], kind.value)
    return found


def _topics() -> dict[str, list[Topic]]:
    found: dict[str, list[Topic]] = {}
    for topic in Topic.objects.all():
        for key in {topic.slug.casefold(), topic.name.casefold()}:
            found.setdefault(key, []).append(topic)
    return found


@dataclass
class ActorPlan:
    line: int
    cells: list[str]
    actor_id: uuid.UUID
    existing: Actor | None
    fields: dict = field(default_factory=dict)
    topics: list[Topic] | None = None
    location: object = None  # veedel.areas.geo.Location when the point changes
    relocate: bool = False
    changes: set[str] = field(default_factory=set)  # of an existing actor; see differences()


def _located_values(plan: ActorPlan) -> dict:
    values = dict(plan.fields)
    if plan.relocate:
        found = plan.location
        values["quarter_id"] = found.quarter.pk if found and found.quarter else None
        values["neighbourhood_id"] = (
            found.neighbourhood.pk if found and found.neighbourhood else None
        )
    return values


def differences(actor: Actor, plan: ActorPlan) -> set[str]:
    """What the row would change on an existing actor: field names and "topics"."""
    changed = {
        name for name, value in _located_values(plan).items() if getattr(actor, name) != value
    }
    if plan.topics is not None and {t.pk for t in plan.topics} != {
        t.pk for t in actor.topics.all()
    }:
        changed.add("topics")
    return changed


def actors_check(*, table: Table, office, by) -> c.Check:
    """Read and check every row; nothing is written."""
    columns = c.check_headers(table, ACTOR_COLUMNS)
    check = c.Check(kind="actors", columns=columns)
    present = {col.name for col in columns}
    rows = c.parse_rows(table, columns, check)
    ids = [r.values["id"] for r in rows if r.values.get("id")]
    existing = {a.pk: a for a in Actor.objects.filter(pk__in=ids).prefetch_related("topics")}
    kinds, topics = _kinds(), _topics()
    same_names = _names_in_use(by, [r.values.get("name") or "" for r in rows])
    seen_ids: dict[uuid.UUID, int] = {}
    seen_names: dict[str, int] = {}
    for row in rows:
        before = len(check.problems)
        values = row.values
        actor_id = values.get("id")
        current = existing.get(actor_id) if actor_id else None
        check.note_id(seen_ids, actor_id, row.line)
        plan = ActorPlan(
            line=row.line, cells=row.cells, actor_id=actor_id or uuid.uuid4(), existing=current
        )
        for column, field_name in FIELDS.items():
            if column in present and column in values:
                plan.fields[field_name] = values[column]
        if values.get("art"):
            kind = kinds.get(values["art"].casefold())
            if kind is None:
                check.problem(
                    row.line,
                    "art",
                    _("'%(value)s' is not a kind of actor; known codes: %(codes)s.")
                    % {
                        "value": c.shown(values["art"]),
                        "codes": ", ".join(k.value for k in ActorKind),
                    },
                )
            plan.fields["kind"] = kind
        if "themen" in present:
            plan.topics = []
            for value in values.get("themen") or []:
                found = topics.get(value.casefold())
                if not found:
                    check.problem(
                        row.line,
                        "themen",
                        _("'%(value)s' is not a known code; known codes: %(codes)s.")
                        % {
                            "value": c.shown(value),
                            "codes": ", ".join(
                                sorted({t.slug for ts in topics.values() for t in ts})
                            ),
                        },
                    )
                for topic in found or []:
                    if topic not in plan.topics:
                        plan.topics.append(topic)
        if "breite" in present or "laenge" in present:
            latitude = values.get("breite", current.latitude if current else None)
            longitude = values.get("laenge", current.longitude if current else None)
            error, found = place_problem(latitude, longitude)
            if error:
                check.problem(row.line, "breite", error)
            plan.location, plan.relocate = found, True
        name = (values.get("name") or "").casefold()
        if current is None and name:
            if name in seen_names:
                check.warning(
                    row.line,
                    "name",
                    _("row %(row)s adds an actor of the same name.") % {"row": seen_names[name]},
                )
            elif name in same_names:
                check.warning(
                    row.line,
                    "name",
                    _(
                        "an actor named '%(name)s' exists already; this row adds another one. "
                        "To change the existing actor, give its id."
                    )
                    % {"name": c.shown(values["name"])},
                )
            seen_names.setdefault(name, row.line)
        if current is not None and row.ok and len(check.problems) == before:
            plan.changes = differences(current, plan)
            if plan.changes and not by.has_perm("network.change_actor", current):
                check.problem(
                    row.line,
                    "id",
                    _("you may not change the actor with this id; another office keeps it."),
                )
        if row.ok and len(check.problems) == before:
            check.rows.append(plan)
            if current is None:
                check.new += 1
            elif plan.changes:
                check.updated += 1
            else:
                check.unchanged += 1
    check.sort()
    return check


def _names_in_use(user, names: Iterable[str]) -> set[str]:
    wanted = sorted({n for name in names if name for n in (name, name.lower())})
    found: set[str] = set()
    visible = actors_visible_to(user).annotate(lowered=Lower("name"))
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        found.update(
            n.casefold()
            for n in visible.filter(Q(lowered__in=chunk) | Q(name__in=chunk)).values_list(
                "name", flat=True
            )
        )
    return found


def actors_import(*, check: c.Check, office, by) -> c.ImportResult:
    """Write the rows of a check without problems, all in one transaction."""
    if not check.ok:
        raise ValueError("Only a check without problems can be imported.")
    if not (
        by.has_perm("offers.import_offers")
        and by.has_perm("network.add_actor")
        and by.has_perm("network.change_actor", Actor(office=office))
    ):
        raise PermissionDenied
    result = c.ImportResult()
    now = timezone.now()
    plans: list[ActorPlan] = check.rows
    new, changed = [], []
    changed_fields: set[str] = set()
    topics_through = Actor.topics.through
    spaces_through = Actor.social_spaces.through
    topic_rows, space_rows = [], []
    clear_topics, clear_spaces = set(), set()
    for plan in plans:
        actor = plan.existing
        if actor is None:
            actor = Actor(id=plan.actor_id, office=office)
            for name, value in _located_values(plan).items():
                setattr(actor, name, value)
            new.append(actor)
            topic_rows += [
                topics_through(actor_id=actor.pk, topic_id=t.pk) for t in plan.topics or []
            ]
            spaces = plan.location.social_spaces if plan.location else []
            space_rows += [spaces_through(actor_id=actor.pk, socialspace_id=s.pk) for s in spaces]
            continue
        if not plan.changes:
            result.unchanged += 1
            continue
        if not by.has_perm("network.change_actor", actor):
            raise PermissionDenied
        values = _located_values(plan)
        for name in plan.changes - {"topics"}:
            setattr(actor, name, values[name])
            changed_fields.add(name)
        if "topics" in plan.changes:
            clear_topics.add(actor.pk)
            topic_rows += [topics_through(actor_id=actor.pk, topic_id=t.pk) for t in plan.topics]
        if plan.relocate and plan.changes & {
            "quarter_id",
            "neighbourhood_id",
            "latitude",
            "longitude",
        }:
            clear_spaces.add(actor.pk)
            spaces = plan.location.social_spaces if plan.location else []
            space_rows += [spaces_through(actor_id=actor.pk, socialspace_id=s.pk) for s in spaces]
        actor.modified = now
        changed.append(actor)
    with transaction.atomic():
        Actor.objects.bulk_create(new, batch_size=BATCH)
        if changed:
            fields = sorted(changed_fields | {"modified"})
            Actor.objects.bulk_update(changed, fields, batch_size=BATCH)
        topics_through.objects.filter(actor_id__in=clear_topics).delete()
        spaces_through.objects.filter(actor_id__in=clear_spaces).delete()
        topics_through.objects.bulk_create(topic_rows, batch_size=BATCH)
        spaces_through.objects.bulk_create(space_rows, batch_size=BATCH)
        announced = [actor.pk for actor in new] + [
            plan.existing.pk
            for plan in plans
            if plan.existing is not None and plan.changes & set(ANNOUNCED_FIELDS)
        ]
        if announced:  # e.g. the offers' search documents name the organisation
            actors_changed.send(actor_ids=announced)
    result.created, result.updated = len(new), len(changed)
    return result


def export_queryset(queryset: QuerySet) -> QuerySet:
    """What ``actor_rows`` and the rule network.view_actor read, in a fixed number of queries."""
    return queryset.select_related("office").prefetch_related("topics").order_by("name", "id")


def actor_rows(actors: Iterable[Actor]) -> Iterator[list]:
    """The rows of an export, in the columns of ``ACTOR_COLUMNS``."""
    for actor in actors:
        yield [
            str(actor.pk),
            actor.name,
            actor.kind,
            actor.description,
            actor.street,
            actor.postal_code,
            actor.city,
            actor.latitude,
            actor.longitude,
            actor.phone,
            actor.email,
            actor.website,
            "ja" if actor.is_public else "nein",
            "; ".join(sorted({t.slug for t in actor.topics.all()})),
        ]
