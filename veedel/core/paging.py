"""Pages of a list, keys first: the matches are sorted as narrow rows, the page as full rows.

Sorting every match with all its columns (and counting them with ``COUNT(*) OVER ()`` over
those full rows) makes PostgreSQL write the whole result to disk when it is large: a common
word in a directory of 100,000 offers matches thousands of them. ``keys_page`` collects the
matches into a CTE of their key and sort columns only, counts and sorts those, and cuts out
the page's keys; the page's rows are then loaded by key (``fetch``) with everything they show.
The cost follows the number of matches times a few bytes, not the width of a row.

``KeysFirstPaginator`` is a Django ``Paginator`` built on it: one query for the page's keys and
the count of all matches, one (plus prefetches) for the page's rows. Only a page past the end
needs a third query, for the count.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import F, QuerySet

# Above this many matches a page says "more than …" instead of the exact number.
COUNT_SHOWN_UP_TO = 1000


def order_of(queryset: QuerySet) -> tuple[str, ...]:
    """The ordering of ``queryset`` as field or annotation names ("-" for descending), ending
    with the primary key so that pages never overlap."""
    order = tuple(queryset.query.order_by) or tuple(queryset.model._meta.ordering or ())
    if not any(name.lstrip("-") in ("pk", queryset.model._meta.pk.name) for name in order):
        order += ("pk",)
    return order


def keys_page(
    queryset: QuerySet,
    offset: int,
    limit: int,
    *,
    order: Sequence[str] | None = None,
    key: str = "pk",
) -> tuple[list, int | None]:
    """The keys (``key``, a field path) of the rows ``offset`` … ``offset + limit`` of
    ``queryset`` in ``order`` (default: the queryset's own), and the number of all matches.

    The number is None when the page is empty (then it cannot be read off a row)."""
    order = tuple(order or order_of(queryset))
    sort = {f"sort_{i}": F(name.lstrip("-")) for i, name in enumerate(order)}
    inner = queryset.order_by().annotate(page_key=F(key), **sort).values_list("page_key", *sort)
    sql, params = inner.query.sql_with_params()
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    # PostgreSQL would otherwise inline the CTE and sort the full rows again.
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    sort_sql = ", ".join(
        f"{quote(alias)}{' DESC' if name.startswith('-') else ''}"
        for alias, name in zip(sort, order, strict=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH matches AS {materialized}({sql}) "
            f"SELECT page_key, COUNT(*) OVER () FROM matches "
            f"ORDER BY {sort_sql} LIMIT %s OFFSET %s",
            (*params, limit, offset),
        )
        rows = cursor.fetchall()
    field = _key_field(queryset, key)
    keys = [field.to_python(value) for value, _total in rows]
    return keys, (rows[0][1] if rows else None)


def _key_field(queryset: QuerySet, key: str):
    """The model field a key path ends in; its ``to_python`` turns SQLite's text UUIDs into
    UUIDs, as the ORM would."""
    model, field = queryset.model, None
    for part in key.split("__"):
        field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        if field.is_relation:
            model = field.related_model
            field = model._meta.pk
    return field


class KeysFirstPaginator(Paginator):
    """A paginator whose pages cost one query for the keys and the count, and ``fetch(keys)``
    (keys → {key: object}) for the page's objects, which keep the list's order."""

    def __init__(self, object_list: QuerySet, per_page: int, fetch: Callable[[list], dict]):
        super().__init__(object_list, per_page)
        self._fetch = fetch
        self._pages: dict[int, Page] = {}

    def fetch(self, number: int) -> Page | None:
        """Page ``number`` (from 1), or None when it lies past the end."""
        if number < 1:
            return None
        keys, total = keys_page(self.object_list, (number - 1) * self.per_page, self.per_page)
        if total is None:
            return None
        # Paginator.count is a cached_property: set it from the row instead of a COUNT query.
        self.__dict__["count"] = total
        by_key = self._fetch(keys) if keys else {}
        page = Page([by_key[k] for k in keys if k in by_key], number, self)
        self._pages[number] = page
        return page

    def page(self, number) -> Page:
        # Fetch before validating: validating asks for num_pages, which would count first.
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = None
        if wanted is not None and (found := self._pages.get(wanted) or self.fetch(wanted)):
            return found
        # Past the end, or an empty list: Django's rules (an empty list has one empty page).
        return Page([], self.validate_number(number), self)

    @property
    def count_capped(self) -> bool:
        """True when there are more matches than a page should state exactly."""
        return self.count > COUNT_SHOWN_UP_TO
