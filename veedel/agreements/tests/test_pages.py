"""The pages of target agreements: who sees what, the buttons, the forms and the query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from veedel.agreements.models import AgreementState, AmendmentState, Target, TargetAgreement
from veedel.agreements.tests.factories import (
    CHORWEILER,
    goals,
    make_activity,
    make_agreement,
    make_initiative,
    make_target,
    office,
    signed,
)

pytestmark = pytest.mark.django_db
S = AgreementState


def _step(client, agreement, action, **extra):
    return client.post(reverse("agreements:step", args=[agreement.pk]), {"action": action, **extra})


# --- visibility ---------------------------------------------------------------------------


def test_the_public_is_sent_to_the_login(client):
    agreement = signed(make_agreement())
    for url in (
        reverse("agreements:list"),
        agreement.get_absolute_url(),
        reverse("agreements:print", args=[agreement.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("persona", "state", "status"),
    [
        ("koordination-kalk", S.DRAFT, 200),
        ("traeger", S.DRAFT, 200),
        ("geschaeftsstelle", S.DRAFT, 200),
        ("admin", S.DRAFT, 200),
        ("koordination-chorweiler", S.DRAFT, 404),
        ("koordination-chorweiler", S.SIGNED, 404),
        ("ratsmitglied", S.DRAFT, 404),
        ("ratsmitglied", S.AGREED, 404),
        ("ratsmitglied", S.SIGNED, 200),
        ("ratsmitglied", S.CLOSED, 200),
        ("bewohnerin", S.SIGNED, 404),
    ],
)
def test_who_sees_an_agreement(login, persona, state, status):
    agreement = make_agreement(state=state)
    client = login(persona)
    assert client.get(agreement.get_absolute_url()).status_code == status
    assert client.get(reverse("agreements:print", args=[agreement.pk])).status_code == status


def test_the_list_shows_only_what_the_user_may_see(login):
    kalk = make_agreement(year=2026)
    chorweiler = make_agreement(CHORWEILER, year=2026)
    other = make_agreement("bickendorf-westend-ossendorf", year=2026, state=S.SIGNED)
    page = login("koordination-kalk").get(reverse("agreements:list")).content.decode()
    assert kalk.get_absolute_url() in page
    assert chorweiler.get_absolute_url() not in page and other.get_absolute_url() not in page
    page = login("traeger").get(reverse("agreements:list")).content.decode()
    assert kalk.get_absolute_url() in page and chorweiler.get_absolute_url() in page
    assert other.get_absolute_url() not in page
    page = login("ratsmitglied").get(reverse("agreements:list")).content.decode()
    assert other.get_absolute_url() in page and kalk.get_absolute_url() not in page
    assert login("bewohnerin").get(reverse("agreements:list")).status_code == 403


def test_list_filters_in_the_address_and_bad_values_explained(login):
    a2026 = make_agreement(year=2026, state=S.AGREED)
    a2025 = make_agreement(year=2025, state=S.CLOSED)
    chorweiler = make_agreement(CHORWEILER, year=2026)
    client = login("geschaeftsstelle")
    url = reverse("agreements:list")
    page = client.get(url, {"jahr": "2025"}).content.decode()
    assert a2025.get_absolute_url() in page and a2026.get_absolute_url() not in page
    page = client.get(url, {"stelle": CHORWEILER}).content.decode()
    assert chorweiler.get_absolute_url() in page and a2026.get_absolute_url() not in page
    page = client.get(url, {"status": "agreed"}).content.decode()
    assert a2026.get_absolute_url() in page and a2025.get_absolute_url() not in page
    response = client.get(url, {"jahr": "zwanzig", "stelle": "nirgendwo", "status": "x"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "“zwanzig” is not a year" in page
    assert "“nirgendwo”" in page and "“x” is not a state" in page
    assert a2025.get_absolute_url() in page and chorweiler.get_absolute_url() in page


# --- workflow through the pages -----------------------------------------------------------


def test_buttons_follow_role_and_state(login):
    agreement = make_agreement(state=S.DRAFT)
    page = login("koordination-kalk").get(agreement.get_absolute_url()).content.decode()
    assert 'value="propose"' in page and "Add a target under" in page
    page = login("geschaeftsstelle").get(agreement.get_absolute_url()).content.decode()
    assert 'value="propose"' not in page and 'value="agree"' not in page
    agreement.state = S.PROPOSED
    agreement.save()
    page = login("geschaeftsstelle").get(agreement.get_absolute_url()).content.decode()
    assert 'value="agree"' in page and 'value="request_changes"' in page
    page = login("traeger").get(agreement.get_absolute_url()).content.decode()
    assert "There is no step for you to take" in page


def test_propose_agree_and_sign_through_the_pages(login):
    agreement = make_agreement()
    office_client = login("koordination-kalk")
    response = _step(office_client, agreement, "propose")
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.state == S.PROPOSED

    from django.test import Client

    programme = Client()
    programme.cookies["django_language"] = "en"
    from veedel.accounts.models import User

    programme.force_login(User.objects.get(username="geschaeftsstelle"))
    response = _step(programme, agreement, "request_changes", comment="")
    page = programme.get(agreement.get_absolute_url()).content.decode()
    assert "the comment is required" in page
    _step(programme, agreement, "agree")
    agreement.refresh_from_db()
    assert agreement.state == S.AGREED
    _step(programme, agreement, "sign")
    page = programme.get(agreement.get_absolute_url()).content.decode()
    assert "The other side still has to sign" in page
    _step(office_client, agreement, "sign")
    agreement.refresh_from_db()
    assert agreement.state == S.SIGNED
    page = office_client.get(agreement.get_absolute_url()).content.decode()
    assert "the agreement is in force" in page
    assert "Signed by both sides" in page


@pytest.mark.parametrize("persona", ["traeger", "ratsmitglied"])
def test_signing_by_the_wrong_role_is_forbidden(login, persona):
    agreement = signed(make_agreement())
    agreement.state = S.AGREED
    agreement.office_signed_at = agreement.city_signed_at = None
    agreement.save()
    if persona == "ratsmitglied":  # council members do not see unsigned agreements at all
        assert _step(login(persona), agreement, "sign").status_code == 404
    else:
        assert _step(login(persona), agreement, "sign").status_code == 403
    agreement.refresh_from_db()
    assert agreement.office_signed_at is None and agreement.city_signed_at is None


def test_the_council_member_cannot_sign_a_signed_agreements_amendment(login):
    from veedel.agreements.services_amendments import amendment_create
    from veedel.agreements.tests.factories import user

    agreement = signed(make_agreement())
    target = agreement.targets.first()
    amendment = amendment_create(
        agreement=agreement,
        summary="a",
        reason="b",
        changes={target.pk: {"unit": "Treffen"}},
        by=user("koordination-kalk"),
    )
    url = reverse("agreements:amendment_step", args=[agreement.pk, amendment.number])
    assert login("ratsmitglied").post(url, {"action": "sign"}).status_code == 403
    assert login("traeger").post(url, {"action": "sign"}).status_code == 403
    login("geschaeftsstelle").post(url, {"action": "sign"})
    login("koordination-kalk-2").post(url, {"action": "sign"})
    amendment.refresh_from_db()
    assert amendment.state == AmendmentState.SIGNED
    target.refresh_from_db()
    assert target.unit == "Treffen"


def test_a_refused_step_shows_the_reason(login):
    agreement = make_agreement(state=S.AGREED)
    client = login("koordination-kalk")
    response = _step(client, agreement, "propose", follow=True)
    response = client.get(agreement.get_absolute_url())
    page = response.content.decode()
    assert "This step is not possible while the agreement is “agreed”" in page


def test_a_coordinator_adds_and_edits_targets_in_the_draft(login):
    agreement = make_agreement(targets=0)
    initiative = make_initiative(office(), title="Sprachcafé")
    client = login("koordination-kalk")
    client.cookies["django_language"] = "de"  # German number format: 4,5
    url = reverse("agreements:target_add", args=[agreement.pk])
    form = client.get(url, {"ziel": goals()[2].slug}).content.decode()
    assert "Sprachcafé" in form
    response = client.post(
        url,
        {
            "goal": goals()[2].pk,
            "title": "Mehr Deutschkurse",
            "indicator": "Kurse",
            "baseline": "2",
            "target_value": "4,5",
            "deadline": "31.12.2026",
            "responsible": "Frau Beispiel",
            "initiatives": [initiative.pk],
        },
    )
    assert response.status_code == 302
    target = agreement.targets.get()
    assert str(target.target_value) == "4.50" and target.goal == goals()[2]
    assert list(target.initiatives.all()) == [initiative]
    client.cookies["django_language"] = "en"
    response = client.post(url, {"goal": goals()[0].pk, "title": "", "target_value": "viele"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "field-invalid" in page and "Enter a number" in page
    response = client.post(
        reverse("agreements:target_delete", args=[agreement.pk, target.pk]), follow=True
    )
    assert not agreement.targets.exists()


def test_the_programme_office_binds_a_metric_and_sees_the_computed_value(login):
    agreement = signed(make_agreement(targets=0))
    target = make_target(agreement, title="Veranstaltungen", target_value=4)
    initiative = make_initiative(office())
    for day in (3, 4):
        make_activity(initiative, date=datetime.date(2026, 5, day), kind="event")
    make_activity(initiative, date=datetime.date(2026, 5, 5), kind="counselling")
    url = reverse("agreements:target_metric", args=[agreement.pk, target.pk])
    assert login("koordination-kalk").get(url).status_code == 403
    client = login("geschaeftsstelle")
    response = client.post(url, {"kind": "initiatives_impact", "target_group": "children"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "does not apply" in page and "needs this filter" in page
    response = client.post(url, {"kind": "activities", "activity_kind": "event"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.metric_kind == "activities"
    assert target.metric_filters == {"activity_kind": "event"}
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert '>2<br><span class="note">computed</span>' in page
    assert "50 %" in page


def test_review_and_assessment_forms(login):
    agreement = signed(make_agreement(targets=0))
    first = make_target(agreement, title="Eins", target_value=10)
    second = make_target(agreement, title="Zwei", target_value=10)
    client = login("koordination-kalk")
    url = reverse("agreements:review", args=[agreement.pk])
    response = client.post(url, {f"status_{first.pk}": "on_track"})
    assert response.status_code == 200
    assert "Choose a status for this target." in response.content.decode()
    response = client.post(
        url,
        {
            f"status_{first.pk}": "on_track",
            f"status_{second.pk}": "off_track",
            f"comment_{second.pk}": "Raum fehlt",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.state == S.REVIEWED
    url = reverse("agreements:assess", args=[agreement.pk])
    response = client.post(url, {f"actual_{first.pk}": "12", f"actual_{second.pk}": "4"})
    assert response.status_code == 200
    assert "“Zwei”: the target was not reached; give the reasons." in response.content.decode()
    response = client.post(
        url,
        {
            f"actual_{first.pk}": "12",
            f"actual_{second.pk}": "4",
            f"reasons_{second.pk}": "Kein Raum",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.achievement == 120
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "120 %" in page and "40 %" in page and "Kein Raum" in page


def test_the_printable_view_lists_targets_and_signatures(login):
    agreement = signed(make_agreement())
    page = login("ratsmitglied").get(reverse("agreements:print", args=[agreement.pk]))
    content = page.content.decode()
    for goal in goals():
        assert goal.name in content
    assert "signed by" in content and "For the city (programme office)" in content
    assert 'value="sign"' not in content


def test_start_an_agreement_and_the_duplicate_is_explained(login):
    client = login("koordination-kalk")
    url = reverse("agreements:add")
    response = client.post(url, {"office": office().pk, "year": "2027"})
    assert response.status_code == 302
    created = TargetAgreement.objects.get(office=office(), year=2027)
    assert created.state == S.DRAFT
    response = client.post(url, {"office": office().pk, "year": "2027"})
    assert response.status_code == 200
    assert "already has an agreement for 2027" in response.content.decode()
    response = client.post(url, {"office": office(CHORWEILER).pk, "year": "2027"})
    assert response.status_code == 200  # not one of her offices: not a valid choice
    assert not TargetAgreement.objects.filter(office__slug=CHORWEILER).exists()


# --- query counts -------------------------------------------------------------------------


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


BINDINGS = [
    ("activities", {"activity_kind": "event"}),
    ("participants_target_group", {"target_group": "children", "goal": "x"}),
    ("initiatives_impact", {"min_step": 4}),
    ("network_meetings", {}),
    ("published_offers", {}),
    ("hours", {"linked_only": True}),
]


def _amend(agreement, target, n):
    from veedel.agreements.services_amendments import amendment_create
    from veedel.agreements.tests.factories import user

    amendment = amendment_create(
        agreement=agreement,
        summary=f"Änderung {n}",
        reason="Grund",
        changes={target.pk: {"unit": f"Einheit {n}", "title": f"Neu {n}"}},
        by=user("koordination-kalk"),
    )
    amendment.state = AmendmentState.SIGNED
    amendment.save()


def test_the_agreement_page_runs_a_fixed_number_of_queries(login):
    agreement = signed(make_agreement(targets=1))
    goal_slug = goals()[0].slug
    initiative = make_initiative(office())
    for t, (kind, filters) in zip(agreement.targets.all(), BINDINGS, strict=False):
        t.metric_kind = kind
        t.metric_filters = {k: (goal_slug if v == "x" else v) for k, v in filters.items()}
        t.save()
        t.initiatives.add(initiative)
    _amend(agreement, agreement.targets.first(), 0)
    client = login("geschaeftsstelle")
    url = agreement.get_absolute_url()
    print_url = reverse("agreements:print", args=[agreement.pk])
    before, before_print = _count(client, url), _count(client, print_url)

    for goal in goals():
        for n, (kind, filters) in enumerate(BINDINGS * 2):
            t = make_target(
                agreement,
                goal=goal,
                title=f"Mehr {n}",
                metric_kind=kind,
                metric_filters={k: (goal.slug if v == "x" else v) for k, v in filters.items()},
            )
            t.initiatives.add(make_initiative(office(), title=f"V {goal.pk}-{n}"))
    for n in range(1, 4):
        _amend(agreement, agreement.targets.order_by("-pk")[n], n)

    assert Target.objects.filter(agreement=agreement).count() > 60
    assert _count(client, url) == before
    assert _count(client, print_url) == before_print


@pytest.mark.parametrize("model", ["targetagreement", "target", "amendment", "agreementevent"])
def test_the_programme_office_looks_agreements_up_in_the_admin(login, model):
    agreement = make_agreement()
    client = login("geschaeftsstelle")
    assert client.get(reverse(f"admin:agreements_{model}_changelist")).status_code == 200
    if model == "targetagreement":
        url = reverse("admin:agreements_targetagreement_change", args=[agreement.pk])
        assert client.get(url).status_code == 200
    assert login("koordination-kalk").get(
        reverse(f"admin:agreements_{model}_changelist")
    ).status_code in (302, 403)


def test_a_council_member_reads_a_signed_agreement_without_unpublished_initiatives(login):
    agreement = signed(make_agreement())
    hidden = make_initiative(office(), title="Internes Vorhaben XYZ")
    shown = make_initiative(office(), title="Öffentliches Vorhaben ABC", is_published=True)
    target = agreement.targets.first()
    target.initiatives.set([hidden, shown])
    for url in (
        reverse("agreements:detail", args=[agreement.pk]),
        reverse("agreements:print", args=[agreement.pk]),
    ):
        council = login("ratsmitglied").get(url).text
        assert "Öffentliches Vorhaben ABC" in council
        assert "Internes Vorhaben XYZ" not in council
        assert "Internes Vorhaben XYZ" in login("koordination-kalk").get(url).text
