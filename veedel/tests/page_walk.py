"""Walking Veedel's pages in a real Chromium, as the demo personas see them.

The pages are the GET rows of the table "Every address × role" in docs/roles.md (read by the
permission guard) that answer with an HTML page: so a new address is walked as soon as it has
its row there. Used by the browser tests of the layout on phones and of accessibility
(test_phone_layout.py, test_axe.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.core.management import call_command
from django.urls import reverse

from veedel.core.tests import browser as core
from veedel.tests import guard_samples
from veedel.tests.test_permission_guard import PERSONAS, ROWS

PASSWORD = "veedel-demo"


def demo_load() -> None:
    """Every app's examples, as ``veedel demo`` loads them (committed: the live server's
    thread sees them; the root conftest.py puts the base data back after the test)."""
    from veedel.core.contributions import demo_loaders

    for loader in demo_loaders():
        call_command(loader.command, stdout=io.StringIO())


def addresses(persona: str, *, staff_only: bool = False) -> list[tuple[str, str]]:
    """(url name, address) of every GET row that ``persona`` gets with 200; with
    ``staff_only`` only those the public does not get (the pages of the persona's work)."""
    column = PERSONAS.index(persona)
    found = []
    for row in ROWS:
        if row.method != "GET" or row.answers[column] != "200":
            continue
        if staff_only and row.answers[0] == "200":
            continue
        found.append((row.name, guard_samples.SAMPLES[row.sample](row.name)))
    return found


def log_in(page, site: str, username: str) -> None:
    core.goto(page, f"{site}{reverse('accounts:login')}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{site}{reverse('accounts:dashboard')}")


def html_pages(page, site: str, persona: str, *, staff_only: bool = False) -> Iterator[str]:
    """Open each HTML page of ``persona`` in ``page`` (already logged in as that persona) and
    yield its label; files, feeds and APIs (anything not text/html) are left out."""
    for name, url in addresses(persona, staff_only=staff_only):
        response = page.request.get(f"{site}{url}", max_redirects=0)
        assert response.status == 200, f"{persona}: {url} ({name}) answered {response.status}"
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        core.goto(page, f"{site}{url}")
        yield f"{url} ({name}, as {persona})"
