"""The workflow of target agreements and their amendments, written once.

Each ``Step`` of the tables below names the states it may be taken from, the state it leads
to, the permission that says who may take it (asked with ``user.has_perm``; the rules are in
rules.py), its label, and why it is refused: ``forbidden`` when the user may not take it (a
403 on the pages), ``refusals`` by state and ``guard`` for other conditions (shown with the
reason). The services check every step here before they write; the pages ask the same tables
which buttons to show (``Workflow.offers``) and why a page is refused; the dashboard asks them
what waits for whom (``Workflow.todo``).

``Step``, ``Refusal`` and ``Workflow`` know nothing of agreements; the reports use them too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veedel.agreements.models import (
    SIGNED_STATES,
    AgreementState,
    AmendmentState,
    EventKind,
    Party,
)

# --- the machinery -----------------------------------------------------------------------


class StepNotAllowed(Exception):
    """A workflow step or change that the object's state does not allow; ``str()`` is the
    message for the user. ``amend`` is true where the way forward is an amendment."""

    def __init__(self, message: str, *, amend: bool = False):
        super().__init__(message)
        self.message = message
        self.amend = amend

    def __str__(self):
        return self.message


@dataclass(frozen=True)
class Refusal:
    """Why a step is refused while the object is in one of ``states`` (the message may name
    ``%(state)s`` and the workflow's other parameters)."""

    states: frozenset
    message: Promise | str
    amend: bool = False  # the way forward is an amendment, where one can be made


#: A label, a dashboard line: a text, texts by party or by state, or a function of the object.
Text = Promise | str | Mapping | Callable[..., str]


@dataclass(frozen=True)
class Step:
    name: str
    from_states: frozenset
    to_state: Any  # None: the step keeps the state
    permission: str
    label: Text
    forbidden: Promise | str
    refusals: tuple[Refusal, ...] = ()
    # Another condition besides the state: (object, user) -> the reason, or None.
    guard: Callable[[Any, Any], str | None] | None = None
    # The dashboard's line for whoever may take the step (None: the dashboard does not list it).
    todo: Text | None = None
    # Whose step it is on the dashboard (None: either party's).
    party: Party | None = None
    event: EventKind | None = None


@dataclass
class Workflow:
    """A table of steps over the states of one model, and how to read it."""

    states: type
    steps: tuple[Step, ...]
    #: The reason when no ``Refusal`` of the step covers the state.
    default_refusal: Promise | str
    #: What a refusal may name, besides ``state`` (the label of the object's state) and
    #: ``allowed`` (the states the step is allowed from).
    params: Callable[[Any], dict] = lambda obj: {}
    #: The object the permissions are asked about (e.g. an amendment's agreement).
    subject: Callable[[Any], Any] = lambda obj: obj
    #: The party a user acts for (for labels and the dashboard).
    party_of: Callable[[Any, Any], Party | None] = lambda user, obj: None
    refused: type[StepNotAllowed] = StepNotAllowed
    #: The model field that holds the state.
    state_field: str = "state"
    by_name: dict[str, Step] = field(init=False)

    def __post_init__(self):
        self.by_name = {step.name: step for step in self.steps}

    def __getitem__(self, name: str) -> Step:
        return self.by_name[name]

    # -- questions ------------------------------------------------------------------------

    def state_of(self, obj):
        return getattr(obj, self.state_field)

    def refusal(self, name: str, obj, user=None) -> StepNotAllowed | None:
        """Why ``obj`` does not allow the step now (its state, or the step's guard), or None."""
        step = self[name]
        state = self.state_of(obj)
        if state not in step.from_states:
            params = {
                "state": str(self.states(state).label),
                "allowed": ", ".join(str(s.label) for s in self.states if s in step.from_states),
                **self.params(obj),
            }
            for refusal in step.refusals:
                if state in refusal.states:
                    amend = refusal.amend and self._may_amend(obj)
                    return self.refused(str(refusal.message) % params, amend=amend)
            return self.refused(str(self.default_refusal) % params)
        if step.guard is not None and (reason := step.guard(obj, user)):
            return self.refused(reason)
        return None

    def _may_amend(self, obj) -> bool:
        return "amend" in self.by_name and self.refusal("amend", obj) is None

    def allows(self, name: str, obj, user=None) -> bool:
        return self.refusal(name, obj, user) is None

    def permitted(self, name: str, user, obj) -> bool:
        """Whether the user holds the step's permission (whatever the state)."""
        return bool(user and user.has_perm(self[name].permission, self.subject(obj)))

    def may(self, name: str, user, obj) -> bool:
        return self.permitted(name, user, obj) and self.allows(name, obj, user)

    def check(self, name: str, user, obj) -> Step:
        """Raise ``PermissionDenied`` if the user may not take the step, the workflow's
        refusal if the object does not allow it now; return the step."""
        step = self[name]
        if not self.permitted(name, user, obj):
            raise PermissionDenied(str(step.forbidden))
        if refusal := self.refusal(name, obj, user):
            raise refusal
        return step

    # -- for pages and dashboards ---------------------------------------------------------

    def label(self, name: str, obj, party: Party | None = None) -> str:
        return _text(self[name].label, obj, party, self.state_of(obj))

    def offers(self, user, obj) -> dict[str, str | None]:
        """Per step, its label if the user may take it now, else None (for the buttons)."""
        party = self.party_of(user, obj)
        return {
            step.name: self.label(step.name, obj, party) if self.may(step.name, user, obj) else None
            for step in self.steps
        }

    def todo(self, user, obj) -> str | None:
        """The first step the user may take now that the dashboard lists, as its line."""
        party = self.party_of(user, obj)
        for step in self.steps:
            if step.todo is None or (step.party is not None and step.party != party):
                continue
            if self.may(step.name, user, obj):
                return _text(step.todo, obj, party, self.state_of(obj))
        return None

    def todo_states(self) -> frozenset:
        """The states in which some step is listed on the dashboard (to narrow queries)."""
        return frozenset().union(*(s.from_states for s in self.steps if s.todo is not None))


def _text(text: Text, obj, party: Party | None, state) -> str:
    if callable(text) and not isinstance(text, Promise):
        return text(obj, party)
    if isinstance(text, Mapping):
        text = text.get(party) or text.get(state) or next(iter(text.values()))
    return str(text)


# --- who acts for whom ---------------------------------------------------------------------


def agreement_of(obj):
    """The agreement itself, or the agreement an amendment or a target belongs to."""
    return getattr(obj, "agreement", obj)


def party_of(user, obj) -> Party | None:
    """The party ``user`` signs for: the city (programme office, administrators) or the
    office (its coordinators); None for everybody else."""
    agreement = agreement_of(obj)
    if not (user and user.is_authenticated):
        return None
    if user.has_perm("agreements.sign_for_city", agreement):
        return Party.CITY
    if user.has_perm("agreements.sign_for_office", agreement):
        return Party.OFFICE
    return None


def _not_signed_yet(obj, user) -> str | None:
    """The user's party has not signed ``obj`` (an agreement or an amendment) yet."""
    party = party_of(user, obj)
    if party is None or not obj.signed_at(party):
        return None
    return _("This side has already signed (%(who)s, %(when)s).") % {
        "who": obj.signer_name(party),
        "when": date_format(timezone.localtime(obj.signed_at(party)), "SHORT_DATETIME_FORMAT"),
    }


def _no_pending_amendment(message):
    def guard(agreement, user) -> str | None:
        return str(message) if agreement.has_pending_amendment else None

    return guard


def _next_year_free(agreement, user) -> str | None:
    if agreement.next_year is None:
        return None
    return _("%(office)s already has an agreement for %(year)s.") % {
        "office": agreement.office,
        "year": agreement.year + 1,
    }


# --- target agreements ---------------------------------------------------------------------

S = AgreementState
ALL_STATES = frozenset(S)
EDITABLE = frozenset({S.DRAFT, S.CHANGES_REQUESTED})
#: Signed and not yet assessed: reviewed, amended.
IN_FORCE = frozenset({S.SIGNED, S.REVIEWED})
#: Signed and not yet closed: actual values are entered.
RUNNING = frozenset({S.SIGNED, S.REVIEWED, S.ASSESSED})

OFFICE_OR_PROGRAMME = gettext_lazy(
    "Only the coordinators of the office and the programme office may do this."
)
PROGRAMME_ONLY = gettext_lazy("Only the programme office may take this step.")
SIGNED_TEXT = Refusal(
    SIGNED_STATES,
    gettext_lazy(
        "The agreement has been signed by both sides and cannot be changed any more. "
        "Make an amendment instead."
    ),
    amend=True,
)

AGREEMENT_STEPS = (
    Step(
        "edit",
        EDITABLE,
        None,
        "agreements.change_targetagreement",
        label=gettext_lazy("Edit the preamble"),
        forbidden=OFFICE_OR_PROGRAMME,
        refusals=(
            SIGNED_TEXT,
            Refusal(
                ALL_STATES - EDITABLE - SIGNED_STATES,
                gettext_lazy(
                    "The agreement is “%(state)s”: its targets can be edited only as a draft or "
                    "after the programme office asked for changes."
                ),
            ),
        ),
    ),
    Step(
        "propose",
        EDITABLE,
        S.PROPOSED,
        "agreements.propose_targetagreement",
        label=gettext_lazy("Propose to the programme office"),
        forbidden=gettext_lazy("Only the coordinators of the office may take this step."),
        refusals=(SIGNED_TEXT,),
        todo={
            S.DRAFT: gettext_lazy("complete and propose"),
            S.CHANGES_REQUESTED: gettext_lazy("make the changes asked for"),
        },
        party=Party.OFFICE,
        event=EventKind.PROPOSED,
    ),
    Step(
        "agree",
        frozenset({S.PROPOSED}),
        S.AGREED,
        "agreements.decide_targetagreement",
        label=gettext_lazy("Agree"),
        forbidden=PROGRAMME_ONLY,
        refusals=(SIGNED_TEXT,),
        todo=gettext_lazy("agree or ask for changes"),
        party=Party.CITY,
        event=EventKind.AGREED,
    ),
    Step(
        "request_changes",
        frozenset({S.PROPOSED}),
        S.CHANGES_REQUESTED,
        "agreements.decide_targetagreement",
        label=gettext_lazy("Ask for changes"),
        forbidden=PROGRAMME_ONLY,
        party=Party.CITY,
        event=EventKind.CHANGES_REQUESTED,
    ),
    Step(
        "sign",
        frozenset({S.AGREED}),
        S.SIGNED,  # once both parties have signed
        "agreements.sign_targetagreement",
        label={
            Party.OFFICE: gettext_lazy("Sign for the office"),
            Party.CITY: gettext_lazy("Sign for the city"),
        },
        forbidden=gettext_lazy(
            "Only the office's coordinators and the programme office sign agreements."
        ),
        guard=_not_signed_yet,
        todo=gettext_lazy("sign"),
    ),
    Step(
        "review",
        IN_FORCE,
        S.REVIEWED,
        "agreements.change_targetagreement",
        label=gettext_lazy("Mid-year review"),
        forbidden=OFFICE_OR_PROGRAMME,
        event=EventKind.REVIEWED,
    ),
    Step(
        "actuals",
        RUNNING,
        None,
        "agreements.change_targetagreement",
        label=gettext_lazy("Enter the actual value"),
        forbidden=OFFICE_OR_PROGRAMME,
        refusals=(
            Refusal(
                ALL_STATES - RUNNING,
                gettext_lazy(
                    "Actual values are entered once the agreement is signed and until it is closed."
                ),
            ),
        ),
    ),
    Step(
        "assess",
        frozenset({S.REVIEWED, S.ASSESSED}),
        S.ASSESSED,
        "agreements.change_targetagreement",
        label=gettext_lazy("Final assessment"),
        forbidden=OFFICE_OR_PROGRAMME,
        guard=_no_pending_amendment(
            gettext_lazy("An amendment awaits signatures; sign or withdraw it first.")
        ),
        event=EventKind.ASSESSED,
    ),
    Step(
        "close",
        frozenset({S.ASSESSED}),
        S.CLOSED,
        "agreements.close_targetagreement",
        label=gettext_lazy("Close the agreement"),
        forbidden=PROGRAMME_ONLY,
        todo=gettext_lazy("close"),
        party=Party.CITY,
        event=EventKind.CLOSED,
    ),
    Step(
        "amend",
        IN_FORCE,
        None,
        "agreements.change_targetagreement",
        label=gettext_lazy("Make an amendment"),
        forbidden=OFFICE_OR_PROGRAMME,
        refusals=(
            Refusal(
                frozenset({S.ASSESSED, S.CLOSED}),
                gettext_lazy("The agreement has been assessed; it can no longer be amended."),
            ),
            Refusal(
                ALL_STATES - SIGNED_STATES,
                gettext_lazy(
                    "Only a signed agreement is amended. While it is “%(state)s”, change the "
                    "targets directly or ask for changes."
                ),
            ),
        ),
        guard=_no_pending_amendment(
            gettext_lazy(
                "Another amendment awaits signatures; sign or withdraw it before making a new one."
            )
        ),
        event=EventKind.AMENDMENT_DRAFTED,
    ),
    Step(
        "bind",
        ALL_STATES - {S.CLOSED},
        None,
        "agreements.bind_metric",
        label=gettext_lazy("Bind to a metric"),
        forbidden=PROGRAMME_ONLY,
        refusals=(
            Refusal(
                frozenset({S.CLOSED}),
                gettext_lazy("The agreement is closed; its values stay as assessed."),
            ),
        ),
    ),
    Step(
        "copy",
        SIGNED_STATES,
        S.DRAFT,  # of the new agreement
        "agreements.change_targetagreement",
        label=lambda agreement, party: (
            _("Start the draft for %(year)s as a copy") % {"year": agreement.year + 1}
        ),
        forbidden=OFFICE_OR_PROGRAMME,
        refusals=(
            Refusal(
                ALL_STATES - SIGNED_STATES,
                gettext_lazy("Only a signed agreement is carried over to the next year."),
            ),
        ),
        guard=_next_year_free,
        event=EventKind.COPIED,
    ),
)

AGREEMENT = Workflow(
    states=AgreementState,
    steps=AGREEMENT_STEPS,
    default_refusal=gettext_lazy(
        "This step is not possible while the agreement is “%(state)s”; it is possible only when "
        "the agreement is: %(allowed)s."
    ),
    party_of=party_of,
)

#: What each party's signature is recorded as in the history.
SIGNED_EVENTS = {Party.OFFICE: EventKind.SIGNED_OFFICE, Party.CITY: EventKind.SIGNED_CITY}

# --- amendments ----------------------------------------------------------------------------

A = AmendmentState

AMENDMENT_STEPS = (
    Step(
        "sign",
        frozenset({A.DRAFT}),
        A.SIGNED,  # once both parties have signed; then its changes apply
        "agreements.sign_targetagreement",
        label={
            Party.OFFICE: gettext_lazy("Sign the amendment for the office"),
            Party.CITY: gettext_lazy("Sign the amendment for the city"),
        },
        forbidden=gettext_lazy(
            "Only the office's coordinators and the programme office sign amendments."
        ),
        refusals=(
            Refusal(
                frozenset({A.SIGNED}),
                gettext_lazy("This amendment has already been signed by both sides."),
            ),
        ),
        guard=_not_signed_yet,
        todo=gettext_lazy("sign the amendment"),
    ),
    Step(
        "withdraw",
        frozenset({A.DRAFT}),
        None,  # the draft is deleted
        "agreements.change_targetagreement",
        label=gettext_lazy("Withdraw the amendment"),
        forbidden=OFFICE_OR_PROGRAMME,
        refusals=(
            Refusal(frozenset({A.SIGNED}), gettext_lazy("A signed amendment cannot be withdrawn.")),
        ),
        event=EventKind.AMENDMENT_WITHDRAWN,
    ),
)

AMENDMENT = Workflow(
    states=AmendmentState,
    steps=AMENDMENT_STEPS,
    default_refusal=gettext_lazy("This step is not possible while the amendment is “%(state)s”."),
    subject=agreement_of,
    party_of=party_of,
)

SIGNED_AMENDMENT_EVENTS = {
    Party.OFFICE: EventKind.AMENDMENT_SIGNED_OFFICE,
    Party.CITY: EventKind.AMENDMENT_SIGNED_CITY,
}
