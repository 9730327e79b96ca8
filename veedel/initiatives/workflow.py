"""The workflow of initiatives, written once: the states of an initiative and of its checklist
steps, the steps one takes on an initiative, who may take each (a permission, asked through
``has_perm``) and why a step is refused.

States
    An initiative is planned, running, completed or stopped (``INITIATIVE_STATES``). It starts
    as running when its start date has come, otherwise as planned; afterwards the office sets
    the status as the initiative goes, and any status may follow any other (a stopped
    initiative may start again). Planned and running initiatives are *active*: the dashboard
    lists them.

    A checklist step is open, in progress, done or skipped (``STEP_STATES``). A step in progress
    or done has a start date (today, when none is given), a done step an end date; a skipped
    step needs a reason. Done and skipped steps are *settled* ("3 of 5 done or skipped").

Steps
    ``STEPS``: for each step of the work on an initiative, the permission that says who may
    take it and what it is asked about (the office, the initiative, a checklist step, an
    activity or a document), and the reason for a refusal. ``rules.py`` registers every
    permission of this table; the services take a step through ``require()``, the views ask
    ``refusal()``, and the templates get ``allowed()`` as ``may`` (``may.edit``,
    ``may.log_activity`` …).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import rules
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veedel.core.predicates import (
    is_staff_of_office,
    office_predicate,
    works_in_an_office,
)
from veedel.initiatives.models import (
    Activity,
    Document,
    Initiative,
    InitiativeStatus,
    InitiativeStep,
    StepStatus,
)

# --- states -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InitiativeState:
    status: InitiativeStatus
    #: Planned or running: listed on the dashboard.
    active: bool


INITIATIVE_STATES: dict[InitiativeStatus, InitiativeState] = {
    state.status: state
    for state in (
        InitiativeState(InitiativeStatus.PLANNED, active=True),
        InitiativeState(InitiativeStatus.RUNNING, active=True),
        InitiativeState(InitiativeStatus.COMPLETED, active=False),
        InitiativeState(InitiativeStatus.STOPPED, active=False),
    )
}
ACTIVE_STATUSES = frozenset(s.status for s in INITIATIVE_STATES.values() if s.active)


def initial_status(start: datetime.date | None, today: datetime.date) -> InitiativeStatus:
    """The status of a new initiative: running once its start date has come, else planned."""
    return InitiativeStatus.RUNNING if start and start <= today else InitiativeStatus.PLANNED


@dataclass(frozen=True)
class StepState:
    status: StepStatus
    #: The step has begun: it gets a start date when none is given.
    started: bool
    #: The step is done: it gets an end date when none is given.
    finished: bool
    #: Counts as "done or skipped".
    settled: bool
    #: A reason must be given (and is kept only in this state).
    needs_reason: bool
    #: How the timeline names its end date.
    end_label: Promise


STEP_STATES: dict[StepStatus, StepState] = {
    state.status: state
    for state in (
        StepState(
            StepStatus.OPEN,
            started=False,
            finished=False,
            settled=False,
            needs_reason=False,
            end_label=_("finished"),
        ),
        StepState(
            StepStatus.IN_PROGRESS,
            started=True,
            finished=False,
            settled=False,
            needs_reason=False,
            end_label=_("finished"),
        ),
        StepState(
            StepStatus.DONE,
            started=True,
            finished=True,
            settled=True,
            needs_reason=False,
            end_label=_("finished"),
        ),
        StepState(
            StepStatus.SKIPPED,
            started=False,
            finished=False,
            settled=True,
            needs_reason=True,
            end_label=_("skipped"),
        ),
    )
}
SETTLED_STEP_STATUSES = frozenset(s.status for s in STEP_STATES.values() if s.settled)


def step_state(status: str) -> StepState:
    return STEP_STATES[StepStatus(status)]


# --- who ----------------------------------------------------------------------------------


def _parent_office_id(obj):
    return obj.initiative.office_id


is_responsible_office = office_predicate(lambda i: i.office_id, "is_responsible_office")
is_office_of_parent = office_predicate(_parent_office_id, "is_office_of_parent")


@rules.predicate
def may_start_in(user, office) -> bool:
    """Coordinators start initiatives in an office they work in (no office: in any of theirs)."""
    if office is None:
        return works_in_an_office(user)
    return is_staff_of_office(user, office)


# --- steps --------------------------------------------------------------------------------


class InitiativeAction(models.TextChoices):
    """The steps of the work on an initiative."""

    START = "start", _("start an initiative")
    EDIT = "edit", _("edit the initiative")
    SET_OUTCOME = "set_outcome", _("record the outcome")
    ADD_STEP = "add_step", _("add a checklist step")
    UPDATE_STEP = "update_step", _("update a checklist step")
    LOG_ACTIVITY = "log_activity", _("log an activity")
    UPDATE_ACTIVITY = "update_activity", _("edit an activity")
    DELETE_ACTIVITY = "delete_activity", _("delete an activity")
    ADD_DOCUMENT = "add_document", _("add a document")
    SET_DOCUMENT_PUBLIC = "set_document_public", _("make a document public or internal")
    DELETE_DOCUMENT = "delete_document", _("delete a document")


class Subject(models.TextChoices):
    """What a step's permission is asked about."""

    OFFICE = "office", _("coordination office")
    INITIATIVE = "initiative", _("initiative")
    STEP = "step", _("checklist step")
    ACTIVITY = "activity", _("activity")
    DOCUMENT = "document", _("document")


ONLY_THE_OFFICE = _("Only the coordinators of the responsible office may do this.")
ONLY_COORDINATORS = _(
    "Only coordinators start initiatives, in a social space of an office they work in."
)


@dataclass(frozen=True)
class Step:
    action: InitiativeAction
    permission: str
    who: rules.Predicate
    subject: Subject
    denied: Promise = ONLY_THE_OFFICE


_STEP_ROWS = (
    Step(
        InitiativeAction.START,
        "initiatives.add_initiative",
        may_start_in,
        Subject.OFFICE,
        denied=ONLY_COORDINATORS,
    ),
    Step(
        InitiativeAction.EDIT,
        "initiatives.change_initiative",
        is_responsible_office,
        Subject.INITIATIVE,
    ),
    Step(
        InitiativeAction.SET_OUTCOME,
        "initiatives.change_initiative",
        is_responsible_office,
        Subject.INITIATIVE,
    ),
    Step(
        InitiativeAction.ADD_STEP,
        "initiatives.change_initiative",
        is_responsible_office,
        Subject.INITIATIVE,
    ),
    Step(
        InitiativeAction.UPDATE_STEP,
        "initiatives.change_initiativestep",
        is_office_of_parent,
        Subject.STEP,
    ),
    Step(
        InitiativeAction.LOG_ACTIVITY,
        "initiatives.change_initiative",
        is_responsible_office,
        Subject.INITIATIVE,
    ),
    Step(
        InitiativeAction.UPDATE_ACTIVITY,
        "initiatives.change_activity",
        is_office_of_parent,
        Subject.ACTIVITY,
    ),
    Step(
        InitiativeAction.DELETE_ACTIVITY,
        "initiatives.delete_activity",
        is_office_of_parent,
        Subject.ACTIVITY,
    ),
    Step(
        InitiativeAction.ADD_DOCUMENT,
        "initiatives.change_initiative",
        is_responsible_office,
        Subject.INITIATIVE,
    ),
    Step(
        InitiativeAction.SET_DOCUMENT_PUBLIC,
        "initiatives.change_document",
        is_office_of_parent,
        Subject.DOCUMENT,
    ),
    Step(
        InitiativeAction.DELETE_DOCUMENT,
        "initiatives.delete_document",
        is_office_of_parent,
        Subject.DOCUMENT,
    ),
)
STEPS: dict[InitiativeAction, Step] = {step.action: step for step in _STEP_ROWS}


def permissions() -> dict[str, rules.Predicate]:
    """Each permission of the table with its rule (steps that share a permission share it)."""
    found: dict[str, rules.Predicate] = {}
    for step in STEPS.values():
        if step.permission in found:
            assert found[step.permission] is step.who, step.permission
        found[step.permission] = step.who
    return found


_SUBJECT_MODELS = {
    Subject.STEP: InitiativeStep,
    Subject.ACTIVITY: Activity,
    Subject.DOCUMENT: Document,
}


def _subject_of(step: Step, initiative: Initiative):
    """What the step's permission is asked about, for an initiative in general (a new child
    of the initiative stands for any of its steps, activities or documents; no query)."""
    if step.subject == Subject.OFFICE:
        return initiative.office
    if step.subject == Subject.INITIATIVE:
        return initiative
    return _SUBJECT_MODELS[step.subject](initiative=initiative)


def refusal(action: InitiativeAction, user, subject=None) -> str | None:
    """Why ``user`` may not take the step on ``subject`` (what the step's permission is asked
    about), or None when they may."""
    step = STEPS[action]
    if user is None or not user.has_perm(step.permission, subject):
        return str(step.denied)
    return None


def refusal_in(action: InitiativeAction, user, initiative: Initiative) -> str | None:
    """Why ``user`` may not take the step in ``initiative`` at all (on any of its steps,
    activities or documents), or None."""
    return refusal(action, user, _subject_of(STEPS[action], initiative))


def allowed(user, initiative: Initiative) -> dict[str, bool]:
    """What ``user`` may do with ``initiative``, by step name, for templates (``may.edit``)."""
    return {action.value: refusal_in(action, user, initiative) is None for action in STEPS}


def require(action: InitiativeAction, *, by, subject) -> None:
    """Refuse the step with ``PermissionDenied`` (and its reason) unless ``by`` may take it on
    ``subject``."""
    if (reason := refusal(action, by, subject)) is not None:
        raise PermissionDenied(reason)
