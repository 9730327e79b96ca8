"""Targets of an agreement (Handlungsziele): adding and editing them while the agreement may
be edited, binding their indicator to a metric, entering actual values by hand.

Pages about the agreement as a whole are in views.py; amendments in views_amendments.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veedel.agreements.forms import (
    ActualForm,
    MetricForm,
    TargetForm,
)
from veedel.agreements.forms_query import TargetAddQuery
from veedel.agreements.metrics import NOT_AVAILABLE, target_rows
from veedel.agreements.services import (
    StepNotAllowed,
    target_bind_metric,
    target_delete,
    target_save,
    target_set_actual,
)
from veedel.agreements.views import (
    _get_target,
    _refused,
    _submitted,
    get_agreement,
    refused_page,
    require_step,
)
from veedel.core.queryforms import QueryForm, takes_no_query

# --- targets -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, pk, target_pk=None):
    agreement = get_agreement(request, pk)
    require_step(request, "edit", agreement)
    target = _get_target(agreement, target_pk) if target_pk else None
    if refused := refused_page(request, "edit", agreement):
        return refused
    initial = {}
    if request.method == "GET":
        # A new target may start under a goal (``?ziel=``); editing one takes no parameters.
        if target is not None:
            QueryForm.read(request)
        elif goal := TargetAddQuery.read(request).values["ziel"]:
            initial["goal"] = goal
    form = TargetForm(
        _submitted(request), instance=target, office=agreement.office, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "initiatives"}
        try:
            target_save(
                agreement=agreement,
                target=target,
                data=data,
                initiatives=form.cleaned_data["initiatives"],
                by=request.user,
            )
        except StepNotAllowed as exc:
            return _refused(request, agreement, exc)
        messages.success(request, _("The target was saved."))
        return redirect(agreement)
    return render(
        request,
        "agreements/target_form.html",
        {"agreement": agreement, "target": target, "form": form},
    )


@login_required
@require_POST
def target_remove(request, pk, target_pk):
    agreement = get_agreement(request, pk)
    require_step(request, "edit", agreement)
    target = _get_target(agreement, target_pk)
    try:
        target_delete(target=target, by=request.user)
    except StepNotAllowed as exc:
        return _refused(request, agreement, exc)
    messages.success(request, _("The target “%(title)s” was deleted.") % {"title": target.title})
    return redirect(agreement)


def _applicable_filters(form) -> list[tuple[str, list[str]]]:
    """Which filters each metric takes, for the explanation beside the form."""
    from veedel.agreements.metrics import ALLOWED_FILTERS, FILTER_KEYS

    return [
        (
            kind.label,
            [str(form.fields[key].label) for key in FILTER_KEYS if key in ALLOWED_FILTERS[kind]],
        )
        for kind in ALLOWED_FILTERS
    ]


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def target_metric(request, pk, target_pk):
    agreement = get_agreement(request, pk)
    require_step(request, "bind", agreement)
    target = _get_target(agreement, target_pk)
    if refused := refused_page(request, "bind", agreement):
        return refused
    initial = {"kind": target.metric_kind, **(target.metric_filters or {})}
    form = MetricForm(_submitted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            target_bind_metric(
                target=target,
                kind=form.cleaned_data["kind"],
                filters=form.filters,
                by=request.user,
            )
        except StepNotAllowed as exc:
            return _refused(request, agreement, exc)
        except ValidationError as exc:  # pragma: no cover - the form validated the same
            form.add_error(None, exc)
        else:
            messages.success(request, _("The indicator's metric was saved."))
            return redirect(agreement)
    rows = target_rows([target])
    return render(
        request,
        "agreements/target_metric.html",
        {
            "agreement": agreement,
            "target": target,
            "form": form,
            "row": rows[0],
            "not_available": target.metric_kind in NOT_AVAILABLE,
            "applicable": _applicable_filters(form),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def target_actual(request, pk, target_pk):
    agreement = get_agreement(request, pk)
    require_step(request, "actuals", agreement)
    target = _get_target(agreement, target_pk)
    if refused := refused_page(request, "actuals", agreement):
        return refused
    form = ActualForm(
        _submitted(request), initial={"value": target.actual_value, "source": target.actual_source}
    )
    if request.method == "POST" and form.is_valid():
        try:
            target_set_actual(
                target=target,
                value=form.cleaned_data["value"],
                source=form.cleaned_data["source"],
                by=request.user,
            )
        except StepNotAllowed as exc:
            return _refused(request, agreement, exc)
        messages.success(request, _("The actual value was saved."))
        return redirect(agreement)
    return render(
        request,
        "agreements/simple_form.html",
        {
            "agreement": agreement,
            "form": form,
            "title": _("Actual value of “%(title)s”") % {"title": target.title},
            "intro": _(
                "Enter the actual value with its source. A value entered here is shown instead "
                "of a computed one."
            ),
        },
    )
