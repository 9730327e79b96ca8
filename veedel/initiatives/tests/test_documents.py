"""Documents: size limit, type by extension and by content, private storage, download only
through the permission check, as an attachment with nosniff and a safe file name."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from veedel.core.uploads import check_upload, safe_filename
from veedel.initiatives.models import Document
from veedel.initiatives.services import document_add
from veedel.initiatives.tests.factories import make_initiative

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def zipped(members: dict[str, bytes], *, first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first), members.pop(first))
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Protokoll")
    document.save(buffer)
    return buffer.getvalue()


ODT = zipped(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
    first="mimetype",
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.VEEDEL_MAX_UPLOAD_BYTES = 2048
    return tmp_path


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "data", "label"),
    [
        ("bericht.pdf", PDF, "PDF"),
        ("foto.PNG", PNG, "PNG"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "JPEG"),
        ("liste.csv", "Name;Zahl\nKöln;3\n".encode(), "CSV"),
        ("liste.csv", "Name;Zahl\nKöln;3\n".encode("cp1252"), "CSV"),
        ("notiz.txt", b"\xef\xbb\xbfHallo", "TXT"),
        ("text.odt", ODT, "ODT"),
        (
            "tabelle.xlsx",
            zipped({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}),
            "XLSX",
        ),
    ],
)
def test_accepted_types(name, data, label):
    assert check_upload(upload(name, data)).label == label


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("seite.html", b"<html></html>", "not accepted"),
        ("programm.exe", b"MZ\x90\x00", "not accepted"),
        ("ohne_endung", b"abc", "not accepted"),
        ("bild.svg", b"<svg/>", "not accepted"),
        ("falsch.pdf", b"<html><script>alert(1)</script>", "not a PDF"),
        ("falsch.png", PDF, "not a PNG"),
        ("falsch.docx", zipped({"evil.js": b"x"}), "not a DOCX"),
        ("falsch.docx", PDF, "not a DOCX"),
        ("falsch.ods", ODT, "not a ODS"),
        ("seite.txt", b"<!DOCTYPE html><html><script>alert(1)</script>", "not a TXT"),
        ("binaer.csv", b"a;b\x00\x01\x02", "not a CSV"),
        ("leer.pdf", b"", "empty"),
        ("gross.pdf", PDF + b"0" * 4096, "at most 2.0\xa0KB"),
    ],
)
def test_refused_with_the_reason(name, data, reason):
    from django.core.exceptions import ValidationError

    with translation.override("en"), pytest.raises(ValidationError) as error:
        check_upload(upload(name, data))
    assert reason in " ".join(error.value.messages)


def test_a_real_docx_is_accepted(settings):
    settings.VEEDEL_MAX_UPLOAD_BYTES = 1024 * 1024
    assert check_upload(upload("protokoll.docx", docx_bytes())).label == "DOCX"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\x\\Bericht 2026.pdf", "Bericht-2026.pdf"),
        ('a"b;c\r\nd.pdf', "abc-d.pdf"),
        ("Übersicht Köln-Kalk.xlsx", "Übersicht-Köln-Kalk.xlsx"),
        (".pdf", "dokument.pdf"),
    ],
)
def test_safe_filenames(name, safe):
    assert safe_filename(name) == safe


def test_the_upload_page_refuses_a_wrong_file_with_the_reason_on_the_field(login, media):
    initiative = make_initiative()
    client = login("koordination-kalk")
    url = reverse("initiatives:document_add", args=[initiative.pk])
    response = client.post(url, {"file": upload("x.pdf", b"<html>"), "title": "Bericht"})
    assert response.status_code == 200
    assert "not a PDF" in str(response.context["form"].errors["file"])
    response = client.post(url, {"file": upload("x.pdf", PDF * 100)})
    assert "at most" in str(response.context["form"].errors["file"])
    assert not Document.objects.exists()
    assert not any(media.rglob("*.pdf"))
    response = client.post(
        url, {"file": upload("../Protokoll März.pdf", PDF), "title": "", "is_public": "on"}
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_name == "Protokoll-März.pdf"
    assert document.title == "Protokoll-März.pdf"
    assert document.content_type == "application/pdf"
    stored = list(media.rglob("*.pdf"))
    assert len(stored) == 1 and "Protokoll" not in stored[0].name  # random stored name
    assert stored[0].read_bytes() == PDF


def test_only_the_office_uploads(login):
    initiative = make_initiative(published=True)
    url = reverse("initiatives:document_add", args=[initiative.pk])
    assert login("traeger").post(url, {"file": upload("x.pdf", PDF)}).status_code == 403
    assert not Document.objects.exists()


def _document(initiative, personas, *, public, name="bericht.pdf", data=PDF):
    return document_add(
        initiative=initiative,
        upload=upload(name, data),
        title="Bericht",
        is_public=public,
        by=personas["koordination-kalk"],
    )


def test_the_download_is_an_attachment_with_nosniff_and_a_safe_name(client, personas):
    initiative = make_initiative(published=True)
    document = _document(initiative, personas, public=True, name='Bericht "Kalk".txt', data=b"hi")
    response = client.get(reverse("initiatives:document", args=[initiative.pk, document.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="Bericht-Kalk.txt"'
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == b"hi"


@pytest.mark.parametrize(
    ("published", "public", "username", "status"),
    [
        (True, True, None, 200),
        (True, False, None, 404),
        (False, True, None, 404),
        (True, False, "bewohnerin", 404),
        (True, False, "koordination-chorweiler", 404),
        (True, False, "traeger", 200),
        (False, False, "geschaeftsstelle", 200),
        (False, False, "koordination-kalk-2", 200),
    ],
)
def test_who_may_download(client, login, personas, published, public, username, status):
    initiative = make_initiative(published=published)
    document = _document(initiative, personas, public=public)
    if username:
        client = login(username)
    url = reverse("initiatives:document", args=[initiative.pk, document.pk])
    assert client.get(url).status_code == status


def test_deleting_a_document_removes_the_file(login, personas, media):
    initiative = make_initiative()
    document = _document(initiative, personas, public=False)
    path = media / document.file.name
    assert path.exists()
    url = reverse("initiatives:document_delete", args=[initiative.pk, document.pk])
    assert login("koordination-chorweiler").post(url).status_code == 403
    assert login("koordination-kalk").post(url).status_code == 302
    assert not path.exists() and not Document.objects.exists()


def test_the_office_makes_a_document_public_and_internal_again(client, login, personas):
    initiative = make_initiative(published=True)
    document = _document(initiative, personas, public=False)
    download = reverse("initiatives:document", args=[initiative.pk, document.pk])
    toggle = reverse("initiatives:document_public", args=[initiative.pk, document.pk])
    assert client.get(download).status_code == 404
    assert login("traeger").post(toggle, {"is_public": "1"}).status_code == 403
    assert login("koordination-kalk").post(toggle, {"is_public": "1"}).status_code == 302
    client.logout()
    assert client.get(download).status_code == 200
    login("koordination-kalk").post(toggle, {"is_public": "0"})
    client.logout()
    assert client.get(download).status_code == 404
