"""The views of the HSDS API: GET only, JSON answers, CORS on every answer (errors too).

Each view reads its query string through its query form (``api/query.py``); whatever the form
cannot read is a 400 naming the parameter. Other methods answer a JSON 405 (the API changes
nothing, so it needs no CSRF protection and never shows Django's HTML CSRF page)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from functools import cache

from django.db.models import Count, Q, QuerySet, Window
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from veedel.core.paging import count_while_unchanged, keys_page, tiered_keys_page
from veedel.core.textsearch import Tier
from veedel.network.models import Actor
from veedel.offers.api.query import (
    ApiError,
    NoQuery,
    SearchQuery,
    ServiceAtLocationsQuery,
    ServicesQuery,
    TaxonomyTermsQuery,
    envelope,
    filtered_offers,
    near,
    offers_by_name,
    page_of,
    paging_of,
    parse_uuid,
    words_q,
)
from veedel.offers.api.serialisers import (
    full_prefetch,
    organization_dict,
    service_at_location_list_dict,
    service_dict,
    service_full_dict,
    taxonomy_dict,
    taxonomy_term_dict,
)
from veedel.offers.filters import nearest_first
from veedel.offers.models import Offer, ServiceAtLocation, Taxonomy, TaxonomyTerm
from veedel.offers.openapi import SCHEMA_DIR, SCHEMA_FILES, document

PLACE = "at_locations__location"
HSDS_VERSION = "3.0"
# Veedel serves base HSDS 3.0 without a profile; this is where the specification lives.
PROFILE_URL = "https://docs.openreferral.org/en/latest/hsds/"


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


ALLOW = "GET, HEAD, OPTIONS"


def api_view(view: Callable) -> Callable:
    """GET (and HEAD) only; errors as JSON; CORS on every answer."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOW
            response["Access-Control-Allow-Methods"] = ALLOW
            response["Access-Control-Max-Age"] = "86400"
            return _cors(response)
        if request.method not in ("GET", "HEAD"):
            response = _json({"error": _("Only GET is allowed here.")}, status=405)
            response["Allow"] = ALLOW
            return _cors(response)
        try:
            response = view(request, *args, **kwargs)
        except ApiError as error:
            body = {"error": error.message}
            if error.parameter:
                body["parameter"] = error.parameter
            response = _json(body, status=error.status)
        except Http404 as error:
            response = _json({"error": str(error) or _("Not found.")}, status=404)
        return _cors(response)

    return wrapper


@api_view
def root(request):
    NoQuery.of(request).check()
    return _json(
        {
            "version": HSDS_VERSION,
            "profile": PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
        }
    )


@api_view
def openapi(request):
    NoQuery.of(request).check()
    return _json(document(request.build_absolute_uri(reverse("hsds:root"))))


@cache
def _schema_bytes(name: str) -> bytes:
    return (SCHEMA_DIR / name).read_bytes()


@api_view
def schema(request, name: str):
    """The copies of the official HSDS schemas the OpenAPI document refers to."""
    NoQuery.of(request).check()
    if name not in SCHEMA_FILES:
        raise Http404(_("There is no such schema."))
    response = HttpResponse(_schema_bytes(name), content_type="application/schema+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _paged(
    values: dict,
    queryset: QuerySet,
    order: tuple[str, ...],
    fetch: Callable[[list], dict] | None = None,
    key: str = "pk",
    by_name: Tier | None = None,
):
    """One page of a queryset: (page, objects), from one query that also counts all matches.

    Without ``fetch`` the rows carry a window count. With ``fetch`` (keys → objects by key)
    the matches are first collected in a materialised CTE – key and sort columns only – and
    then counted, sorted and cut to the page; ``fetch`` loads the page's objects with all they
    need. That keeps the database from sorting before it filters (which PostgreSQL likes to
    do for a LIMIT), so the cost follows the number of matches. Only an empty page after the
    first needs a second query, to say how many pages there are.

    With ``by_name`` (the matches as one tier, in ``order``) the page's keys are read along
    the index on the names when there are many (``tiered_keys_page``); ``total_items`` is
    counted without sorting, once per version of the data (``count_while_unchanged``): exact,
    as HSDS asks."""
    number, per_page = paging_of(values)
    offset = (number - 1) * per_page
    read = (
        tiered_keys_page([by_name], offset, per_page, exact_count=count_while_unchanged)
        if by_name and fetch
        else None
    )
    if read is not None:
        keys, found_total, _exact = read
        totals = [found_total]
        by_key = fetch(keys) if keys else {}
        objects = [by_key[k] for k in keys if k in by_key]
    elif fetch is None:
        counted = queryset.annotate(matches_total=Window(Count("pk"))).order_by(*order)
        objects = list(counted[offset : offset + per_page])
        totals = [o.matches_total for o in objects[:1]]
    else:
        keys, found_total = keys_page(queryset, offset, per_page, order=order, key=key)
        totals = [] if found_total is None else [found_total]
        by_key = fetch(keys) if keys else {}
        objects = [by_key[k] for k in keys if k in by_key]
    if totals:
        total = totals[0]
    elif number == 1:
        total = 0
    else:
        total = queryset.count()
    return page_of(values, total), objects


def _paged_by_keys(values: dict, keyed: list[tuple], fetch: Callable[[list], dict]):
    """One page of (distance, name, key) rows, fetched by key and kept in that order."""
    page = page_of(values, len(keyed))
    keys = [key for _d, _n, key in keyed[page.offset : page.offset + page.per_page]]
    by_key = fetch(keys)
    return page, [by_key[k] for k in keys if k in by_key]


@api_view
def services(request):
    form = ServicesQuery.of(request)
    values = form.check()
    full, proximity = values["full"], form.proximity
    offers, by_name = offers_by_name(values)
    serialise = service_full_dict if full else service_dict

    def fetch(keys: list) -> dict:
        # The keys come from the filtered offers: no need to filter again.
        found = Offer.objects.filter(pk__in=keys).defer("search_document")
        found = full_prefetch(found) if full else found.select_related("organization")
        return {offer.pk: offer for offer in found}

    if proximity is None:
        page, objects = _paged(values, offers, ("name", "id"), fetch, by_name=by_name)
    else:
        # Nearest first, computed and paged in the database (keys first), as the directory's
        # "near me" (offers/filters.py, ``nearest_first``).
        nearest = nearest_first(
            offers, (proximity.latitude, proximity.longitude), proximity.radius / 1000
        )
        page, objects = _paged(values, nearest, ("distance2", "name", "id"), fetch)
    return _json(envelope(page, [serialise(o) for o in objects]))


def _uuid_or_400(pk: str) -> uuid.UUID:
    return parse_uuid(pk, "id")


@api_view
def service(request, pk: str):
    NoQuery.of(request).check()
    offer_id = _uuid_or_400(pk)
    offer = full_prefetch(Offer.objects.published().filter(pk=offer_id)).first()
    if offer is None:
        raise Http404(_("There is no published service with this id."))
    return _json(service_full_dict(offer))


@api_view
def service_at_locations(request):
    form = ServiceAtLocationsQuery.of(request)
    values = form.check()
    proximity, postcode = form.proximity, values["postcode"]
    offers = filtered_offers(values)
    # One join from the offers to their links: every condition on the link is in one filter()
    # (separate ones would join again), and the key and sort columns reuse that join.
    link = Q(at_locations__isnull=False)
    if postcode:
        link &= Q(**{f"{PLACE}__postal_code": postcode})
    if proximity is not None:
        link &= proximity.location_q(f"{PLACE}__")
    links = offers.filter(link)

    def fetch(keys: list) -> dict:
        found = (
            ServiceAtLocation.objects.filter(pk__in=keys)
            .select_related("offer__organization", "location")
            .defer("offer__search_document")
            .prefetch_related("location__phones")
        )
        return {link.pk: link for link in found}

    if proximity is None:
        page, objects = _paged(
            values, links, ("name", "pk", "at_locations__pk"), fetch, key="at_locations__pk"
        )
    else:
        rows = links.values_list(
            "at_locations__pk", "name", f"{PLACE}__latitude", f"{PLACE}__longitude"
        )
        page, objects = _paged_by_keys(values, near(rows, proximity), fetch)
    return _json(envelope(page, [service_at_location_list_dict(s) for s in objects]))


@api_view
def organizations(request):
    values = SearchQuery.of(request).check()
    actors = Actor.objects.public()
    if search := values["search"]:
        actors = actors.filter(words_q(search, ("name", "description")))
    page, objects = _paged(values, actors, ("name", "id"))
    return _json(envelope(page, [organization_dict(a) for a in objects]))


@api_view
def organization(request, pk: str):
    NoQuery.of(request).check()
    actor = Actor.objects.public().filter(pk=_uuid_or_400(pk)).first()
    if actor is None:
        raise Http404(_("There is no public organization with this id."))
    offers = Offer.objects.published().filter(organization=actor).order_by("name", "id")
    return _json(organization_dict(actor, services=offers))


@api_view
def taxonomies(request):
    values = SearchQuery.of(request).check()
    queryset = Taxonomy.objects.all()
    if search := values["search"]:
        queryset = queryset.filter(words_q(search, ("name", "description")))
    page, objects = _paged(values, queryset, ("name", "id"))
    return _json(envelope(page, [taxonomy_dict(t) for t in objects]))


@api_view
def taxonomy_terms(request):
    values = TaxonomyTermsQuery.of(request).check()
    terms = TaxonomyTerm.objects.select_related("taxonomy")
    if taxonomy_id := values["taxonomy_id"]:
        terms = terms.filter(taxonomy_id=taxonomy_id)
    if parent_id := values["parent_id"]:
        terms = terms.filter(parent_id=parent_id)
    if values["top_only"]:
        terms = terms.filter(parent__isnull=True)
    if search := values["search"]:
        terms = terms.filter(words_q(search, ("name", "description", "code")))
    page, objects = _paged(values, terms, ("taxonomy__name", "order", "name", "id"))
    return _json(envelope(page, [taxonomy_term_dict(t) for t in objects]))


@api_view
def not_found(request, path: str = ""):
    raise Http404(
        _("There is no such address in this API. Start at %(url)s.")
        % {"url": request.build_absolute_uri(reverse("hsds:root"))}
    )
