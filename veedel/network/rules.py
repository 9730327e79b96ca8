"""Who may see and change actors, contacts, networks and meetings (docs/roles.md).

Asked without an object (as the admin does for its lists), only the programme office and
administrators hold these; coordinators are not admin staff and work in Veedel's own pages.
"""

import rules

from veedel.core.predicates import (
    add_model_perms,
    manages_programme,
    office_predicate,
    provider_predicate,
    works_in_an_office,
)


def _office_id(obj):
    return obj.office_id


def _provider_id(obj):
    return obj.office.provider_id if obj.office_id else None


keeps_it = office_predicate(_office_id, "keeps_it")
runs_its_office = provider_predicate(_provider_id, "runs_its_office")
organises_network = office_predicate(lambda meeting: meeting.network.office_id, "organises")
provider_of_network = provider_predicate(
    lambda meeting: meeting.network.office.provider_id, "provider_of_network"
)


@rules.predicate
def is_public_actor(user, actor) -> bool:
    return actor is not None and actor.is_public


@rules.predicate
def is_public_network(user, network) -> bool:
    return network is not None and network.is_public


@rules.predicate
def is_public_meeting(user, meeting) -> bool:
    return meeting is not None and meeting.publicly_visible


may_add = works_in_an_office | manages_programme

# Actors: public ones for everybody; internal ones for the office that keeps them, its
# provider and the programme office. Coordinators add actors for their own office.
rules.add_perm(
    "network.view_actor", is_public_actor | keeps_it | runs_its_office | manages_programme
)
rules.add_perm("network.add_actor", may_add)
rules.add_perm("network.change_actor", keeps_it | manages_programme)
rules.add_perm("network.delete_actor", keeps_it | manages_programme)

# Contacts are personal data: only the office that keeps them and the programme office.
for action in ("view", "change", "delete", "export", "erase"):
    rules.add_perm(f"network.{action}_contact", keeps_it | manages_programme)
rules.add_perm("network.add_contact", may_add)

# Networks and their meetings.
rules.add_perm(
    "network.view_network", is_public_network | keeps_it | runs_its_office | manages_programme
)
rules.add_perm("network.add_network", may_add)
rules.add_perm("network.change_network", keeps_it | manages_programme)
rules.add_perm("network.delete_network", keeps_it | manages_programme)
rules.add_perm(
    "network.view_meeting",
    is_public_meeting | organises_network | provider_of_network | manages_programme,
)
rules.add_perm("network.add_meeting", may_add)
rules.add_perm("network.change_meeting", organises_network | manages_programme)
rules.add_perm("network.delete_meeting", organises_network | manages_programme)

# The rest only in the admin: programme office and administrators.
add_model_perms("network", ["networkmembership", "followuptask"], manages_programme)
