"""Who may read and change the guide (docs/roles.md, section "Guide").

Published editions are for everybody; drafts only for the programme office and administrators,
who also copy, edit and publish editions. A published edition is read-only for everyone: it is
changed by copying it into a new draft. Asked without an object (as the admin does for its
lists), the change rules hold for the programme office and administrators.

The permissions of the workflow's steps (create, copy, edit, delete, publish) come from its one
table, ``workflow.STEPS``: who may take a step, and in which states of the edition.
"""

import rules

from veedel.core.predicates import manages_programme
from veedel.guide.workflow import STEPS, EditionAction, edition_of, rule

__all__ = ["edition_of"]


@rules.predicate
def is_published_edition(user, obj) -> bool:
    edition = edition_of(obj)
    return edition is not None and edition.is_published


rules.add_perm("guide.view_edition", is_published_edition | manages_programme)
_registered: dict[str, tuple] = {}
for _step in STEPS.values():
    # Create and copy share ``guide.add_edition``; the table must give them the same rule.
    _key = (_step.who, _step.states)
    if _step.permission in _registered:
        assert _registered[_step.permission] == _key, _step.permission
        continue
    _registered[_step.permission] = _key
    rules.add_perm(_step.permission, rule(_step.action))

# The content of an edition, in the admin (the guide's own pages ask for change_edition): it
# is edited as the edition is.
rules.add_perm("guide", manages_programme)
for _model in ("situation", "keyprocess", "processstep", "method"):
    rules.add_perm(f"guide.view_{_model}", manages_programme)
    for _action in ("add", "change", "delete"):
        rules.add_perm(f"guide.{_action}_{_model}", rule(EditionAction.EDIT))
