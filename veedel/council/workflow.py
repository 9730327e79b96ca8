"""The workflow of a council paper, written once: its states, the steps between them, who may
take each step and why a step is refused.

A paper is a draft (seen by the programme office only), released (read according to
``is_public``) or withdrawn (deleted softly; OParl clients are told). Its Beratungsfolge is
open until it is fixed. Each ``Step`` below names the states it may be taken from, the state
it leads to, the permission that says who may take it (asked with ``user.has_perm``; the
rules are in rules.py), its label, why it is refused in other states, and a ``guard`` for
what else must hold (an open Beratungsfolge).

The services call ``check`` before they write (a user without the permission gets
``PermissionDenied``, a step the paper does not allow now ``StepRefused`` with the reason);
the views ask ``check`` and ``offers`` which pages and buttons to show, and the templates
read ``offers`` (``{% if steps.release %}``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veedel.council.models import Paper, PaperState

S = PaperState


class StepRefused(ValidationError):
    """A step the paper does not allow now; the message says why."""


@dataclass(frozen=True)
class Step:
    name: str
    from_states: frozenset[PaperState]
    to_state: PaperState | None  # None: the step keeps the state
    permission: str
    label: Promise
    #: Why the step is refused when the paper is in a state not in ``from_states``.
    refusal: Promise
    #: Another condition: the reason it does not hold, or None.
    guard: Callable[[Paper], Promise | None] | None = None


OPEN = frozenset({S.DRAFT, S.RELEASED})
WITHDRAWN = _("The paper has been withdrawn; it can no longer be changed.")
SEQUENCE_FIXED = _("The sequence of consultation is fixed and can no longer be changed.")


def _sequence_open(paper: Paper) -> Promise | None:
    return SEQUENCE_FIXED if paper.is_fixed else None


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "edit",
            OPEN,
            None,
            "council.change_paper",
            label=_("Edit the paper"),
            refusal=WITHDRAWN,
        ),
        Step(
            "release",
            frozenset({S.DRAFT}),
            S.RELEASED,
            "council.change_paper",
            label=_("Release the paper"),
            refusal=_("Only a draft is released; this paper is “%(state)s”."),
        ),
        Step(
            "withdraw",
            OPEN,
            S.WITHDRAWN,
            "council.delete_paper",
            label=_("Delete the paper"),
            refusal=WITHDRAWN,
        ),
        Step(
            "edit_sequence",
            OPEN,
            None,
            "council.change_consultations",
            label=_("Propose and edit the sequence of consultation"),
            refusal=WITHDRAWN,
            guard=_sequence_open,
        ),
        Step(
            "fix_sequence",
            OPEN,
            None,
            "council.change_consultations",
            label=_("Fix the sequence of consultation"),
            refusal=WITHDRAWN,
            guard=_sequence_open,
        ),
        Step(
            "add_file",
            OPEN,
            None,
            "council.add_file",
            label=_("Add a file"),
            refusal=WITHDRAWN,
        ),
        Step(
            "remove_file",
            OPEN,
            None,
            "council.delete_file",
            label=_("Remove a file"),
            refusal=WITHDRAWN,
        ),
    )
}


def refusal(name: str, paper: Paper) -> str | None:
    """Why ``paper`` does not allow the step now, or None."""
    step = STEPS[name]
    if paper.state not in step.from_states:
        return str(step.refusal) % {"state": PaperState(paper.state).label}
    if step.guard is not None and (reason := step.guard(paper)):
        return str(reason)
    return None


def permitted(name: str, user, paper: Paper | None) -> bool:
    """Whether ``user`` holds the step's permission (whatever the paper's state)."""
    return bool(user is not None and user.has_perm(STEPS[name].permission, paper))


def may(name: str, user, paper: Paper) -> bool:
    return permitted(name, user, paper) and refusal(name, paper) is None


def check(name: str, user, paper: Paper) -> Step:
    """The step, if ``user`` may take it on ``paper`` now; else ``PermissionDenied`` (not
    theirs to take) or ``StepRefused`` (the paper does not allow it, with the reason)."""
    if not permitted(name, user, paper):
        raise PermissionDenied(STEPS[name].permission)
    if reason := refusal(name, paper):
        raise StepRefused(reason, code=name)
    return STEPS[name]


def offers(user, paper: Paper) -> dict[str, bool]:
    """For each step, whether ``user`` may take it on ``paper`` now (pages and buttons)."""
    return {name: may(name, user, paper) for name in STEPS}
