"""One journey in a real Chromium: the office proposes its agreement, the programme office
agrees, both sign. Uses the browser fixtures of veedel/core/tests/browser.py."""

import re

import pytest
from django.urls import reverse

from veedel.agreements.models import AgreementState, TargetAgreement
from veedel.agreements.tests.factories import make_agreement
from veedel.core.tests import browser as core

pytestmark = pytest.mark.browser
expect = core.expect


def _log_in(browser, site, username):
    context, page = core._page_open(browser, viewport={"width": 1280, "height": 900})
    core.goto(page, f"{site}{reverse('accounts:login')}")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("veedel-demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{site}{reverse('accounts:dashboard')}")
    return context, page


def test_office_proposes_programme_office_agrees_both_sign(browser, site):
    agreement = make_agreement(year=2026)
    url = f"{site}{agreement.get_absolute_url()}"
    office_ctx, office = _log_in(browser, site, "koordination-kalk")
    city_ctx, city = _log_in(browser, site, "geschaeftsstelle")
    try:
        core.goto(office, url)
        expect(office.get_by_role("heading", level=1)).to_contain_text("2026")
        office.get_by_role("button", name="Der Geschäftsstelle vorschlagen").or_(
            office.get_by_role("button", name="Propose to the programme office")
        ).click()
        expect(office.locator(".agreement-state")).to_have_text(
            re.compile("vorgeschlagen|proposed")
        )

        core.goto(city, url)
        city.locator("button:has-text('Zustimmen'), button:has-text('Agree')").first.click()
        expect(city.locator(".agreement-state")).to_have_text(re.compile("vereinbart|agreed"))
        city.locator("form:has(input[value=sign]) button").click()
        expect(city.locator(".messages")).to_be_visible()

        core.goto(office, url)
        office.locator("form:has(input[value=sign]) button").click()
        expect(office.locator(".agreement-state")).to_have_text(re.compile("unterzeichnet|signed"))
        # Signed: no more editing, the way forward is an amendment.
        expect(
            office.locator(f"a[href$='{reverse('agreements:amendment_add', args=[agreement.pk])}']")
        ).to_be_visible()
        expect(office.locator("a[href*='/ziele/'][href$='/bearbeiten/']")).to_have_count(0)
        core.assert_no_problems(office)
        core.assert_no_problems(city)
    finally:
        office_ctx.close()
        city_ctx.close()
    agreement = TargetAgreement.objects.get(pk=agreement.pk)
    assert agreement.state == AgreementState.SIGNED
    assert agreement.office_signed_by.username == "koordination-kalk"
    assert agreement.city_signed_by.username == "geschaeftsstelle"
