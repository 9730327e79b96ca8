"""The offers directory in a real Chromium: a phone without sideways scrolling, the map with its
points, and the search form working with JavaScript switched off.

Uses the browser fixtures of veedel/core/tests/browser.py (see there for why the area data
is reloaded around these transactional tests).
"""

import re

import pytest
from django.urls import reverse

from veedel.core.tests import browser as core
from veedel.offers.tests.factories import POINTS, make_offer

pytestmark = pytest.mark.browser

expect = core.expect


def _offers():
    make_offer(
        name="Hausaufgabenhilfe im Bürgerzentrum Kalk mit einem sehr langen Namen",
        description="Hilfe bei den Hausaufgaben für Kinder der Klassen 1 bis 6.",
        topics=["bildung"],
        target_groups=["kinder"],
        languages=["de", "tr", "ar"],
        point=POINTS["kalk"],
    )
    make_offer(name="Sprachcafé Mülheim", topics=["bildung"], point=POINTS["muelheim"])
    make_offer(name="Mietberatung", topics=["wohnen"], point=POINTS["ehrenfeld"])


def test_the_directory_on_a_phone_lists_and_maps_without_sideways_scrolling(phone_page, site):
    _offers()
    page = phone_page
    core.goto(page, f"{site}{reverse('offers:directory')}?thema=bildung&alter=-3")
    expect(page.locator(".offer-item")).to_have_count(2)
    expect(page.get_by_role("alert")).to_contain_text("-3")
    the_map = page.locator(".offers-map .map")
    expect(the_map).to_have_class(re.compile(r"\bmap-ready\b"))
    expect(the_map).to_have_attribute("data-features", "2")
    expect(the_map.locator("path.leaflet-interactive")).to_have_count(2)
    core.map_settled(page)
    widths = core.page_widths(page)
    assert widths["inner"] == 390
    assert widths["scroll"] <= widths["inner"], widths
    core.assert_no_problems(page)


def test_search_and_filters_work_without_javascript(browser, site):
    _offers()
    context, page = core._page_open(
        browser, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    try:
        core.goto(page, f"{site}{reverse('offers:directory')}")
        expect(page.locator(".offer-item")).to_have_count(3)
        page.get_by_label(re.compile("Suchbegriffe|Search words")).fill("Muelheim")
        page.locator("summary").first.click()
        page.locator("#id_thema").select_option("bildung")
        page.locator(".directory-form button[type=submit]").click()
        page.wait_for_url(re.compile(r"q=Muelheim&thema=bildung"))
        expect(page.locator(".offer-item")).to_have_count(1)
        expect(page.locator(".offer-item h3")).to_have_text("Sprachcafé Mülheim")
        page.locator(".offer-item h3 a").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sprachcafé Mülheim")
    finally:
        context.close()
