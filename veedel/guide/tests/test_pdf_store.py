"""A published edition's PDFs are built once and kept in file storage (guide/pdf_store.py):
the next reader gets the stored file; a change of what the PDF shows gives a new one, and the
old file goes; drafts are never stored."""

import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from veedel.guide import pdf_store
from veedel.guide.tests.factories import edition_make
from veedel.programme.models import Goal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_folder():
    """Files outlive the rolled-back rows of other tests (whose editions had the same ids)."""
    try:
        _folders, files = default_storage.listdir(pdf_store.FOLDER)
    except FileNotFoundError:
        files = []
    for name in files:
        default_storage.delete(f"{pdf_store.FOLDER}/{name}")


def stored_files(edition) -> list[str]:
    try:
        _folders, files = default_storage.listdir(pdf_store.FOLDER)
    except FileNotFoundError:
        return []
    return sorted(f for f in files if f.startswith(f"{edition.pk}-"))


def text_of(content: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )


def test_the_second_reader_gets_the_stored_file(client):
    edition = edition_make(slug="gespeichert", situations=2, processes=2, steps=2, methods=1)
    url = reverse("guide:edition_pdf", args=[edition.slug])
    first = client.get(url)
    assert first.status_code == 200 and first.content.startswith(b"%PDF-")
    [name] = stored_files(edition)
    with default_storage.open(f"{pdf_store.FOLDER}/{name}", "rb") as stored:
        assert stored.read() == first.content
    # What is served next is what is stored: replace the stored file and see it come back.
    marker = first.content + b"\n% stored copy\n"
    default_storage.delete(f"{pdf_store.FOLDER}/{name}")
    default_storage.save(f"{pdf_store.FOLDER}/{name}", io.BytesIO(marker))
    assert client.get(url).content == marker


def test_a_change_of_what_the_pdf_shows_gives_a_new_file_and_removes_the_old(client):
    edition = edition_make(slug="umbenannt", situations=2, processes=1, steps=2, methods=1)
    url = reverse("guide:edition_pdf", args=[edition.slug])
    client.get(url)
    [before] = stored_files(edition)
    goal = Goal.objects.order_by("order").first()
    goal.name = "Ganz neuer Name des Leitziels"
    goal.save()
    programme = edition.programme
    programme.name = "Umbenanntes Programm"
    programme.save()
    content = client.get(url).content
    assert "Umbenanntes Programm" in text_of(content)
    [after] = stored_files(edition)
    assert after != before


def test_each_language_has_its_own_file(client):
    edition = edition_make(slug="sprachen", situations=1, processes=1, steps=1, methods=1)
    url = reverse("guide:edition_pdf", args=[edition.slug])
    german = text_of(client.get(url).content)
    client.cookies["django_language"] = "en"
    english = text_of(client.get(url).content)
    assert "Inhalt" in german and "Contents" in english and "Contents" not in german
    assert len(stored_files(edition)) == 2


def test_a_process_pdf_is_stored_too_and_a_draft_never(client, login):
    edition = edition_make(slug="prozesse", situations=1, processes=2, steps=2, methods=1)
    process = edition.key_processes.order_by("order").first()
    url = reverse("guide:process_pdf", args=[edition.slug, process.slug])
    assert client.get(url).status_code == 200
    assert [f for f in stored_files(edition) if "-process-" in f]
    draft = edition_make(slug="entwurf-pdf", published=False, situations=1, processes=1)
    response = login("geschaeftsstelle").get(reverse("guide:edition_pdf", args=[draft.slug]))
    assert response.status_code == 200
    assert stored_files(draft) == []
