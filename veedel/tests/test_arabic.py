"""The resident pages in Arabic, right to left, in a real Chromium (issue 10, "four languages").

A resident who chose Arabic gets each resident page laid out right to left: the brand on the
right, the menu button on the left, text starting on the right; nothing scrolls sideways on a
phone; the header's screenshot shows the brand on the right (and on the left in German); the
maps still draw; and axe-core finds no WCAG 2.1 A/AA violation (a page in Arabic
must say so: ``lang="ar"``, and its UI texts are Arabic, not German).
"""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from veedel.core.tests import browser as core
from veedel.tests import page_walk
from veedel.tests.test_axe import axe_source, violations  # noqa: F401 (a fixture)
from veedel.tests.test_phone_layout import PHONE, WIDE, overflows

pytestmark = pytest.mark.browser
expect = core.expect

RESIDENT_PAGES = [
    ("programme:home", [], "عرض مناطق إحدى مراحل البرنامج"),
    ("areas:social_space", ["kalk"], "ماذا يجري"),
    ("offers:directory", [], "الخدمات في الحي"),
    ("offers:events", [], "المواعيد القادمة"),
    ("guide:current", [], "حسب الهدف"),
]


def _arabic(browser, site, viewport):
    context, page = core._page_open(browser, viewport=viewport)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": site}])
    return context, page


def white_share_by_half(png: bytes) -> tuple[float, float]:
    """The share of near-white pixels in the left and the right half of a screenshot."""
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    halves = []
    for box in ((0, 0, width // 2, height), (width // 2, 0, width, height)):
        pixels = list(image.crop(box).getdata())
        halves.append(sum(1 for p in pixels if p > 230) / len(pixels))
    return halves[0], halves[1]


def test_the_header_in_arabic_is_mirrored_on_the_screenshot(browser, site, tmp_path):
    """What a reader sees: on the header's screenshot the brand's white mark is on the right
    in Arabic and on the left in German."""
    shares = {}
    for language in ("ar", "de"):
        context, page = core._page_open(browser, viewport=PHONE)
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site}]
        )
        try:
            core.goto(page, f"{site}{reverse('offers:directory')}")
            png = page.locator(".site-header").screenshot()
            (tmp_path / f"header-{language}.png").write_bytes(png)
            page.screenshot(path=str(tmp_path / f"directory-{language}.png"), full_page=True)
            shares[language] = white_share_by_half(png)
        finally:
            context.close()
    left, right = shares["ar"]
    assert right > 2 * left, f"Arabic header: white left {left:.3f}, right {right:.3f}"
    left, right = shares["de"]
    assert left > 2 * right, f"German header: white left {left:.3f}, right {right:.3f}"


def test_resident_pages_in_arabic_run_right_to_left_on_a_phone(browser, site):
    page_walk.demo_load()
    context, page = _arabic(browser, site, PHONE)
    problems = []
    try:
        for name, args, text in RESIDENT_PAGES:
            url = reverse(name, args=args)
            core.goto(page, f"{site}{url}")
            html = page.locator("html")
            expect(html).to_have_attribute("lang", "ar")
            expect(html).to_have_attribute("dir", "rtl")
            expect(page.locator("body")).to_contain_text(text)
            expect(page.get_by_text("Zum Inhalt springen")).to_have_count(0)
            # Mirrored: the brand on the right, the menu button on the left.
            brand = page.locator(".site-header .brand").bounding_box()
            menu = page.locator(".site-menu > summary").bounding_box()
            assert menu["x"] + menu["width"] <= brand["x"], f"{url}: menu not left of the brand"
            assert page.locator("main h1").evaluate("h => getComputedStyle(h).direction") == "rtl"
            problems += overflows(page, f"{url} in Arabic")
        core.goto(page, f"{site}{reverse('areas:social_space', args=['kalk'])}")
        core.expect_map_drawn(page, 2, within="#area")  # the social space and its quarter
        core.assert_no_problems(page)
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def test_axe_finds_no_violation_on_the_resident_pages_in_arabic(browser, site, axe_source):  # noqa: F811
    page_walk.demo_load()
    found = []
    for viewport in (WIDE, PHONE):
        context, page = _arabic(browser, site, viewport)
        try:
            for name, args, _text in RESIDENT_PAGES:
                url = reverse(name, args=args)
                core.goto(page, f"{site}{url}")
                expect(page.locator("html")).to_have_attribute("lang", "ar")
                found += violations(page, axe_source, f"{url} in Arabic, {viewport['width']} px")
        finally:
            context.close()
    assert found == [], "\n".join(found)
