"""The offers directory in a real Chromium: a phone without sideways scrolling, the map with its
points, names shown as text (never as markup) in its tooltips and popups, and the search form
working with JavaScript switched off.

Uses the browser fixtures of veedel/core/tests/browser.py (see there for why the area data
is reloaded around these transactional tests).
"""

import re

import pytest
from django.urls import reverse

from veedel.core.tests import browser as core
from veedel.offers.tests.factories import POINTS, make_location, make_offer

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
    expect(page.locator(".messages")).to_contain_text("-3")
    expect(page.locator(".field-invalid")).to_contain_text("-3")
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
        page.locator(".directory-form summary").click()
        page.get_by_label(re.compile("Themenfeld|Topic field")).select_option("bildung")
        page.locator(".directory-form button[type=submit]").click()
        page.wait_for_url(re.compile(r"q=Muelheim&thema=bildung"))
        expect(page.locator(".offer-item")).to_have_count(1)
        expect(page.locator(".offer-item h3")).to_have_text("Sprachcafé Mülheim")
        page.locator(".offer-item h3 a").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sprachcafé Mülheim")
    finally:
        context.close()


MARKUP = "<b>x</b><svg onload=alert(1)>"


def test_names_with_markup_show_as_text_in_the_tooltip_and_the_popup(page, site):
    place = make_location(point=POINTS["kalk"], name=MARKUP)
    make_offer(name=MARKUP, organization_name=MARKUP, location=place)
    # The map draws the places, fits them into view and asks again for the visible box; only
    # then do the markers stay put under the mouse.
    with page.expect_response(lambda response: "bbox=" in response.url):
        core.goto(page, f"{site}{reverse('offers:directory')}")
    the_map = page.locator(".offers-map .map")
    expect(the_map).to_have_class(re.compile(r"\bmap-ready\b"))
    core.map_settled(page)
    page.wait_for_load_state("networkidle")
    point = the_map.locator("path.leaflet-interactive")
    expect(point).to_have_count(1)
    point.hover()
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_have_count(1)
    expect(tooltip).to_contain_text(MARKUP)  # the characters themselves, shown as text
    assert tooltip.locator("b, svg").count() == 0
    point.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(MARKUP)
    expect(popup.get_by_role("link", name=MARKUP)).to_have_count(1)
    assert popup.locator("b, svg").count() == 0
    assert page.locator(".offers-map b, .offers-map svg[onload]").count() == 0
    core.assert_no_problems(page)


def test_near_me_sorts_from_the_browsers_position_when_allowed(browser, site):
    make_offer(name="Mietberatung Ehrenfeld", point=POINTS["ehrenfeld"])
    make_offer(name="Sprachcafé Kalk", point=POINTS["kalk"])
    lat, lon = POINTS["ehrenfeld"]
    context, page = core._page_open(
        browser,
        viewport={"width": 390, "height": 844},
        geolocation={"latitude": lat, "longitude": lon},
        permissions=["geolocation"],
    )
    try:
        core.goto(page, f"{site}{reverse('offers:directory')}")
        button = page.get_by_role("button", name="In meiner Nähe")
        expect(button).to_be_visible()
        button.click()
        page.wait_for_url(re.compile(r"lat=50\.949"))
        expect(page.locator(".near-note")).to_contain_text("ab Ihrem Standort")
        expect(page.locator(".offer-item h3").first).to_have_text("Mietberatung Ehrenfeld")
        core.assert_no_problems(page)
    finally:
        context.close()


def test_near_me_refused_points_to_the_quarter_choice(browser, site):
    make_offer(name="Sprachcafé Kalk", point=POINTS["kalk"])
    context, page = core._page_open(browser, viewport={"width": 390, "height": 844})
    try:
        core.goto(page, f"{site}{reverse('offers:directory')}")
        page.get_by_role("button", name="In meiner Nähe").click()
        expect(page.locator("#near-me-status")).to_contain_text("Ihr Standort ist nicht verfügbar")
        origin = page.get_by_label("Nächste zuerst, ab")
        expect(origin).to_be_focused()
        origin.select_option(label="Kalk")
        page.locator(".directory-form button[type=submit]").click()
        expect(page.locator(".near-note")).to_contain_text("ab der Mitte von Kalk")
        expect(page.locator(".offer-item h3").first).to_have_text("Sprachcafé Kalk")
    finally:
        context.close()
