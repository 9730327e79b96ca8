"""Services: starting from a key process, the checklist, the activity log with its counts,
the outcome and the version check that keeps a second user from overwriting the first."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from veedel.initiatives.models import (
    Activity,
    Initiative,
    InitiativeStatus,
    InitiativeStep,
    StepStatus,
    TargetGroup,
)
from veedel.initiatives.services import (
    ConflictError,
    activity_log,
    activity_update,
    initiative_set_outcome,
    initiative_start,
    initiative_update,
    step_add,
    step_update,
)
from veedel.initiatives.tests.factories import (
    CHORWEILER,
    current_space,
    edition,
    make_initiative,
    office,
)

pytestmark = pytest.mark.django_db


def test_the_steps_of_the_key_process_become_the_checklist(personas):
    ed = edition(steps=4)
    process = ed.key_processes.order_by("order").first()
    situation = ed.situations.order_by("order").first()
    initiative = initiative_start(
        office=office(),
        social_space=current_space(),
        situation=situation,
        key_process=process,
        title="  Sicherer Schulweg  ",
        start=datetime.date(2026, 1, 10),
        by=personas["koordination-kalk"],
    )
    steps = list(initiative.steps.order_by("order"))
    expected = list(process.steps.order_by("order"))
    assert [(s.order, s.title, s.aim) for s in steps] == [
        (n, p.title, p.aim) for n, p in enumerate(expected, start=1)
    ]
    assert {s.status for s in steps} == {StepStatus.OPEN}
    assert initiative.title == "Sicherer Schulweg"
    assert initiative.status == InitiativeStatus.RUNNING  # started in the past
    # Goals and topics come from the situation when none are given.
    assert set(initiative.goals.all()) == set(situation.goals.all())


def test_without_a_process_free_steps_are_added_in_order(personas):
    initiative = make_initiative(process=False)
    assert not initiative.steps.exists()
    by = personas["koordination-kalk"]
    first = step_add(initiative=initiative, title="Termin finden", by=by)
    second = step_add(initiative=initiative, title="Einladen", due=datetime.date(2026, 4, 1), by=by)
    assert (first.order, second.order) == (1, 2)


def test_only_the_offices_coordinators_start_and_only_in_current_spaces(personas):
    ed = edition()
    with pytest.raises(PermissionDenied):
        initiative_start(
            office=office(),
            social_space=current_space(),
            title="Fremd",
            by=personas["koordination-chorweiler"],
        )
    with pytest.raises(ValidationError) as error:
        initiative_start(
            office=office(),
            social_space=current_space(CHORWEILER),
            title="Falscher Raum",
            by=personas["koordination-kalk"],
        )
    assert "social_space" in error.value.error_dict
    from veedel.guide.tests.factories import edition_make

    draft = edition_make(published=False)
    with pytest.raises(ValidationError) as error:
        initiative_start(
            office=office(),
            social_space=current_space(),
            key_process=draft.key_processes.first(),
            title="Entwurf",
            by=personas["koordination-kalk"],
        )
    assert "key_process" in error.value.error_dict
    assert ed.key_processes.exists()


def test_end_before_start_is_refused_with_the_reason_and_by_the_database(personas):
    with pytest.raises(ValidationError) as error:
        make_initiative(start=datetime.date(2026, 5, 1), end=datetime.date(2026, 4, 1))
    assert "before the start" in str(error.value.error_dict["end"])
    initiative = make_initiative()
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(end=datetime.date(2000, 1, 1))


def test_a_second_save_from_an_old_version_is_refused_and_changes_nothing(personas):
    initiative = make_initiative()
    first, second = personas["koordination-kalk"], personas["koordination-kalk-2"]
    opened = initiative.version
    saved = initiative_update(
        initiative=initiative, data={"title": "Neuer Titel"}, version=opened, by=first
    )
    assert saved.version == opened + 1
    with pytest.raises(ConflictError) as error:
        initiative_update(
            initiative=initiative, data={"title": "Anderer Titel"}, version=opened, by=second
        )
    assert error.value.current.title == "Neuer Titel"
    assert error.value.current.modified_by == first
    assert Initiative.objects.get(pk=initiative.pk).title == "Neuer Titel"
    with pytest.raises(ConflictError):
        initiative_set_outcome(
            initiative=initiative, outcome_step=2, outcome_evidence="x", version=opened, by=second
        )


def test_a_step_has_its_own_version_check_and_dates_are_filled_in(personas):
    initiative = make_initiative()
    step = initiative.steps.order_by("order").first()
    step.initiative = initiative
    by = personas["koordination-kalk"]
    done = step_update(step=step, data={"status": StepStatus.DONE}, version=1, by=by)
    assert done.status == StepStatus.DONE
    assert done.started and done.finished
    with pytest.raises(ConflictError):
        step_update(step=step, data={"status": StepStatus.OPEN}, version=1, by=by)
    assert InitiativeStep.objects.get(pk=step.pk).status == StepStatus.DONE


def test_a_skipped_step_needs_a_reason(personas):
    initiative = make_initiative()
    step = initiative.steps.first()
    step.initiative = initiative
    by = personas["koordination-kalk"]
    with pytest.raises(ValidationError) as error:
        step_update(step=step, data={"status": StepStatus.SKIPPED}, version=1, by=by)
    assert "skip_reason" in error.value.error_dict
    skipped = step_update(
        step=step,
        data={"status": StepStatus.SKIPPED, "skip_reason": "Schon erledigt durch die Schule"},
        version=1,
        by=by,
    )
    assert skipped.skip_reason.startswith("Schon")
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeStep.objects.filter(pk=step.pk).update(skip_reason="")


def test_participants_by_group_may_not_exceed_the_total(personas):
    initiative = make_initiative()
    by = personas["koordination-kalk"]
    data = {
        "date": datetime.date(2026, 3, 5),
        "kind": "event",
        "title": "Spielfest",
        "participants_total": 30,
        "hours": Decimal("3.5"),
        "impact_step": 2,
    }
    with pytest.raises(ValidationError) as error:
        activity_log(
            initiative=initiative,
            data=data,
            participants={TargetGroup.CHILDREN: 25, TargetGroup.FAMILIES: 10},
            by=by,
        )
    assert "35" in str(error.value.error_dict["participants_total"])
    assert not Activity.objects.exists()
    with pytest.raises(ValidationError):
        activity_log(
            initiative=initiative, data=data, participants={TargetGroup.CHILDREN: -1}, by=by
        )
    with pytest.raises(ValidationError):
        activity_log(initiative=initiative, data={**data, "hours": Decimal("-1")}, by=by)
    activity = activity_log(
        initiative=initiative,
        data=data,
        participants={TargetGroup.CHILDREN: 20, TargetGroup.FAMILIES: 10, TargetGroup.WOMEN: 0},
        by=by,
    )
    assert {p.target_group: p.count for p in activity.participants.all()} == {
        "children": 20,
        "families": 10,
    }
    activity.initiative = initiative
    activity_update(
        activity=activity,
        data={**data, "participants_total": 12},
        participants={TargetGroup.SENIORS: 12},
        by=by,
    )
    assert [(p.target_group, p.count) for p in activity.participants.all()] == [("seniors", 12)]


def test_another_offices_coordinator_cannot_log_activities(personas):
    initiative = make_initiative()
    with pytest.raises(PermissionDenied):
        activity_log(
            initiative=initiative,
            data={"date": datetime.date(2026, 3, 5), "kind": "event", "title": "x"},
            by=personas["koordination-chorweiler"],
        )


def test_an_outcome_step_needs_evidence(personas):
    initiative = make_initiative()
    by = personas["koordination-kalk"]
    with pytest.raises(ValidationError):
        initiative_set_outcome(
            initiative=initiative, outcome_step=4, outcome_evidence=" ", version=1, by=by
        )
    saved = initiative_set_outcome(
        initiative=initiative,
        outcome_step=4,
        outcome_evidence="Befragung der Eltern: 80 % kennen nun die Angebote.",
        version=1,
        by=by,
    )
    assert saved.get_outcome_step_display().startswith("4")
    assert "skills" in saved.outcome_meaning()
