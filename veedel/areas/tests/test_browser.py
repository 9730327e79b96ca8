"""The area maps in a real Chromium: names are shown as text, never run as markup."""

import pytest
from django.urls import reverse

from veedel.areas.models import Quarter, SocialSpace
from veedel.core.tests.browser import (
    assert_no_problems,
    expect,
    expect_map_drawn,
    goto,
    map_settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKUP = "<b>x</b><svg onload=alert(1)>"
# Elements the name would make if it were read as HTML (Leaflet itself draws in an <svg>,
# but never one with an onload attribute, and no <b>).
INJECTED = "() => document.querySelectorAll('.map b, .map svg[onload], svg[onload]').length"


def test_names_in_the_map_tooltip_and_popup_are_text(page, site):
    """A quarter and a social space named with markup show the markup literally."""
    Quarter.objects.filter(number="802").update(name=MARKUP)
    SocialSpace.objects.filter(slug="kalk").update(name=f"{MARKUP} Kalk")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    goto(page, site + reverse("areas:social_space", args=["kalk"]))
    expect_map_drawn(page, 2, "#area")  # the social space and its one quarter
    map_settled(page)

    # The quarter is drawn last, on top of the social space with the same outline.
    quarter = page.locator("#area .map path.leaflet-interactive").nth(1)
    quarter.hover()
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_have_text(MARKUP)
    assert page.evaluate(INJECTED) == 0

    quarter.click()
    link = page.locator(".leaflet-popup-content a")
    expect(link).to_have_text(MARKUP)
    assert link.get_attribute("href") == reverse("areas:quarter", args=["802"])
    assert page.evaluate(INJECTED) == 0

    # The page around the map escapes the names too, and nothing ran.
    expect(page.locator("h1")).to_contain_text(f"{MARKUP} Kalk")
    assert dialogs == []
    assert_no_problems(page)


def test_the_map_starts_at_the_city_of_the_settings(page, site):
    """Before the outlines arrive, the map is set to the manifest's view (data-centre)."""
    goto(page, site + reverse("areas:district", args=["8"]))
    the_map = page.locator(".map[data-geojson-url]")
    expect(the_map).to_have_attribute("data-centre", "50.94,6.96")
    expect(the_map).to_have_attribute("data-zoom", "10")
    expect_map_drawn(page, 9)
    assert_no_problems(page)
