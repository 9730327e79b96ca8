"""Pages of the programme office: draft a Mitteilung, edit a paper, release or delete it,
upload files, and propose, edit and fix its Beratungsfolge.

Anonymous readers are sent to the log-in page; logged-in users without the right get a 403.
Which step a page takes, who may take it and why it is refused is the workflow table's
(workflow.py); a step the paper does not allow now is refused with the reason as a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veedel.core.queryforms import takes_no_query
from veedel.council import workflow
from veedel.council.forms import (
    ConsultationAddForm,
    ConsultationForm,
    FileForm,
    FileRemoveForm,
    MitteilungForm,
    PaperForm,
    ProposeForm,
    SequenceActionForm,
    StepChoiceForm,
)
from veedel.council.models import Consultation, Meeting, Paper
from veedel.council.services import (
    consultation_add,
    consultation_change,
    consultation_move,
    consultation_remove,
    consultations_apply_proposal,
    consultations_fix,
    file_add,
    file_delete,
    file_replace,
    paper_draft_mitteilung,
    paper_update,
)
from veedel.council.services import (
    paper_delete as paper_delete_service,
)
from veedel.council.services import (
    paper_release as paper_release_service,
)


def _paper_for(request, pk: int, step: str) -> Paper:
    """The paper, if the user may take ``step`` on it (its state is asked by the step)."""
    paper = get_object_or_404(Paper.objects.alive().select_related("body"), pk=pk)
    if not request.user.has_perm("council.view_paper", paper):
        raise PermissionDenied
    if not workflow.permitted(step, request.user, paper):
        raise PermissionDenied
    return paper


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def paper_add(request):
    if not request.user.has_perm("council.add_paper"):
        raise PermissionDenied
    form = MitteilungForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            paper = paper_draft_mitteilung(
                title=data["title"],
                text=data["text"],
                non_public_text=data["non_public_text"],
                files=[data["attachment"]] if data["attachment"] else [],
                social_spaces=data["social_spaces"],
                topics=data["topics"],
                department=data["department"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Draft %(reference)s saved. Now propose its sequence of consultation.")
                % {"reference": paper.reference},
            )
            return redirect("council:paper_sequence", paper.pk)
    return render(request, "council/paper_add.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def paper_edit(request, pk: int):
    paper = _paper_for(request, pk, "edit")
    form = PaperForm(request.POST or None, instance=paper)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        spaces, topics = data.pop("social_spaces"), data.pop("topics")
        try:
            paper_update(paper=paper, by=request.user, social_spaces=spaces, topics=topics, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The paper was saved."))
            return redirect(paper)
    return render(request, "council/paper_form.html", {"form": form, "paper": paper})


@login_required
@require_POST
def paper_release(request, pk: int):
    paper = _paper_for(request, pk, "release")
    try:
        paper_release_service(paper=paper, by=request.user)
    except workflow.StepRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The paper is released."))
    return redirect(paper)


@login_required
@require_POST
def paper_delete(request, pk: int):
    paper = _paper_for(request, pk, "withdraw")
    paper_delete_service(paper=paper, by=request.user)
    messages.success(
        request, _("Paper %(reference)s was deleted.") % {"reference": paper.reference}
    )
    return redirect("council:papers")


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def paper_files(request, pk: int):
    paper = _paper_for(request, pk, "add_file")
    form = FileForm(request.POST or None, request.FILES or None, paper=paper)
    if request.method == "POST" and "delete" in request.POST:
        remove = FileRemoveForm(request.POST, paper=paper)
        if not remove.is_valid():
            raise Http404(_("There is no such file."))
        file_delete(file=remove.cleaned_data["delete"], by=request.user)
        messages.success(request, _("The file was removed."))
        return redirect("council:paper_files", paper.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["replaces"]:
                file_replace(file=data["replaces"], upload=data["upload"], by=request.user)
            else:
                file_add(
                    paper=paper,
                    upload=data["upload"],
                    by=request.user,
                    name=data["name"],
                    is_public=data["is_public"],
                )
        except ValidationError as error:
            form.add_error("upload", error)
        else:
            messages.success(request, _("The file was added."))
            return redirect("council:paper_files", paper.pk)
    files = list(paper.files.alive().order_by("-role", "pk"))
    return render(
        request, "council/paper_files.html", {"paper": paper, "form": form, "files": files}
    )


def _sequence_context(request, paper: Paper, *, propose_form=None, add_form=None, row_forms=None):
    steps = list(
        paper.consultations.alive()
        .select_related("organization", "meeting")
        .prefetch_related(
            Prefetch(
                "organization__meetings",
                queryset=Meeting.objects.alive().filter(cancelled=False).order_by("start"),
            )
        )
        .order_by("order", "pk")
    )
    row_forms = row_forms or {}
    rows = []
    for step in steps:
        form = row_forms.get(step.pk) or ConsultationForm(
            organization=step.organization,
            prefix=f"c{step.pk}",
            initial={"meeting": step.meeting_id, "role": step.role},
        )
        rows.append({"step": step, "form": form})
    after = paper.date
    return {
        "paper": paper,
        "rows": rows,
        "propose_form": propose_form or ProposeForm(initial={"after": after}),
        "add_form": add_form or ConsultationAddForm(prefix="add", initial={"after": after}),
        "missing": [r["step"].organization.name for r in rows if r["step"].meeting_id is None],
        "offers": workflow.offers(request.user, paper),
    }


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def paper_sequence(request, pk: int):
    """The Beratungsfolge: propose it from the areas and topics, then add, remove, reorder
    and change sessions, then fix it. A fixed sequence is shown read-only."""
    paper = _paper_for(request, pk, "edit_sequence")
    if request.method == "GET":
        return render(request, "council/paper_sequence.html", _sequence_context(request, paper))
    if reason := workflow.refusal("edit_sequence", paper):
        messages.error(request, reason)
        return redirect("council:paper_sequence", paper.pk)
    action = SequenceActionForm(request.POST)
    try:
        response = _sequence_action(
            request, paper, action.cleaned_data["action"] if action.is_valid() else ""
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        response = None
    if response is not None:
        return response
    return redirect("council:paper_sequence", paper.pk)


def _step(request, paper: Paper) -> Consultation:
    form = StepChoiceForm(request.POST, paper=paper)
    if not form.is_valid():
        raise ValidationError(_("Choose a body of the sequence."))
    return form.cleaned_data["consultation"]


def _sequence_action(request, paper: Paper, action: str):
    user = request.user
    if action == "propose":
        form = ProposeForm(request.POST)
        if not form.is_valid():
            return render(
                request,
                "council/paper_sequence.html",
                _sequence_context(request, paper, propose_form=form),
            )
        steps = consultations_apply_proposal(paper=paper, after=form.cleaned_data["after"], by=user)
        missing = [s.organization.name for s in steps if s.meeting is None]
        messages.success(request, _("%(count)d bodies proposed.") % {"count": len(steps)})
        if missing:
            messages.warning(
                request,
                _("No session scheduled for: %(names)s.") % {"names": ", ".join(missing)},
            )
        return None
    if action == "add":
        form = ConsultationAddForm(request.POST, prefix="add")
        if not form.is_valid():
            return render(
                request,
                "council/paper_sequence.html",
                _sequence_context(request, paper, add_form=form),
            )
        consultation_add(
            paper=paper,
            organization=form.cleaned_data["organization"],
            meeting=form.next_meeting(),
            by=user,
        )
        return None
    if action in ("up", "down"):
        consultation_move(consultation=_step(request, paper), by=user, up=action == "up")
        return None
    if action == "remove":
        consultation_remove(consultation=_step(request, paper), by=user)
        return None
    if action == "change":
        step = _step(request, paper)
        form = ConsultationForm(request.POST, organization=step.organization, prefix=f"c{step.pk}")
        if not form.is_valid():
            return render(
                request,
                "council/paper_sequence.html",
                _sequence_context(request, paper, row_forms={step.pk: form}),
            )
        consultation_change(
            consultation=step,
            by=user,
            meeting=form.cleaned_data["meeting"],
            role=form.cleaned_data["role"],
        )
        return None
    if action == "fix":
        consultations_fix(paper=paper, by=user)
        messages.success(request, _("The sequence of consultation is fixed."))
        return None
    raise ValidationError(_("Unknown action."))
