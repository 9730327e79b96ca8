"""Contacts (personal data) on the actor pages: who may add, see, change, export and erase
them, and that an erased person leaves no trace."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from veedel.core.tests.pages import check_page
from veedel.network import services
from veedel.network.models import Actor, ActorKind, Contact, LegalBasis
from veedel.programme.models import CoordinationOffice

pytestmark = pytest.mark.django_db

NAME = "Erika Beispielfrau"
CHORWEILER_OFFICE = "blumenberg-chorweiler-seeberg-nord"
ROLES = [
    None,
    "bewohnerin",
    "koordination-kalk",
    "koordination-kalk-2",
    "koordination-chorweiler",
    "traeger",
    "geschaeftsstelle",
    "ratsmitglied",
    "admin",
]
# The contact below is kept by the office in Kalk.
MAY = {
    None: 302,  # to the log-in page
    "bewohnerin": 403,
    "koordination-kalk": 200,
    "koordination-kalk-2": 200,
    "koordination-chorweiler": 403,
    "traeger": 403,
    "geschaeftsstelle": 200,
    "ratsmitglied": 403,
    "admin": 200,
}


@pytest.fixture
def actor(db):
    actor = Actor.objects.create(
        name="Bürgerhaus Kalk",
        kind=ActorKind.CLUB,
        office=CoordinationOffice.objects.get(slug="kalk"),
        latitude=50.9367,
        longitude=7.0071,
    )
    services.actor_locate(actor=actor)
    return actor


@pytest.fixture
def contact(actor):
    return Contact.objects.create(
        actor=actor,
        office=CoordinationOffice.objects.get(slug="kalk"),
        name=NAME,
        function="Leitung",
        email="erika@example.org",
        phone="0221 000000",
        purpose="Einladungen zur Stadtteilkonferenz",
        legal_basis=LegalBasis.CONSENT,
    )


def as_user(client, login, username):
    if username:
        login(username)
    return client


def contact_data(**values):
    data = {
        "name": "Max Mustermann",
        "function": "Hausmeister",
        "email": "max@example.org",
        "phone": "",
        "purpose": "Absprachen zur Raumnutzung",
        "legal_basis": LegalBasis.LEGITIMATE_INTEREST,
    }
    data.update(values)
    return data


# --- add ----------------------------------------------------------------------------------

ADD = {**MAY, "koordination-chorweiler": 200}  # any office keeps its own contacts


@pytest.mark.parametrize("username", ROLES)
def test_who_may_add_a_contact(client, login, actor, username):
    as_user(client, login, username)
    url = reverse("network:contact_add", args=[actor.pk])
    response = client.get(url)
    assert response.status_code == ADD[username]
    if username is None:
        assert response["Location"].startswith(reverse("accounts:login"))
    client.post(url, contact_data(office=CoordinationOffice.objects.get(slug="kalk").pk))
    assert Contact.objects.filter(name="Max Mustermann").exists() == (ADD[username] == 200)


def test_the_contact_belongs_to_the_coordinators_office(client, login, actor):
    login("koordination-chorweiler")
    response = client.get(reverse("network:contact_add", args=[actor.pk]))
    check_page(response)
    assert 'name="office"' not in response.content.decode()
    response = client.post(reverse("network:contact_add", args=[actor.pk]), contact_data())
    assert response.status_code == 302
    assert response["Location"] == actor.get_absolute_url() + "#contacts"
    contact = Contact.objects.get(name="Max Mustermann")
    assert contact.office.slug == CHORWEILER_OFFICE
    assert contact.actor == actor


def test_the_contact_of_another_office_stays_hidden_from_the_actors_office(client, login, actor):
    login("koordination-chorweiler")
    client.post(reverse("network:contact_add", args=[actor.pk]), contact_data())
    login("koordination-kalk")
    html = client.get(actor.get_absolute_url()).content.decode()
    assert "Max Mustermann" not in html
    login("koordination-chorweiler")
    assert "Max Mustermann" in client.get(actor.get_absolute_url()).content.decode()


def test_the_programme_office_chooses_the_keeping_office(client, login, actor):
    login("geschaeftsstelle")
    response = client.get(reverse("network:contact_add", args=[actor.pk]))
    field = response.context["form"].fields["office"]
    assert field.initial == actor.office_id
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER_OFFICE)
    client.post(reverse("network:contact_add", args=[actor.pk]), contact_data(office=chorweiler.pk))
    assert Contact.objects.get(name="Max Mustermann").office == chorweiler


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"purpose": ""}, "purpose", "Say why the office keeps this person"),
        ({"legal_basis": ""}, "legal_basis", "Choose the legal basis"),
        ({"legal_basis": "weil-wir-es-koennen"}, "legal_basis", "not one of the available"),
        ({"name": ""}, "name", "required"),
        ({"email": "keine-adresse"}, "email", "valid email"),
        ({"email": "max@\u202eexample.org"}, "email", "reverses the direction of the text"),
    ],
)
def test_bad_contact_input_is_explained_at_the_field(client, login, actor, values, field, message):
    login("koordination-kalk")
    client.cookies["django_language"] = "en"
    response = client.post(reverse("network:contact_add", args=[actor.pk]), contact_data(**values))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Contact.objects.filter(name="Max Mustermann").exists()


def test_contacts_cannot_be_added_to_an_internal_actor_one_may_not_see(client, login, actor):
    actor.is_public = False
    actor.save()
    login("koordination-chorweiler")
    response = client.get(reverse("network:contact_add", args=[actor.pk]))
    assert response.status_code == 404


# --- edit, export, erase ------------------------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_who_may_edit_a_contact(client, login, contact, username):
    as_user(client, login, username)
    url = reverse("network:contact_edit", args=[contact.pk])
    response = client.get(url)
    assert response.status_code == MAY[username]
    if response.status_code == 200:
        check_page(response)
        assert NAME in response.content.decode()
        assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    else:
        assert NAME not in response.content.decode()
    client.post(url, contact_data(name="Geändert", office=contact.office_id))
    contact.refresh_from_db()
    assert (contact.name == "Geändert") == (MAY[username] == 200)


def test_editing_keeps_purpose_and_legal_basis_required(client, login, contact):
    login("koordination-kalk")
    response = client.post(
        reverse("network:contact_edit", args=[contact.pk]), contact_data(purpose="")
    )
    assert "purpose" in response.context["form"].errors
    contact.refresh_from_db()
    assert contact.purpose == "Einladungen zur Stadtteilkonferenz"


@pytest.mark.parametrize("username", ROLES)
def test_who_may_export_a_contact(client, login, contact, username):
    as_user(client, login, username)
    response = client.get(reverse("network:contact_export", args=[contact.pk]))
    assert response.status_code == MAY[username]
    if response.status_code != 200:
        assert NAME not in response.content.decode()


def test_the_export_is_a_json_download_with_everything_stored(client, login, contact):
    login("koordination-kalk")
    response = client.get(reverse("network:contact_export", args=[contact.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="kontakt-{contact.pk}.json"'
    data = json.loads(response.content)
    assert data["name"] == NAME
    assert data["function"] == "Leitung"
    assert data["email"] == "erika@example.org"
    assert data["phone"] == "0221 000000"
    assert data["actor"] == {"id": str(contact.actor.pk), "name": "Bürgerhaus Kalk"}
    assert data["kept_by_office"]["slug"] == "kalk"
    assert data["purpose"] == "Einladungen zur Stadtteilkonferenz"
    assert data["legal_basis"]["code"] == "consent"
    assert data["created"].startswith(str(contact.created.year))
    assert data["modified"]


@pytest.mark.parametrize("username", ROLES)
def test_who_may_erase_a_contact(client, login, contact, username):
    as_user(client, login, username)
    url = reverse("network:contact_erase", args=[contact.pk])
    response = client.get(url)
    assert response.status_code == MAY[username]
    if response.status_code == 200:
        check_page(response)
    client.post(url)
    assert Contact.objects.filter(pk=contact.pk).exists() == (MAY[username] != 200)


def test_erasing_needs_a_post_with_csrf_token(login, contact, personas):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas["koordination-kalk"])
    url = reverse("network:contact_erase", args=[contact.pk])
    page = strict.get(url)
    assert Contact.objects.filter(pk=contact.pk).exists(), "GET only asks"
    assert strict.post(url).status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = strict.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_after_erasure_the_name_appears_nowhere(client, login, contact, actor):
    # The programme office has worked on the contact in the admin: there is a log entry.
    login("geschaeftsstelle")
    admin_change = reverse("admin:network_contact_change", args=[contact.pk])
    form = client.get(admin_change).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(actor=str(actor.pk), office=contact.office_id, function="Vorsitz")
    assert client.post(admin_change, data, follow=True).redirect_chain  # shows its message
    assert LogEntry.objects.filter(object_repr=NAME).exists()

    login("koordination-kalk")
    export_url = reverse("network:contact_export", args=[contact.pk])
    assert client.get(export_url).status_code == 200
    response = client.post(reverse("network:contact_erase", args=[contact.pk]), follow=True)
    assert response.redirect_chain[-1][0] == actor.get_absolute_url() + "#contacts"
    html = response.content.decode()
    assert "erased" in html or "gelöscht" in html
    assert NAME not in html  # the actor page, message included

    assert client.get(export_url).status_code == 404
    assert NAME not in client.get(reverse("network:actors_geojson")).content.decode()
    assert NAME not in client.get(reverse("network:actors")).content.decode()
    assert not LogEntry.objects.filter(object_repr=NAME).exists()

    login("geschaeftsstelle")
    search = client.get(reverse("admin:network_contact_changelist"), {"q": "Beispielfrau"})
    assert search.context["cl"].result_count == 0
    assert NAME not in search.content.decode()
    assert NAME not in client.get(reverse("admin:index")).content.decode()  # recent actions
    assert NAME not in client.get(actor.get_absolute_url()).content.decode()


def test_the_confirm_page_offers_the_export_first(client, login, contact):
    login("koordination-kalk")
    html = client.get(reverse("network:contact_erase", args=[contact.pk])).content.decode()
    assert reverse("network:contact_export", args=[contact.pk]) in html
    assert 'method="post"' in html


def test_unknown_contacts_are_404(client, login):
    login("koordination-kalk")
    for name in ("contact_edit", "contact_export", "contact_erase"):
        assert client.get(reverse(f"network:{name}", args=[999999])).status_code == 404
