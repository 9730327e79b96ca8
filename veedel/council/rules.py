"""Who may do what with council papers, sessions and bodies (docs/roles.md).

Everybody reads released public papers, their public files and every session. Council members,
the programme office and administrators also read non-public papers and the non-public parts
(text and files) of papers. Drafts and all editing belong to the programme office and
administrators.

The permissions of the steps of a paper (edit, release, withdraw, the Beratungsfolge, files)
say *who* may take them; whether the paper's state allows a step now (not withdrawn, the
Beratungsfolge still open) is written in workflow.py, which the services and pages ask.
"""

import rules

from veedel.core.predicates import add_model_perms, is_council_member, manages_programme
from veedel.council.models import PaperState

may_read_non_public = is_council_member | manages_programme


@rules.predicate
def is_public_paper(user, paper) -> bool:
    return paper is not None and paper.publicly_visible


@rules.predicate
def is_released_paper(user, paper) -> bool:
    return paper is not None and paper.state == PaperState.RELEASED


@rules.predicate
def is_alive_paper(user, paper) -> bool:
    return paper is not None and paper.deleted is None


@rules.predicate
def is_public_file_of_public_paper(user, file) -> bool:
    return file is not None and file.publicly_visible


@rules.predicate
def may_read_file_of_released_paper(user, file) -> bool:
    return file is not None and may_read_non_public(user) and is_released_paper(user, file.paper)


@rules.predicate
def manages_file_of_alive_paper(user, file) -> bool:
    return file is not None and manages_programme(user) and is_alive_paper(user, file.paper)


rules.add_perm(
    "council.view_paper",
    is_public_paper
    | (may_read_non_public & is_released_paper)
    | (manages_programme & is_alive_paper),
)
rules.add_perm(
    "council.view_nonpublic_part",
    (may_read_non_public & is_released_paper) | (manages_programme & is_alive_paper),
)
rules.add_perm(
    "council.view_file",
    is_public_file_of_public_paper | may_read_file_of_released_paper | manages_file_of_alive_paper,
)
# Lists: who reads drafts and non-public papers there, and non-public agenda items of sessions.
rules.add_perm("council.view_draft_papers", manages_programme)
rules.add_perm("council.view_nonpublic_papers", may_read_non_public)
rules.add_perm("council.view_nonpublic_items", may_read_non_public)
# The steps of workflow.py (the state is checked there).
rules.add_perm("council.add_paper", manages_programme)
rules.add_perm("council.change_paper", manages_programme)
rules.add_perm("council.delete_paper", manages_programme)
rules.add_perm("council.change_consultations", manages_programme)

# The rest is kept in the admin, by the programme office and administrators; the mapping of
# topics to committees is a field of the organisation there.
add_model_perms(
    "council",
    [
        "body",
        "legislativeterm",
        "location",
        "organization",
        "person",
        "meeting",
        "agendaitem",
        "consultation",
    ],
    manages_programme,
)
# Papers and their files are edited in Veedel's own pages, not in the admin.
rules.add_perm("council.add_file", manages_programme)
rules.add_perm("council.delete_file", manages_programme)
