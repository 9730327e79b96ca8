"""The directory and the Veedel page work by keyboard alone: Tab reaches every control in a
sensible order with a visible focus, the filters open and send with the keyboard, and the
results and links open with Enter (a real Chromium, no mouse)."""

import re

import pytest
from django.urls import reverse

from veedel.core.tests.browser import assert_no_problems, expect, goto
from veedel.offers.tests.factories import POINTS, make_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 120

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    name: (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '')
      .trim().replace(/\\s+/g, ' ').slice(0, 60),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
  };
}"""


def tab_until(page, wanted, limit=MAX_TABS):
    """Press Tab until the focused element's name matches ``wanted``; return what was
    passed on the way (each with a visible focus)."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        passed.append(focused)
        assert focused["outline"] or focused["shadow"], (
            f"no visible focus on {focused} after {[p['name'] for p in passed]}"
        )
        if re.search(wanted, focused["name"]):
            return passed
    raise AssertionError(f"{wanted!r} not reached by Tab; passed {[p['name'] for p in passed]}")


def test_the_directory_by_keyboard_alone(page, site):
    make_offer(name="Deutschkurs für Erwachsene", topics=["bildung"], point=POINTS["kalk"])
    make_offer(name="Mietberatung", topics=["wohnen"], point=POINTS["ehrenfeld"])
    goto(page, f"{site}{reverse('offers:directory')}")
    tab_until(page, r"^Zum Inhalt springen")
    page.keyboard.press("Enter")
    passed = tab_until(page, r"^Filter")
    # "Near me", then the search box, then the folded filters.
    assert [p["tag"] for p in passed[-3:]] == ["button", "input", "summary"], passed
    page.keyboard.press("Enter")  # on the summary: opens the fold
    expect(page.locator(".directory-form details")).to_have_attribute("open", "")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("Deutschkurs")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=Deutschkurs"))
    expect(page.locator(".offer-item")).to_have_count(1)
    tab_until(page, r"^Deutschkurs für Erwachsene$")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deutschkurs für Erwachsene")
    assert_no_problems(page)


def test_the_veedel_page_by_keyboard_alone(page, site):
    make_offer(name="Sprachcafé", topics=["bildung"], point=POINTS["kalk"])
    goto(page, f"{site}{reverse('areas:social_space', args=['kalk'])}")
    tab_until(page, r"^Sozialraumkoordination Kalk$")
    tab_until(page, r"^Wo die Stelle ist$")  # the office's map is a focusable region
    tab_until(page, r"^Alle kommenden Termine$")
    tab_until(page, r"Angebote? im Gebiet$")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/angebote/\?sozialraum=kalk"))
    expect(page.locator(".offer-item h3")).to_have_text(["Sprachcafé"])
    assert_no_problems(page)
