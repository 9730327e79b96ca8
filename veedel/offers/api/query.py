"""Reading an API query string strictly, paging, and the filters of /services.

Every parameter is checked before anything is looked up: unknown parameters, malformed values,
ids of nothing and pages past the end raise ``ApiError``, which the views answer with 400.
"""

from __future__ import annotations

import datetime
import math
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from veedel.core.textsearch import matching
from veedel.network.models import Actor
from veedel.offers.models import Offer, Taxonomy, TaxonomyTerm
from veedel.offers.search import language_facet, taxonomy_facet, term_facet

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_RADIUS_METRES = 50_000
DEFAULT_RADIUS_METRES = 2_000
MAX_SEARCH_LENGTH = 200
MAX_REPEATED = 10
MAX_AGE = 130
EARTH_RADIUS_METRES = 6_371_008.8
UUID_PATTERN = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
LANGUAGE_CODE_PATTERN = re.compile(r"^[a-z]{2,3}$")
POSTCODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z -]{1,9}$")


class ApiError(Exception):
    def __init__(self, message: str, parameter: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.status = status


class Params:
    """The query string of one request, read strictly."""

    def __init__(self, request: HttpRequest, allowed: Iterable[str]):
        self.query = request.GET
        allowed = set(allowed)
        for name in self.query:
            if name not in allowed:
                raise ApiError(
                    _("Unknown parameter “%(name)s”. Allowed here: %(allowed)s.")
                    % {"name": name, "allowed": ", ".join(sorted(allowed)) or "-"},
                    name,
                )

    def _one(self, name: str) -> str | None:
        values = self.query.getlist(name)
        if not values:
            return None
        if len(values) > 1:
            raise ApiError(_("Give “%(name)s” only once.") % {"name": name}, name)
        return values[0].strip()

    def _many(self, name: str) -> list[str]:
        values = [v.strip() for raw in self.query.getlist(name) for v in raw.split(",")]
        if len(values) > MAX_REPEATED:
            raise ApiError(
                _("Give at most %(count)s values for “%(name)s”.")
                % {"count": MAX_REPEATED, "name": name},
                name,
            )
        return values

    def text(self, name: str, max_length: int = MAX_SEARCH_LENGTH) -> str:
        value = self._one(name) or ""
        if len(value) > max_length:
            raise ApiError(
                _("“%(name)s” may be at most %(count)s characters long.")
                % {"name": name, "count": max_length},
                name,
            )
        return value

    def integer(self, name: str, *, default: int | None, minimum: int, maximum: int):
        value = self._one(name)
        if value is None or value == "":
            return default
        if not re.fullmatch(r"[+-]?\d{1,9}", value):
            raise ApiError(
                _("“%(name)s” must be a whole number, not “%(value)s”.")
                % {"name": name, "value": value[:50]},
                name,
            )
        number = int(value)
        if not minimum <= number <= maximum:
            raise ApiError(
                _("“%(name)s” must be between %(minimum)s and %(maximum)s, not %(value)s.")
                % {"name": name, "minimum": minimum, "maximum": maximum, "value": number},
                name,
            )
        return number

    def number(self, name: str, *, minimum: float, maximum: float) -> float | None:
        value = self._one(name)
        if value is None or value == "":
            return None
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise ApiError(
                _("“%(name)s” must be a number, not “%(value)s”.")
                % {"name": name, "value": value[:50]},
                name,
            )
        if not minimum <= number <= maximum:
            raise ApiError(
                _("“%(name)s” must be between %(minimum)s and %(maximum)s, not %(value)s.")
                % {"name": name, "minimum": minimum, "maximum": maximum, "value": value[:50]},
                name,
            )
        return number

    def boolean(self, name: str) -> bool:
        value = self._one(name)
        if value is None or value == "":
            return False
        if value.lower() not in ("true", "false"):
            raise ApiError(
                _("“%(name)s” must be “true” or “false”, not “%(value)s”.")
                % {"name": name, "value": value[:50]},
                name,
            )
        return value.lower() == "true"

    def uuids(self, name: str) -> list[uuid.UUID]:
        result = []
        for value in self._many(name):
            result.append(parse_uuid(value, name))
        return result

    def uuid(self, name: str) -> uuid.UUID | None:
        value = self._one(name)
        return parse_uuid(value, name) if value else None

    def datetime(self, name: str) -> datetime.datetime | None:
        value = self._one(name)
        if not value:
            return None
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            hint = ""
            if " " in value:
                hint = " " + _("Write a “+” in the time zone as %2B.")
            raise ApiError(
                _(
                    "“%(name)s” must be a date and time in ISO 8601 form, e.g. "
                    "2024-05-01T00:00:00Z, not “%(value)s”."
                )
                % {"name": name, "value": value[:50]}
                + hint,
                name,
            )
        if not 1900 <= parsed.year <= 9998:
            raise ApiError(
                _("“%(name)s” must lie between the years 1900 and 9998.") % {"name": name}, name
            )
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed


def parse_uuid(value: str, parameter: str) -> uuid.UUID:
    if not UUID_PATTERN.match(value or ""):
        raise ApiError(
            _("“%(value)s” is not an id: ids are UUIDs such as %(example)s.")
            % {"value": (value or "")[:50], "example": "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
            parameter,
        )
    return uuid.UUID(value)


# --- paging ---------------------------------------------------------------------------------


PAGING = ("page", "per_page")


@dataclass
class Page:
    number: int
    per_page: int
    total: int

    @property
    def total_pages(self) -> int:
        return math.ceil(self.total / self.per_page)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page


def page_of(params: Params, total: int) -> Page:
    number = params.integer("page", default=1, minimum=1, maximum=10**9)
    per_page = params.integer("per_page", default=DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE)
    page = Page(number=number, per_page=per_page, total=total)
    if number > max(1, page.total_pages):
        raise ApiError(
            _("Page %(page)s is past the end: there are %(count)s pages.")
            % {"page": number, "count": page.total_pages},
            "page",
        )
    return page


def check_paging(params: Params) -> tuple[int, int]:
    """Page number and page size, checked before anything is looked up."""
    number = params.integer("page", default=1, minimum=1, maximum=10**9)
    per_page = params.integer("per_page", default=DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE)
    return number, per_page


def envelope(page: Page, contents: list[dict]) -> dict:
    """The HSDS list envelope."""
    return {
        "total_items": page.total,
        "total_pages": page.total_pages,
        "page_number": page.number,
        "size": len(contents),
        "first_page": page.number == 1,
        "last_page": page.number >= page.total_pages,
        "empty": page.total == 0,
        "contents": contents,
    }


SERVICE_FILTERS = (
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "age",
    "language",
    "lat",
    "lon",
    "radius",
)
SERVICES_PARAMS = PAGING + SERVICE_FILTERS + ("full",)
SERVICE_AT_LOCATIONS_PARAMS = PAGING + SERVICE_FILTERS + ("postcode",)
ORGANIZATIONS_PARAMS = PAGING + ("search",)
TAXONOMIES_PARAMS = PAGING + ("search",)
TAXONOMY_TERMS_PARAMS = PAGING + ("search", "taxonomy_id", "parent_id", "top_only")
NO_PARAMS: tuple[str, ...] = ()


@dataclass
class Proximity:
    latitude: float
    longitude: float
    radius: float

    def box(self) -> tuple[float, float, float, float]:
        """South, north, west, east of a box around the circle (degrees)."""
        dlat = math.degrees(self.radius / EARTH_RADIUS_METRES)
        cos = max(math.cos(math.radians(self.latitude)), 0.01)
        dlon = min(180.0, dlat / cos)
        return (
            self.latitude - dlat,
            self.latitude + dlat,
            self.longitude - dlon,
            self.longitude + dlon,
        )

    def distance(self, latitude: float, longitude: float) -> float:
        """Great-circle distance in metres (haversine)."""
        p1, p2 = math.radians(self.latitude), math.radians(latitude)
        dp = p2 - p1
        dl = math.radians(longitude - self.longitude)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a)))

    def location_q(self, prefix: str = "") -> Q:
        south, north, west, east = self.box()
        q = Q(**{f"{prefix}latitude__gte": south, f"{prefix}latitude__lte": north})
        if west < -180 or east > 180:  # the box crosses the antimeridian
            q &= Q(**{f"{prefix}longitude__gte": (west + 540) % 360 - 180}) | Q(
                **{f"{prefix}longitude__lte": (east + 540) % 360 - 180}
            )
        else:
            q &= Q(**{f"{prefix}longitude__gte": west, f"{prefix}longitude__lte": east})
        return q


def _proximity(params: Params) -> Proximity | None:
    lat = params.number("lat", minimum=-90, maximum=90)
    lon = params.number("lon", minimum=-180, maximum=180)
    radius = params.number("radius", minimum=1, maximum=MAX_RADIUS_METRES)
    if lat is None and lon is None:
        if radius is not None:
            raise ApiError(_("“radius” needs “lat” and “lon”."), "radius")
        return None
    if lat is None or lon is None:
        missing = "lat" if lat is None else "lon"
        raise ApiError(_("Give both “lat” and “lon”."), missing)
    return Proximity(lat, lon, radius if radius is not None else DEFAULT_RADIUS_METRES)


def filtered_offers(params: Params) -> tuple[QuerySet, Proximity | None]:
    """Published offers matching the service filters (all combined with AND)."""
    search = params.text("search")
    term_ids = params.uuids("taxonomy_term_id")
    taxonomy_ids = params.uuids("taxonomy_id")
    organization_id = params.uuid("organization_id")
    modified_after = params.datetime("modified_after")
    age = params.integer("age", default=None, minimum=0, maximum=MAX_AGE)
    language = params.text("language", max_length=20).lower()
    if language and not LANGUAGE_CODE_PATTERN.match(language):
        raise ApiError(
            _("“language” must be an ISO 639-1 code such as de, tr or ar, not “%(value)s”.")
            % {"value": language},
            "language",
        )
    proximity = _proximity(params)

    offers = Offer.objects.published()
    # Terms, taxonomies and languages are facets of the search document (offers/search.py):
    # the database looks them up in one index together with the search words.
    facets = []
    if term_ids:
        known = set(TaxonomyTerm.objects.filter(pk__in=term_ids).values_list("pk", flat=True))
        for term_id in term_ids:
            if term_id not in known:
                raise ApiError(
                    _("There is no taxonomy term with the id %(id)s.") % {"id": term_id},
                    "taxonomy_term_id",
                )
            facets.append([term_facet(term_id)])
    if taxonomy_ids:
        known = set(Taxonomy.objects.filter(pk__in=taxonomy_ids).values_list("pk", flat=True))
        for taxonomy_id in taxonomy_ids:
            if taxonomy_id not in known:
                raise ApiError(
                    _("There is no taxonomy with the id %(id)s.") % {"id": taxonomy_id},
                    "taxonomy_id",
                )
            facets.append([taxonomy_facet(taxonomy_id)])
    if organization_id:
        if not Actor.objects.public().filter(pk=organization_id).exists():
            raise ApiError(
                _("There is no organization with the id %(id)s.") % {"id": organization_id},
                "organization_id",
            )
        offers = offers.filter(organization_id=organization_id)
    if modified_after:
        offers = offers.filter(modified__gte=modified_after)
    if age is not None:
        offers = offers.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=age),
        )
    if language:
        facets.append([language_facet(language)])
    offers = matching(offers, "search_document", search, facets)
    return offers, proximity


def near(rows: Iterable[tuple], proximity: Proximity) -> list[tuple[float, str, object]]:
    """(distance, key) for each key with a point within the radius; nearest point counts."""
    best: dict = {}
    for key, sort_name, latitude, longitude in rows:
        d = proximity.distance(latitude, longitude)
        if d <= proximity.radius and (key not in best or d < best[key][0]):
            best[key] = (d, sort_name)
    return sorted(((d, name, key) for key, (d, name) in best.items()), key=lambda r: r[:3])


def words_q(text: str, fields: tuple[str, ...]) -> Q:
    condition = Q()
    for word in text.split()[:12]:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition
