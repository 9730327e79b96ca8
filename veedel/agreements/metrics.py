"""Actual values of targets computed from the documented work.

The programme office binds a target's indicator to a metric: a kind (``MetricKind``) and
filters stored as JSON on the target. ``metric_values`` computes many targets at once with one
aggregate query per source table (activities, participants, initiatives, meetings, offers),
whatever the number of targets; ``metric_value(target=…)`` is the same for one target.
The period is always the agreement's calendar year; the scope is the agreement's office.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from veedel.agreements.models import (
    MetricKind,
    Target,
    achievement_of,
)

#: The filters each kind accepts; keys in ``Target.metric_filters``.
FILTER_KEYS = ("activity_kind", "goal", "topic", "target_group", "min_step", "linked_only")
ALLOWED_FILTERS = {
    MetricKind.ACTIVITIES: {
        "activity_kind",
        "goal",
        "topic",
        "target_group",
        "min_step",
        "linked_only",
    },
    MetricKind.PARTICIPANTS: {"activity_kind", "goal", "topic", "min_step", "linked_only"},
    MetricKind.PARTICIPANTS_TARGET_GROUP: {
        "activity_kind",
        "goal",
        "topic",
        "target_group",
        "min_step",
        "linked_only",
    },
    MetricKind.INITIATIVES_IMPACT: {"goal", "topic", "min_step", "linked_only"},
    MetricKind.HOURS: {"activity_kind", "goal", "topic", "target_group", "linked_only"},
    MetricKind.NETWORK_MEETINGS: {"topic"},
    MetricKind.PUBLISHED_OFFERS: set(),
    MetricKind.THIRD_PARTY_FUNDS: set(),
}
REQUIRED_FILTERS = {
    MetricKind.PARTICIPANTS_TARGET_GROUP: {"target_group"},
    MetricKind.INITIATIVES_IMPACT: {"min_step"},
}
#: Kinds whose data Veedel does not record yet: the binding is allowed, the value is unknown.
NOT_AVAILABLE = {MetricKind.THIRD_PARTY_FUNDS}


def validate_metric(kind: str, filters: dict) -> dict:
    """Check a metric binding and return the cleaned filters (empty values dropped).

    Raises ``ValidationError`` with the problems by filter name (``__all__`` for the rest).
    """
    from veedel.initiatives.models import ActivityKind, ImpactStep, TargetGroup
    from veedel.programme.models import Goal, Topic

    if kind not in MetricKind.values:
        raise ValidationError(_("“%(value)s” is not a metric Veedel knows.") % {"value": kind})
    if not isinstance(filters, dict):
        raise ValidationError(_("The filters of a metric must be a mapping of names to values."))
    allowed = ALLOWED_FILTERS[MetricKind(kind)]
    cleaned: dict = {}
    problems: dict[str, list[str]] = defaultdict(list)
    label = MetricKind(kind).label
    for key, value in filters.items():
        if value in (None, "", False):
            continue
        if key not in allowed:
            problems[key if key in FILTER_KEYS else "__all__"].append(
                _("The filter “%(filter)s” does not apply to the metric “%(metric)s”.")
                % {"filter": key, "metric": label}
            )
            continue
        if key == "activity_kind" and value not in ActivityKind.values:
            problems[key].append(_("“%(value)s” is not a kind of activity.") % {"value": value})
        elif key == "target_group" and value not in TargetGroup.values:
            problems[key].append(_("“%(value)s” is not a target group.") % {"value": value})
        elif key == "goal" and not Goal.objects.filter(slug=value).exists():
            problems[key].append(_("There is no goal “%(value)s”.") % {"value": value})
        elif key == "topic" and not Topic.objects.filter(slug=value).exists():
            problems[key].append(_("There is no topic “%(value)s”.") % {"value": value})
        elif key == "min_step":
            try:
                value = int(value)
            except (TypeError, ValueError):
                value = None
            if value not in ImpactStep.values:
                problems[key].append(_("The impact step must be a number from 1 to 7."))
        elif key == "linked_only":
            value = True
        cleaned[key] = value
    for key in sorted(REQUIRED_FILTERS.get(MetricKind(kind), set()) - set(cleaned)):
        problems[key].append(_("The metric “%(metric)s” needs this filter.") % {"metric": label})
    if problems:
        raise ValidationError(dict(problems))
    return cleaned


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _activity_condition(target: Target, filters: dict, prefix: str = "") -> Q:
    """The activities a target counts, as a condition usable inside an aggregate's filter.

    Filters over many-to-many relations use subqueries, so no join multiplies the rows that a
    sum adds up.
    """
    from veedel.initiatives.models import Activity, ActivityParticipants, Initiative

    first, last = _year_bounds(target.agreement.year)
    p = prefix
    q = Q(**{f"{p}initiative__office_id": target.agreement.office_id})
    q &= Q(**{f"{p}date__gte": first, f"{p}date__lte": last})
    if kind := filters.get("activity_kind"):
        q &= Q(**{f"{p}kind": kind})
    if step := filters.get("min_step"):
        q &= Q(**{f"{p}impact_step__gte": step})
    if goal := filters.get("goal"):
        q &= Q(
            **{
                f"{p}pk__in": Activity.goals.through.objects.filter(goal__slug=goal).values(
                    "activity_id"
                )
            }
        )
    if topic := filters.get("topic"):
        q &= Q(
            **{
                f"{p}initiative_id__in": Initiative.topics.through.objects.filter(
                    topic__slug=topic
                ).values("initiative_id")
            }
        )
    if filters.get("target_group") and not prefix:
        q &= Q(
            pk__in=ActivityParticipants.objects.filter(
                target_group=filters["target_group"], count__gt=0
            ).values("activity_id")
        )
    if filters.get("linked_only"):
        q &= Q(**{f"{p}initiative_id__in": _linked_ids(target)})
    return q


def _linked_ids(target: Target) -> list[int]:
    linked = getattr(target, "_linked_initiative_ids", None)
    if linked is None:
        linked = [i.pk for i in target.initiatives.all()]
    return linked


def _prepare(targets: list[Target]) -> None:
    """Load what the conditions read for all targets at once: the agreements (where not
    selected) and the ids of the linked initiatives (where not prefetched)."""
    from veedel.agreements.models import TargetAgreement

    missing = {t.agreement_id for t in targets if not Target.agreement.is_cached(t)}
    if missing:
        agreements = TargetAgreement.objects.only("pk", "office_id", "year").in_bulk(missing)
        for t in targets:
            if not Target.agreement.is_cached(t):
                t.agreement = agreements[t.agreement_id]
    need = [
        t
        for t in targets
        if isinstance(t.metric_filters, dict)
        and t.metric_filters.get("linked_only")
        and "initiatives" not in getattr(t, "_prefetched_objects_cache", {})
    ]
    if need:
        linked: dict[int, list[int]] = defaultdict(list)
        rows = Target.initiatives.through.objects.filter(
            target_id__in=[t.pk for t in need]
        ).values_list("target_id", "initiative_id")
        for target_id, initiative_id in rows:
            linked[target_id].append(initiative_id)
        for t in need:
            t._linked_initiative_ids = linked.get(t.pk, [])


def _initiative_condition(target: Target, filters: dict) -> Q:
    from veedel.initiatives.models import Activity, Initiative

    first, last = _year_bounds(target.agreement.year)
    step = filters["min_step"]
    q = Q(office_id=target.agreement.office_id)
    reached = Q(
        pk__in=Activity.objects.filter(
            date__gte=first, date__lte=last, impact_step__gte=step
        ).values("initiative_id")
    ) | Q(outcome_step__gte=step, end__gte=first, end__lte=last)
    q &= reached
    if goal := filters.get("goal"):
        q &= Q(
            pk__in=Initiative.goals.through.objects.filter(goal__slug=goal).values("initiative_id")
        )
    if topic := filters.get("topic"):
        q &= Q(
            pk__in=Initiative.topics.through.objects.filter(topic__slug=topic).values(
                "initiative_id"
            )
        )
    if filters.get("linked_only"):
        q &= Q(pk__in=_linked_ids(target))
    return q


def _meeting_condition(target: Target, filters: dict) -> Q:
    from veedel.network.models import Network

    year = target.agreement.year
    q = Q(network__office_id=target.agreement.office_id, start__year=year)
    if topic := filters.get("topic"):
        q &= Q(
            network_id__in=Network.topics.through.objects.filter(topic__slug=topic).values(
                "network_id"
            )
        )
    return q


def _offer_condition(target: Target) -> Q:
    from veedel.offers.models import Offer
    from veedel.programme.models import CoordinationOffice

    spaces = CoordinationOffice.social_spaces.through.objects.filter(
        coordinationoffice_id=target.agreement.office_id
    ).values("socialspace_id")
    return Q(
        pk__in=Offer.objects.filter(at_locations__location__social_spaces__in=spaces).values("pk")
    )


def metric_values(targets: Iterable[Target]) -> dict[int, Decimal | None]:
    """Computed actual values by target id; None for unbound targets and unavailable data.

    One aggregate query per source, not per target; agreements that are not selected and
    linked initiatives that are not prefetched are loaded in one query each.
    """
    from veedel.initiatives.models import Activity, ActivityParticipants, Initiative
    from veedel.network.models import Meeting
    from veedel.offers.models import Offer

    targets = list(targets)
    _prepare([t for t in targets if t.metric_kind and t.metric_kind not in NOT_AVAILABLE])
    result: dict[int, Decimal | None] = {t.pk: None for t in targets}
    by_source: dict[str, dict[str, object]] = defaultdict(dict)
    for t in targets:
        kind = t.metric_kind
        if not kind or kind in NOT_AVAILABLE:
            continue
        filters = t.metric_filters if isinstance(t.metric_filters, dict) else {}
        key = f"t{t.pk}"
        if kind == MetricKind.ACTIVITIES:
            by_source["activity"][key] = Count("pk", filter=_activity_condition(t, filters))
        elif kind == MetricKind.PARTICIPANTS:
            by_source["activity"][key] = Sum(
                "participants_total", filter=_activity_condition(t, filters)
            )
        elif kind == MetricKind.HOURS:
            by_source["activity"][key] = Sum("hours", filter=_activity_condition(t, filters))
        elif kind == MetricKind.PARTICIPANTS_TARGET_GROUP:
            cond = _activity_condition(t, filters, prefix="activity__")
            cond &= Q(target_group=filters.get("target_group"))
            by_source["participants"][key] = Sum("count", filter=cond)
        elif kind == MetricKind.INITIATIVES_IMPACT:
            if not filters.get("min_step"):
                continue
            by_source["initiative"][key] = Count("pk", filter=_initiative_condition(t, filters))
        elif kind == MetricKind.NETWORK_MEETINGS:
            by_source["meeting"][key] = Count("pk", filter=_meeting_condition(t, filters))
        elif kind == MetricKind.PUBLISHED_OFFERS:
            by_source["offer"][key] = Count("pk", filter=_offer_condition(t))
    querysets = {
        "activity": Activity.objects.all(),
        "participants": ActivityParticipants.objects.all(),
        "initiative": Initiative.objects.all(),
        "meeting": Meeting.objects.all(),
        "offer": Offer.objects.published(),
    }
    for source, aggregates in by_source.items():
        for key, value in querysets[source].aggregate(**aggregates).items():
            result[int(key[1:])] = Decimal(value or 0)
    return result


def metric_value(*, target: Target) -> Decimal | None:
    """The computed actual value of one target (None: entered by hand, or not available)."""
    return metric_values([target])[target.pk]


def target_actuals(targets: Iterable[Target]) -> dict[int, Decimal | None]:
    """The actual value to show per target id: the recorded one (entered by hand, or frozen at
    the final assessment) where there is one, else the computed metric."""
    targets = list(targets)
    computed = metric_values([t for t in targets if t.actual_value is None])
    return {
        t.pk: t.actual_value if t.actual_value is not None else computed.get(t.pk) for t in targets
    }


def target_rows(targets: Iterable[Target]) -> list[dict]:
    """Rows for tables: target, actual value, whether it is computed, degree of achievement."""
    targets = list(targets)
    actuals = target_actuals(targets)
    rows = []
    for t in targets:
        actual = actuals.get(t.pk)
        achievement = (
            t.achievement if t.achievement is not None else achievement_of(actual, t.target_value)
        )
        rows.append(
            {
                "target": t,
                "actual": actual,
                "computed": t.actual_value is None and actual is not None,
                "not_available": t.metric_kind in NOT_AVAILABLE,
                "achievement": achievement,
            }
        )
    return rows


def goal_achievements(*, year: int, office_ids: Iterable[int] | None = None) -> list[dict]:
    """Per office and goal, over the signed agreements of ``year``: number of targets, number
    with a known actual value, and the mean degree of achievement in % (uncapped and with each
    target capped at 100 %). For the reports; a constant number of queries."""
    targets = (
        Target.objects.of_signed_agreements()
        .filter(agreement__year=year)
        .select_related("agreement")
    )
    if office_ids is not None:
        targets = targets.filter(agreement__office_id__in=list(office_ids))
    targets = list(
        targets.prefetch_related("initiatives").order_by("agreement__office_id", "goal_id")
    )
    groups: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for row in target_rows(targets):
        t = row["target"]
        groups[(t.agreement.office_id, t.goal_id)].append(row)
    result = []
    for (office_id, goal_id), rows in groups.items():
        known = [r["achievement"] for r in rows if r["achievement"] is not None]
        mean = capped = None
        if known:
            mean = (sum(known) / len(known)).quantize(Decimal("0.1"))
            capped = (sum(min(a, Decimal(100)) for a in known) / len(known)).quantize(
                Decimal("0.1")
            )
        result.append(
            {
                "office_id": office_id,
                "goal_id": goal_id,
                "targets": len(rows),
                "with_actual": len(known),
                "achievement": mean,
                "achievement_capped": capped,
            }
        )
    return result
