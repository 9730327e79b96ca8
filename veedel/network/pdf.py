"""Minutes of a meeting as PDF (reportlab platypus), with "page X of Y" on every page."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from veedel.network.models import FollowUpTask, Meeting

BRAND = colors.HexColor("#00566a")
LINE = colors.HexColor("#c9ced6")
FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
]


@cache
def _fonts() -> tuple[str, str]:
    """DejaVu Sans (wide Unicode coverage) where installed, else the Vera fonts that come
    with reportlab."""
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("VeedelSans", str(regular)))
            pdfmetrics.registerFont(TTFont("VeedelSans-Bold", str(bold)))
            break
    else:
        pdfmetrics.registerFont(TTFont("VeedelSans", "Vera.ttf"))
        pdfmetrics.registerFont(TTFont("VeedelSans-Bold", "VeraBd.ttf"))
    pdfmetrics.registerFontFamily(
        "VeedelSans", normal="VeedelSans", bold="VeedelSans-Bold", italic="VeedelSans"
    )
    return "VeedelSans", "VeedelSans-Bold"


def _styles():
    regular, bold = _fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=10.5)
    return {
        "title": ParagraphStyle(
            "title", parent=base["Title"], fontName=bold, fontSize=18, alignment=0
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=12.5, leading=16, textColor=BRAND
        ),
        "h2": ParagraphStyle(
            "h2", parent=base["Heading2"], fontName=bold, fontSize=13, textColor=BRAND
        ),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12),
        "head": ParagraphStyle("head", parent=body, fontName=bold, fontSize=9.5, leading=12),
        "item": ParagraphStyle("item", parent=body, leftIndent=5 * mm, bulletIndent=1 * mm),
    }


def _text(value: str) -> str:
    """Escape user text for a Paragraph, keeping its line breaks."""
    return escape(value.strip()).replace("\r\n", "\n").replace("\n", "<br/>")


def _paragraphs(value: str, style) -> list:
    blocks = [b for b in value.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return [Paragraph(_text(b), style) for b in blocks]


def _canvas_maker(*, footer: str, page_label: str, marker: str):
    """A canvas that knows the page count when it writes the footer (two-pass numbering)."""
    regular, bold = _fonts()

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, _height = self._pagesize
            self.setFont(regular, 8.5)
            self.setFillColor(colors.HexColor("#4a4a55"))
            self.drawString(20 * mm, 12 * mm, footer)
            self.drawRightString(
                width - 20 * mm, 12 * mm, page_label % {"page": self._pageNumber, "pages": total}
            )
            if marker:
                self.setFont(bold, 9)
                self.setFillColor(colors.HexColor("#8a2b00"))
                self.drawRightString(width - 20 * mm, A4[1] - 12 * mm, marker)

    return NumberedCanvas


def minutes_pdf(*, meeting: Meeting, attendees: list, tasks: list[FollowUpTask]) -> bytes:
    """The minutes of ``meeting``. ``attendees`` are the attending actors the reader may see."""
    network = meeting.network
    s = _styles()
    start = timezone.localtime(meeting.start)
    end = timezone.localtime(meeting.end) if meeting.end else None
    when = time_format(start, "H:i") + (f"–{time_format(end, 'H:i')}" if end else "")
    day = date_format(start, "DATE_FORMAT")
    if end and end.date() != start.date():
        when = (
            f"{time_format(start, 'H:i')} – {date_format(end, 'DATE_FORMAT')} "
            f"{time_format(end, 'H:i')}"
        )

    story = [
        Paragraph(escape(_("Minutes of the meeting")), s["title"]),
        Paragraph(f"{escape(network.name)} · {escape(network.get_kind_display())}", s["subtitle"]),
        Spacer(1, 4 * mm),
    ]
    facts = [
        (_("Date"), day),
        (_("Time"), _("%(time)s h") % {"time": when}),
        (_("Place"), meeting.place or "–"),
        (_("Social space"), network.social_space.name),
        (_("Organised by"), network.office.name),
    ]
    if not (meeting.is_public and network.is_public):
        facts.append((_("Visibility"), _("not public")))
    table = Table(
        [[Paragraph(escape(k), s["head"]), Paragraph(escape(v), s["cell"])] for k, v in facts],
        colWidths=[40 * mm, 130 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story.append(table)

    story.append(Paragraph(escape(_("Agenda")), s["h2"]))
    items = [line.strip() for line in meeting.agenda.splitlines() if line.strip()]
    story += [Paragraph(escape(item), s["item"], bulletText="•") for item in items] or [
        Paragraph(escape(_("No agenda recorded.")), s["body"])
    ]

    story.append(Paragraph(escape(_("Attendance")), s["h2"]))
    names = ", ".join(a.name for a in attendees)
    story.append(Paragraph(escape(names or _("No attending actors recorded.")), s["body"]))
    if meeting.other_attendance:
        story.append(
            Paragraph(
                escape(_("Further participants: %(n)d") % {"n": meeting.other_attendance}),
                s["body"],
            )
        )

    story.append(Paragraph(escape(_("Minutes")), s["h2"]))
    story += _paragraphs(meeting.minutes, s["body"]) or [
        Paragraph(escape(_("No minutes recorded.")), s["body"])
    ]

    story.append(Paragraph(escape(_("Decisions")), s["h2"]))
    story += _paragraphs(meeting.decisions, s["body"]) or [
        Paragraph(escape(_("No decisions recorded.")), s["body"])
    ]

    story.append(Paragraph(escape(_("Follow-up tasks")), s["h2"]))
    if tasks:
        header = [_("Task"), _("Responsible"), _("Due"), _("Status")]
        rows = [[Paragraph(escape(h), s["head"]) for h in header]]
        for task in tasks:
            due = date_format(task.due, "SHORT_DATE_FORMAT") if task.due else "–"
            rows.append(
                [
                    Paragraph(_text(task.title), s["cell"]),
                    Paragraph(_text(task.responsible), s["cell"]),
                    Paragraph(escape(due), s["cell"]),
                    Paragraph(escape(task.get_status_display()), s["cell"]),
                ]
            )
        tasks_table = Table(
            rows, colWidths=[70 * mm, 50 * mm, 24 * mm, 26 * mm], repeatRows=1, hAlign="LEFT"
        )
        tasks_table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.4, LINE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        story.append(tasks_table)
    else:
        story.append(Paragraph(escape(_("No follow-up tasks recorded.")), s["body"]))

    buffer = io.BytesIO()
    title = _("Minutes of the meeting of %(network)s on %(date)s") % {
        "network": network.name,
        "date": day,
    }
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=title,
        author=network.office.name,
        subject=network.name,
        creator="Veedel",
        lang=get_language() or "de",
        displayDocTitle=True,
    )
    doc.build(
        story,
        canvasmaker=_canvas_maker(
            footer=f"{network.name} · {day}",
            page_label=_("Page %(page)s of %(pages)s"),
            marker=_("not public") if not (meeting.is_public and network.is_public) else "",
        ),
    )
    return buffer.getvalue()
