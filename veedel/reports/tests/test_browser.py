"""One journey in a real Chromium: a coordinator generates the activity report and edits a
section, the provider lead approves it, the programme office publishes it, a resident reads it.
Selectors use addresses and field names, so the journey holds in German and English."""

import re

import pytest
from django.urls import reverse

from veedel.core.tests.browser import assert_no_problems, expect, goto, screenshot
from veedel.reports.tests.factories import YEAR, kalk_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = f"/berichte/{YEAR}/sachberichte/kalk/"


def log_in(page, site, username):
    page.context.clear_cookies()
    goto(page, f"{site}{reverse('accounts:login')}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("veedel-demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{site}{reverse('accounts:dashboard')}")


def test_an_activity_report_from_draft_to_published(page, site):
    kalk_year()

    log_in(page, site, "koordination-kalk")
    goto(page, f"{site}/berichte/erstellen/")
    page.locator("select[name=kind]").select_option("office")
    page.locator("select[name=office]").select_option(label="Sozialraumkoordination Kalk")
    page.locator("input[name=year]").fill(str(YEAR))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{site}{REPORT}")
    expect(page.locator("#target-groups tfoot td")).to_have_text("37")
    expect(page.locator("svg#chart-target_groups g rect")).to_have_count(5)
    screenshot(page, "veedel-report-draft")
    assert_no_problems(page)  # the inline charts keep to the content security policy

    page.locator(f"a[href='{REPORT}bearbeiten/']").click()
    page.locator("textarea[name=obstacles]").fill("Der Saal im Bürgerhaus war monatelang gesperrt.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{site}{REPORT}")
    expect(page.locator("#section-obstacles + p")).to_have_text(
        "Der Saal im Bürgerhaus war monatelang gesperrt."
    )
    expect(page.locator(f"form[action='{REPORT}freigeben/']")).to_have_count(0)

    log_in(page, site, "traeger")
    goto(page, f"{site}{REPORT}")
    page.locator(f"form[action='{REPORT}freigeben/'] button").click()
    page.wait_for_url(f"{site}{REPORT}")
    expect(page.locator("#report-status")).to_have_text(re.compile("Träger|provider"))

    log_in(page, site, "geschaeftsstelle")
    goto(page, f"{site}{REPORT}")
    page.locator(f"form[action='{REPORT}veroeffentlichen/'] button").click()
    page.wait_for_url(f"{site}{REPORT}")
    expect(page.locator(f"a[href='{REPORT}bearbeiten/']")).to_have_count(0)
    assert_no_problems(page)

    log_in(page, site, "bewohnerin")
    goto(page, f"{site}/berichte/?jahr={YEAR}")
    page.locator(f"#reports a[href='{REPORT}']").click()
    page.wait_for_url(f"{site}{REPORT}")
    expect(page.locator("main")).to_contain_text("Der Saal im Bürgerhaus war monatelang gesperrt.")
    expect(page.locator("main")).to_contain_text("Spielplatz Kalk")
    expect(page.locator("main")).not_to_contain_text("Interne Runde")
    with page.expect_download() as download:
        page.locator(f"a[href='{REPORT}bericht.pdf']").click()
    assert download.value.suggested_filename == f"sachbericht-{YEAR}-kalk.pdf"
    assert_no_problems(page)
