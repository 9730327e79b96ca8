"""The public offers directory: search and filters, offer pages, map data, events, calendars.

Only published offers of public organisations are listed, mapped and put into feeds
(``Offer.objects.published()``); an offer's own page checks ``offers.view_offer`` on the offer,
so its responsible office may also open it before it is published.
"""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from veedel.areas.models import SocialSpace
from veedel.core.paging import COUNT_SHOWN_UP_TO, KeysFirstPaginator
from veedel.core.queryforms import takes_no_query
from veedel.offers import ical, mapdata
from veedel.offers.filters import (
    PER_PAGE,
    TOPICS_TAXONOMY,
    directory_choices,
    events_in_space,
    events_with_terms,
    is_open,
    language_label,
    local_now,
    offers_filtered,
    offers_ranked,
    topic_find,
)
from veedel.offers.forms_query import DirectoryQuery, EventsQuery, MapQuery
from veedel.offers.listing import result_rows
from veedel.offers.models import (
    WEEKDAY_CODES,
    Event,
    Offer,
    Phone,
    Schedule,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
    Weekday,
)
from veedel.offers.suggest import suggestions

QUARTER_HEAVY = ("location__quarter__geometry", "location__quarter__display_geometry")
EVENTS_PER_PAGE = 50


def current_time() -> datetime.datetime:
    """The moment "open now" and "upcoming" refer to (tests replace it)."""
    return timezone.now()


def _texts_in_other_languages() -> list[str]:
    """The offers' texts in other languages, for a page that is not German (German pages show
    the original and do not read them: ``Offer.local_text``)."""
    return ["texts"] if translation.get_language() != settings.LANGUAGE_CODE else []


def _page_number(request, number: int, paginator) -> int:
    """The last page, for a page number past it, with a message saying so (an empty list
    has its first page)."""
    last = paginator.num_pages
    if number <= last:
        return number
    if paginator.count:
        messages.warning(
            request,
            ngettext(
                "There is no page %(page)s: the results fit on %(last)s page. Here it is.",
                "There is no page %(page)s: the results end on page %(last)s. "
                "Here is the last page.",
                last,
            )
            % {"page": number, "last": last},
        )
    else:
        messages.warning(
            request, _("There is no page %(page)s: nothing was found.") % {"page": number}
        )
    return last


@require_GET
def directory(request):
    choices = directory_choices()
    form = DirectoryQuery.read(request, choices=choices)
    filters = form.filters()
    number = form.values["seite"] or 1
    now = local_now(current_time())

    def fetch(keys: list) -> dict:
        # The keys come from the filtered offers: no need to filter again.
        return {row["offer"].pk: row for row in result_rows(keys, choices, filters, now)}

    found, pages = offers_ranked(filters, now=now)
    paginator = KeysFirstPaginator(found, PER_PAGE, fetch, pages=pages)
    # A query for the page's keys and the count (a few for a word search, tier by tier, and
    # for "near me", circle by circle), five for its rows; a page past the end asks again for
    # the last one.
    page = paginator.fetch(number) or paginator.page(_page_number(request, number, paginator))
    rows = page.object_list
    query = form.urlencode(seite=None)
    # Nothing found: what to change, each a link that finds offers (a few counts).
    suggested = suggestions(filters, choices, now=now) if not paginator.count else []

    def page_query(number: int) -> str:
        return form.urlencode(seite=number if number > 1 else None)

    return render(
        request,
        "offers/directory.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "rows": rows,
            "total": paginator.count,
            "total_capped": paginator.count_capped,
            "suggestions": suggested,
            "count_cap": number_format(COUNT_SHOWN_UP_TO, force_grouping=True),
            "previous_query": page_query(page.previous_page_number())
            if page.has_previous()
            else None,
            "next_query": page_query(page.next_page_number()) if page.has_next() else None,
            "geojson_url": reverse("offers:directory_geojson") + (f"?{query}" if query else ""),
        },
    )


# --- offer page ----------------------------------------------------------------------------


@require_GET
@takes_no_query
def offer_detail(request, pk):
    offer = get_object_or_404(Offer.objects.select_related("organization", "office"), pk=pk)
    # Not public and not the user's to see: answer as if it did not exist.
    if not request.user.has_perm("offers.view_offer", offer):
        raise Http404
    now = local_now(current_time())
    today = now.date()
    prefetch_related_objects(
        [offer],
        Prefetch(
            "taxonomy_terms",
            queryset=TaxonomyTerm.objects.select_related("taxonomy").only(
                "id", "name", "code", "taxonomy__slug"
            ),
        ),
        "languages",
        *_texts_in_other_languages(),
        Prefetch(
            "at_locations",
            queryset=ServiceAtLocation.objects.select_related("location__quarter")
            .defer(*QUARTER_HEAVY)
            .prefetch_related(
                Prefetch(
                    "location__social_spaces",
                    queryset=SocialSpace.objects.only(
                        "id", "slug", "name", "valid_from", "valid_until"
                    ),
                )
            ),
        ),
        Prefetch(
            "schedules",
            queryset=Schedule.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)),
        ),
    )
    at_locations = list(offer.at_locations.all())
    places = {a.pk: a.location for a in at_locations}
    locations = [
        {
            "location": a.location,
            "social_spaces": [s for s in a.location.social_spaces.all() if s.is_valid_on(today)],
        }
        for a in at_locations
    ]
    hours = []
    for code, label in Weekday.choices:
        spans = sorted(
            (s for s in offer.schedules.all() if s.byday == code), key=lambda s: s.opens_at
        )
        hours.append(
            {
                "label": label,
                "today": code == WEEKDAY_CODES[today.weekday()],
                "spans": [
                    {
                        "schedule": s,
                        "place": places.get(s.service_at_location_id)
                        if len(at_locations) > 1
                        else None,
                    }
                    for s in spans
                ],
            }
        )
    terms = list(offer.taxonomy_terms.all())
    phones = list(
        Phone.objects.filter(
            Q(offer=offer) | Q(location__in=[a.location_id for a in at_locations])
        ).order_by("number")
    )
    events = list(offer.events.upcoming(now).select_related("location").order_by("start")[:10])
    return render(
        request,
        "offers/offer_detail.html",
        {
            "offer": offer,
            "is_public": offer.is_public,
            "closed": offer.status == ServiceStatus.TEMPORARILY_CLOSED,
            "inactive": offer.status == ServiceStatus.INACTIVE,
            "organisation_url": offer.organization.get_absolute_url()
            if request.user.has_perm("network.view_actor", offer.organization)
            else None,
            "topics": [t for t in terms if t.taxonomy.slug == TOPICS_TAXONOMY],
            "groups": [t for t in terms if t.taxonomy.slug != TOPICS_TAXONOMY],
            "languages": [language_label(lang.code, lang.name) for lang in offer.languages.all()],
            "locations": locations,
            "hours": hours,
            "has_hours": any(day["spans"] for day in hours),
            "open_now": is_open(offer, now),
            "phones": phones,
            "events": events,
            "is_stale": offer.stale_on(today),
        },
    )


# --- map data ------------------------------------------------------------------------------


@require_GET
def directory_geojson(request):
    """The places of the offers the directory lists for the same query string, as GeoJSON.

    Optional ``zoom`` and ``bbox`` (west,south,east,north) describe the map's view: only
    places inside the box are sent, merged into clusters when there are many. Unusable
    values are a 400 with the reason.
    """
    form = MapQuery.of(request, choices=directory_choices())
    if problems := form.api_problems():
        return JsonResponse(
            {
                "error": " ".join(reason for _name, reason in problems),
                "parameter": problems[0][0],
            },
            status=400,
        )
    view = form.view()
    offers = offers_filtered(form.filters(), now=current_time())
    response = HttpResponse(
        json.dumps(mapdata.offers_geojson(offers, view), ensure_ascii=False),
        content_type="application/geo+json; charset=utf-8",
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


# --- events and calendars ------------------------------------------------------------------


def _events_with_places(queryset):
    return (
        queryset.select_related("offer", "location__quarter")
        .defer(
            *QUARTER_HEAVY,
            "offer__search_document",
            "offer__description",
        )
        .prefetch_related(
            Prefetch(
                "offer__at_locations",
                queryset=ServiceAtLocation.objects.select_related("location__quarter").defer(
                    *QUARTER_HEAVY
                ),
            ),
            *(f"offer__{name}" for name in _texts_in_other_languages()),
        )
    )


@require_GET
def events(request):
    spaces = list(SocialSpace.objects.current().only("id", "slug", "name", "valid_from"))
    form = EventsQuery.read(request, spaces=spaces)
    space, page_number = form.values["sozialraum"], form.values["seite"] or 1
    now = local_now(current_time())
    queryset = Event.objects.public().upcoming(now).order_by("start", "pk")
    if space is not None:
        queryset = events_in_space(queryset, space)
    paginator = Paginator(_events_with_places(queryset), EVENTS_PER_PAGE)
    if page_number > paginator.num_pages:
        messages.warning(
            request,
            _("There is no page %(page)s of upcoming events; showing page %(last)s.")
            % {"page": page_number, "last": paginator.num_pages},
        )
        page_number = paginator.num_pages
    page = paginator.page(page_number)

    def page_query(number: int) -> str:
        return form.urlencode(seite=number if number > 1 else None)

    topics = list(
        TaxonomyTerm.objects.filter(taxonomy__slug=TOPICS_TAXONOMY, parent__isnull=True)
        .only("id", "code", "name")
        .order_by("order", "name")
    )
    return render(
        request,
        "offers/events.html",
        {
            "form": form,
            "space": space,
            "social_spaces": spaces,
            "page": page,
            "events": [
                {
                    "event": e,
                    "place": ical.event_place(e),
                    "day": timezone.localtime(e.start).date(),
                }
                for e in page.object_list
            ],
            "total": paginator.count,
            "previous_query": page_query(page.previous_page_number())
            if page.has_previous()
            else None,
            "next_query": page_query(page.next_page_number()) if page.has_next() else None,
            "topics": topics,
        },
    )


def _feed_events(queryset, now: datetime.datetime):
    since = now - datetime.timedelta(days=ical.PAST_DAYS)
    return list(
        _events_with_places(queryset.filter(start__gte=since)).order_by("start", "pk")[
            : ical.MAX_EVENTS
        ]
    )


@require_GET
@takes_no_query(download=True)
def events_ical_space(request, space):
    space = get_object_or_404(SocialSpace.objects.only("id", "slug", "name"), slug=space)
    now = current_time()
    events = _feed_events(events_in_space(Event.objects.public(), space), now)
    content = ical.calendar_build(
        events,
        name=_("Events in %(area)s") % {"area": space.name},
        request=request,
        stamp=now,
    )
    return ical.calendar_response(content, filename=f"termine-{space.slug}.ics")


@require_GET
@takes_no_query(download=True)
def events_ical_topic(request, topic):
    term, ids = topic_find(topic)
    if term is None:
        raise Http404
    now = current_time()
    events = _feed_events(events_with_terms(Event.objects.public(), ids), now)
    content = ical.calendar_build(
        events,
        name=_("Events: %(topic)s") % {"topic": term.name},
        request=request,
        stamp=now,
    )
    return ical.calendar_response(content, filename=f"themen-{term.code}.ics")
