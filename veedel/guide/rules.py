"""Who may read and change the guide (docs/roles.md, section "Guide").

Published editions are for everybody; drafts only for the programme office and administrators,
who also copy, edit and publish editions. A published edition is read-only for everyone: it is
changed by copying it into a new draft. Asked without an object (as the admin does for its
lists), the change rules hold for the programme office and administrators.
"""

import rules

from veedel.core.predicates import manages_programme


def edition_of(obj):
    """The edition an edition, situation, key process, method or step belongs to."""
    if obj is None:
        return None
    if hasattr(obj, "key_process_id"):  # a process step
        return obj.key_process.edition
    if hasattr(obj, "edition_id"):
        return obj.edition
    return obj


@rules.predicate
def is_published_edition(user, obj) -> bool:
    edition = edition_of(obj)
    return edition is not None and edition.is_published


@rules.predicate
def is_draft_or_no_object(user, obj) -> bool:
    edition = edition_of(obj)
    return edition is None or not edition.is_published


may_edit = manages_programme & is_draft_or_no_object

rules.add_perm("guide.view_edition", is_published_edition | manages_programme)
rules.add_perm("guide.add_edition", manages_programme)  # a new draft, or a copy
rules.add_perm("guide.change_edition", may_edit)
rules.add_perm("guide.delete_edition", may_edit)
rules.add_perm("guide.publish_edition", may_edit)

# The content of an edition, in the admin (the guide's own pages ask for change_edition).
rules.add_perm("guide", manages_programme)
for _model in ("situation", "keyprocess", "processstep", "method"):
    rules.add_perm(f"guide.view_{_model}", manages_programme)
    for _action in ("add", "change", "delete"):
        rules.add_perm(f"guide.{_action}_{_model}", may_edit)
