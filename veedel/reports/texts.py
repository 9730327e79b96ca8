"""The narrative sections of a report and their generated first texts.

Each section has a key, a heading and a first text written from the figures. People edit the
texts in the browser; the figures tables stay as computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veedel.agreements.models import ReviewStatus
from veedel.initiatives.models import ActivityKind, ImpactStep, TargetGroup
from veedel.reports.models import ReportKind

#: Targets found at risk at mid-year (listed under obstacles).
NOT_ON_TRACK = (ReviewStatus.AT_RISK, ReviewStatus.OFF_TRACK)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    help: str = ""


def num(value, places: int | None = None) -> str:
    if value is None:
        return "–"
    if places is None:
        places = 0 if float(value).is_integer() else 1
    return number_format(value, places, use_l10n=True, force_grouping=True)


def kind_label(code: str) -> str:
    return str(ActivityKind(code).label) if code in ActivityKind.values else code


def group_label(code: str) -> str:
    return str(TargetGroup(code).label) if code in TargetGroup.values else code


def step_label(step) -> str:
    if step in ImpactStep.values:
        return str(ImpactStep(step).label)
    return _("no step recorded")


def goal_key(slug: str) -> str:
    return f"goal-{slug}"


def sections_of(figures: dict) -> list[Section]:
    """The narrative sections of a report, in reading order."""
    goals = [
        Section(
            goal_key(g["goal"]),
            _("Goal: %(goal)s") % {"goal": g["name"]},
            _("Summary of what was achieved under this goal."),
        )
        for g in figures.get("goals", [])
    ]
    if figures.get("kind") == ReportKind.PROGRAMME:
        return [
            Section("summary", _("Summary")),
            Section("comparison", _("The offices compared")),
            *goals,
            Section("obstacles", _("Obstacles")),
            Section("deviations", _("Deviations from the plan")),
            Section("outlook", _("Outlook")),
        ]
    return [
        Section("summary", _("Summary")),
        Section("activities", _("Activities")),
        Section("target_groups", _("Target groups reached")),
        *goals,
        Section("initiatives", _("Initiatives")),
        Section("obstacles", _("Obstacles"), _("What made the work harder?")),
        Section(
            "deviations",
            _("Deviations from the plan"),
            _("Where and why the work differed from the target agreement."),
        ),
        Section("outlook", _("Outlook"), _("What comes next year?")),
    ]


# --- generated first texts -------------------------------------------------------------------


def _activities_text(year, activities) -> str:
    if not activities["total"]:
        return _("No activities were documented in %(year)s.") % {"year": year}
    top = max(activities["by_kind"], key=lambda r: r["count"])
    return (
        ngettext(
            "In %(year)s, %(n)s activity was documented with %(hours)s hours of work.",
            "In %(year)s, %(n)s activities were documented with %(hours)s hours of work.",
            activities["total"],
        )
        % {"year": year, "n": num(activities["total"]), "hours": num(activities["hours"])}
        + " "
        + _("Most of them were of the kind “%(kind)s” (%(n)s).")
        % {"kind": kind_label(top["kind"]), "n": num(top["count"])}
        + " "
        + _("%(n)s participants took part in total.") % {"n": num(activities["participants"])}
    )


def _groups_text(groups) -> str:
    if not groups["rows"]:
        return _("No participants were recorded by target group.")
    top = sorted(groups["rows"], key=lambda r: -r["count"])[:3]
    names = ", ".join(f"{group_label(r['group'])} ({num(r['count'])})" for r in top)
    return _(
        "The activities reached %(n)s participants counted by target group; most often: %(groups)s."
    ) % {"n": num(groups["total"]), "groups": names}


def _goal_text(goal, signed: bool = True) -> str:
    if not signed:
        return _("There is no signed target agreement for this year.")
    if not goal["targets"]:
        text = _("No target was agreed under this goal.")
    else:
        count = goal["targets"] if isinstance(goal["targets"], int) else len(goal["targets"])
        text = ngettext(
            "%(n)s target was agreed under this goal; %(achieved)s of them were achieved in full.",
            "%(n)s targets were agreed under this goal; %(achieved)s of them were achieved in "
            "full.",
            count,
        ) % {"n": num(count), "achieved": num(goal["achieved"])}
        if goal["average"] is not None:
            text += " " + _("The average degree of achievement is %(pct)s %%.") % {
                "pct": num(goal["average"])
            }
    if goal.get("activities"):
        text += " " + ngettext(
            "%(n)s activity served this goal.",
            "%(n)s activities served this goal.",
            goal["activities"],
        ) % {"n": num(goal["activities"])}
    return text


def _initiatives_text(initiatives) -> str:
    if not initiatives["total"]:
        return _("No initiative was under way this year.")
    text = ngettext(
        "%(n)s initiative was under way this year.",
        "%(n)s initiatives were under way this year.",
        initiatives["total"],
    ) % {"n": num(initiatives["total"])}
    steps = [r for r in initiatives["by_step"] if r["step"]]
    if steps:
        best = max(r["step"] for r in steps)
        text += " " + _("The highest step of the impact ladder reached was “%(step)s”.") % {
            "step": step_label(best)
        }
    return text


def _target_lines(targets, wanted) -> list[str]:
    lines = []
    for t in targets:
        if wanted(t):
            line = f"– {t['title']}"
            if t.get("achievement") is not None:
                line += f" ({num(t['achievement'])} %)"
            if t.get("deviation_reasons"):
                line += f": {t['deviation_reasons']}"
            lines.append(line)
    return lines


def _office_texts(figures) -> dict[str, str]:
    year = figures["year"]
    signed = figures["agreement"]["signed"]
    targets = [t for g in figures["goals"] for t in g["targets"]]
    texts = {
        "activities": _activities_text(year, figures["activities"]),
        "target_groups": _groups_text(figures["target_groups"]),
        "initiatives": _initiatives_text(figures["initiatives"]),
    }
    for goal in figures["goals"]:
        texts[goal_key(goal["goal"])] = _goal_text(goal, signed)
    texts["summary"] = " ".join(
        [
            _("%(office)s reports on its work in %(year)s.")
            % {"office": figures["office"]["name"], "year": year},
            texts["activities"],
            texts["initiatives"],
        ]
    )
    risky = _target_lines(targets, lambda t: t.get("review_status") in NOT_ON_TRACK)
    texts["obstacles"] = (
        "\n".join([_("Targets found at risk or off track at mid-year:"), *risky])
        if risky
        else _("No obstacles were recorded.")
    )
    missed = _target_lines(
        targets, lambda t: t.get("achievement") is not None and t["achievement"] < 100
    )
    texts["deviations"] = (
        "\n".join([_("Targets not achieved in full:"), *missed])
        if missed
        else _("No deviations from the target agreement were recorded.")
    )
    going_on = [r["title"] for r in figures["initiatives"]["rows"] if r.get("continues")]
    texts["outlook"] = (
        _("These initiatives continue in %(next)s: %(titles)s.")
        % {"next": year + 1, "titles": ", ".join(going_on)}
        if going_on
        else _("The plans for %(next)s follow with the next target agreement.") % {"next": year + 1}
    )
    return texts


def _programme_texts(figures) -> dict[str, str]:
    year, totals = figures["year"], figures["totals"]
    texts = {}
    summary = ngettext(
        "In %(year)s, %(n)s coordination office worked in the programme.",
        "In %(year)s, %(n)s coordination offices worked in the programme.",
        totals["offices"],
    ) % {"year": year, "n": num(totals["offices"])}
    summary += " " + _(
        "They documented %(activities)s activities with %(hours)s hours and %(participants)s "
        "participants, and carried %(initiatives)s initiatives."
    ) % {
        "activities": num(totals["activities"]),
        "hours": num(totals["hours"]),
        "participants": num(totals["participants"]),
        "initiatives": num(totals["initiatives"]),
    }
    if totals["average"] is not None:
        summary += " " + _(
            "Of %(targets)s agreed targets, %(achieved)s were achieved in full; the average "
            "degree of achievement is %(pct)s %%."
        ) % {
            "targets": num(totals["targets"]),
            "achieved": num(totals["achieved"]),
            "pct": num(totals["average"]),
        }
    texts["summary"] = summary
    if figures["offices"]:
        busiest = max(figures["offices"], key=lambda r: r["activities"])
        texts["comparison"] = _(
            "The table compares the offices. The most activities were documented by %(office)s "
            "(%(n)s)."
        ) % {"office": busiest["name"], "n": num(busiest["activities"])}
        unsigned = [r["name"] for r in figures["offices"] if not r["agreement_signed"]]
        if unsigned:
            texts["comparison"] += " " + _(
                "No signed target agreement for %(year)s: %(offices)s."
            ) % {"year": year, "offices": ", ".join(unsigned)}
    else:
        texts["comparison"] = _("No office was under contract in %(year)s.") % {"year": year}
    for goal in figures["goals"]:
        texts[goal_key(goal["goal"])] = _goal_text(goal)
    texts["obstacles"] = _("The offices' activity reports describe the obstacles in their areas.")
    texts["deviations"] = _("The offices' activity reports explain deviations from their targets.")
    texts["outlook"] = _("The target agreements for %(next)s build on these results.") % {
        "next": year + 1
    }
    return texts


def generated_texts(figures: dict) -> dict[str, str]:
    """A first text for every section, written from the figures."""
    texts = (
        _programme_texts(figures)
        if figures["kind"] == ReportKind.PROGRAMME
        else _office_texts(figures)
    )
    return {s.key: texts.get(s.key, "") for s in sections_of(figures)}
