"""The workflow of target agreements and every write on them.

Each step asks the workflow table (workflow.py) before it writes: whether the user may take it
(the rules, through ``has_perm``; ``PermissionDenied``, a 403 in the views) and whether the
agreement's state allows it (``StepNotAllowed`` with the reason, which the views show). So no
caller can skip either.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veedel.agreements.models import (
    AgreementEvent,
    EventKind,
    ReviewStatus,
    Target,
    TargetAgreement,
    achievement_of,
)
from veedel.agreements.workflow import (
    AGREEMENT,
    SIGNED_EVENTS,
    StepNotAllowed,
    party_of,
)

__all__ = ["StepNotAllowed"]  # re-exported: callers catch it from here

#: Target fields an office edits in a draft and an amendment may change.
TARGET_FIELDS = (
    "goal",
    "order",
    "title",
    "description",
    "indicator",
    "baseline",
    "target_value",
    "unit",
    "data_source",
    "responsible",
    "deadline",
)
AMENDABLE_FIELDS = (
    "title",
    "description",
    "indicator",
    "baseline",
    "target_value",
    "unit",
    "data_source",
    "responsible",
    "deadline",
)


def _log(agreement, action: EventKind, by, comment: str = "") -> None:
    AgreementEvent.objects.create(agreement=agreement, action=action, actor=by, comment=comment)


def _lock(agreement) -> TargetAgreement:
    """Re-read the agreement under a row lock, so two steps at once cannot both pass (and
    forget what was cached about it)."""
    fresh = TargetAgreement.objects.select_for_update().get(pk=agreement.pk)
    for field in fresh._meta.concrete_fields:
        setattr(agreement, field.attname, getattr(fresh, field.attname))
    for cached in ("has_pending_amendment", "next_year"):
        agreement.__dict__.pop(cached, None)
    return agreement


def _take(step: str, agreement, by) -> None:
    """Lock the agreement and check the step against the table (who, and the state)."""
    _lock(agreement)
    AGREEMENT.check(step, by, agreement)


# --- creating and editing ------------------------------------------------------------------


@transaction.atomic
def agreement_create(*, office, year: int, by, preamble: str = "", is_example: bool = False):
    if not by.has_perm("agreements.add_targetagreement", office):
        raise PermissionDenied(_("You may not create agreements for this office."))
    if TargetAgreement.objects.filter(office=office, year=year).exists():
        raise StepNotAllowed(
            _("%(office)s already has an agreement for %(year)s.")
            % {"office": office, "year": year}
        )
    try:
        with transaction.atomic():
            agreement = TargetAgreement.objects.create(
                office=office, year=year, preamble=preamble, created_by=by, is_example=is_example
            )
    except IntegrityError as exc:  # a parallel request won
        raise StepNotAllowed(
            _("%(office)s already has an agreement for %(year)s.")
            % {"office": office, "year": year}
        ) from exc
    _log(agreement, EventKind.CREATED, by)
    return agreement


def _check_initiatives(agreement, initiatives) -> list:
    initiatives = list(initiatives or [])
    foreign = [i for i in initiatives if i.office_id != agreement.office_id]
    if foreign:
        raise ValueError(
            _("Only initiatives of the office can be linked: %(titles)s.")
            % {"titles": ", ".join(str(i) for i in foreign)}
        )
    return initiatives


@transaction.atomic
def agreement_update(*, agreement, preamble: str, by) -> TargetAgreement:
    _take("edit", agreement, by)
    agreement.preamble = preamble
    agreement.save(update_fields=["preamble", "modified"])
    return agreement


@transaction.atomic
def target_save(
    *, agreement, data: dict, initiatives: Iterable = (), by, target: Target | None = None
) -> Target:
    """Create (``target=None``) or change a target of a draft agreement."""
    _take("edit", agreement, by)
    if target is not None and target.agreement_id != agreement.pk:
        raise ValueError("The target belongs to another agreement.")
    initiatives = _check_initiatives(agreement, initiatives)
    target = target or Target(agreement=agreement)
    for field in TARGET_FIELDS:
        if field in data:
            setattr(target, field, data[field])
    if target.order in (None, 0) and target.pk is None:
        target.order = agreement.targets.filter(goal=target.goal).count() + 1
    target.save()
    target.initiatives.set(initiatives)
    return target


@transaction.atomic
def target_delete(*, target, by) -> None:
    _take("edit", target.agreement, by)
    target.delete()


# --- workflow ------------------------------------------------------------------------------


def _missing_for_proposal(agreement) -> list[str]:
    targets = list(agreement.targets.all())
    if not targets:
        return [_("The agreement has no targets yet.")]
    problems = []
    for t in targets:
        missing = [
            str(Target._meta.get_field(name).verbose_name)
            for name in ("indicator", "responsible", "deadline")
            if not getattr(t, name)
        ]
        if missing:
            problems.append(
                _("Target “%(target)s” lacks: %(fields)s.")
                % {"target": t.title, "fields": ", ".join(missing)}
            )
    return problems


@transaction.atomic
def agreement_propose(*, agreement, by) -> TargetAgreement:
    step = AGREEMENT["propose"]
    _take(step.name, agreement, by)
    if problems := _missing_for_proposal(agreement):
        raise StepNotAllowed(
            _("The agreement cannot be proposed yet. %(problems)s")
            % {"problems": " ".join(problems)}
        )
    agreement.state = step.to_state
    agreement.proposed_at = timezone.now()
    agreement.save(update_fields=["state", "proposed_at", "modified"])
    _log(agreement, step.event, by)
    return agreement


@transaction.atomic
def agreement_request_changes(*, agreement, by, comment: str) -> TargetAgreement:
    step = AGREEMENT["request_changes"]
    _take(step.name, agreement, by)
    comment = (comment or "").strip()
    if not comment:
        raise StepNotAllowed(_("Say which changes you ask for: the comment is required."))
    agreement.state = step.to_state
    agreement.change_request = comment
    agreement.save(update_fields=["state", "change_request", "modified"])
    _log(agreement, step.event, by, comment)
    return agreement


@transaction.atomic
def agreement_agree(*, agreement, by) -> TargetAgreement:
    step = AGREEMENT["agree"]
    _take(step.name, agreement, by)
    agreement.state = step.to_state
    agreement.agreed_at = timezone.now()
    agreement.agreed_by = by
    agreement.save(update_fields=["state", "agreed_at", "agreed_by", "modified"])
    _log(agreement, step.event, by)
    return agreement


@transaction.atomic
def agreement_sign(*, agreement, by) -> TargetAgreement:
    """Sign for the office (its coordinators) or for the city (the programme office). Signed by
    both sides, the agreement is in force and can no longer be edited. The signature keeps the
    signer's name as it is now."""
    step = AGREEMENT["sign"]
    _take(step.name, agreement, by)
    party = party_of(by, agreement)
    agreement.record_signature(party, by=by, at=timezone.now())
    if agreement.is_signed_by_both:
        agreement.state = step.to_state
    agreement.save()
    _log(agreement, SIGNED_EVENTS[party], by)
    return agreement


@transaction.atomic
def agreement_review(
    *, agreement, by, statuses: dict[int, tuple[str, str]], comment: str = ""
) -> TargetAgreement:
    """Mid-year review: a status (on track, at risk, off track) and a comment per target."""
    step = AGREEMENT["review"]
    _take(step.name, agreement, by)
    targets = list(agreement.targets.all())
    missing = [t.title for t in targets if not statuses.get(t.pk, ("", ""))[0]]
    if missing:
        raise StepNotAllowed(
            _("Give a status for every target. Missing: %(targets)s.")
            % {"targets": "; ".join(missing)}
        )
    for t in targets:
        status, note = statuses[t.pk]
        if status not in ReviewStatus.values:
            raise ValueError(f"unknown review status {status!r}")
        t.review_status, t.review_comment = status, (note or "").strip()
    Target.objects.bulk_update(targets, ["review_status", "review_comment"])
    agreement.state = step.to_state
    agreement.review_comment = (comment or "").strip()
    agreement.reviewed_at = timezone.now()
    agreement.save(update_fields=["state", "review_comment", "reviewed_at", "modified"])
    _log(agreement, step.event, by, agreement.review_comment)
    return agreement


@transaction.atomic
def agreement_assess(
    *, agreement, by, results: dict[int, dict], comment: str = ""
) -> TargetAgreement:
    """Final assessment: per target the actual value, the degree of achievement in % (computed
    from actual and target value when not given) and the reasons for deviations (required below
    100 %)."""
    step = AGREEMENT["assess"]
    _take(step.name, agreement, by)
    targets = list(agreement.targets.all())
    problems = []
    for t in targets:
        result = results.get(t.pk) or {}
        actual = result.get("actual_value")
        if actual is None:
            problems.append(_("“%(target)s”: the actual value is missing.") % {"target": t.title})
            continue
        achievement = result.get("achievement")
        if achievement is None:
            achievement = achievement_of(actual, t.target_value)
        reasons = (result.get("deviation_reasons") or "").strip()
        if achievement is not None and achievement < 100 and not reasons:
            problems.append(
                _("“%(target)s”: the target was not reached; give the reasons.")
                % {"target": t.title}
            )
        t.actual_value, t.achievement, t.deviation_reasons = actual, achievement, reasons
        if result.get("actual_source"):
            t.actual_source = result["actual_source"]
    if problems:
        raise StepNotAllowed(" ".join(problems))
    Target.objects.bulk_update(
        targets, ["actual_value", "achievement", "deviation_reasons", "actual_source"]
    )
    agreement.state = step.to_state
    agreement.assessment_comment = (comment or "").strip()
    agreement.assessed_at = timezone.now()
    agreement.save(update_fields=["state", "assessment_comment", "assessed_at", "modified"])
    _log(agreement, step.event, by, agreement.assessment_comment)
    return agreement


@transaction.atomic
def agreement_close(*, agreement, by) -> TargetAgreement:
    step = AGREEMENT["close"]
    _take(step.name, agreement, by)
    agreement.state = step.to_state
    agreement.closed_at = timezone.now()
    agreement.save(update_fields=["state", "closed_at", "modified"])
    _log(agreement, step.event, by)
    return agreement


# --- actual values and metrics -----------------------------------------------------------


@transaction.atomic
def target_set_actual(*, target, value: Decimal | None, source: str, by) -> Target:
    """Enter the actual value of a target by hand, with its source (during the running year)."""
    _take("actuals", target.agreement, by)
    if value is not None and not (source or "").strip():
        raise StepNotAllowed(_("Name the source of the actual value."))
    target.actual_value = value
    target.actual_source = (source or "").strip() if value is not None else ""
    target.save(update_fields=["actual_value", "actual_source"])
    return target


@transaction.atomic
def target_bind_metric(*, target, kind: str, filters: dict, by) -> Target:
    """Bind the target's indicator to a metric (``kind`` empty: unbind, values by hand)."""
    from veedel.agreements.metrics import validate_metric

    _take("bind", target.agreement, by)
    if kind:
        filters = validate_metric(kind, filters)
    else:
        filters = {}
    target.metric_kind = kind or ""
    target.metric_filters = filters
    target.save(update_fields=["metric_kind", "metric_filters"])
    return target
