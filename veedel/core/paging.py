"""Pages of a list that cost one query: the page's rows carry the number of all matches.

Django's ``Paginator`` counts in one query and fetches the page in another, so the database
finds every match twice. ``CountingPaginator`` asks for the page with ``COUNT(*) OVER ()``
and takes the count from its first row; only a page past the end needs a separate count.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

TOTAL = "matches_total"


class CountingPaginator(Paginator):
    def __init__(self, object_list, per_page: int):
        super().__init__(object_list, per_page)
        self._pages: dict[int, Page] = {}

    def fetch(self, number: int) -> Page | None:
        """Page ``number`` (from 1) in one query, or None when it lies past the end."""
        if number < 1:
            return None
        bottom = (number - 1) * self.per_page
        counted = self.object_list.annotate(**{TOTAL: Window(Count("pk"))})
        rows = list(counted[bottom : bottom + self.per_page])
        if not rows:
            return None
        # Paginator.count is a cached_property: set it from the row instead of a COUNT query.
        self.__dict__["count"] = getattr(rows[0], TOTAL)
        page = Page(rows, number, self)
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
        return super().page(self.validate_number(number))
