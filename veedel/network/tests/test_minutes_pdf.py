"""The minutes of a meeting as PDF: a real PDF with the headings, the agenda, the follow-up
tasks and page numbers; not to be had by those who may not read the meeting."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from veedel.areas.models import SocialSpace
from veedel.network.models import (
    Actor,
    ActorKind,
    FollowUpTask,
    Meeting,
    Network,
    NetworkKind,
    TaskStatus,
)
from veedel.programme.models import CoordinationOffice

pytestmark = pytest.mark.django_db


def make_meeting(*, public=True, network_public=True, minutes="Das Ferienprogramm wird geplant."):
    network = Network.objects.create(
        name="AK Jugend Kalk",
        slug="ak-jugend-kalk",
        kind=NetworkKind.WORKING_GROUP,
        social_space=SocialSpace.objects.get(slug="kalk"),
        office=CoordinationOffice.objects.get(slug="kalk"),
        is_public=network_public,
    )
    return Meeting.objects.create(
        network=network,
        start=timezone.make_aware(datetime.datetime(2025, 3, 24, 18, 0)),
        end=timezone.make_aware(datetime.datetime(2025, 3, 24, 20, 0)),
        place="Bürgerhaus Kalk, Kalk-Mülheimer Straße 58",
        agenda="1. Begrüßung\n2. Ferienprogramm für Kinder & Jugendliche\n3. Verschiedenes",
        minutes=minutes,
        decisions="Ein gemeinsames Ferienprogramm <im Sommer>.",
        is_public=public,
        other_attendance=4,
    )


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    return reader, [" ".join(p.extract_text().split()) for p in reader.pages]


def german(text):
    with translation.override("de"):
        return gettext(text)


def test_the_minutes_are_a_pdf_with_headings_agenda_tasks_and_page_numbers(client):
    meeting = make_meeting()
    actor = Actor.objects.create(name="Jugendzentrum Kalk", kind=ActorKind.YOUTH_CENTRE)
    meeting.attendees.add(actor)
    FollowUpTask.objects.create(
        meeting=meeting,
        title="Flyer drucken",
        responsible="Jugendzentrum",
        due=datetime.date(2025, 4, 15),
        status=TaskStatus.IN_PROGRESS,
    )
    url = reverse("network:meeting_pdf", args=["ak-jugend-kalk", meeting.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "protokoll-ak-jugend-kalk-2025-03-24.pdf" in response["Content-Disposition"]
    reader, pages = pdf_text(response)
    text = " ".join(pages)
    for heading in ("Minutes of the meeting", "Agenda", "Attendance", "Minutes", "Decisions"):
        assert german(heading) in text
    assert german("Follow-up tasks") in text
    assert "AK Jugend Kalk" in text
    assert "Bürgerhaus Kalk, Kalk-Mülheimer Straße 58" in text
    assert "2. Ferienprogramm für Kinder & Jugendliche" in text
    assert "Ein gemeinsames Ferienprogramm <im Sommer>." in text
    assert "Jugendzentrum Kalk" in text
    assert "18:00–20:00" in text
    assert "Flyer drucken" in text and "15.04.2025" in text
    with translation.override("de"):
        assert str(TaskStatus.IN_PROGRESS.label) in text
    assert pages[-1].endswith("Seite 1 von 1") or "Seite 1 von 1" in pages[0]
    assert reader.metadata.title.startswith(
        german("Minutes of the meeting of %(network)s on %(date)s")[:10]
    )


def test_long_minutes_run_over_pages_numbered_x_of_y(client):
    long = "\n\n".join(f"Absatz {i}: " + "Lorem ipsum dolor sit amet. " * 30 for i in range(30))
    meeting = make_meeting(minutes=long)
    response = client.get(reverse("network:meeting_pdf", args=["ak-jugend-kalk", meeting.pk]))
    reader, pages = pdf_text(response)
    total = len(reader.pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Seite {number} von {total}" in text
    assert "Absatz 29" in " ".join(pages)


def test_the_english_minutes_say_page_x_of_y(client):
    meeting = make_meeting()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("network:meeting_pdf", args=["ak-jugend-kalk", meeting.pk]))
    _, pages = pdf_text(response)
    assert "Page 1 of 1" in pages[0]
    assert "Minutes of the meeting" in pages[0]


@pytest.mark.parametrize(
    ("username", "status"),
    [
        (None, 404),
        ("bewohnerin", 404),
        ("koordination-chorweiler", 404),
        ("koordination-kalk", 200),
        ("traeger", 200),
        ("geschaeftsstelle", 200),
    ],
)
def test_the_minutes_of_a_non_public_meeting_are_for_the_office_only(
    client, login, username, status
):
    meeting = make_meeting(public=False)
    if username:
        login(username)
    response = client.get(reverse("network:meeting_pdf", args=["ak-jugend-kalk", meeting.pk]))
    assert response.status_code == status
    if status == 200:
        _, pages = pdf_text(response)
        assert german("not public") in pages[0]
        assert "no-store" in response["Cache-Control"]
    else:
        assert not response.content.startswith(b"%PDF")


def test_a_public_meeting_of_a_non_public_network_has_no_public_minutes(client):
    meeting = make_meeting(public=True, network_public=False)
    response = client.get(reverse("network:meeting_pdf", args=["ak-jugend-kalk", meeting.pk]))
    assert response.status_code == 404


def test_internal_attendees_are_not_printed_for_the_public(client, login):
    meeting = make_meeting()
    meeting.attendees.add(
        Actor.objects.create(
            name="Interner Kreis",
            kind=ActorKind.OTHER,
            is_public=False,
            office=CoordinationOffice.objects.get(slug="kalk"),
        )
    )
    url = reverse("network:meeting_pdf", args=["ak-jugend-kalk", meeting.pk])
    assert "Interner Kreis" not in " ".join(pdf_text(client.get(url))[1])
    login("koordination-kalk")
    assert "Interner Kreis" in " ".join(pdf_text(client.get(url))[1])


# --- markup in the data ---------------------------------------------------------------------


@pytest.fixture
def server_image(tmp_path):
    """A real image file on the server: what ``<img src=…>`` in reportlab markup would embed."""
    from PIL import Image

    path = tmp_path / "server.png"
    Image.new("RGB", (40, 40), (200, 0, 0)).save(path)
    return path


def markup_texts(image) -> dict[str, str]:
    return {
        "bold": "Treffpunkt <b>fehlt",
        "image": f'Bild <img src="{image}" width="40" height="40"/> ende',
        "passwd": 'Datei <img src="/etc/passwd"/> ende',
        "font": '<font color="red" size="40">rot</font> & <a href="https://x.test">Link</a>',
        "entity": "Kinder &amp; Jugend &nbsp; <br/> </para>",
    }


def images_in(reader) -> int:
    count = 0
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        for ref in xobjects.values():
            if ref.get_object().get("/Subtype") == "/Image":
                count += 1
    return count


def test_markup_in_every_text_field_is_printed_literally_and_embeds_nothing(
    client, login, server_image
):
    texts = markup_texts(server_image)
    every = " | ".join(texts.values())
    kalk = CoordinationOffice.objects.get(slug="kalk")
    space = SocialSpace.objects.get(slug="kalk")
    # Names of the office and the social space come from the programme and area data.
    CoordinationOffice.objects.filter(pk=kalk.pk).update(name=f"Büro {texts['bold']}")
    SocialSpace.objects.filter(pk=space.pk).update(name=f"Raum {texts['image']}")
    network = Network.objects.create(
        name=f"Netz {texts['bold']} {texts['font']}",
        slug="netz-markup",
        kind=NetworkKind.WORKING_GROUP,
        social_space=space,
        office=kalk,
        description=every,
    )
    meeting = Meeting.objects.create(
        network=network,
        start=timezone.make_aware(datetime.datetime(2025, 3, 24, 18, 0)),
        place=f"Ort {texts['passwd']}",
        agenda="\n".join(texts.values()),
        minutes="\n\n".join(texts.values()),
        decisions=every,
    )
    for key, text in texts.items():
        meeting.attendees.add(
            Actor.objects.create(name=f"Akteur {key} {text}", kind=ActorKind.CLUB, office=kalk)
        )
        FollowUpTask.objects.create(meeting=meeting, title=f"Aufgabe {text}", responsible=text)

    response = login("koordination-kalk").get(
        reverse("network:meeting_pdf", args=[network.slug, meeting.pk])
    )
    assert response.status_code == 200
    reader, pages = pdf_text(response)
    text = " ".join(pages)
    assert images_in(reader) == 0
    squeezed = text.replace(" ", "")
    for shown in [
        "Treffpunkt <b>fehlt",
        f'<img src="{server_image}" width="40" height="40"/>',
        '<img src="/etc/passwd"/>',
        '<font color="red" size="40">rot</font>',
        '<a href="https://x.test">Link</a>',
        "Kinder &amp; Jugend &nbsp; <br/> </para>",
    ]:
        assert shown.replace(" ", "") in squeezed, shown
    assert "Netz Treffpunkt <b>fehlt" in text  # the subtitle
    assert "Büro Treffpunkt <b>fehlt" in text  # the organising office
    assert "Akteur bold Treffpunkt <b>fehlt" in text  # the attendance
    assert "Netz Treffpunkt <b>fehlt" in reader.metadata.title
