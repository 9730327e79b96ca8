"""A report as DOCX (python-docx), for offices that continue the text in a word processor:
the same sections, figures tables and charts as the page. The charts are PNG images drawn with
Pillow (``charts.png``), each with its title as alternative text, next to a table with the
same figures.

Every text goes in through ``_plain``: python-docx escapes markup itself, but refuses the
control characters XML 1.0 cannot hold (a vertical tab pasted into a text would make the whole
document fail), so those are left out.
"""

from __future__ import annotations

import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from veedel.reports.charts import png
from veedel.reports.models import Report
from veedel.reports.present import Shown, goal_rows, present
from veedel.reports.texts import num

#: What XML 1.0 cannot hold: control characters other than tab and line breaks, lone
#: surrogates and the two non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _plain(value) -> str:
    return _NOT_XML.sub("", str(value))


def _paragraph(doc, text):
    return doc.add_paragraph(_plain(text))


def _heading(doc, text, level: int):
    return doc.add_heading(_plain(text), level=level)


def _pct(value) -> str:
    return "–" if value is None else f"{num(value)} %"


def _table(doc, header: list[str], rows: list[list], *, numeric=()):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(_plain(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = _plain(value)
            if i in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()
    return table


def _chart(doc, shown: Shown, key: str) -> None:
    for chart in shown.charts:
        if chart.key == key:
            _paragraph(doc, chart.title).runs[0].bold = True
            shape = doc.add_picture(io.BytesIO(png(chart)), width=Cm(16))
            shape._inline.docPr.set("descr", _plain(chart.title))  # alternative text
            doc.add_paragraph()


def _section(doc, shown: Shown, key: str, level: int = 1) -> None:
    section = shown.section_by_key.get(key)
    if section is None:
        return
    _heading(doc, section["title"], level=level)
    for paragraph in section["paragraphs"]:
        _paragraph(doc, paragraph)


def _groups(doc, shown: Shown) -> None:
    groups = shown.figures["target_groups"]
    rows = [[r["label"], num(r["count"])] for r in groups["rows"]]
    rows.append([_("Total"), num(groups["total"])])
    _table(doc, [_("Target group"), _("Participants")], rows, numeric=(1,))
    _chart(doc, shown, "target_groups")


def _goals(doc, shown: Shown) -> None:
    f = shown.figures
    _heading(doc, _("Goals achieved"), level=1)
    if shown.is_office_report and not f["agreement"]["signed"]:
        _paragraph(doc, _("There is no signed target agreement for this year."))
    for goal in goal_rows(shown):
        _heading(doc, goal["name"], level=2)
        if goal["section"]:
            for paragraph in goal["section"]["paragraphs"]:
                _paragraph(doc, paragraph)
        if shown.is_office_report and goal["targets"]:
            _table(
                doc,
                [
                    _("Target"),
                    _("Indicator"),
                    _("Baseline"),
                    _("Target value"),
                    _("Actual"),
                    _("Achieved"),
                ],
                [
                    [
                        t["title"],
                        t["indicator"],
                        num(t["baseline"]),
                        f"{num(t['target_value'])} {t['unit']}".strip(),
                        num(t["actual"]),
                        _pct(t["achievement"]),
                    ]
                    for t in goal["targets"]
                ],
                numeric=(2, 3, 4, 5),
            )
    if not shown.is_office_report:
        _table(
            doc,
            [_("Goal"), _("Targets"), _("Achieved in full"), _("Average"), _("Activities")],
            [
                [
                    g["name"],
                    num(g["targets"]),
                    num(g["achieved"]),
                    _pct(g["average"]),
                    num(g["activities"]),
                ]
                for g in f["goals"]
            ],
            numeric=(1, 2, 3, 4),
        )
    _chart(doc, shown, "achievement_by_goal")


def _office(doc, shown: Shown) -> None:
    f = shown.figures
    a = f["activities"]
    _section(doc, shown, "summary")
    _section(doc, shown, "activities")
    rows = [
        [r["label"], num(r["count"]), num(r["hours"]), num(r["participants"])] for r in a["by_kind"]
    ]
    rows.append([_("Total"), num(a["total"]), num(a["hours"]), num(a["participants"])])
    _table(
        doc,
        [_("Kind of activity"), _("Activities"), _("Hours"), _("Participants")],
        rows,
        numeric=(1, 2, 3),
    )
    _chart(doc, shown, "activities_by_kind")
    _section(doc, shown, "target_groups")
    _groups(doc, shown)
    _goals(doc, shown)
    _section(doc, shown, "initiatives")
    i = f["initiatives"]
    if i["rows"]:
        _table(
            doc,
            [
                _("Initiative"),
                _("Social space"),
                _("Status"),
                _("Activities"),
                _("Highest impact step"),
            ],
            [
                [
                    r["title"],
                    r["social_space"],
                    r["status_label"],
                    num(r["activities"]),
                    r["step_label"],
                ]
                for r in i["rows"]
            ],
            numeric=(3,),
        )
    if i["not_public"]:
        _paragraph(
            doc,
            ngettext(
                "%(n)s further initiative is not published and is only counted.",
                "%(n)s further initiatives are not published and are only counted.",
                i["not_public"],
            )
            % {"n": num(i["not_public"])},
        )
    for key in ("obstacles", "deviations", "outlook"):
        _section(doc, shown, key)


def _programme(doc, shown: Shown) -> None:
    f, t = shown.figures, shown.figures["totals"]
    _section(doc, shown, "summary")
    _section(doc, shown, "comparison")
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
    _table(
        doc,
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
        numeric=(1, 2, 3, 4, 5, 6),
    )
    _chart(doc, shown, "activities_per_office")
    _chart(doc, shown, "participants_per_office")
    _heading(doc, _("Activities by kind"), level=1)
    _table(
        doc,
        [_("Kind of activity"), _("Activities"), _("Hours"), _("Participants")],
        [
            [r["label"], num(r["count"]), num(r["hours"]), num(r["participants"])]
            for r in f["activities_by_kind"]
        ],
        numeric=(1, 2, 3),
    )
    _heading(doc, _("Target groups reached"), level=1)
    _groups(doc, shown)
    _goals(doc, shown)
    for key in ("obstacles", "deviations", "outlook"):
        _section(doc, shown, key)


def report_docx(*, report: Report) -> bytes:
    shown = present(report)
    doc = Document()
    doc.core_properties.title = _plain(f"{shown.title}: {shown.subtitle}")
    doc.core_properties.author = "Veedel"
    _heading(doc, shown.title, level=0)
    _paragraph(doc, shown.subtitle)
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
    _paragraph(doc, state)
    spaces = ", ".join(x["name"] for x in shown.figures.get("social_spaces", []))
    if spaces:
        _paragraph(doc, _("Social spaces: %(names)s") % {"names": spaces})
    (_office if report.is_office_report else _programme)(doc, shown)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
