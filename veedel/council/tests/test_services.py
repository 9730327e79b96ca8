"""Drafting a Mitteilung (the service the reports app calls), references, files, deletion."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from veedel.areas.models import SocialSpace
from veedel.council.models import Consultation, File, FileRole, Paper, validate_reference
from veedel.council.services import file_add, paper_delete, paper_draft_mitteilung
from veedel.programme.models import Topic

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% Veedel test\n"


def _draft(user, **extra):
    return paper_draft_mitteilung(
        title="Sachbericht 2011",
        text="Öffentlich.",
        social_spaces=SocialSpace.objects.filter(name="Humboldt-Gremberg/Kalk"),
        topics=Topic.objects.filter(slug="soziales"),
        department="Dezernat V",
        by=user,
        **extra,
    )


def test_draft_gets_the_next_reference_files_areas_and_topics(personas):
    office = personas["geschaeftsstelle"]
    first = _draft(
        office,
        non_public_text="Intern.",
        files=[("bericht.pdf", PDF), ContentFile(PDF, name="anlage.pdf")],
    )
    second = _draft(office)
    year = timezone.localdate().year
    assert first.reference == f"0001/{year}" and second.reference == f"0002/{year}"
    assert first.is_draft and first.paper_type == "Mitteilung"
    assert first.body.name  # made from the programme's city when there was none
    # The files given are attachments; the main file is the paper's own document.
    attachments = first.files.filter(role=FileRole.AUXILIARY).order_by("pk")
    assert [f.file_name for f in attachments] == ["bericht.pdf", "anlage.pdf"]
    assert attachments[0].file.read() == PDF and attachments[0].size == len(PDF)
    assert attachments[0].sha512_checksum == hashlib.sha512(PDF).hexdigest()
    document = first.files.get(role=FileRole.MAIN)
    assert document.file.read().startswith(b"%PDF-") and document.mime_type == "application/pdf"
    assert not attachments[0].file.name.endswith("bericht.pdf")  # stored under a random name
    assert [s.name for s in first.social_spaces.all()] == ["Humboldt-Gremberg/Kalk"]
    assert [t.slug for t in first.topics.all()] == ["soziales"]
    assert not Paper.objects.public().filter(pk=first.pk).exists()


def test_bad_files_and_titles_are_refused_whole(personas):
    office = personas["geschaeftsstelle"]
    with pytest.raises(ValidationError, match="Typ „exe“ werden nicht angenommen"):
        _draft(office, files=[("bericht.pdf", PDF), ("virus.exe", b"MZ")])
    assert not Paper.objects.exists() and not File.objects.exists()
    with pytest.raises(ValidationError):
        paper_draft_mitteilung(
            title=" ", text="", social_spaces=[], topics=[], department="", by=office
        )


@pytest.mark.parametrize("value", ["123/2012", "0123-2012", "abcd/2012", "0123/12", ""])
def test_bad_references_are_refused(value):
    with pytest.raises(ValidationError, match="0123/2012"):
        validate_reference(value)


def test_delete_is_soft_and_reaches_consultations_and_files(council, personas):
    office = personas["geschaeftsstelle"]
    file_add(paper=council, upload=ContentFile(PDF, name="x.pdf"), by=office)
    paper_delete(paper=council, by=office)
    council.refresh_from_db()
    assert council.deleted is not None
    assert not Consultation.objects.alive().filter(paper=council).exists()
    assert not File.objects.alive().filter(paper=council).exists()
    assert Consultation.objects.filter(paper=council).count() == 14
    assert council.modified >= timezone.now() - datetime.timedelta(minutes=1)
