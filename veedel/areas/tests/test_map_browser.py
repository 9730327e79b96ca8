"""The maps orient a reader without any network: with the tile server blocked, the context
layer of our own data draws the city outline, the district borders with their names and, when
zoomed in, the quarter names; the legend under the map explains what is drawn; directory
markers lie above everything; no English text of the map library is left."""

import re

import pytest
from django.urls import reverse

from veedel.areas.models import District
from veedel.core.tests.browser import (
    assert_no_problems,
    expect,
    expect_map_drawn,
    goto,
    map_settled,
    tile_origin,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AREA_MAP = "#area"  # the social-space page also has its office's map
ENGLISH = ["Zoom in", "Zoom out", "Close popup", "A JavaScript library", "Marker"]


def expect_context_drawn(page, within: str = ""):
    the_map = page.locator(f"{within} .map[data-context-url]".strip()).first
    expect(the_map).to_have_attribute("data-context", "ready")
    expect(the_map.locator("path.context-city")).to_have_count(1)
    expect(the_map.locator("path.context-district")).to_have_count(District.objects.count())
    return the_map


def english_left(page):
    """English texts of Leaflet in titles, labels, alt texts or text of the map."""
    return page.evaluate(
        """(words) => {
          const found = [];
          document.querySelectorAll('.map, .map *').forEach((el) => {
            const texts = [el.getAttribute('title'), el.getAttribute('aria-label'),
                           el.getAttribute('alt'), el.children.length ? '' : el.textContent];
            texts.forEach((t) => words.forEach((w) => {
              if (t && t.includes(w)) { found.push(w + ' in ' + el.outerHTML.slice(0, 80)); }
            }));
          });
          return found;
        }""",
        ENGLISH,
    )


def test_the_home_map_orients_with_the_tile_server_blocked(page, site):
    assert tile_origin() == "https://sgx.geodatenzentrum.de"
    goto(page, site + reverse("programme:home"))
    the_map = expect_context_drawn(page)
    expect_map_drawn(page, 15)
    map_settled(page)
    # The background was asked for, and refused: the context layer is all there is.
    assert page.blocked_tiles
    assert all(url.startswith("https://sgx.geodatenzentrum.de/") for url in page.blocked_tiles)

    # The district names are visible labels on the map.
    label = the_map.locator(".context-district-label", has_text=re.compile(r"^Kalk$"))
    expect(label).to_be_visible()
    expect(the_map.locator(".context-district-label")).to_have_count(District.objects.count())
    # The context lies under the content, the names above its fill.
    z = page.evaluate(
        """() => Object.fromEntries(['veedel-context', 'overlay', 'veedel-context-labels',
             'veedel-markers'].map((n) => [n, Number(getComputedStyle(
             document.querySelector('.leaflet-' + n + '-pane')).zIndex)]))"""
    )
    assert z["veedel-context"] < z["overlay"] < z["veedel-context-labels"] < z["veedel-markers"]
    # Quarter names only from zoom 13 on.
    expect(the_map).to_have_attribute("data-quarter-names", "hidden")
    expect(the_map.locator(".context-quarter-label")).to_have_count(0)

    legend = page.locator(".map-figure .map-legend")
    expect(legend.locator('[data-legend="space"]')).to_be_visible()
    expect(legend.locator('[data-legend="district"]')).to_be_visible()
    expect(legend.locator('[data-legend="city"]')).to_contain_text("Köln")
    expect(legend.locator('[data-legend="quarter"]')).to_be_hidden()
    expect(legend.locator('[data-legend="offer"]')).to_be_hidden()

    # The attribution credits basemap.de and says nothing in English.
    attribution = the_map.locator(".leaflet-control-attribution")
    expect(attribution).to_contain_text("GeoBasis-DE / BKG")
    expect(attribution).to_contain_text("CC BY 4.0")
    prefix = attribution.locator('a[href="https://leafletjs.com"]')
    expect(prefix).to_have_attribute("title", the_map.get_attribute("data-library-title"))
    the_map.locator("path.leaflet-interactive").first.click()
    close = the_map.locator(".leaflet-popup-close-button")
    expect(close).to_have_attribute("aria-label", the_map.get_attribute("data-close-popup"))
    assert english_left(page) == []
    assert_no_problems(page)


def test_the_social_space_map_names_the_quarters_when_zoomed_in(page, site):
    goto(page, site + reverse("areas:social_space", args=["kalk"]))
    the_map = expect_context_drawn(page, AREA_MAP)
    expect_map_drawn(page, 2, AREA_MAP)
    map_settled(page)
    legend = page.locator(f"{AREA_MAP} .map-figure .map-legend")
    for key in ("space", "quarter", "district", "city", "quarter-name"):
        expect(legend.locator(f'[data-legend="{key}"]')).to_be_visible()
    expect(legend.locator('[data-legend="area"]')).to_be_hidden()

    # Kalk fits at zoom 13 or more: its quarter's name is shown; zoomed out, it goes.
    zoom_in = the_map.locator(".leaflet-control-zoom-in")
    zoom_out = the_map.locator(".leaflet-control-zoom-out")
    expect(zoom_in).to_have_attribute("title", the_map.get_attribute("data-zoom-in"))
    while the_map.get_attribute("data-quarter-names") != "shown":
        zoom_in.click()
        map_settled(page)
    expect(the_map.locator(".context-quarter-label", has_text="Kalk").first).to_be_visible()
    for _ in range(4):
        zoom_out.click()
        map_settled(page)
    expect(the_map).to_have_attribute("data-quarter-names", "hidden")
    expect(the_map.locator(".context-quarter-label")).to_have_count(0)
    # The district's name stays.
    expect(the_map.locator(".context-district-label", has_text="Kalk").first).to_be_visible()
    assert english_left(page) == []
    assert_no_problems(page)
