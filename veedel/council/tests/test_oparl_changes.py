"""OParl while the data changes: an incremental client that polls only the paper, meeting and
organization lists with ``modified_since`` (and takes what they embed) holds, after every
change, exactly what a fresh walk of every list of the body finds, whether the change is made
through the services, the pages or the admin. What stops being public is listed as deleted."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from veedel.areas.models import SocialSpace
from veedel.council.models import AgendaItem, File, Location, Meeting, Organization, Paper
from veedel.council.services import (
    consultation_move,
    consultations_apply_proposal,
    consultations_fix,
    file_add,
    file_delete,
    file_replace,
    paper_delete,
    paper_draft_mitteilung,
    paper_release,
)
from veedel.council.services_admin import (
    agenda_item_remove,
    agenda_item_save,
    council_object_save,
    council_objects_delete,
    meeting_cancel,
)
from veedel.council.tests.admin_forms import change_form_post
from veedel.council.tests.oparl_client import API, IncrementalClient, full_walk
from veedel.programme.models import Topic

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% Anlage\n"
PDF_2 = b"%PDF-1.4\n% Anlage, zweite Fassung\n"


def _id(kind: str, pk: int) -> str:
    return f"http://testserver{API}{kind}/{pk}/"


def agrees(mirror: IncrementalClient, what: str) -> dict[str, dict]:
    """Poll, then check the copy against a fresh walk; returns the fresh objects."""
    mirror.poll()
    polled, everything = full_walk(mirror.body_pk)
    copy = mirror.copy()
    assert copy.keys() == polled.keys(), (what, sorted(set(copy) ^ set(polled)))
    for key, obj in polled.items():
        assert copy[key] == obj, (what, key)
    # The three lists are enough: every agenda item, consultation and file of the body's
    # lists is embedded in them, exactly as it is listed.
    for key, obj in everything.items():
        if obj["type"].rsplit("/", 1)[-1] in ("AgendaItem", "Consultation", "File", "Location"):
            assert polled.get(key, obj) == obj, (what, key)
            if not obj["type"].endswith("Location"):
                assert key in polled, (what, key)
    return polled


@pytest.fixture
def mirror(council):
    client = IncrementalClient(council.body_id)
    agrees(client, "the first, full poll")
    return client


def _free_meeting() -> Meeting:
    """A session that holds no step of a Beratungsfolge."""
    return Meeting.objects.public().filter(consultations__isnull=True, cancelled=False).first()


def test_the_copy_follows_every_change_made_through_the_services(mirror, council, personas):
    office = personas["geschaeftsstelle"]
    meeting = council.consultations.alive().first().meeting
    seed_item = meeting.agenda_items.alive().get()

    # An agenda item added, moved before the paper's item, removed.
    item = agenda_item_save(
        item=AgendaItem(meeting=meeting, order=2, number="2", name="Mitteilungen"), by=office
    )
    fresh = agrees(mirror, "agenda item added")
    assert _id("agenda-items", item.pk) in fresh
    item.order, seed_item.order = 1, 2
    agenda_item_save(item=item, by=office)
    agenda_item_save(item=seed_item, by=office)
    fresh = agrees(mirror, "agenda reordered")
    names = [i["name"] for i in fresh[_id("meetings", meeting.pk)]["agendaItem"]]
    assert names[0] == "Mitteilungen"
    # A poll after a change lists only what changed (and what embeds it).
    assert mirror.poll() == 0
    agenda_item_remove(item=item, by=office)
    fresh = agrees(mirror, "agenda item removed")
    assert _id("agenda-items", item.pk) not in fresh

    # A new Mitteilung: drafted (not seen), released, its Beratungsfolge edited and fixed.
    paper = paper_draft_mitteilung(
        title="Sachbericht Kalk 2011",
        text="Der Bericht.",
        social_spaces=SocialSpace.objects.filter(name="Humboldt-Gremberg/Kalk"),
        topics=Topic.objects.filter(slug="sport"),
        department="Dezernat V",
        by=office,
    )
    consultations_apply_proposal(paper=paper, after=datetime.date(2012, 3, 1), by=office)
    assert _id("papers", paper.pk) not in agrees(mirror, "a draft")
    paper_release(paper=paper, by=office)
    fresh = agrees(mirror, "released")
    served = fresh[_id("papers", paper.pk)]
    assert served["mainFile"]["fileName"] == f"Mitteilung-{paper.reference.replace('/', '-')}.pdf"
    assert [c.get("agendaItem") for c in served["consultation"]] == [None, None]
    first = paper.consultations.alive().order_by("order").first()
    consultation_move(consultation=first, by=office, up=False)
    fresh = agrees(mirror, "Beratungsfolge reordered")
    assert fresh[_id("papers", paper.pk)]["consultation"][1]["id"] == _id("consultations", first.pk)
    document_before = fresh[_id("papers", paper.pk)]["mainFile"]["sha512Checksum"]
    consultations_fix(paper=paper, by=office)
    fresh = agrees(mirror, "Beratungsfolge fixed")
    steps = fresh[_id("papers", paper.pk)]["consultation"]
    assert all("agendaItem" in step for step in steps)
    for step in steps:
        embedded = [i["id"] for i in fresh[step["meeting"]]["agendaItem"]]
        assert step["agendaItem"] in embedded
    # The document shows the table as it is, so it was made again when it was reordered.
    assert document_before != served["mainFile"]["sha512Checksum"]

    # An attachment added, replaced by a new version, removed.
    attachment = file_add(paper=paper, upload=ContentFile(PDF, name="anlage.pdf"), by=office)
    fresh = agrees(mirror, "file added")
    [listed] = fresh[_id("papers", paper.pk)]["auxiliaryFile"]
    assert listed["id"] == _id("files", attachment.pk) and listed["size"] == len(PDF)
    file_replace(file=attachment, upload=ContentFile(PDF_2, name="anlage-neu.pdf"), by=office)
    fresh = agrees(mirror, "file replaced")
    [listed] = fresh[_id("papers", paper.pk)]["auxiliaryFile"]
    assert listed["fileName"] == "anlage-neu.pdf" and listed["size"] == len(PDF_2)
    file_delete(file=attachment, by=office)
    fresh = agrees(mirror, "file removed")
    assert "auxiliaryFile" not in fresh[_id("papers", paper.pk)]

    # An agenda item of the Beratungsfolge made non-public: the session and the paper drop it.
    step = paper.consultations.alive().select_related("agenda_item").first()
    step.agenda_item.public = False
    agenda_item_save(item=step.agenda_item, by=office)
    fresh = agrees(mirror, "agenda item made non-public")
    assert _id("agenda-items", step.agenda_item_id) not in fresh
    assert "agendaItem" not in fresh[_id("consultations", step.pk)]

    # A session cancelled, another deleted with its agenda.
    meeting_cancel(meeting=meeting, by=office)
    fresh = agrees(mirror, "session cancelled")
    assert fresh[_id("meetings", meeting.pk)]["cancelled"] is True
    free = _free_meeting()
    extra = agenda_item_save(
        item=AgendaItem(meeting=free, order=1, name="Verschiedenes"), by=office
    )
    agrees(mirror, "agenda item of a free session")
    council_objects_delete(queryset=Meeting.objects.filter(pk=free.pk), by=office)
    fresh = agrees(mirror, "session deleted")
    assert _id("meetings", free.pk) not in fresh and _id("agenda-items", extra.pk) not in fresh
    assert _id("meetings", free.pk) in mirror.tombstones_seen

    # A place and a body renamed: what embeds them follows.
    location = meeting.location
    location.street_address = "Neue Straße 1"
    council_object_save(obj=location, by=office, changed_fields=["street_address"])
    fresh = agrees(mirror, "place changed")
    assert fresh[_id("meetings", meeting.pk)]["location"]["streetAddress"] == "Neue Straße 1"
    organization = meeting.organization
    organization.name = f"{organization.name} (neu)"
    council_object_save(obj=organization, by=office, changed_fields=["name"])
    fresh = agrees(mirror, "body renamed")
    assert fresh[_id("organizations", organization.pk)]["name"].endswith("(neu)")

    # The paper withdrawn: a tombstone, and the sessions lose its agenda items.
    paper_delete(paper=paper, by=office)
    fresh = agrees(mirror, "paper withdrawn")
    assert _id("papers", paper.pk) not in fresh
    assert _id("papers", paper.pk) in mirror.tombstones_seen
    assert not any(
        i["name"].startswith("Sachbericht Kalk")
        for obj in fresh.values()
        if obj["type"].endswith("Meeting")
        for i in obj.get("agendaItem", [])
    )


def test_the_copy_follows_changes_made_in_the_admin(mirror, council, login, personas):
    client = login("geschaeftsstelle")
    meeting = council.consultations.alive().first().meeting
    url = reverse("admin:council_meeting_change", args=[meeting.pk])

    def add_item(rows):
        rows.append(
            {
                "id": "",
                "meeting": str(meeting.pk),
                "order": "2",
                "number": "2",
                "name": "Anfragen",
                "public": "on",
                "result": "",
            }
        )

    change_form_post(client, url, inline_changes=add_item)
    fresh = agrees(mirror, "agenda item added in the admin")
    added = AgendaItem.objects.get(meeting=meeting, name="Anfragen")
    assert _id("agenda-items", added.pk) in fresh

    def reorder(rows):
        for row in rows:
            row["order"] = "1" if row["name"] == "Anfragen" else "2"

    change_form_post(client, url, inline_changes=reorder)
    fresh = agrees(mirror, "agenda reordered in the admin")
    assert fresh[_id("meetings", meeting.pk)]["agendaItem"][0]["name"] == "Anfragen"

    def hide_the_papers_item(rows):
        for row in rows:
            if row["name"] != "Anfragen":
                row.pop("public", None)

    change_form_post(client, url, inline_changes=hide_the_papers_item)
    fresh = agrees(mirror, "agenda item made non-public in the admin")
    item = meeting.agenda_items.exclude(name="Anfragen").get()
    assert _id("agenda-items", item.pk) not in fresh
    step = fresh[_id("papers", council.pk)]["consultation"]
    assert not any(s.get("agendaItem") == _id("agenda-items", item.pk) for s in step)
    # Its own address answers that it is gone.
    gone = mirror.client.get(f"{API}agenda-items/{item.pk}/").json()
    assert gone["deleted"] is True

    def remove_added(rows):
        for row in rows:
            if row["name"] == "Anfragen":
                row["DELETE"] = "on"

    change_form_post(client, url, inline_changes=remove_added)
    fresh = agrees(mirror, "agenda item removed in the admin")
    assert _id("agenda-items", added.pk) not in fresh
    added.refresh_from_db()
    assert added.deleted is not None

    change_form_post(client, url, changes={"cancelled": "on"})
    fresh = agrees(mirror, "session cancelled in the admin")
    assert fresh[_id("meetings", meeting.pk)]["cancelled"] is True

    free = _free_meeting()
    agenda_item_save(
        item=AgendaItem(meeting=free, order=1, name="Verschiedenes"),
        by=personas["geschaeftsstelle"],
    )
    agrees(mirror, "before the deletion")
    response = client.post(reverse("admin:council_meeting_delete", args=[free.pk]), {"post": "yes"})
    assert response.status_code == 302
    fresh = agrees(mirror, "session deleted in the admin")
    assert _id("meetings", free.pk) in mirror.tombstones_seen

    # A place deleted with the admin's bulk action: the sessions there no longer embed it.
    location = Location.objects.filter(meetings__in=Meeting.objects.public()).first()
    where = list(location.meetings.public().values_list("pk", flat=True))
    response = client.post(
        reverse("admin:council_location_changelist"),
        {"action": "delete_selected", "_selected_action": [location.pk], "post": "yes"},
    )
    assert response.status_code == 302
    fresh = agrees(mirror, "place deleted in the admin")
    assert all("location" not in fresh[_id("meetings", pk)] for pk in where)

    organization = meeting.organization
    change_form_post(
        client,
        reverse("admin:council_organization_change", args=[organization.pk]),
        changes={"name": "Ausschuss mit neuem Namen"},
    )
    fresh = agrees(mirror, "body renamed in the admin")
    assert fresh[_id("organizations", organization.pk)]["name"] == "Ausschuss mit neuem Namen"


def test_withdrawing_a_paper_on_its_page_tells_the_client(mirror, council, login):
    response = login("geschaeftsstelle").post(reverse("council:paper_delete", args=[council.pk]))
    assert response.status_code == 302
    fresh = agrees(mirror, "withdrawn on its page")
    assert _id("papers", council.pk) in mirror.tombstones_seen
    assert _id("papers", council.pk) not in fresh
    # Its address answers the tombstone, with what the schema requires of a file.
    paper = mirror.client.get(f"{API}papers/{council.pk}/").json()
    assert paper["deleted"] is True
    document = File.objects.get(paper=council, role="main")
    gone = mirror.client.get(f"{API}files/{document.pk}/").json()
    assert gone["deleted"] is True and gone["accessUrl"].endswith(f"/files/{document.pk}/download/")
    assert mirror.client.get(f"{API}files/{document.pk}/download/").status_code == 404
    assert Paper.objects.filter(pk=council.pk, deleted__isnull=False).exists()
    assert Organization.objects.public().exists()
