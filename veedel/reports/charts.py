"""Charts of a report, drawn once as reportlab vector graphics.

The same ``Drawing`` goes into the PDF as vector graphics and into the HTML page as inline SVG
(reportlab's own SVG renderer; its style attributes are turned into presentation attributes,
which the content security policy allows). The DOCX gets tables instead (no PNG renderer
without extra native libraries). Every chart sits beside a table with the same figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from veedel.reports.models import ReportKind
from veedel.reports.texts import group_label, kind_label, num

BAR = colors.HexColor("#00566a")
LINE = colors.HexColor("#4a4a55")
INK = colors.HexColor("#1b1b1f")
WIDTH = 480
LABEL_WIDTH = 190
BAR_HEIGHT = 13
GAP = 6


@dataclass
class Chart:
    key: str
    title: str
    rows: list[tuple[str, float]]
    unit: str = ""
    reference: float | None = None  # a vertical line, e.g. 100 % achieved
    extra: dict = field(default_factory=dict)


def charts_of(figures: dict) -> list[Chart]:
    """The charts a report shows, from its figures (empty rows are left out)."""
    charts = []
    if figures.get("kind") == ReportKind.PROGRAMME:
        offices = figures["offices"]
        charts.append(
            Chart(
                "activities_per_office",
                _("Activities per office"),
                [(o["name"], o["activities"]) for o in offices],
            )
        )
        charts.append(
            Chart(
                "participants_per_office",
                _("Participants per office"),
                [(o["name"], o["participants"]) for o in offices],
            )
        )
        by_kind = figures["activities_by_kind"]
        goals = figures["goals"]
    else:
        by_kind = figures["activities"]["by_kind"]
        goals = figures["goals"]
        charts.append(
            Chart(
                "activities_by_kind",
                _("Activities by kind"),
                [(kind_label(r["kind"]), r["count"]) for r in by_kind],
            )
        )
    charts.append(
        Chart(
            "target_groups",
            _("Participants by target group"),
            [(group_label(r["group"]), r["count"]) for r in figures["target_groups"]["rows"]],
        )
    )
    achieved = [(g["name"], g["average"]) for g in goals if g.get("average") is not None]
    charts.append(
        Chart(
            "achievement_by_goal",
            _("Average degree of achievement by goal"),
            achieved,
            unit="%",
            reference=100.0,
        )
    )
    return [c for c in charts if c.rows]


def _shorten(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def drawing(chart: Chart, *, font: str = "Helvetica") -> Drawing:
    """A horizontal bar chart: one bar per row, its value at the end of the bar."""
    height = len(chart.rows) * (BAR_HEIGHT + GAP) + GAP + 14
    d = Drawing(WIDTH, height)
    values = [v for _label, v in chart.rows]
    top = max([*values, chart.reference or 0, 1])
    span = WIDTH - LABEL_WIDTH - 60
    y = height - 14 - BAR_HEIGHT
    for label, value in chart.rows:
        d.add(String(0, y + 3, _shorten(label), fontName=font, fontSize=8.5, fillColor=INK))
        d.add(
            Rect(
                LABEL_WIDTH,
                y,
                max(span * value / top, 0.5),
                BAR_HEIGHT,
                fillColor=BAR,
                strokeColor=None,
            )
        )
        text = num(value) + (f" {chart.unit}" if chart.unit else "")
        d.add(
            String(
                LABEL_WIDTH + span * value / top + 4,
                y + 3,
                text,
                fontName=font,
                fontSize=8.5,
                fillColor=INK,
            )
        )
        y -= BAR_HEIGHT + GAP
    if chart.reference is not None:
        x = LABEL_WIDTH + span * chart.reference / top
        d.add(Line(x, 2, x, height - 12, strokeColor=LINE, strokeDashArray=[3, 2]))
        d.add(
            String(
                x,
                height - 10,
                num(chart.reference) + (f" {chart.unit}" if chart.unit else ""),
                fontName=font,
                fontSize=7.5,
                fillColor=LINE,
                textAnchor="middle",
            )
        )
    d.add(Line(LABEL_WIDTH, 2, LABEL_WIDTH, height - 14, strokeColor=LINE, strokeWidth=0.6))
    return d


_STYLE = re.compile(r' style="([^"]*)"')
_PROLOG = re.compile(r"^.*?(?=<svg)", re.S)


def _attributes(match: re.Match) -> str:
    parts = []
    for declaration in match.group(1).split(";"):
        if ":" in declaration:
            name, value = (p.strip() for p in declaration.split(":", 1))
            if name and value:
                parts.append(f' {name}="{value}"')
    return "".join(parts)


def svg(chart: Chart, *, element_id: str) -> str:
    """The chart as an inline SVG element (no style attributes, no XML prolog), labelled by
    its title."""
    text = renderSVG.drawToString(drawing(chart))
    text = _PROLOG.sub("", text).replace(
        "font-family: Helvetica", "font-family: 'DejaVu Sans', Helvetica, sans-serif"
    )
    text = _STYLE.sub(_attributes, text)
    text = re.sub(r"<title>.*?</title>", f'<title id="{element_id}-title"></title>', text, count=1)
    text = re.sub(r"<desc>.*?</desc>\s*", "", text, count=1)
    text = text.replace('id="clip"', f'id="{element_id}-clip"').replace(
        "url(#clip)", f"url(#{element_id}-clip)"
    )
    text = re.sub(r'<g id="group"', f'<g id="{element_id}-group"', text, count=1)
    return text.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{element_id}-title" id="{element_id}" ',
        1,
    ).replace(
        f'<title id="{element_id}-title"></title>',
        f'<title id="{element_id}-title">{_escape(chart.title)}</title>',
    )


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def png(chart: Chart, *, scale: int = 2) -> bytes:
    """The chart as PNG for the DOCX, drawn with Pillow (which reportlab already requires) in
    the layout of ``drawing``."""
    from io import BytesIO

    from PIL import Image, ImageDraw, ImageFont

    from veedel.core.pdf import FONT_DIRS

    def font(size: float):
        for folder in FONT_DIRS:
            path = folder / "DejaVuSans.ttf"
            if path.exists():
                return ImageFont.truetype(str(path), round(size * scale))
        return ImageFont.load_default(round(size * scale))

    height = len(chart.rows) * (BAR_HEIGHT + GAP) + GAP + 14
    image = Image.new("RGB", (WIDTH * scale, height * scale), "white")
    draw = ImageDraw.Draw(image)
    label_font, small = font(8.5), font(7.5)
    values = [v for _label, v in chart.rows]
    top = max([*values, chart.reference or 0, 1])
    span = WIDTH - LABEL_WIDTH - 60

    def box(x, y, w, h):  # reportlab coordinates (origin bottom left) to Pillow's
        return [x * scale, (height - y - h) * scale, (x + w) * scale, (height - y) * scale]

    y = height - 14 - BAR_HEIGHT
    for label, value in chart.rows:
        x0, y0, _x1, y1 = box(0, y, 0, BAR_HEIGHT)
        draw.text(
            (x0, (y0 + y1) / 2), _shorten(label), font=label_font, fill="#1b1b1f", anchor="lm"
        )
        width = max(span * value / top, 0.5)
        draw.rectangle(box(LABEL_WIDTH, y, width, BAR_HEIGHT), fill="#00566a")
        text = num(value) + (f" {chart.unit}" if chart.unit else "")
        draw.text(
            ((LABEL_WIDTH + width + 4) * scale, (y0 + y1) / 2),
            text,
            font=label_font,
            fill="#1b1b1f",
            anchor="lm",
        )
        y -= BAR_HEIGHT + GAP
    if chart.reference is not None:
        x = (LABEL_WIDTH + span * chart.reference / top) * scale
        for y_dash in range(14 * scale, (height - 2) * scale, 5 * scale):
            draw.line([x, y_dash, x, y_dash + 3 * scale], fill="#4a4a55", width=scale)
        reference = num(chart.reference) + (f" {chart.unit}" if chart.unit else "")
        draw.text((x, 6 * scale), reference, font=small, fill="#4a4a55", anchor="mm")
    draw.line(
        [LABEL_WIDTH * scale, 14 * scale, LABEL_WIDTH * scale, (height - 2) * scale],
        fill="#4a4a55",
        width=max(1, scale // 2),
    )
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
