"""One journey in a real Chromium: the programme office drafts a Mitteilung for Kalk and sport,
proposes its Beratungsfolge, fixes it, and the public reads the paper and its sessions. Uses
the browser fixtures of veedel/core/tests/browser.py."""

import re

import pytest
from django.urls import reverse

from veedel.core.tests import browser as core

pytestmark = pytest.mark.browser
expect = core.expect


def test_office_drafts_proposes_and_fixes_a_mitteilung(browser, site, settings, tmp_path):
    from veedel.council.demo import demo_council_load

    settings.MEDIA_ROOT = tmp_path
    demo_council_load()
    context, page = core._page_open(browser, viewport={"width": 1280, "height": 900})
    try:
        core.goto(page, f"{site}{reverse('accounts:login')}")
        page.get_by_label("Benutzername").fill("geschaeftsstelle")
        page.get_by_label("Passwort").fill("veedel-demo")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{site}{reverse('accounts:dashboard')}")

        core.goto(page, f"{site}{reverse('council:paper_add')}")
        page.locator("main form button[type=submit]").click()
        expect(page.get_by_role("alert")).to_be_visible()
        page.get_by_label(re.compile(r"^(Titel|Title)")).fill("Sachbericht Kalk 2011")
        page.get_by_label(re.compile("Öffentlicher Text|Public text")).fill("Der Bericht.")
        page.get_by_label(re.compile("Federführend|Originating")).fill("Dezernat V")
        page.get_by_label("Humboldt-Gremberg/Kalk").check()
        page.get_by_label("Sport", exact=True).check()
        page.locator("main form button[type=submit]").click()

        expect(page.get_by_role("heading", level=1)).to_contain_text("Sachbericht Kalk 2011")
        page.get_by_label(re.compile("Sitzungen ab|Sessions from")).fill("2012-03-01")
        page.get_by_role("button", name=re.compile("vorschlagen|Propose")).click()
        rows = page.locator("main table tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(0)).to_contain_text("Sportausschuss")
        expect(rows.nth(1)).to_contain_text("Bezirksvertretung 8 (Kalk)")
        page.get_by_role(
            "button", name=re.compile("Bezirksvertretung 8 \\(Kalk\\).*(oben|up)")
        ).click()
        expect(rows.nth(0)).to_contain_text("Bezirksvertretung 8 (Kalk)")
        page.get_by_role(
            "button", name=re.compile("^(Beratungsfolge festlegen|Fix the sequence)")
        ).click()
        expect(page.get_by_role("button", name=re.compile("vorschlagen|Propose"))).to_have_count(0)

        page.get_by_role("link", name=re.compile("Zurück zur Vorlage|Back to the paper")).click()
        expect(page.locator("main table")).to_contain_text("08.03.2012")
        page.get_by_role("link", name="08.03.2012").click()
        expect(page.locator("main")).to_contain_text("Sachbericht Kalk 2011")
        core.assert_no_problems(page)
    finally:
        context.close()
