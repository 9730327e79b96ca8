"""The workflow of target agreements and every write on them.

Each step checks that it is allowed from the agreement's current state and raises
``StepNotAllowed`` with a message that says why not (the views show it). Who may take a step
is checked here too (``PermissionDenied``, a 403 in the views), so no caller can skip it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from veedel.agreements.models import (
    EDITABLE_STATES,
    SIGNED_STATES,
    AgreementEvent,
    AgreementState,
    ReviewStatus,
    Target,
    TargetAgreement,
    achievement_of,
)
from veedel.core.predicates import is_admin, manages_programme, office_ids_of

S = AgreementState

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
#: States in which amendments can be made and actual values entered.
AMENDABLE_STATES = (S.SIGNED, S.REVIEWED)
RUNNING_STATES = (S.SIGNED, S.REVIEWED, S.ASSESSED)


class StepNotAllowed(Exception):
    """A workflow step or change that the agreement's state does not allow; ``str()`` is the
    message for the user. ``amend`` is true where the way forward is an amendment."""

    def __init__(self, message: str, *, amend: bool = False):
        super().__init__(message)
        self.message = message
        self.amend = amend

    def __str__(self):
        return self.message


def _state_label(agreement) -> str:
    return str(AgreementState(agreement.state).label)


def _require_state(agreement, allowed: Iterable[str], step: str) -> None:
    if agreement.state in allowed:
        return
    if agreement.state in SIGNED_STATES and step in ("edit", "propose", "agree"):
        raise StepNotAllowed(
            _(
                "The agreement has been signed by both sides and cannot be changed any more. "
                "Make an amendment instead."
            ),
            amend=agreement.state in AMENDABLE_STATES,
        )
    names = ", ".join(str(AgreementState(s).label) for s in allowed)
    raise StepNotAllowed(
        _(
            "This step is not possible while the agreement is “%(state)s”; it is possible "
            "only when the agreement is: %(allowed)s."
        )
        % {"state": _state_label(agreement), "allowed": names}
    )


def _is_office_staff(user, agreement) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == "coordinator"
        and agreement.office_id in office_ids_of(user)
    )


def _require_office(user, agreement) -> None:
    if not (_is_office_staff(user, agreement) or is_admin(user)):
        raise PermissionDenied(_("Only the coordinators of the office may take this step."))


def _require_programme(user) -> None:
    if not manages_programme(user):
        raise PermissionDenied(_("Only the programme office may take this step."))


def _require_office_or_programme(user, agreement) -> None:
    if not (_is_office_staff(user, agreement) or manages_programme(user)):
        raise PermissionDenied(
            _("Only the coordinators of the office and the programme office may do this.")
        )


def _log(agreement, action: str, by, comment: str = "") -> None:
    AgreementEvent.objects.create(agreement=agreement, action=action, actor=by, comment=comment)


def _lock(agreement) -> TargetAgreement:
    """Re-read the agreement under a row lock, so two steps at once cannot both pass."""
    fresh = TargetAgreement.objects.select_for_update().get(pk=agreement.pk)
    for field in fresh._meta.concrete_fields:
        setattr(agreement, field.attname, getattr(fresh, field.attname))
    return agreement


# --- creating and editing ------------------------------------------------------------------


@transaction.atomic
def agreement_create(*, office, year: int, by, preamble: str = "", is_example: bool = False):
    if not ((by.role == "coordinator" and office.pk in office_ids_of(by)) or manages_programme(by)):
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
    _log(agreement, "created", by)
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
    _require_office_or_programme(by, agreement)
    _lock(agreement)
    _require_state(agreement, EDITABLE_STATES, "edit")
    agreement.preamble = preamble
    agreement.save(update_fields=["preamble", "modified"])
    return agreement


@transaction.atomic
def target_save(
    *, agreement, data: dict, initiatives: Iterable = (), by, target: Target | None = None
) -> Target:
    """Create (``target=None``) or change a target of a draft agreement."""
    _require_office_or_programme(by, agreement)
    _lock(agreement)
    _require_state(agreement, EDITABLE_STATES, "edit")
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
    agreement = target.agreement
    _require_office_or_programme(by, agreement)
    _lock(agreement)
    _require_state(agreement, EDITABLE_STATES, "edit")
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
    _require_office(by, agreement)
    _lock(agreement)
    _require_state(agreement, EDITABLE_STATES, "propose")
    if problems := _missing_for_proposal(agreement):
        raise StepNotAllowed(
            _("The agreement cannot be proposed yet. %(problems)s")
            % {"problems": " ".join(problems)}
        )
    agreement.state = S.PROPOSED
    agreement.proposed_at = timezone.now()
    agreement.save(update_fields=["state", "proposed_at", "modified"])
    _log(agreement, "proposed", by)
    return agreement


@transaction.atomic
def agreement_request_changes(*, agreement, by, comment: str) -> TargetAgreement:
    _require_programme(by)
    _lock(agreement)
    _require_state(agreement, (S.PROPOSED,), "request_changes")
    comment = (comment or "").strip()
    if not comment:
        raise StepNotAllowed(_("Say which changes you ask for: the comment is required."))
    agreement.state = S.CHANGES_REQUESTED
    agreement.change_request = comment
    agreement.save(update_fields=["state", "change_request", "modified"])
    _log(agreement, "changes_requested", by, comment)
    return agreement


@transaction.atomic
def agreement_agree(*, agreement, by) -> TargetAgreement:
    _require_programme(by)
    _lock(agreement)
    _require_state(agreement, (S.PROPOSED,), "agree")
    agreement.state = S.AGREED
    agreement.agreed_at = timezone.now()
    agreement.agreed_by = by
    agreement.save(update_fields=["state", "agreed_at", "agreed_by", "modified"])
    _log(agreement, "agreed", by)
    return agreement


def signing_side(user, agreement) -> str | None:
    """ "office" for the office's coordinators, "city" for the programme office, else None."""
    if _is_office_staff(user, agreement):
        return "office"
    if manages_programme(user):
        return "city"
    return None


def _sign(obj, *, side: str, by, now) -> None:
    if getattr(obj, f"{side}_signed_at"):
        signer = getattr(obj, f"{side}_signed_by")
        raise StepNotAllowed(
            _("This side has already signed (%(who)s, %(when)s).")
            % {
                "who": signer.get_full_name() or signer.username if signer else "–",
                "when": date_format(
                    timezone.localtime(getattr(obj, f"{side}_signed_at")), "SHORT_DATETIME_FORMAT"
                ),
            }
        )
    setattr(obj, f"{side}_signed_by", by)
    setattr(obj, f"{side}_signed_at", now)


@transaction.atomic
def agreement_sign(*, agreement, by) -> TargetAgreement:
    """Sign for the office (its coordinators) or for the city (the programme office). Signed by
    both sides, the agreement is in force and can no longer be edited."""
    side = signing_side(by, agreement)
    if side is None:
        raise PermissionDenied(
            _("Only the office's coordinators and the programme office sign agreements.")
        )
    _lock(agreement)
    _require_state(agreement, (S.AGREED,), "sign")
    _sign(agreement, side=side, by=by, now=timezone.now())
    if agreement.office_signed_at and agreement.city_signed_at:
        agreement.state = S.SIGNED
    agreement.save()
    _log(agreement, f"signed_{side}", by)
    return agreement


@transaction.atomic
def agreement_review(
    *, agreement, by, statuses: dict[int, tuple[str, str]], comment: str = ""
) -> TargetAgreement:
    """Mid-year review: a status (on track, at risk, off track) and a comment per target."""
    _require_office_or_programme(by, agreement)
    _lock(agreement)
    _require_state(agreement, (S.SIGNED, S.REVIEWED), "review")
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
    agreement.state = S.REVIEWED
    agreement.review_comment = (comment or "").strip()
    agreement.reviewed_at = timezone.now()
    agreement.save(update_fields=["state", "review_comment", "reviewed_at", "modified"])
    _log(agreement, "reviewed", by, agreement.review_comment)
    return agreement


@transaction.atomic
def agreement_assess(
    *, agreement, by, results: dict[int, dict], comment: str = ""
) -> TargetAgreement:
    """Final assessment: per target the actual value, the degree of achievement in % (computed
    from actual and target value when not given) and the reasons for deviations (required below
    100 %)."""
    _require_office_or_programme(by, agreement)
    _lock(agreement)
    _require_state(agreement, (S.REVIEWED, S.ASSESSED), "assess")
    if agreement.amendments.pending().exists():
        raise StepNotAllowed(_("An amendment awaits signatures; sign or withdraw it first."))
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
    agreement.state = S.ASSESSED
    agreement.assessment_comment = (comment or "").strip()
    agreement.assessed_at = timezone.now()
    agreement.save(update_fields=["state", "assessment_comment", "assessed_at", "modified"])
    _log(agreement, "assessed", by, agreement.assessment_comment)
    return agreement


@transaction.atomic
def agreement_close(*, agreement, by) -> TargetAgreement:
    _require_programme(by)
    _lock(agreement)
    _require_state(agreement, (S.ASSESSED,), "close")
    agreement.state = S.CLOSED
    agreement.closed_at = timezone.now()
    agreement.save(update_fields=["state", "closed_at", "modified"])
    _log(agreement, "closed", by)
    return agreement


# --- actual values and metrics -----------------------------------------------------------


@transaction.atomic
def target_set_actual(*, target, value: Decimal | None, source: str, by) -> Target:
    """Enter the actual value of a target by hand, with its source (during the running year)."""
    agreement = target.agreement
    _require_office_or_programme(by, agreement)
    _lock(agreement)
    _require_state(agreement, RUNNING_STATES, "actual")
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

    _require_programme(by)
    _lock(target.agreement)
    if target.agreement.state == S.CLOSED:
        raise StepNotAllowed(_("The agreement is closed; its values stay as assessed."))
    if kind:
        filters = validate_metric(kind, filters)
    else:
        filters = {}
    target.metric_kind = kind or ""
    target.metric_filters = filters
    target.save(update_fields=["metric_kind", "metric_filters"])
    return target
