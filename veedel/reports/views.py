"""Pages of reports: the list, a report (HTML, PDF, DOCX), generating, editing the texts,
approving, publishing, and drafting a council paper from a published report.

Every view asks the rules about the report. A draft the viewer may not see is a 404, so its
existence is not given away; a step the viewer may not take is a 403; a step the report's state
does not allow (e.g. editing a published report) is refused with the reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veedel.core.predicates import is_admin, manages_programme, office_ids_of
from veedel.programme.models import CoordinationOffice
from veedel.reports.charts import svg
from veedel.reports.docx import report_docx
from veedel.reports.forms import GenerateForm, TextsForm
from veedel.reports.models import Report, ReportKind, ReportStatus
from veedel.reports.pdf import report_pdf
from veedel.reports.present import goal_rows, present
from veedel.reports.services import (
    ReportRefused,
    report_approve,
    report_draft_paper,
    report_generate,
    report_publish,
    report_texts_update,
)

KIND_PARAM = {"sachbericht": ReportKind.OFFICE, "programmbericht": ReportKind.PROGRAMME}


def _get_report(request, year: int, slug: str | None) -> Report:
    reports = Report.objects.select_related("office__provider", "approved_by", "published_by")
    if slug is None:
        report = get_object_or_404(reports, kind=ReportKind.PROGRAMME, year=year)
    else:
        report = get_object_or_404(reports, kind=ReportKind.OFFICE, year=year, office__slug=slug)
    if not request.user.has_perm("reports.view_report", report):
        raise Http404
    return report


def _require(request, perm: str, report: Report) -> None:
    if not request.user.has_perm(perm, report):
        raise PermissionDenied


# --- list ------------------------------------------------------------------------------------


@require_GET
def report_list(request):
    user = request.user
    reports = (
        Report.objects.visible_to(user)
        .select_related("office")
        .order_by("-year", "kind", "office__name")
    )
    chosen = {"jahr": None, "stelle": None, "art": None}
    if raw := request.GET.get("jahr", "").strip():
        if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100:
            chosen["jahr"] = int(raw)
            reports = reports.filter(year=int(raw))
        else:
            messages.warning(
                request,
                _(
                    "“%(value)s” is not a year; enter it as a number, e.g. 2025. Reports of all "
                    "years are shown."
                )
                % {"value": raw[:20]},
            )
    if raw := request.GET.get("stelle", "").strip():
        office = CoordinationOffice.objects.filter(slug=raw).first()
        if office is None:
            messages.warning(
                request,
                _("There is no coordination office “%(value)s”; reports of all offices are shown.")
                % {"value": raw[:60]},
            )
        else:
            chosen["stelle"] = office
            reports = reports.filter(office=office)
    if raw := request.GET.get("art", "").strip():
        if raw in KIND_PARAM:
            chosen["art"] = raw
            reports = reports.filter(kind=KIND_PARAM[raw])
        else:
            messages.warning(
                request,
                _(
                    "“%(value)s” is not a kind of report; choose activity reports or programme "
                    "reports. Reports of both kinds are shown."
                )
                % {"value": raw[:60]},
            )
    reports = list(reports)
    years = sorted(
        set(Report.objects.visible_to(user).values_list("year", flat=True)), reverse=True
    )
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": reports,
            "chosen": chosen,
            "years": years,
            "offices": CoordinationOffice.objects.order_by("name").only("name", "slug"),
            "may_generate": user.has_perm("reports.generate_report"),
            "filtered": any(chosen.values()),
        },
    )


# --- one report ------------------------------------------------------------------------------


@require_GET
def report_detail(request, year, slug=None):
    user = request.user
    report = _get_report(request, year, slug)
    shown = present(report)
    charts = [{"chart": c, "svg": svg(c, element_id=f"chart-{c.key}")} for c in shown.charts]
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "shown": shown,
            "f": shown.figures,
            "s": shown.section_by_key,
            "goals": goal_rows(shown),
            "charts": {c["chart"].key: c for c in charts},
            "may_change": user.has_perm("reports.change_report", report)
            and not report.is_published,
            "may_approve": user.has_perm("reports.approve_report", report)
            and report.status == ReportStatus.DRAFT,
            "may_publish": user.has_perm("reports.publish_report", report)
            and not report.is_published
            and (report.status == ReportStatus.APPROVED or not report.is_office_report),
            "waits_for_approval": user.has_perm("reports.publish_report", report)
            and report.is_office_report
            and report.status == ReportStatus.DRAFT,
            "may_draft_paper": user.has_perm("reports.draft_paper_from_report", report)
            and user.has_perm("council.add_paper"),
        },
    )


def _file_name(report: Report, ext: str) -> str:
    if report.is_office_report:
        return f"sachbericht-{report.year}-{report.office.slug}.{ext}"
    return f"programmbericht-{report.year}.{ext}"


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def report_pdf_view(request, year, slug=None):
    report = _get_report(request, year, slug)
    return _attachment(report_pdf(report=report), "application/pdf", _file_name(report, "pdf"))


@require_GET
def report_docx_view(request, year, slug=None):
    report = _get_report(request, year, slug)
    return _attachment(
        report_docx(report=report),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _file_name(report, "docx"),
    )


# --- writing ---------------------------------------------------------------------------------


def _offices_for(user):
    offices = CoordinationOffice.objects.select_related("provider").order_by("name")
    if is_admin(user):
        return offices
    return offices.filter(pk__in=office_ids_of(user))


def _kinds_for(user) -> list[str]:
    kinds = []
    if is_admin(user) or office_ids_of(user):
        kinds.append(ReportKind.OFFICE)
    if manages_programme(user):
        kinds.append(ReportKind.PROGRAMME)
    return kinds


@login_required
@require_http_methods(["GET", "POST"])
def report_generate_view(request):
    user = request.user
    if not user.has_perm("reports.generate_report"):
        raise PermissionDenied
    kinds = _kinds_for(user)
    initial = {}
    if (kind := request.GET.get("art")) in KIND_PARAM:
        initial["kind"] = KIND_PARAM[kind]
    if slug := request.GET.get("stelle"):
        initial["office"] = _offices_for(user).filter(slug=slug).first()
    form = GenerateForm(
        request.POST if request.method == "POST" else None,
        offices=_offices_for(user),
        kinds=kinds,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        office, year = form.cleaned_data["office"], form.cleaned_data["year"]
        probe = Report(kind=form.cleaned_data["kind"], office=office, year=year)
        if not user.has_perm("reports.generate_report", probe):
            raise PermissionDenied
        try:
            report = report_generate(office=office, year=year, by=user)
        except ReportRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("The figures of “%(report)s” were computed; check and complete the texts.")
                % {"report": report},
            )
            return redirect(report)
    return render(request, "reports/report_generate.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, year, slug=None):
    user = request.user
    report = _get_report(request, year, slug)
    _require(request, "reports.change_report", report)
    if report.is_published:
        messages.error(
            request,
            _("This report was published and is frozen: its texts can no longer be edited."),
        )
        return redirect(report)
    shown = present(report)
    form = TextsForm(
        request.POST if request.method == "POST" else None,
        sections=shown.sections,
        initial={"version": report.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report_texts_update(
                report=report, texts=form.texts(), version=form.cleaned_data["version"], by=user
            )
        except ReportRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The texts were saved."))
            return redirect(report)
    return render(request, "reports/report_edit.html", {"report": report, "form": form})


def _step(request, year, slug, perm, service, done: str):
    report = _get_report(request, year, slug)
    _require(request, perm, report)
    try:
        service(report=report, by=request.user)
    except ReportRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect(report)


@login_required
@require_POST
def report_approve_view(request, year, slug=None):
    return _step(
        request, year, slug, "reports.approve_report", report_approve, _("The report was approved.")
    )


@login_required
@require_POST
def report_publish_view(request, year, slug=None):
    return _step(
        request,
        year,
        slug,
        "reports.publish_report",
        report_publish,
        _("The report was published. From now on its figures and texts stay as they are."),
    )


@login_required
@require_POST
def report_paper_view(request, year, slug=None):
    report = _get_report(request, year, slug)
    _require(request, "reports.draft_paper_from_report", report)
    try:
        paper = report_draft_paper(report=report, pdf=report_pdf(report=report), by=request.user)
    except ReportRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(report)
    messages.success(
        request,
        _("A draft Mitteilung was made from this report; propose its Beratungsfolge next."),
    )
    return redirect(paper)
