"""The registries through which apps contribute to shared pages (veedel/core/contributions.py)."""

import pytest
from django.test import RequestFactory

from veedel.core.contributions import Contributions, Hook, dashboard_panels


def test_parts_come_in_their_order_and_only_when_shown():
    parts = Contributions("test")
    parts.add(key="b", order=20, template="b.html", context=lambda request: {"n": 2})
    parts.add(key="a", order=10, template="a.html", context=lambda request: {"n": 1})
    parts.add(key="hidden", order=5, template="h.html", context=lambda request: None)
    shown = parts.render_list(RequestFactory().get("/"))
    assert [(p["key"], p["context"]) for p in shown] == [("a", {"n": 1}), ("b", {"n": 2})]


def test_adding_a_part_again_replaces_it():
    parts = Contributions("test")
    parts.add(key="a", order=10, template="a.html", context=lambda request: {})
    parts.add(key="a", order=30, template="a2.html", context=lambda request: {})
    assert [(p.key, p.order, p.template) for p in parts] == [("a", 30, "a2.html")]


def test_per_object_parts_are_collected_for_each_object():
    class Office:
        def __init__(self, pk):
            self.pk = pk

    facts = Contributions("test")
    facts.add(key="x", order=1, template="x.html", context=lambda request, objects: {1: {"n": 5}})
    facts.add(
        key="y",
        order=2,
        template="y.html",
        context=lambda request, objects: {o.pk: {"m": o.pk} for o in objects},
    )
    shown = facts.render_per_object(RequestFactory().get("/"), [Office(1), Office(2)])
    assert [p["key"] for p in shown[1]] == ["x", "y"]
    assert [p["context"] for p in shown[2]] == [{"m": 2}]


def test_a_hook_calls_every_receiver_and_a_failing_one_stops_the_change():
    hook = Hook("test")
    heard = []
    hook.connect(lambda **kw: heard.append(("a", kw)), key="a")
    hook.connect(lambda **kw: heard.append(("b", kw)), key="b")
    hook.connect(lambda **kw: heard.append(("b again", kw)), key="b")  # replaces, not doubles
    hook.send(actor_ids=[1])
    assert heard == [("a", {"actor_ids": [1]}), ("b again", {"actor_ids": [1]})]

    def fails(**kw):
        raise RuntimeError("reindex failed")

    hook.connect(fails, key="c")
    with pytest.raises(RuntimeError):
        hook.send(actor_ids=[2])


def test_every_app_with_work_contributes_to_the_dashboard():
    keys = {part.key for part in dashboard_panels}
    assert {
        "offices",
        "initiatives",
        "agreements",
        "reports",
        "council",
        "guide",
        "network",
        "offers",
        "programme-periods",
    } <= keys
