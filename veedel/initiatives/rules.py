"""Who may do what with initiatives (docs/roles.md).

Only the coordinators of the office responsible for an initiative change it, its checklist,
its activity log, its outcome and its documents: the permissions of these steps come from the
workflow's one table (``workflow.STEPS``). The lead of the provider running that office and the
programme office read everything. Everybody else (the public, residents, council members,
coordinators of other offices) sees an initiative only when it is public (published), and then
only its public fields (``Initiative.PUBLIC_FIELDS``, docs/initiatives.md); documents only when
they are public (``Document.publicly_visible``).

Steps, activities and documents are asked about as themselves; their predicates read the
initiative through ``obj.initiative`` (the views set it, so no extra query is made).
"""

import rules

from veedel.core.predicates import (
    is_provider_lead,
    manages_programme,
    provider_predicate,
    works_in_an_office,
)
from veedel.initiatives import workflow
from veedel.initiatives.workflow import is_office_of_parent, is_responsible_office


def _provider_id(initiative):
    return initiative.office.provider_id


def _parent_provider_id(obj):
    return obj.initiative.office.provider_id


runs_responsible_office = provider_predicate(_provider_id, "runs_responsible_office")
runs_office_of_parent = provider_predicate(_parent_provider_id, "runs_office_of_parent")


@rules.predicate
def is_public_initiative(user, initiative) -> bool:
    return initiative is not None and initiative.is_public


@rules.predicate
def is_public_document(user, document) -> bool:
    return document is not None and document.publicly_visible


@rules.predicate
def reads_internals_somewhere(user, initiative) -> bool:
    """Asked without an initiative: whether the user reads the internals of some initiatives
    (coordinators in an office, provider leads bound to a provider), for the columns of the
    CSV export."""
    return initiative is None and (
        works_in_an_office(user) or (is_provider_lead(user) and user.provider_id is not None)
    )


reads_everything = is_responsible_office | runs_responsible_office | manages_programme

rules.add_perm("initiatives.view_initiative", is_public_initiative | reads_everything)
# Internal notes, the checklist, the activity log, the outcome and all documents.
rules.add_perm(
    "initiatives.view_internals_of_initiative", reads_everything | reads_internals_somewhere
)
rules.add_perm("initiatives.export_activities_of_initiative", reads_everything)
rules.add_perm(
    "initiatives.view_document",
    is_public_document | is_office_of_parent | runs_office_of_parent | manages_programme,
)

# Starting, editing, the checklist, the activity log, documents: the workflow's steps.
for _permission, _who in workflow.permissions().items():
    rules.add_perm(_permission, _who)
