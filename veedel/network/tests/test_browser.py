"""The actor form's map in a real Chromium: names from the data are shown as text in the
tooltips, never read as HTML (pick_point.js).

Uses the browser fixtures of veedel/core/tests/browser.py."""

import re

import pytest
from django.urls import reverse

from veedel.areas.models import Quarter
from veedel.core.tests import browser as core
from veedel.network import services
from veedel.network.models import Actor, ActorKind
from veedel.programme.models import CoordinationOffice

pytestmark = pytest.mark.browser

expect = core.expect
MARKUP = "<b>x</b><svg onload=alert(1)>"
KALK = (50.9367, 7.0071)  # in quarter 802 Kalk


def log_in(page, site, username):
    core.goto(page, f"{site}{reverse('accounts:login')}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("veedel-demo")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/konto/"))


def test_markup_in_names_shows_literally_on_the_actor_forms_map(page, site):
    Quarter.objects.filter(number="802").update(name=MARKUP)
    actor = Actor.objects.create(
        name=MARKUP,
        kind=ActorKind.CLUB,
        office=CoordinationOffice.objects.get(slug="kalk"),
        latitude=KALK[0],
        longitude=KALK[1],
    )
    services.actor_locate(actor=actor)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    log_in(page, site, "koordination-kalk")
    core.goto(page, f"{site}{reverse('network:actor_edit', args=[actor.pk])}")
    expect(page.locator("#id_name")).to_have_value(MARKUP)
    the_map = page.locator("[data-pick-point]")
    expect(the_map).to_be_visible()
    # The outlines are drawn and the map is centred on the actor's point in Kalk.
    expect(the_map.locator("path.leaflet-interactive").first).to_be_attached()
    expect(the_map.locator(".leaflet-marker-icon")).to_have_count(1)
    core.map_settled(page)

    the_map.scroll_into_view_if_needed()
    core.map_settled(page)
    box = the_map.bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.move(box["x"] + box["width"] / 2 - 40, box["y"] + box["height"] / 2 + 10, steps=5)
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_have_count(1)
    expect(tooltip).to_have_text(MARKUP)
    assert tooltip.locator("b, svg").count() == 0
    assert page.locator("main svg[onload], .leaflet-container b").count() == 0
    assert dialogs == []
    core.assert_no_problems(page)
