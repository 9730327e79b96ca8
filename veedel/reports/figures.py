"""The figures of a report, computed from the documented work of a year.

Everything is computed with a fixed number of aggregate queries, whatever the number of
activities, participants or offices (tested). The result is plain JSON (numbers, codes and
names) that is stored with the report: labels of codes (kinds of activity, target groups,
impact steps) are looked up when the report is shown, so a published report reads in either
language. Only public facts go in: counts, published initiatives (title, summary, social space,
status, impact step) and the targets of signed agreements; never activity titles, internal
notes, documents or people.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from veedel.areas.models import SocialSpace
from veedel.initiatives.models import (
    Activity,
    ActivityKind,
    ActivityParticipants,
    Initiative,
    InitiativeStatus,
    TargetGroup,
)
from veedel.initiatives.workflow import ACTIVE_STATUSES
from veedel.programme.models import CoordinationOffice, Goal, Topic
from veedel.reports.models import ReportKind

FIGURES_VERSION = 1


def _num(value) -> float:
    return float(round(Decimal(value or 0), 2))


def _pct(value) -> float | None:
    return None if value is None else float(round(Decimal(value), 1))


def offices_in_year(year: int):
    """The offices under contract at some time in ``year``."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        CoordinationOffice.objects.filter(contract_from__lte=last)
        .filter(Q(contract_until__isnull=True) | Q(contract_until__gte=first))
        .select_related("provider")
        .order_by("name")
    )


# --- activities and target groups ------------------------------------------------------------


def _activities_by_office(office_ids: list[int], year: int) -> dict[int, dict]:
    rows = (
        Activity.objects.filter(initiative__office_id__in=office_ids, date__year=year)
        .values("initiative__office_id", "kind")
        .annotate(n=Count("pk"), hours=Sum("hours"), people=Sum("participants_total"))
        .order_by()
    )
    result: dict[int, dict] = {}
    for row in rows:
        entry = result.setdefault(
            row["initiative__office_id"], {"total": 0, "hours": 0.0, "participants": 0, "kinds": {}}
        )
        entry["kinds"][row["kind"]] = {
            "count": row["n"],
            "hours": _num(row["hours"]),
            "participants": row["people"] or 0,
        }
        entry["total"] += row["n"]
        entry["hours"] = _num(Decimal(str(entry["hours"])) + Decimal(row["hours"] or 0))
        entry["participants"] += row["people"] or 0
    return result


def _activities_block(entry: dict | None) -> dict:
    entry = entry or {"total": 0, "hours": 0.0, "participants": 0, "kinds": {}}
    by_kind = [
        {"kind": kind, **entry["kinds"][kind]}
        for kind in ActivityKind.values
        if kind in entry["kinds"]
    ]
    return {
        "total": entry["total"],
        "hours": entry["hours"],
        "participants": entry["participants"],
        "by_kind": by_kind,
    }


def _target_groups_by_office(office_ids: list[int], year: int) -> dict[int, dict[str, int]]:
    rows = (
        ActivityParticipants.objects.filter(
            activity__initiative__office_id__in=office_ids, activity__date__year=year
        )
        .values("activity__initiative__office_id", "target_group")
        .annotate(n=Sum("count"))
        .order_by()
    )
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        result[row["activity__initiative__office_id"]][row["target_group"]] = row["n"] or 0
    return result


def _target_groups_block(counts: dict[str, int]) -> dict:
    rows = [
        {"group": group, "count": counts[group]}
        for group in TargetGroup.values
        if counts.get(group)
    ]
    return {"total": sum(r["count"] for r in rows), "rows": rows}


# --- initiatives -----------------------------------------------------------------------------


def _initiatives_by_office(office_ids: list[int], year: int) -> dict[int, list[dict]]:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    running = (Q(start__lte=last) | Q(start__isnull=True, status=InitiativeStatus.RUNNING)) & (
        Q(end__isnull=True) | Q(end__gte=first)
    )
    in_year = Q(activities__date__year=year)
    initiatives = (
        Initiative.objects.filter(office_id__in=office_ids)
        .annotate(
            activities_in_year=Count("activities", filter=in_year),
            step_in_year=Max("activities__impact_step", filter=in_year),
        )
        .filter(running | Q(activities_in_year__gt=0))
        .select_related("social_space")
        .only(
            "pk",
            "office_id",
            "title",
            "summary",
            "status",
            "is_published",
            "outcome_step",
            "start",
            "end",
            "social_space__name",
            "social_space__slug",
        )
        .order_by("title", "pk")
    )
    result: dict[int, list[dict]] = defaultdict(list)
    for initiative in initiatives:
        steps = [s for s in (initiative.outcome_step, initiative.step_in_year) if s]
        result[initiative.office_id].append(
            {
                "id": initiative.pk,
                "public": initiative.is_public,
                "title": initiative.title,
                "summary": initiative.summary,
                "status": initiative.status,
                "social_space": initiative.social_space.name,
                "activities": initiative.activities_in_year,
                "step": max(steps) if steps else None,
                "continues": initiative.status in ACTIVE_STATUSES
                and (initiative.end is None or initiative.end > last),
            }
        )
    return result


def _initiatives_block(items: list[dict]) -> dict:
    """Published initiatives by name; the others only counted (their titles may be
    internal)."""
    public = [
        {k: v for k, v in i.items() if k not in ("id", "public")} for i in items if i["public"]
    ]
    by_step: dict[int | None, int] = defaultdict(int)
    for item in items:
        by_step[item["step"]] += 1
    return {
        "total": len(items),
        "not_public": len(items) - len(public),
        "rows": public,
        "by_step": [
            {"step": step, "count": by_step[step]}
            for step in sorted(by_step, key=lambda s: (s is None, s or 0))
        ],
    }


# --- goals and targets -----------------------------------------------------------------------


def _targets_by_office(office_ids: list[int], year: int) -> tuple[dict, dict]:
    """Targets of the signed agreements of ``year`` per office, with actual value and degree of
    achievement; and the state of each office's agreement (signed or not)."""
    from veedel.agreements.models import Target, TargetAgreement, achievement_of

    agreements = {
        a["office_id"]: a["state"]
        for a in TargetAgreement.objects.filter(office_id__in=office_ids, year=year).values(
            "office_id", "state"
        )
    }
    targets = list(
        Target.objects.of_signed_agreements()
        .filter(agreement__office_id__in=office_ids, agreement__year=year)
        .select_related("goal", "agreement")
        .order_by("goal__order", "order", "pk")
    )
    actuals = _actuals(targets)
    result: dict[int, list[dict]] = defaultdict(list)
    for target in targets:
        actual = actuals.get(target.pk)
        achievement = target.achievement
        if achievement is None:
            achievement = achievement_of(actual, target.target_value)
        result[target.agreement.office_id].append(
            {
                "goal": target.goal.slug,
                "goal_name": target.goal.name,
                "goal_order": target.goal.order,
                "title": target.title,
                "indicator": target.indicator,
                "baseline": None if target.baseline is None else _num(target.baseline),
                "target_value": _num(target.target_value),
                "unit": target.unit,
                "actual": None if actual is None else _num(actual),
                "achievement": _pct(achievement),
                "review_status": target.review_status,
                "deviation_reasons": target.deviation_reasons,
            }
        )
    return result, agreements


def _actuals(targets: list) -> dict:
    """The actual value of each target: the agreements app's batch function where it exists,
    else the value entered by hand (or frozen at the final assessment)."""
    try:
        from veedel.agreements.metrics import target_actuals
    except ImportError:  # pragma: no cover - the agreements app without metrics
        return {t.pk: t.actual_value for t in targets}
    return target_actuals(targets)


def _goal_summary(targets: list[dict]) -> dict:
    known = [t["achievement"] for t in targets if t["achievement"] is not None]
    return {
        "targets": len(targets),
        "with_actual": len(known),
        "achieved": sum(1 for a in known if a >= 100),
        "average": round(sum(known) / len(known), 1) if known else None,
    }


def _goals_block(targets: list[dict], goals: list[Goal]) -> list[dict]:
    rows = []
    for goal in goals:
        mine = [t for t in targets if t["goal"] == goal.slug]
        rows.append(
            {
                "goal": goal.slug,
                "name": goal.name,
                **_goal_summary(mine),
                "targets": [
                    {k: v for k, v in t.items() if k not in ("goal", "goal_name", "goal_order")}
                    for t in mine
                ],
            }
        )
    return rows


def _goals_served(office_ids: list[int], year: int) -> dict[tuple[int, int], int]:
    rows = (
        Activity.goals.through.objects.filter(
            activity__initiative__office_id__in=office_ids, activity__date__year=year
        )
        .values("activity__initiative__office_id", "goal_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(r["activity__initiative__office_id"], r["goal_id"]): r["n"] for r in rows}


# --- areas and topics ------------------------------------------------------------------------


def _spaces_by_office(office_ids: list[int], year: int) -> dict[int, list[dict]]:
    through = CoordinationOffice.social_spaces.through
    space_ids = SocialSpace.objects.in_year(year).values("pk")
    rows = (
        through.objects.filter(coordinationoffice_id__in=office_ids, socialspace_id__in=space_ids)
        .values("coordinationoffice_id", "socialspace__name", "socialspace__slug")
        .order_by("socialspace__name")
    )
    result: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        result[row["coordinationoffice_id"]].append(
            {"name": row["socialspace__name"], "slug": row["socialspace__slug"]}
        )
    return result


def _topics_by_office(office_ids: list[int], year: int, initiative_ids: list[int]):
    rows = (
        Initiative.topics.through.objects.filter(initiative_id__in=initiative_ids)
        .values("initiative__office_id", "topic__slug", "topic__name", "topic__order")
        .order_by("topic__order", "topic__name")
        .distinct()
    )
    result: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        item = {"slug": row["topic__slug"], "name": row["topic__name"]}
        if item not in result[row["initiative__office_id"]]:
            result[row["initiative__office_id"]].append(item)
    return result


# --- the two reports -------------------------------------------------------------------------


def _collect(offices: list[CoordinationOffice], year: int) -> dict:
    ids = [o.pk for o in offices]
    initiatives = _initiatives_by_office(ids, year)
    all_initiative_ids = [i["id"] for items in initiatives.values() for i in items]
    targets, agreements = _targets_by_office(ids, year)
    return {
        "activities": _activities_by_office(ids, year),
        "target_groups": _target_groups_by_office(ids, year),
        "initiatives": initiatives,
        "targets": targets,
        "agreements": agreements,
        "goals_served": _goals_served(ids, year),
        "spaces": _spaces_by_office(ids, year),
        "topics": _topics_by_office(ids, year, all_initiative_ids),
        "goals": list(Goal.objects.order_by("programme_id", "order")),
    }


def _agreement_block(state: str | None) -> dict:
    from veedel.agreements.models import AgreementState

    return {"state": state, "signed": state is not None and AgreementState(state).is_signed}


def office_figures(*, office: CoordinationOffice, year: int) -> dict:
    data = _collect([office], year)
    goals = data["goals"]
    return {
        "version": FIGURES_VERSION,
        "kind": ReportKind.OFFICE.value,
        "year": year,
        "office": {
            "name": office.name,
            "slug": office.slug,
            "provider": office.provider.name,
        },
        "social_spaces": data["spaces"].get(office.pk, []),
        "topics": data["topics"].get(office.pk, []),
        "activities": _activities_block(data["activities"].get(office.pk)),
        "target_groups": _target_groups_block(data["target_groups"].get(office.pk, {})),
        "agreement": _agreement_block(data["agreements"].get(office.pk)),
        "goals": [
            {**row, "activities": data["goals_served"].get((office.pk, goal.pk), 0)}
            for goal, row in zip(
                goals, _goals_block(data["targets"].get(office.pk, []), goals), strict=True
            )
        ],
        "initiatives": _initiatives_block(data["initiatives"].get(office.pk, [])),
    }


def programme_figures(*, year: int) -> dict:
    offices = list(offices_in_year(year))
    data = _collect(offices, year)
    goals = data["goals"]
    rows = []
    kinds: dict[str, dict] = {}
    groups: dict[str, int] = defaultdict(int)
    all_targets: list[dict] = []
    spaces: list[dict] = []
    topics: list[dict] = []
    for office in offices:
        activities = _activities_block(data["activities"].get(office.pk))
        initiatives = data["initiatives"].get(office.pk, [])
        targets = data["targets"].get(office.pk, [])
        all_targets += targets
        summary = _goal_summary(targets)
        group_counts = data["target_groups"].get(office.pk, {})
        for group, n in group_counts.items():
            groups[group] += n
        for row in activities["by_kind"]:
            total = kinds.setdefault(
                row["kind"], {"kind": row["kind"], "count": 0, "hours": 0.0, "participants": 0}
            )
            total["count"] += row["count"]
            total["hours"] = _num(Decimal(str(total["hours"])) + Decimal(str(row["hours"])))
            total["participants"] += row["participants"]
        spaces += [s for s in data["spaces"].get(office.pk, []) if s not in spaces]
        topics += [t for t in data["topics"].get(office.pk, []) if t not in topics]
        rows.append(
            {
                "name": office.name,
                "slug": office.slug,
                "provider": office.provider.name,
                "activities": activities["total"],
                "hours": activities["hours"],
                "participants": activities["participants"],
                "reached": sum(group_counts.values()),
                "initiatives": len(initiatives),
                "agreement_signed": _agreement_block(data["agreements"].get(office.pk))["signed"],
                "targets": summary["targets"],
                "achieved": summary["achieved"],
                "average": summary["average"],
            }
        )
    goal_rows = []
    for goal in goals:
        mine = [t for t in all_targets if t["goal"] == goal.slug]
        goal_rows.append(
            {
                "goal": goal.slug,
                "name": goal.name,
                "activities": sum(
                    n
                    for (_office, goal_id), n in data["goals_served"].items()
                    if goal_id == goal.pk
                ),
                **_goal_summary(mine),
            }
        )
    totals = {
        key: sum(r[key] for r in rows)
        for key in ("activities", "participants", "reached", "initiatives", "targets", "achieved")
    }
    totals["hours"] = _num(sum(Decimal(str(r["hours"])) for r in rows))
    totals["offices"] = len(rows)
    totals["average"] = _goal_summary(all_targets)["average"]
    return {
        "version": FIGURES_VERSION,
        "kind": ReportKind.PROGRAMME.value,
        "year": year,
        "offices": rows,
        "totals": totals,
        "activities_by_kind": [kinds[k] for k in ActivityKind.values if k in kinds],
        "target_groups": _target_groups_block(groups),
        "goals": goal_rows,
        "social_spaces": sorted(spaces, key=lambda s: s["name"]),
        "topics": topics,
    }


def topics_of(figures: dict):
    """The topics a report concerns (for a council paper drafted from it)."""
    return Topic.objects.filter(slug__in=[t["slug"] for t in figures.get("topics", [])])
