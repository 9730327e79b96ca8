"""Who may do what with reports (docs/roles.md).

Published reports are public. A draft office report is for the office's coordinators (who
generate and write it), its provider lead (who approves it), the programme office (which
publishes it) and administrators; a draft programme report for the programme office and
administrators. Which permission each step asks for, and whether the report's state allows
it, is written in workflow.py; the services refuse with the reason.
"""

import rules

from veedel.core.predicates import (
    is_admin,
    manages_programme,
    office_predicate,
    provider_predicate,
    works_in_an_office,
)


@rules.predicate
def is_published(user, report) -> bool:
    return report is not None and report.is_published


@rules.predicate
def is_office_report(user, report) -> bool:
    return report is not None and report.is_office_report


@rules.predicate
def is_programme_report(user, report) -> bool:
    return report is not None and not report.is_office_report


@rules.predicate
def no_report(user, report) -> bool:
    return report is None


writes_it = office_predicate(lambda report: report.office_id, "writes_the_report")
approves_it = provider_predicate(
    lambda report: report.office.provider_id if report.office_id else None, "approves_the_report"
)

rules.add_perm(
    "reports.view_report",
    is_published | (is_office_report & (writes_it | approves_it)) | manages_programme,
)
# Generating and editing: the office's coordinators their office report, the programme office
# the programme report. Without a report: whether the user may generate any report at all
# (the generate page).
may_write = (
    (is_office_report & (writes_it | is_admin))
    | (is_programme_report & manages_programme)
    | (no_report & (works_in_an_office | manages_programme))
)
rules.add_perm("reports.generate_report", may_write)
rules.add_perm("reports.change_report", may_write & ~no_report)
rules.add_perm("reports.approve_report", is_office_report & (approves_it | is_admin))
rules.add_perm("reports.publish_report", ~no_report & manages_programme)
rules.add_perm("reports.draft_paper_from_report", is_published & manages_programme)
