"""Example reports for the demo: the activity reports of 2025 of the offices that have demo
work recorded (initiatives with activities, or a target agreement), and the programme report
of 2025. The report of Kalk (or else of the first such office) is approved by its provider
lead and published, so residents find a published report. Reports are generated once: a
second run finds them and leaves them as they are. All are marked as example data."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from veedel.accounts.models import Role, User
from veedel.programme.models import CoordinationOffice
from veedel.reports.models import Report, ReportKind
from veedel.reports.services import report_approve, report_generate, report_publish

DEMO_YEAR = 2025


def _persona(role: str, **filters) -> User | None:
    return User.objects.filter(role=role, is_active=True, **filters).order_by("pk").first()


@transaction.atomic
def demo_reports_load(year: int = DEMO_YEAR) -> list[str]:
    """Generate what is missing; return one line per report made."""
    lines = []
    offices = (
        CoordinationOffice.objects.filter(
            Q(initiatives__activities__date__year=year) | Q(agreements__year=year)
        )
        .distinct()
        .select_related("provider")
        .order_by("name")
    )
    programme_office = _persona(Role.PROGRAMME_OFFICE)
    made = []
    for office in offices:
        if Report.objects.filter(kind=ReportKind.OFFICE, office=office, year=year).exists():
            continue
        coordinator = office.staff.filter(role=Role.COORDINATOR).order_by("pk").first()
        made.append(report_generate(office=office, year=year, by=coordinator, is_example=True))
        lines.append(f"activity report {year}: {office.name}")
    # Kalk's report if it was made (the demo personas work there), else the first one.
    made.sort(key=lambda report: report.office.slug != "kalk")
    if made:
        first = made[0]
        lead = _persona(Role.PROVIDER_LEAD, provider=first.office.provider)
        report_approve(report=first, by=lead)
        report_publish(report=first, by=programme_office)
        lines.append(f"published: {first}")
    if not Report.objects.filter(kind=ReportKind.PROGRAMME, year=year).exists():
        report_generate(year=year, by=programme_office, is_example=True)
        lines.append(f"programme report {year} (draft)")
    return lines
