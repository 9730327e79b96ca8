"""Pages of a list, keys first (veedel/core/paging.py)."""

import random
from functools import partial

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext

from veedel.core import paging, textsearch
from veedel.core.paging import (
    COUNT_SHOWN_UP_TO,
    KeysFirstPaginator,
    keys_page,
    ringed_keys_page,
    tiered_keys_page,
)

pytestmark = pytest.mark.django_db


def by_pk(keys):
    return {g.pk: g for g in Group.objects.filter(pk__in=keys)}


@pytest.fixture
def groups():
    Group.objects.bulk_create(Group(name=f"Gruppe {n:02}") for n in range(23))
    return Group.objects.order_by("name")


def test_the_keys_and_the_count_come_from_one_query_and_the_rows_from_one_more(groups):
    paginator = KeysFirstPaginator(groups, 10, by_pk)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(2)
        names = [g.name for g in page.object_list]
        assert paginator.count == 23 and paginator.num_pages == 3
    assert len(queries) == 2
    assert names == [f"Gruppe {n:02}" for n in range(10, 20)]
    assert page.has_next() and page.has_previous()
    assert not paginator.count_capped


def test_the_order_of_the_queryset_holds_also_descending_and_by_annotation(groups):
    ordered = groups.annotate(size=Length("name"), odd=F("id") % 2).order_by("-name")
    page = KeysFirstPaginator(ordered, 5, by_pk).page(1)
    assert [g.name for g in page.object_list] == [f"Gruppe {n:02}" for n in (22, 21, 20, 19, 18)]
    ranked = groups.annotate(rank=Value(1.0)).order_by("-rank", "name")
    keys, total = keys_page(ranked, 20, 10)
    assert total == 23
    assert [by_pk(keys)[k].name for k in keys] == ["Gruppe 20", "Gruppe 21", "Gruppe 22"]


def test_the_last_page_holds_the_rest(groups):
    page = KeysFirstPaginator(groups, 10, by_pk).page(3)
    assert [g.name for g in page.object_list] == ["Gruppe 20", "Gruppe 21", "Gruppe 22"]
    assert not page.has_next()


def test_a_page_past_the_end_is_refused_like_django_does(groups):
    paginator = KeysFirstPaginator(groups, 10, by_pk)
    assert paginator.fetch(4) is None
    with pytest.raises(EmptyPage):
        paginator.page(4)
    assert paginator.fetch(0) is None


def test_an_empty_list_has_one_empty_page(db):
    paginator = KeysFirstPaginator(Group.objects.order_by("name"), 10, by_pk)
    page = paginator.page(1)
    assert list(page.object_list) == [] and paginator.count == 0


def test_more_than_the_cap_is_said_so_but_the_count_stays_exact(db):
    Group.objects.bulk_create(Group(name=f"G{n:05}") for n in range(COUNT_SHOWN_UP_TO + 1))
    paginator = KeysFirstPaginator(Group.objects.order_by("name"), 50, by_pk)
    last = paginator.page(21)
    assert paginator.count == COUNT_SHOWN_UP_TO + 1 and paginator.count_capped
    assert [g.name for g in last.object_list] == [f"G{COUNT_SHOWN_UP_TO:05}"]


# --- word searches, tier by tier -------------------------------------------------------------


def log_entries(user, rows):
    """Log entries as plain records to page: (``object_repr``, ``action_flag``,
    ``change_message``) each."""
    kind = ContentType.objects.get_for_model(LogEntry)
    LogEntry.objects.bulk_create(
        LogEntry(
            user=user, content_type=kind, object_repr=name, action_flag=flag, change_message=text
        )
        for name, flag, text in rows
    )


WORDS = ["Beratung", "Beratungsstelle", "Kurs", "Kurse", "Kursangebot", "Treff", "Garten"]


@pytest.fixture
def documents(admin_user):
    """Log entries as searchable records: ``object_repr`` as the name, ``change_message`` as
    the search document; names run against the order of the words, so that whole-word
    matches sort late by name."""
    log_entries(
        admin_user,
        [
            (
                f"{chr(ord('z') - n % 26)} {n:03}",
                1,
                textsearch.document(
                    *(word for word in WORDS if random.Random(f"{n} {word}").random() < 0.6)
                ),
            )
            for n in range(120)
        ],
    )
    return LogEntry.objects.order_by("object_repr", "pk")


def ranked(queryset, text):
    found = textsearch.matching(queryset, "change_message", text)
    found = textsearch.rank(found, "change_message", text)
    return found.order_by("-search_rank", "object_repr", "pk")


@pytest.mark.parametrize("text", ["Beratung", "Kurs", "Kurs Beratung", "Kurs Treff Beratung"])
@pytest.mark.parametrize(("cap", "walk_rows"), [(1000, 2000), (12, 2000), (12, 15)])
def test_tier_by_tier_the_pages_are_those_of_sorting_all_matches(documents, text, cap, walk_rows):
    """Small tiers sorted, large ones (here: beyond the cap) walked along the order (or sorted
    when the walk is too short), deep pages by sorting all: every page holds what sorting
    every match by rank and name gives."""
    everything = ranked(documents, text)
    expected = list(everything.values_list("pk", flat=True))
    assert len(expected) > 3 * cap or cap == 1000  # large tiers, and pages deep into them
    tiers = textsearch.rank_tiers(documents, "change_message", text)
    assert len(tiers) == len(text.split()) + 1
    seen, deep = [], 0
    for offset in range(0, len(expected) + 7, 7):
        result = tiered_keys_page(tiers, offset, 7, cap=cap, walk_rows=walk_rows, sorted_up_to=cap)
        if result is None:  # as KeysFirstPaginator does
            deep += 1
            seen += keys_page(everything, offset, 7)[0]
            continue
        keys, total, exact = result
        seen += keys
        assert exact == (len(expected) <= cap)
        assert total == len(expected) if exact else total > cap
    assert seen == expected
    assert (deep > 0) == (cap < 1000)


def test_a_page_deep_in_a_large_tier_is_left_to_sorting_all_matches(documents):
    tiers = textsearch.rank_tiers(documents, "change_message", "Beratung")
    assert tiered_keys_page(tiers, 7, 7, cap=40, walk_up_to=14, sorted_up_to=40) is not None
    assert tiered_keys_page(tiers, 8, 7, cap=40, walk_up_to=14, sorted_up_to=40) is None


def test_tiers_up_to_the_sorted_size_are_sorted_and_counted_exactly(documents):
    """Beyond the cap but within ``SORTED_UP_TO`` a tier is sorted at once (no walk, which
    finds nothing when matches are rare in the list's order): every page, exactly counted."""
    everything = ranked(documents, "Beratung")
    expected = list(everything.values_list("pk", flat=True))
    tiers = textsearch.rank_tiers(documents, "change_message", "Beratung")
    seen = []
    for offset in range(0, len(expected), 7):
        with CaptureQueriesContext(connection) as sent:
            keys, total, exact = tiered_keys_page(tiers, offset, 7, cap=12, walk_rows=15)
        assert (total, exact) == (len(expected), True) and len(expected) > 12
        assert not [q for q in sent.captured_queries if "walked" in q["sql"]]
        seen += keys
    assert seen == expected


def test_a_query_of_many_words_has_no_tiers_and_one_of_none_has_one(documents):
    assert textsearch.rank_tiers(documents, "change_message", "Kurs Treff Beratung Garten") is None
    (everything,) = textsearch.rank_tiers(documents, "change_message", "und oder")
    assert everything.indexed.count() == 120
    keys, total, exact = tiered_keys_page(
        [everything], 20, 5, cap=30, walk_rows=40, sorted_up_to=30
    )
    assert keys == list(documents.values_list("pk", flat=True)[20:25])  # walked along the order
    assert (total, exact) == (31, False)


@pytest.mark.parametrize("sorted_up_to", [30, 5000])  # walked, sorted
def test_with_an_exact_count_a_page_tells_the_whole_number(documents, monkeypatch, sorted_up_to):
    monkeypatch.setattr(paging, "SORTED_UP_TO", sorted_up_to)
    (everything,) = textsearch.rank_tiers(documents, "change_message", "")
    counted = []

    def exact(queryset):
        counted.append(queryset)
        return queryset.count()

    keys, total, exact_total = tiered_keys_page(
        [everything], 20, 5, cap=30, walk_rows=40, exact_count=exact
    )
    assert keys == list(documents.values_list("pk", flat=True)[20:25])
    assert (total, exact_total, len(counted)) == (120, True, 1)


def test_the_paginator_counts_up_to_the_cap_and_says_more(documents, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_SHOWN_UP_TO", 30)
    monkeypatch.setattr(paging, "SORTED_UP_TO", 30)  # large tiers from 31 on
    tiers = textsearch.rank_tiers(documents, "change_message", "Beratung")
    everything = ranked(documents, "Beratung")
    expected = list(everything.values_list("pk", flat=True))

    def by_pk_log(keys):
        return {entry.pk: entry for entry in LogEntry.objects.filter(pk__in=keys)}

    paginator = KeysFirstPaginator(
        everything, 10, by_pk_log, pages=partial(tiered_keys_page, tiers)
    )
    page = paginator.page(2)
    assert [e.pk for e in page.object_list] == expected[10:20]
    assert not paginator.count_exact and paginator.count_capped
    assert paginator.count == 31  # "more than 30"
    assert page.has_next()
    # Deeper than the cap, the page comes from sorting all matches, with the exact count.
    deep = KeysFirstPaginator(
        everything, 10, by_pk_log, pages=partial(tiered_keys_page, tiers)
    ).page(4)
    assert [e.pk for e in deep.object_list] == expected[30:40]
    assert deep.paginator.count_exact and deep.paginator.count == len(expected) > 40


# --- nearest first, circle by circle -------------------------------------------------------


@pytest.fixture
def distances(admin_user):
    """Log entries whose ``action_flag`` stands for a distance: the circles are the entries up
    to a distance, each ordered by distance, then by name."""
    log_entries(
        admin_user, ((f"Ort {n:03}", random.Random(n).randint(1, 60), "") for n in range(90))
    )
    return LogEntry.objects.order_by("action_flag", "object_repr", "pk")


@pytest.mark.parametrize("cap", [1000, 25])
def test_circle_by_circle_the_pages_are_those_of_sorting_all(distances, cap):
    expected = list(distances.values_list("pk", flat=True))
    rings = [(partial(distances.filter, action_flag__lte=r),) * 2 for r in (5, 10, 20, 40)]
    rings.append((lambda: distances,) * 2)
    seen = []
    for offset in range(0, 100, 10):
        keys, total, exact = ringed_keys_page(rings, offset, 10, cap=cap)
        seen += keys
        assert exact == (cap == 1000)
        assert total == 90 if exact else total == cap + 1
    assert seen == expected


def test_a_page_near_the_start_reads_only_a_small_circle(distances):
    rings = [(partial(distances.filter, action_flag__lte=r),) * 2 for r in (5, 10, 20, 40)]
    rings.append((lambda: distances,) * 2)
    with CaptureQueriesContext(connection) as queries:
        keys, total, exact = ringed_keys_page(rings, 0, 3, cap=20)
    # Counted circle by circle until one holds more than the cap; sorted from the first
    # that holds the page.
    # (On PostgreSQL two more statements set the planner and put it back.)
    read = [q["sql"] for q in queries if "set_config" not in q["sql"]]
    counted = [sql for sql in read if "COUNT(*)" in sql and "OVER" not in sql]
    assert len(counted) == len(read) - 1 <= 5
    small = min(r for r in (5, 10, 20, 40) if distances.filter(action_flag__lte=r).count() >= 3)
    assert f'"action_flag" <= {small}' in read[-1]
    assert keys == expected_first(distances, 3) and not exact and total == 21


def expected_first(queryset, number):
    return list(queryset.values_list("pk", flat=True)[:number])


def _setting(name):
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_planner_settings_hold_in_the_block_only(db):
    if connection.vendor != "postgresql":
        # SQLite has no such settings: the block sends nothing and lets a failure through.
        with CaptureQueriesContext(connection) as sent, paging.planned_without("default", "x"):
            pass
        assert len(sent) == 0
        with pytest.raises(RuntimeError), paging.planned_without("default", "hashjoin"):
            raise RuntimeError("a failure inside the block")
        return
    assert _setting("enable_hashjoin") == "on"
    with paging.planned_without("default", "hashjoin", "seqscan"):
        assert (_setting("enable_hashjoin"), _setting("enable_seqscan")) == ("off", "off")
    assert (_setting("enable_hashjoin"), _setting("enable_seqscan")) == ("on", "on")
    with pytest.raises(RuntimeError), paging.planned_without("default", "hashjoin"):
        raise RuntimeError("a failure inside the block")
    assert _setting("enable_hashjoin") == "on"
    workers = _setting("max_parallel_workers_per_gather")
    with paging.planned_with("default", max_parallel_workers_per_gather="0"):
        assert _setting("max_parallel_workers_per_gather") == "0"
    assert _setting("max_parallel_workers_per_gather") == workers != "0"
