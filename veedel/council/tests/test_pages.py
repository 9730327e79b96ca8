"""The council pages: bodies, session calendar and feed, sessions, papers, the paper's PDF,
files, and the programme office's editing pages; who sees what."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from veedel.areas.models import SocialSpace
from veedel.council.models import AgendaItem, FileRole, Meeting, Organization, Paper, PaperState
from veedel.council.services import file_add, paper_draft_mitteilung
from veedel.programme.models import Topic

pytestmark = pytest.mark.django_db

SECRET = "Vertrauliche Kostenaufstellung der Träger"
PDF = b"%PDF-1.4\n% Veedel test\n"


@pytest.fixture
def paper(council, personas):
    council.non_public_text = SECRET
    council.save()
    office = personas["geschaeftsstelle"]
    file_add(paper=council, upload=ContentFile(PDF, name="leitfaden.pdf"), by=office)
    file_add(
        paper=council,
        upload=ContentFile(PDF, name="intern.pdf"),
        by=office,
        name="Interne Anlage",
        is_public=False,
    )
    return council


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_bodies_page_lists_council_committees_and_district_councils(client, council):
    response = client.get("/gremien/")
    text = response.content.decode()
    assert response.status_code == 200
    for number, name in ((1, "Innenstadt"), (9, "Mülheim")):
        assert f"Bezirksvertretung {number} ({name})" in text
    assert "Jugendhilfeausschuss" in text and "Kinder, Jugend und Familie" in text
    org = Organization.objects.get(name="Bezirksvertretung 8 (Kalk)")
    detail = client.get(f"/gremien/{org.pk}/").content.decode()
    assert "08.03.2012" in detail and "Kalk" in detail


def test_session_calendar_by_month_and_bad_month(client, council):
    response = client.get("/sitzungen/", {"monat": "2012-03"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Stadtentwicklungsausschuss" in text and "Bezirksvertretung 4 (Ehrenfeld)" in text
    assert "2012-02" in text and "2012-04" in text  # month navigation
    # A month that cannot be read is named, and the calendar shows its usual month.
    bad = client.get("/sitzungen/", {"monat": "März"})
    text = bad.content.decode()
    assert bad.status_code == 200
    assert "“März” is not a month" in text or "„März“ ist kein Monat" in text
    assert 'aria-invalid="true"' in text


def test_sessions_as_icalendar(client, council):
    response = client.get("/sitzungen/kalender.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == Meeting.objects.alive().count()
    assert {str(e["STATUS"]) for e in events} == {"CONFIRMED", "CANCELLED"}
    org = Organization.objects.get(name="Sportausschuss")
    one = client.get("/sitzungen/kalender.ics", {"gremium": org.pk})
    assert len(Calendar.from_ical(one.content).walk("VEVENT")) == org.meetings.count()
    assert client.get("/sitzungen/kalender.ics", {"gremium": "x"}).status_code == 400


def test_session_page_hides_non_public_items(client, login, paper):
    meeting = paper.consultations.first().meeting
    AgendaItem.objects.create(meeting=meeting, order=5, name=f"Personal: {SECRET}", public=False)
    public = client.get(f"/sitzungen/{meeting.pk}/").content.decode()
    assert "Lebenswerte Veedel" in public
    assert SECRET not in public
    member = login("ratsmitglied").get(f"/sitzungen/{meeting.pk}/").content.decode()
    assert SECRET in member


def test_paper_page_public_and_non_public_part(client, login, paper):
    public = client.get(f"/vorlagen/{paper.pk}/").content.decode()
    assert "Handlungsleitfaden Sozialraumkoordination" in public
    assert "Bezirksvertretung 2 (Rodenkirchen)" in public and "05.03.2012" in public
    assert "Stadt Köln" in public  # source credited
    assert SECRET not in public and "Interne Anlage" not in public
    member = login("ratsmitglied").get(f"/vorlagen/{paper.pk}/").content.decode()
    assert SECRET in member and "Interne Anlage" in member
    resident = login("bewohnerin").get(f"/vorlagen/{paper.pk}/").content.decode()
    assert SECRET not in resident


def test_public_pdf_has_the_seed_layout_and_no_secret(client, paper):
    text = _pdf_text(client.get(f"/vorlagen/{paper.pk}/vorlage.pdf"))
    assert text.splitlines()[0].strip() == "Mitteilung"
    assert "öffentlicher Teil" in text and "Gremium" in text and "Datum" in text
    assert "Bezirksvertretung 2 (Rodenkirchen)" in text and "05.03.2012" in text
    assert "Stadtentwicklungsausschuss" in text and "26.03.2012" in text
    assert "Handlungsleitfaden Sozialraumkoordination" in text
    assert "Seit Frühjahr 2006" in text
    assert "nicht öffentlich" not in text and SECRET not in text


def test_non_public_pdf_only_for_those_allowed(client, login, paper):
    url = f"/vorlagen/{paper.pk}/vorlage-nichtoeffentlich.pdf"
    assert client.get(url)["Location"].startswith("/konto/anmelden/")
    assert login("bewohnerin").get(url).status_code == 403
    text = _pdf_text(login("ratsmitglied").get(url))
    assert "nicht öffentlicher Teil" in text and SECRET in text


def test_files_are_served_by_rights(client, login, paper):
    public, internal = paper.files.filter(role=FileRole.AUXILIARY).order_by("pk")
    response = client.get(f"/vorlagen/dateien/{public.pk}/")
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert client.get(f"/vorlagen/dateien/{internal.pk}/").status_code == 404
    assert login("ratsmitglied").get(f"/vorlagen/dateien/{internal.pk}/").status_code == 200


def test_paper_list_filters_and_hides_drafts(client, login, paper, personas):
    draft = paper_draft_mitteilung(
        title="Entwurf Sachbericht",
        text="Text",
        social_spaces=[],
        topics=[],
        department="Dezernat V",
        by=personas["geschaeftsstelle"],
    )
    page = client.get("/vorlagen/").content.decode()
    assert paper.reference in page and draft.reference not in page
    office = login("geschaeftsstelle").get("/vorlagen/").content.decode()
    assert draft.reference in office
    kalk = SocialSpace.objects.get(name="Humboldt-Gremberg/Kalk")
    found = client.get("/vorlagen/", {"sozialraum": kalk.slug, "thema": "sport", "jahr": "2012"})
    assert paper.reference in found.content.decode()
    none = client.get("/vorlagen/", {"jahr": "2011"})
    assert paper.reference not in none.content.decode()
    # Filters that cannot be read are named and left out; the list is shown without them.
    bad = client.get("/vorlagen/", {"thema": "gibt-es-nicht", "jahr": "zwanzig"})
    text = bad.content.decode()
    assert bad.status_code == 200
    assert text.count('aria-invalid="true"') == 2
    assert "gibt-es-nicht" in text and paper.reference in text


def test_hidden_paper_is_404_for_the_public(client, login, council):
    hidden = Paper.objects.create(
        body=council.body,
        reference="0999/2012",
        title="Nicht öffentliche Vorlage",
        date=datetime.date(2012, 3, 1),
        is_public=False,
        state=PaperState.RELEASED,
        released_at=timezone.now(),
    )
    assert client.get(f"/vorlagen/{hidden.pk}/").status_code == 404
    assert login("ratsmitglied").get(f"/vorlagen/{hidden.pk}/").status_code == 200


def test_office_drafts_proposes_and_fixes(client, login, council):
    office = login("geschaeftsstelle")
    kalk = SocialSpace.objects.get(name="Humboldt-Gremberg/Kalk")
    sport = Topic.objects.get(slug="sport")
    response = office.post(
        "/vorlagen/neu/",
        {
            "title": "Sachbericht Kalk 2011",
            "text": "Öffentlicher Text.",
            "non_public_text": "",
            "department": "Dezernat V",
            "social_spaces": [kalk.pk],
            "topics": [sport.pk],
            "attachment": SimpleUploadedFile("bericht.pdf", PDF, "application/pdf"),
        },
    )
    paper = Paper.objects.get(title="Sachbericht Kalk 2011")
    assert response["Location"] == f"/vorlagen/{paper.pk}/beratungsfolge/"
    assert paper.is_draft
    assert sorted(paper.files.values_list("role", "file_name")) == [
        (FileRole.AUXILIARY, "bericht.pdf"),
        (FileRole.MAIN, f"Mitteilung-{paper.reference.replace('/', '-')}.pdf"),
    ]
    office.post(response["Location"], {"action": "propose", "after": "2012-03-01"})
    page = office.get(response["Location"]).content.decode()
    assert "Sportausschuss" in page and "Bezirksvertretung 8 (Kalk)" in page
    steps = list(paper.consultations.alive().values_list("organization__name", flat=True))
    assert steps == ["Sportausschuss", "Bezirksvertretung 8 (Kalk)"]
    office.post(response["Location"], {"action": "fix"})
    paper.refresh_from_db()
    assert paper.is_fixed
    again = office.post(response["Location"], {"action": "propose", "after": "2012-04-01"})
    assert again.status_code == 302
    assert paper.consultations.alive().count() == 2


def test_bad_input_on_staff_pages(login, council):
    office = login("geschaeftsstelle")
    empty = office.post("/vorlagen/neu/", {"title": ""})
    assert empty.status_code == 200 and 'aria-invalid="true"' in empty.content.decode()
    council.consultations_fixed = None
    council.save()
    bad_date = office.post(
        f"/vorlagen/{council.pk}/beratungsfolge/", {"action": "propose", "after": "morgen"}
    )
    assert bad_date.status_code == 200 and 'aria-invalid="true"' in bad_date.content.decode()
    upload = office.post(
        f"/vorlagen/{council.pk}/dateien/",
        {"upload": SimpleUploadedFile("virus.exe", b"MZ")},
    )
    assert (
        upload.status_code == 200
        and "Dateien vom Typ „exe“ werden nicht angenommen" in upload.content.decode()
    )
    assert not council.files.filter(role=FileRole.AUXILIARY).exists()


def test_staff_pages_refuse_others(client, login, council, personas):
    assert client.get("/vorlagen/neu/")["Location"].startswith("/konto/anmelden/")
    assert login("ratsmitglied").get("/vorlagen/neu/").status_code == 403
    assert login("koordination-kalk").get(f"/vorlagen/{council.pk}/bearbeiten/").status_code == 403
    with pytest.raises(PermissionDenied):
        paper_draft_mitteilung(
            title="x", text="y", social_spaces=[], topics=[], department="", by=personas["traeger"]
        )


def test_paper_list_queries_do_not_grow(client, council):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/vorlagen/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    Paper.objects.bulk_create(
        [
            Paper(
                body=council.body,
                reference=f"{n:04d}/2013",
                title=f"Vorlage {n}",
                date=datetime.date(2013, 1, 1),
                state=PaperState.RELEASED,
                released_at=timezone.now(),
            )
            for n in range(1, 40)
        ]
    )
    assert count() == few


def test_session_calendar_queries_do_not_grow(client, council):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/sitzungen/", {"monat": "2012-03"}).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    org = Organization.objects.get(name="Kulturausschuss")
    for day in range(1, 25):
        Meeting.objects.create(
            organization=org,
            start=datetime.datetime(2012, 3, day, 10, tzinfo=datetime.UTC),
            location=org.location,
        )
    assert count() == few
