"""Writing reports: generate, edit the texts, approve, publish, draft a council paper.

Each function asks the workflow table (workflow.py) before it writes: whether ``by`` may take
the step (the rules, through ``has_perm``: ``PermissionDenied``) and whether the report's state
allows it (``ReportRefused`` with a reason the user can read). ``by=None`` is Veedel itself
(the demo loader, the benchmarks): it is refused by state like everybody, never by permission.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veedel.accounts.models import User
from veedel.programme.models import CoordinationOffice
from veedel.reports.figures import office_figures, programme_figures, topics_of
from veedel.reports.models import Report, ReportKind
from veedel.reports.texts import generated_texts, sections_of
from veedel.reports.workflow import REPORT, ReportRefused

__all__ = ["ReportRefused"]  # re-exported: callers catch it from here


def _take(step: str, report: Report, by: User | None):
    """Check the step against the table: the state always, the permission unless Veedel
    itself (``by=None``) takes it."""
    if by is None:
        if refusal := REPORT.refusal(step, report):
            raise refusal
        return REPORT[step]
    return REPORT.check(step, by, report)


@transaction.atomic
def report_generate(
    *,
    office: CoordinationOffice | None = None,
    year: int,
    by: User | None,
    is_example: bool = False,
) -> Report:
    """Compute the figures of the office report (``office``) or of the programme report (no
    office) for ``year`` and write a first text for each section. Generating an existing draft
    again refreshes its figures and replaces the texts nobody has edited since; an approval
    lapses. A published report is refused."""
    kind = ReportKind.OFFICE if office is not None else ReportKind.PROGRAMME
    # Ordered by pk, not by the default order, which joins the (nullable) office.
    same = Report.objects.filter(kind=kind, office=office, year=year).order_by("pk")
    report = same.select_for_update().first()
    step = _take("generate", report or Report(kind=kind, office=office, year=year), by)
    figures = office_figures(office=office, year=year) if office else programme_figures(year=year)
    fresh = generated_texts(figures)
    if report is None:
        report = Report(kind=kind, office=office, year=year, is_example=is_example)
        texts = fresh
    else:
        texts = {}
        for section in sections_of(figures):
            old = report.texts.get(section.key)
            edited = old is not None and old != report.generated_texts.get(section.key)
            texts[section.key] = old if edited else fresh[section.key]
        report.version += 1
    report.figures = figures
    report.texts = texts
    report.generated_texts = fresh
    report.generated_at = timezone.now()
    report.generated_by = by
    report.status = step.to_state
    report.approved_at = report.approved_by = None
    report.save()
    return report


@transaction.atomic
def report_texts_update(
    *, report: Report, texts: dict[str, str], version: int, by: User | None
) -> Report:
    """Save edited sections. Refused for a published report, and when someone else saved the
    report after ``version`` was read. Editing an approved report withdraws the approval."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    step = _take("edit", report, by)
    if version != report.version:
        raise ReportRefused(
            _(
                "Someone else changed this report while you were editing it. Your changes were "
                "not saved; open the report again and repeat them."
            )
        )
    keys = {s.key for s in sections_of(report.figures)}
    report.texts = {**report.texts, **{k: v.strip() for k, v in texts.items() if k in keys}}
    report.version += 1
    if report.is_approved:  # the approval lapses
        report.approved_at = report.approved_by = None
    report.status = step.to_state
    report.save()
    return report


@transaction.atomic
def report_approve(*, report: Report, by: User | None) -> Report:
    """The provider lead approves an office report; only a draft office report."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    step = _take("approve", report, by)
    report.status = step.to_state
    report.approved_at = timezone.now()
    report.approved_by = by
    report.save()
    return report


@transaction.atomic
def report_publish(*, report: Report, by: User | None) -> Report:
    """Publish the report as it stands (figures and texts): from now on it is frozen. An
    office report needs the provider's approval first."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    step = _take("publish", report, by)
    report.status = step.to_state
    report.published_at = timezone.now()
    report.published_by = by
    report.save()
    return report


def report_draft_paper(*, report: Report, pdf: bytes, by: User):
    """Draft a council paper (Mitteilung) from a published report: its title, its summary as
    the public text, the PDF as main file, and the social spaces and topics it concerns."""
    from veedel.areas.models import SocialSpace
    from veedel.council.services import paper_draft_mitteilung

    _take("draft_paper", report, by)
    slugs = [s["slug"] for s in report.figures.get("social_spaces", [])]
    if report.is_office_report:
        file_name = f"sachbericht-{report.year}-{report.office.slug}.pdf"
    else:
        file_name = f"programmbericht-{report.year}.pdf"
    return paper_draft_mitteilung(
        title=str(report),
        text=report.texts.get("summary", ""),
        files=[(file_name, pdf)],
        social_spaces=SocialSpace.objects.filter(slug__in=slugs),
        topics=topics_of(report.figures),
        department=_("Programme office"),
        by=by,
    )
