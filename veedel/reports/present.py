"""A report ready to show: its stored figures with labels in the current language, its sections
with their texts, and its charts. Used by the HTML page, the PDF and the DOCX alike, so the
three show the same."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from veedel.initiatives.models import InitiativeStatus
from veedel.reports.charts import Chart, charts_of
from veedel.reports.models import Report, ReportKind
from veedel.reports.texts import (
    Section,
    goal_key,
    group_label,
    kind_label,
    num,
    sections_of,
    step_label,
)


@dataclass
class Shown:
    report: Report
    figures: dict
    sections: list[dict]
    section_by_key: dict[str, dict]
    charts: list[Chart]
    title: str
    subtitle: str

    @property
    def is_office_report(self) -> bool:
        return self.report.is_office_report


def _status_label(code: str) -> str:
    return str(InitiativeStatus(code).label) if code in InitiativeStatus.values else code


def _label(figures: dict) -> dict:
    """A copy of the figures with labels for codes and formatted numbers."""
    f = dict(figures)
    groups = f.get("target_groups", {"rows": [], "total": 0})
    f["target_groups"] = {
        **groups,
        "rows": [{**r, "label": group_label(r["group"])} for r in groups["rows"]],
    }
    if f.get("kind") == ReportKind.PROGRAMME:
        f["activities_by_kind"] = [
            {**r, "label": kind_label(r["kind"])} for r in f["activities_by_kind"]
        ]
        return f
    activities = f["activities"]
    f["activities"] = {
        **activities,
        "by_kind": [{**r, "label": kind_label(r["kind"])} for r in activities["by_kind"]],
    }
    initiatives = f["initiatives"]
    f["initiatives"] = {
        **initiatives,
        "rows": [
            {**r, "step_label": step_label(r["step"]), "status_label": _status_label(r["status"])}
            for r in initiatives["rows"]
        ],
        "by_step": [{**r, "label": step_label(r["step"])} for r in initiatives["by_step"]],
    }
    return f


def present(report: Report) -> Shown:
    figures = _label(report.figures)
    sections = []
    for section in sections_of(report.figures):
        sections.append(_section(section, report.texts.get(section.key, "")))
    if report.is_office_report:
        title = _("Activity report %(year)s") % {"year": report.year}
        subtitle = report.figures.get("office", {}).get("name", str(report.office))
    else:
        title = _("Programme report %(year)s") % {"year": report.year}
        subtitle = _("All coordination offices")
    return Shown(
        report=report,
        figures=figures,
        sections=sections,
        section_by_key={s["key"]: s for s in sections},
        charts=charts_of(report.figures),
        title=title,
        subtitle=subtitle,
    )


def _section(section: Section, text: str) -> dict:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return {
        "key": section.key,
        "title": section.title,
        "help": section.help,
        "text": text,
        "paragraphs": paragraphs,
    }


def goal_rows(shown: Shown) -> list[dict]:
    """Each goal with its section text (office and programme report)."""
    return [
        {**goal, "section": shown.section_by_key.get(goal_key(goal["goal"]))}
        for goal in shown.figures["goals"]
    ]


def fmt(value, places: int | None = None) -> str:
    return num(value, places)
