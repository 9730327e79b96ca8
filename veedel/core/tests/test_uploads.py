"""The one upload policy (veedel/core/uploads.py): size, type by content, random stored
names, downloads as attachments."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from veedel.core import uploads

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name, content):
    return SimpleUploadedFile(name, content)


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def code_of(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.code


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Protokoll.pdf", PDF, "application/pdf"),
        ("Foto.PNG", PNG, "image/png"),
        ("Liste.csv", b"Name;Ort\nKita Sonnenschein;Kalk\n", "text/csv; charset=utf-8"),
        ("Alt.csv", "Straße;Größe\n".encode("cp1252"), "text/csv; charset=utf-8"),
        (
            "Bericht.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_files_whose_content_matches_their_name_are_accepted(name, content, content_type):
    assert uploads.check_upload(upload(name, content)).content_type == content_type


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("rechnung.pdf", b"MZ\x90\x00 a program", "content"),  # an .exe named .pdf
        ("seite.txt", b"<html><script>alert(1)</script></html>", "content"),
        ("bild.png", PDF, "content"),
        ("bericht.docx", b"PK\x03\x04 not really a zip", "content"),
        ("programm.exe", b"MZ\x90\x00", "extension"),
        ("ohne-endung", PDF, "extension"),
        ("leer.pdf", b"", "empty"),
    ],
)
def test_files_are_refused_with_the_reason(name, content, code):
    assert code_of(lambda: uploads.check_upload(upload(name, content))) == code


@override_settings(VEEDEL_MAX_UPLOAD_BYTES=100)
def test_the_size_limit_comes_from_the_setting_and_a_use_may_only_lower_it():
    big = upload("gross.pdf", PDF + b" " * 100)
    assert code_of(lambda: uploads.check_upload(big)) == "too_large"
    # Asking for more than the setting does not raise the limit.
    assert code_of(lambda: uploads.check_upload(big, max_bytes=10_000)) == "too_large"
    small = upload("klein.pdf", PDF)
    assert uploads.check_upload(small).label == "PDF"
    assert code_of(lambda: uploads.check_upload(small, max_bytes=10)) == "too_large"


def test_a_use_narrows_the_allowlist_and_the_message_names_what_is_allowed():
    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload("foto.png", PNG), extensions=["pdf"])
    assert caught.value.code == "extension"
    assert "PDF" in caught.value.messages[0] and "PNG" not in caught.value.messages[0]
    assert uploads.accept_of(["pdf", "docx"]) == ".pdf,.docx"


def test_stored_names_are_random_and_keep_only_a_clean_extension():
    names = {uploads.stored_name("pdf") for _ in range(50)}
    assert len(names) == 50
    assert all(name.endswith(".pdf") and "/" not in name for name in names)
    assert uploads.stored_name("../P D F").endswith(".pdf")


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ('C:\\Users\\x\\Bericht "final".pdf', "Bericht-final.pdf"),
        ("Übersicht März.xlsx", "Übersicht-März.xlsx"),
        ("\u202egnp.exe", "gnp.exe"),
        ("", "dokument"),
    ],
)
def test_safe_file_names(given, safe):
    assert uploads.safe_filename(given) == safe


def test_downloads_are_attachments_that_no_browser_runs(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(PDF)
    response = uploads.attachment_response(
        path.open("rb"), filename='Protokoll "Mai".pdf', content_type="application/pdf"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Protokoll-Mai.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF
    public = uploads.attachment_response(
        path.open("rb"), filename="a.pdf", content_type="application/pdf", public=True
    )
    assert public["Cache-Control"] == "public, max-age=300"
