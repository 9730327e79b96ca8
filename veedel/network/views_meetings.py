"""Meetings of a network (Sitzungen): adding and editing them with attendance, decisions and
follow-up tasks, their page, the minutes as PDF, and the status of a follow-up task.

As for networks (views_networks.py): what the viewer may not see is a 404, what they may
see but not change is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veedel.core.queryforms import takes_no_query
from veedel.network.forms_networks import (
    MeetingForm,
    TaskFormSet,
    TaskStatusForm,
)
from veedel.network.models import (
    Actor,
    FollowUpTask,
    Meeting,
    TaskStatus,
)
from veedel.network.pdf import minutes_pdf
from veedel.network.services_networks import (
    TaskData,
    meeting_create,
    meeting_update,
    task_set_status,
)
from veedel.network.views_networks import (
    _get_meeting,
    _get_network,
    _submitted,
    _visible_attendees,
)


def _task_formset(request, *, meeting=None):
    tasks = list(meeting.tasks.all()) if meeting else []
    initial = [
        {
            "id": t.pk,
            "title": t.title,
            "responsible": t.responsible,
            "due": t.due,
            "status": t.status,
        }
        for t in tasks
    ]
    return TaskFormSet(
        _submitted(request), prefix="tasks", initial=initial, allowed_ids={t.pk for t in tasks}
    )


def _task_data(formset) -> list[TaskData]:
    tasks = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        tasks.append(
            TaskData(
                title=data["title"],
                responsible=data["responsible"],
                due=data.get("due"),
                status=data["status"],
                pk=data.get("id"),
            )
        )
    return tasks


def _attendee_choices(user, network, meeting=None):
    visible = Actor.objects.visible_to(user)
    choices = visible.filter(memberships__network=network)
    if meeting is not None:
        choices = choices | visible.filter(meetings_attended=meeting)
    return Actor.objects.filter(pk__in=choices.values("pk")).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def meeting_add(request, slug):
    user = request.user
    network = _get_network(request, slug)
    if not (
        user.has_perm("network.add_meeting") and user.has_perm("network.change_network", network)
    ):
        raise PermissionDenied
    form = MeetingForm(
        _submitted(request),
        instance=Meeting(network=network),
        attendee_choices=_attendee_choices(user, network),
    )
    tasks = _task_formset(request)
    if request.method == "POST":
        valid = form.is_valid()
        if tasks.is_valid() and valid:
            meeting = meeting_create(
                network=network,
                data=form.cleaned_data,
                attendees=form.cleaned_data["attendees"],
                tasks=_task_data(tasks),
                by=user,
            )
            messages.success(request, _("The meeting was recorded."))
            return redirect(meeting)
    return render(
        request,
        "network/meeting_form.html",
        {"form": form, "tasks": tasks, "network": network, "meeting": None},
    )


@require_GET
@takes_no_query
def meeting_detail(request, slug, pk):
    user = request.user
    network = _get_network(request, slug)
    meeting = _get_meeting(request, network, pk)
    may_change = user.has_perm("network.change_meeting", meeting)
    return render(
        request,
        "network/meeting_detail.html",
        {
            "network": network,
            "meeting": meeting,
            "agenda": [line.strip() for line in meeting.agenda.splitlines() if line.strip()],
            "attendees": _visible_attendees(user, meeting),
            "tasks": list(meeting.tasks.all()),
            "may_change": may_change,
            "statuses": TaskStatus.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def meeting_edit(request, slug, pk):
    user = request.user
    network = _get_network(request, slug)
    meeting = _get_meeting(request, network, pk)
    if not user.has_perm("network.change_meeting", meeting):
        raise PermissionDenied
    form = MeetingForm(
        _submitted(request),
        instance=meeting,
        attendee_choices=_attendee_choices(user, network, meeting),
    )
    tasks = _task_formset(request, meeting=meeting)
    if request.method == "POST":
        valid = form.is_valid()
        if tasks.is_valid() and valid:
            # Attendees the editor cannot see stay as they are.
            hidden = [
                a
                for a in meeting.attendees.select_related("office")
                if not user.has_perm("network.view_actor", a)
            ]
            meeting_update(
                meeting=meeting,
                data=form.cleaned_data,
                attendees=[*form.cleaned_data["attendees"], *hidden],
                tasks=_task_data(tasks),
                by=user,
            )
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting)
    return render(
        request,
        "network/meeting_form.html",
        {"form": form, "tasks": tasks, "network": network, "meeting": meeting},
    )


@require_GET
@takes_no_query(download=True)
def meeting_pdf(request, slug, pk):
    user = request.user
    network = _get_network(request, slug)
    meeting = _get_meeting(request, network, pk)
    pdf = minutes_pdf(
        meeting=meeting,
        attendees=_visible_attendees(user, meeting),
        tasks=list(meeting.tasks.all()),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    start = timezone.localtime(meeting.start)
    response["Content-Disposition"] = (
        f'inline; filename="protokoll-{network.slug}-{start:%Y-%m-%d}.pdf"'
    )
    if not meeting.publicly_visible:
        response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def task_status(request, pk):
    user = request.user
    task = get_object_or_404(FollowUpTask.objects.select_related("meeting__network__office"), pk=pk)
    meeting = task.meeting
    if not user.has_perm("network.view_meeting", meeting):
        raise Http404
    if not user.has_perm("network.change_meeting", meeting):
        raise PermissionDenied
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        task_set_status(task=task, status=form.cleaned_data["status"], by=user)
        messages.success(
            request,
            _("“%(task)s” is now: %(status)s.")
            % {"task": task.title, "status": task.get_status_display()},
        )
    else:
        messages.error(request, _("Choose a status: open, in progress or done."))
    return redirect(meeting.get_absolute_url() + "#tasks")


# --- calendar -----------------------------------------------------------------------------
