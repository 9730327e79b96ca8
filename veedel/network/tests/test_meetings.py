"""Meetings: recording them with attendance and follow-up tasks, who sees their minutes, and
changing a task's status."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veedel.areas.models import SocialSpace
from veedel.core.tests.pages import check_page
from veedel.network.models import (
    Actor,
    ActorKind,
    FollowUpTask,
    Meeting,
    Network,
    NetworkKind,
    NetworkMembership,
    TaskStatus,
)
from veedel.programme.models import CoordinationOffice

pytestmark = pytest.mark.django_db

CHORWEILER = "blumenberg-chorweiler-seeberg-nord"


def make_actor(name, *, public=True, office_slug="kalk"):
    return Actor.objects.create(
        name=name,
        kind=ActorKind.CLUB,
        is_public=public,
        office=CoordinationOffice.objects.get(slug=office_slug),
    )


def make_network(*, public=True, members=()):
    network = Network.objects.create(
        name="AK Jugend Kalk",
        slug="ak-jugend-kalk",
        kind=NetworkKind.WORKING_GROUP,
        social_space=SocialSpace.objects.get(slug="kalk"),
        office=CoordinationOffice.objects.get(slug="kalk"),
        is_public=public,
    )
    for actor in members:
        NetworkMembership.objects.create(network=network, actor=actor)
    return network


def make_meeting(network, *, public=True, **fields):
    values = {
        "start": timezone.make_aware(datetime.datetime(2025, 3, 24, 18, 0)),
        "place": "Bürgerhaus Kalk",
        "agenda": "Begrüßung\nFerienprogramm",
        "minutes": "Das Ferienprogramm wird geplant.",
        "decisions": "Ein gemeinsames Ferienprogramm.",
        "is_public": public,
    }
    values.update(fields)
    return Meeting.objects.create(network=network, **values)


def form_data(**overrides):
    data = {
        "start": "2025-03-24T18:00",
        "end": "2025-03-24T20:00",
        "place": "Bürgerhaus Kalk",
        "is_public": "on",
        "agenda": "Begrüßung\nFerienprogramm",
        "other_attendance": "3",
        "minutes": "Das Ferienprogramm wird geplant.",
        "decisions": "Ein gemeinsames Ferienprogramm.",
        "tasks-TOTAL_FORMS": "3",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "100",
        "tasks-0-title": "Flyer drucken",
        "tasks-0-responsible": "Jugendzentrum",
        "tasks-0-due": "2025-04-15",
        "tasks-0-status": "open",
        "tasks-1-status": "open",
        "tasks-2-status": "open",
    }
    data.update(overrides)
    return data


def page(response):
    return response.content.decode()


# --- recording a meeting ------------------------------------------------------------------


def test_a_coordinator_records_a_meeting_with_attendance_and_tasks(client, login):
    present = make_actor("Jugendzentrum Kalk")
    absent = make_actor("Bürgerverein Kalk")
    network = make_network(members=[present, absent])
    login("koordination-kalk")
    url = reverse("network:meeting_add", args=[network.slug])
    assert "Bürgerverein Kalk" in page(client.get(url))  # members offered as attendees
    response = client.post(url, form_data(attendees=[present.pk]))
    meeting = Meeting.objects.get(network=network)
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert timezone.localtime(meeting.start).strftime("%d.%m.%Y %H:%M") == "24.03.2025 18:00"
    assert list(meeting.attendees.all()) == [present]
    assert meeting.other_attendance == 3
    task = meeting.tasks.get()
    assert (task.title, task.responsible, task.due, task.status) == (
        "Flyer drucken",
        "Jugendzentrum",
        datetime.date(2025, 4, 15),
        TaskStatus.OPEN,
    )
    detail = page(client.get(meeting.get_absolute_url()))
    assert "Ferienprogramm" in detail and "Flyer drucken" in detail and "15.04.2025" in detail


def test_german_date_formats_are_understood(client, login):
    network = make_network()
    login("koordination-kalk")
    client.post(
        reverse("network:meeting_add", args=[network.slug]),
        form_data(start="24.03.2025 18:00", end="", **{"tasks-0-due": "15.04.2025"}),
    )
    meeting = Meeting.objects.get(network=network)
    assert meeting.end is None
    assert meeting.tasks.get().due == datetime.date(2025, 4, 15)


def test_an_end_before_the_start_is_a_form_error(client, login):
    network = make_network()
    login("koordination-kalk")
    response = client.post(
        reverse("network:meeting_add", args=[network.slug]), form_data(end="2025-03-24T17:00")
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assert "field-invalid" in page(response)
    assert "form-errors" in page(response)


@pytest.mark.parametrize("due", ["morgen", "31.02.2025", "2025-13-01"])
def test_a_due_date_in_a_bad_format_is_a_form_error(client, login, due):
    network = make_network()
    login("koordination-kalk")
    response = client.post(
        reverse("network:meeting_add", args=[network.slug]), form_data(**{"tasks-0-due": due})
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assert "field-invalid" in page(response)


@pytest.mark.parametrize("start", ["", "gestern", "2025-02-30T10:00"])
def test_a_missing_or_bad_start_is_a_form_error(client, login, start):
    network = make_network()
    login("koordination-kalk")
    response = client.post(
        reverse("network:meeting_add", args=[network.slug]), form_data(start=start)
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_a_half_filled_task_row_is_a_form_error(client, login):
    network = make_network()
    login("koordination-kalk")
    response = client.post(
        reverse("network:meeting_add", args=[network.slug]),
        form_data(**{"tasks-1-title": "Raum buchen"}),
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_attendees_must_be_members(client, login):
    stranger = make_actor("Fremder Verein")
    network = make_network()
    login("koordination-kalk")
    response = client.post(
        reverse("network:meeting_add", args=[network.slug]), form_data(attendees=[stranger.pk])
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("username", ["koordination-chorweiler", "traeger", "bewohnerin"])
def test_only_the_office_records_meetings(client, login, username):
    network = make_network()
    login(username)
    url = reverse("network:meeting_add", args=[network.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, form_data()).status_code == 403
    assert not Meeting.objects.exists()


# --- editing ------------------------------------------------------------------------------


def test_editing_changes_tasks_deletes_ticked_ones_and_adds_new_ones(client, login):
    network = make_network()
    meeting = make_meeting(network)
    keep = FollowUpTask.objects.create(meeting=meeting, title="Flyer", responsible="JZ")
    drop = FollowUpTask.objects.create(meeting=meeting, title="Alt", responsible="JZ")
    login("koordination-kalk")
    url = reverse("network:meeting_edit", args=[network.slug, meeting.pk])
    assert "Flyer" in page(client.get(url))
    data = form_data(
        **{
            "tasks-TOTAL_FORMS": "4",
            "tasks-INITIAL_FORMS": "2",
            "tasks-0-id": str(keep.pk),
            "tasks-0-title": "Flyer drucken",
            "tasks-0-responsible": "JZ",
            "tasks-0-due": "",
            "tasks-0-status": "in_progress",
            "tasks-1-id": str(drop.pk),
            "tasks-1-title": "Alt",
            "tasks-1-responsible": "JZ",
            "tasks-1-DELETE": "on",
            "tasks-2-title": "Raum buchen",
            "tasks-2-responsible": "Koordination",
            "tasks-2-status": "open",
            "tasks-3-status": "open",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    tasks = {t.title: t for t in meeting.tasks.all()}
    assert set(tasks) == {"Flyer drucken", "Raum buchen"}
    assert tasks["Flyer drucken"].pk == keep.pk
    assert tasks["Flyer drucken"].status == TaskStatus.IN_PROGRESS


def test_a_task_of_another_meeting_cannot_be_slipped_in(client, login):
    network = make_network()
    meeting = make_meeting(network)
    other = make_meeting(network, start=timezone.now())
    foreign = FollowUpTask.objects.create(meeting=other, title="Fremd", responsible="X")
    login("koordination-kalk")
    data = form_data(
        **{
            "tasks-TOTAL_FORMS": "1",
            "tasks-INITIAL_FORMS": "1",
            "tasks-0-id": str(foreign.pk),
            "tasks-0-title": "Gekapert",
        }
    )
    response = client.post(reverse("network:meeting_edit", args=[network.slug, meeting.pk]), data)
    assert response.status_code == 200
    foreign.refresh_from_db()
    assert foreign.title == "Fremd" and foreign.meeting == other


def test_attendees_the_editor_cannot_see_are_kept(client, login, personas):
    internal = make_actor("Interner Kreis Chorweiler", public=False, office_slug="kalk")
    network = make_network(members=[internal])
    meeting = make_meeting(network)
    meeting.attendees.add(internal)
    # A colleague's internal actor is visible; an actor of another office is not. Move the
    # actor to another office to make it invisible to the editor.
    Actor.objects.filter(pk=internal.pk).update(
        office=CoordinationOffice.objects.get(slug=CHORWEILER)
    )
    login("koordination-kalk")
    url = reverse("network:meeting_edit", args=[network.slug, meeting.pk])
    assert "Interner Kreis Chorweiler" not in page(client.get(url))
    response = client.post(
        url, form_data(**{"tasks-0-title": "", "tasks-0-responsible": "", "tasks-0-due": ""})
    )
    assert response.status_code == 302
    assert list(meeting.attendees.all()) == [internal]


def test_other_offices_cannot_edit(client, login):
    network = make_network()
    meeting = make_meeting(network)
    login("koordination-chorweiler")
    url = reverse("network:meeting_edit", args=[network.slug, meeting.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(place="Anderswo")).status_code == 403
    meeting.refresh_from_db()
    assert meeting.place == "Bürgerhaus Kalk"


# --- who sees a meeting -------------------------------------------------------------------


def test_the_public_reads_the_minutes_of_a_public_meeting(client):
    meeting = make_meeting(make_network())
    FollowUpTask.objects.create(meeting=meeting, title="Flyer drucken", responsible="JZ")
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    text = page(response)
    assert "Das Ferienprogramm wird geplant." in text
    assert "Ein gemeinsames Ferienprogramm." in text
    assert "Flyer drucken" in text
    assert reverse("network:meeting_edit", args=["ak-jugend-kalk", meeting.pk]) not in text
    assert 'name="status"' not in text  # no status form for the public
    check_page(response)


@pytest.mark.parametrize(
    ("username", "status"),
    [
        (None, 404),
        ("bewohnerin", 404),
        ("ratsmitglied", 404),
        ("koordination-chorweiler", 404),
        ("koordination-kalk", 200),
        ("koordination-kalk-2", 200),
        ("traeger", 200),
        ("geschaeftsstelle", 200),
    ],
)
def test_a_non_public_meeting_is_seen_by_its_office_provider_and_programme_office(
    client, login, username, status
):
    network = make_network()
    meeting = make_meeting(network, public=False, minutes="Vertraulich besprochen")
    if username:
        login(username)
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == status
    assert ("Vertraulich besprochen" in page(response)) is (status == 200)
    listed = page(client.get(network.get_absolute_url()))
    assert (meeting.get_absolute_url() in listed) is (status == 200)


def test_a_public_meeting_of_a_non_public_network_is_not_public(client):
    meeting = make_meeting(make_network(public=False), public=True)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_a_meeting_is_found_only_under_its_own_network(client):
    meeting = make_meeting(make_network())
    Network.objects.create(
        name="Anderes Netz",
        slug="anderes-netz",
        kind=NetworkKind.WORKING_GROUP,
        social_space=SocialSpace.objects.get(slug="kalk"),
        office=CoordinationOffice.objects.get(slug="kalk"),
    )
    url = reverse("network:meeting", args=["anderes-netz", meeting.pk])
    assert client.get(url).status_code == 404


def test_attendance_lists_only_actors_the_viewer_may_see(client, login):
    public = make_actor("Bürgerverein Kalk")
    internal = make_actor("Interner Kreis", public=False)
    network = make_network(members=[public, internal])
    meeting = make_meeting(network)
    meeting.attendees.add(public, internal)
    text = page(client.get(meeting.get_absolute_url()))
    assert "Bürgerverein Kalk" in text and "Interner Kreis" not in text
    login("koordination-kalk")
    assert "Interner Kreis" in page(client.get(meeting.get_absolute_url()))


def test_the_meeting_page_needs_the_same_number_of_queries_for_more_attendees(client, login):
    login("koordination-kalk")
    network = make_network()
    meeting = make_meeting(network)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(meeting.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(6):
        actor = make_actor(f"Verein {i}", public=i % 2 == 0)
        NetworkMembership.objects.create(network=network, actor=actor)
        meeting.attendees.add(actor)
        FollowUpTask.objects.create(meeting=meeting, title=f"Aufgabe {i}", responsible="X")
    assert count() == few


def test_meeting_forms_keep_to_the_content_security_policy(client, login):
    network = make_network()
    meeting = make_meeting(network)
    FollowUpTask.objects.create(meeting=meeting, title="Flyer", responsible="JZ")
    login("koordination-kalk")
    check_page(client.get(reverse("network:meeting_add", args=[network.slug])))
    check_page(client.get(reverse("network:meeting_edit", args=[network.slug, meeting.pk])))
    check_page(client.get(meeting.get_absolute_url()))


# --- task status --------------------------------------------------------------------------


def test_the_office_changes_a_tasks_status(client, login):
    meeting = make_meeting(make_network())
    task = FollowUpTask.objects.create(meeting=meeting, title="Flyer", responsible="JZ")
    login("koordination-kalk-2")
    response = client.post(reverse("network:task_status", args=[task.pk]), {"status": "done"})
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url() + "#tasks"
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


@pytest.mark.parametrize(
    ("username", "status"),
    [("koordination-chorweiler", 403), ("traeger", 403), ("bewohnerin", 403)],
)
def test_others_cannot_change_a_tasks_status(client, login, username, status):
    meeting = make_meeting(make_network())
    task = FollowUpTask.objects.create(meeting=meeting, title="Flyer", responsible="JZ")
    login(username)
    url = reverse("network:task_status", args=[task.pk])
    assert client.post(url, {"status": "done"}).status_code == status
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_a_task_of_a_hidden_meeting_is_not_found_for_outsiders(client, login):
    meeting = make_meeting(make_network(), public=False)
    task = FollowUpTask.objects.create(meeting=meeting, title="Flyer", responsible="JZ")
    login("koordination-chorweiler")
    url = reverse("network:task_status", args=[task.pk])
    assert client.post(url, {"status": "done"}).status_code == 404


def test_the_public_is_asked_to_log_in_and_get_is_refused(client):
    meeting = make_meeting(make_network())
    task = FollowUpTask.objects.create(meeting=meeting, title="Flyer", responsible="JZ")
    url = reverse("network:task_status", args=[task.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"status": "done"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_an_unknown_status_gets_a_message(client, login):
    meeting = make_meeting(make_network())
    task = FollowUpTask.objects.create(meeting=meeting, title="Flyer", responsible="JZ")
    login("koordination-kalk")
    response = client.post(
        reverse("network:task_status", args=[task.pk]), {"status": "vergessen"}, follow=True
    )
    assert response.status_code == 200
    assert "message-error" in page(response)
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_absurd_addresses_are_not_found(client, login):
    network = make_network()
    login("koordination-kalk")
    huge = 10**20
    assert client.get(f"/netzwerke/{network.slug}/sitzungen/{huge}/").status_code == 404
    assert (
        client.get(f"/netzwerke/{network.slug}/sitzungen/{huge}/protokoll.pdf").status_code == 404
    )
    assert client.post(f"/aufgaben/{huge}/status/", {"status": "done"}).status_code == 404
