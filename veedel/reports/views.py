"""Pages of reports: the list, a report (HTML, PDF, DOCX), generating, editing the texts,
approving, publishing, and drafting a council paper from a published report.

Every view asks the rules about the report. A draft the viewer may not see is a 404, so its
existence is not given away; a step the viewer may not take is a 403; a step the report's state
does not allow (e.g. editing a published report) is refused with the reason. Which step is
which, who may take it and why it is refused is written once, in workflow.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veedel.core.queryforms import takes_no_query
from veedel.programme.models import CoordinationOffice
from veedel.reports.charts import svg
from veedel.reports.docx import report_docx
from veedel.reports.forms import GenerateForm, TextsForm
from veedel.reports.forms_query import GenerateQuery, ReportListQuery
from veedel.reports.models import Report, ReportKind
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
from veedel.reports.workflow import REPORT


def _get_report(request, year: int, slug: str | None) -> Report:
    reports = Report.objects.select_related("office__provider", "approved_by", "published_by")
    if slug is None:
        report = get_object_or_404(reports, kind=ReportKind.PROGRAMME, year=year)
    else:
        report = get_object_or_404(reports, kind=ReportKind.OFFICE, year=year, office__slug=slug)
    if not request.user.has_perm("reports.view_report", report):
        raise Http404
    return report


def _require(request, step: str, report: Report) -> None:
    """403 unless the user holds the permission of the workflow step."""
    if not REPORT.permitted(step, request.user, report):
        raise PermissionDenied


# --- list ------------------------------------------------------------------------------------


@require_GET
def report_list(request):
    visible = Report.objects.visible_to(request.user)
    form = ReportListQuery.read(request, reports=visible)
    reports = (
        form.filter(visible).select_related("office").order_by("-year", "kind", "office__name")
    )
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": list(reports),
            "form": form,
            "may_generate": request.user.has_perm("reports.generate_report"),
            "filtered": form.has_filters,
        },
    )


# --- one report ------------------------------------------------------------------------------


@require_GET
@takes_no_query
def report_detail(request, year, slug=None):
    user = request.user
    report = _get_report(request, year, slug)
    shown = present(report)
    charts = [{"chart": c, "svg": svg(c, element_id=f"chart-{c.key}")} for c in shown.charts]
    actions = REPORT.offers(user, report)
    if not user.has_perm("council.add_paper"):
        actions["draft_paper"] = None
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
            "actions": actions,
            # The programme office sees that an activity report still waits for its approval.
            "waits_for_approval": not actions["publish"]
            and REPORT.permitted("publish", user, report)
            and REPORT.allows("approve", report),
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
@takes_no_query(download=True)
def report_pdf_view(request, year, slug=None):
    report = _get_report(request, year, slug)
    return _attachment(report_pdf(report=report), "application/pdf", _file_name(report, "pdf"))


@require_GET
@takes_no_query(download=True)
def report_docx_view(request, year, slug=None):
    report = _get_report(request, year, slug)
    return _attachment(
        report_docx(report=report),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _file_name(report, "docx"),
    )


# --- writing ---------------------------------------------------------------------------------


def _offices_for(user):
    """The offices whose activity report the user may generate (the rules decide)."""
    offices = CoordinationOffice.objects.select_related("provider").order_by("name")
    return offices.filter(
        pk__in=[o.pk for o in offices if REPORT.permitted("generate", user, _probe(office=o))]
    )


def _probe(*, office=None, year=None) -> Report:
    """An unsaved report to ask the rules about one that may not exist yet."""
    kind = ReportKind.OFFICE if office is not None else ReportKind.PROGRAMME
    return Report(kind=kind, office=office, year=year)


def _kinds_for(user, offices) -> list[str]:
    kinds = [ReportKind.OFFICE] if offices else []
    if REPORT.permitted("generate", user, _probe()):
        kinds.append(ReportKind.PROGRAMME)
    return kinds


@login_required
@require_http_methods(["GET", "POST"])
def report_generate_view(request):
    user = request.user
    if not user.has_perm("reports.generate_report"):
        raise PermissionDenied
    offices = _offices_for(user)
    kinds = _kinds_for(user, offices)
    initial = {}
    if request.method == "GET":
        query = GenerateQuery.read(request, offices=offices).given()
        initial = {"kind": query.get("art"), "office": query.get("stelle")}
    form = GenerateForm(
        request.POST if request.method == "POST" else None,
        offices=offices,
        kinds=kinds,
        initial={k: v for k, v in initial.items() if v is not None},
    )
    if request.method == "POST" and form.is_valid():
        office, year = form.cleaned_data["office"], form.cleaned_data["year"]
        _require(request, "generate", _probe(office=office, year=year))
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
@takes_no_query
def report_edit(request, year, slug=None):
    user = request.user
    report = _get_report(request, year, slug)
    _require(request, "edit", report)
    if refusal := REPORT.refusal("edit", report):
        messages.error(request, str(refusal))
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


def _step(request, year, slug, step: str, service, done: str):
    report = _get_report(request, year, slug)
    _require(request, step, report)
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
    return _step(request, year, slug, "approve", report_approve, _("The report was approved."))


@login_required
@require_POST
def report_publish_view(request, year, slug=None):
    return _step(
        request,
        year,
        slug,
        "publish",
        report_publish,
        _("The report was published. From now on its figures and texts stay as they are."),
    )


@login_required
@require_POST
def report_paper_view(request, year, slug=None):
    report = _get_report(request, year, slug)
    _require(request, "draft_paper", report)
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
