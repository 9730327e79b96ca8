"""Pages of target agreements: the list, one agreement (also printable) and its forms.

Every page needs a login. An agreement the user may not see is a 404 (its existence is not
given away); a step the user may not take is a 403; a step the agreement's state does not allow
is shown with the reason (``StepNotAllowed``). Which step is which, who may take it and why it
is refused is written once, in workflow.py; the pages ask it for their buttons and refusals.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veedel.agreements.forms import (
    AgreementCreateForm,
    AssessmentForm,
    PreambleForm,
    RequestChangesForm,
    ReviewForm,
)
from veedel.agreements.forms_query import AgreementListQuery
from veedel.agreements.metrics import target_rows
from veedel.agreements.models import (
    AgreementState,
    AmendmentChange,
    AmendmentState,
    Party,
    Target,
    TargetAgreement,
)
from veedel.agreements.services import (
    StepNotAllowed,
    agreement_agree,
    agreement_assess,
    agreement_close,
    agreement_create,
    agreement_propose,
    agreement_request_changes,
    agreement_review,
    agreement_sign,
    agreement_update,
)
from veedel.agreements.services_amendments import agreement_copy_to_next_year
from veedel.agreements.workflow import AGREEMENT, AMENDMENT, party_of
from veedel.core.queryforms import takes_no_query
from veedel.initiatives.models import Initiative
from veedel.programme.models import CoordinationOffice, Goal

# --- helpers ------------------------------------------------------------------------------


def _agreements():
    return TargetAgreement.objects.select_related("office__provider", "agreed_by")


def get_agreement(request, pk) -> TargetAgreement:
    agreement = get_object_or_404(_agreements(), pk=pk)
    if not request.user.has_perm("agreements.view_targetagreement", agreement):
        raise Http404
    return agreement


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def require_step(request, step: str, agreement) -> None:
    """403 unless the user holds the permission of the workflow step."""
    if not AGREEMENT.permitted(step, request.user, agreement):
        raise PermissionDenied


def _get_target(agreement, target_pk) -> Target:
    target = get_object_or_404(
        Target.objects.select_related("goal").prefetch_related("initiatives"),
        pk=target_pk,
        agreement=agreement,
    )
    target.agreement = agreement
    return target


def _submitted(request):
    return request.POST if request.method == "POST" else None


def _refused(request, agreement, exc: StepNotAllowed, *, status=409):
    """The page that says why a change was refused, with the way forward."""
    return render(
        request,
        "agreements/refused.html",
        {
            "agreement": agreement,
            "reason": exc.message,
            "may_amend": exc.amend and AGREEMENT.permitted("amend", request.user, agreement),
        },
        status=status,
    )


def refused_page(request, step: str, agreement):
    """The refusal page if the agreement's state does not allow ``step`` now, else None."""
    if refusal := AGREEMENT.refusal(step, agreement, request.user):
        return _refused(request, agreement, refusal)
    return None


def _offices_for(user):
    """The offices the user may start an agreement for (the rules decide)."""
    offices = CoordinationOffice.objects.order_by("name")
    return offices.filter(
        pk__in=[o.pk for o in offices if user.has_perm("agreements.add_targetagreement", o)]
    )


# --- list ---------------------------------------------------------------------------------


@login_required
@require_GET
def agreement_list(request):
    user = request.user
    _require(request, "agreements.list_agreements")
    visible = TargetAgreement.objects.visible_to(user)
    form = AgreementListQuery.read(request, agreements=visible)
    agreements = form.filter(visible).select_related("office").order_by("-year", "office__name")
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "agreements": list(agreements),
            "form": form,
            "may_add": user.has_perm("agreements.add_targetagreement"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def agreement_add(request):
    user = request.user
    _require(request, "agreements.add_targetagreement")
    offices = _offices_for(user)
    form = AgreementCreateForm(
        _submitted(request), offices=offices, initial={"year": timezone.localdate().year + 1}
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreement_create(
                office=form.cleaned_data["office"], year=form.cleaned_data["year"], by=user
            )
        except StepNotAllowed as exc:
            form.add_error("year", exc.message)
        else:
            messages.success(request, _("The draft agreement was created. Add its targets."))
            return redirect(agreement)
    return render(request, "agreements/agreement_add.html", {"form": form})


# --- one agreement ------------------------------------------------------------------------


def _page_data(request, agreement) -> dict:
    """Everything the agreement page and its printable view show, in a fixed number of
    queries whatever the number of targets and amendments."""
    user = request.user
    targets = list(
        agreement.targets.select_related("goal")
        .prefetch_related("initiatives")
        .order_by("goal__order", "order", "pk")
    )
    # Linked initiatives are shown only to whom may see them (a council member reads a signed
    # agreement, but not the office's unpublished initiatives): one query for all of them.
    linked = {i.pk for t in targets for i in t.initiatives.all()}
    visible = set(
        Initiative.objects.visible_to(user).filter(pk__in=linked).values_list("pk", flat=True)
    )
    for t in targets:
        t.agreement = agreement
        t.visible_initiatives = [i for i in t.initiatives.all() if i.pk in visible]
    rows = target_rows(targets)
    amendments = list(
        agreement.amendments.prefetch_related(
            Prefetch("changes", queryset=AmendmentChange.objects.select_related("target"))
        )
    )
    agreement.has_pending_amendment = any(a.state == AmendmentState.DRAFT for a in amendments)
    amended = {}
    for amendment in amendments:
        amendment.agreement = agreement
        if amendment.state == AmendmentState.SIGNED:
            for change in amendment.changes.all():
                amended.setdefault(change.target_id, []).append(amendment.number)
    for row in rows:
        row["amended_by"] = amended.get(row["target"].pk, [])
    goals = list(Goal.objects.order_by("programme_id", "order"))
    by_goal = [(g, [r for r in rows if r["target"].goal_id == g.pk]) for g in goals]
    events = list(agreement.events.select_related("actor"))
    return {
        "agreement": agreement,
        "by_goal": by_goal,
        "rows": rows,
        "amendments": amendments,
        "events": events,
        "initiatives": sorted(
            {i for t in targets for i in t.visible_initiatives}, key=lambda i: i.title
        ),
        "party": party_of(user, agreement),
        "Party": Party,
        "State": AgreementState,
    }


#: The steps of the page's "Next steps" box (the others are offered beside the targets).
NEXT_STEPS = (
    "propose",
    "agree",
    "request_changes",
    "sign",
    "edit",
    "review",
    "assess",
    "amend",
    "close",
    "copy",
)


def _actions(request, agreement, amendments) -> dict:
    """The buttons the user gets on the agreement page: per step of the workflow table its
    label if the user may take it now, else None; per amendment the same for its steps."""
    actions = AGREEMENT.offers(request.user, agreement)
    for amendment in amendments:
        amendment.actions = AMENDMENT.offers(request.user, amendment)
    actions["any"] = any(actions[name] for name in NEXT_STEPS)
    return actions


@login_required
@require_GET
@takes_no_query
def agreement_detail(request, pk):
    agreement = get_agreement(request, pk)
    data = _page_data(request, agreement)
    data["actions"] = _actions(request, agreement, data["amendments"])
    data["request_changes_form"] = (
        RequestChangesForm() if data["actions"]["request_changes"] else None
    )
    data["next_year"] = agreement.next_year
    return render(request, "agreements/agreement_detail.html", data)


@login_required
@require_GET
@takes_no_query
def agreement_print(request, pk):
    agreement = get_agreement(request, pk)
    return render(request, "agreements/agreement_print.html", _page_data(request, agreement))


def _signed(agreement) -> str:
    if agreement.state == AgreementState.SIGNED:
        return _("Signed. Both sides have signed: the agreement is in force.")
    return _("Signed. The other side still has to sign.")


#: The steps the buttons of the agreement page post, with their service and what is said when
#: the step was taken.
POSTED_STEPS = {
    "propose": (
        lambda agreement, by, post: agreement_propose(agreement=agreement, by=by),
        lambda agreement: _("The agreement was proposed to the programme office."),
    ),
    "agree": (
        lambda agreement, by, post: agreement_agree(agreement=agreement, by=by),
        lambda agreement: _("The agreement was agreed. Both sides can sign it now."),
    ),
    "request_changes": (
        lambda agreement, by, post: agreement_request_changes(
            agreement=agreement, by=by, comment=post.get("comment", "")
        ),
        lambda agreement: _("The office was asked for changes."),
    ),
    "sign": (
        lambda agreement, by, post: agreement_sign(agreement=agreement, by=by),
        _signed,
    ),
    "close": (
        lambda agreement, by, post: agreement_close(agreement=agreement, by=by),
        lambda agreement: _("The agreement was closed."),
    ),
    "copy": (
        lambda agreement, by, post: agreement_copy_to_next_year(agreement=agreement, by=by),
        lambda new: (
            _("The draft for %(year)s was started as a copy of this agreement.")
            % {"year": new.year}
        ),
    ),
}


@login_required
@require_POST
def agreement_step(request, pk):
    """One workflow step, named by the button (``action``): propose, agree, request_changes,
    sign, close, copy."""
    agreement = get_agreement(request, pk)
    action = request.POST.get("action", "")
    if action not in POSTED_STEPS:
        messages.error(request, _("Unknown step; nothing was changed."))
        return redirect(agreement)
    require_step(request, action, agreement)
    take, said = POSTED_STEPS[action]
    try:
        result = take(agreement, request.user, request.POST)
    except StepNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect(agreement)
    messages.success(request, said(result))
    return redirect(result)


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def agreement_edit(request, pk):
    agreement = get_agreement(request, pk)
    require_step(request, "edit", agreement)
    if refused := refused_page(request, "edit", agreement):
        return refused
    form = PreambleForm(_submitted(request), initial={"preamble": agreement.preamble})
    if request.method == "POST" and form.is_valid():
        try:
            agreement_update(
                agreement=agreement, preamble=form.cleaned_data["preamble"], by=request.user
            )
        except StepNotAllowed as exc:
            return _refused(request, agreement, exc)
        messages.success(request, _("The preamble was saved."))
        return redirect(agreement)
    return render(
        request,
        "agreements/simple_form.html",
        {"agreement": agreement, "form": form, "title": _("Edit the preamble")},
    )


# --- review and assessment -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def agreement_review_view(request, pk):
    agreement = get_agreement(request, pk)
    require_step(request, "review", agreement)
    if refused := refused_page(request, "review", agreement):
        return refused
    targets = list(agreement.targets.select_related("goal").order_by("goal__order", "order", "pk"))
    form = ReviewForm(
        _submitted(request), targets=targets, initial={"comment": agreement.review_comment}
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement_review(
                agreement=agreement,
                by=request.user,
                statuses=form.statuses(),
                comment=form.cleaned_data["comment"],
            )
        except StepNotAllowed as exc:
            return _refused(request, agreement, exc)
        messages.success(request, _("The mid-year review was saved."))
        return redirect(agreement)
    return render(request, "agreements/review_form.html", {"agreement": agreement, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def agreement_assess_view(request, pk):
    agreement = get_agreement(request, pk)
    require_step(request, "assess", agreement)
    if refused := refused_page(request, "assess", agreement):
        return refused
    targets = list(
        agreement.targets.select_related("goal")
        .prefetch_related("initiatives")
        .order_by("goal__order", "order", "pk")
    )
    for t in targets:
        t.agreement = agreement
    form = AssessmentForm(
        _submitted(request),
        rows=target_rows(targets),
        initial={"comment": agreement.assessment_comment},
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement_assess(
                agreement=agreement,
                by=request.user,
                results=form.results(),
                comment=form.cleaned_data["comment"],
            )
        except StepNotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The final assessment was saved."))
            return redirect(agreement)
    return render(request, "agreements/assess_form.html", {"agreement": agreement, "form": form})
