"""The filters of the public offers directory: read from the query string, checked, applied.

The query string is the state of the directory, so a search can be shared as a link. German
parameter names: ``q`` (words), ``thema`` (topic field: term code or topic slug),
``zielgruppe`` (target group), ``alter`` (age, 0–120), ``sprache`` (ISO 639-1 code),
``sozialraum`` (social-space slug), ``stadtteil`` (quarter number), ``tag`` (MO … SU),
``offen=jetzt``, ``kostenlos=1``, ``barrierefrei=1`` and ``seite`` (page).

Every parameter is read by a query form (offers/forms_query.py, on veedel/core/queryforms.py):
a value that cannot be used is left out and named in a message,
and the page still answers (the map data answers 400). Filters combine with AND. Topic, target
group, language, place, "free" and "barrier-free" are facets of the search document
(offers/search.py), looked up in one index with the words; the weekday and "open now" filters
are EXISTS subqueries on the schedules. Either way no offer is listed twice.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone, translation
from django.utils.translation import get_language_info
from shapely.geometry import shape

from veedel.areas.geo import locate
from veedel.areas.models import Quarter, SocialSpace
from veedel.core import textsearch
from veedel.core.pagecache import kept_while_unchanged
from veedel.core.paging import Pages, ringed_keys_page, tiered_keys_page
from veedel.offers.models import (
    WEEKDAY_CODES,
    Location,
    Offer,
    Schedule,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
    Weekday,
)
from veedel.offers.search import (
    BARRIER_FREE,
    FREE,
    language_facet,
    offer_search,
    offer_tiers,
    quarter_facet,
    search_words,
    social_space_facet,
    term_facet,
)
from veedel.offers.taxonomy import TARGET_GROUPS_SLUG, TOPICS_SLUG

TOPICS_TAXONOMY = TOPICS_SLUG
TARGET_GROUPS_TAXONOMY = TARGET_GROUPS_SLUG
MAX_AGE = 120
MAX_QUERY_LENGTH = 200
PER_PAGE = 20
NEAR_DEFAULT_KM = 5
NEAR_RADII_KM = (1, 2, 10, 20)
# The circles a "near me" page grows through until one holds it (km; then the radius).
NEAR_RINGS_KM = (0.5, 2, 5)
KM_PER_DEGREE = 111.195
YES_VALUES = {"1", "ja", "on", "true"}
OPEN_NOW_VALUE = "jetzt"
# Statuses under which an offer is not open, whatever its schedule says.
NOT_OPEN = (ServiceStatus.INACTIVE, ServiceStatus.TEMPORARILY_CLOSED)
TermThrough = Offer.taxonomy_terms.through
SpaceThrough = Location.social_spaces.through


@dataclass
class Choices:
    """What the filter form offers; loaded with a fixed number of queries."""

    topics: list[TaxonomyTerm]
    target_groups: list[TaxonomyTerm]
    social_spaces: list[SocialSpace]
    quarters: list[Quarter]
    languages: list[tuple[str, str]]  # (code, label)
    weekdays: list[tuple[str, str]]
    children: dict = field(default_factory=dict)  # term id -> ids of its child terms

    def term_ids(self, term: TaxonomyTerm) -> list:
        """A term and every term below it."""
        return _with_descendants(term, self.children)


def _children(terms: list[TaxonomyTerm]) -> dict:
    children: dict = {}
    for term in terms:
        if term.parent_id:
            children.setdefault(term.parent_id, []).append(term.pk)
    return children


def _with_descendants(term: TaxonomyTerm, children: dict) -> list:
    ids, todo = [], [term.pk]
    while todo:
        current = todo.pop()
        ids.append(current)
        todo += children.get(current, [])
    return ids


def language_label(code: str, fallback: str = "") -> str:
    """The language's name in the UI language, with its own name where that differs."""
    try:
        info = get_language_info(code)
    except KeyError:
        return fallback or code
    translated, local = str(info["name_translated"]), info["name_local"]
    return translated if translated == local else f"{translated} ({local})"


def is_known_language(code: str) -> bool:
    try:
        get_language_info(code)
    except KeyError:
        return False
    return True


def directory_choices() -> Choices:
    """Topics, target groups, current social spaces, quarters and the languages offered, in
    the page's language. They change a few times a year: kept in the cache while the data
    stays the same (``kept_while_unchanged``), per language and day."""
    return kept_while_unchanged(
        "directory-choices",
        _directory_choices,
        translation.get_language() or settings.LANGUAGE_CODE,
        timezone.localdate().isoformat(),
    )


def _directory_choices() -> Choices:
    terms = list(
        TaxonomyTerm.objects.filter(taxonomy__slug__in=[TOPICS_TAXONOMY, TARGET_GROUPS_TAXONOMY])
        .select_related("taxonomy", "topic")
        .only(
            "id",
            "code",
            "name",
            "order",
            "parent_id",
            "taxonomy__slug",
            "taxonomy__name",
            "topic__slug",
            "topic__name",
        )
        .order_by("order", "name")
    )
    spaces = list(
        SocialSpace.objects.current().only("id", "slug", "name", "valid_from", "valid_until")
    )
    quarters = list(Quarter.objects.only("id", "number", "name", "district_id").order_by("name"))
    # The languages to choose from are configured (settings.VEEDEL_OFFER_LANGUAGES): asking
    # the database which languages occur would cost a scan that grows with the offers.
    languages = sorted(
        ((code, language_label(code)) for code in settings.VEEDEL_OFFER_LANGUAGES),
        key=lambda pair: pair[1].lower(),
    )
    return Choices(
        topics=[t for t in terms if t.taxonomy.slug == TOPICS_TAXONOMY],
        target_groups=[t for t in terms if t.taxonomy.slug == TARGET_GROUPS_TAXONOMY],
        social_spaces=spaces,
        quarters=quarters,
        languages=languages,
        weekdays=[(d.value, str(d.label)) for d in Weekday],
        children=_children(terms),
    )


@dataclass
class DirectoryFilters:
    """The checked filters of one request. Empty fields mean "no filter"."""

    q: str = ""
    topic: TaxonomyTerm | None = None
    target_group: TaxonomyTerm | None = None
    age: int | None = None
    language: str = ""
    social_space: SocialSpace | None = None
    quarter: Quarter | None = None
    weekday: str = ""
    open_now: bool = False
    free: bool = False
    barrier_free: bool = False
    topic_ids: list = field(default_factory=list)
    target_group_ids: list = field(default_factory=list)
    # The place name read out of the words ("Deutschkurs Kalk"), which became the area filter.
    place_words: str = ""
    # "Near me": the point to sort by distance from (latitude, longitude), the quarter it is
    # the middle of (or None: the browser's position), and the radius.
    origin: tuple[float, float] | None = None
    origin_quarter: Quarter | None = None
    radius_km: int = 5

    def params(self) -> list[tuple[str, str]]:
        """The query-string pairs of the valid filters, in a fixed order (no page)."""
        pairs = [
            ("q", self.q),
            ("thema", self.topic.code if self.topic else ""),
            ("zielgruppe", self.target_group.code if self.target_group else ""),
            ("alter", "" if self.age is None else str(self.age)),
            ("sprache", self.language),
            ("sozialraum", self.social_space.slug if self.social_space else ""),
            ("stadtteil", self.quarter.number if self.quarter else ""),
            ("tag", self.weekday),
            ("offen", OPEN_NOW_VALUE if self.open_now else ""),
            ("kostenlos", "1" if self.free else ""),
            ("barrierefrei", "1" if self.barrier_free else ""),
            ("von", self.origin_quarter.number if self.origin_quarter else ""),
            ("lat", f"{self.origin[0]:.5f}" if self.origin and not self.origin_quarter else ""),
            ("lon", f"{self.origin[1]:.5f}" if self.origin and not self.origin_quarter else ""),
            (
                "umkreis",
                str(self.radius_km) if self.origin and self.radius_km != NEAR_DEFAULT_KM else "",
            ),
        ]
        return [(k, v) for k, v in pairs if v]

    def querystring(self, page: int | None = None) -> str:
        """The filters (and a page after the first) as a query string, in a fixed order."""
        pairs = self.params()
        if page and page > 1:
            pairs.append(("seite", str(page)))
        return urlencode(pairs)

    @property
    def is_active(self) -> bool:
        return bool(self.params())


_PLACE_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words that may stand before a place name and go with it ("Deutschkurs in Kalk").
_PLACE_PREPOSITIONS = frozenset({"in", "im", "bei", "aus", "nahe", "um"})


def place_in_query(
    text: str, quarters: list[Quarter], spaces: list[SocialSpace]
) -> tuple[str, Quarter | None, SocialSpace | None, str]:
    """A quarter or current social space named in the search words: (the other words, the
    quarter, the social space, the place's words as typed). The longest name wins; a quarter
    before a social space of the same name. Without one: (text, None, None, "")."""
    words = list(_PLACE_WORD.finditer(text))
    stems = [textsearch.tokens(m.group()) for m in words]
    names: dict[tuple[str, ...], Quarter | SocialSpace] = {}
    for space in spaces:
        names.setdefault(tuple(textsearch.tokens(space.name)), space)
    for quarter in quarters:
        names[tuple(textsearch.tokens(quarter.name))] = quarter
    longest = max((len(name) for name in names), default=0)
    for length in range(min(longest, len(words)), 0, -1):
        for start in range(len(words) - length + 1):
            span = stems[start : start + length]
            if any(not stem for stem in span):
                continue
            place = names.get(tuple(stem[0] for stem in span))
            if place is None:
                continue
            first, last = start, start + length - 1
            if first > 0 and words[first - 1].group().lower() in _PLACE_PREPOSITIONS:
                first -= 1
            typed = text[words[start].start() : words[last].end()]
            rest = " ".join(
                (text[: words[first].start()] + " " + text[words[last].end() :]).split()
            )
            if isinstance(place, Quarter):
                return rest, place, None, typed
            return rest, None, place, typed
    return text, None, None, ""


def term_by_key(raw: str, terms: list[TaxonomyTerm], *, by_topic: bool) -> TaxonomyTerm | None:
    key = raw.lower()
    for term in terms:
        if term.code == key:
            return term
    if by_topic:
        for term in terms:
            if term.topic is not None and term.topic.slug == key:
                return term
    return None


def topic_find(value: str) -> tuple[TaxonomyTerm | None, list]:
    """The topic-field term named by its code or its topic's slug, with the ids of it and the
    terms below it (one query)."""
    terms = list(
        TaxonomyTerm.objects.filter(taxonomy__slug=TOPICS_TAXONOMY)
        .select_related("topic")
        .only("id", "code", "name", "parent_id", "topic__slug")
    )
    term = term_by_key(value, terms, by_topic=True)
    return term, (_with_descendants(term, _children(terms)) if term else [])


def _valid_schedules(day: datetime.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def local_now(now: datetime.datetime | None = None) -> datetime.datetime:
    return timezone.localtime(now or timezone.now())


def offers_filtered(
    filters: DirectoryFilters,
    *,
    now: datetime.datetime | None = None,
    queryset: QuerySet | None = None,
) -> QuerySet:
    """The published offers (or those of ``queryset``) that pass every filter.

    ``now`` is the moment "open now" and schedule validity refer to (default: the present).
    Ordered by name, or by relevance when there are search words.
    """
    return offers_ranked(filters, now=now, queryset=queryset)[0]


def offers_ranked(
    filters: DirectoryFilters,
    *,
    now: datetime.datetime | None = None,
    queryset: QuerySet | None = None,
) -> tuple[QuerySet, Pages | None]:
    """``offers_filtered``, and a quicker way to read its pages (``KeysFirstPaginator``): by
    rank tiers (``offer_tiers``; a list by name is one tier), "near me" by growing circles
    (``near_pages``). None where filters are tested offer by offer (age, weekday, open now):
    then the page sorts all matches.
    """
    now = local_now(now)
    today = now.date()
    qs = Offer.objects.published() if queryset is None else queryset
    qs = qs.order_by("name", "pk")
    offer = OuterRef("pk")
    # Topic, target group, language, place, "free" and "barrier-free" are facets of the search
    # document (offers/search.py): one index lookup with the words, whatever the data size.
    facets = []
    if filters.topic_ids:
        facets.append([term_facet(pk) for pk in filters.topic_ids])
    if filters.target_group_ids:
        facets.append([term_facet(pk) for pk in filters.target_group_ids])
    if filters.language:
        facets.append([language_facet(filters.language)])
    if filters.social_space is not None:
        facets.append([social_space_facet(filters.social_space.pk)])
    if filters.quarter is not None:
        facets.append([quarter_facet(filters.quarter.pk)])
    if filters.free:
        facets.append([FREE])
    if filters.barrier_free:
        facets.append([BARRIER_FREE])
    if filters.age is not None:
        qs = qs.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age)).filter(
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age)
        )
    if filters.weekday:
        qs = qs.filter(
            Exists(
                Schedule.objects.filter(offer_id=offer, byday=filters.weekday).filter(
                    _valid_schedules(today)
                )
            )
        )
    if filters.open_now:
        time = now.time()
        qs = qs.exclude(status__in=NOT_OPEN).filter(
            Exists(
                Schedule.objects.filter(
                    offer_id=offer,
                    byday=WEEKDAY_CODES[now.weekday()],
                    opens_at__lte=time,
                    closes_at__gt=time,
                ).filter(_valid_schedules(today))
            )
        )
    words = search_words(filters.q)
    found = offer_search(queryset=qs, text=words, facets=facets)
    if filters.origin is not None:
        nearest = nearest_first(found, filters.origin, filters.radius_km)
        return nearest, near_pages(found, filters.origin, filters.radius_km, nearest)
    if filters.age is not None or filters.weekday or filters.open_now:
        # Tested row by row: a walk along the names could read many offers for a page.
        return found, None
    tiers = offer_tiers(queryset=qs, words=words, facets=facets)
    return found, functools.partial(tiered_keys_page, tiers) if tiers else None


def _squared_degrees(origin: tuple[float, float], prefix: str = ""):
    """(Δ latitude)² + (Δ longitude · cos latitude)² of a place from ``origin``, in degrees²:
    plain arithmetic, the same on SQLite and PostgreSQL, good to metres within a city."""
    latitude, longitude = origin
    shrink = math.cos(math.radians(latitude))
    dlat = F(f"{prefix}latitude") - Value(latitude)
    dlon = (F(f"{prefix}longitude") - Value(longitude)) * Value(shrink)
    return ExpressionWrapper(dlat * dlat + dlon * dlon, output_field=FloatField())


def _places_within(origin: tuple[float, float], radius_km: float) -> QuerySet:
    """The links of offers to places within ``radius_km`` of ``origin``, with ``distance2``
    (found through the index on latitude and longitude, then measured)."""
    reach = radius_km / KM_PER_DEGREE
    latitude, longitude = origin
    stretch = reach / max(math.cos(math.radians(latitude)), 0.01)
    return (
        ServiceAtLocation.objects.filter(
            location__latitude__range=(latitude - reach, latitude + reach),
            location__longitude__range=(longitude - stretch, longitude + stretch),
        )
        .annotate(distance2=_squared_degrees(origin, "location__"))
        .filter(distance2__lte=reach * reach)
    )


def within(queryset: QuerySet, origin: tuple[float, float], radius_km: float) -> QuerySet:
    """The offers of ``queryset`` with a place within ``radius_km`` of ``origin``."""
    # "pk in (the offers of the places)": PostgreSQL starts from the few places in a small
    # circle (an EXISTS per offer made it test every offer).
    return queryset.filter(pk__in=_places_within(origin, radius_km).values("offer_id"))


def nearest_first(queryset: QuerySet, origin: tuple[float, float], radius_km: float) -> QuerySet:
    """The offers of ``queryset`` with a place within ``radius_km`` of ``origin``, nearest
    first (by their nearest place), then by relevance or name."""
    nearest = (
        _places_within(origin, radius_km)
        .filter(offer_id=OuterRef("pk"))
        .order_by("distance2")
        .values("distance2")[:1]
    )
    order = [o for o in queryset.query.order_by if o.lstrip("-") not in ("name", "pk")]
    return (
        within(queryset, origin, radius_km)
        .annotate(distance2=Subquery(nearest))
        .order_by("distance2", *order, "name", "pk")
    )


def near_pages(
    queryset: QuerySet, origin: tuple[float, float], radius_km: float, whole: QuerySet
) -> Pages:
    """Pages of ``whole`` (``nearest_first`` of ``queryset``) read from growing circles
    (``ringed_keys_page``): the nearest offers within the radius are the nearest within the
    smallest circle that holds a page."""
    rings = [
        (
            functools.partial(within, queryset, origin, radius),
            functools.partial(nearest_first, queryset, origin, radius),
        )
        for radius in NEAR_RINGS_KM
        if radius < radius_km
    ]
    return functools.partial(ringed_keys_page, [*rings, (lambda: whole, lambda: whole)])


def distance_km(origin: tuple[float, float], latitude: float, longitude: float) -> float:
    """The distance shown on a result: as ``nearest_first`` measures it, in kilometres."""
    shrink = math.cos(math.radians(origin[0]))
    return KM_PER_DEGREE * math.hypot(latitude - origin[0], (longitude - origin[1]) * shrink)


def in_the_city(latitude: float, longitude: float) -> bool:
    """Whether the point lies in a quarter of the data set."""
    return locate(latitude, longitude).quarter is not None


def quarter_point(quarter: Quarter) -> tuple[float, float] | None:
    """A point inside the quarter, as (latitude, longitude), to measure distances from (kept
    while the data stays the same: reading and shaping the outline costs more than the rest
    of a "near me" page's Python)."""
    return kept_while_unchanged("quarter-point", lambda: _inner_point(quarter.pk), quarter.pk)


def _inner_point(quarter_id: int) -> tuple[float, float] | None:
    geometry = Quarter.objects.filter(pk=quarter_id).values_list("geometry", flat=True).first()
    if not geometry:
        return None
    point = shape(geometry).representative_point()
    return (point.y, point.x)


def is_open(offer: Offer, now: datetime.datetime) -> bool:
    """Open at ``now`` by its (prefetched) schedules; the same rule as the filter."""
    return open_at(offer.status, offer.schedules.all(), local_now(now))


def open_at(status: str, schedules, now: datetime.datetime) -> bool:
    """Open at ``now`` (local time) under ``status`` by these opening hours (anything with
    ``byday``, ``opens_at``, ``closes_at``, ``valid_from`` and ``valid_to``); the same rule as
    the "open now" filter."""
    if status in NOT_OPEN:
        return False
    day, time, code = now.date(), now.time(), WEEKDAY_CODES[now.weekday()]
    return any(
        s.byday == code
        and s.opens_at <= time < s.closes_at
        and (s.valid_from is None or s.valid_from <= day)
        and (s.valid_to is None or s.valid_to >= day)
        for s in schedules
    )


# --- events ---------------------------------------------------------------------------------


def events_in_space(queryset: QuerySet, space: SocialSpace) -> QuerySet:
    """Events at a place in ``space``; an event without a place of its own counts where its
    offer takes place."""
    in_space = SpaceThrough.objects.filter(socialspace_id=space.pk).values("location_id")
    return queryset.filter(
        Q(location_id__in=in_space)
        | Q(
            Q(location__isnull=True)
            & Exists(
                ServiceAtLocation.objects.filter(
                    offer_id=OuterRef("offer_id"), location_id__in=in_space
                )
            )
        )
    )


def events_with_terms(queryset: QuerySet, term_ids: list) -> QuerySet:
    return queryset.filter(
        Exists(
            TermThrough.objects.filter(offer_id=OuterRef("offer_id"), taxonomyterm_id__in=term_ids)
        )
    )
