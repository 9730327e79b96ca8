"""The daily work on an initiative: checklist steps, the activity log, documents (upload and
permission-checked download) and the CSV exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veedel.core import uploads
from veedel.core.queryforms import takes_no_query
from veedel.core.spreadsheets import csv_response
from veedel.initiatives import queries, workflow
from veedel.initiatives.forms import (
    ActivityForm,
    DocumentForm,
    StepAddForm,
    StepForm,
    StepStatusForm,
)
from veedel.initiatives.forms_query import InitiativeQuery, read_download
from veedel.initiatives.models import Activity, Document, InitiativeStep, TargetGroup
from veedel.initiatives.services import (
    ConflictError,
    activity_delete,
    activity_log,
    activity_update,
    document_add,
    document_delete,
    document_set_public,
    step_add,
    step_update,
)
from veedel.initiatives.views import (
    _conflict_message,
    form_errors_to,
    get_initiative,
    get_initiative_to_change,
    with_conflict,
)
from veedel.initiatives.workflow import InitiativeAction
from veedel.network.models import Meeting
from veedel.programme.models import Goal

STEP_FIELDS = [
    "title",
    "aim",
    "status",
    "skip_reason",
    "responsible",
    "due",
    "started",
    "finished",
    "notes",
]


def _submitted(request):
    return request.POST if request.method == "POST" else None


def _refuse_unless(action: InitiativeAction, user, subject) -> None:
    """403, with the workflow's reason, unless ``user`` may take the step on ``subject``."""
    if reason := workflow.refusal(action, user, subject):
        raise PermissionDenied(reason)


# --- checklist ----------------------------------------------------------------------------


def _step(initiative, pk) -> InitiativeStep:
    step = get_object_or_404(InitiativeStep, pk=pk, initiative=initiative)
    step.initiative = initiative
    return step


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def step_add_view(request, pk):
    initiative = get_initiative_to_change(request, pk, InitiativeAction.ADD_STEP)
    form = StepAddForm(_submitted(request))
    if request.method == "POST" and form.is_valid():
        step = step_add(initiative=initiative, by=request.user, **form.cleaned_data)
        messages.success(request, _("The step “%(title)s” was added.") % {"title": step.title})
        return redirect(f"{initiative.get_absolute_url()}#checklist")
    return render(
        request,
        "initiatives/step_form.html",
        {"form": form, "initiative": initiative, "step": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def step_edit(request, pk, step_pk):
    """Edit a step; the short status form of the initiative page posts here with ``quick``."""
    user = request.user
    initiative = get_initiative_to_change(request, pk, InitiativeAction.UPDATE_STEP)
    step = _step(initiative, step_pk)
    _refuse_unless(InitiativeAction.UPDATE_STEP, user, step)
    quick = request.method == "POST" and "quick" in request.POST
    form_class = StepStatusForm if quick else StepForm
    kwargs = {} if quick else {"instance": step}
    form = form_class(_submitted(request), version=step.version, **kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            step = step_update(step=step, data=data, version=data["version"], by=user)
        except ConflictError as error:
            conflict = error.current
            form.add_error(None, _conflict_message(conflict))
        except ValidationError as error:
            form_errors_to(form, error)
        else:
            messages.success(
                request,
                _("Step “%(title)s”: %(status)s.")
                % {"title": step.title, "status": step.get_status_display()},
            )
            return redirect(f"{initiative.get_absolute_url()}#step-{step.pk}")
    changes = with_conflict(form, conflict, STEP_FIELDS) if conflict else []
    return render(
        request,
        "initiatives/step_form.html",
        {
            "form": form,
            "initiative": initiative,
            "step": step,
            "conflict": conflict,
            "changes": changes,
            "quick": quick,
        },
    )


# --- activities ---------------------------------------------------------------------------


def _meetings(initiative):
    return (
        Meeting.objects.filter(network__office_id=initiative.office_id)
        .select_related("network")
        .order_by("-start")
    )


def _activity(initiative, pk) -> Activity:
    activity = get_object_or_404(Activity, pk=pk, initiative=initiative)
    activity.initiative = initiative
    return activity


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def activity_add(request, pk):
    initiative = get_initiative_to_change(request, pk, InitiativeAction.LOG_ACTIVITY)
    form = ActivityForm(
        _submitted(request),
        meetings=_meetings(initiative),
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_log(
                initiative=initiative,
                data=form.cleaned_data,
                participants=form.participants(),
                goals=form.cleaned_data["goals"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors_to(form, error)
        else:
            messages.success(
                request, _("The activity “%(title)s” was logged.") % {"title": activity.title}
            )
            return redirect(f"{initiative.get_absolute_url()}#activities")
    return render(
        request,
        "initiatives/activity_form.html",
        {"form": form, "initiative": initiative, "activity": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def activity_edit(request, pk, activity_pk):
    user = request.user
    initiative = get_initiative_to_change(request, pk, InitiativeAction.UPDATE_ACTIVITY)
    activity = _activity(initiative, activity_pk)
    _refuse_unless(InitiativeAction.UPDATE_ACTIVITY, user, activity)
    form = ActivityForm(_submitted(request), instance=activity, meetings=_meetings(initiative))
    if request.method == "POST" and form.is_valid():
        try:
            activity_update(
                activity=activity,
                data=form.cleaned_data,
                participants=form.participants(),
                goals=form.cleaned_data["goals"],
                by=user,
            )
        except ValidationError as error:
            form_errors_to(form, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(f"{initiative.get_absolute_url()}#activities")
    return render(
        request,
        "initiatives/activity_form.html",
        {"form": form, "initiative": initiative, "activity": activity},
    )


@login_required
@require_POST
def activity_delete_view(request, pk, activity_pk):
    initiative = get_initiative_to_change(request, pk, InitiativeAction.DELETE_ACTIVITY)
    activity = _activity(initiative, activity_pk)
    _refuse_unless(InitiativeAction.DELETE_ACTIVITY, request.user, activity)
    activity_delete(activity=activity, by=request.user)
    messages.success(request, _("The activity was deleted."))
    return redirect(f"{initiative.get_absolute_url()}#activities")


# --- documents ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def document_add_view(request, pk):
    initiative = get_initiative_to_change(request, pk, InitiativeAction.ADD_DOCUMENT)
    form = DocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = document_add(
                initiative=initiative,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                is_public=form.cleaned_data["is_public"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request, _("The document “%(title)s” was kept.") % {"title": document.title}
            )
            return redirect(f"{initiative.get_absolute_url()}#documents")
    return render(
        request, "initiatives/document_form.html", {"form": form, "initiative": initiative}
    )


@require_GET
@takes_no_query(download=True)
def document_download(request, pk, document_pk):
    """The file as an attachment, never shown inline: the stored type from the allowlist,
    ``nosniff``, a sandboxing content security policy and a safe file name."""
    initiative = get_initiative(request, pk)
    document = get_object_or_404(Document, pk=document_pk, initiative=initiative)
    document.initiative = initiative
    if not request.user.has_perm("initiatives.view_document", document):
        raise Http404
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    return uploads.attachment_response(
        handle,
        filename=document.original_name,
        content_type=document.content_type,
        public=document.publicly_visible,
    )


@login_required
@require_POST
def document_public_view(request, pk, document_pk):
    """Mark a document public (downloadable by anyone once the initiative is published) or
    internal again."""
    initiative = get_initiative_to_change(request, pk, InitiativeAction.SET_DOCUMENT_PUBLIC)
    document = get_object_or_404(Document, pk=document_pk, initiative=initiative)
    document.initiative = initiative
    _refuse_unless(InitiativeAction.SET_DOCUMENT_PUBLIC, request.user, document)
    is_public = request.POST.get("is_public") == "1"
    document_set_public(document=document, is_public=is_public, by=request.user)
    message = _("“%(title)s” is public now.") if is_public else _("“%(title)s” is internal now.")
    messages.success(request, message % {"title": document.title})
    return redirect(f"{initiative.get_absolute_url()}#documents")


@login_required
@require_POST
def document_delete_view(request, pk, document_pk):
    initiative = get_initiative_to_change(request, pk, InitiativeAction.DELETE_DOCUMENT)
    document = get_object_or_404(Document, pk=document_pk, initiative=initiative)
    document.initiative = initiative
    _refuse_unless(InitiativeAction.DELETE_DOCUMENT, request.user, document)
    document_delete(document=document, by=request.user)
    messages.success(request, _("The document was deleted."))
    return redirect(f"{initiative.get_absolute_url()}#documents")


# --- CSV exports --------------------------------------------------------------------------
# As Excel in Germany opens them, with formula-like cells escaped (veedel.core.spreadsheets).


def _date(value):
    return f"{value:%d.%m.%Y}" if value else ""


def _names(items):
    return ", ".join(str(i) for i in items)


PUBLIC_HEADERS = [
    "Nr.",
    "Titel",
    "Kurzbeschreibung",
    "Sozialraum",
    "Koordinationsstelle",
    "Status",
    "Beginn",
    "Ende",
    "Leitziele",
    "Themenfelder",
    "Beispieldaten",
]
INTERNAL_HEADERS = [
    "Schlüsselprozess",
    "Veröffentlicht",
    "Schritte",
    "Schritte erledigt oder übersprungen",
    "Aktivitäten",
    "Letzte Aktivität",
    "Höchste Wirkungsstufe",
]


@require_GET
def initiative_list_csv(request):
    """The filtered list as CSV (the list's filters; one that cannot be read is a 400 that
    names it). Everybody gets the public columns; the figures of the checklist and activity
    log only for initiatives whose internals the user may read."""
    user = request.user
    form, refused = read_download(InitiativeQuery, request)
    if refused:
        return refused
    initiatives = form.filter(queries.visible_initiatives(user))
    initiatives = queries.with_figures(initiatives.select_related("key_process")).order_by(
        "-start", "title", "pk"
    )
    # Whoever reads the internals of some initiatives gets their columns (empty elsewhere).
    internal = user.has_perm("initiatives.view_internals_of_initiative")

    def rows():
        for i in initiatives:
            row = [
                i.pk,
                i.title,
                i.summary,
                i.social_space.name,
                i.office.name,
                i.get_status_display(),
                _date(i.start),
                _date(i.end),
                _names(i.goals.all()),
                _names(i.topics.all()),
                "ja" if i.is_example else "nein",
            ]
            if internal:
                if user.has_perm("initiatives.view_internals_of_initiative", i):
                    row += [
                        i.key_process.title if i.key_process else "",
                        "ja" if i.is_published else "nein",
                        i.step_count,
                        i.steps_done,
                        i.activity_count,
                        _date(i.last_activity),
                        i.get_outcome_step_display() if i.outcome_step else "",
                    ]
                else:
                    row += [""] * len(INTERNAL_HEADERS)
            yield row

    headers = PUBLIC_HEADERS + (INTERNAL_HEADERS if internal else [])
    return csv_response(headers, rows(), stem="vorhaben")


TARGET_GROUPS_DE = {
    TargetGroup.CHILDREN: "Kinder",
    TargetGroup.YOUNG_PEOPLE: "Jugendliche",
    TargetGroup.FAMILIES: "Familien und Eltern",
    TargetGroup.SENIORS: "Seniorinnen und Senioren",
    TargetGroup.MIGRANTS: "Menschen mit Einwanderungsgeschichte",
    TargetGroup.WOMEN: "Frauen",
    TargetGroup.DISABLED: "Menschen mit Behinderung",
    TargetGroup.UNEMPLOYED: "Arbeitslose",
    TargetGroup.PROFESSIONALS: "Fachkräfte und Institutionen",
    TargetGroup.RESIDENTS: "Bewohnerschaft allgemein",
}
ACTIVITY_HEADERS = [
    "Datum",
    "Art",
    "Titel",
    "Beschreibung",
    "Teilnehmende gesamt",
    *[f"davon {label}" for label in TARGET_GROUPS_DE.values()],
    "Stunden",
    "Leitziele",
    "Wirkungsstufe",
    "Netzwerksitzung",
]


@require_GET
@takes_no_query(download=True)
def activities_csv(request, pk):
    user = request.user
    initiative = get_initiative(request, pk)
    if not user.has_perm("initiatives.export_activities_of_initiative", initiative):
        raise PermissionDenied if user.is_authenticated else Http404
    activities = (
        initiative.activities.select_related("network_meeting__network")
        .prefetch_related(
            "participants", Prefetch("goals", queryset=Goal.objects.order_by("order"))
        )
        .order_by("date", "pk")
    )

    def rows():
        for a in activities:
            counts = {p.target_group: p.count for p in a.participants.all()}
            meeting = a.network_meeting
            yield [
                _date(a.date),
                a.get_kind_display(),
                a.title,
                a.description,
                a.participants_total,
                *[counts.get(value, "") for value in TARGET_GROUPS_DE],
                str(a.hours).replace(".", ","),
                _names(a.goals.all()),
                a.impact_step or "",
                f"{meeting.network.name}, {meeting.start:%d.%m.%Y}" if meeting else "",
            ]

    return csv_response(ACTIVITY_HEADERS, rows(), stem=f"vorhaben-{initiative.pk}-aktivitaeten")
