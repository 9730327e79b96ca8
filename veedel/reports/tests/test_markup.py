"""Whatever people type reaches the PDF and the DOCX as text: markup in every text of a report,
in the office's, the initiatives', the goals' and the targets' names is printed as written,
never read as reportlab markup (``<b>`` unclosed made the guide's PDF a 500, ``<img src>`` would
embed a file of the server), and characters XML cannot hold do not break the DOCX."""

import io

import docx
import pytest
from pypdf import PdfReader

from veedel.agreements.models import Target
from veedel.reports.services import report_generate, report_texts_update
from veedel.reports.tests.factories import YEAR, kalk_year
from veedel.reports.texts import sections_of

pytestmark = pytest.mark.django_db

BOLD = "Treffpunkt <b>fehlt"
IMAGE = '<img src="/etc/passwd"/>'
FONT = 'A & B <font color="red">rot</font>'


def _words(text: str) -> str:
    return " ".join(text.split())


def _joined(text: str) -> str:
    return "".join(text.split())


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 1
    # The charts are vector drawings: an image in the PDF could only have come from markup.
    assert not any(page.images for page in reader.pages)
    return _words(" ".join(page.extract_text() for page in reader.pages))


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return _words(" ".join(parts))


@pytest.fixture
def marked(personas):
    """Kalk's year with markup in every name that reaches a report."""
    data = kalk_year()
    kalk = data["office"]
    kalk.name = f"Kalk {BOLD}"
    kalk.save()
    data["public"].title = f"Spielplatz {IMAGE}"
    data["public"].save()
    goal = data["goals"][0]
    goal.name = f"Prävention {FONT}"
    goal.save()
    target = Target.objects.get(title="Treffpunkte")
    target.title, target.indicator, target.unit = f"Ziel {BOLD}", f"Kennzahl {IMAGE}", "<i>Stück"
    target.save()
    return data


def _texts(figures) -> dict[str, str]:
    """Markup in every section a person edits, with paragraphs and line breaks."""
    return {
        s.key: f"{s.key}: {BOLD}\n\n{IMAGE} und {FONT}\nZeile <br/> zwei"
        for s in sections_of(figures)
    }


def test_markup_in_every_text_of_an_activity_report_is_printed_as_written(login, personas, marked):
    report = report_generate(office=marked["office"], year=YEAR, by=personas["koordination-kalk"])
    texts = _texts(report.figures)
    report = report_texts_update(
        report=report, texts=texts, version=report.version, by=personas["koordination-kalk"]
    )
    client = login("koordination-kalk")

    response = client.get(report.url("pdf"))
    assert response.status_code == 200
    pdf = pdf_text(response.content)
    response = client.get(report.url("docx"))
    assert response.status_code == 200
    word = docx_text(response.content)
    expected = [f"Kalk {BOLD}", f"Spielplatz {IMAGE}", f"Prävention {FONT}", f"Ziel {BOLD}"]
    expected += [f"Kennzahl {IMAGE}", "<i>Stück"]
    for key in texts:
        expected += [f"{key}: {BOLD}", f"{IMAGE} und {FONT}", "Zeile <br/> zwei"]
    for text in expected:
        assert _joined(text) in _joined(pdf), text  # narrow table cells wrap inside words
        assert text in word, text

    page = client.get(report.get_absolute_url()).content.decode()
    assert "Kalk Treffpunkt &lt;b&gt;fehlt" in page and "<b>fehlt" not in page
    assert 'src="/etc/passwd"' not in page


def test_markup_in_office_names_reaches_the_programme_report_as_text(login, personas, marked):
    report = report_generate(year=YEAR, by=personas["geschaeftsstelle"])
    texts = _texts(report.figures)
    report = report_texts_update(
        report=report, texts=texts, version=report.version, by=personas["geschaeftsstelle"]
    )
    client = login("geschaeftsstelle")
    pdf = pdf_text(client.get(report.url("pdf")).content)
    word = docx_text(client.get(report.url("docx")).content)
    for text in [f"Kalk {BOLD}", f"Prävention {FONT}", f"summary: {BOLD}", f"{IMAGE} und {FONT}"]:
        assert _joined(text) in _joined(pdf), text  # narrow table cells wrap inside words
        assert text in word, text


def test_characters_xml_cannot_hold_do_not_break_the_files(login, personas):
    data = kalk_year()
    report = report_generate(office=data["office"], year=YEAR, by=personas["koordination-kalk"])
    report = report_texts_update(
        report=report,
        texts={"summary": "Erste\x0bZeile\x1b mit Steuerzeichen"},
        version=report.version,
        by=personas["koordination-kalk"],
    )
    client = login("koordination-kalk")
    response = client.get(report.url("docx"))
    assert response.status_code == 200
    assert "ErsteZeile mit Steuerzeichen" in docx_text(response.content)
    response = client.get(report.url("pdf"))
    assert response.status_code == 200
    assert "Steuerzeichen" in pdf_text(response.content)
