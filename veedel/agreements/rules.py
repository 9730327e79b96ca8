"""Who may do what with target agreements (docs/roles.md, section "Target agreements").

Permissions say who may take a step at all; which permission each step asks for, and whether
the agreement's state allows it, is written in workflow.py (a step the state does not allow is
a message with the reason, not a 403). Asked without an object, only the programme office and
administrators hold the object permissions (except where noted).
"""

import rules

from veedel.core.predicates import (
    add_model_perms,
    is_admin,
    is_council_member,
    is_provider_lead,
    is_staff_of_office,
    manages_programme,
    office_predicate,
    provider_predicate,
    works_in_an_office,
)


def _office_id(obj):
    agreement = getattr(obj, "agreement", obj)
    return agreement.office_id


def _provider_id(obj):
    agreement = getattr(obj, "agreement", obj)
    return agreement.office.provider_id


is_office_staff = office_predicate(_office_id, "works_in_the_agreements_office")
runs_the_office = provider_predicate(_provider_id, "runs_the_agreements_office")


@rules.predicate
def is_signed(user, obj) -> bool:
    return obj is not None and getattr(obj, "agreement", obj).is_signed


@rules.predicate
def no_object(user, obj) -> bool:
    return obj is None


@rules.predicate
def works_in_that_office(user, office) -> bool:
    """Asked about an office (starting an agreement): a coordinator of that office."""
    return office is not None and is_staff_of_office(user, office)


parties = is_office_staff | manages_programme
# Asked without an agreement: whether the user is a party to some agreement at all.
is_a_party = parties | (no_object & works_in_an_office)

rules.add_perm(
    "agreements.view_targetagreement",
    is_office_staff | runs_the_office | manages_programme | (is_council_member & is_signed),
)
# The list of agreements: everyone who sees some agreement (each sees only theirs).
rules.add_perm(
    "agreements.list_agreements",
    works_in_an_office | is_provider_lead | manages_programme | is_council_member,
)
# Without an object: the page to start one; with an office: starting one for that office.
rules.add_perm(
    "agreements.add_targetagreement",
    (no_object & works_in_an_office) | works_in_that_office | manages_programme,
)
# Edit preamble and targets (while the state allows it), enter actual values, review, assess,
# draft amendments, carry over to the next year.
rules.add_perm("agreements.change_targetagreement", parties)
# Administrators (superusers) hold every permission; they may act for an office in an emergency.
rules.add_perm("agreements.propose_targetagreement", is_office_staff | is_admin)
rules.add_perm("agreements.decide_targetagreement", manages_programme)  # agree / request changes
# Signing (agreements and amendments): the office's coordinators sign for the office, the
# programme office and administrators for the city (workflow.party_of asks in that order).
rules.add_perm("agreements.sign_targetagreement", is_a_party)
rules.add_perm("agreements.sign_for_city", manages_programme)
rules.add_perm("agreements.sign_for_office", is_office_staff)
rules.add_perm("agreements.close_targetagreement", manages_programme)
rules.add_perm("agreements.bind_metric", manages_programme)

# The admin: programme office and administrators.
rules.add_perm("agreements.delete_targetagreement", manages_programme)
add_model_perms(
    "agreements", ["target", "amendment", "amendmentchange", "agreementevent"], manages_programme
)
