"""End-to-end checks in a real Chromium (Debian's /usr/bin/chromium, driven by Playwright).

The fixtures (browser, page, phone_page, site) are in veedel/core/tests/browser.py.
Run only these: ``pytest -m browser``; leave them out: ``pytest -m "not browser"``.
"""

import re

import pytest
from django.urls import reverse

from veedel.core.tests.browser import (
    assert_no_problems,
    expect,
    expect_map_drawn,
    goto,
    map_settled,
    page_widths,
    screenshot,
)

pytestmark = pytest.mark.browser


def test_home_shows_the_social_spaces_of_the_current_and_an_earlier_period(page, site):
    goto(page, f"{site}/")
    expect(page.locator("#social-spaces tbody tr")).to_have_count(15)
    expect_map_drawn(page, 15)
    current = page.locator(".period-switch a[aria-current]")
    expect(current).to_have_text(re.compile(r"^2020–"))
    screenshot(page, "veedel-home")
    assert_no_problems(page)

    page.get_by_role("link", name=re.compile(r"^2012–2013")).click()
    page.wait_for_url(re.compile(r"/\?jahr=2012$"))
    expect(page.locator("#social-spaces tbody tr")).to_have_count(11)
    expect_map_drawn(page, 11)
    expect(page.locator(".period-switch a[aria-current]")).to_have_text(re.compile(r"^2012–2013"))
    row_heads = page.locator("#social-spaces tbody th")
    expect(row_heads.filter(has_text="Humboldt-Gremberg/Kalk")).to_have_count(1)
    assert_no_problems(page)

    page.get_by_role("link", name=re.compile(r"^2006–2011")).click()
    page.wait_for_url(re.compile(r"/\?jahr=2006$"))
    expect(page.locator("#social-spaces tbody tr")).to_have_count(11)
    expect_map_drawn(page, 11)
    assert_no_problems(page)


def test_coordinator_logs_in_and_is_kept_out_of_the_admin(page, site):
    goto(page, f"{site}/")
    login_url = reverse("accounts:login")
    page.locator(f".main-nav a[href='{login_url}']").click()
    page.wait_for_url(f"{site}{login_url}")
    # German labels ("Benutzername:", "Passwort:") from Django's own catalogue.
    page.get_by_label("Benutzername").fill("koordination-kalk")
    page.get_by_label("Passwort").fill("veedel-demo")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(f"{site}{reverse('accounts:dashboard')}")
    expect(page.get_by_role("heading", name="Sozialraumkoordination Kalk")).to_be_visible()
    admin_index = reverse("admin:index")
    expect(page.locator(f"a[href='{admin_index}']")).to_have_count(0)  # not staff: no link
    assert_no_problems(page)

    page.goto(f"{site}{admin_index}")
    expect(page).to_have_url(re.compile(re.escape(f"{reverse('admin:login')}?next={admin_index}")))
    assert "/admin/login/" in page.url
    expect(page.locator("#login-form")).to_be_visible()
    # Not the admin index: no dashboard heading, no user tools; Django says who is logged in.
    admin_heading = page.get_by_role("heading", name=re.compile("Website-Verwaltung|Site admin"))
    expect(admin_heading).to_have_count(0)
    expect(page.locator("#user-tools")).to_have_count(0)
    expect(page.locator("#content")).to_contain_text("koordination-kalk")
    assert_no_problems(page)


def test_social_space_page_draws_its_outline_and_has_a_skip_link(page, site):
    goto(page, f"{site}/sozialraeume/kalk/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kalk")
    the_map = page.locator("#area .map[data-geojson-url]")
    expect(the_map).to_have_class(re.compile(r"\bmap-ready\b"))
    assert int(the_map.get_attribute("data-features")) >= 1
    assert the_map.locator("path.leaflet-interactive").count() >= 1
    figures = page.locator("table.figures")
    expect(figures).to_have_count(1)
    expect(figures.locator("tbody tr")).to_have_count(6)
    expect(figures.locator("thead th")).to_have_count(3)  # the figure, Kalk, the city
    screenshot(page, "veedel-space")

    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    assert_no_problems(page)


def test_language_switch_changes_the_page_language(page, site):
    goto(page, f"{site}/sozialraeume/kalk/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "de")

    page.locator(".language-switch").get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{site}/sozialraeume/kalk/")
    english = page.locator(".language-switch").get_by_role("button", name="English")
    expect(english).to_have_attribute("aria-pressed", "true")
    assert_no_problems(page)

    page.locator(".language-switch").get_by_role("button", name="Deutsch").click()
    expect(html).to_have_attribute("lang", "de")
    expect(page).to_have_url(f"{site}/sozialraeume/kalk/")
    assert_no_problems(page)


def test_home_on_a_phone_does_not_scroll_sideways(phone_page, site):
    page = phone_page
    goto(page, f"{site}/")
    expect_map_drawn(page, 15)
    map_settled(page)
    widths = page_widths(page)
    # On a mobile viewport Chromium widens the layout viewport to fit content that is too wide,
    # so innerWidth must still be the phone's width for the comparison to mean anything.
    assert widths["inner"] == 390
    assert widths["scroll"] <= widths["inner"], widths
    screenshot(page, "veedel-home-phone")
    assert_no_problems(page)


def test_social_space_page_on_a_phone_does_not_scroll_sideways(phone_page, site):
    page = phone_page
    goto(page, f"{site}/sozialraeume/kalk/")
    for the_map in page.locator(".map").all():  # the office's and the area's
        expect(the_map).to_have_class(re.compile(r"\bmap-ready\b"))
    map_settled(page)
    widths = page_widths(page)
    assert widths["inner"] == 390
    assert widths["scroll"] <= widths["inner"], widths
    assert_no_problems(page)
