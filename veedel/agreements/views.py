"""Pages of target agreements: the list, one agreement (also printable) and its forms.

Every page needs a login. An agreement the user may not see is a 404 (its existence is not
given away); a step the user may not take is a 403; a step the agreement's state does not allow
is shown as a message with the reason (``StepNotAllowed``).
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
)
from veedel.agreements.metrics import target_rows
from veedel.agreements.models import (
    EDITABLE_STATES,
    AgreementState,
    AmendmentChange,
    Target,
    TargetAgreement,
)
from veedel.agreements.services import (
    AMENDABLE_STATES,
    RUNNING_STATES,
    StepNotAllowed,
    agreement_agree,
    agreement_assess,
    agreement_close,
    agreement_create,
    agreement_propose,
    agreement_request_changes,
    agreement_sign,
    agreement_update,
    signing_side,
)
from veedel.agreements.services_amendments import agreement_copy_to_next_year
from veedel.core.predicates import manages_programme, office_ids_of
from veedel.initiatives.models import Initiative
from veedel.programme.models import CoordinationOffice, Goal

S = AgreementState


# --- helpers ------------------------------------------------------------------------------


def _agreements():
    return TargetAgreement.objects.select_related(
        "office__provider", "office_signed_by", "city_signed_by", "agreed_by"
    )


def get_agreement(request, pk) -> TargetAgreement:
    agreement = get_object_or_404(_agreements(), pk=pk)
    if not request.user.has_perm("agreements.view_targetagreement", agreement):
        raise Http404
    return agreement


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
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
            "may_amend": exc.amend
            and request.user.has_perm("agreements.change_targetagreement", agreement),
        },
        status=status,
    )


def _offices_for(user):
    offices = CoordinationOffice.objects.order_by("name")
    if manages_programme(user):
        return offices
    return offices.filter(pk__in=office_ids_of(user))


# --- list ---------------------------------------------------------------------------------


@login_required
@require_GET
def agreement_list(request):
    user = request.user
    _require(request, "agreements.list_agreements")
    agreements = (
        TargetAgreement.objects.visible_to(user)
        .select_related("office")
        .order_by("-year", "office__name")
    )
    years = sorted(set(agreements.values_list("year", flat=True)), reverse=True)
    offices = CoordinationOffice.objects.filter(pk__in=agreements.values("office_id")).order_by(
        "name"
    )
    chosen = {"jahr": None, "stelle": None, "status": None}
    if raw := request.GET.get("jahr", "").strip():
        if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100:
            chosen["jahr"] = int(raw)
            agreements = agreements.filter(year=int(raw))
        else:
            messages.warning(
                request,
                _("“%(value)s” is not a year; agreements of all years are shown.")
                % {"value": raw[:20]},
            )
    if raw := request.GET.get("stelle", "").strip():
        office = offices.filter(slug=raw).first()
        if office is None:
            messages.warning(
                request,
                _("There is no agreement of an office “%(value)s”; all offices are shown.")
                % {"value": raw[:60]},
            )
        else:
            chosen["stelle"] = office
            agreements = agreements.filter(office=office)
    if raw := request.GET.get("status", "").strip():
        if raw in S.values:
            chosen["status"] = S(raw)
            agreements = agreements.filter(state=raw)
        else:
            messages.warning(
                request,
                _("“%(value)s” is not a state of an agreement; all states are shown.")
                % {"value": raw[:40]},
            )
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "agreements": list(agreements),
            "chosen": chosen,
            "years": years,
            "offices": offices,
            "states": S.choices,
            "may_add": user.has_perm("agreements.add_targetagreement"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
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
        agreement.amendments.select_related("office_signed_by", "city_signed_by").prefetch_related(
            Prefetch("changes", queryset=AmendmentChange.objects.select_related("target"))
        )
    )
    amended = {}
    for amendment in amendments:
        if amendment.state == "signed":
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
        "user_side": signing_side(user, agreement),
    }


def _actions(request, agreement, amendments) -> dict:
    """Which buttons the current user gets on the agreement page."""
    user = request.user
    has = user.has_perm
    state = agreement.state
    side = signing_side(user, agreement)
    may_change = has("agreements.change_targetagreement", agreement)
    pending = [a for a in amendments if a.state == "draft"]
    return {
        "edit": may_change and state in EDITABLE_STATES,
        "propose": has("agreements.propose_targetagreement", agreement)
        and state in EDITABLE_STATES,
        "decide": has("agreements.decide_targetagreement", agreement) and state == S.PROPOSED,
        "sign": has("agreements.sign_targetagreement", agreement)
        and state == S.AGREED
        and side is not None
        and not getattr(agreement, f"{side}_signed_at"),
        "review": may_change and state in (S.SIGNED, S.REVIEWED),
        "assess": may_change and state in (S.REVIEWED, S.ASSESSED) and not pending,
        "close": has("agreements.close_targetagreement", agreement) and state == S.ASSESSED,
        "amend": may_change and state in AMENDABLE_STATES and not pending,
        "actuals": may_change and state in RUNNING_STATES,
        "bind": has("agreements.bind_metric", agreement) and state != S.CLOSED,
        "copy": may_change
        and agreement.is_signed
        and not TargetAgreement.objects.filter(
            office_id=agreement.office_id, year=agreement.year + 1
        ).exists(),
        "sign_amendment": has("agreements.sign_targetagreement", agreement) and side is not None,
        "withdraw_amendment": may_change,
        "side": side,
    }


@login_required
@require_GET
def agreement_detail(request, pk):
    agreement = get_agreement(request, pk)
    data = _page_data(request, agreement)
    data["actions"] = _actions(request, agreement, data["amendments"])
    data["request_changes_form"] = None
    if data["actions"]["decide"]:
        from veedel.agreements.forms import RequestChangesForm

        data["request_changes_form"] = RequestChangesForm()
    data["next_year"] = (
        TargetAgreement.objects.filter(office_id=agreement.office_id, year=agreement.year + 1)
        .only("pk", "year")
        .first()
    )
    return render(request, "agreements/agreement_detail.html", data)


@login_required
@require_GET
def agreement_print(request, pk):
    agreement = get_agreement(request, pk)
    return render(request, "agreements/agreement_print.html", _page_data(request, agreement))


@login_required
@require_POST
def agreement_step(request, pk):
    """One workflow step, named by the button: propose, agree, request_changes, sign, close,
    copy."""
    user = request.user
    agreement = get_agreement(request, pk)
    action = request.POST.get("action", "")
    perms = {
        "propose": "agreements.propose_targetagreement",
        "agree": "agreements.decide_targetagreement",
        "request_changes": "agreements.decide_targetagreement",
        "sign": "agreements.sign_targetagreement",
        "close": "agreements.close_targetagreement",
        "copy": "agreements.change_targetagreement",
    }
    if action not in perms:
        messages.error(request, _("Unknown step; nothing was changed."))
        return redirect(agreement)
    _require(request, perms[action], agreement)
    try:
        if action == "propose":
            agreement_propose(agreement=agreement, by=user)
            messages.success(request, _("The agreement was proposed to the programme office."))
        elif action == "agree":
            agreement_agree(agreement=agreement, by=user)
            messages.success(request, _("The agreement was agreed. Both sides can sign it now."))
        elif action == "request_changes":
            agreement_request_changes(
                agreement=agreement, by=user, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("The office was asked for changes."))
        elif action == "sign":
            agreement_sign(agreement=agreement, by=user)
            if agreement.state == S.SIGNED:
                messages.success(
                    request, _("Signed. Both sides have signed: the agreement is in force.")
                )
            else:
                messages.success(request, _("Signed. The other side still has to sign."))
        elif action == "close":
            agreement_close(agreement=agreement, by=user)
            messages.success(request, _("The agreement was closed."))
        elif action == "copy":
            new = agreement_copy_to_next_year(agreement=agreement, by=user)
            messages.success(
                request,
                _("The draft for %(year)s was started as a copy of this agreement.")
                % {"year": new.year},
            )
            return redirect(new)
    except StepNotAllowed as exc:
        messages.error(request, exc.message)
    return redirect(agreement)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk):
    agreement = get_agreement(request, pk)
    _require(request, "agreements.change_targetagreement", agreement)
    if agreement.state not in EDITABLE_STATES:
        return _refused(request, agreement, _state_refusal(agreement))
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


def _state_refusal(agreement) -> StepNotAllowed:
    """Why targets cannot be edited in the agreement's current state."""
    if agreement.is_signed:
        return StepNotAllowed(
            _(
                "The agreement has been signed by both sides and cannot be changed any more. "
                "Make an amendment instead."
            ),
            amend=agreement.state in AMENDABLE_STATES,
        )
    return StepNotAllowed(
        _(
            "The agreement is “%(state)s”: its targets can be edited only as a draft or after "
            "the programme office asked for changes."
        )
        % {"state": agreement.get_state_display()}
    )


# --- review and assessment -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agreement_review_view(request, pk):
    from veedel.agreements.forms import ReviewForm
    from veedel.agreements.services import agreement_review

    agreement = get_agreement(request, pk)
    _require(request, "agreements.change_targetagreement", agreement)
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
    if request.method == "GET" and agreement.state not in (S.SIGNED, S.REVIEWED):
        return _refused(
            request,
            agreement,
            StepNotAllowed(_("The mid-year review follows once both sides have signed.")),
        )
    return render(request, "agreements/review_form.html", {"agreement": agreement, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_assess_view(request, pk):
    agreement = get_agreement(request, pk)
    _require(request, "agreements.change_targetagreement", agreement)
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
    if request.method == "GET" and agreement.state not in (S.REVIEWED, S.ASSESSED):
        return _refused(
            request,
            agreement,
            StepNotAllowed(_("The final assessment follows the mid-year review.")),
        )
    return render(request, "agreements/assess_form.html", {"agreement": agreement, "form": form})
