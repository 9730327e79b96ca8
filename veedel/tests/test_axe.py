"""Accessibility: axe-core finds no violation of WCAG 2.1 A/AA on any public page (in German).

axe-core comes from npm (package.json, pinned in package-lock.json); `sh scripts/test` installs
it with `npm ci`. Without it this test fails: it does not skip. The pages are every public GET
row of docs/roles.md that answers with HTML (veedel/tests/page_walk.py), with the demo loaded,
on a wide screen; the home page and the directory also on a phone with the menu open.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from veedel.core.tests import browser as core
from veedel.tests import page_walk

pytestmark = pytest.mark.browser

AXE = Path(settings.PACKAGE_DIR).parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    nodes: v.nodes.length,
  }));
}
"""


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(
            f"{AXE} is missing: run `npm ci` in the repository root (scripts/test does), "
            "which installs the axe-core version pinned in package-lock.json."
        )
    return AXE.read_text(encoding="utf-8")


def violations(page, axe_source, label):
    page.evaluate(axe_source)
    found = page.evaluate(RUN_AXE, TAGS)
    return [
        f"{label}: {v['id']} ({v['impact']}, {v['nodes']}×: {v['help']}) "
        f"at {', '.join(v['targets'])}"
        for v in found
    ]


def test_axe_finds_no_violation_on_any_public_page_in_german(browser, site, axe_source):
    page_walk.demo_load()
    context, page = core._page_open(browser, viewport={"width": 1280, "height": 900})
    problems, walked = [], 0
    try:
        for label in page_walk.html_pages(page, site, "anonymous"):
            walked += 1
            assert page.locator("html").get_attribute("lang") == "de", label
            problems += violations(page, axe_source, label)
    finally:
        context.close()
    assert walked >= 30, f"only {walked} public pages walked"

    context, page = core._page_open(browser, viewport={"width": 360, "height": 740})
    try:
        for name in ("programme:home", "offers:directory"):
            core.goto(page, f"{site}{reverse(name)}")
            page.locator(".site-menu > summary").click()
            problems += violations(page, axe_source, f"{reverse(name)} on a phone, menu open")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def test_axe_is_loaded_and_reports_a_violation(browser, site, axe_source):
    """The check itself works: a field without a label is reported."""
    context, page = core._page_open(browser, viewport={"width": 1280, "height": 900})
    try:
        core.goto(page, f"{site}/")
        page.evaluate(
            "() => document.querySelector('main').append(document.createElement('input'))"
        )
        found = violations(page, axe_source, "home with an unlabelled field")
        assert any(": label (" in line for line in found), found
    finally:
        context.close()
