"""The workflow of a guide edition, written once: its states, the steps, who may take each
step and why a step is refused.

    (new) ──create──▶ draft ──publish──▶ published
                        ▲                    │
                        └───────copy─────────┘   a copy is a new draft; the original stays

``STEPS`` is the one table. Each step names

- the permission that says who may take it (asked through ``has_perm``; ``rules.py`` registers
  every step's permission from this table, as the step's ``who`` and "the edition is in one of
  the step's ``states``"),
- the states of the edition in which it may be taken, and the reason for a refusal in any other
  state (for superusers too, whom Django grants every permission),
- for publishing, what the edition must hold (``check``).

The services take a step through ``require()`` (``EditionReadOnly``, ``EditionIncomplete`` or
``PermissionDenied``), the views ask ``refusal()``, the templates get ``allowed()`` as ``may``
(``may.edit``, ``may.publish`` …) and the admin asks ``state_allows()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import rules
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from veedel.core.predicates import manages_programme
from veedel.guide.models import Edition, EditionStatus


class EditionAction(models.TextChoices):
    """The steps of an edition's workflow."""

    CREATE = "create", _("start a new edition")
    COPY = "copy", _("copy into a new draft")
    EDIT = "edit", _("edit")
    DELETE = "delete", _("delete")
    PUBLISH = "publish", _("publish")


class StepRefused(Exception):
    """The edition's state (or content) does not allow the step; ``str()`` says why."""


class EditionReadOnly(StepRefused):
    """A published edition is not changed; it is copied into a new draft."""

    def __init__(self, edition: Edition, reason: Promise | str | None = None):
        self.edition = edition
        super().__init__(str(reason or READ_ONLY) % {"edition": edition.title})


class EditionIncomplete(StepRefused):
    """An edition without a situation or a key process is not published."""


READ_ONLY = _("“%(edition)s” is published and cannot be changed. Copy it into a new draft.")
ONLY_PROGRAMME = _("Only the programme office and administrators edit the guide.")


def _publish_check(edition: Edition) -> str:
    """What a draft must hold before it is published; the refusal names what is missing."""
    missing = []
    if not edition.situations.exists():
        missing.append(gettext("at least one situation"))
    if not edition.key_processes.exists():
        missing.append(gettext("at least one key process"))
    if not missing:
        return ""
    return gettext("“%(edition)s” cannot be published yet: it needs %(missing)s.") % {
        "edition": edition.title,
        "missing": gettext(" and ").join(missing),
    }


@dataclass(frozen=True)
class Step:
    action: EditionAction
    permission: str
    who: rules.Predicate
    #: The states of the edition in which the step may be taken; None: it takes no edition
    #: (create) or any edition the user may read (copy).
    states: frozenset[EditionStatus] | None
    #: Why the step is refused in any other state (``%(edition)s`` is the edition's title).
    state_refusal: Promise = READ_ONLY
    #: Why the step is refused to a user without the permission.
    denied: Promise = ONLY_PROGRAMME
    #: The state the edition is in after the step (create and copy: the new edition's).
    result: EditionStatus | None = None
    #: A check of the edition's content (empty string: fine; otherwise the refusal).
    check: Callable[[Edition], str] | None = None


DRAFT_ONLY = frozenset({EditionStatus.DRAFT})

STEPS: dict[EditionAction, Step] = {
    step.action: step
    for step in (
        Step(
            EditionAction.CREATE,
            "guide.add_edition",
            manages_programme,
            None,
            result=EditionStatus.DRAFT,
        ),
        # Copying asks the same permission as creating; it copies any edition the user reads.
        Step(
            EditionAction.COPY,
            "guide.add_edition",
            manages_programme,
            None,
            result=EditionStatus.DRAFT,
        ),
        # Editing covers the edition's title, year and introduction and all its content.
        Step(EditionAction.EDIT, "guide.change_edition", manages_programme, DRAFT_ONLY),
        Step(EditionAction.DELETE, "guide.delete_edition", manages_programme, DRAFT_ONLY),
        Step(
            EditionAction.PUBLISH,
            "guide.publish_edition",
            manages_programme,
            DRAFT_ONLY,
            result=EditionStatus.PUBLISHED,
            check=_publish_check,
        ),
    )
}


def edition_of(obj) -> Edition | None:
    """The edition an edition, situation, key process, method or step belongs to."""
    if obj is None:
        return None
    if hasattr(obj, "key_process_id"):  # a process step
        return obj.key_process.edition
    if hasattr(obj, "edition_id"):
        return obj.edition
    return obj


def state_allows(action: EditionAction, obj) -> bool:
    """Whether the state of ``obj``'s edition allows the step (no object: yes)."""
    states = STEPS[action].states
    edition = edition_of(obj)
    return states is None or edition is None or edition.status in states


def state_predicate(action: EditionAction) -> rules.Predicate:
    """The rule's half that the state decides: true without an object (as the admin asks for
    its lists) and for objects of an edition in one of the step's states."""

    @rules.predicate(name=f"edition_allows_{action.value}")
    def predicate(user, obj) -> bool:
        return state_allows(action, obj)

    return predicate


def rule(action: EditionAction) -> rules.Predicate:
    """Who may take the step on an object: ``who`` and the state (``rules.py``)."""
    step = STEPS[action]
    if step.states is None:
        return step.who
    return step.who & state_predicate(action)


@dataclass(frozen=True)
class Refusal:
    reason: str
    #: True when the edition's state refuses the step (the user might take it elsewhere);
    #: False when the user may not take it at all.
    by_state: bool


def refusal(action: EditionAction, user, edition: Edition | None = None) -> Refusal | None:
    """Why ``user`` may not take the step on ``edition`` now, or None when they may. The state
    is asked first, so that it refuses superusers too."""
    step = STEPS[action]
    if edition is not None and not state_allows(action, edition):
        return Refusal(str(step.state_refusal) % {"edition": edition.title}, by_state=True)
    if not user.has_perm(step.permission, edition):
        return Refusal(str(step.denied), by_state=False)
    return None


def allowed(user, edition: Edition | None = None) -> dict[str, bool]:
    """What ``user`` may do with ``edition`` now, by step name, for templates (``may.edit``)."""
    return {action.value: refusal(action, user, edition) is None for action in EditionAction}


def require(action: EditionAction, *, by, edition: Edition | None = None) -> None:
    """Refuse the step unless ``by`` may take it on ``edition`` now: ``EditionReadOnly`` (state),
    ``EditionIncomplete`` (content), ``PermissionDenied`` (who)."""
    step = STEPS[action]
    if edition is not None and not state_allows(action, edition):
        raise EditionReadOnly(edition, step.state_refusal)
    if by is None or not by.has_perm(step.permission, edition):
        raise PermissionDenied(str(step.denied))
    if step.check is not None and edition is not None and (reason := step.check(edition)):
        raise EditionIncomplete(reason)
