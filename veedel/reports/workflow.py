"""The workflow of reports, written once: draft → approved by the provider (activity reports
only) → published, and frozen from then on. Each step names the states it may be taken from,
the permission that says who may take it (rules.py, asked with ``has_perm``) and why it is
refused. The services check every step here; the report page asks it for its buttons. The
machinery (``Step``, ``Refusal``, ``Workflow``) is the agreements' (veedel/agreements/workflow.py).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy

from veedel.agreements.workflow import Refusal, Step, StepNotAllowed, Workflow
from veedel.reports.models import ReportStatus


class ReportRefused(StepNotAllowed):
    """The report is not in a state that allows this; the message says why."""


R = ReportStatus
WHILE_DRAFT = frozenset({R.DRAFT, R.APPROVED})
FROZEN = Refusal(
    frozenset({R.PUBLISHED}),
    gettext_lazy(
        "This report was published on %(date)s and is frozen: its figures and texts no longer "
        "change."
    ),
)


def _office_reports_only(report, user) -> str | None:
    if report.is_office_report:
        return None
    return str(gettext_lazy("The programme report is published without an approval."))


def _approved_if_office_report(report, user) -> str | None:
    if not report.is_office_report or report.is_approved:
        return None
    return str(
        gettext_lazy("An activity report is published only after its provider has approved it.")
    )


REPORT_STEPS = (
    Step(
        "generate",
        WHILE_DRAFT,
        R.DRAFT,  # an approval lapses
        "reports.generate_report",
        label=gettext_lazy("Compute the figures again"),
        forbidden=gettext_lazy("You may not generate this report."),
        refusals=(FROZEN,),
    ),
    Step(
        "edit",
        WHILE_DRAFT,
        R.DRAFT,  # editing an approved report withdraws the approval
        "reports.change_report",
        label=gettext_lazy("Edit the texts"),
        forbidden=gettext_lazy("You may not edit the texts of this report."),
        refusals=(FROZEN,),
    ),
    Step(
        "approve",
        frozenset({R.DRAFT}),
        R.APPROVED,
        "reports.approve_report",
        label=gettext_lazy("Approve the report"),
        forbidden=gettext_lazy("Only the provider running the office approves its report."),
        refusals=(
            FROZEN,
            Refusal(
                frozenset({R.APPROVED}), gettext_lazy("This report has already been approved.")
            ),
        ),
        guard=_office_reports_only,
    ),
    Step(
        "publish",
        WHILE_DRAFT,
        R.PUBLISHED,
        "reports.publish_report",
        label=gettext_lazy("Publish the report"),
        forbidden=gettext_lazy("Only the programme office publishes reports."),
        refusals=(FROZEN,),
        guard=_approved_if_office_report,
    ),
    Step(
        "draft_paper",
        frozenset({R.PUBLISHED}),
        None,
        "reports.draft_paper_from_report",
        label=gettext_lazy("Draft a Mitteilung from this report"),
        forbidden=gettext_lazy("Only the programme office drafts council papers."),
        refusals=(
            Refusal(
                WHILE_DRAFT,
                gettext_lazy("A council paper is drafted only from a published report."),
            ),
        ),
    ),
)


def _params(report) -> dict:
    published = report.published_at
    return {
        "date": timezone.localtime(published).strftime("%d.%m.%Y") if published else "–",
    }


REPORT = Workflow(
    states=ReportStatus,
    steps=REPORT_STEPS,
    default_refusal=gettext_lazy("This step is not possible while the report is “%(state)s”."),
    params=_params,
    refused=ReportRefused,
    state_field="status",
)
