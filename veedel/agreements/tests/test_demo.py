"""The demo agreements: several offices and states, all five goals, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from veedel.agreements.metrics import target_rows
from veedel.agreements.models import AgreementState, Target, TargetAgreement
from veedel.programme.models import Goal

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(
        TargetAgreement.objects.values_list(
            "office__slug", "year", "state", "modified", "is_example"
        )
    ), Target.objects.count()


def test_load_demo_agreements_twice_changes_nothing(login):
    out = StringIO()
    call_command("load_demo_agreements", stdout=out)
    assert "loaded" in out.getvalue()
    first = _snapshot()
    out = StringIO()
    call_command("load_demo_agreements", stdout=out)
    assert "nothing to change" in out.getvalue()
    assert _snapshot() == first

    agreements = TargetAgreement.objects.all()
    assert all(a.is_example for a in agreements)
    states = set(agreements.values_list("state", flat=True))
    assert {AgreementState.CLOSED, AgreementState.SIGNED, AgreementState.PROPOSED} <= states
    kalk_2025 = TargetAgreement.objects.get(office__slug="kalk", year=2025)
    assert kalk_2025.state == AgreementState.CLOSED
    assert not kalk_2025.targets.filter(actual_value__isnull=True).exists()
    assert set(kalk_2025.targets.values_list("goal_id", flat=True)) == set(
        Goal.objects.values_list("pk", flat=True)
    )
    kalk_2026 = TargetAgreement.objects.get(office__slug="kalk", year=2026)
    assert kalk_2026.amendments.get().changes.get().old_value == "6"
    rows = target_rows(kalk_2026.targets.select_related("agreement"))
    assert any(r["not_available"] for r in rows)  # third-party funds
    page = login("geschaeftsstelle").get(kalk_2026.get_absolute_url()).content.decode()
    assert "example data" in page
