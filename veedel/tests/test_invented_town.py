"""Nothing in the code assumes Cologne: an invented town works on every public page.

The test loads Musterstadt (``veedel/tests/data/musterstadt/``: two districts, five quarters,
two social spaces, a programme; everything invented) in place of the Cologne data, inside the
test's transaction, with the settings a deployment for Musterstadt would have (its data
folder; everything else from the folder's manifest). It gives the town what the public pages
of the other apps show (an actor, a network and its meeting, an offer with an event, a guide
edition, an initiative with a public document, published reports, a council with a session
and a released paper) and then requests every URL pattern as a visitor who is not logged in.

Every page that answers 200 must not mention Köln, and an HTML page must credit the town's
own data in its footer; the public pages (``PUBLIC``) must answer 200 and show the town's
names. Every other pattern must send the visitor to the login or refuse (403, 404 for what
is not given away, 405 for POST-only addresses). A pattern with parameters that this test
does not know how to fill fails the test, so a new page cannot slip past it.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from pypdf import PdfReader

from veedel.accounts.models import User
from veedel.accounts.services import user_set_role
from veedel.areas.geo import locate, locate_reset
from veedel.areas.manifest import area_settings, manifest_read
from veedel.areas.models import (
    District,
    Neighbourhood,
    Quarter,
    SocialSpace,
    StructureFigures,
)
from veedel.core.roles import Role
from veedel.council.models import AgendaItem, Consultation, Location, Meeting, Organization
from veedel.council.services import (
    body_default,
    file_add,
    paper_draft_mitteilung,
    paper_release,
)
from veedel.guide.tests.factories import edition_make
from veedel.initiatives.services import document_add, initiative_start
from veedel.network.models import Actor, ActorKind, Network, NetworkKind
from veedel.network.models import Meeting as NetworkMeeting
from veedel.network.services import actor_create
from veedel.offers.models import Location as OfferLocation
from veedel.offers.openapi import SCHEMA_FILES
from veedel.offers.tests.factories import make_offer
from veedel.programme.loading import area_data_load
from veedel.programme.models import CoordinationOffice, Programme, Provider, Topic
from veedel.reports.services import report_approve, report_generate, report_publish

MUSTERSTADT = Path(__file__).parent / "data" / "musterstadt"
MANIFEST = manifest_read(MUSTERSTADT)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n"
REPORT_YEAR = 2024
LOGIN = reverse("accounts:login")
ADMIN_LOGIN = "/admin/login/"

# The public pages and what each one must show of the town (besides the footer's credit).
PUBLIC = {
    "core:health_live": [],
    "programme:home": ["Gutes Miteinander in Musterstadt", "Lindenhain/Mühlbach", "Sonnenhang"],
    "programme:office": ["Nachbarschaftswerk Musterstadt e. V.", "Lindenhain/Mühlbach"],
    "areas:social_space": ["Lindenhain/Mühlbach", "Untere Mühle", "Aufbauphase"],
    "areas:district": ["Nordufer", "Lindenhain", "Mühlbach", "Am Weiher"],
    "areas:quarter": ["Mühlbach", "Obere Mühle", "Untere Mühle", "Nordufer"],
    "areas:social_spaces_geojson": ["Lindenhain/Mühlbach", "Sonnenhang"],
    "areas:social_space_geojson": ["Lindenhain/Mühlbach", "Mühlbach"],
    "areas:context_geojson": ["Nordufer", "Südhang", "Lindenhain"],
    "programme:office_geojson": [],  # the town's office gives no point: an empty collection
    "areas:districts_geojson": ["Nordufer", "Südhang"],
    "areas:quarters_geojson": ["Lindenhain", "Kirchberg"],
    "areas:neighbourhoods_geojson": ["Obere Mühle", "Friedhofsweg"],
    "network:actors": ["Familientreff Lindenhain"],
    "network:actors_geojson": ["Familientreff Lindenhain"],
    "network:actor": ["Familientreff Lindenhain", "Lindenhain"],
    "network:actor_geojson": ["Familientreff Lindenhain"],
    "network:networks": ["Runder Tisch Lindenhain"],
    "network:network": ["Runder Tisch Lindenhain", "Lindenhain/Mühlbach"],
    "network:network_ical": ["Runder Tisch Lindenhain"],
    "network:meeting": ["Runder Tisch Lindenhain", "Mühlenweg 1"],
    "network:meeting_pdf": ["Runder Tisch Lindenhain"],
    "network:graph": ["Lindenhain/Mühlbach", "Familientreff Lindenhain"],
    "offers:directory": ["Krabbelgruppe Lindenhain"],
    "offers:directory_geojson": ["Krabbelgruppe Lindenhain"],
    "offers:offer": ["Krabbelgruppe Lindenhain", "Musterstadt", "Lindenhain"],
    "offers:events": ["Sommerfest am Mühlbach"],
    "offers:events_ical_space": ["Sommerfest am Mühlbach"],
    "offers:events_ical_topic": ["Sommerfest am Mühlbach"],
    "offers:export_offers_csv": ["Krabbelgruppe Lindenhain"],
    "offers:export_offers_xlsx": ["Krabbelgruppe Lindenhain"],
    "offers:export_offers_json": ["Krabbelgruppe Lindenhain", "Musterland"],
    "offers:export_actors_csv": ["Familientreff Lindenhain"],
    "offers:export_actors_xlsx": ["Familientreff Lindenhain"],
    "guide:current": ["Testleitfaden"],
    "guide:editions": ["Testleitfaden"],
    "guide:finder": ["Testleitfaden"],
    "guide:edition_finder": ["Testleitfaden"],
    "guide:edition": ["Testleitfaden"],
    "guide:edition_pdf": ["Testleitfaden"],
    "guide:goal": ["Nachbarschaft stärken"],
    "guide:topic": ["Familie und Kinder"],
    "guide:situation": ["Ausgangssituation 1"],
    "guide:process": ["Schlüsselprozess 1"],
    "guide:process_pdf": ["Schlüsselprozess 1"],
    "guide:methods": ["Methode 1"],
    "guide:method": ["Methode 1"],
    "initiatives:list": ["Spielstraße Lindenhain"],
    "initiatives:list_csv": ["Spielstraße Lindenhain"],
    "initiatives:detail": ["Spielstraße Lindenhain", "Lindenhain/Mühlbach"],
    "initiatives:document": [],  # the uploaded PDF itself
    "initiatives:space": ["Spielstraße Lindenhain", "Lindenhain/Mühlbach"],
    "reports:list": ["Programmbericht", "Lindenhain/Mühlbach"],
    "reports:programme_report": ["Sozialraumkoordination Sonnenhang", "Lindenhain/Mühlbach"],
    "reports:office_report": ["Lindenhain/Mühlbach"],
    "reports:programme_report_pdf": ["Sozialraumkoordination Sonnenhang"],
    "reports:office_report_pdf": ["Lindenhain/Mühlbach"],
    "reports:programme_report_docx": [],
    "reports:office_report_docx": [],
    "council:organizations": ["Ausschuss für Nachbarschaft"],
    "council:organization": ["Ausschuss für Nachbarschaft"],
    "council:meetings": ["Ausschuss für Nachbarschaft"],
    "council:meetings_ical": ["Ausschuss für Nachbarschaft"],
    "council:meeting": ["Ausschuss für Nachbarschaft", "Rathaus Musterstadt"],
    "council:papers": ["Bericht zur Sozialraumkoordination in Musterstadt"],
    "council:paper": ["Bericht zur Sozialraumkoordination in Musterstadt", "Lindenhain/Mühlbach"],
    "council:paper_pdf": ["Bericht zur Sozialraumkoordination in Musterstadt"],
    "council:file": [],  # the uploaded PDF itself
    "council:oparl:system": [],
    "council:oparl:bodies": ["Musterstadt"],
    "council:oparl:body": ["Musterstadt"],
    "council:oparl:organizations": ["Ausschuss für Nachbarschaft"],
    "council:oparl:organizations_detail": ["Ausschuss für Nachbarschaft"],
    "council:oparl:org_meetings": ["Rathaus Musterstadt"],
    "council:oparl:persons": [],
    "council:oparl:persons_detail": ["Erika Mustermann"],
    "council:oparl:meetings": ["Rathaus Musterstadt"],
    "council:oparl:meetings_detail": ["Rathaus Musterstadt"],
    "council:oparl:papers": ["Bericht zur Sozialraumkoordination in Musterstadt"],
    "council:oparl:papers_detail": ["Bericht zur Sozialraumkoordination in Musterstadt"],
    "council:oparl:agenda-items": ["Bericht zur Sozialraumkoordination"],
    "council:oparl:agenda-items_detail": ["Bericht zur Sozialraumkoordination"],
    "council:oparl:consultations": [],
    "council:oparl:consultations_detail": [],
    "council:oparl:files": [],
    "council:oparl:files_detail": [],
    "council:oparl:file_download": [],
    "council:oparl:locations": ["Rathaus Musterstadt"],
    "council:oparl:locations_detail": ["Rathaus Musterstadt"],
    "council:oparl:legislative-terms": ["Wahlperiode 2020–2025"],
    "council:oparl:legislative-terms_detail": ["Wahlperiode 2020–2025"],
    "hsds:root": [],
    "hsds:openapi": [],
    "hsds:schema": [],
    "hsds:services": ["Krabbelgruppe Lindenhain"],
    "hsds:service": ["Krabbelgruppe Lindenhain", "Musterstadt", "Musterland"],
    "hsds:organizations": ["Familientreff Lindenhain"],
    "hsds:organization": ["Familientreff Lindenhain", "Musterland"],
    "hsds:taxonomies": [],
    "hsds:taxonomy_terms": ["Familie und Kinder"],
    "hsds:service_at_locations": ["Krabbelgruppe Lindenhain", "Musterland"],
    "accounts:login": [],
    "accounts:password_reset": [],
    "accounts:password_reset_done": [],
    "accounts:password_reset_confirm": [],
    "accounts:password_reset_complete": [],
    "javascript-catalog": [],
}

# Patterns whose address this test gives itself, and the answer each must give.
FIXED_PATHS = {
    # OParl's catch-all: any other address under /oparl/v1/ answers JSON.
    "council:oparl:elsewhere": ("/oparl/v1/unbekannt/", 404),
}
# What a GET to a form-only address answers (Django's language switch goes back).
NOT_FOR_GET = {"set_language": 302}

# Binary answers: how to read their text.


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def _docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _xlsx_text(content: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def text_of(response) -> str | None:
    """The text a reader of the answer sees; None for an uploaded file served as is."""
    kind = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "pdf" in kind:
        return _pdf_text(content) if content != PDF else None
    if "wordprocessingml" in kind:
        return _docx_text(content)
    if "spreadsheetml" in kind:
        return _xlsx_text(content)
    # Area names may break after each slash on the page ("Lindenhain/<wbr>Mühlbach").
    return content.decode().replace("<wbr>", "")


# --- the town -------------------------------------------------------------------------------


@dataclass
class Town:
    office: CoordinationOffice
    space: SocialSpace
    coordinator: User
    actor: Actor
    network: Network
    meeting: NetworkMeeting
    offer: object
    topic: Topic
    edition: object
    initiative: object
    document: object
    programme_report: object
    office_report: object
    body: object
    organization: Organization
    council_meeting: Meeting
    agenda_item: AgendaItem
    consultation: Consultation
    paper: object
    file: object
    person: object
    term: object
    location: Location


def _remove_the_base_data() -> None:
    """Take Cologne and its demo personas out (rolled back after the test)."""
    User.objects.all().delete()
    CoordinationOffice.objects.all().delete()
    SocialSpace.objects.all().delete()
    Neighbourhood.objects.all().delete()
    Quarter.objects.all().delete()
    District.objects.all().delete()
    StructureFigures.objects.all().delete()
    Provider.objects.all().delete()
    Programme.objects.all().delete()


def _user(username: str, role: str, **bindings) -> User:
    user = User.objects.create_user(
        username=username, first_name="Test", last_name=username.title(), password=None
    )
    return user_set_role(user=user, role=role, **bindings)


def _make_town() -> Town:
    office = CoordinationOffice.objects.get(slug="lindenhain-muehlbach")
    space = SocialSpace.objects.get(slug="lindenhain-muehlbach")
    provider = office.provider
    topic = Topic.objects.get(slug="familie")
    coordinator = _user("koordination-lindenhain", Role.COORDINATOR, offices=[office])
    programme_office = _user("geschaeftsstelle-musterstadt", Role.PROGRAMME_OFFICE)
    lead = _user("traeger-musterstadt", Role.PROVIDER_LEAD, provider=provider)
    point = (51.03, 10.015)  # in the quarter Lindenhain

    actor = actor_create(
        office=office,
        data={
            "name": "Familientreff Lindenhain",
            "kind": ActorKind.FAMILY_CENTRE,
            "street": "Mühlenweg 1",
            "postal_code": "99999",
            "city": "Musterstadt",
            "latitude": point[0],
            "longitude": point[1],
            "is_public": True,
            "topics": [topic],
        },
        by=coordinator,
    )
    network = Network.objects.create(
        name="Runder Tisch Lindenhain",
        slug="runder-tisch-lindenhain",
        kind=NetworkKind.ROUND_TABLE,
        social_space=space,
        office=office,
        is_public=True,
    )
    network.members.add(actor)
    soon = timezone.now() + datetime.timedelta(days=14)
    meeting = NetworkMeeting.objects.create(
        network=network, start=soon, place="Familientreff, Mühlenweg 1", is_public=True
    )

    found = locate(*point)
    location = OfferLocation.objects.create(
        organization=actor,
        name="Familientreff",
        address_1="Mühlenweg 1",
        postal_code="99999",
        city="Musterstadt",
        latitude=point[0],
        longitude=point[1],
        quarter=found.quarter,
    )
    location.social_spaces.set(found.social_spaces)
    offer = make_offer(
        name="Krabbelgruppe Lindenhain",
        description="Für Eltern mit kleinen Kindern.",
        organization=actor,
        office=office,
        location=location,
        topics=[topic.slug],
        events=[("Sommerfest am Mühlbach", soon)],
    )

    edition = edition_make()
    initiative = initiative_start(
        office=office,
        social_space=space,
        situation=edition.situations.order_by("order").first(),
        key_process=edition.key_processes.order_by("order").first(),
        title="Spielstraße Lindenhain",
        summary="Eine Straße zum Spielen, geplant mit den Kindern.",
        start=datetime.date(REPORT_YEAR, 3, 1),
        by=coordinator,
        is_published=True,
    )
    document = document_add(
        initiative=initiative,
        upload=ContentFile(PDF, name="plan.pdf"),
        title="Plan der Spielstraße",
        is_public=True,
        by=coordinator,
    )

    office_report = report_generate(office=office, year=REPORT_YEAR, by=coordinator)
    report_approve(report=office_report, by=lead)
    report_publish(report=office_report, by=programme_office)
    programme_report = report_generate(year=REPORT_YEAR, by=programme_office)
    report_publish(report=programme_report, by=programme_office)

    body = body_default()
    term = body.legislative_terms.create(
        name="Wahlperiode 2020–2025",
        start_date=datetime.date(2020, 11, 1),
        end_date=datetime.date(2025, 10, 31),
    )
    town_hall = Location.objects.create(
        description="Rathaus Musterstadt", street_address="Markt 1", locality="Musterstadt"
    )
    organization = Organization.objects.create(
        body=body,
        name="Ausschuss für Nachbarschaft",
        organization_type="Gremium",
        classification="Ausschuss",
        location=town_hall,
    )
    person = body.persons.create(
        name="Erika Mustermann", given_name="Erika", family_name="Mustermann"
    )
    council_meeting = Meeting.objects.create(
        organization=organization, start=soon, location=town_hall
    )
    paper = paper_draft_mitteilung(
        title="Bericht zur Sozialraumkoordination in Musterstadt",
        text="Die Koordinationsstellen berichten über ihr erstes Jahr.",
        social_spaces=[space],
        topics=[topic],
        department="Amt für Soziales",
        by=programme_office,
    )
    file = file_add(
        paper=paper,
        upload=ContentFile(PDF, name="anlage.pdf"),
        name="Anlage zum Bericht",
        by=programme_office,
    )
    paper = paper_release(paper=paper, by=programme_office)
    agenda_item = AgendaItem.objects.create(
        meeting=council_meeting, number="1", order=1, name="Bericht zur Sozialraumkoordination"
    )
    consultation = Consultation.objects.create(
        paper=paper,
        organization=organization,
        meeting=council_meeting,
        agenda_item=agenda_item,
        order=1,
    )
    return Town(
        office=office,
        space=space,
        coordinator=coordinator,
        actor=actor,
        network=network,
        meeting=meeting,
        offer=offer,
        topic=topic,
        edition=edition,
        initiative=initiative,
        document=document,
        programme_report=programme_report,
        office_report=office_report,
        body=body,
        organization=organization,
        council_meeting=council_meeting,
        agenda_item=agenda_item,
        consultation=consultation,
        paper=paper,
        file=file,
        person=person,
        term=term,
        location=town_hall,
    )


@pytest.fixture
def town(db, settings, tmp_path):
    """Musterstadt in place of Cologne, as a deployment for it would be set up: its data
    folder, and the settings that come from the folder's manifest (no environment)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VEEDEL_AREA_DATA_DIR = MUSTERSTADT
    for name, value in area_settings(MUSTERSTADT, {}).items():
        setattr(settings, name, value)
    _remove_the_base_data()
    area_data_load(data_dir=MUSTERSTADT)
    try:
        yield _make_town()
    finally:
        locate_reset()  # the point index saw Musterstadt; the rollback brings Cologne back


# --- every URL pattern ----------------------------------------------------------------------


def _parameters(pattern) -> set[str]:
    return set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)


def patterns(resolver=None, namespace="", outer=frozenset()):
    """(name, its address parameters) of every URL pattern, with its namespace."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            yield from patterns(entry, inner, outer | _parameters(entry))
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            yield (
                (f"{namespace}:{name}" if namespace and name else name),
                outer | _parameters(entry),
            )


def arguments(name: str, town: Town) -> dict | None:
    """The address parameters of pattern ``name`` for the town's objects (None: unknown)."""
    t = town
    edition = {"edition_slug": t.edition.slug}
    process = t.edition.key_processes.order_by("order").first()
    situation = t.edition.situations.order_by("order").first()
    method = t.edition.methods.order_by("slug").first()
    step = process.steps.order_by("order").first()
    goal = t.edition.programme.goals.order_by("order").first()
    known = {
        "programme:office": {"slug": t.office.slug},
        "programme:office_geojson": {"slug": t.office.slug},
        "areas:social_space": {"slug": t.space.slug},
        "areas:district": {"number": "1"},
        "areas:quarter": {"number": "102"},
        "areas:social_space_geojson": {"slug": t.space.slug},
        "network:actor": {"pk": t.actor.pk},
        "network:actor_edit": {"pk": t.actor.pk},
        "network:actor_geojson": {"pk": t.actor.pk},
        "network:contact_add": {"pk": t.actor.pk},
        "network:network": {"slug": t.network.slug},
        "network:network_edit": {"slug": t.network.slug},
        "network:network_members": {"slug": t.network.slug},
        "network:network_ical": {"slug": t.network.slug},
        "network:network_renew_token": {"slug": t.network.slug},
        "network:meeting_add": {"slug": t.network.slug},
        "network:meeting": {"slug": t.network.slug, "pk": t.meeting.pk},
        "network:meeting_edit": {"slug": t.network.slug, "pk": t.meeting.pk},
        "network:meeting_pdf": {"slug": t.network.slug, "pk": t.meeting.pk},
        "network:graph": {"slug": t.space.slug},
        "offers:offer": {"pk": t.offer.pk},
        "offers:events_ical_space": {"space": t.space.slug},
        "offers:events_ical_topic": {"topic": t.topic.slug},
        "guide:edition_finder": edition,
        "guide:edition": edition,
        "guide:edition_pdf": edition,
        "guide:goal": {**edition, "slug": goal.slug},
        "guide:topic": {**edition, "slug": t.topic.slug},
        "guide:situation": {**edition, "slug": situation.slug},
        "guide:process": {**edition, "slug": process.slug},
        "guide:process_pdf": {**edition, "slug": process.slug},
        "guide:methods": edition,
        "guide:method": {**edition, "slug": method.slug},
        "guide:step_edit": {**edition, "slug": process.slug, "pk": step.pk},
        "guide:step_delete": {**edition, "slug": process.slug, "pk": step.pk},
        "guide:step_move": {**edition, "slug": process.slug, "pk": step.pk},
        "initiatives:detail": {"pk": t.initiative.pk},
        "initiatives:timeline": {"pk": t.initiative.pk},
        "initiatives:outcome": {"pk": t.initiative.pk},
        "initiatives:document": {"pk": t.initiative.pk, "document_pk": t.document.pk},
        "initiatives:space": {"slug": t.space.slug},
        "reports:programme_report": {"year": REPORT_YEAR},
        "reports:programme_report_pdf": {"year": REPORT_YEAR},
        "reports:programme_report_docx": {"year": REPORT_YEAR},
        "reports:office_report": {"year": REPORT_YEAR, "slug": t.office.slug},
        "reports:office_report_pdf": {"year": REPORT_YEAR, "slug": t.office.slug},
        "reports:office_report_docx": {"year": REPORT_YEAR, "slug": t.office.slug},
        "council:organization": {"pk": t.organization.pk},
        "council:meeting": {"pk": t.council_meeting.pk},
        "council:paper": {"pk": t.paper.pk},
        "council:paper_pdf": {"pk": t.paper.pk},
        "council:paper_pdf_non_public": {"pk": t.paper.pk},
        "council:file": {"pk": t.file.pk},
        "council:oparl:body": {"pk": t.body.pk},
        "council:oparl:org_meetings": {"pk": t.organization.pk},
        "council:oparl:organizations_detail": {"pk": t.organization.pk},
        "council:oparl:persons_detail": {"pk": t.person.pk},
        "council:oparl:meetings_detail": {"pk": t.council_meeting.pk},
        "council:oparl:papers_detail": {"pk": t.paper.pk},
        "council:oparl:agenda-items_detail": {"pk": t.agenda_item.pk},
        "council:oparl:consultations_detail": {"pk": t.consultation.pk},
        "council:oparl:files_detail": {"pk": t.file.pk},
        "council:oparl:file_download": {"pk": t.file.pk},
        "council:oparl:locations_detail": {"pk": t.location.pk},
        "council:oparl:legislative-terms_detail": {"pk": t.term.pk},
        "hsds:service": {"pk": str(t.offer.pk)},
        "hsds:organization": {"pk": str(t.actor.pk)},
        "hsds:not_found": {"path": "unbekannt"},
        "hsds:schema": {"name": min(SCHEMA_FILES, default="service.json")},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "falsch"},
    }
    if name in known:
        return known[name]
    if name.startswith("council:oparl:"):
        return {"pk": t.body.pk}  # the lists of the body
    # Addresses of pages only logged-in users open: objects of the town where there is one.
    by_name = {
        "edition_slug": t.edition.slug,
        "slug": t.office.slug,
        "pk": t.initiative.pk if name.startswith("initiatives:") else t.paper.pk,
        "year": REPORT_YEAR,
        "step_pk": 1,
        "activity_pk": 1,
        "document_pk": t.document.pk,
        "target_pk": 1,
        "number": 1,
    }
    return by_name


def _path(name: str, params: set[str], town: Town) -> str | None:
    if not params:
        return reverse(name)
    kwargs = arguments(name, town)
    if kwargs is None or not params <= set(kwargs):
        return None
    return reverse(name, kwargs={k: kwargs[k] for k in params})


def test_every_public_page_works_for_an_invented_town(client, town):
    answered, unknown = {}, []
    for name, params in patterns():
        if name.startswith("admin:") or not name:
            continue  # the admin (staff only) and unnamed addresses (favicon)
        if name in FIXED_PATHS:
            path, expected = FIXED_PATHS[name]
            response = client.get(path)
            assert response.status_code == expected, (path, response.status_code)
            assert response["Content-Type"].startswith("application/json"), path
            assert "Köln" not in response.content.decode(), path
            continue
        path = _path(name, params, town)
        if path is None:
            unknown.append(name)
            continue
        response = client.get(path)
        answered[name] = (path, response)
    assert unknown == [], f"the test does not know how to address: {unknown}"
    assert set(PUBLIC) <= set(answered), set(PUBLIC) - set(answered)

    attribution = MANIFEST.attribution
    problems = []
    for name, (path, response) in answered.items():
        status = response.status_code
        if name in PUBLIC and status != 200:
            problems.append(f"{name} {path}: {status}, expected 200")
            continue
        if name in NOT_FOR_GET:
            if status != NOT_FOR_GET[name]:
                problems.append(f"{name} {path}: {status}, expected {NOT_FOR_GET[name]}")
            continue
        if status != 200:
            sent_to_login = status == 302 and response["Location"].startswith((LOGIN, ADMIN_LOGIN))
            if not (sent_to_login or status in (403, 404, 405)):
                problems.append(f"{name} {path}: {status} for a visitor who is not logged in")
            continue
        if name not in PUBLIC:
            problems.append(f"{name} {path}: 200 for a visitor, but not listed as public")
        text = text_of(response)
        if text is None:
            continue
        if "Köln" in text or "Koeln" in text or "Cologne" in text:
            problems.append(f"{name} {path}: mentions Cologne")
        if response.get("Content-Type", "").startswith("text/html") and attribution not in text:
            problems.append(f"{name} {path}: the footer does not credit the town's data")
        missing = [shown for shown in PUBLIC.get(name, []) if shown not in text]
        if missing:
            problems.append(f"{name} {path}: does not show {missing}")
    assert problems == [], "\n".join(problems)


def test_the_town_has_its_own_map_view_and_credit(client, town):
    """The map starts over the town and the footer credits the town's data, both from the
    manifest; the default federal state is the town's."""
    body = client.get(reverse("areas:social_space", args=[town.space.slug])).content.decode()
    assert 'data-centre="51.02,10.045"' in body and 'data-zoom="13"' in body
    assert "Erfundene Testdaten der Musterstadt (keine echte Quelle)" in body
    assert "Quelle: Erfundene Strukturdaten der Musterstadt 2023." in body
    assert town.offer.at_locations.get().location.state_province == "Musterland"
    home = client.get(reverse("programme:home")).content.decode()
    assert "Die drei Leitziele" in home  # three goals, not Cologne's five
    assert '<span class="brand-name">Gutes Miteinander</span>' in home
