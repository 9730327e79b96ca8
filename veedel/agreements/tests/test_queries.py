"""What the dashboard lists as the next step on an agreement."""

import pytest
from django.utils import timezone

from veedel.agreements.models import AgreementState
from veedel.agreements.queries import agreements_awaiting
from veedel.agreements.tests.factories import CHORWEILER, make_agreement, signed

pytestmark = pytest.mark.django_db
S = AgreementState


def test_each_side_sees_its_next_steps(personas):
    draft = make_agreement(year=2027)
    proposed = make_agreement(year=2026, state=S.PROPOSED)
    agreed = make_agreement(year=2025, state=S.AGREED)
    agreed.city_signed_at = timezone.now()
    agreed.save()
    make_agreement(CHORWEILER, year=2026, state=S.CHANGES_REQUESTED)
    signed(make_agreement(year=2024))  # nothing to do

    office = dict(agreements_awaiting(personas["koordination-kalk"]))
    assert office == {draft: "complete and propose", agreed: "sign"}
    city = dict(agreements_awaiting(personas["geschaeftsstelle"]))
    assert city == {proposed: "agree or ask for changes"}
    assert agreements_awaiting(personas["ratsmitglied"]) == []
    chorweiler = dict(agreements_awaiting(personas["koordination-chorweiler"]))
    assert list(chorweiler.values()) == ["make the changes asked for"]
