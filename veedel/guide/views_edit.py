"""Editing the guide in Veedel's own pages (programme office and administrators).

Only drafts are edited. A published edition is read-only: whoever may edit the guide and opens
an edit page of a published edition is sent back to it with the note to copy it into a new
draft. Anonymous visitors are sent to the log-in page; users who may not read a draft get a
404 (its existence is not given away), users who may read but not edit a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veedel.core.queryforms import takes_no_query
from veedel.guide import services
from veedel.guide.forms import (
    CopyForm,
    EditionForm,
    KeyProcessForm,
    MethodForm,
    SituationForm,
    StepForm,
)
from veedel.guide.models import Edition, KeyProcess, Method, ProcessStep, Situation
from veedel.guide.views import edition_context, get_edition
from veedel.guide.workflow import EditionAction, refusal
from veedel.programme.models import Programme

GET_POST = ["GET", "POST"]


class _Refused(Exception):
    def __init__(self, response):
        self.response = response


def _editable(request, edition_slug, action: EditionAction = EditionAction.EDIT) -> Edition:
    """The edition ``edition_slug`` if the user may take the step ``action`` (edit, publish,
    delete) on it now; raises otherwise."""
    edition = get_edition(request, edition_slug)
    refused = refusal(action, request.user, edition)
    if refused is None:
        return edition
    if refused.by_state and refusal(action, request.user) is None:
        # The user edits the guide, but not this edition in its state (a published edition
        # is read-only, for superusers too): back to it, with the reason.
        messages.error(request, refused.reason)
        raise _Refused(redirect("guide:edition", edition.slug))
    raise PermissionDenied(refused.reason)


def editor(view):
    """Log-in required; no query parameters (any given is named in a message); turns a refusal
    for a published edition into its redirect."""

    @login_required
    @takes_no_query
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Refused as refused:
            return refused.response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _submitted(request):
    return request.POST if request.method == "POST" else None


def _overview(edition) -> str:
    return reverse("guide:edit", args=[edition.slug])


def _form_page(request, edition, form, *, heading: str, cancel: str, submit: str = ""):
    context = edition_context(request, edition)
    context.update(form=form, heading=heading, cancel_url=cancel, submit=submit or _("Save"))
    return render(request, "guide/edit/form.html", context)


def _confirm_page(request, edition, *, heading, text, button, cancel, danger=True):
    context = edition_context(request, edition)
    context.update(heading=heading, text=text, button=button, cancel_url=cancel, danger=danger)
    return render(request, "guide/edit/confirm.html", context)


# --- editions -----------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
@takes_no_query
def edition_add(request):
    if refused := refusal(EditionAction.CREATE, request.user):
        raise PermissionDenied(refused.reason)
    programme = Programme.objects.order_by("pk").first()
    form = EditionForm(_submitted(request), initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        edition = services.edition_create(
            programme=programme, data=form.cleaned_data, by=request.user
        )
        messages.success(request, _("The draft “%(title)s” was created.") % {"title": edition})
        return redirect("guide:edit", edition.slug)
    return render(
        request,
        "guide/edit/form.html",
        {"form": form, "heading": _("New edition of the guide"), "submit": _("Create draft")},
    )


@login_required
@require_http_methods(GET_POST)
@takes_no_query
def edition_copy(request, edition_slug):
    source = get_edition(request, edition_slug)
    if refused := refusal(EditionAction.COPY, request.user, source):
        raise PermissionDenied(refused.reason)
    year = timezone.localdate().year
    form = CopyForm(_submitted(request), initial={"title": source.title, "year": year})
    if request.method == "POST" and form.is_valid():
        copy = services.edition_copy(
            edition=source,
            title=form.cleaned_data["title"],
            year=form.cleaned_data["year"],
            by=request.user,
        )
        messages.success(
            request,
            _("“%(source)s” was copied into the new draft “%(title)s”.")
            % {"source": source.title, "title": copy.title},
        )
        return redirect("guide:edit", copy.slug)
    return _form_page(
        request,
        source,
        form,
        heading=_("Copy “%(title)s” into a new draft") % {"title": source.title},
        cancel=reverse("guide:edition", args=[source.slug]),
        submit=_("Copy into a new draft"),
    )


@editor
@require_http_methods(["GET"])
def edit_overview(request, edition_slug):
    edition = _editable(request, edition_slug)
    context = edition_context(request, edition)
    context.update(
        situations=edition.situations.annotate(n_processes=Count("key_processes")).order_by(
            "order", "title"
        ),
        processes=edition.key_processes.annotate(n_steps=Count("steps")).order_by("order", "title"),
        methods=edition.methods.annotate(n_steps=Count("steps")).order_by("name"),
    )
    return render(request, "guide/edit/overview.html", context)


@editor
@require_http_methods(GET_POST)
def edition_edit(request, edition_slug):
    edition = _editable(request, edition_slug)
    form = EditionForm(_submitted(request), instance=Edition.objects.get(pk=edition.pk))
    if request.method == "POST" and form.is_valid():
        services.edition_update(edition=edition, data=form.cleaned_data, by=request.user)
        messages.success(request, _("The edition was saved."))
        return redirect("guide:edit", edition.slug)
    return _form_page(
        request,
        edition,
        form,
        heading=_("Title, year and introduction"),
        cancel=_overview(edition),
    )


@editor
@require_http_methods(GET_POST)
def edition_publish(request, edition_slug):
    edition = _editable(request, edition_slug, EditionAction.PUBLISH)
    if request.method == "POST":
        try:
            services.edition_publish(edition=edition, by=request.user)
        except services.EditionIncomplete as refused:
            messages.error(request, str(refused))
            return redirect("guide:edit", edition.slug)
        messages.success(
            request,
            _("“%(title)s” is published and can now be read by everybody.")
            % {"title": edition.title},
        )
        return redirect("guide:edition", edition.slug)
    return _confirm_page(
        request,
        edition,
        heading=_("Publish “%(title)s”?") % {"title": edition.title},
        text=_(
            "Everybody can then read this edition. A published edition cannot be changed any "
            "more; later changes are made in a new draft copied from it. The newest published "
            "edition is the current one."
        ),
        button=_("Publish"),
        cancel=_overview(edition),
        danger=False,
    )


@editor
@require_http_methods(GET_POST)
def edition_delete(request, edition_slug):
    edition = _editable(request, edition_slug, EditionAction.DELETE)
    if request.method == "POST":
        services.edition_delete(edition=edition, by=request.user)
        messages.success(request, _("The draft “%(title)s” was deleted.") % {"title": edition})
        return redirect("guide:editions")
    return _confirm_page(
        request,
        edition,
        heading=_("Delete the draft “%(title)s”?") % {"title": edition.title},
        text=_("The draft with all its situations, key processes and methods is deleted."),
        button=_("Delete the draft"),
        cancel=_overview(edition),
    )


# --- situations ---------------------------------------------------------------------------


def _situation_form_page(request, edition, situation):
    form = SituationForm(_submitted(request), instance=situation, edition=edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = services.situation_save(
            edition=edition,
            situation=situation,
            data=data,
            goals=data["goals"],
            topics=data["topics"],
            key_processes=data["key_processes"],
            by=request.user,
        )
        messages.success(request, _("The situation “%(title)s” was saved.") % {"title": saved})
        return redirect("guide:situation", edition.slug, saved.slug)
    heading = (
        _("Edit the situation “%(title)s”") % {"title": situation.title}
        if situation
        else _("New situation")
    )
    return _form_page(request, edition, form, heading=heading, cancel=_overview(edition))


@editor
@require_http_methods(GET_POST)
def situation_add(request, edition_slug):
    return _situation_form_page(request, _editable(request, edition_slug), None)


@editor
@require_http_methods(GET_POST)
def situation_edit(request, edition_slug, slug):
    edition = _editable(request, edition_slug)
    situation = get_object_or_404(Situation, edition=edition, slug=slug)
    return _situation_form_page(request, edition, situation)


@editor
@require_http_methods(GET_POST)
def situation_delete(request, edition_slug, slug):
    edition = _editable(request, edition_slug)
    situation = get_object_or_404(Situation, edition=edition, slug=slug)
    if request.method == "POST":
        services.situation_delete(situation=situation, by=request.user)
        messages.success(
            request, _("The situation “%(title)s” was deleted.") % {"title": situation}
        )
        return redirect("guide:edit", edition.slug)
    return _confirm_page(
        request,
        edition,
        heading=_("Delete the situation “%(title)s”?") % {"title": situation.title},
        text=_("The key processes it suggests are kept."),
        button=_("Delete"),
        cancel=reverse("guide:situation", args=[edition.slug, situation.slug]),
    )


# --- key processes ------------------------------------------------------------------------


def _process_form_page(request, edition, process):
    form = KeyProcessForm(_submitted(request), instance=process, edition=edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = services.process_save(
            edition=edition,
            process=process,
            data=data,
            goals=data["goals"],
            topics=data["topics"],
            situations=data["situations"],
            by=request.user,
        )
        messages.success(request, _("The key process “%(title)s” was saved.") % {"title": saved})
        return redirect("guide:process", edition.slug, saved.slug)
    heading = (
        _("Edit the key process “%(title)s”") % {"title": process.title}
        if process
        else _("New key process")
    )
    return _form_page(request, edition, form, heading=heading, cancel=_overview(edition))


@editor
@require_http_methods(GET_POST)
def process_add(request, edition_slug):
    return _process_form_page(request, _editable(request, edition_slug), None)


@editor
@require_http_methods(GET_POST)
def process_edit(request, edition_slug, slug):
    edition = _editable(request, edition_slug)
    process = get_object_or_404(KeyProcess, edition=edition, slug=slug)
    return _process_form_page(request, edition, process)


@editor
@require_http_methods(GET_POST)
def process_delete(request, edition_slug, slug):
    edition = _editable(request, edition_slug)
    process = get_object_or_404(KeyProcess, edition=edition, slug=slug)
    if request.method == "POST":
        services.process_delete(process=process, by=request.user)
        messages.success(
            request, _("The key process “%(title)s” was deleted.") % {"title": process}
        )
        return redirect("guide:edit", edition.slug)
    return _confirm_page(
        request,
        edition,
        heading=_("Delete the key process “%(title)s”?") % {"title": process.title},
        text=_("Its steps are deleted with it; the situations are kept."),
        button=_("Delete"),
        cancel=process.get_absolute_url(),
    )


# --- steps --------------------------------------------------------------------------------


def _step_form_page(request, edition, process, step):
    form = StepForm(_submitted(request), instance=step, edition=edition)
    if request.method == "POST" and form.is_valid():
        saved = services.step_save(
            process=process,
            step=step,
            data=form.cleaned_data,
            methods=form.cleaned_data["methods"],
            by=request.user,
        )
        messages.success(request, _("The step “%(title)s” was saved.") % {"title": saved.title})
        return redirect(f"{process.get_absolute_url()}#schritt-{saved.order}")
    heading = (
        _("Edit step %(number)d of “%(process)s”") % {"number": step.order, "process": process}
        if step
        else _("New step for “%(process)s”") % {"process": process}
    )
    return _form_page(request, edition, form, heading=heading, cancel=process.get_absolute_url())


def _process_of(edition, slug) -> KeyProcess:
    process = get_object_or_404(KeyProcess, edition=edition, slug=slug)
    process.edition = edition
    return process


@editor
@require_http_methods(GET_POST)
def step_add(request, edition_slug, slug):
    edition = _editable(request, edition_slug)
    return _step_form_page(request, edition, _process_of(edition, slug), None)


@editor
@require_http_methods(GET_POST)
def step_edit(request, edition_slug, slug, pk):
    edition = _editable(request, edition_slug)
    process = _process_of(edition, slug)
    step = get_object_or_404(ProcessStep, key_process=process, pk=pk)
    return _step_form_page(request, edition, process, step)


@editor
@require_http_methods(GET_POST)
def step_delete(request, edition_slug, slug, pk):
    edition = _editable(request, edition_slug)
    process = _process_of(edition, slug)
    step = get_object_or_404(ProcessStep, key_process=process, pk=pk)
    step.key_process = process
    if request.method == "POST":
        services.step_delete(step=step, by=request.user)
        messages.success(request, _("The step “%(title)s” was deleted.") % {"title": step.title})
        return redirect(process)
    return _confirm_page(
        request,
        edition,
        heading=_("Delete step %(number)d “%(title)s”?")
        % {"number": step.order, "title": step.title},
        text=_("The steps after it move up one place."),
        button=_("Delete"),
        cancel=process.get_absolute_url(),
    )


@editor
@require_POST
def step_move(request, edition_slug, slug, pk):
    edition = _editable(request, edition_slug)
    process = _process_of(edition, slug)
    step = get_object_or_404(ProcessStep, key_process=process, pk=pk)
    step.key_process = process
    direction = request.POST.get("richtung")
    if direction not in ("hoch", "runter"):
        messages.error(request, _("Unknown direction; the steps were not moved."))
        return redirect(process)
    if not services.step_move(step=step, up=direction == "hoch", by=request.user):
        messages.info(request, _("The step is already at that end of the list."))
    step.refresh_from_db(fields=["order"])
    return redirect(f"{process.get_absolute_url()}#schritt-{step.order}")


# --- methods ------------------------------------------------------------------------------


def _method_form_page(request, edition, method):
    form = MethodForm(_submitted(request), instance=method, edition=edition)
    if request.method == "POST" and form.is_valid():
        saved = services.method_save(
            edition=edition, method=method, data=form.cleaned_data, by=request.user
        )
        messages.success(request, _("The method “%(name)s” was saved.") % {"name": saved})
        return redirect("guide:method", edition.slug, saved.slug)
    heading = _("Edit the method “%(name)s”") % {"name": method.name} if method else _("New method")
    return _form_page(request, edition, form, heading=heading, cancel=_overview(edition))


@editor
@require_http_methods(GET_POST)
def method_add(request, edition_slug):
    return _method_form_page(request, _editable(request, edition_slug), None)


@editor
@require_http_methods(GET_POST)
def method_edit(request, edition_slug, slug):
    edition = _editable(request, edition_slug)
    method = get_object_or_404(Method, edition=edition, slug=slug)
    return _method_form_page(request, edition, method)


@editor
@require_http_methods(GET_POST)
def method_delete(request, edition_slug, slug):
    edition = _editable(request, edition_slug)
    method = get_object_or_404(Method, edition=edition, slug=slug)
    if request.method == "POST":
        services.method_delete(method=method, by=request.user)
        messages.success(request, _("The method “%(name)s” was deleted.") % {"name": method})
        return redirect("guide:methods", edition.slug)
    return _confirm_page(
        request,
        edition,
        heading=_("Delete the method “%(name)s”?") % {"name": method.name},
        text=_("The steps that use it are kept; they no longer name the method."),
        button=_("Delete"),
        cancel=reverse("guide:method", args=[edition.slug, method.slug]),
    )
