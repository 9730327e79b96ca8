"""Security properties of the pages and the settings.

Every page is served with a content security policy that allows no inline script, and the
HTML keeps to it: no inline <script>, no on…= handlers, no style attributes. Every form that
posts carries a CSRF token. Production settings make cookies HTTPS-only and switch on HSTS;
DEBUG is off unless asked for; the error pages never show a traceback.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from veedel.core import views as core_views
from veedel.core.tests.pages import audit, check_page

pytestmark = pytest.mark.django_db

REPO = Path(settings.PACKAGE_DIR).parent

PUBLIC_URLS = [
    reverse("programme:home"),
    reverse("programme:home") + "?jahr=2012",
    reverse("programme:home") + "?jahr=abc",
    reverse("areas:social_space", args=["kalk"]),
    reverse("areas:social_space", args=["blumenberg-chorweiler-seeberg-nord"]),
    reverse("areas:social_space", args=["humboldt-gremberg-kalk-2006"]),
    reverse("areas:district", args=["8"]),
    reverse("areas:quarter", args=["603"]),
    reverse("programme:office", args=["kalk"]),
    reverse("accounts:login"),
    reverse("accounts:password_reset"),
    reverse("accounts:password_reset_done"),
    reverse("accounts:password_reset_complete"),
    reverse("accounts:password_reset_confirm", args=["MQ", "set-password"]),
    "/gibt-es-nicht/",
    reverse("areas:social_space", args=["gibt-es-nicht"]),
    reverse("offers:directory"),
    reverse("offers:directory") + "?q=Sprachkurs&kostenlos=1&alter=-3&tag=XX",
    reverse("offers:events"),
    reverse("network:actors"),
    reverse("network:actors") + "?art=unbekannt",
    reverse("network:networks"),
    reverse("network:graph", args=["kalk"]),
]
# Pages behind a login, checked the same way.
PRIVATE_PAGES = [
    ("koordination-kalk", reverse("accounts:dashboard")),
    ("koordination-kalk", reverse("network:actor_add")),
    ("koordination-kalk", reverse("network:network_add")),
    ("koordination-kalk", reverse("offers:stale_offers")),
    ("koordination-kalk", reverse("programme:office", args=["kalk"])),
    ("koordination-kalk", reverse("accounts:password_change")),
    ("traeger", reverse("accounts:dashboard")),
    ("geschaeftsstelle", reverse("accounts:dashboard")),
    ("ratsmitglied", reverse("accounts:dashboard")),
    ("admin", reverse("accounts:dashboard")),
    ("bewohnerin", reverse("accounts:dashboard")),
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_keep_to_the_content_security_policy(client, url):
    page = check_page(client.get(url))
    # The header's language switch posts, with a token, on every page.
    assert any(method == "post" for method, _, _ in page.forms)


@pytest.mark.parametrize(("username", "url"), PRIVATE_PAGES)
def test_pages_behind_the_login_keep_to_the_content_security_policy(client, login, username, url):
    login(username)
    check_page(client.get(url))


@pytest.mark.parametrize(
    "url",
    [
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
    ],
)
def test_forms_carry_a_csrf_token(client, url):
    page = audit(client.get(url).content.decode())
    switch = reverse("set_language")
    posting = [has_token for method, has_token, action in page.forms if method == "post"]
    others = [t for method, t, action in page.forms if method == "post" and action != switch]
    assert posting and others and all(others)


def test_the_language_switch_needs_no_token_and_only_sets_the_language():
    """It carries no CSRF token (so that kept pages serve every visitor): a forged post can
    only change the language, and never sends the visitor to another site."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("set_language"), {"language": "en", "next": "https://elsewhere.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert strict.post(reverse("accounts:logout")).status_code == 403


def test_json_endpoints_also_send_the_policy_and_nosniff(client):
    response = client.get(reverse("areas:districts_geojson"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_session_cookie_is_http_only(client, personas):
    from veedel.accounts.demo import DEMO_PASSWORD

    response = client.post(
        reverse("accounts:login"), {"username": "bewohnerin", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"].lower() == "lax"


# --- settings -----------------------------------------------------------------------------

PROBE = (
    "import django, json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'veedel.settings'; "
    "django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k, None) for k in ("
    "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
    "'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER', 'LANGUAGE_COOKIE_SECURE', "
    "'SESSION_COOKIE_HTTPONLY')}))"
)


def settings_with(tmp_path, **env):
    """The settings as a fresh process sees them with the given environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VEEDEL_", "DJANGO_")) and k != "DATABASE_URL"
    }
    clean.update(
        {
            "VEEDEL_DATA_DIR": str(tmp_path),
            "VEEDEL_SECRET_KEY": "test-only-secret-key-" + "x" * 40,
            "PYTHONPATH": os.pathsep.join([str(REPO), clean.get("PYTHONPATH", "")]).rstrip(
                os.pathsep
            ),
        }
    )
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_are_secure(tmp_path):
    s = settings_with(tmp_path, VEEDEL_PRODUCTION="1")
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["CSRF_COOKIE_SECURE"] is True
    assert s["LANGUAGE_COOKIE_SECURE"] is True
    assert s["SECURE_HSTS_SECONDS"] >= 31536000
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["SESSION_COOKIE_HTTPONLY"] is True
    assert s["DEBUG"] is False


def test_debug_is_off_by_default(tmp_path):
    s = settings_with(tmp_path)
    assert s["DEBUG"] is False
    assert s["SESSION_COOKIE_SECURE"] is False  # development over plain HTTP still works
    assert not s["SECURE_HSTS_SECONDS"]


def test_debug_only_when_asked_for(tmp_path):
    assert settings_with(tmp_path, VEEDEL_DEBUG="1")["DEBUG"] is True
    assert settings_with(tmp_path, VEEDEL_DEBUG="0")["DEBUG"] is False


def test_the_tests_run_without_debug():
    assert settings.DEBUG is False


# --- error pages --------------------------------------------------------------------------


def _translated(msgid, language):
    with translation.override(language):
        return translation.gettext(msgid)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        (core_views.server_error, 500, "Server error"),
        (core_views.page_not_found, 404, "Page not found"),
        (core_views.permission_denied, 403, "Access denied"),
        (core_views.bad_request, 400, "Bad request"),
    ],
)
def test_error_pages_are_our_own_without_a_traceback(language, handler, status, heading):
    request = RequestFactory().get("/irgendwo/")
    if handler is not core_views.server_error:
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    with translation.override(language):
        response = (
            handler(request) if handler is core_views.server_error else handler(request, None)
        )
    assert response.status_code == status
    body = response.content.decode()
    assert f"<h1>{_translated(heading, language)}</h1>" in body
    assert f'<html lang="{language}" dir="ltr">' in body
    assert "Traceback" not in body


def test_the_500_page_renders_even_when_the_database_is_unusable(monkeypatch):
    """The 500 page must not depend on the database or the session, which may be what broke."""
    from django.db import connection

    def refuse(*args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = core_views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Traceback" not in response.content
    assert b"<h1>" in response.content


def test_the_500_page_language_follows_the_active_language():
    request = RequestFactory().get("/")
    with translation.override("de"):
        de = core_views.server_error(request).content.decode()
    with translation.override("en"):
        en = core_views.server_error(request).content.decode()
    assert "Something went wrong on our side" in en
    expected_de = _translated(
        "Something went wrong on our side. The error has been recorded. Please try again later.",
        "de",
    )
    assert expected_de.split(".")[0] in de


def test_a_static_url_in_the_500_page_does_not_leak_debug_information():
    body = core_views.server_error(RequestFactory().get("/")).content.decode()
    assert re.search(r'<link rel="stylesheet" href="/static/[^"]+\.css">', body)
    assert "settings" not in body.lower()
