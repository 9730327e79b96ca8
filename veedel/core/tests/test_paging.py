"""Pages of a list in one query (veedel/core/paging.py)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from veedel.core.paging import CountingPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups():
    Group.objects.bulk_create(Group(name=f"Gruppe {n:02}") for n in range(23))
    return Group.objects.order_by("name")


def test_a_page_and_the_count_come_from_one_query(groups):
    paginator = CountingPaginator(groups, 10)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(2)
        names = [g.name for g in page.object_list]
        assert paginator.count == 23 and paginator.num_pages == 3
    assert len(queries) == 1
    assert names == [f"Gruppe {n:02}" for n in range(10, 20)]
    assert page.has_next() and page.has_previous()


def test_the_last_page_holds_the_rest(groups):
    page = CountingPaginator(groups, 10).page(3)
    assert [g.name for g in page.object_list] == ["Gruppe 20", "Gruppe 21", "Gruppe 22"]
    assert not page.has_next()


def test_a_page_past_the_end_is_refused_like_django_does(groups):
    from django.core.paginator import EmptyPage

    paginator = CountingPaginator(groups, 10)
    assert paginator.fetch(4) is None
    with pytest.raises(EmptyPage):
        paginator.page(4)
    assert paginator.fetch(0) is None


def test_an_empty_list_has_one_empty_page(db):
    paginator = CountingPaginator(Group.objects.order_by("name"), 10)
    page = paginator.page(1)
    assert list(page.object_list) == [] and paginator.count == 0
