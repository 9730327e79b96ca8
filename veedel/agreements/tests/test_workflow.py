"""The workflow of a target agreement: every step allowed and refused, with the reason."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from veedel.agreements.models import AgreementState, AmendmentState, Target, TargetAgreement
from veedel.agreements.services import (
    StepNotAllowed,
    agreement_agree,
    agreement_assess,
    agreement_close,
    agreement_create,
    agreement_propose,
    agreement_request_changes,
    agreement_review,
    agreement_sign,
    target_save,
    target_set_actual,
)
from veedel.agreements.services_amendments import (
    agreement_copy_to_next_year,
    amendment_create,
    amendment_sign,
    amendment_withdraw,
)
from veedel.agreements.tests.factories import (
    KALK,
    goals,
    make_agreement,
    make_target,
    office,
    signed,
)

pytestmark = pytest.mark.django_db
S = AgreementState


@pytest.fixture
def kalk_staff(personas):
    return personas["koordination-kalk"]


@pytest.fixture
def programme(personas):
    return personas["geschaeftsstelle"]


def test_the_whole_way_from_draft_to_closed(personas, kalk_staff, programme):
    agreement = agreement_create(office=office(), year=2026, by=kalk_staff)
    target_save(
        agreement=agreement,
        data={
            "goal": goals()[0],
            "title": "Mehr Familien erreichen",
            "indicator": "Teilnehmende Familien",
            "baseline": Decimal("12"),
            "target_value": Decimal("30"),
            "responsible": "Sozialraumkoordination",
            "deadline": datetime.date(2026, 12, 31),
        },
        by=kalk_staff,
    )
    agreement_propose(agreement=agreement, by=kalk_staff)
    assert agreement.state == S.PROPOSED
    agreement_request_changes(agreement=agreement, by=programme, comment="Zielwert zu niedrig.")
    assert agreement.state == S.CHANGES_REQUESTED
    assert agreement.change_request == "Zielwert zu niedrig."
    agreement_propose(agreement=agreement, by=kalk_staff)
    agreement_agree(agreement=agreement, by=programme)
    assert agreement.state == S.AGREED and agreement.agreed_by == programme
    agreement_sign(agreement=agreement, by=kalk_staff)
    assert agreement.state == S.AGREED  # one side only
    assert agreement.office_signed_by == kalk_staff and agreement.office_signed_at
    agreement_sign(agreement=agreement, by=programme)
    assert agreement.state == S.SIGNED
    assert agreement.city_signed_by == programme and agreement.city_signed_at
    target = agreement.targets.get()
    agreement_review(
        agreement=agreement, by=kalk_staff, statuses={target.pk: ("at_risk", "Weniger Räume")}
    )
    assert agreement.state == S.REVIEWED
    target.refresh_from_db()
    assert target.review_status == "at_risk" and target.review_comment == "Weniger Räume"
    agreement_assess(
        agreement=agreement,
        by=kalk_staff,
        results={target.pk: {"actual_value": Decimal("24"), "deviation_reasons": "Umbau"}},
    )
    target.refresh_from_db()
    assert agreement.state == S.ASSESSED
    assert target.achievement == Decimal("80.0")
    agreement_close(agreement=agreement, by=programme)
    assert agreement.state == S.CLOSED
    actions = list(agreement.events.values_list("action", flat=True))
    assert actions == [
        "created",
        "proposed",
        "changes_requested",
        "proposed",
        "agreed",
        "signed_office",
        "signed_city",
        "reviewed",
        "assessed",
        "closed",
    ]


STEPS = {
    "propose": lambda a, p: agreement_propose(agreement=a, by=p["koordination-kalk"]),
    "request_changes": lambda a, p: agreement_request_changes(
        agreement=a, by=p["geschaeftsstelle"], comment="Bitte ändern"
    ),
    "agree": lambda a, p: agreement_agree(agreement=a, by=p["geschaeftsstelle"]),
    "sign": lambda a, p: agreement_sign(agreement=a, by=p["geschaeftsstelle"]),
    "review": lambda a, p: agreement_review(
        agreement=a,
        by=p["koordination-kalk"],
        statuses={t.pk: ("on_track", "") for t in a.targets.all()},
    ),
    "assess": lambda a, p: agreement_assess(
        agreement=a,
        by=p["koordination-kalk"],
        results={t.pk: {"actual_value": Decimal("20")} for t in a.targets.all()},
    ),
    "close": lambda a, p: agreement_close(agreement=a, by=p["geschaeftsstelle"]),
}
ALLOWED_FROM = {
    "propose": {S.DRAFT, S.CHANGES_REQUESTED},
    "request_changes": {S.PROPOSED},
    "agree": {S.PROPOSED},
    "sign": {S.AGREED},
    "review": {S.SIGNED, S.REVIEWED},
    "assess": {S.REVIEWED, S.ASSESSED},
    "close": {S.ASSESSED},
}


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_is_allowed_only_from_its_states(personas, step, state):
    agreement = make_agreement(state=state)
    if state in ALLOWED_FROM[step]:
        STEPS[step](agreement, personas)
        agreement.refresh_from_db()
        assert agreement.state != state or step in ("sign", "review", "assess")
    else:
        with pytest.raises(StepNotAllowed) as refused:
            STEPS[step](agreement, personas)
        message = str(refused.value)
        if state in (S.SIGNED, S.REVIEWED, S.ASSESSED, S.CLOSED) and step in ("propose", "agree"):
            assert "signed by both sides" in message and "amendment" in message
        else:
            label = str(S(state).label)
            assert label in message, message
        agreement.refresh_from_db()
        assert agreement.state == state


def test_proposing_needs_targets_with_indicator_responsible_and_deadline(kalk_staff):
    agreement = make_agreement(targets=0)
    with pytest.raises(StepNotAllowed, match="no targets"):
        agreement_propose(agreement=agreement, by=kalk_staff)
    make_target(agreement, title="Ohne Frist", deadline=None, responsible="")
    with pytest.raises(StepNotAllowed) as refused:
        agreement_propose(agreement=agreement, by=kalk_staff)
    assert "Ohne Frist" in str(refused.value) and "deadline" in str(refused.value)
    assert TargetAgreement.objects.get(pk=agreement.pk).state == S.DRAFT


def test_asking_for_changes_needs_a_comment(programme):
    agreement = make_agreement(state=S.PROPOSED)
    with pytest.raises(StepNotAllowed, match="comment is required"):
        agreement_request_changes(agreement=agreement, by=programme, comment="  ")


@pytest.mark.parametrize(
    ("step", "who"),
    [
        ("propose", "geschaeftsstelle"),  # the office proposes, not the programme office
        ("propose", "koordination-chorweiler"),
        ("agree", "koordination-kalk"),
        ("request_changes", "traeger"),
        ("sign", "traeger"),
        ("sign", "ratsmitglied"),
        ("sign", "koordination-chorweiler"),
        ("close", "koordination-kalk"),
    ],
)
def test_steps_by_the_wrong_role_are_refused(personas, step, who):
    state = {"propose": S.DRAFT, "sign": S.AGREED, "close": S.ASSESSED}.get(step, S.PROPOSED)
    agreement = make_agreement(state=state)
    fake = dict(personas)
    fake["koordination-kalk"] = fake["geschaeftsstelle"] = personas[who]
    with pytest.raises(PermissionDenied):
        STEPS[step](agreement, fake)
    agreement.refresh_from_db()
    assert agreement.state == state


def test_each_side_signs_once(personas, kalk_staff):
    agreement = make_agreement(state=S.AGREED)
    agreement_sign(agreement=agreement, by=kalk_staff)
    with pytest.raises(StepNotAllowed, match="already signed"):
        agreement_sign(agreement=agreement, by=personas["koordination-kalk-2"])
    assert agreement.state == S.AGREED


def test_one_agreement_per_office_and_year(kalk_staff):
    make_agreement()
    with pytest.raises(StepNotAllowed, match="already has an agreement for 2026"):
        agreement_create(office=office(), year=2026, by=kalk_staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetAgreement.objects.create(office=office(), year=2026)


def test_a_coordinator_cannot_create_an_agreement_for_another_office(personas):
    with pytest.raises(PermissionDenied):
        agreement_create(office=office(KALK), year=2027, by=personas["koordination-chorweiler"])


def test_only_initiatives_of_the_office_are_linked(kalk_staff):
    from veedel.agreements.tests.factories import CHORWEILER, make_initiative

    agreement = make_agreement(targets=0)
    foreign = make_initiative(office(CHORWEILER), title="Fremdes Vorhaben")
    with pytest.raises(ValueError, match="Fremdes Vorhaben"):
        target_save(
            agreement=agreement,
            data={"goal": None, "title": "x", "indicator": "y", "target_value": 1},
            initiatives=[foreign],
            by=kalk_staff,
        )


def test_the_assessment_asks_for_reasons_below_100_percent(kalk_staff):
    agreement = make_agreement(state=S.REVIEWED, targets=0)
    target = make_target(agreement, title="Sprachkurse", target_value=Decimal("10"))
    with pytest.raises(StepNotAllowed, match="Sprachkurse.*give the reasons"):
        agreement_assess(
            agreement=agreement, by=kalk_staff, results={target.pk: {"actual_value": Decimal(5)}}
        )
    with pytest.raises(StepNotAllowed, match="actual value is missing"):
        agreement_assess(agreement=agreement, by=kalk_staff, results={})
    agreement.refresh_from_db()
    assert agreement.state == S.REVIEWED


def test_the_review_needs_a_status_for_every_target(kalk_staff):
    agreement = make_agreement(state=S.SIGNED, targets=0)
    make_target(agreement, title="Erstes")
    second = make_target(agreement, title="Zweites")
    with pytest.raises(StepNotAllowed, match="Missing: Erstes"):
        agreement_review(agreement=agreement, by=kalk_staff, statuses={second.pk: ("on_track", "")})


# --- signed agreements are immutable; amendments ------------------------------------------


def test_a_signed_agreement_refuses_edits_and_points_to_an_amendment(kalk_staff):
    agreement = signed(make_agreement())
    target = agreement.targets.first()
    with pytest.raises(StepNotAllowed) as refused:
        target_save(agreement=agreement, target=target, data={"title": "Neu"}, by=kalk_staff)
    assert refused.value.amend is True
    assert "amendment" in str(refused.value)
    target.refresh_from_db()
    assert target.title != "Neu"


def test_editing_a_signed_target_in_the_browser_shows_the_way_to_amend(login):
    agreement = signed(make_agreement())
    target = agreement.targets.first()
    client = login("koordination-kalk")
    url = reverse("agreements:target_edit", args=[agreement.pk, target.pk])
    response = client.get(url)
    assert response.status_code == 409
    content = response.content.decode()
    assert reverse("agreements:amendment_add", args=[agreement.pk]) in content
    response = client.post(url, {"title": "Neu", "goal": target.goal_id, "target_value": "1"})
    assert response.status_code == 409
    target.refresh_from_db()
    assert target.title != "Neu"


def test_an_amendment_takes_effect_when_both_have_signed_and_keeps_the_history(
    personas, kalk_staff, programme
):
    agreement = signed(make_agreement(targets=0))
    target = make_target(agreement, title="Treffen", target_value=Decimal("20"))
    amendment = amendment_create(
        agreement=agreement,
        summary="Zielwert gesenkt",
        reason="Raum fällt weg",
        changes={
            target.pk: {
                "target_value": Decimal("15"),
                "deadline": datetime.date(2026, 11, 30),
                "title": "Treffen",  # unchanged: not recorded
            }
        },
        by=kalk_staff,
    )
    changes = {c.field: (c.old_value, c.new_value) for c in amendment.changes.all()}
    assert changes == {"target_value": ("20", "15"), "deadline": ("2026-12-31", "2026-11-30")}
    target.refresh_from_db()
    assert target.target_value == Decimal("20")  # not yet in force
    with pytest.raises(StepNotAllowed, match="Another amendment"):
        amendment_create(
            agreement=agreement,
            summary="x",
            reason="y",
            changes={target.pk: {"unit": "x"}},
            by=kalk_staff,
        )
    amendment_sign(amendment=amendment, by=programme)
    target.refresh_from_db()
    assert target.target_value == Decimal("20")
    amendment = amendment_sign(amendment=amendment, by=kalk_staff)
    assert amendment.state == AmendmentState.SIGNED
    target.refresh_from_db()
    assert target.target_value == Decimal("15")
    assert target.deadline == datetime.date(2026, 11, 30)
    with pytest.raises(StepNotAllowed, match="cannot be withdrawn"):
        amendment_withdraw(amendment=amendment, by=kalk_staff)

    # The agreement page shows the amendment with old → new.
    from django.test import Client

    client = Client()
    client.force_login(personas["geschaeftsstelle"])
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Zielwert gesenkt" in page and "Raum fällt weg" in page
    assert "<del>20</del>" in page and "<ins>15</ins>" in page


def test_an_amendment_must_change_something_and_needs_a_signed_agreement(kalk_staff):
    draft = make_agreement()
    target = draft.targets.first()
    with pytest.raises(StepNotAllowed, match="Only a signed agreement"):
        amendment_create(agreement=draft, summary="a", reason="b", changes={}, by=kalk_staff)
    agreement = signed(make_agreement(year=2027))
    target = agreement.targets.first()
    with pytest.raises(StepNotAllowed, match="changes nothing"):
        amendment_create(
            agreement=agreement,
            summary="a",
            reason="b",
            changes={target.pk: {"title": target.title}},
            by=kalk_staff,
        )


def test_a_draft_amendment_can_be_withdrawn(kalk_staff):
    agreement = signed(make_agreement())
    target = agreement.targets.first()
    amendment = amendment_create(
        agreement=agreement,
        summary="a",
        reason="b",
        changes={target.pk: {"unit": "Treffen"}},
        by=kalk_staff,
    )
    amendment_withdraw(amendment=amendment, by=kalk_staff)
    assert not agreement.amendments.exists()
    assert agreement.events.filter(action="amendment_withdrawn").exists()


# --- copy to next year ----------------------------------------------------------------------


def test_copy_to_next_year_takes_last_years_actuals_as_baseline(kalk_staff):
    from veedel.agreements.tests.factories import make_initiative

    agreement = make_agreement(year=2025, state=S.CLOSED, targets=0)
    agreement.office_signed_by = kalk_staff
    agreement.save()
    known = make_target(agreement, title="Bekannt", baseline=Decimal(5), actual_value=Decimal(18))
    unknown = make_target(agreement, title="Unbekannt", baseline=Decimal(7))
    unknown.review_status = "on_track"
    unknown.save()
    running = make_initiative(office(), title="Läuft", status="running")
    done = make_initiative(office(), title="Fertig", status="completed")
    known.initiatives.set([running, done])

    new = agreement_copy_to_next_year(agreement=agreement, by=kalk_staff)

    assert new.year == 2026 and new.state == S.DRAFT and new.copied_from == agreement
    assert new.office_signed_at is None and new.city_signed_at is None
    copies = {t.title: t for t in new.targets.all()}
    assert copies["Bekannt"].baseline == Decimal(18)
    assert copies["Unbekannt"].baseline == Decimal(7)
    assert all(t.actual_value is None and t.review_status == "" for t in copies.values())
    assert copies["Bekannt"].deadline == datetime.date(2026, 12, 31)
    assert list(copies["Bekannt"].initiatives.all()) == [running]
    with pytest.raises(StepNotAllowed, match="already has an agreement for 2026"):
        agreement_copy_to_next_year(agreement=agreement, by=kalk_staff)


def test_only_signed_agreements_are_copied(kalk_staff):
    with pytest.raises(StepNotAllowed, match="Only a signed agreement"):
        agreement_copy_to_next_year(agreement=make_agreement(), by=kalk_staff)


def test_actual_values_by_hand_need_a_source(kalk_staff):
    agreement = signed(make_agreement())
    target = agreement.targets.first()
    with pytest.raises(StepNotAllowed, match="source"):
        target_set_actual(target=target, value=Decimal(3), source="", by=kalk_staff)
    target_set_actual(target=target, value=Decimal(3), source="Teilnahmelisten", by=kalk_staff)
    assert Target.objects.get(pk=target.pk).actual_value == Decimal(3)
    draft = make_agreement(year=2030)
    with pytest.raises(StepNotAllowed):
        target_set_actual(target=draft.targets.first(), value=Decimal(3), source="x", by=kalk_staff)
