"""Actual values computed from the documented work: each metric kind on real rows, the
filters, the year and the office as scope, validation, and the per-goal achievements."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from veedel.agreements.metrics import (
    goal_achievements,
    metric_value,
    metric_values,
    target_actuals,
    validate_metric,
)
from veedel.agreements.models import AgreementState
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
D = datetime.date


@pytest.fixture
def work():
    """Documented work of Kalk in 2026 (and some noise: 2025, and Chorweiler)."""
    from veedel.programme.models import Topic

    g1, g2 = goals()[0], goals()[1]
    topic = Topic.objects.order_by("pk").first()
    cafe = make_initiative(office(), title="Café", status="running")
    cafe.topics.add(topic)
    cafe.goals.add(g1)
    kurs = make_initiative(office(), title="Kurs", outcome_step=5, end=D(2026, 10, 1))
    make_activity(
        cafe,
        date=D(2026, 2, 1),
        kind="event",
        participants=30,
        hours=3,
        goals=[g1],
        step=2,
        groups={"children": 10, "seniors": 5},
    )
    make_activity(
        cafe,
        date=D(2026, 3, 1),
        kind="event",
        participants=20,
        hours="1.5",
        goals=[g1, g2],
        step=4,
        groups={"children": 7},
    )
    make_activity(kurs, date=D(2026, 4, 1), kind="training", participants=8, hours=2, step=1)
    make_activity(cafe, date=D(2025, 12, 31), kind="event", participants=100, hours=9, step=7)
    elsewhere = make_initiative(office(CHORWEILER), title="Anderswo")
    make_activity(elsewhere, date=D(2026, 5, 1), kind="event", participants=50, step=7)
    return {"cafe": cafe, "kurs": kurs, "topic": topic, "g1": g1, "g2": g2}


def _target(kind, **filters):
    agreement = make_agreement(year=2026, targets=0) if not _target.agreement else _target.agreement
    _target.agreement = agreement
    return make_target(agreement, metric_kind=kind, metric_filters=filters)


@pytest.fixture(autouse=True)
def _fresh_agreement():
    _target.agreement = None


@pytest.mark.parametrize(
    ("kind", "filters", "expected"),
    [
        ("activities", {}, 3),
        ("activities", {"activity_kind": "event"}, 2),
        ("activities", {"goal": "G2"}, 1),
        ("activities", {"min_step": 2}, 2),
        ("activities", {"target_group": "seniors"}, 1),
        ("activities", {"topic": "T"}, 2),
        ("participants", {}, 58),
        ("participants", {"goal": "G1"}, 50),
        ("participants_target_group", {"target_group": "children"}, 17),
        ("participants_target_group", {"target_group": "children", "min_step": 4}, 7),
        ("hours", {}, Decimal("6.5")),
        ("hours", {"activity_kind": "training"}, 2),
        ("initiatives_impact", {"min_step": 4}, 2),  # Café by an activity, Kurs by its outcome
        ("initiatives_impact", {"min_step": 6}, 0),
        ("initiatives_impact", {"min_step": 4, "goal": "G1"}, 1),
    ],
)
def test_metric_values_on_documented_work(work, kind, filters, expected):
    slugs = {"G1": work["g1"].slug, "G2": work["g2"].slug, "T": work["topic"].slug}
    filters = {k: slugs.get(v, v) for k, v in filters.items()}
    target = _target(kind, **filters)
    assert metric_value(target=target) == Decimal(expected)


def test_linked_only_counts_the_targets_initiatives(work):
    target = _target("participants", linked_only=True)
    target.initiatives.add(work["kurs"])
    assert metric_value(target=target) == 8


def test_network_meetings_and_published_offers(work):
    from veedel.agreements.tests.factories import space_of
    from veedel.network.models import Actor, Meeting, Network
    from veedel.offers.models import Location, Offer, ServiceAtLocation

    kalk = office()
    network = Network.objects.create(
        name="Stadtteilkonferenz",
        slug="stk",
        kind="stadtteilkonferenz",
        office=kalk,
        social_space=space_of(kalk),
    )
    network.topics.add(work["topic"])
    for month in (1, 6):
        Meeting.objects.create(network=network, start=f"2026-{month:02d}-05T17:00:00+01:00")
    Meeting.objects.create(network=network, start="2025-06-05T17:00:00+01:00")
    actor = Actor.objects.create(name="Verein", kind="club", office=kalk, is_public=True)
    location = Location.objects.create(organization=actor, name="Treff", location_type="physical")
    location.social_spaces.add(space_of(kalk))
    published = Offer.objects.create(organization=actor, office=kalk, name="A", is_published=True)
    hidden = Offer.objects.create(organization=actor, office=kalk, name="B", is_published=False)
    for offer in (published, hidden):
        ServiceAtLocation.objects.create(offer=offer, location=location)
    assert metric_value(target=_target("network_meetings")) == 2
    assert metric_value(target=_target("network_meetings", topic=work["topic"].slug)) == 2
    assert metric_value(target=_target("published_offers")) == 1


def test_third_party_funds_are_not_available_yet(work):
    target = _target("third_party_funds")
    assert metric_value(target=target) is None
    assert metric_value(target=_target("")) is None


def test_a_hand_entered_or_frozen_value_wins_over_the_computed_one(work):
    target = _target("activities")
    target.actual_value = Decimal("11")
    target.save()
    assert target_actuals([target]) == {target.pk: Decimal("11")}


def test_one_query_per_source_however_many_targets(work):
    targets = [_target("activities", activity_kind="event") for _ in range(3)]
    with CaptureQueriesContext(connection) as few:
        metric_values(targets)
    targets += [_target(kind) for kind in ("activities", "hours", "participants") * 10]
    with CaptureQueriesContext(connection) as many:
        values = metric_values(targets)
    assert len(few.captured_queries) == len(many.captured_queries) == 1
    assert values[targets[0].pk] == 2


@pytest.mark.parametrize(
    ("kind", "filters", "field", "message"),
    [
        ("network_meetings", {"goal": "x"}, "goal", "does not apply"),
        ("activities", {"activity_kind": "party"}, "activity_kind", "not a kind of activity"),
        ("activities", {"target_group": "aliens"}, "target_group", "not a target group"),
        ("activities", {"goal": "nope"}, "goal", "There is no goal"),
        ("hours", {"topic": "nope"}, "topic", "There is no topic"),
        ("activities", {"min_step": 9}, "min_step", "from 1 to 7"),
        ("initiatives_impact", {}, "min_step", "needs this filter"),
        ("participants_target_group", {}, "target_group", "needs this filter"),
        ("activities", {"colour": "red"}, "__all__", "does not apply"),
    ],
)
def test_bindings_are_validated_with_the_filter_named(kind, filters, field, message):
    with pytest.raises(ValidationError) as refused:
        validate_metric(kind, filters)
    assert message in " ".join(refused.value.message_dict[field])


def test_unknown_kind_is_refused():
    with pytest.raises(ValidationError, match="not a metric"):
        validate_metric("sunshine", {})


def test_goal_achievements_per_office_and_goal(work):
    agreement = signed(make_agreement(year=2026, targets=0))
    g1, g2 = work["g1"], work["g2"]
    make_target(agreement, goal=g1, target_value=4, metric_kind="activities")  # 3 of 4: 75 %
    make_target(agreement, goal=g1, target_value=10, actual_value=Decimal(20))  # 200 %
    make_target(agreement, goal=g2, target_value=5)  # no actual value
    make_agreement(CHORWEILER, year=2026, state=AgreementState.DRAFT)  # not signed: left out
    rows = {(r["office_id"], r["goal_id"]): r for r in goal_achievements(year=2026)}
    assert set(rows) == {(office().pk, g1.pk), (office().pk, g2.pk)}
    first = rows[(office().pk, g1.pk)]
    assert first["targets"] == 2 and first["with_actual"] == 2
    assert first["achievement"] == Decimal("137.5")
    assert first["achievement_capped"] == Decimal("87.5")
    second = rows[(office().pk, g2.pk)]
    assert second["with_actual"] == 0 and second["achievement"] is None
    assert goal_achievements(year=2026, office_ids=[office(CHORWEILER).pk]) == []


def test_targets_loaded_plainly_cost_a_fixed_number_of_queries(work):
    """Reports pass targets without select_related/prefetch_related: still no N+1."""
    from veedel.agreements.models import Target

    def count(n):
        for _ in range(n):
            t = _target("participants", linked_only=True)
            t.initiatives.add(work["cafe"])
        plain = list(Target.objects.filter(agreement=_target.agreement))
        with CaptureQueriesContext(connection) as ctx:
            values = target_actuals(plain)
        return len(ctx.captured_queries), values

    few, _ = count(2)
    many, values = count(20)
    assert few == many == 3  # agreements, linked initiatives, one aggregate
    assert set(values.values()) == {Decimal(50)}
