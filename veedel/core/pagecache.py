"""Whole public pages kept in the cache until the site's data changes.

The start page and the Veedel pages show data that changes a few times a year, but rendering
them costs far more than their SQL. ``cached_page`` keeps a page's HTML in the cache
(``CACHES["default"]``: memory per process, Redis when several app servers share it) under

    the data's version · the minute · the language · scheme, host and path

- **The version** is ``site_version()``: one query per request, moved by database triggers
  on every table in the same transaction as the change (``veedel.core.sitechanges``). A page
  kept under an older version is never served after a change is visible, however the change
  was made.
- **The minute** lets pages that depend on the time (today's events, a period that began)
  be at most a minute behind the clock; entries expire after ``PAGE_CACHE_SECONDS``.
- **Only what is the same for every visitor** is kept: ``GET`` without a query string, from a
  visitor without a session or pending messages (so never a signed-in user's page), answered
  with ``200`` and no cookie, and without a CSRF token in it (a page with a form that needs
  one is rendered for every request). The language switch needs no token (it only sets the
  language cookie), so it does not stop a page from being kept.

When the cache server cannot be reached, pages are rendered as without a cache (and a warning
is logged), never answered with an error.

A hit answers with the header ``X-Veedel-Page-Cache: hit``, a page rendered and kept with
``miss``; pages that may not be kept carry no such header.
"""

from __future__ import annotations

import functools
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from veedel.core.sitechanges import site_version

PAGE_CACHE_SECONDS = 120
HEADER = "X-Veedel-Page-Cache"
# Django's message storage keeps pending messages in this cookie (or in the session).
MESSAGES_COOKIE = "messages"

log = logging.getLogger(__name__)


def _same_for_everyone(request) -> bool:
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and not request.COOKIES.get(MESSAGES_COOKIE)
    )


def _may_keep(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "session", None), "modified", False)
        and not len(getattr(request, "_messages", ()))
    )


def page_key(request, version: int) -> str:
    minute = int(time.time() // 60)
    return ":".join(
        (
            "page",
            str(version),
            str(minute),
            translation.get_language() or settings.LANGUAGE_CODE,
            request.scheme,
            request.get_host(),
            request.path,
        )
    )


def cached_page(view):
    """Serve ``view`` from the cache while the data and the minute stay the same."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _same_for_everyone(request):
            return view(request, *args, **kwargs)
        key = page_key(request, site_version())
        try:
            kept = cache.get(key)
        except Exception as error:  # a cache server away (Redis): render, do not fail
            log.warning("page cache unavailable, rendering %s: %s", request.path, error)
            return view(request, *args, **kwargs)
        if kept is not None:
            content, content_type = kept
            response = HttpResponse(content, content_type=content_type)
            response[HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
        if _may_keep(request, response):
            try:
                cache.set(key, (response.content, response["Content-Type"]), PAGE_CACHE_SECONDS)
            except Exception as error:
                log.warning("page cache unavailable, not keeping %s: %s", request.path, error)
            else:
                response[HEADER] = "miss"
        return response

    return wrapper


def kept_while_unchanged(name: str, build, *parts: object, seconds: int = PAGE_CACHE_SECONDS):
    """``build()``, kept in the cache under ``name``, the data's version and ``parts`` (the
    language, the day: whatever else the value depends on). Like a kept page, it is never
    served once a change is visible; without a cache server it is built each time."""
    key = ":".join(("kept", name, str(site_version()), *(str(part) for part in parts)))
    try:
        found = cache.get(key)
    except Exception as error:  # a cache server away (Redis): build, do not fail
        log.warning("cache unavailable, building %s: %s", name, error)
        return build()
    if found is None:
        found = build()
        try:
            cache.set(key, found, seconds)
        except Exception as error:
            log.warning("cache unavailable, not keeping %s: %s", name, error)
    return found
