"""The network module in the admin: the programme office lists, searches, adds and changes
actors, contacts, networks and meetings; actors are located; erased contacts leave no log."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veedel.areas.models import SocialSpace
from veedel.network import services
from veedel.network.models import (
    Actor,
    ActorKind,
    Contact,
    FollowUpTask,
    LegalBasis,
    Meeting,
    Network,
    NetworkKind,
    NetworkMembership,
)
from veedel.programme.models import CoordinationOffice

pytestmark = pytest.mark.django_db

MODELS = ["actor", "contact", "network", "meeting"]


@pytest.fixture
def records(db):
    kalk = CoordinationOffice.objects.get(slug="kalk")
    actor = Actor.objects.create(
        name="Bürgerhaus Kalk", kind=ActorKind.CLUB, office=kalk, latitude=50.9367, longitude=7.0071
    )
    services.actor_locate(actor=actor)
    contact = Contact.objects.create(
        actor=actor,
        office=kalk,
        name="Erika Beispielfrau",
        purpose="Einladungen",
        legal_basis=LegalBasis.CONSENT,
    )
    network = Network.objects.create(
        name="Stadtteilkonferenz Kalk",
        slug="stadtteilkonferenz-kalk",
        kind=NetworkKind.DISTRICT_CONFERENCE,
        social_space=SocialSpace.objects.get(slug="kalk"),
        office=kalk,
    )
    NetworkMembership.objects.create(network=network, actor=actor)
    meeting = Meeting.objects.create(
        network=network,
        start=timezone.make_aware(datetime.datetime(2025, 3, 4, 18)),
        place="Bürgerhaus Kalk",
        minutes="Langes Protokoll",
    )
    FollowUpTask.objects.create(meeting=meeting, title="Einladung verschicken", responsible="SRK")
    return {"actor": actor, "contact": contact, "network": network, "meeting": meeting}


def test_the_network_models_are_in_the_admin():
    registered = {
        model._meta.model_name
        for model in admin.site._registry
        if model._meta.app_label == "network"
    }
    assert registered == set(MODELS)


@pytest.mark.parametrize("username", ["geschaeftsstelle", "admin"])
@pytest.mark.parametrize("model_name", MODELS)
def test_the_programme_office_lists_searches_adds_and_changes(
    client, login, records, username, model_name
):
    login(username)
    changelist = reverse(f"admin:network_{model_name}_changelist")
    response = client.get(changelist)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1
    searched = client.get(changelist, {"q": "Kalk"})
    assert searched.status_code == 200
    assert searched.context["cl"].result_count >= 1
    assert client.get(reverse(f"admin:network_{model_name}_add")).status_code == 200
    record = records[model_name]
    page = client.get(reverse(f"admin:network_{model_name}_change", args=[record.pk]))
    assert page.status_code == 200
    assert 'name="_save"' in page.content.decode()


def test_the_inlines_show_members_and_follow_up_tasks(client, login, records):
    login("geschaeftsstelle")
    network_page = client.get(
        reverse("admin:network_network_change", args=[records["network"].pk])
    ).content.decode()
    assert "memberships-TOTAL_FORMS" in network_page
    meeting_page = client.get(
        reverse("admin:network_meeting_change", args=[records["meeting"].pk])
    ).content.decode()
    assert "Einladung verschicken" in meeting_page


@pytest.mark.parametrize(
    "username",
    ["bewohnerin", "koordination-kalk", "koordination-chorweiler", "traeger", "ratsmitglied"],
)
def test_other_roles_do_not_reach_the_network_admin(client, login, records, username):
    login(username)
    response = client.get(reverse("admin:network_contact_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def _actor_post(**values):
    data = {
        "name": "Kita Regenbogen",
        "kind": ActorKind.KITA,
        "description": "",
        "office": CoordinationOffice.objects.get(slug="kalk").pk,
        "is_public": "on",
        "street": "",
        "postal_code": "",
        "city": "",
        "latitude": "50.9367",
        "longitude": "7.0071",
        "website": "",
        "email": "",
        "phone": "",
        "source": "",
        "external_id": "",
    }
    data.update(values)
    return data


def test_an_actor_saved_in_the_admin_is_located(client, login):
    login("geschaeftsstelle")
    response = client.post(reverse("admin:network_actor_add"), _actor_post())
    assert response.status_code == 302
    actor = Actor.objects.get(name="Kita Regenbogen")
    assert actor.quarter.number == "802"
    assert actor.neighbourhood.number == "80201"
    assert {s.slug for s in actor.social_spaces.all()} == {"kalk", "humboldt-gremberg-kalk-2006"}
    change = reverse("admin:network_actor_change", args=[actor.pk])
    client.post(change, _actor_post(latitude="", longitude=""))
    actor.refresh_from_db()
    assert actor.quarter is None and not actor.social_spaces.exists()


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [("50.73", "7.10", "lies outside Köln"), ("50.9", "", "or neither")],
)
def test_the_admin_refuses_bad_points(client, login, latitude, longitude, message):
    login("geschaeftsstelle")
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("admin:network_actor_add"), _actor_post(latitude=latitude, longitude=longitude)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Actor.objects.filter(name="Kita Regenbogen").exists()


def test_deleting_a_contact_in_the_admin_erases_it_without_a_trace(client, login, records):
    contact = records["contact"]
    login("geschaeftsstelle")
    url = reverse("admin:network_contact_delete", args=[contact.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert not LogEntry.objects.filter(object_repr__contains="Beispielfrau").exists()
    assert "Beispielfrau" not in client.get(reverse("admin:index")).content.decode()


def test_bulk_deleting_contacts_erases_them_without_a_trace(client, login, records):
    contact = records["contact"]
    login("geschaeftsstelle")
    response = client.post(
        reverse("admin:network_contact_changelist"),
        {"action": "delete_selected", "_selected_action": [contact.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert not LogEntry.objects.filter(object_repr__contains="Beispielfrau").exists()


def test_the_actor_list_in_the_admin_does_not_grow_in_queries(client, login, records):
    login("geschaeftsstelle")
    url = reverse("admin:network_actor_changelist")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    kalk = CoordinationOffice.objects.get(slug="kalk")
    for i in range(20):
        actor = Actor.objects.create(
            name=f"Verein {i}", kind=ActorKind.CLUB, office=kalk, latitude=50.9367, longitude=7.0
        )
        services.actor_locate(actor=actor)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["cl"].result_count == 21
    assert len(many) == len(few)
    assert not any("geometry" in q["sql"] for q in many.captured_queries), "outlines deferred"
    in_kalk = client.get(url, {"district": "8"})  # Stadtbezirk Kalk
    assert in_kalk.context["cl"].result_count == 21
    assert client.get(url, {"district": "6"}).context["cl"].result_count == 0
