"""Minutes of a meeting as PDF (reportlab platypus), with "page X of Y" on every page.

reportlab reads a Paragraph's text as markup (``<b>``, ``<img src=…>`` that embeds a file of
the server, ``<font>``, entities). Every text of this PDF, what people typed as well as our
own labels, reaches a Paragraph only through ``_text``, ``_lines`` or ``core.pdf.paragraphs``,
which escape it; no other Paragraph is made here.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from veedel.core.pdf import LINE, canvas_maker, escape_text, paragraphs, styles
from veedel.network.models import FollowUpTask, Meeting


def _text(value: str, style, **kwargs) -> Paragraph:
    """A paragraph showing ``value`` literally."""
    return Paragraph(escape(str(value)), style, **kwargs)


def _lines(value: str, style) -> Paragraph:
    """A paragraph showing ``value`` literally, with its line breaks."""
    return Paragraph(escape_text(str(value)), style)


def minutes_pdf(*, meeting: Meeting, attendees: list, tasks: list[FollowUpTask]) -> bytes:
    """The minutes of ``meeting``. ``attendees`` are the attending actors the reader may see."""
    network = meeting.network
    s = styles()
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
        _text(_("Minutes of the meeting"), s["title"]),
        _text(f"{network.name} · {network.get_kind_display()}", s["subtitle"]),
        Spacer(1, 4 * mm),
    ]
    facts = [
        (_("Date"), day),
        (_("Time"), _("%(time)s h") % {"time": when}),
        (_("Place"), meeting.place or "–"),
        (_("Social space"), network.social_space.name),
        (_("Organised by"), network.office.name),
    ]
    if not meeting.publicly_visible:
        facts.append((_("Visibility"), _("not public")))
    table = Table(
        [[_text(k, s["head"]), _text(v, s["cell"])] for k, v in facts],
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

    story.append(_text(_("Agenda"), s["h2"]))
    items = [line.strip() for line in meeting.agenda.splitlines() if line.strip()]
    story += [_text(item, s["item"], bulletText="•") for item in items] or [
        _text(_("No agenda recorded."), s["body"])
    ]

    story.append(_text(_("Attendance"), s["h2"]))
    names = ", ".join(a.name for a in attendees)
    story.append(_text(names or _("No attending actors recorded."), s["body"]))
    if meeting.other_attendance:
        story.append(
            _text(
                _("Further participants: %(n)d") % {"n": meeting.other_attendance},
                s["body"],
            )
        )

    story.append(_text(_("Minutes"), s["h2"]))
    story += paragraphs(meeting.minutes, s["body"]) or [_text(_("No minutes recorded."), s["body"])]

    story.append(_text(_("Decisions"), s["h2"]))
    story += paragraphs(meeting.decisions, s["body"]) or [
        _text(_("No decisions recorded."), s["body"])
    ]

    story.append(_text(_("Follow-up tasks"), s["h2"]))
    if tasks:
        header = [_("Task"), _("Responsible"), _("Due"), _("Status")]
        rows = [[_text(h, s["head"]) for h in header]]
        for task in tasks:
            due = date_format(task.due, "SHORT_DATE_FORMAT") if task.due else "–"
            rows.append(
                [
                    _lines(task.title, s["cell"]),
                    _lines(task.responsible, s["cell"]),
                    _text(due, s["cell"]),
                    _text(task.get_status_display(), s["cell"]),
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
        story.append(_text(_("No follow-up tasks recorded."), s["body"]))

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
        canvasmaker=canvas_maker(
            footer=f"{network.name} · {day}",
            page_label=_("Page %(page)s of %(pages)s"),
            marker="" if meeting.publicly_visible else _("not public"),
        ),
    )
    return buffer.getvalue()
