"""Writing reports: generate, edit the texts, approve, publish, draft a council paper.

The views check who may do something (rules.py); these functions check whether the report is
in a state that allows it, and refuse with a reason the user can read (``ReportRefused``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veedel.accounts.models import User
from veedel.programme.models import CoordinationOffice
from veedel.reports.figures import office_figures, programme_figures, topics_of
from veedel.reports.models import Report, ReportKind, ReportStatus
from veedel.reports.texts import generated_texts, sections_of


class ReportRefused(Exception):
    """The report is not in a state that allows this; the message says why."""


def _refuse_if_published(report: Report) -> None:
    if report.is_published:
        raise ReportRefused(
            _(
                "This report was published on %(date)s and is frozen: its figures and texts "
                "no longer change."
            )
            % {"date": timezone.localtime(report.published_at).strftime("%d.%m.%Y")}
        )


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
    if report is not None:
        _refuse_if_published(report)
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
    report.status = ReportStatus.DRAFT
    report.approved_at = report.approved_by = None
    report.save()
    return report


@transaction.atomic
def report_texts_update(*, report: Report, texts: dict[str, str], version: int, by: User) -> Report:
    """Save edited sections. Refused for a published report, and when someone else saved the
    report after ``version`` was read. Editing an approved report withdraws the approval."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_if_published(report)
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
    if report.status == ReportStatus.APPROVED:
        report.status = ReportStatus.DRAFT
        report.approved_at = report.approved_by = None
    report.save()
    return report


@transaction.atomic
def report_approve(*, report: Report, by: User) -> Report:
    """The provider lead approves an office report; only a draft office report."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_if_published(report)
    if not report.is_office_report:
        raise ReportRefused(_("The programme report is published without an approval."))
    if report.status == ReportStatus.APPROVED:
        raise ReportRefused(_("This report has already been approved."))
    report.status = ReportStatus.APPROVED
    report.approved_at = timezone.now()
    report.approved_by = by
    report.save()
    return report


@transaction.atomic
def report_publish(*, report: Report, by: User) -> Report:
    """Publish the report as it stands (figures and texts): from now on it is frozen. An
    office report needs the provider's approval first."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_if_published(report)
    if report.is_office_report and report.status != ReportStatus.APPROVED:
        raise ReportRefused(
            _("An activity report is published only after its provider has approved it.")
        )
    report.status = ReportStatus.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = by
    report.save()
    return report


def report_draft_paper(*, report: Report, pdf: bytes, by: User):
    """Draft a council paper (Mitteilung) from a published report: its title, its summary as
    the public text, the PDF as main file, and the social spaces and topics it concerns."""
    from veedel.areas.models import SocialSpace
    from veedel.council.services import paper_draft_mitteilung

    if not report.is_published:
        raise ReportRefused(_("A council paper is drafted only from a published report."))
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
