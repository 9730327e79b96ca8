"""The guide as print-ready PDF (reportlab platypus): a whole edition with cover, table of
contents with page numbers, situations, key processes with their steps and the method library;
or a single key process. Every page carries "Page n of m" in the footer.

Fonts, the numbered canvas and the text helpers are the shared ones of ``veedel.core.pdf``,
so all of Veedel's PDFs look alike. Every text of the guide reaches reportlab escaped
(``escape``/``escape_text``/``paragraphs``): a title such as ``Treffpunkt <b>fehlt`` or
``<img src="…">`` is printed as it is written, never read as markup.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.tableofcontents import TableOfContents

from veedel.core.pdf import canvas_maker, escape_text, fonts, paragraphs, styles
from veedel.guide.models import Edition, KeyProcess, Method, ProcessStep, Situation
from veedel.programme.models import Goal, Topic

MARGINS = {"leftMargin": 20 * mm, "rightMargin": 20 * mm, "topMargin": 20 * mm}
BOTTOM = 22 * mm


def _guide_styles() -> dict:
    s = styles()
    regular, bold = fonts()
    s["h1"] = ParagraphStyle(
        "h1", parent=s["h2"], fontSize=16, leading=20, spaceBefore=0, spaceAfter=4 * mm
    )
    s["h3"] = ParagraphStyle(
        "h3", parent=s["h2"], fontSize=11.5, leading=14, spaceBefore=3 * mm, spaceAfter=1 * mm
    )
    s["label"] = ParagraphStyle("label", parent=s["body"], fontName=bold, spaceBefore=1.5 * mm)
    s["cover"] = ParagraphStyle("cover", parent=s["title"], fontSize=26, leading=32)
    s["meta"] = ParagraphStyle("meta", parent=s["subtitle"], fontSize=14, leading=19)
    s["example"] = ParagraphStyle(
        "example", parent=s["meta"], fontName=bold, textColor=colors.HexColor("#8a2b00")
    )
    s["toc1"] = ParagraphStyle("toc1", parent=s["body"], fontName=bold, spaceBefore=2 * mm)
    s["toc2"] = ParagraphStyle("toc2", parent=s["body"], leftIndent=6 * mm)
    return s


class _GuideDocument(BaseDocTemplate):
    """Headings (h1, h2) feed the table of contents and the PDF's outline."""

    def __init__(self, buffer, **kwargs):
        super().__init__(buffer, pagesize=A4, bottomMargin=BOTTOM, **MARGINS, **kwargs)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable):  # noqa: N802 - reportlab's name
        level = getattr(flowable, "toc_level", None)
        if level is None:
            return
        self.canv.bookmarkPage(flowable.toc_key)
        # The outline takes plain text; the table of contents takes reportlab markup, so it
        # gets the escaped heading (never the plain text read back from the paragraph, in
        # which "<b>" or "<img …>" would become markup again).
        self.canv.addOutlineEntry(
            flowable.toc_title, flowable.toc_key, level=level, closed=level > 0
        )
        self.notify("TOCEntry", _contents_entry(flowable, self.page))


def _heading(text: str, style, level: int | None) -> Paragraph:
    paragraph = Paragraph(escape(text), style)
    if level is not None:
        paragraph.toc_level = level
        paragraph.toc_key = f"h{id(paragraph)}"
        paragraph.toc_title = text
    return paragraph


def _contents_entry(heading: Paragraph, page: int) -> tuple:
    """An entry of the table of contents: level, the heading as markup (escaped), page, key."""
    return (heading.toc_level, escape(heading.toc_title), page, heading.toc_key)


def _contents_prefilled(contents: TableOfContents, story: list) -> None:
    """Give the table of contents its entries (page numbers still 0) before the first pass,
    so that it has its final length at once and two passes settle the page numbers."""
    contents._entries = [
        _contents_entry(f, 0) for f in story if getattr(f, "toc_level", None) is not None
    ]


def _field(label: str, value: str, s) -> list:
    if not value.strip():
        return []
    return [Paragraph(escape(label), s["label"]), *paragraphs(value, s["body"])]


def _names(records) -> str:
    return ", ".join(str(r) for r in records)


def _situation_story(situation: Situation, s) -> list:
    story = [_heading(situation.title, s["h2"], 1)]
    story += paragraphs(situation.description, s["body"])
    signs = situation.sign_list()
    if signs:
        story.append(Paragraph(escape(_("Signs")), s["label"]))
        story += [Paragraph(escape(sign), s["item"], bulletText="•") for sign in signs]
    for label, records in (
        (_("Goals"), situation.goals.all()),
        (_("Topics"), situation.topics.all()),
        (_("Suggested key processes"), situation.key_processes.all()),
    ):
        names = _names(records)
        if names:
            story.append(Paragraph(f"<b>{escape(label)}:</b> {escape(names)}", s["body"]))
    story.append(Spacer(1, 3 * mm))
    return story


def _process_story(process: KeyProcess, s, *, level: int | None) -> list:
    story = [_heading(process.title, s["h1"] if level is None else s["h2"], level)]
    story += paragraphs(process.purpose, s["body"])
    for label, records in (
        (_("Goals"), process.goals.all()),
        (_("Topics"), process.topics.all()),
        (_("Situations that lead to it"), process.situations.all()),
    ):
        names = _names(records)
        if names:
            story.append(Paragraph(f"<b>{escape(label)}:</b> {escape(names)}", s["body"]))
    for step in process.steps.all():
        block = [
            Paragraph(
                escape(
                    _("Step %(number)d: %(title)s") % {"number": step.order, "title": step.title}
                ),
                s["h3"],
            )
        ]
        block += _field(_("Aim"), step.aim, s)
        methods = _names(step.methods.all())
        if methods:
            block.append(Paragraph(escape(_("Methods")), s["label"]))
            block.append(Paragraph(escape_text(methods), s["body"]))
        block += _field(_("How to work"), step.method_notes, s)
        block += _field(_("Who takes part"), step.participants, s)
        block += _field(_("Results"), step.results, s)
        block += _field(_("Typical duration"), step.duration, s)
        block += _field(_("Pitfalls"), step.pitfalls, s)
        story.append(KeepTogether(block[:3]))
        story += block[3:]
    story.append(Spacer(1, 4 * mm))
    return story


def _edition_content(edition: Edition):
    goals = Prefetch("goals", queryset=Goal.objects.order_by("order"))
    topics = Prefetch("topics", queryset=Topic.objects.order_by("order", "name"))
    processes = KeyProcess.objects.filter(edition=edition).order_by("order", "title")
    situations = Situation.objects.filter(edition=edition).order_by("order", "title")
    steps = ProcessStep.objects.order_by("order").prefetch_related(
        Prefetch("methods", queryset=Method.objects.order_by("name"))
    )
    return (
        list(
            situations.prefetch_related(
                goals, topics, Prefetch("key_processes", queryset=processes)
            )
        ),
        list(
            processes.prefetch_related(
                goals,
                topics,
                Prefetch("steps", queryset=steps),
                Prefetch("situations", queryset=situations),
            )
        ),
        list(Method.objects.filter(edition=edition).order_by("name")),
    )


def _marker(edition: Edition) -> str:
    if not edition.is_published:
        return _("Draft – not published")
    return _("Example edition") if edition.is_example else ""


def _build(story, *, edition: Edition, title: str, subject: str, toc: bool) -> bytes:
    buffer = io.BytesIO()
    doc = _GuideDocument(
        buffer,
        title=title,
        author=edition.programme.name,
        subject=subject,
        creator="Veedel",
        lang=get_language() or "de",
        displayDocTitle=True,
    )
    canvasmaker = canvas_maker(
        footer=f"{edition.title} ({edition.year})",
        page_label=_("Page %(page)s of %(pages)s"),
        marker=_marker(edition),
    )
    if toc:
        doc.multiBuild(story, canvasmaker=canvasmaker, maxPasses=4)
    else:
        doc.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


def edition_pdf(*, edition: Edition) -> bytes:
    """The whole edition: cover, contents, situations, key processes, method library."""
    s = _guide_styles()
    situations, processes, methods = _edition_content(edition)
    story = [
        Spacer(1, 40 * mm),
        Paragraph(escape(edition.title), s["cover"]),
        Paragraph(escape(str(edition.year)), s["meta"]),
        Paragraph(escape(edition.programme.name), s["meta"]),
    ]
    if edition.is_example:
        story.append(Spacer(1, 8 * mm))
        story.append(Paragraph(escape(_("Example edition")), s["example"]))
        story.append(
            Paragraph(escape(_("Written for the demo; a city loads its own edition.")), s["body"])
        )
    if not edition.is_published:
        story.append(Spacer(1, 8 * mm))
        story.append(Paragraph(escape(_("Draft – not published")), s["example"]))
    story.append(PageBreak())

    contents = TableOfContents(levelStyles=[s["toc1"], s["toc2"]], dotsMinLevel=0)
    story += [Paragraph(escape(_("Contents")), s["h1"]), contents, PageBreak()]

    if edition.introduction.strip():
        story.append(_heading(_("Introduction"), s["h1"], 0))
        story += paragraphs(edition.introduction, s["body"])
        story.append(PageBreak())

    story.append(_heading(_("Situations"), s["h1"], 0))
    for situation in situations:
        story += _situation_story(situation, s)
    story.append(PageBreak())

    story.append(_heading(_("Key processes"), s["h1"], 0))
    for i, process in enumerate(processes):
        if i:
            story.append(PageBreak())
        story += _process_story(process, s, level=1)
    story.append(PageBreak())

    story.append(_heading(_("Method library"), s["h1"], 0))
    for method in methods:
        story.append(_heading(method.name, s["h2"], 1))
        if method.summary:
            story.append(Paragraph(f"<i>{escape_text(method.summary)}</i>", s["body"]))
        story += paragraphs(method.description, s["body"])
    if not methods:
        story.append(Paragraph(escape(_("No methods are described yet.")), s["body"]))

    _contents_prefilled(contents, story)
    return _build(
        story,
        edition=edition,
        title=f"{edition.title} ({edition.year})",
        subject=_("Guide"),
        toc=True,
    )


def process_pdf(*, process: KeyProcess) -> bytes:
    """One key process with its steps; ``process`` comes with its steps, goals, topics and
    situations prefetched (``views.process_with_steps``)."""
    s = _guide_styles()
    edition = process.edition
    story = [
        Paragraph(escape(_("Key process")), s["subtitle"]),
        *_process_story(process, s, level=None),
        Paragraph(
            escape(
                _("From: %(edition)s (%(year)s)") % {"edition": edition.title, "year": edition.year}
            ),
            s["cell"],
        ),
    ]
    return _build(
        story,
        edition=edition,
        title=process.title,
        subject=edition.title,
        toc=False,
    )
