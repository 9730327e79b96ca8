"""A report as PDF (reportlab platypus): the same sections, tables and charts as the page. The
charts are the reportlab drawings of charts.py, placed as vector graphics. A report that is not
published carries "Draft" on every page.

Every text reaches reportlab's Paragraph markup through ``_p`` (or ``paragraphs``), which
escapes it: a title like ``Treffpunkt <b>fehlt`` is printed as it is written, and
``<img src="…"/>`` never embeds a file of the server."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

# The house style of Veedel's PDFs (fonts, page numbers "X of Y", paragraph styles).
from veedel.core.pdf import LINE, canvas_maker, escape_text, fonts, paragraphs, styles
from veedel.reports.charts import drawing
from veedel.reports.models import Report
from veedel.reports.present import Shown, goal_rows, present
from veedel.reports.texts import num


def _p(text, style) -> Paragraph:
    """A paragraph of plain text (escaped for reportlab's markup)."""
    return Paragraph(escape_text(str(text)), style)


def _table(header: list[str], rows: list[list], s, *, widths=None, numeric=(), total=False):
    data = [[_p(h, s["head"]) for h in header]]
    for row in rows:
        data.append([_p(v, s["num"] if i in numeric else s["cell"]) for i, v in enumerate(row)])
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, LINE),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if total:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 1, colors.black))
    table.setStyle(TableStyle(style))
    return table


def _section(shown: Shown, key: str, s, *, heading: str = "h2") -> list:
    section = shown.section_by_key.get(key)
    if section is None:
        return []
    flow = [_p(section["title"], s[heading])]
    return flow + paragraphs(section["text"], s["body"])


def _chart(shown: Shown, key: str, s) -> list:
    for chart in shown.charts:
        if chart.key == key:
            regular, _bold = fonts()
            return [
                Spacer(1, 2 * mm),
                KeepTogether([_p(chart.title, s["head"]), drawing(chart, font=regular)]),
                Spacer(1, 2 * mm),
            ]
    return []


def _pct(value) -> str:
    return "–" if value is None else f"{num(value)} %"


def _goals(shown: Shown, s) -> list:
    f = shown.figures
    flow = [_p(_("Goals achieved"), s["h2"])]
    if shown.is_office_report and not f["agreement"]["signed"]:
        flow.append(_p(_("There is no signed target agreement for this year."), s["body"]))
    for goal in goal_rows(shown):
        flow.append(_p(goal["name"], s["h3"]))
        if goal["section"]:
            flow += paragraphs(goal["section"]["text"], s["body"])
        if shown.is_office_report and goal["targets"]:
            rows = [
                [
                    t["title"],
                    t["indicator"],
                    num(t["baseline"]),
                    f"{num(t['target_value'])} {t['unit']}".strip(),
                    num(t["actual"]),
                    _pct(t["achievement"]),
                ]
                for t in goal["targets"]
            ]
            flow.append(
                _table(
                    [
                        _("Target"),
                        _("Indicator"),
                        _("Baseline"),
                        _("Target value"),
                        _("Actual"),
                        _("Achieved"),
                    ],
                    rows,
                    s,
                    widths=[50 * mm, 36 * mm, 18 * mm, 24 * mm, 18 * mm, 24 * mm],
                    numeric=(2, 3, 4, 5),
                )
            )
    if not shown.is_office_report:
        rows = [
            [
                g["name"],
                num(g["targets"]),
                num(g["achieved"]),
                _pct(g["average"]),
                num(g["activities"]),
            ]
            for g in f["goals"]
        ]
        flow.append(
            _table(
                [_("Goal"), _("Targets"), _("Achieved in full"), _("Average"), _("Activities")],
                rows,
                s,
                widths=[70 * mm, 22 * mm, 28 * mm, 25 * mm, 25 * mm],
                numeric=(1, 2, 3, 4),
            )
        )
    return flow + _chart(shown, "achievement_by_goal", s)


def _groups(shown: Shown, s) -> list:
    groups = shown.figures["target_groups"]
    rows = [[r["label"], num(r["count"])] for r in groups["rows"]]
    rows.append([_("Total"), num(groups["total"])])
    return [
        _table(
            [_("Target group"), _("Participants")],
            rows,
            s,
            widths=[90 * mm, 30 * mm],
            numeric=(1,),
            total=True,
        ),
        *_chart(shown, "target_groups", s),
    ]


def _office_story(shown: Shown, s) -> list:
    f = shown.figures
    a = f["activities"]
    story = _section(shown, "summary", s)
    story += _section(shown, "activities", s)
    rows = [
        [r["label"], num(r["count"]), num(r["hours"]), num(r["participants"])] for r in a["by_kind"]
    ]
    rows.append([_("Total"), num(a["total"]), num(a["hours"]), num(a["participants"])])
    story.append(
        _table(
            [_("Kind of activity"), _("Activities"), _("Hours"), _("Participants")],
            rows,
            s,
            widths=[70 * mm, 30 * mm, 30 * mm, 30 * mm],
            numeric=(1, 2, 3),
            total=True,
        )
    )
    story += _chart(shown, "activities_by_kind", s)
    story += _section(shown, "target_groups", s)
    story += _groups(shown, s)
    story += _goals(shown, s)
    story += _section(shown, "initiatives", s)
    i = f["initiatives"]
    if i["rows"]:
        rows = [
            [
                r["title"],
                r["social_space"],
                r["status_label"],
                num(r["activities"]),
                r["step_label"],
            ]
            for r in i["rows"]
        ]
        story.append(
            _table(
                [
                    _("Initiative"),
                    _("Social space"),
                    _("Status"),
                    _("Activities"),
                    _("Highest impact step"),
                ],
                rows,
                s,
                widths=[50 * mm, 35 * mm, 22 * mm, 20 * mm, 43 * mm],
                numeric=(3,),
            )
        )
    if i["not_public"]:
        story.append(
            _p(
                ngettext(
                    "%(n)s further initiative is not published and is only counted.",
                    "%(n)s further initiatives are not published and are only counted.",
                    i["not_public"],
                )
                % {"n": num(i["not_public"])},
                s["body"],
            )
        )
    for key in ("obstacles", "deviations", "outlook"):
        story += _section(shown, key, s)
    return story


def _programme_story(shown: Shown, s) -> list:
    f = shown.figures
    t = f["totals"]
    story = _section(shown, "summary", s)
    story += _section(shown, "comparison", s)
    rows = [
        [
            o["name"],
            num(o["activities"]),
            num(o["hours"]),
            num(o["participants"]),
            num(o["initiatives"]),
            num(o["targets"]),
            _pct(o["average"]),
        ]
        for o in f["offices"]
    ]
    rows.append(
        [
            _("All offices"),
            num(t["activities"]),
            num(t["hours"]),
            num(t["participants"]),
            num(t["initiatives"]),
            num(t["targets"]),
            _pct(t["average"]),
        ]
    )
    story.append(
        _table(
            [
                _("Office"),
                _("Activities"),
                _("Hours"),
                _("Participants"),
                _("Initiatives"),
                _("Targets"),
                _("Achieved"),
            ],
            rows,
            s,
            widths=[58 * mm, 20 * mm, 18 * mm, 22 * mm, 20 * mm, 17 * mm, 19 * mm],
            numeric=(1, 2, 3, 4, 5, 6),
            total=True,
        )
    )
    story += _chart(shown, "activities_per_office", s)
    story += _chart(shown, "participants_per_office", s)
    story.append(_p(_("Activities by kind"), s["h2"]))
    rows = [
        [r["label"], num(r["count"]), num(r["hours"]), num(r["participants"])]
        for r in f["activities_by_kind"]
    ]
    story.append(
        _table(
            [_("Kind of activity"), _("Activities"), _("Hours"), _("Participants")],
            rows,
            s,
            widths=[70 * mm, 30 * mm, 30 * mm, 30 * mm],
            numeric=(1, 2, 3),
        )
    )
    story.append(_p(_("Target groups reached"), s["h2"]))
    story += _groups(shown, s)
    story += _goals(shown, s)
    for key in ("obstacles", "deviations", "outlook"):
        story += _section(shown, key, s)
    return story


def report_pdf(*, report: Report) -> bytes:
    shown = present(report)
    s = styles()
    _regular, bold = fonts()
    s["h3"] = s["h2"].clone("h3", fontSize=11.5, textColor=colors.black, fontName=bold)
    s["num"] = s["cell"].clone("num", alignment=2)
    story = [
        _p(shown.title, s["title"]),
        _p(shown.subtitle, s["subtitle"]),
    ]
    if report.is_published:
        state = _("Published on %(date)s") % {
            "date": timezone.localtime(report.published_at).strftime("%d.%m.%Y")
        }
    else:
        state = _("Draft – figures as of %(date)s") % {
            "date": timezone.localtime(report.generated_at).strftime("%d.%m.%Y")
            if report.generated_at
            else "–"
        }
    if report.is_example:
        state += " · " + _("example data")
    story += [_p(state, s["body"]), Spacer(1, 4 * mm)]
    spaces = ", ".join(x["name"] for x in shown.figures.get("social_spaces", []))
    if spaces:
        story.append(_p(_("Social spaces: %(names)s") % {"names": spaces}, s["body"]))
    story += _office_story(shown, s) if report.is_office_report else _programme_story(shown, s)

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=f"{shown.title}: {shown.subtitle}",
        author=shown.subtitle if report.is_office_report else "Veedel",
        subject=shown.title,
        creator="Veedel",
        lang=get_language() or "de",
        displayDocTitle=True,
    )
    doc.build(
        story,
        canvasmaker=canvas_maker(
            footer=f"{shown.title} · {shown.subtitle}",
            page_label=_("Page %(page)s of %(pages)s"),
            marker="" if report.is_published else _("Draft"),
        ),
    )
    return buffer.getvalue()
