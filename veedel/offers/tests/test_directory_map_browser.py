"""The directory's map in a real Chromium with the tile server blocked: the context layer of
our own data is drawn under the offers, the offers' markers lie above everything in their own
pane, and the legend under the map explains them."""

import re

import pytest
from django.urls import reverse

from veedel.areas.tests.test_map_browser import english_left, expect_context_drawn
from veedel.core.tests.browser import assert_no_problems, expect, goto, map_settled
from veedel.offers.tests.factories import POINTS, make_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_directory_markers_lie_on_top_and_the_legend_explains_them(page, site):
    make_offer(name="Sprachcafé Kalk", topics=["bildung"], point=POINTS["kalk"])
    make_offer(name="Mietberatung", topics=["wohnen"], point=POINTS["ehrenfeld"])
    goto(page, site + reverse("offers:directory"))
    the_map = expect_context_drawn(page)
    expect(the_map).to_have_class(re.compile(r"\bmap-ready\b"))
    expect(the_map).to_have_attribute("data-features", "2")
    map_settled(page)
    assert page.blocked_tiles
    markers = the_map.locator(".leaflet-veedel-markers-pane path.leaflet-interactive")
    expect(markers).to_have_count(2)
    # The marker is what a pointer hits at its centre, not the context or the labels.
    the_map.scroll_into_view_if_needed()
    expect(markers.first).to_be_visible()
    # Box and hit test in one step in the page: Leaflet may redraw its paths after the scroll,
    # and a box read in between is None (that failed twice under load). Only "not drawn yet"
    # (null) is waited out; a hit on any other pane answers at once and fails below.
    hit = page.wait_for_function(
        """() => {
            const marker = document.querySelector(
                '.leaflet-veedel-markers-pane path.leaflet-interactive');
            const box = marker && marker.getBoundingClientRect();
            if (!box || !box.width) return null;
            const found = document.elementFromPoint(
                box.x + box.width / 2, box.y + box.height / 2);
            const pane = found && found.closest('.leaflet-pane');
            return pane ? pane.className : null;
        }"""
    ).json_value()
    assert "leaflet-veedel-markers-pane" in hit
    # Nothing of the offers is drawn outside the marker pane.
    assert the_map.locator(".leaflet-overlay-pane path.leaflet-interactive").count() == 0
    legend = page.locator(".map-figure .map-legend")
    expect(legend.locator('[data-legend="offer"]')).to_be_visible()
    expect(legend.locator('[data-legend="space"]')).to_be_hidden()
    expect(legend.locator('[data-legend="district"]')).to_be_visible()
    assert english_left(page) == []
    assert_no_problems(page)
