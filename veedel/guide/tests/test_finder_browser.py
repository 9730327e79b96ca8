"""One journey in a real Chromium: describe a situation, read why a key process fits, open it.
Uses the browser fixtures of veedel/core/tests/browser.py; works with keyboard only."""

import pytest
from django.urls import reverse

from veedel.core.tests import browser as core
from veedel.guide.tests.finder_fixtures import finder_edition

pytestmark = pytest.mark.browser
expect = core.expect


def test_describe_a_situation_read_why_and_open_the_process(page, site):
    finder_edition()
    core.goto(page, f"{site}{reverse('guide:finder')}")
    field = page.locator("#id_q")
    field.focus()
    page.keyboard.type("Jugendliche treffen sich abends am Spielplatz, Anwohner beschweren sich")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the submit button follows the field
    first = page.locator(".finder-list").first.locator(".finder-match").first
    expect(first.get_by_role("heading", level=3)).to_have_text(
        "Konflikte im öffentlichen Raum moderieren"
    )
    why = first.locator(".finder-why")
    why.locator("summary").click()
    expect(why).to_contain_text("Spielplatz")
    expect(why).to_contain_text("Lärm und Streit am Spielplatz")  # the situation it came through
    expect(why).to_contain_text("Verstärkte Prävention")  # a goal
    core.screenshot(page, "veedel-guide-finder")
    first.get_by_role("link", name="Konflikte im öffentlichen Raum moderieren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Konflikte im öffentlichen Raum moderieren"
    )
    core.assert_no_problems(page)
