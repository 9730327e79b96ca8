"""Every page on a phone, in a real Chromium at 360 px width (issue 10, "Every page on a phone").

- No page scrolls sideways: every public page, and the pages of each demo persona's work
  (dashboards, agreements, initiatives, the office page, the council paper forms …), all taken
  from the table "Every address × role" in docs/roles.md (veedel/tests/page_walk.py).
- The header is one row, with a menu that opens without JavaScript (details/summary).
- Touch targets in the header and the directory's filters are at least 44 px high, and the
  filter bar's button is not oversized.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from veedel.core.tests import browser as core
from veedel.tests import page_walk
from veedel.tests.test_permission_guard import PERSONAS

pytestmark = pytest.mark.browser
expect = core.expect

PHONE = {"width": 360, "height": 740}
WIDE = {"width": 1280, "height": 900}
HEADER_MAX_PX = 64
TARGET_MIN_PX = 44
# The page functions, one per file (given to page.evaluate).
JS = Path(__file__).parent / "js"

OVERFLOW_JS = (JS / "page_overflow.js").read_text(encoding="utf-8")

SMALL_TARGETS_JS = (JS / "small_targets.js").read_text(encoding="utf-8")


def overflows(page, label, limit=PHONE["width"]):
    found = page.evaluate(OVERFLOW_JS, limit)
    if found["scroll"] <= limit and found["inner"] <= limit:
        return []
    return [
        f"{label}: {found['scroll']} px wide (window {found['inner']} px) on a {limit} px "
        f"screen; widest: {found['widest']}"
    ]


def _walk(browser, site, persona, *, staff_only):
    context, page = core._page_open(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    problems, walked = [], 0
    try:
        if persona != "anonymous":
            page_walk.log_in(page, site, persona)
        for label in page_walk.html_pages(page, site, persona, staff_only=staff_only):
            walked += 1
            problems += overflows(page, label)
    finally:
        context.close()
    return walked, problems


def test_no_public_page_scrolls_sideways_on_a_phone(browser, site):
    page_walk.demo_load()
    walked, problems = _walk(browser, site, "anonymous", staff_only=False)
    assert walked >= 30, f"only {walked} public pages walked"
    assert problems == [], "\n".join(problems)


def test_no_page_of_a_personas_work_scrolls_sideways_on_a_phone(browser, site):
    page_walk.demo_load()
    problems, walked = [], {}
    for persona in PERSONAS[1:]:
        walked[persona], found = _walk(browser, site, persona, staff_only=True)
        problems += found
    # Each persona has at least its dashboard; those who work have their work pages.
    assert all(walked.values()), walked
    assert walked["koordination-kalk"] >= 15 and walked["geschaeftsstelle"] >= 15, walked
    assert problems == [], "\n".join(problems)


def test_the_header_is_one_row_with_a_menu_that_opens_without_javascript(browser, site):
    context, page = core._page_open(browser, viewport=PHONE, java_script_enabled=False)
    try:
        core.goto(page, f"{site}{reverse('offers:directory')}")
        header = page.locator(".site-header")
        height = header.bounding_box()["height"]
        assert height <= HEADER_MAX_PX, f"the header is {height} px high at 360 px"
        menu = header.locator("details.site-menu")
        expect(menu).to_have_count(1)
        residents = menu.locator(".nav-residents a")
        expect(residents.first).to_be_hidden()
        expect(menu.locator(".nav-account a").first).to_be_hidden()
        assert overflows(page, "directory, menu closed") == []

        menu.locator("summary").click()  # no JavaScript: the browser's own details element
        expect(menu).to_have_attribute("open", "")
        hrefs = [
            reverse(name)
            for name in (
                "programme:home",
                "offers:directory",
                "offers:events",
                "network:networks",
                "guide:current",
            )
        ]
        expect(residents).to_have_count(len(hrefs))
        assert [residents.nth(i).get_attribute("href") for i in range(len(hrefs))] == hrefs
        for i in range(len(hrefs)):
            expect(residents.nth(i)).to_be_visible()
        professionals = menu.locator(".nav-professionals a")
        expect(professionals).to_have_count(6)
        expect(professionals.last).to_be_visible()
        expect(menu.locator(f".nav-account a[href='{reverse('accounts:login')}']")).to_be_visible()
        # The directory is a resident page: all four languages, each named in itself.
        switch = menu.locator(".language-switch button")
        expect(switch).to_have_count(4)
        names = [("de", "Deutsch"), ("en", "English"), ("tr", "Türkçe"), ("ar", "العربيّة")]
        for code, name in names:
            expect(menu.locator(f".language-switch button[lang='{code}']")).to_have_text(name)
        # The open menu lies over the page; it does not widen it.
        assert overflows(page, "directory, menu open") == []
    finally:
        context.close()

    # On a wide screen the same navigation shows as rows, with no menu to open.
    context, page = core._page_open(browser, viewport=WIDE)
    try:
        core.goto(page, f"{site}/")
        expect(page.locator(".site-menu > summary")).to_be_hidden()
        expect(page.locator(".nav-residents a").first).to_be_visible()
        expect(page.locator(".nav-professionals a").last).to_be_visible()
        expect(page.locator(".language-switch button").first).to_be_visible()
        core.assert_no_problems(page)
    finally:
        context.close()


def test_touch_targets_in_the_header_and_the_directory_filters_are_44_px_high(browser, site):
    context, page = core._page_open(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        core.goto(page, f"{site}{reverse('offers:directory')}")
        for fold in page.locator(".directory-form details:not([open]) > summary").all():
            fold.click()
        page.locator(".site-menu > summary").click()  # last: the open menu lies over the page
        checkboxes = page.locator(".directory-form input[type=checkbox]")
        assert checkboxes.count() >= 2, "the directory's filters have no checkboxes"
        small = page.evaluate(SMALL_TARGETS_JS, [".site-header, .directory-form", TARGET_MIN_PX])
        assert small == [], "\n".join(small)
        core.assert_no_problems(page)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "wide"])
def test_the_filter_buttons_are_not_oversized(browser, site, viewport):
    """The session calendar's "Anzeigen" and the other filter bars' buttons: tall enough to
    tap, no taller than a line of text needs, and never stretched across the form."""
    context, page = core._page_open(browser, viewport=viewport)
    try:
        for name in ("council:meetings", "council:papers", "offers:events"):
            core.goto(page, f"{site}{reverse(name)}")
            form = page.locator("main form.filter-form").first.bounding_box()
            button = page.locator("main form.filter-form .actions button[type=submit]")
            box = button.bounding_box()
            assert TARGET_MIN_PX - 0.5 <= box["height"] <= 60, f"{name}: {box}"
            assert box["width"] <= min(20 * 16, form["width"] * 0.6), f"{name}: {box} in {form}"
    finally:
        context.close()
