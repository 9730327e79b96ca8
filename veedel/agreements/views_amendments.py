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
from veedel.agreements.services import StepNotAllowed
from veedel.agreements.services_amendments import (
    amendment_create,
    amendment_sign,
    amendment_withdraw,
)
from veedel.agreements.views import get_agreement, refused_page, require_step
from veedel.agreements.workflow import AMENDMENT
from veedel.core.queryforms import takes_no_query


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def amendment_add(request, pk):
    agreement = get_agreement(request, pk)
    require_step(request, "amend", agreement)
    if refused := refused_page(request, "amend", agreement):
        return refused
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


def _signed(amendment) -> str:
    if amendment.state == AmendmentState.SIGNED:
        return _("Both sides have signed the amendment: the new values apply.")
    return _("Signed. The other side still has to sign.")


#: The steps the buttons of an amendment post, with their service and what is said after.
POSTED_STEPS = {
    "sign": (amendment_sign, _signed),
    "withdraw": (amendment_withdraw, lambda result: _("The amendment was withdrawn.")),
}


@login_required
@require_POST
def amendment_step(request, pk, number):
    agreement = get_agreement(request, pk)
    amendment = get_object_or_404(Amendment, agreement=agreement, number=number)
    amendment.agreement = agreement
    action = request.POST.get("action", "")
    if action not in POSTED_STEPS:
        messages.error(request, _("Unknown step; nothing was changed."))
        return redirect(agreement)
    if not AMENDMENT.permitted(action, request.user, amendment):
        raise PermissionDenied
    take, said = POSTED_STEPS[action]
    try:
        result = take(amendment=amendment, by=request.user)
    except StepNotAllowed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, said(result))
    return redirect(agreement)
