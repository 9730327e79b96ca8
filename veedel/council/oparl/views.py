"""The OParl 1.1 read API (``/oparl/v1/``): system, bodies, the body's lists and every object
at its own URL.

Everything under ``/oparl/v1/`` answers JSON in UTF-8 with CORS ``*``: objects and lists, and
errors too (``{"type": "Error", "code": …, "message": …, "parameter": …}``): an unknown path
(404), another method than GET/HEAD/OPTIONS (405, never a CSRF page), a parameter that is
malformed, given twice or unknown (400, naming it). A path without its trailing slash is
answered as with it. Answers are gzipped when the client accepts it (not file downloads).

Lists are sorted by id and cut by the id of the last object of the previous page
(``links.next`` carries it as ``after``), so a page is stable while objects are added.
``limit`` is a hint (default 100, at most 500). The date filters filter every list and are
carried into its links; with ``modified_since``, objects that were deleted or are no longer
public are listed as ``{"deleted": true}`` (with the properties their schema requires). An
object that OParl once served answers the same at its own URL, never just a 404.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from urllib.parse import urlencode

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.gzip import gzip_page

from veedel.core.uploads import attachment_response
from veedel.council.models import Body, LegislativeTerm, Meeting, Organization
from veedel.council.oparl import serialisers as s
from veedel.council.oparl.forms import DATE_FILTERS, MAX_ID, ListQuery, ObjectQuery
from veedel.council.oparl.kinds import KINDS, Kind

ALLOWED = "GET, HEAD, OPTIONS"


class OParlError(Exception):
    def __init__(self, message: str, parameter: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.status = status


def _json(data, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def _error(status: int, message: str, parameter: str | None = None) -> HttpResponse:
    """An error as JSON: ``{"type": "Error", "code": 400, "message": …, "parameter": …}``."""
    body = {"type": "Error", "code": status, "message": message}
    if parameter:
        body["parameter"] = parameter
    return _json(body, status=status)


def _read(form_class, request):
    """The request's query string through ``form_class``; the first problem is a 400."""
    form = form_class(request.GET)
    for name, reason in form.api_problems():
        raise OParlError(_("“%(name)s”: %(reason)s") % {"name": name, "reason": reason}, name)
    return form


def oparl_view(view: Callable | None = None, *, compress: bool = True) -> Callable:
    """JSON with CORS for every answer of ``view``: its own, its errors, other methods."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Access-Control-Allow-Methods"] = ALLOWED
                response["Access-Control-Allow-Headers"] = "Accept, Accept-Encoding"
            elif request.method not in ("GET", "HEAD"):
                response = _error(405, _("Only GET is allowed here."))
            else:
                try:
                    if any(isinstance(v, int) and v > MAX_ID for v in kwargs.values()):
                        raise Http404
                    response = view(request, *args, **kwargs)
                except OParlError as error:
                    response = _error(error.status, error.message, error.parameter)
                except Http404:
                    response = _error(404, _("There is no such object."))
            if response.status_code in (204, 405):
                response["Allow"] = ALLOWED
            response["Access-Control-Allow-Origin"] = "*"
            return response

        wrapped = gzip_page(wrapper) if compress else wrapper
        return csrf_exempt(wrapped)

    return decorate(view) if view is not None else decorate


# --- lists ------------------------------------------------------------------------------------


def _page(request, queryset: QuerySet, kind: Kind) -> HttpResponse:
    query = _read(ListQuery, request)
    urls = s.Urls(request)
    if not query.with_deleted:
        queryset = queryset.public()
    for name, value in query.dates.items():
        queryset = queryset.filter(**{DATE_FILTERS[name]: value})
    limit, after = query.limit_value, query.after_value
    rows = list(kind.prefetch(queryset.filter(pk__gt=after).order_by("pk"))[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    if kind.attach:
        kind.attach(rows)
    base = request.build_absolute_uri(request.path)
    carried = query.carried()

    def link(**extra) -> str:
        params = {**carried, **extra}
        return f"{base}?{urlencode(params)}" if params else base

    links = {"first": link()}
    if after:
        links["self"] = link(after=after)
    if more:
        links["next"] = link(after=rows[-1].pk)
    return _json(
        {
            "data": [kind.render(urls, obj) for obj in rows],
            # No totalElements: counting every match would cost more than the page itself.
            "pagination": {"elementsPerPage": limit},
            "links": links,
        }
    )


def _body_prefetch(qs):
    return qs.prefetch_related(
        Prefetch(
            "legislative_terms",
            queryset=LegislativeTerm.objects.public().order_by("start_date", "pk"),
            to_attr="alive_terms",
        )
    )


BODY_KIND = Kind(
    "bodies",
    "Body",
    lambda body: Body.objects.servable(),
    _body_prefetch,
    lambda urls, body: s.body_dict(urls, body, body.alive_terms),
    kept=s.body_kept,
)


# --- views ------------------------------------------------------------------------------------


@oparl_view
def system(request):
    _read(ObjectQuery, request)
    bodies = list(Body.objects.public())
    return _json(s.system_dict(s.Urls(request), bodies))


@oparl_view
def body_list(request):
    return _page(request, Body.objects.servable(), BODY_KIND)


@oparl_view
def body_detail(request, pk: int):
    _read(ObjectQuery, request)
    body = _body_prefetch(Body.objects.servable().filter(pk=pk)).first()
    if body is None:
        raise Http404
    return _json(BODY_KIND.render(s.Urls(request), body))


@oparl_view
def body_objects(request, pk: int, kind: str):
    body = Body.objects.public().filter(pk=pk).first()
    if body is None:
        raise Http404
    spec = KINDS[kind]
    return _page(request, spec.servable(body), spec)


@oparl_view
def organization_meetings(request, pk: int):
    org = Organization.objects.public().filter(pk=pk).first()
    if org is None:
        raise Http404
    return _page(request, Meeting.objects.servable().filter(organization=org), KINDS["meetings"])


@oparl_view
def object_detail(request, pk: int, kind: str):
    _read(ObjectQuery, request)
    spec = KINDS[kind]
    obj = spec.prefetch(spec.servable(None).filter(pk=pk)).first()
    if obj is None:
        raise Http404
    if spec.attach:
        spec.attach([obj])
    return _json(spec.render(s.Urls(request), obj))


@oparl_view(compress=False)
def file_download(request, pk: int):
    _read(ObjectQuery, request)
    file = KINDS["files"].servable(None).filter(pk=pk).select_related("paper").first()
    if file is None or not file.publicly_visible:
        raise Http404
    try:
        handle = file.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return attachment_response(
        handle, filename=file.file_name, content_type=file.mime_type, public=True
    )


@oparl_view
def elsewhere(request):
    """Any other path under /oparl/v1/: the same path with its trailing slash if there is
    one, else 404 (as JSON, like every answer here)."""
    if not request.path.endswith("/"):
        try:
            match = resolve(f"{request.path}/")
        except Resolver404:
            match = None
        if match is not None and match.func is not elsewhere:
            # Answered as at its canonical address: links built from the path carry the slash.
            request.path = f"{request.path}/"
            request.path_info = f"{request.path_info}/"
            request.resolver_match = match
            return match.func(request, *match.args, **match.kwargs)
    raise Http404
