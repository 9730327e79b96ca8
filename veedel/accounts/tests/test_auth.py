"""Logging in and out through the real forms (with CSRF checks on), password reset by e-mail,
and who may open the administration."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from veedel.accounts.demo import DEMO_PASSWORD
from veedel.accounts.models import Role, User
from veedel.programme.models import CoordinationOffice

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
DASHBOARD = reverse("accounts:dashboard")
ADMIN = reverse("admin:index")
ADMIN_LOGIN = reverse("admin:login")


@pytest.fixture
def browser():
    """A client that checks CSRF tokens as the real site does."""
    return Client(enforce_csrf_checks=True)


def csrf_token(response):
    assert response.status_code == 200
    match = re.search(
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
        response.content.decode(),
    )
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def log_in(browser, username, password, **extra):
    token = csrf_token(browser.get(LOGIN))
    return browser.post(
        LOGIN,
        {"username": username, "password": password, "csrfmiddlewaretoken": token, **extra},
    )


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def test_login_with_the_demo_password(browser, personas):
    response = log_in(browser, "koordination-kalk", DEMO_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert logged_in_user_id(browser) == str(personas["koordination-kalk"].pk)
    page = browser.get(DASHBOARD)
    assert page.status_code == 200
    assert "Sozialraumkoordination Kalk" in page.content.decode()


def test_login_without_the_csrf_token_is_refused(browser):
    browser.get(LOGIN)
    response = browser.post(LOGIN, {"username": "koordination-kalk", "password": DEMO_PASSWORD})
    assert response.status_code == 403
    assert logged_in_user_id(browser) is None


def test_login_with_a_wrong_password_stays_on_the_form_with_an_error(browser):
    response = log_in(browser, "koordination-kalk", "falsch")
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r'<div class="form-errors" role="alert">\s*<p>[^<]+</p>', body)
    assert 'name="username"' in body and 'value="koordination-kalk"' in body
    assert logged_in_user_id(browser) is None
    assert browser.get(DASHBOARD).status_code == 302


def test_login_follows_a_local_next_but_not_a_foreign_one(browser):
    home = reverse("areas:social_space", args=["kalk"])
    response = log_in(browser, "bewohnerin", DEMO_PASSWORD, next=home)
    assert response["Location"] == home

    other = Client(enforce_csrf_checks=True)
    response = log_in(other, "bewohnerin", DEMO_PASSWORD, next="https://evil.example.org/")
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD


def test_a_logged_in_user_opening_the_login_goes_to_the_dashboard(client, login):
    login("bewohnerin")
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD


def test_logout_by_post(browser):
    log_in(browser, "bewohnerin", DEMO_PASSWORD)
    token = csrf_token(browser.get(DASHBOARD))  # the logout form in the header
    response = browser.post(LOGOUT, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:home")
    assert logged_in_user_id(browser) is None
    assert browser.get(DASHBOARD).status_code == 302


def test_logout_by_get_is_not_allowed(client, login):
    login("bewohnerin")
    response = client.get(LOGOUT)
    assert response.status_code == 405
    assert logged_in_user_id(client) is not None


def test_password_reset_by_email(browser, personas):
    user = personas["bewohnerin"]
    token = csrf_token(browser.get(reverse("accounts:password_reset")))
    response = browser.post(
        reverse("accounts:password_reset"),
        {"email": user.email, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "\n" not in message.subject
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1
    path = re.sub(r"^https?://[^/]+", "", links[0])
    assert path.startswith("/konto/passwort/neu/")

    # The link leads (via a redirect that hides the token) to the form for a new password.
    form = browser.get(path, follow=True)
    assert form.status_code == 200
    set_password_url = form.redirect_chain[-1][0]
    assert 'name="new_password1"' in form.content.decode()
    new_password = "Rheinufer-Severin-2024"
    response = browser.post(
        set_password_url,
        {
            "new_password1": new_password,
            "new_password2": new_password,
            "csrfmiddlewaretoken": csrf_token(form),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")

    # The link works only once.
    assert 'name="new_password1"' not in browser.get(path, follow=True).content.decode()

    # The new password logs in; the old one no longer does.
    fresh = Client(enforce_csrf_checks=True)
    assert log_in(fresh, "bewohnerin", DEMO_PASSWORD).status_code == 200
    response = log_in(fresh, "bewohnerin", new_password)
    assert response.status_code == 302
    assert logged_in_user_id(fresh) == str(user.pk)


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(browser):
    token = csrf_token(browser.get(reverse("accounts:password_reset")))
    response = browser.post(
        reverse("accounts:password_reset"),
        {"email": "niemand@example.org", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_a_wrong_reset_link_is_refused(client):
    response = client.get(
        reverse("accounts:password_reset_confirm", args=["MQ", "abc-def"]), follow=True
    )
    assert response.status_code == 200
    assert 'name="new_password1"' not in response.content.decode()


# --- administration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "username",
    [
        "bewohnerin",
        "koordination-kalk",
        "traeger",
        "ratsmitglied",
    ],
)
def test_only_programme_office_and_admin_open_the_administration(client, login, username):
    login(username)
    for url in (ADMIN, reverse("admin:areas_socialspace_changelist")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(ADMIN_LOGIN + "?next="), url


def test_anonymous_is_sent_to_the_admin_login(client):
    assert ADMIN == "/admin/"
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"] == f"{ADMIN_LOGIN}?next={ADMIN}"


def test_a_coordinator_cannot_log_in_to_the_administration(browser):
    token = csrf_token(browser.get(ADMIN_LOGIN))
    response = browser.post(
        ADMIN_LOGIN,
        {
            "username": "koordination-kalk",
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": token,
            "next": ADMIN,
        },
    )
    assert response.status_code == 200  # the form again, with an error
    assert browser.get(ADMIN).status_code == 302


@pytest.mark.parametrize("username", ["geschaeftsstelle", "admin"])
def test_programme_office_and_admin_open_the_administration(client, login, username):
    login(username)
    index = client.get(ADMIN)
    assert index.status_code == 200
    body = index.content.decode()
    assert reverse("admin:areas_socialspace_changelist") in body
    assert reverse("admin:programme_coordinationoffice_changelist") in body

    changelist = client.get(reverse("admin:areas_socialspace_changelist"))
    assert changelist.status_code == 200
    assert "Humboldt/Gremberg" in changelist.content.decode()

    kalk = CoordinationOffice.objects.get(slug="kalk")
    detail = client.get(reverse("admin:programme_coordinationoffice_change", args=[kalk.pk]))
    assert detail.status_code == 200
    assert "Sozialraumkoordination Kalk" in detail.content.decode()


def test_only_the_admin_manages_users(client, login, personas):
    users = reverse("admin:accounts_user_changelist")
    resident = reverse("admin:accounts_user_change", args=[personas["bewohnerin"].pk])
    coordinator = reverse("admin:accounts_user_change", args=[personas["koordination-kalk"].pk])

    # The programme office looks up coordinators (to bind them to offices), read-only.
    login("geschaeftsstelle")
    listing = client.get(users).content.decode()
    assert "koordination-kalk" in listing
    assert "bewohnerin" not in listing and "ratsmitglied" not in listing
    assert client.get(resident).status_code == 302  # not in its queryset: back to the list
    page = client.get(coordinator).content.decode()
    assert 'name="_save"' not in page  # no save button: view only
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403
    assert client.post(coordinator, {"username": "neu", "role": "admin"}).status_code == 403

    login("admin")
    response = client.get(users)
    assert response.status_code == 200
    assert "koordination-kalk" in response.content.decode()
    assert "bewohnerin" in response.content.decode()


def test_programme_office_can_pick_a_coordinator_for_an_office(client, login):
    login("geschaeftsstelle")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Muster",
            "app_label": "programme",
            "model_name": "officestaff",
            "field_name": "user",
        },
    )
    assert response.status_code == 200
    assert "Kim Muster" in response.content.decode()
    # Only coordinators can be bound: a resident is not offered.
    residents = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Beispiel",
            "app_label": "programme",
            "model_name": "officestaff",
            "field_name": "user",
        },
    )
    assert "Rike Beispiel" not in residents.content.decode()


def test_admin_can_pick_a_coordinator_for_an_office(client, login):
    login("admin")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Muster",
            "app_label": "programme",
            "model_name": "officestaff",
            "field_name": "user",
        },
    )
    assert response.status_code == 200
    assert "Kim Muster" in response.content.decode()


def test_the_first_superuser_keeps_the_admin_after_saving_their_own_account(client):
    root = User.objects.create_superuser("root", "root@example.org", "x-long-password-1")
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[root.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "username": "root",
            "first_name": "Erste",
            "last_name": "Verwaltung",
            "email": "root@example.org",
            "role": root.role,
            "provider": "",
            "is_active": "on",
            "office_memberships-TOTAL_FORMS": "0",
            "office_memberships-INITIAL_FORMS": "0",
            "office_memberships-MIN_NUM_FORMS": "0",
            "office_memberships-MAX_NUM_FORMS": "1000",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    root.refresh_from_db()
    assert root.first_name == "Erste"
    assert client.get(ADMIN).status_code == 200


def test_the_admin_can_give_a_user_a_role_in_the_admin(client, login):
    login("admin")
    user = User.objects.get(username="bewohnerin")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    response = client.post(
        url,
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "role": Role.PROGRAMME_OFFICE,
            "provider": "",
            "is_active": "on",
            "office_memberships-TOTAL_FORMS": "0",
            "office_memberships-INITIAL_FORMS": "0",
            "office_memberships-MIN_NUM_FORMS": "0",
            "office_memberships-MAX_NUM_FORMS": "1000",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.role == Role.PROGRAMME_OFFICE
    assert user.is_staff and not user.is_superuser
