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

A word search ordered by rank can do better (``tiered_keys_page``): its matches are split
into rank tiers, each counted through the search index only up to the cap; a large tier's page
is read by walking an index in name order until the page is full. Then neither the count nor
the page reads every match, and the cost stays the same from 10,000 to 100,000 offers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from contextlib import contextmanager

from django.core.paginator import Page, Paginator
from django.db import DatabaseError, connections
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Value

from veedel.core.pagecache import kept_while_unchanged
from veedel.core.textsearch import Tier

# Above this many matches a page says "more than …" instead of the exact number.
COUNT_SHOWN_UP_TO = 1000
# How far a large tier's page is looked for along the list's order before sorting the tier.
WALK_ROWS = 2000
# A rank tier of up to this many rows is sorted at once: that costs less than a walk, which
# finds nothing when the matches are a small share of the list, as a word with a topic (at
# 100 000 offers, sorting 2 000 matches takes about 7 ms, a walk 5–13 ms; bench/README.md).
SORTED_UP_TO = 5000


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
    count: bool = True,
) -> tuple[list, int | None]:
    """The keys (``key``, a field path) of the rows ``offset`` … ``offset + limit`` of
    ``queryset`` in ``order`` (default: the queryset's own), and the number of all matches.

    The number is None when the page is empty (then it cannot be read off a row), or when
    it is not asked for (``count=False``: the window that counts costs a third of the time).
    """
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
            f"SELECT page_key, {'COUNT(*) OVER ()' if count else 'NULL'} FROM matches "
            f"ORDER BY {sort_sql} LIMIT %s OFFSET %s",
            (*params, limit, offset),
        )
        rows = cursor.fetchall()
    field = _key_field(queryset, key)
    keys = [field.to_python(value) for value, _total in rows]
    return keys, (rows[0][1] if rows else None)


def capped_count(queryset: QuerySet, cap: int) -> int:
    """The number of rows of ``queryset``, counted up to ``cap + 1`` (more are not read)."""
    return queryset.order_by().values("pk")[: cap + 1].count()


def count_while_unchanged(queryset: QuerySet) -> int:
    """The exact number of ``queryset``'s rows, counted once per version of the data (kept
    in the cache under its SQL, ``pagecache.kept_while_unchanged``): for a list whose exact
    size must be told however many rows match, when reading it costs more than a page."""
    sql, params = queryset.query.sql_with_params()
    digest = hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()

    def count() -> int:
        # Alone: helpers would share the two cores with the other requests (a third slower
        # on a machine of two cores serving two workers, bench/README.md).
        with planned_with(queryset.db, max_parallel_workers_per_gather="0"):
            return queryset.count()

    return kept_while_unchanged("count", count, digest)


def tiered_keys_page(
    tiers: Sequence[Tier],
    offset: int,
    limit: int,
    *,
    cap: int | None = None,
    walk_up_to: int | None = None,
    walk_rows: int | None = None,
    key: str = "pk",
    exact_count: Callable[[QuerySet], int] | None = None,
    sorted_up_to: int | None = None,
) -> tuple[list, int, bool] | None:
    """The keys of rows ``offset`` … ``offset + limit`` of a list made of ``tiers`` one after
    the other, each in the order of its queryset (best rank first, then by name:
    ``textsearch.rank_tiers``), with the number of all rows and whether it is exact.

    A tier is counted through the search index up to ``sorted_up_to + 1`` rows (at least
    ``cap + 1``; by default ``SORTED_UP_TO``). A tier of no more rows is small: its page is
    sorted from the index's matches (``keys_page``). A large tier's page is first looked for
    in the first ``walk_rows`` rows of the list's order, testing each (``walk``): when its
    matches are spread out, that finds the page at once, whatever the number of matches; when
    they sort late (a word most names begin with), the tier is sorted as a small one is. The
    count of a large tier is not exact.

    With ``exact_count`` (a queryset → its number of rows, such as ``count_while_unchanged``)
    each tier is counted by it instead, and the count is exact.

    None when the page lies deeper than ``walk_up_to`` rows (at most ``cap``) into a large
    tier: the caller sorts all matches instead (``keys_page``).
    """
    cap = COUNT_SHOWN_UP_TO if cap is None else cap
    large = max(cap, SORTED_UP_TO if sorted_up_to is None else sorted_up_to)
    # A page read from a large tier never runs past its end: it lies within its first ``cap``.
    walk_up_to = cap if walk_up_to is None else min(walk_up_to, cap)
    walk_rows = WALK_ROWS if walk_rows is None else walk_rows
    keys: list = []
    total, skip, need = 0, offset, limit
    counts = []
    if exact_count is not None:
        counts = [exact_count(tier.indexed) for tier in tiers]
    else:
        with counted_in_the_index(tiers[0].indexed.db):
            for tier in tiers:  # up to the first large one: later ones do not change the count
                counts.append(capped_count(tier.indexed, large))
                if counts[-1] > large:
                    break
    for number, (tier, found) in enumerate(zip(tiers, counts, strict=False)):
        if found > large:  # its exact size stays unknown without ``exact_count``
            if need:
                if skip + need > walk_up_to:
                    return None
                page = walk(tier.queryset, tier.condition, skip, need, rows=walk_rows, key=key)
                if page is None:
                    page, _count = keys_page(tier.indexed, skip, need, key=key, count=False)
                keys += page
            if exact_count is None:
                return keys, total + found, False
            return keys, total + sum(counts[number:]), True
        total += found
        if need and skip < found:
            # Few: sorted as narrow rows (a plan walking the list's order and testing each
            # row against the index's condition would read far more of them).
            page, _count = keys_page(tier.indexed, skip, need, key=key, count=False)
            keys += page
            need -= len(page)
            skip = 0
        elif need:
            skip -= found
    return keys, total, True


def ringed_keys_page(
    rings: Sequence[tuple[Callable[[], QuerySet], Callable[[], QuerySet]]],
    offset: int,
    limit: int,
    *,
    cap: int | None = None,
    key: str = "pk",
) -> tuple[list, int, bool]:
    """The keys of rows ``offset`` … ``offset + limit`` of a list that ``rings`` make up: growing
    parts of it, each in the list's order, every row of a ring sorting before every row outside
    it, the last ring the whole list (circles around a point, nearest first). With the number
    of all rows and whether it is exact.

    The rings are counted up to ``cap + 1`` rows, smallest first, until one holds more than
    ``cap`` (the count is not exact then) or the whole list is counted; the page is sorted
    from the smallest ring that holds it. So a page near the start reads only the rows of a
    small ring, however long the list."""
    cap = COUNT_SHOWN_UP_TO if cap is None else cap
    chosen, first = None, rings[0][0]()
    with following_small_parts(first.db):
        for index, (make, ordered) in enumerate(rings):
            found = capped_count(first if index == 0 else make(), cap)
            if chosen is None and found >= offset + limit:
                chosen = ordered
            if found > cap:
                break
        exact = found <= cap  # only the whole list (the last ring) ends the loop counted
        if chosen is not None:
            keys, _count = keys_page(chosen(), offset, limit, key=key, count=False)
    if chosen is None:  # deep into the list: sorted as a whole (hash joins allowed)
        keys, _count = keys_page(rings[-1][1](), offset, limit, key=key, count=False)
    return keys, found, exact


def planned_without(using: str, *methods: str):
    """Within the block, PostgreSQL plans without ``methods`` (``hashjoin``, ``seqscan`` …)
    unless there is no other way (``enable_… = off``, ``planned_with``). Where its estimates
    are known to mislead it; on SQLite nothing changes."""
    return planned_with(using, **{f"enable_{method}": "off" for method in methods})


@contextmanager
def planned_with(using: str, **settings: str):
    """Within the block, PostgreSQL's planner ``settings`` hold for the connection, and are
    put back as they were at the end: one statement before, one after. On SQLite nothing
    changes."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    names = list(settings)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join("current_setting(%s), set_config(%s, %s, false)" for _ in names),
            [value for name in names for value in (name, name, settings[name])],
        )
        row = cursor.fetchone()
        before = row[0::2]
        try:
            yield
        finally:
            try:
                cursor.execute(
                    "SELECT " + ", ".join("set_config(%s, %s, false)" for _ in names),
                    [
                        value
                        for name, was in zip(names, before, strict=True)
                        for value in (name, was)
                    ],
                )
            except DatabaseError:
                # A statement in the block failed inside a transaction: its rollback puts the
                # settings back, and the error that matters is the one already raised.
                if not connection.in_atomic_block:
                    raise


def following_small_parts(using: str):
    """PostgreSQL plans joins by hashing, for counting the rows of a small part of a list:
    it overcharges following each of a few rows into a large table, and would scan every
    offer to find the few in a small circle."""
    return planned_without(using, "hashjoin", "mergejoin")


def counted_in_the_index(using: str):
    """A count up to a cap of the matches of a search-index condition: PostgreSQL expects to
    meet the cap soon in the table (or along another index) and tests rows one by one, each
    test parsing a document (``to_tsvector``); through the index it costs a few ms."""
    return planned_without(using, "seqscan", "indexscan")


def walk(
    queryset: QuerySet, condition: Q, offset: int, limit: int, *, rows: int, key: str = "pk"
) -> list | None:
    """The keys of the rows ``offset`` … ``offset + limit`` of ``queryset`` (in its order) that
    meet ``condition``, looked for among its first ``rows`` rows only (an index in that order
    reads just those); None when they hold fewer."""
    order = order_of(queryset)
    sort = {f"sort_{i}": F(name.lstrip("-")) for i, name in enumerate(order)}
    inner = (
        queryset.order_by(*order)
        .annotate(
            page_key=F(key),
            hit=ExpressionWrapper(condition, output_field=BooleanField())
            if condition
            else Value(True),
            **sort,
        )
        .values_list("page_key", "hit", *sort)
    )[:rows]
    sql, params = inner.query.sql_with_params()
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    sort_sql = ", ".join(
        f"{quote(alias)}{' DESC' if name.startswith('-') else ''}"
        for alias, name in zip(sort, order, strict=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT page_key FROM ({sql}) walked WHERE hit ORDER BY {sort_sql} LIMIT %s OFFSET %s",
            (*params, limit, offset),
        )
        found = [row[0] for row in cursor.fetchall()]
    if len(found) < limit:
        return None
    field = _key_field(queryset, key)
    return [field.to_python(value) for value in found]


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


#: A way to read a page's keys faster than sorting all matches: (offset, limit) → (keys, the
#: number of all rows, whether it is exact), or None to sort all (``tiered_keys_page`` and
#: ``ringed_keys_page`` with their parts bound).
Pages = Callable[[int, int], "tuple[list, int, bool] | None"]


class KeysFirstPaginator(Paginator):
    """A paginator whose pages cost one query for the keys and the count, and ``fetch(keys)``
    (keys → {key: object}) for the page's objects, which keep the list's order.

    With ``pages`` (a word search's rank tiers, "near me"'s circles) a page is read that way
    first, and the count is exact only up to the cap (``count_exact``); where it answers None
    the paginator sorts all matches."""

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        fetch: Callable[[list], dict],
        pages: Pages | None = None,
    ):
        super().__init__(object_list, per_page)
        self._fetch = fetch
        self._read_pages = pages
        self._pages: dict[int, Page] = {}
        self.count_exact = True

    def fetch(self, number: int) -> Page | None:
        """Page ``number`` (from 1), or None when it lies past the end."""
        if number < 1:
            return None
        offset = (number - 1) * self.per_page
        read = self._read_pages(offset, self.per_page) if self._read_pages else None
        if read is not None:
            keys, total, exact = read
        else:
            keys, total = keys_page(self.object_list, offset, self.per_page)
            exact = True
        if total is not None and (exact or keys):
            # Paginator.count is a cached_property: set it instead of a COUNT query (past
            # the end of a list counted only up to the cap, Django counts it exactly).
            self.__dict__["count"] = total
            self.count_exact = exact
        if not keys:
            return None
        by_key = self._fetch(keys)
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
