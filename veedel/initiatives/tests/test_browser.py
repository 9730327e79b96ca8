"""A coordinator's journey in a real Chromium: start an initiative from a key process of the
guide, tick the first step of its checklist, log an activity with participants by group.

Uses the browser fixtures of veedel/core/tests/browser.py."""

import re

import pytest
from django.urls import reverse

from veedel.core.tests import browser as core
from veedel.initiatives.models import Initiative, StepStatus

pytestmark = pytest.mark.browser

expect = core.expect


def test_a_coordinator_starts_an_initiative_ticks_a_step_and_logs_an_activity(page, site):
    from veedel.guide.tests.factories import edition_make
    from veedel.programme.models import CoordinationOffice

    edition = edition_make(steps=3, year=2099)
    process = edition.key_processes.order_by("order").first()
    space = CoordinationOffice.objects.get(slug="kalk").social_spaces.current().first()

    core.goto(page, f"{site}{reverse('accounts:login')}")
    page.locator("#id_username").fill("koordination-kalk")
    page.locator("#id_password").fill("veedel-demo")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/konto/"))

    core.goto(page, f"{site}{reverse('initiatives:start')}?prozess={process.pk}")
    expect(page.locator("#id_key_process")).to_have_value(str(process.pk))
    page.locator("#id_social_space").select_option(str(space.pk))
    page.locator("#id_title").fill("Treffpunkt am Bürgerpark")
    page.locator("#id_start").fill("2026-03-01")
    page.locator("main form.form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Treffpunkt am Bürgerpark")
    initiative = Initiative.objects.get(title="Treffpunkt am Bürgerpark")
    first = initiative.steps.order_by("order").first()
    expect(page.locator(".checklist > li")).to_have_count(3)

    item = page.locator(f"#step-{first.pk}")
    item.locator("select").select_option(StepStatus.DONE)
    item.locator("button[type=submit]").click()
    expect(page.locator(f"#step-{first.pk} h3 .badge")).to_have_text(re.compile("done|erledigt"))
    first.refresh_from_db()
    assert first.status == StepStatus.DONE and first.finished

    page.locator(f"a[href='{reverse('initiatives:activity_add', args=[initiative.pk])}']").click()
    page.locator("#id_kind").select_option("event")
    page.locator("#id_title").fill("Erstes Treffen im Park")
    page.locator("#id_participants_total").fill("20")
    page.locator("#id_group_children").fill("12")
    page.locator("#id_group_families").fill("12")
    page.locator("main form.form button[type=submit]").click()
    # 24 by group is more than 20 in total: refused, the reason at the field, input kept.
    expect(page.locator(".field-invalid #id_participants_total")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("Erstes Treffen im Park")
    page.locator("#id_group_families").fill("8")
    page.locator("main form.form button[type=submit]").click()
    expect(page.locator("#activity-log")).to_contain_text("Erstes Treffen im Park")
    expect(page.locator("#activity-log")).to_contain_text("12")
    core.screenshot(page, "veedel-initiative")
    core.assert_no_problems(page)
