"""The guide as PDF: the whole edition (cover, contents with page numbers, situations, key
processes, methods, "Page n of m") and one key process; drafts only for those who may read them."""

import io
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from veedel.guide.models import Edition, KeyProcess, Method, ProcessStep, Situation
from veedel.guide.tests.factories import edition_make, german

pytestmark = pytest.mark.django_db


def pdf_pages(response) -> tuple[PdfReader, list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def page_label(page: int, pages: int) -> str:
    return german("Page %(page)s of %(pages)s", page=page, pages=pages)


def test_the_whole_edition_as_pdf(client):
    edition = edition_make(
        title="Handlungsleitfaden Sozialraumkoordination",
        slug="hl-2012",
        year=2012,
        is_example=True,
        situations=6,
        processes=4,
        steps=4,
        methods=3,
    )
    edition_page = client.get(edition.get_absolute_url()).content.decode()
    url = reverse("guide:edition_pdf", args=[edition.slug])
    assert url in edition_page

    reader, pages = pdf_pages(client.get(url))
    total = len(pages)
    assert total >= 6
    # Cover: title, year, example note.
    assert "Handlungsleitfaden Sozialraumkoordination" in pages[0]
    assert "2012" in pages[0]
    assert german("Example edition") in pages[0]
    # Every page says where it is.
    for number, text in enumerate(pages, start=1):
        assert page_label(number, total) in text, number
    # Contents with the headings and the pages they are on.
    contents = pages[1]
    assert german("Contents") in contents
    situations_page = next(
        i for i, t in enumerate(pages, start=1) if "Beschreibung der Ausgangssituation 1." in t
    )
    process_page = next(
        i for i, t in enumerate(pages, start=1) if "Wozu Schlüsselprozess 3 dient." in t
    )
    assert re.search(rf"{situations_page}\s*Ausgangssituation 1\b", contents) or re.search(
        rf"Ausgangssituation 1\b[ .]*{situations_page}\b", contents
    )
    assert re.search(rf"Schlüsselprozess 3[ .]*{process_page}\b", contents) or re.search(
        rf"{process_page}\s*Schlüsselprozess 3\b", contents
    )
    everything = " ".join(pages)
    for heading in (
        german("Situations"),
        german("Key processes"),
        german("Method library"),
        "Schritt 4 von Schlüsselprozess 4",
        "Stolperstein 2",
        "So wird Methode 3 angewendet.",
    ):
        assert heading in everything, heading
    # The document outline (bookmarks) lists the parts.
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert german("Situations") in outline and german("Method library") in outline
    assert reader.metadata.title == "Handlungsleitfaden Sozialraumkoordination (2012)"


def test_one_key_process_as_pdf(client):
    edition = edition_make(slug="hl", steps=5)
    process = edition.key_processes.get(slug="schluesselprozess-2")
    url = reverse("guide:process_pdf", args=[edition.slug, process.slug])
    assert url in client.get(process.get_absolute_url()).content.decode()

    _reader, pages = pdf_pages(client.get(url))
    text = " ".join(pages)
    assert "Schlüsselprozess 2" in text and "Wozu Schlüsselprozess 2 dient." in text
    positions = [text.index(f"Schritt {n} von Schlüsselprozess 2") for n in range(1, 6)]
    assert positions == sorted(positions)
    assert "Methode 1" in text and "Ergebnis des Schritts 5" in text
    assert page_label(1, len(pages)) in pages[0]
    assert german("Example edition") not in text


def test_a_draft_pdf_is_marked_and_only_for_the_programme_office(client, login):
    draft = edition_make(slug="entwurf", published=False, situations=1, processes=1)
    url = reverse("guide:edition_pdf", args=[draft.slug])
    assert client.get(url).status_code == 404
    assert login("koordination-kalk").get(url).status_code == 404
    _reader, pages = pdf_pages(login("geschaeftsstelle").get(url))
    assert german("Draft – not published") in pages[0]


def markup(field: str, image: str) -> str:
    """A text that reportlab would read as markup if it were not escaped: an unclosed tag, a
    picture from the server's disk, an entity, a font change."""
    return f'{field} <b>fehlt <img src="{image}"/> &amp; <font size="40">x</font> <para>'


def literal(field: str) -> str:
    """What the PDF must show of ``markup(field, …)``: the beginning, as it was written."""
    return f"{field} <b>fehlt <img src="


@pytest.fixture
def marked_up(tmp_path):
    """An edition in which every text of every situation, key process, step and method, and
    the edition's title and introduction, is markup for reportlab, with a picture that exists
    on the server."""
    image = tmp_path / "server.png"
    Image.new("RGB", (40, 40), "red").save(image)
    edition = edition_make(slug="markup", situations=1, processes=1, steps=1, methods=1)
    Edition.objects.filter(pk=edition.pk).update(
        title=markup("Ausgabe", image), introduction=markup("Einleitung", image)
    )
    Situation.objects.filter(edition=edition).update(
        title=markup("Situation", image),
        description=markup("Beschreibung", image),
        signs=markup("Anzeichen", image),
    )
    KeyProcess.objects.filter(edition=edition).update(
        title=markup("Prozess", image), purpose=markup("Zweck", image)
    )
    ProcessStep.objects.filter(key_process__edition=edition).update(
        **{field: markup(field, image) for field in STEP_TEXTS if field != "duration"},
        # At most 100 characters: a short path (a missing picture broke the PDF just as well).
        duration=markup("duration", "/x.png"),
    )
    Method.objects.filter(edition=edition).update(
        name=markup("Methode", image),
        summary=markup("Kurz", image),
        description=markup("Methodenbeschreibung", image),
    )
    edition.refresh_from_db()
    return edition


STEP_TEXTS = ("title", "aim", "method_notes", "participants", "results", "duration", "pitfalls")
EDITION_TEXTS = (
    "Ausgabe",
    "Einleitung",
    "Situation",
    "Beschreibung",
    "Anzeichen",
    "Prozess",
    "Zweck",
    *STEP_TEXTS,
    "Methode",
    "Kurz",
    "Methodenbeschreibung",
)


def test_markup_in_any_text_is_printed_as_written_in_the_edition_pdf(client, marked_up):
    reader, pages = pdf_pages(client.get(reverse("guide:edition_pdf", args=[marked_up.slug])))
    everything = " ".join(pages)
    for field in EDITION_TEXTS:
        assert literal(field) in everything, field
    # The headings in the table of contents are printed as written too.
    contents = pages[1]
    for heading in ("Situation", "Prozess", "Methode"):
        assert literal(heading) in contents, heading
    # The outline shows the headings as plain text.
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert german("Situations") in outline
    # No picture from the server's disk found its way into the PDF.
    assert [image.name for page in reader.pages for image in page.images] == []


def test_a_picture_named_in_a_heading_is_not_taken_from_the_server(client):
    """Well-formed markup in a heading (which would not break the PDF) stays text as well."""
    # A short path, so that the heading fits one line of the contents and is read back whole
    # (pytest's own temporary paths are long enough to be wrapped inside the file name).
    folder = Path(tempfile.mkdtemp(prefix="v", dir="/tmp"))
    image = folder / "s.png"
    Image.new("RGB", (40, 40), "red").save(image)
    edition = edition_make(slug="bild", situations=1, processes=1)
    Situation.objects.filter(edition=edition).update(title=f'Treffpunkt <img src="{image}"/>')
    reader, pages = pdf_pages(client.get(reverse("guide:edition_pdf", args=[edition.slug])))
    assert f'Treffpunkt <img src="{image}"/>' in pages[1]  # the contents
    assert [image.name for page in reader.pages for image in page.images] == []
    shutil.rmtree(folder)


def test_markup_in_any_text_is_printed_as_written_in_a_process_pdf(client, marked_up):
    process = marked_up.key_processes.get()
    reader, pages = pdf_pages(
        client.get(reverse("guide:process_pdf", args=[marked_up.slug, process.slug]))
    )
    everything = " ".join(pages)
    for field in ("Ausgabe", "Prozess", "Zweck", "Situation", *STEP_TEXTS, "Methode"):
        assert literal(field) in everything, field
    assert [image.name for page in reader.pages for image in page.images] == []


def test_user_text_cannot_break_the_pdf(client):
    edition = edition_make(slug="sonderzeichen")
    situation = edition.situations.first()
    situation.description = "<b>fett</b> & <script>alert(1)</script> – „Anführung“ ✓"
    situation.save()
    _reader, pages = pdf_pages(client.get(reverse("guide:edition_pdf", args=[edition.slug])))
    assert "<b>fett</b> & <script>alert(1)</script>" in " ".join(pages)
