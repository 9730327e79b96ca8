"""Writes on initiatives, their checklist, activity log, outcome and documents.

Each function takes its step of the workflow through ``workflow.require`` (the one table of
steps and the permission that says who may take each, asked through ``has_perm``), and checks
what would corrupt data or give rights away (the office must work in the social space, the key
process must belong to the current guide edition). It raises ``PermissionDenied`` (with the
reason), ``ValidationError`` (with the field it concerns) or ``ConflictError``.

Saving an initiative or a step names the version the user started from; when somebody else
saved in between, ``ConflictError`` carries the record as it is now and nothing is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from veedel.core import uploads
from veedel.initiatives.models import (
    Activity,
    ActivityParticipants,
    Document,
    Initiative,
    InitiativeStep,
    TargetGroup,
)
from veedel.initiatives.workflow import InitiativeAction, initial_status, require, step_state

INITIATIVE_FIELDS = (
    "title",
    "summary",
    "status",
    "start",
    "end",
    "is_published",
    "internal_notes",
)
OUTCOME_FIELDS = ("outcome_step", "outcome_evidence", "outcome_statement")
STEP_FIELDS = (
    "title",
    "aim",
    "status",
    "skip_reason",
    "responsible",
    "due",
    "started",
    "finished",
    "notes",
)
ACTIVITY_FIELDS = (
    "date",
    "kind",
    "title",
    "description",
    "participants_total",
    "hours",
    "impact_step",
    "network_meeting",
)


class ConflictError(Exception):
    """Somebody else saved the record since the user opened it; ``current`` is it now."""

    def __init__(self, current):
        self.current = current
        super().__init__(f"{current!r} was changed (version {current.version}).")


def _check_dates(start, end, *, start_field="start", end_field="end") -> None:
    if start and end and end < start:
        raise ValidationError(
            {
                end_field: _("The end (%(end)s) lies before the start (%(start)s).")
                % {"end": f"{end:%d.%m.%Y}", "start": f"{start:%d.%m.%Y}"}
            }
        )


def _check_step(step: InitiativeStep) -> None:
    if step_state(step.status).needs_reason and not step.skip_reason.strip():
        raise ValidationError({"skip_reason": _("Say why the step is skipped.")})
    if step.started and step.finished and step.finished < step.started:
        raise ValidationError({"finished": _("The step cannot be finished before it was started.")})


# --- initiatives --------------------------------------------------------------------------


@transaction.atomic
def initiative_start(
    *,
    office,
    social_space,
    situation=None,
    key_process=None,
    title: str,
    summary: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    by,
    goals: Iterable = (),
    topics: Iterable = (),
    actors: Iterable = (),
    is_published: bool = False,
    is_example: bool = False,
) -> Initiative:
    """Start an initiative of ``office`` in ``social_space``; the steps of ``key_process``
    (of the current published guide edition) become its checklist."""
    from veedel.guide.models import Edition

    require(InitiativeAction.START, by=by, subject=office)
    if not office.social_spaces.current().filter(pk=social_space.pk).exists():
        raise ValidationError(
            {
                "social_space": _("%(office)s does not work in %(space)s at present.")
                % {"office": office.name, "space": social_space.name}
            }
        )
    edition = Edition.objects.current()
    for field, item in (("situation", situation), ("key_process", key_process)):
        if item is not None and (edition is None or item.edition_id != edition.pk):
            raise ValidationError(
                {field: _("Choose from the current published edition of the guide.")}
            )
    _check_dates(start, end)
    initiative = Initiative.objects.create(
        office=office,
        social_space=social_space,
        situation=situation,
        key_process=key_process,
        title=title.strip(),
        summary=summary.strip(),
        start=start,
        end=end,
        status=initial_status(start, timezone.localdate()),
        is_published=is_published,
        is_example=is_example,
        created_by=by,
        modified_by=by,
    )
    if key_process is not None:
        InitiativeStep.objects.bulk_create(
            InitiativeStep(
                initiative=initiative,
                process_step=step,
                order=n,
                title=step.title,
                aim=step.aim,
                modified_by=by,
            )
            for n, step in enumerate(key_process.steps.order_by("order"), start=1)
        )
    goals = list(goals) or (list(situation.goals.all()) if situation else [])
    topics = list(topics) or (list(situation.topics.all()) if situation else [])
    initiative.goals.set(goals)
    initiative.topics.set(topics)
    if actors:
        initiative.actors.set(actors)
    return initiative


def _locked(model, pk):
    return model.objects.select_for_update().get(pk=pk)


@transaction.atomic
def initiative_update(
    *,
    initiative: Initiative,
    data: Mapping,
    version: int,
    by,
    goals: Iterable | None = None,
    topics: Iterable | None = None,
    actors: Iterable | None = None,
) -> Initiative:
    """Save the fields in ``data`` (of INITIATIVE_FIELDS) if nobody saved since ``version``."""
    require(InitiativeAction.EDIT, by=by, subject=initiative)
    current = _locked(Initiative, initiative.pk)
    if current.version != version:
        raise ConflictError(current)
    _check_dates(data.get("start", current.start), data.get("end", current.end))
    for field in INITIATIVE_FIELDS:
        if field in data:
            value = data[field]
            setattr(current, field, value.strip() if isinstance(value, str) else value)
    current.version += 1
    current.modified_by = by
    current.save()
    if goals is not None:
        current.goals.set(goals)
    if topics is not None:
        current.topics.set(topics)
    if actors is not None:
        allowed = set(initiative_actor_choices(current).values_list("pk", flat=True))
        chosen = list(actors)
        if any(a.pk not in allowed for a in chosen):
            raise ValidationError(
                {"actors": _("Choose actors of the office or of the social space.")}
            )
        current.actors.set(chosen)
    return current


@transaction.atomic
def initiative_set_outcome(
    *,
    initiative: Initiative,
    outcome_step: int | None,
    outcome_evidence: str,
    outcome_statement: str = "",
    version: int,
    by,
) -> Initiative:
    """The outcome statement: the highest step of the Wirkungstreppe reached and why."""
    require(InitiativeAction.SET_OUTCOME, by=by, subject=initiative)
    current = _locked(Initiative, initiative.pk)
    if current.version != version:
        raise ConflictError(current)
    if outcome_step and not outcome_evidence.strip():
        raise ValidationError({"outcome_evidence": _("Say what shows that this step was reached.")})
    current.outcome_step = outcome_step
    current.outcome_evidence = outcome_evidence.strip()
    current.outcome_statement = outcome_statement.strip()
    current.version += 1
    current.modified_by = by
    current.save()
    return current


def initiative_actor_choices(initiative: Initiative):
    """Actors that may be named as involved: those kept by the office, located in or serving
    the social space (their visibility is checked by the form for the user)."""
    from django.db.models import Q

    from veedel.network.models import Actor

    space = initiative.social_space_id
    return (
        Actor.objects.filter(
            Q(office_id=initiative.office_id) | Q(social_spaces=space) | Q(areas_served=space)
        )
        .distinct()
        .order_by("name")
    )


# --- the checklist ------------------------------------------------------------------------


@transaction.atomic
def step_add(
    *,
    initiative: Initiative,
    title: str,
    aim: str = "",
    responsible: str = "",
    due: datetime.date | None = None,
    by,
) -> InitiativeStep:
    """A free checklist step, added at the end."""
    require(InitiativeAction.ADD_STEP, by=by, subject=initiative)
    Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
    last = initiative.steps.aggregate(last=Max("order"))["last"] or 0
    return InitiativeStep.objects.create(
        initiative=initiative,
        order=last + 1,
        title=title.strip(),
        aim=aim.strip(),
        responsible=responsible.strip(),
        due=due,
        modified_by=by,
    )


@transaction.atomic
def step_update(*, step: InitiativeStep, data: Mapping, version: int, by) -> InitiativeStep:
    """Save a step (status, dates, responsible, notes) if nobody saved since ``version``.

    Marking a step in progress or done fills in today as its start or end date when none
    is given; a step keeps its skip reason only while skipped."""
    require(InitiativeAction.UPDATE_STEP, by=by, subject=step)
    current = _locked(InitiativeStep, step.pk)
    if current.version != version:
        raise ConflictError(current)
    for field in STEP_FIELDS:
        if field in data:
            value = data[field]
            setattr(current, field, value.strip() if isinstance(value, str) else value)
    today = timezone.localdate()
    state = step_state(current.status)
    if state.started and not current.started:
        current.started = min(today, current.finished or today)
    if state.finished and not current.finished:
        current.finished = max(today, current.started)
    if not state.needs_reason:
        current.skip_reason = ""
    _check_step(current)
    current.version += 1
    current.modified_by = by
    current.save()
    return current


# --- the activity log ---------------------------------------------------------------------


def _clean_participants(participants: Mapping[str, int | None], total: int) -> dict[str, int]:
    counts = {}
    for group, count in participants.items():
        if group not in TargetGroup.values:
            raise ValidationError(_("Unknown target group “%(group)s”.") % {"group": group})
        if count is None or count == 0:
            continue
        if count < 0:
            raise ValidationError(
                {f"group_{group}": _("A number of participants cannot be negative.")}
            )
        counts[group] = count
    if total is None or total < 0:
        raise ValidationError(
            {"participants_total": _("A number of participants cannot be negative.")}
        )
    if sum(counts.values()) > total:
        raise ValidationError(
            {
                "participants_total": _(
                    "The participants by target group add up to %(sum)d, more than the "
                    "%(total)d participants in total. A person may be counted in one group "
                    "only; raise the total or correct the groups."
                )
                % {"sum": sum(counts.values()), "total": total}
            }
        )
    return counts


def _check_activity(initiative: Initiative, data: Mapping) -> None:
    hours = data.get("hours") or Decimal(0)
    if hours < 0:
        raise ValidationError({"hours": _("Hours cannot be negative.")})
    meeting = data.get("network_meeting")
    if meeting is not None and meeting.network.office_id != initiative.office_id:
        raise ValidationError(
            {"network_meeting": _("Choose a meeting of a network of the office.")}
        )


@transaction.atomic
def activity_log(
    *,
    initiative: Initiative,
    data: Mapping,
    participants: Mapping[str, int | None] | None = None,
    goals: Iterable = (),
    by,
) -> Activity:
    """Add an entry to the activity log with participants by target group."""
    require(InitiativeAction.LOG_ACTIVITY, by=by, subject=initiative)
    counts = _clean_participants(participants or {}, data.get("participants_total", 0))
    _check_activity(initiative, data)
    activity = Activity(initiative=initiative)
    for field in ACTIVITY_FIELDS:
        if field in data:
            setattr(activity, field, data[field])
    activity.save()
    _set_participants(activity, counts, new=True)
    activity.goals.set(goals)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    data: Mapping,
    participants: Mapping[str, int | None] | None = None,
    goals: Iterable | None = None,
    by,
) -> Activity:
    initiative = activity.initiative
    require(InitiativeAction.UPDATE_ACTIVITY, by=by, subject=activity)
    counts = _clean_participants(
        participants or {}, data.get("participants_total", activity.participants_total)
    )
    _check_activity(initiative, data)
    for field in ACTIVITY_FIELDS:
        if field in data:
            setattr(activity, field, data[field])
    activity.save()
    _set_participants(activity, counts, new=False)
    if goals is not None:
        activity.goals.set(goals)
    return activity


def _set_participants(activity: Activity, counts: dict[str, int], *, new: bool) -> None:
    if not new:
        activity.participants.all().delete()
    ActivityParticipants.objects.bulk_create(
        ActivityParticipants(activity=activity, target_group=group, count=count)
        for group, count in sorted(counts.items())
    )


@transaction.atomic
def activity_delete(*, activity: Activity, by) -> None:
    require(InitiativeAction.DELETE_ACTIVITY, by=by, subject=activity)
    activity.delete()


# --- documents ----------------------------------------------------------------------------


@transaction.atomic
def document_add(
    *, initiative: Initiative, upload, title: str = "", is_public: bool = False, by
) -> Document:
    """Keep an uploaded file with the initiative after checking its size and type.

    The stored name is random (the original name is kept for the download only), so a file
    name can never choose a path or overwrite another file."""
    require(InitiativeAction.ADD_DOCUMENT, by=by, subject=initiative)
    kind = uploads.check_upload(upload)
    original = uploads.safe_filename(upload.name)
    ext = uploads.extension_of(original)
    upload.seek(0)
    document = Document(
        initiative=initiative,
        title=(title or original).strip()[:200],
        original_name=original,
        content_type=kind.content_type,
        size=upload.size,
        is_public=is_public,
        uploaded_by=by,
    )
    document.file.save(uploads.stored_name(ext), ContentFile(upload.read()), save=False)
    document.save()
    return document


@transaction.atomic
def document_set_public(*, document: Document, is_public: bool, by) -> Document:
    require(InitiativeAction.SET_DOCUMENT_PUBLIC, by=by, subject=document)
    document.is_public = is_public
    document.save(update_fields=["is_public"])
    return document


def document_delete(*, document: Document, by) -> None:
    require(InitiativeAction.DELETE_DOCUMENT, by=by, subject=document)
    storage, name = document.file.storage, document.file.name
    with transaction.atomic():
        document.delete()
    if name:
        storage.delete(name)
