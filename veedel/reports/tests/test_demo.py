"""The demo reports: generated once, one published, marked as example data."""

import pytest
from django.core.management import call_command

from veedel.reports.models import Report, ReportKind, ReportStatus
from veedel.reports.tests.factories import kalk_year

pytestmark = pytest.mark.django_db


def test_demo_reports_are_made_once(personas, client):
    kalk_year()
    call_command("load_demo_reports", stdout=open("/dev/null", "w"))
    reports = {
        (r.kind, r.office_id): (r.status, r.version, r.modified) for r in Report.objects.all()
    }
    assert len(reports) == 2
    kalk = Report.objects.get(kind=ReportKind.OFFICE)
    assert kalk.status == ReportStatus.PUBLISHED and kalk.is_example
    assert Report.objects.get(kind=ReportKind.PROGRAMME).status == ReportStatus.DRAFT
    call_command("load_demo_reports", stdout=open("/dev/null", "w"))
    again = {(r.kind, r.office_id): (r.status, r.version, r.modified) for r in Report.objects.all()}
    assert again == reports
    page = client.get(kalk.get_absolute_url()).content.decode()
    assert "example data" in page or "Beispieldaten" in page
