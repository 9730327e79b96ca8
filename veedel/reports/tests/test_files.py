"""The report as PDF and DOCX, opened as a reader would, and the council paper drafted from a
published report."""

import io
import re

import docx
import pytest
from pypdf import PdfReader

from veedel.reports.services import report_approve, report_generate, report_publish
from veedel.reports.tests.factories import YEAR, kalk_year

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


@pytest.fixture
def kalk_report(personas):
    data = kalk_year()
    return report_generate(office=data["office"], year=YEAR, by=personas["koordination-kalk"])


def test_the_pdf_holds_the_figures(login, kalk_report):
    response = login("koordination-kalk").get(kalk_report.url("pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Sachbericht 2025" in text or "Activity report 2025" in text
    # Every page of a draft says so (German once the catalogue is merged).
    assert text.count("Entwurf") + text.count("Draft") >= 3
    assert "37" in text  # participants in total
    assert "80 %" in text and "110 %" in text  # degrees of achievement
    assert "6,5" in text  # hours
    assert "Spielplatz Kalk" in text
    assert "Interne Runde" not in text and "Frau Beispiel" not in text


def test_the_docx_holds_the_figures(login, kalk_report):
    response = login("koordination-kalk").get(kalk_report.url("docx"))
    assert response["X-Content-Type-Options"] == "nosniff"
    text = docx_text(response.content)
    assert re.search(r"(Gesamt|Total) \| 37", text)  # participants by target group
    assert "Treffpunkte | Anzahl | 0 | 10 | 8 | 80 %" in text
    assert "110 %" in text
    assert "Interne Runde" not in text
    # The charts as images, with their titles as alternative text.
    document = docx.Document(io.BytesIO(response.content))
    assert len(document.inline_shapes) == 3
    described = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert all(described)


def test_the_programme_report_pdf_compares_the_offices(login, personas):
    kalk_year()
    report = report_generate(year=YEAR, by=personas["geschaeftsstelle"])
    text = pdf_text(login("geschaeftsstelle").get(report.url("pdf")).content)
    assert "Programmbericht 2025" in text or "Programme report 2025" in text
    assert "Sozialraumkoordination Kalk" in text
    assert "95 %" in text  # Kalk's average degree of achievement
    text = docx_text(login("geschaeftsstelle").get(report.url("docx")).content)
    assert "Sozialraumkoordination Kalk | 3 | 6,5 | 37" in text


def test_a_published_report_has_no_draft_mark(client, personas, kalk_report):
    report_approve(report=kalk_report, by=personas["traeger"])
    report_publish(report=kalk_report, by=personas["geschaeftsstelle"])
    text = pdf_text(client.get(kalk_report.url("pdf")).content)
    assert "Entwurf" not in text and "Draft" not in text
    assert "Veröffentlicht am" in text or "Published on" in text


def test_the_programme_office_drafts_a_mitteilung_from_a_published_report(
    login, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from veedel.council.models import Paper

    data = kalk_year()
    report = report_generate(year=YEAR, by=personas["geschaeftsstelle"])
    c = login("geschaeftsstelle")
    page = c.get(report.get_absolute_url()).content.decode()
    assert "Mitteilung" not in page.split("report-actions", 1)[1].split("</div>", 1)[0]
    report_publish(report=report, by=personas["geschaeftsstelle"])
    assert "mitteilung/" in c.get(report.get_absolute_url()).content.decode()
    assert login("koordination-kalk").post(report.url("paper")).status_code == 403
    c = login("geschaeftsstelle")
    response = c.post(report.url("paper"))
    paper = Paper.objects.get()
    assert response.status_code == 302 and response.url == paper.get_absolute_url()
    assert paper.name if hasattr(paper, "name") else paper.title
    assert data["topic"] in paper.topics.all()
    assert paper.social_spaces.filter(slug="kalk").exists()
