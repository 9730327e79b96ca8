"""Who may do what with initiatives (docs/roles.md).

Only the coordinators of the office responsible for an initiative change it, its checklist,
its activity log, its outcome and its documents. The lead of the provider running that office
and the programme office read everything. Everybody else (the public, residents, council
members, coordinators of other offices) sees an initiative only when it is published, and then
only its public fields (see ``initiative_detail`` and docs/initiatives.md); documents only when
they are marked public.

Steps, activities and documents are asked about as themselves; their predicates read the
initiative through ``obj.initiative`` (the views set it, so no extra query is made).
"""

import rules

from veedel.core.predicates import (
    manages_programme,
    office_predicate,
    provider_predicate,
    works_in_an_office,
)


def _office_id(initiative):
    return initiative.office_id


def _provider_id(initiative):
    return initiative.office.provider_id


def _parent_office_id(obj):
    return obj.initiative.office_id


def _parent_provider_id(obj):
    return obj.initiative.office.provider_id


is_responsible_office = office_predicate(_office_id, "is_responsible_office")
runs_responsible_office = provider_predicate(_provider_id, "runs_responsible_office")
is_office_of_parent = office_predicate(_parent_office_id, "is_office_of_parent")
runs_office_of_parent = provider_predicate(_parent_provider_id, "runs_office_of_parent")


@rules.predicate
def is_published_initiative(user, initiative) -> bool:
    return initiative is not None and initiative.is_published


@rules.predicate
def is_public_document(user, document) -> bool:
    return document is not None and document.is_public and document.initiative.is_published


reads_everything = is_responsible_office | runs_responsible_office | manages_programme

rules.add_perm("initiatives.view_initiative", is_published_initiative | reads_everything)
# Internal notes, the checklist, the activity log, the outcome and all documents.
rules.add_perm("initiatives.view_internals_of_initiative", reads_everything)
rules.add_perm("initiatives.export_activities_of_initiative", reads_everything)
rules.add_perm("initiatives.add_initiative", works_in_an_office)
rules.add_perm("initiatives.change_initiative", is_responsible_office)

rules.add_perm("initiatives.change_initiativestep", is_office_of_parent)
rules.add_perm("initiatives.change_activity", is_office_of_parent)
rules.add_perm("initiatives.delete_activity", is_office_of_parent)
rules.add_perm(
    "initiatives.view_document",
    is_public_document | is_office_of_parent | runs_office_of_parent | manages_programme,
)
rules.add_perm("initiatives.delete_document", is_office_of_parent)
