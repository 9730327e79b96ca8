"""A council paper as PDF in the layout of the council's papers (see the seed Mitteilung of
2012): the kind of paper ("Mitteilung"), "öffentlicher Teil", the Beratungsfolge as a table
Gremium | Datum, the title and the text. The non-public version adds the non-public part under
"nicht öffentlicher Teil" and marks every page "nicht öffentlich"; the public version never
reads the non-public text.

The headings are German whatever the reader's language: the paper is a document of a German
council, like the OParl values ("Mitteilung", "Kenntnisnahme") it carries.

Every text that reaches reportlab's markup passes ``escape_text`` (a title "Treffpunkt <b>fehlt"
is printed as written, an ``<img>`` in a text is text, not a file of the server). The output is
the same for the same paper (reportlab's ``invariant``): the stored document (documents.py) is
made again only when what it shows has changed. Only plain attributes are read, so that the
data migration can build documents from historical models too.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from veedel.core.pdf import LINE, canvas_maker, escape_text, paragraphs, styles

if TYPE_CHECKING:
    from veedel.council.models import Consultation, Paper

PUBLIC_PART = "öffentlicher Teil"
NON_PUBLIC_PART = "nicht öffentlicher Teil"
NON_PUBLIC_MARK = "nicht öffentlich"
BODY_HEADING = "Gremium"
DATE_HEADING = "Datum"
NO_SESSION = "noch kein Termin"
PAGE_LABEL = "Seite %(page)s von %(pages)s"


def paper_pdf(*, paper: Paper, consultations: list[Consultation], non_public: bool) -> bytes:
    """``consultations``: the alive steps with organisation and meeting loaded, in order."""
    s = styles()
    story = [
        Paragraph(escape_text(paper.paper_type), s["title"]),
        Spacer(1, 2 * mm),
        Paragraph(escape_text(PUBLIC_PART), s["subtitle"]),
        Spacer(1, 4 * mm),
    ]
    rows = [[Paragraph(escape_text(BODY_HEADING), s["head"]), Paragraph(DATE_HEADING, s["head"])]]
    for step in consultations:
        if step.meeting is not None:
            day = timezone.localtime(step.meeting.start).strftime("%d.%m.%Y")
        else:
            day = NO_SESSION
        rows.append(
            [
                Paragraph(escape_text(step.organization.name), s["cell"]),
                Paragraph(escape_text(day), s["cell"]),
            ]
        )
    table = Table(rows, colWidths=[130 * mm, 40 * mm], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story += [table, Spacer(1, 8 * mm), Paragraph(escape_text(paper.title), s["h2"])]
    story += paragraphs(paper.text, s["body"])
    if paper.source:
        story.append(Paragraph(escape_text(f"Quelle: {paper.source}"), s["cell"]))
    if non_public:
        story += [Spacer(1, 8 * mm), Paragraph(escape_text(NON_PUBLIC_PART), s["subtitle"])]
        story += paragraphs(paper.non_public_text, s["body"]) or [Paragraph("–", s["body"])]

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=f"{paper.paper_type} {paper.reference}: {paper.title}",
        author=paper.department or paper.body.name,
        subject=paper.title,
        creator="Veedel",
        lang="de",
        displayDocTitle=True,
        invariant=True,
    )
    doc.build(
        story,
        canvasmaker=canvas_maker(
            footer=f"{paper.paper_type} {paper.reference} · {paper.body.name}",
            page_label=PAGE_LABEL,
            marker=NON_PUBLIC_MARK if non_public else "",
        ),
    )
    return buffer.getvalue()
