"""Amendments (Änderungsvereinbarungen) of signed agreements: drafting, signing, withdrawing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veedel.agreements.forms import AmendmentForm
from veedel.agreements.models import Amendment, AmendmentState
from veedel.agreements.services import AMENDABLE_STATES, StepNotAllowed
from veedel.agreements.services_amendments import (
    amendment_create,
    amendment_sign,
    amendment_withdraw,
)
from veedel.agreements.views import _refused, get_agreement


@login_required
@require_http_methods(["GET", "POST"])
def amendment_add(request, pk):
    agreement = get_agreement(request, pk)
    if not request.user.has_perm("agreements.change_targetagreement", agreement):
        raise PermissionDenied
    if agreement.state not in AMENDABLE_STATES:
        return _refused(
            request,
            agreement,
            StepNotAllowed(
                _("Only a signed agreement that has not been assessed yet can be amended.")
            ),
        )
    targets = list(agreement.targets.select_related("goal").order_by("goal__order", "order", "pk"))
    form = AmendmentForm(request.POST if request.method == "POST" else None, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = amendment_create(
                agreement=agreement,
                summary=form.cleaned_data["summary"],
                reason=form.cleaned_data["reason"],
                changes=form.changes(),
                by=request.user,
            )
        except StepNotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Amendment %(number)s was drafted. It takes effect when both sides have "
                    "signed it."
                )
                % {"number": amendment.number},
            )
            return redirect(agreement)
    return render(request, "agreements/amendment_form.html", {"agreement": agreement, "form": form})


@login_required
@require_POST
def amendment_step(request, pk, number):
    agreement = get_agreement(request, pk)
    amendment = get_object_or_404(Amendment, agreement=agreement, number=number)
    amendment.agreement = agreement
    action = request.POST.get("action", "")
    user = request.user
    if action == "sign":
        if not user.has_perm("agreements.sign_targetagreement", agreement):
            raise PermissionDenied
        try:
            amendment = amendment_sign(amendment=amendment, by=user)
        except StepNotAllowed as exc:
            messages.error(request, exc.message)
        else:
            if amendment.state == AmendmentState.SIGNED:
                messages.success(
                    request, _("Both sides have signed the amendment: the new values apply.")
                )
            else:
                messages.success(request, _("Signed. The other side still has to sign."))
    elif action == "withdraw":
        if not user.has_perm("agreements.change_targetagreement", agreement):
            raise PermissionDenied
        try:
            amendment_withdraw(amendment=amendment, by=user)
        except StepNotAllowed as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The amendment was withdrawn."))
    else:
        messages.error(request, _("Unknown step; nothing was changed."))
    return redirect(agreement)
