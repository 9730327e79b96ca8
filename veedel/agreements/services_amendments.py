"""Amendments of signed agreements and carrying an agreement over to the next year."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veedel.agreements.models import (
    Amendment,
    AmendmentChange,
    Target,
    TargetAgreement,
)
from veedel.agreements.services import (
    AMENDABLE_FIELDS,
    StepNotAllowed,
    _lock,
    _log,
    _take,
    agreement_create,
)
from veedel.agreements.workflow import AGREEMENT, AMENDMENT, SIGNED_AMENDMENT_EVENTS, party_of
from veedel.initiatives.models import InitiativeStatus

#: Linked initiatives that are not carried over to the next year's draft.
FINISHED_INITIATIVES = (InitiativeStatus.COMPLETED, InitiativeStatus.STOPPED)


# --- amendments --------------------------------------------------------------------------


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


@transaction.atomic
def amendment_create(
    *, agreement, summary: str, reason: str, changes: dict[int, dict], by
) -> Amendment:
    """Draft an amendment of a signed agreement. ``changes`` maps target ids to
    ``{field: new value}``; fields whose value stays the same are left out. The targets keep
    their values until both sides have signed the amendment."""
    step = AGREEMENT["amend"]
    _take(step.name, agreement, by)
    if not (summary or "").strip() or not (reason or "").strip():
        raise StepNotAllowed(_("Say what changes and why."))
    targets = {t.pk: t for t in agreement.targets.all()}
    rows = []
    for target_id, fields in changes.items():
        target = targets.get(target_id)
        if target is None:
            raise ValueError("The target belongs to another agreement.")
        for field, new in fields.items():
            if field not in AMENDABLE_FIELDS:
                raise ValueError(f"{field} cannot be amended")
            old = getattr(target, field)
            if _as_text(old) == _as_text(new):
                continue
            rows.append((target, field, _as_text(old), _as_text(new)))
    if not rows:
        raise StepNotAllowed(_("The amendment changes nothing: enter at least one new value."))
    number = (
        agreement.amendments.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    amendment = Amendment.objects.create(
        agreement=agreement,
        number=number,
        summary=summary.strip(),
        reason=reason.strip(),
        created_by=by,
    )
    AmendmentChange.objects.bulk_create(
        AmendmentChange(amendment=amendment, target=t, field=f, old_value=o, new_value=n)
        for t, f, o, n in rows
    )
    _log(agreement, step.event, by, amendment.summary)
    return amendment


def _apply(amendment) -> None:
    targets = {}
    for change in amendment.changes.select_related("target"):
        target = targets.setdefault(change.target_id, change.target)
        field = Target._meta.get_field(change.field)
        value = field.to_python(change.new_value) if change.new_value != "" else None
        if value is None and not field.null:
            value = "" if field.get_internal_type() in ("CharField", "TextField") else value
        setattr(target, change.field, value)
    for target in targets.values():
        target.save()


def _lock_amendment(amendment) -> Amendment:
    agreement = _lock(amendment.agreement)
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    amendment.agreement = agreement
    return amendment


@transaction.atomic
def amendment_sign(*, amendment, by) -> Amendment:
    """Sign an amendment for the user's party; signed by both, its new values apply."""
    amendment = _lock_amendment(amendment)
    step = AMENDMENT.check("sign", by, amendment)
    party = party_of(by, amendment)
    amendment.record_signature(party, by=by, at=timezone.now())
    if amendment.is_signed_by_both:
        amendment.state = step.to_state
        _apply(amendment)
    amendment.save()
    _log(amendment.agreement, SIGNED_AMENDMENT_EVENTS[party], by, str(amendment.number))
    return amendment


@transaction.atomic
def amendment_withdraw(*, amendment, by) -> None:
    amendment = _lock_amendment(amendment)
    step = AMENDMENT.check("withdraw", by, amendment)
    number, agreement = amendment.number, amendment.agreement
    amendment.delete()
    _log(agreement, step.event, by, str(number))


# --- next year ---------------------------------------------------------------------------


@transaction.atomic
def agreement_copy_to_next_year(*, agreement, by) -> TargetAgreement:
    """Start next year's draft as a copy: the targets with their metric bindings; the baseline is
    this year's actual value where it is known (otherwise the old baseline stays); no
    signatures, reviews or actual values. Linked initiatives that are completed or stopped are
    left out."""
    from veedel.agreements.metrics import target_actuals

    step = AGREEMENT["copy"]
    _take(step.name, agreement, by)
    year = agreement.year + 1
    new = agreement_create(office=agreement.office, year=year, by=by, preamble=agreement.preamble)
    new.copied_from = agreement
    new.is_example = agreement.is_example
    new.save(update_fields=["copied_from", "is_example"])
    targets = list(agreement.targets.select_related("agreement").prefetch_related("initiatives"))
    actuals = target_actuals(targets)
    for t in targets:
        copy = Target.objects.create(
            agreement=new,
            goal_id=t.goal_id,
            order=t.order,
            title=t.title,
            description=t.description,
            indicator=t.indicator,
            baseline=actuals[t.pk] if actuals[t.pk] is not None else t.baseline,
            target_value=t.target_value,
            unit=t.unit,
            data_source=t.data_source,
            responsible=t.responsible,
            deadline=_next_year(t.deadline),
            metric_kind=t.metric_kind,
            metric_filters=t.metric_filters,
            copied_from=t,
        )
        copy.initiatives.set(
            [i for i in t.initiatives.all() if i.status not in FINISHED_INITIATIVES]
        )
    _log(new, step.event, by, str(agreement.year))
    return new


def _next_year(day: datetime.date | None) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
