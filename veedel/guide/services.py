"""Writes on guide editions: copy, publish, and the editing of a draft's content.

Every function takes its step of the workflow through ``workflow.require`` (the one table of
states, steps and who may take them), so it refuses a user without the permission
(``PermissionDenied``), any change of a published edition (``EditionReadOnly``, superusers
included) and publishing an empty edition (``EditionIncomplete``). It also refuses what would
corrupt an edition: linking records of another edition (``ValueError``). After every change of
text the finder's search documents are recomputed (``guide_index``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from veedel.guide.finder import guide_index
from veedel.guide.models import (
    Edition,
    KeyProcess,
    Method,
    ProcessStep,
    Situation,
)
from veedel.guide.workflow import (
    STEPS,
    EditionAction,
    EditionIncomplete,
    EditionReadOnly,
    StepRefused,
    require,
)

__all__ = ["EditionIncomplete", "EditionReadOnly", "StepRefused"]

# Words used in the addresses under /leitfaden/ that an edition's slug must not take.
RESERVED_EDITION_SLUGS = {"ausgaben", "finden", "neu"}
# Words used below an edition's address (…/situationen/neu/) that a record's slug must not take.
RESERVED_SLUGS = {"neu"}

EDITION_FIELDS = ("title", "year", "introduction")
SITUATION_FIELDS = ("title", "order", "description", "signs")
PROCESS_FIELDS = ("title", "order", "purpose")
STEP_FIELDS = ("title", "aim", "method_notes", "participants", "results", "duration", "pitfalls")
METHOD_FIELDS = ("name", "summary", "description")


GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slug(text: str) -> str:
    """A slug that spells umlauts and ß as German addresses do: "Schlüssel" → "schluessel"."""
    return slugify(text.translate(GERMAN_LETTERS))


def _unique_slug(text: str, *, taken: Iterable[str], max_length: int, fallback: str) -> str:
    base = (german_slug(text) or fallback)[: max_length - 6].strip("-") or fallback
    taken = set(taken)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def edition_slug(title: str, year: int, *, exclude_pk: int | None = None) -> str:
    """A free slug for an edition: from the title, with the year added when that is taken."""
    taken = set(Edition.objects.exclude(pk=exclude_pk).values_list("slug", flat=True))
    taken |= RESERVED_EDITION_SLUGS
    max_length = Edition._meta.get_field("slug").max_length
    first = _unique_slug(title, taken=(), max_length=max_length, fallback="leitfaden")
    if first not in taken:
        return first
    if str(year) not in first:
        return _unique_slug(
            f"{title} {year}", taken=taken, max_length=max_length, fallback="leitfaden"
        )
    return _unique_slug(title, taken=taken, max_length=max_length, fallback="leitfaden")


def _child_slug(model, edition: Edition, text: str, *, exclude_pk=None, fallback: str) -> str:
    taken = set(
        model.objects.filter(edition=edition).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    max_length = model._meta.get_field("slug").max_length
    return _unique_slug(
        text, taken=taken | RESERVED_SLUGS, max_length=max_length, fallback=fallback
    )


def require_draft(edition: Edition, *, by) -> None:
    """The edition may be edited by ``by``: a draft, and ``by`` holds the permission."""
    require(EditionAction.EDIT, by=by, edition=edition)


def _same_edition(edition: Edition, records: Iterable, what: str) -> list:
    records = list(records)
    if any(r.edition_id != edition.pk for r in records):
        raise ValueError(f"{what} of another edition cannot be linked to {edition}.")
    return records


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


# --- editions -----------------------------------------------------------------------------


@transaction.atomic
def edition_create(*, programme, data: dict, by) -> Edition:
    """A new, empty draft."""
    require(EditionAction.CREATE, by=by)
    edition = Edition(programme=programme, status=STEPS[EditionAction.CREATE].result)
    for name in EDITION_FIELDS:
        setattr(edition, name, data.get(name, getattr(edition, name)))
    edition.slug = edition_slug(edition.title, edition.year)
    edition.save()
    return edition


@transaction.atomic
def edition_update(*, edition: Edition, data: dict, by) -> Edition:
    """Title, year and introduction of a draft; its address (slug) stays as it is."""
    require_draft(edition, by=by)
    for name in EDITION_FIELDS:
        if name in data:
            setattr(edition, name, data[name])
    edition.save()
    return edition


@transaction.atomic
def edition_delete(*, edition: Edition, by) -> None:
    require(EditionAction.DELETE, by=by, edition=edition)
    edition.delete()


@transaction.atomic
def edition_copy(*, edition: Edition, title: str, year: int, by) -> Edition:
    """Copy ``edition`` with all its methods, situations, key processes, steps and links into
    a new draft whose ``based_on`` is the original. The original is not changed. Records keep
    their slugs, so a page's address differs between the two editions only in the edition."""
    require(EditionAction.COPY, by=by, edition=edition)
    copy = Edition.objects.create(
        programme=edition.programme,
        title=title,
        slug=edition_slug(title, year),
        year=year,
        status=STEPS[EditionAction.COPY].result,
        introduction=edition.introduction,
        is_example=edition.is_example,
        based_on=edition,
    )

    methods = list(Method.objects.filter(edition=edition).order_by("pk"))
    new_methods = Method.objects.bulk_create(
        Method(edition=copy, name=m.name, slug=m.slug, summary=m.summary, description=m.description)
        for m in methods
    )
    method_map = {old.pk: new.pk for old, new in zip(methods, new_methods, strict=True)}

    processes = list(KeyProcess.objects.filter(edition=edition).order_by("pk"))
    new_processes = KeyProcess.objects.bulk_create(
        KeyProcess(
            edition=copy,
            order=p.order,
            title=p.title,
            slug=p.slug,
            purpose=p.purpose,
            search_document=p.search_document,
        )
        for p in processes
    )
    process_map = {old.pk: new.pk for old, new in zip(processes, new_processes, strict=True)}

    situations = list(Situation.objects.filter(edition=edition).order_by("pk"))
    new_situations = Situation.objects.bulk_create(
        Situation(
            edition=copy,
            order=s.order,
            title=s.title,
            slug=s.slug,
            description=s.description,
            signs=s.signs,
            search_document=s.search_document,
        )
        for s in situations
    )
    situation_map = {old.pk: new.pk for old, new in zip(situations, new_situations, strict=True)}

    steps = list(ProcessStep.objects.filter(key_process__edition=edition).order_by("pk"))
    new_steps = ProcessStep.objects.bulk_create(
        ProcessStep(
            key_process_id=process_map[s.key_process_id],
            order=s.order,
            title=s.title,
            aim=s.aim,
            method_notes=s.method_notes,
            participants=s.participants,
            results=s.results,
            duration=s.duration,
            pitfalls=s.pitfalls,
        )
        for s in steps
    )
    step_map = {old.pk: new.pk for old, new in zip(steps, new_steps, strict=True)}

    def copy_links(through, own: str, other: str, own_map: dict, other_map: dict | None):
        rows = through.objects.filter(**{f"{own}__in": own_map}).values_list(
            f"{own}_id", f"{other}_id"
        )
        through.objects.bulk_create(
            through(
                **{
                    f"{own}_id": own_map[a],
                    f"{other}_id": other_map[b] if other_map is not None else b,
                }
            )
            for a, b in rows
        )

    copy_links(Situation.goals.through, "situation", "goal", situation_map, None)
    copy_links(Situation.topics.through, "situation", "topic", situation_map, None)
    copy_links(
        Situation.key_processes.through, "situation", "keyprocess", situation_map, process_map
    )
    copy_links(KeyProcess.goals.through, "keyprocess", "goal", process_map, None)
    copy_links(KeyProcess.topics.through, "keyprocess", "topic", process_map, None)
    copy_links(ProcessStep.methods.through, "processstep", "method", step_map, method_map)

    guide_index(edition=copy)
    return copy


@transaction.atomic
def edition_publish(*, edition: Edition, by) -> Edition:
    """Publish a draft. It needs at least one situation and one key process."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    require(EditionAction.PUBLISH, by=by, edition=edition)
    edition.status = STEPS[EditionAction.PUBLISH].result
    edition.published_at = timezone.now()
    edition.save(update_fields=["status", "published_at", "modified"])
    return edition


# --- situations ---------------------------------------------------------------------------


@transaction.atomic
def situation_save(
    *,
    edition: Edition,
    data: dict,
    goals: Iterable = (),
    topics: Iterable = (),
    key_processes: Iterable = (),
    situation: Situation | None = None,
    by,
) -> Situation:
    """Create (``situation`` None) or change a situation of a draft with its links."""
    require_draft(edition, by=by)
    key_processes = _same_edition(edition, key_processes, "Key processes")
    if situation is None:
        situation = Situation(edition=edition)
        situation.slug = _child_slug(Situation, edition, data["title"], fallback="situation")
    elif situation.edition_id != edition.pk:
        raise ValueError("The situation belongs to another edition.")
    for name in SITUATION_FIELDS:
        if name in data:
            setattr(situation, name, data[name])
    if not situation.order:
        situation.order = _next_order(edition.situations.all())
    situation.save()
    situation.goals.set(goals)
    situation.topics.set(topics)
    situation.key_processes.set(key_processes)
    guide_index(edition=edition)
    return situation


@transaction.atomic
def situation_delete(*, situation: Situation, by) -> None:
    edition = situation.edition
    require_draft(edition, by=by)
    situation.delete()
    guide_index(edition=edition)


# --- key processes ------------------------------------------------------------------------


@transaction.atomic
def process_save(
    *,
    edition: Edition,
    data: dict,
    goals: Iterable = (),
    topics: Iterable = (),
    situations: Iterable = (),
    process: KeyProcess | None = None,
    by,
) -> KeyProcess:
    """Create or change a key process of a draft; ``situations`` are those that suggest it."""
    require_draft(edition, by=by)
    situations = _same_edition(edition, situations, "Situations")
    if process is None:
        process = KeyProcess(edition=edition)
        process.slug = _child_slug(KeyProcess, edition, data["title"], fallback="prozess")
    elif process.edition_id != edition.pk:
        raise ValueError("The key process belongs to another edition.")
    for name in PROCESS_FIELDS:
        if name in data:
            setattr(process, name, data[name])
    if not process.order:
        process.order = _next_order(edition.key_processes.all())
    process.save()
    process.goals.set(goals)
    process.topics.set(topics)
    process.situations.set(situations)
    guide_index(edition=edition)
    return process


@transaction.atomic
def process_delete(*, process: KeyProcess, by) -> None:
    edition = process.edition
    require_draft(edition, by=by)
    process.delete()
    guide_index(edition=edition)


# --- steps --------------------------------------------------------------------------------


def _steps_renumber(process: KeyProcess, ordered: list[int]) -> None:
    """Give the steps (ids in ``ordered``) the orders 1..n, through a free range so that the
    unique order per process holds after every single update."""
    for offset in (10000, 0):
        for i, pk in enumerate(ordered, start=1):
            ProcessStep.objects.filter(pk=pk, key_process=process).update(order=offset + i)


@transaction.atomic
def step_save(
    *,
    process: KeyProcess,
    data: dict,
    methods: Iterable = (),
    step: ProcessStep | None = None,
    by,
) -> ProcessStep:
    """Create (appended as the last step) or change a step of a draft's key process."""
    edition = process.edition
    require_draft(edition, by=by)
    methods = _same_edition(edition, methods, "Methods")
    if step is None:
        step = ProcessStep(key_process=process, order=_next_order(process.steps.all()))
    elif step.key_process_id != process.pk:
        raise ValueError("The step belongs to another key process.")
    for name in STEP_FIELDS:
        if name in data:
            setattr(step, name, data[name])
    step.save()
    step.methods.set(methods)
    guide_index(edition=edition)
    return step


@transaction.atomic
def step_delete(*, step: ProcessStep, by) -> None:
    process = step.key_process
    require_draft(process.edition, by=by)
    step.delete()
    _steps_renumber(process, list(process.steps.order_by("order").values_list("pk", flat=True)))
    guide_index(edition=process.edition)


@transaction.atomic
def step_move(*, step: ProcessStep, up: bool, by) -> bool:
    """Move a step one place up or down; False when it is already first or last."""
    process = step.key_process
    require_draft(process.edition, by=by)
    ordered = list(process.steps.order_by("order").values_list("pk", flat=True))
    i = ordered.index(step.pk)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(ordered):
        return False
    ordered[i], ordered[j] = ordered[j], ordered[i]
    _steps_renumber(process, ordered)
    return True


# --- methods ------------------------------------------------------------------------------


@transaction.atomic
def method_save(*, edition: Edition, data: dict, method: Method | None = None, by) -> Method:
    require_draft(edition, by=by)
    if method is None:
        method = Method(edition=edition)
        method.slug = _child_slug(Method, edition, data["name"], fallback="methode")
    elif method.edition_id != edition.pk:
        raise ValueError("The method belongs to another edition.")
    for name in METHOD_FIELDS:
        if name in data:
            setattr(method, name, data[name])
    method.save()
    guide_index(edition=edition)
    return method


@transaction.atomic
def method_delete(*, method: Method, by) -> None:
    edition = method.edition
    require_draft(edition, by=by)
    method.delete()
    guide_index(edition=edition)
