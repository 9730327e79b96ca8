"""The demo command: example initiatives once, in current areas, with every state."""

import pytest
from django.core.management import call_command

from veedel.guide.models import Edition
from veedel.initiatives.models import Activity, Initiative, InitiativeStep
from veedel.initiatives.tests.factories import edition

pytestmark = pytest.mark.django_db


def test_without_a_published_edition_nothing_is_loaded(capsys):
    assert not Edition.objects.current()
    call_command("load_demo_initiatives")
    assert "skipped" in capsys.readouterr().out
    assert not Initiative.objects.exists()


def test_examples_are_loaded_once_and_cover_the_states(capsys):
    edition(steps=4)
    call_command("load_demo_initiatives")
    initiatives = list(Initiative.objects.all())
    assert len(initiatives) == 3
    assert all(i.is_example for i in initiatives)
    assert sum(i.is_published for i in initiatives) == 1
    assert {i.office.slug for i in initiatives} == {"kalk", "blumenberg-chorweiler-seeberg-nord"}
    for initiative in initiatives:
        assert initiative.social_space.valid_until is None
    statuses = set(InitiativeStep.objects.values_list("status", flat=True))
    assert statuses == {"open", "in_progress", "done", "skipped"}
    assert Activity.objects.filter(participants__isnull=False, impact_step__isnull=False).exists()
    counts = (Initiative.objects.count(), InitiativeStep.objects.count(), Activity.objects.count())
    call_command("load_demo_initiatives")
    assert "left as it is" in capsys.readouterr().out
    assert (
        Initiative.objects.count(),
        InitiativeStep.objects.count(),
        Activity.objects.count(),
    ) == counts
