"""One journey in a real Chromium: the programme office copies the current edition into a
draft, edits a step, publishes the draft; a resident then reads the new key process page."""

import re

import pytest

from veedel.core.tests.browser import assert_no_problems, expect, goto
from veedel.guide.tests.factories import edition_make, german

pytestmark = pytest.mark.browser


def log_in(page, site, username):
    goto(page, f"{site}/konto/anmelden/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("veedel-demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/konto/$"))


def log_out(page):
    page.locator(".main-nav form button[type=submit]").click()
    page.wait_for_load_state()


def test_office_copies_edits_and_publishes_then_a_resident_reads_it(page, site):
    edition_make(title="Leitfaden 2020", slug="leitfaden-2020", year=2020)

    log_in(page, site, "geschaeftsstelle")
    goto(page, f"{site}/leitfaden/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Leitfaden 2020")
    page.get_by_role("link", name=german("Copy into a new draft")).click()
    page.locator("#id_title").fill("Leitfaden 2026")
    page.locator("#id_year").fill("2026")
    page.get_by_role("button", name=german("Copy into a new draft")).click()
    page.wait_for_url(re.compile(r"/leitfaden/leitfaden-2026/bearbeiten/$"))
    assert_no_problems(page)

    # Open the key process and edit its second step.
    page.locator("main table").get_by_role("link", name="Schlüsselprozess 1", exact=True).click()
    page.wait_for_url(re.compile(r"/leitfaden/leitfaden-2026/prozesse/schluesselprozess-1/$"))
    page.get_by_role("link", name=german("Edit step %(number)s", number=2)).click()
    page.locator("#id_title").fill("Ideen im Veedel sammeln")
    page.locator("#id_duration").fill("4 Wochen")
    page.get_by_role("button", name=german("Save")).click()
    page.wait_for_url(re.compile(r"/prozesse/schluesselprozess-1/#schritt-2$"))
    expect(page.locator("#schritt-2 h3")).to_contain_text("Ideen im Veedel sammeln")
    # Move it to the top without JavaScript forms of any kind.
    page.get_by_role("button", name=german("Move step %(number)s up", number=2)).click()
    expect(page.locator("#schritt-1 h3")).to_contain_text("Ideen im Veedel sammeln")
    assert_no_problems(page)

    # Publish the draft.
    goto(page, f"{site}/leitfaden/leitfaden-2026/bearbeiten/")
    page.get_by_role("link", name=german("Publish this edition")).click()
    page.get_by_role("button", name=german("Publish"), exact=True).click()
    page.wait_for_url(re.compile(r"/leitfaden/leitfaden-2026/$"))
    expect(page.locator(".message-success")).to_be_visible()
    assert_no_problems(page)
    log_out(page)

    # A resident finds the new edition as the current one and reads the changed process.
    log_in(page, site, "bewohnerin")
    goto(page, f"{site}/leitfaden/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Leitfaden 2026")
    page.locator("#schluesselprozesse").locator("..").get_by_role(
        "link", name="Schlüsselprozess 1", exact=True
    ).click()
    expect(page.locator("#schritt-1 h3")).to_contain_text("Ideen im Veedel sammeln")
    expect(page.locator("#schritt-1")).to_contain_text("4 Wochen")
    expect(page.locator(".guide-step-tools")).to_have_count(0)
    # The earlier edition says that it is no longer the current one.
    goto(page, f"{site}/leitfaden/leitfaden-2020/prozesse/schluesselprozess-1/")
    expect(page.locator(".guide-not-current a")).to_have_attribute(
        "href", "/leitfaden/leitfaden-2026/"
    )
    expect(page.locator("#schritt-2 h3")).to_contain_text("Schritt 2 von Schlüsselprozess 1")
    assert_no_problems(page)
