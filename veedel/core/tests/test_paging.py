"""Pages of a list, keys first (veedel/core/paging.py)."""

import pytest
from django.contrib.auth.models import Group
from django.core.paginator import EmptyPage
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext

from veedel.core.paging import COUNT_SHOWN_UP_TO, KeysFirstPaginator, keys_page

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
