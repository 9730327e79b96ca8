"""The OParl 1.1 read API (``/oparl/v1/``): system, bodies, the body's lists and every object
at its own URL. GET only, JSON in UTF-8, CORS ``*`` on every answer (errors too).

Lists are sorted by id and cut by the id of the last object of the previous page
(``links.next`` carries it as ``after``), so a page is stable while objects are added.
``limit`` is a hint (default 100, at most 500). ``created_since``, ``created_until``,
``modified_since`` and ``modified_until`` filter every list and are carried into its links;
with ``modified_since`` deleted objects are listed as ``{"deleted": true}``.

Only public things are ever read (see kinds.py).
"""

from __future__ import annotations

import datetime
import functools
import json
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from veedel.council.models import (
    Body,
    LegislativeTerm,
    Meeting,
    Organization,
)
from veedel.council.oparl import serialisers as s
from veedel.council.oparl.kinds import KINDS, Kind

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
DATE_FILTERS = {
    "created_since": "created__gte",
    "created_until": "created__lte",
    "modified_since": "modified__gte",
    "modified_until": "modified__lte",
}


class OParlError(Exception):
    def __init__(self, message: str, parameter: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.status = status


def _json(data, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status: int, message: str, parameter: str | None = None) -> HttpResponse:
    """An error as JSON: ``{"type": "Error", "code": 400, "message": …, "parameter": …}``."""
    body = {"type": "Error", "code": status, "message": message}
    if parameter:
        body["parameter"] = parameter
    return _json(body, status=status)


def oparl_view(view: Callable) -> Callable:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            return _cors(response)
        if request.method not in ("GET", "HEAD"):
            response = _error(405, _("Only GET is allowed here."))
            response["Allow"] = "GET, HEAD, OPTIONS"
            return _cors(response)
        try:
            response = view(request, *args, **kwargs)
        except OParlError as error:
            response = _error(error.status, error.message, error.parameter)
        except Http404:
            response = _error(404, _("There is no such object."))
        return _cors(response)

    return wrapper


# --- reading the query string -----------------------------------------------------------------


@dataclass
class ListQuery:
    limit: int
    after: int
    filters: dict[str, datetime.datetime]
    carried: dict[str, str]

    @property
    def with_deleted(self) -> bool:
        return "modified_since" in self.filters


def _one(request, name: str) -> str | None:
    values = request.GET.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise OParlError(_("Give “%(name)s” only once.") % {"name": name}, name)
    return values[0].strip()


def parse_date_time(value: str, name: str) -> datetime.datetime:
    # A "+" in an unencoded query string arrives as a space.
    text = value.replace(" ", "+")
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise OParlError(
            _(
                "“%(name)s” must be a date-time such as 2012-03-01T00:00:00+01:00; "
                "“%(value)s” is not one."
            )
            % {"name": name, "value": value[:40]},
            name,
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=BERLIN)
    try:
        # Years at the edge of the calendar cannot be compared in UTC.
        parsed.astimezone(datetime.UTC)
        if not 1900 <= parsed.year <= 2200:
            raise OverflowError
    except OverflowError:
        raise OParlError(
            _("“%(name)s” must be a date-time between the years 1900 and 2200.") % {"name": name},
            name,
        ) from None
    return parsed


def list_query(request) -> ListQuery:
    carried: dict[str, str] = {}
    filters: dict[str, datetime.datetime] = {}
    for name in DATE_FILTERS:
        raw = _one(request, name)
        if raw is not None:
            filters[name] = parse_date_time(raw, name)
            carried[name] = filters[name].isoformat()
    limit = DEFAULT_LIMIT
    raw = _one(request, "limit")
    if raw is not None:
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise OParlError(_("“limit” must be a whole number of 1 or more."), "limit")
        limit = min(int(raw), MAX_LIMIT)
        carried["limit"] = str(limit)
    after = 0
    raw = _one(request, "after")
    if raw is not None:
        if not (raw.isascii() and raw.isdigit()):
            raise OParlError(_("“after” must be the id of an object (a whole number)."), "after")
        after = int(raw)
    return ListQuery(limit, after, filters, carried)


def _render(urls, obj, *, kind: Kind) -> dict:
    if kind.is_alive(obj):
        return kind.serialise(urls, obj)
    return s.tombstone(urls, kind.path, kind.type_name, obj)


def _page(request, queryset: QuerySet, kind: Kind, render: Callable) -> HttpResponse:
    query = list_query(request)
    urls = s.Urls(request)
    if not query.with_deleted:
        queryset = queryset.filter(kind.alive)
    for name, value in query.filters.items():
        queryset = queryset.filter(**{DATE_FILTERS[name]: value})
    rows = list(
        kind.prefetch(queryset.filter(pk__gt=query.after).order_by("pk"))[: query.limit + 1]
    )
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    if kind.attach:
        kind.attach(rows)
    base = request.build_absolute_uri(request.path)

    def link(**extra) -> str:
        params = {**query.carried, **extra}
        return f"{base}?{urlencode(params)}" if params else base

    links = {"first": link()}
    if query.after:
        links["self"] = link(after=query.after)
    if more:
        links["next"] = link(after=rows[-1].pk)
    return _json(
        {
            "data": [render(urls, obj) for obj in rows],
            # No totalElements: counting every match would cost more than the page itself.
            "pagination": {"elementsPerPage": query.limit},
            "links": links,
        }
    )


def _body(pk: int) -> Body:
    try:
        return Body.objects.get(pk=pk, deleted=None)
    except Body.DoesNotExist:
        raise Http404 from None


# --- views ------------------------------------------------------------------------------------


@oparl_view
def system(request):
    bodies = list(Body.objects.alive())
    return _json(s.system_dict(s.Urls(request), bodies))


def _body_render(urls, body):
    if body.deleted is not None:
        return s.tombstone(urls, "bodies", "Body", body)
    return s.body_dict(urls, body, body.alive_terms)


def _body_prefetch(qs):
    return qs.prefetch_related(
        Prefetch(
            "legislative_terms",
            queryset=LegislativeTerm.objects.alive().order_by("start_date", "pk"),
            to_attr="alive_terms",
        )
    )


BODY_KIND = Kind(
    "bodies", "Body", lambda body: Body.objects.all(), Q(deleted=None), _body_prefetch, _body_render
)


@oparl_view
def body_list(request):
    return _page(request, Body.objects.all(), BODY_KIND, _body_render)


@oparl_view
def body_detail(request, pk: int):
    body = _body_prefetch(Body.objects.filter(pk=pk)).first()
    if body is None:
        raise Http404
    return _json(_body_render(s.Urls(request), body))


@oparl_view
def body_objects(request, pk: int, kind: str):
    body = _body(pk)
    spec = KINDS[kind]
    return _page(request, spec.servable(body), spec, functools.partial(_render, kind=spec))


@oparl_view
def organization_meetings(request, pk: int):
    org = Organization.objects.filter(pk=pk, deleted=None).first()
    if org is None:
        raise Http404
    spec = KINDS["meetings"]
    return _page(
        request,
        Meeting.objects.filter(organization=org),
        spec,
        functools.partial(_render, kind=spec),
    )


@oparl_view
def object_detail(request, pk: int, kind: str):
    spec = KINDS[kind]
    obj = spec.prefetch(spec.servable(None).filter(pk=pk)).first()
    if obj is None:
        raise Http404
    if spec.attach:
        spec.attach([obj])
    return _json(_render(s.Urls(request), obj, kind=spec))


@oparl_view
def file_download(request, pk: int):
    file = KINDS["files"].servable(None).filter(KINDS["files"].alive, pk=pk).first()
    if file is None:
        raise Http404
    try:
        handle = file.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=file.file_name, content_type=file.mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
