"""What all of Veedel's PDFs share (reportlab): fonts with wide Unicode coverage, paragraph
styles, escaping of user text, and a canvas that writes "page X of Y" and a marker (such as
"nicht öffentlich") on every page."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

BRAND = colors.HexColor("#00566a")
LINE = colors.HexColor("#c9ced6")
FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
]


@cache
def fonts() -> tuple[str, str]:
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


def styles():
    regular, bold = fonts()
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


def escape_text(value: str) -> str:
    """Escape user text for a Paragraph, keeping its line breaks."""
    return escape(value.strip()).replace("\r\n", "\n").replace("\n", "<br/>")


def paragraphs(value: str, style) -> list:
    blocks = [b for b in value.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return [Paragraph(escape_text(b), style) for b in blocks]


def canvas_maker(*, footer: str, page_label: str, marker: str):
    """A canvas that knows the page count when it writes the footer (two-pass numbering)."""
    regular, bold = fonts()

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
