"""Amendments of signed agreements and carrying an agreement over to the next year."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veedel.agreements.models import (
    SIGNED_STATES,
    AgreementState,
    Amendment,
    AmendmentChange,
    AmendmentState,
    Target,
    TargetAgreement,
)
from veedel.agreements.services import (
    AMENDABLE_FIELDS,
    AMENDABLE_STATES,
    StepNotAllowed,
    _lock,
    _log,
    _require_office_or_programme,
    _sign,
    _state_label,
    agreement_create,
    signing_side,
)

S = AgreementState


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
    _require_office_or_programme(by, agreement)
    _lock(agreement)
    if agreement.state not in AMENDABLE_STATES:
        if agreement.state in (S.ASSESSED, S.CLOSED):
            raise StepNotAllowed(_("The agreement has been assessed; it can no longer be amended."))
        raise StepNotAllowed(
            _(
                "Only a signed agreement is amended. While it is “%(state)s”, change the targets "
                "directly or ask for changes."
            )
            % {"state": _state_label(agreement)}
        )
    if agreement.amendments.pending().exists():
        raise StepNotAllowed(
            _("Another amendment awaits signatures; sign or withdraw it before making a new one.")
        )
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
    _log(agreement, "amendment_drafted", by, amendment.summary)
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


@transaction.atomic
def amendment_sign(*, amendment, by) -> Amendment:
    agreement = amendment.agreement
    side = signing_side(by, agreement)
    if side is None:
        raise PermissionDenied(
            _("Only the office's coordinators and the programme office sign amendments.")
        )
    _lock(agreement)
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.state != AmendmentState.DRAFT:
        raise StepNotAllowed(_("This amendment has already been signed by both sides."))
    _sign(amendment, side=side, by=by, now=timezone.now())
    if amendment.office_signed_at and amendment.city_signed_at:
        amendment.state = AmendmentState.SIGNED
        _apply(amendment)
    amendment.save()
    _log(agreement, f"amendment_signed_{side}", by, str(amendment.number))
    return amendment


@transaction.atomic
def amendment_withdraw(*, amendment, by) -> None:
    agreement = amendment.agreement
    _require_office_or_programme(by, agreement)
    _lock(agreement)
    if amendment.state != AmendmentState.DRAFT:
        raise StepNotAllowed(_("A signed amendment cannot be withdrawn."))
    number = amendment.number
    amendment.delete()
    _log(agreement, "amendment_withdrawn", by, str(number))


# --- next year ---------------------------------------------------------------------------


@transaction.atomic
def agreement_copy_to_next_year(*, agreement, by) -> TargetAgreement:
    """Start next year's draft as a copy: the targets with their metric bindings; the baseline is
    this year's actual value where it is known (otherwise the old baseline stays); no
    signatures, reviews or actual values. Linked initiatives that are completed or stopped are
    left out."""
    from veedel.agreements.metrics import target_actuals

    _require_office_or_programme(by, agreement)
    if agreement.state not in SIGNED_STATES:
        raise StepNotAllowed(_("Only a signed agreement is carried over to the next year."))
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
            [i for i in t.initiatives.all() if i.status not in ("completed", "stopped")]
        )
    _log(new, "copied", by, str(agreement.year))
    return new


def _next_year(day: datetime.date | None) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
