"""Browser fixtures and helpers for the tests in real Chromium (a pytest plugin, loaded by
the root conftest.py, so that every test module shares one browser).

End-to-end checks in a real Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Run only these: ``pytest -m browser``; leave them out: ``pytest -m "not browser"``.
Set ``VEEDEL_SCREENSHOTS=1`` to save screenshots to /tmp (veedel-home.png, veedel-space.png,
veedel-home-phone.png).

The ``site`` fixture (the live server's address) is in the root conftest.py, which also puts
the base data back after every transactional test. This module knows no app.
"""

import os

# Playwright's sync API runs an asyncio loop in this thread; Django would otherwise refuse
# database access from the test code ("SynchronousOnlyOperation").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import re
from pathlib import Path

import playwright.sync_api as playwright_sync  # noqa: E402
import pytest

expect = playwright_sync.expect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)
SCREENSHOTS = bool(os.environ.get("VEEDEL_SCREENSHOTS"))

# Reported as a console error, so it is caught like one. Injected through the DevTools protocol,
# which the page's content security policy does not apply to.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `sh scripts/test` installs it (Debian's chromium), "
            'or leave the browser tests out with -m "not browser".'
        )
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def tile_origin() -> str:
    """The origin of the map background of the settings (basemap.de by default), or ""."""
    from urllib.parse import urlsplit

    from django.conf import settings

    if not settings.MAP_TILE_URL:
        return ""
    parts = urlsplit(settings.MAP_TILE_URL)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def _page_open(browser, **context_options):
    context = browser.new_context(locale="de-DE", **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.problems = []
    # Tests never reach the internet: every request to the tile server is refused (and
    # counted), so the maps must orient with our own context layer alone.
    page.blocked_tiles = []
    origin = tile_origin()
    if origin:
        pattern = re.compile("^" + re.escape(origin).replace(r"\*", "[^/]*") + "/")

        def refuse(route):
            page.blocked_tiles.append(route.request.url)
            route.abort("blockedbyclient")

        context.route(pattern, refuse)

    def on_console(message):
        where = message.location.get("url", "")
        if origin and where.startswith(origin.split("*")[0]):
            return  # the refused tiles ("Failed to load resource")
        if message.type == "error":
            page.problems.append(f"console error on {page.url}: {message.text} ({where})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"uncaught on {page.url}: {error}"))
    return context, page


@pytest.fixture
def page(browser, site):
    context, page = _page_open(browser, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, site):
    context, page = _page_open(
        browser,
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    yield page
    context.close()


def assert_no_problems(page):
    """No console error, uncaught exception or CSP violation on the pages seen so far."""
    problems, page.problems[:] = list(page.problems), []
    assert problems == []


def goto(page, url):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    return response


def map_settled(page):
    """Wait for Leaflet's zoom animation: map.js sets map-ready right after starting fitBounds."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_function("() => !document.querySelector('.leaflet-map-pane.leaflet-zoom-anim')")


def screenshot(page, name):
    if SCREENSHOTS:
        map_settled(page)
        page.screenshot(path=f"/tmp/{name}.png", full_page=True, scale="css")


def expect_map_drawn(page, features, within: str = ""):
    """The map drew ``features`` GeoJSON features (map.js sets data-features and map-ready);
    ``within`` names the part of a page with several maps."""
    the_map = page.locator(f"{within} .map[data-geojson-url]".strip())
    expect(the_map).to_have_class(re.compile(r"\bmap-ready\b"))
    expect(the_map).to_have_attribute("data-features", str(features))
    expect(the_map.locator("path.leaflet-interactive")).to_have_count(features)


def page_widths(page):
    return page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
