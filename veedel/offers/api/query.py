"""The query strings of the HSDS API, read strictly through query forms, and paging.

Every parameter passes a ``QueryForm`` (veedel/core/queryforms.py) before anything is looked up:
unknown parameters, parameters given twice, empty values (except an empty ``search``),
malformed values and ids of nothing are problems, which the views answer with 400 naming the
parameter. A page past the end raises ``ApiError`` (also 400). The OpenAPI document
(veedel/offers/openapi.py) declares the same rules; a schemathesis test holds the two together.
"""

from __future__ import annotations

import datetime
import math
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veedel.core.queryforms import MAX_PAGE, QueryForm
from veedel.core.textsearch import Tier, matching, matching_tier
from veedel.network.models import Actor
from veedel.offers.models import Offer, Taxonomy, TaxonomyTerm
from veedel.offers.search import (
    SEARCH_COLUMN,
    language_facet,
    search_words,
    taxonomy_facet,
    term_facet,
)

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_RADIUS_METRES = 50_000
DEFAULT_RADIUS_METRES = 2_000
MAX_SEARCH_LENGTH = 200
MAX_REPEATED = 10
MAX_AGE = 130
MAX_POSTCODE_LENGTH = 10
EARTH_RADIUS_METRES = 6_371_008.8
UUID_PATTERN = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
LANGUAGE_CODE_PATTERN = re.compile(r"^[a-z]{2,3}$")
POSTCODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z -]{1,9}$")
INTEGER_PATTERN = re.compile(r"^-?[0-9]+$")
NUMBER_PATTERN = re.compile(r"^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
# Parameters that may be refused for a reason the OpenAPI schema of the value cannot express:
# a page past the end, an id of nothing, a proximity parameter without its partners.
DATA_DEPENDENT = frozenset(
    {
        "page",
        "organization_id",
        "taxonomy_term_id",
        "taxonomy_id",
        "parent_id",
        "lat",
        "lon",
        "radius",
    }
)


class ApiError(Exception):
    def __init__(self, message: str, parameter: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.status = status


def _shown(value: str) -> str:
    return value[:50]


# --- fields: each knows the parameter it reads, so that its messages can name it ------------


class ApiField(forms.Field):
    """One value of one parameter, taken as it was sent (no stripping: what the document
    declares is what is accepted)."""

    parameter = "?"  # set by ApiQuery

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def refuse(self, message: str, **params):
        raise ValidationError(message % {"name": self.parameter, **params}, code="invalid")


class IntegerParameter(ApiField):
    def __init__(self, *, minimum: int, maximum: int, **kwargs):
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not INTEGER_PATTERN.match(value):
            self.refuse(
                _("“%(name)s” must be a whole number, not “%(value)s”."), value=_shown(value)
            )
        if len(value) > 30 or not self.minimum <= int(value) <= self.maximum:
            self.refuse(
                _("“%(name)s” must be between %(minimum)s and %(maximum)s, not %(value)s."),
                minimum=self.minimum,
                maximum=self.maximum,
                value=_shown(value),
            )
        return int(value)


class NumberParameter(ApiField):
    def __init__(self, *, minimum: float, maximum: float, **kwargs):
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = float(value) if NUMBER_PATTERN.match(value) else math.nan
        if not math.isfinite(number):
            self.refuse(_("“%(name)s” must be a number, not “%(value)s”."), value=_shown(value))
        if not self.minimum <= number <= self.maximum:
            self.refuse(
                _("“%(name)s” must be between %(minimum)s and %(maximum)s, not %(value)s."),
                minimum=self.minimum,
                maximum=self.maximum,
                value=_shown(value),
            )
        return number


class BooleanParameter(ApiField):
    def to_python(self, value):
        if value in self.empty_values:
            return False
        if value not in ("true", "false"):
            self.refuse(
                _("“%(name)s” must be “true” or “false”, not “%(value)s”."), value=_shown(value)
            )
        return value == "true"


class TextParameter(ApiField):
    def __init__(self, *, max_length: int = MAX_SEARCH_LENGTH, pattern=None, hint="", **kwargs):
        super().__init__(**kwargs)
        self.max_length, self.pattern, self.hint = max_length, pattern, hint

    def to_python(self, value):
        value = value or ""
        if len(value) > self.max_length:
            self.refuse(
                _("“%(name)s” may be at most %(count)s characters long."), count=self.max_length
            )
        if value and self.pattern is not None and not self.pattern.match(value):
            self.refuse(self.hint, value=_shown(value))
        return value


def parse_uuid(value: str, parameter: str) -> uuid.UUID:
    if not UUID_PATTERN.match(value or ""):
        raise ApiError(
            _("“%(value)s” is not an id: ids are UUIDs such as %(example)s.")
            % {"value": (value or "")[:50], "example": "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
            parameter,
        )
    return uuid.UUID(value)


class UuidParameter(ApiField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_uuid(value, self.parameter)
        except ApiError as error:
            raise ValidationError(error.message, code="invalid") from None


class ValuesInput(forms.TextInput):
    """Every value of a repeated parameter (``?taxonomy_id=a&taxonomy_id=b``)."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)


class UuidsParameter(ApiField):
    """Ids, repeated or separated by commas, at most ``MAX_REPEATED``."""

    widget = ValuesInput
    repeatable = True

    def to_python(self, value):
        values = [value] if isinstance(value, str) else list(value or [])
        parts = [part for raw in values for part in raw.split(",")]
        if len(parts) > MAX_REPEATED:
            self.refuse(_("Give at most %(count)s values for “%(name)s”."), count=MAX_REPEATED)
        ids = []
        for part in parts:
            try:
                ids.append(parse_uuid(part, self.parameter))
            except ApiError as error:
                raise ValidationError(error.message, code="invalid") from None
        return ids


class DateTimeParameter(ApiField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None or "T" not in value.upper():
            hint = (" " + _("Write a “+” in the time zone as %2B.")) if " " in value else ""
            self.refuse(
                _(
                    "“%(name)s” must be a date and time in ISO 8601 form, e.g. "
                    "2024-05-01T00:00:00Z, not “%(value)s”."
                )
                + hint.replace("%", "%%"),
                value=_shown(value),
            )
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        # Before 1900 is "since ever", after 9998 "never": the same answers as the extremes,
        # without dates the database or a time-zone shift cannot hold.
        earliest = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
        latest = datetime.datetime(9998, 12, 31, tzinfo=datetime.UTC)
        try:
            return min(max(parsed, earliest), latest)
        except OverflowError:  # pragma: no cover - comparisons of aware datetimes do not shift
            return earliest if parsed.year < 1900 else latest


# --- the query forms ------------------------------------------------------------------------


class ApiQuery(QueryForm):
    """The query string of one API address, read strictly."""

    #: Parameters that may be given with an empty value (an empty search is no search); any
    #: other parameter given empty is refused.
    may_be_empty: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for name, field in self.fields.items():
            field.parameter = name
        self.refuse_empty = frozenset(self.fields) - self.may_be_empty

    def full_clean(self):
        super().full_clean()
        if not hasattr(self.data, "getlist"):
            return
        for name, field in self.fields.items():
            if not getattr(field, "repeatable", False) and len(self.data.getlist(name)) > 1:
                self.errors.pop(name, None)
                self.add_error(name, _("Give “%(name)s” only once.") % {"name": name})

    def api_problems(self) -> list[tuple[str, str]]:
        allowed = ", ".join(sorted(self.fields)) or "-"
        return self.field_problems() + [
            (
                name,
                _("Unknown parameter “%(name)s”. Allowed here: %(allowed)s.")
                % {"name": name, "allowed": allowed},
            )
            for name in self.unknown_parameters()
        ]

    def check(self) -> dict:
        """The clean values, or ``ApiError`` naming the first parameter that is wrong."""
        if problems := self.api_problems():
            name, reason = problems[0]
            raise ApiError(reason, name)
        return self.values


class NoQuery(ApiQuery):
    """An address that takes no parameters."""


class PagedQuery(ApiQuery):
    page = IntegerParameter(minimum=1, maximum=MAX_PAGE)
    per_page = IntegerParameter(minimum=1, maximum=MAX_PER_PAGE)


class SearchQuery(PagedQuery):
    """Organizations and taxonomies: a page of them, optionally by words."""

    search = TextParameter()
    may_be_empty = frozenset({"search"})


class ServiceQuery(SearchQuery):
    """The filters of /services and /service_at_locations, all combined with AND."""

    taxonomy_term_id = UuidsParameter()
    taxonomy_id = UuidsParameter()
    organization_id = UuidParameter()
    modified_after = DateTimeParameter()
    age = IntegerParameter(minimum=0, maximum=MAX_AGE)
    language = TextParameter(
        max_length=20,
        pattern=LANGUAGE_CODE_PATTERN,
        hint=gettext_lazy(
            "“language” must be an ISO 639-1 code such as de, tr or ar, not “%(value)s”."
        ),
    )
    lat = NumberParameter(minimum=-90, maximum=90)
    lon = NumberParameter(minimum=-180, maximum=180)
    radius = NumberParameter(minimum=1, maximum=MAX_RADIUS_METRES)

    def clean(self):
        data = super().clean()
        self._check_proximity(data)
        if self.errors:
            return data  # nothing is looked up for a query that is wrong anyway
        self._check_known(
            data,
            "taxonomy_term_id",
            TaxonomyTerm.objects.all(),
            _("There is no taxonomy term with the id %(id)s."),
        )
        self._check_known(
            data,
            "taxonomy_id",
            Taxonomy.objects.all(),
            _("There is no taxonomy with the id %(id)s."),
        )
        if (organization_id := data.get("organization_id")) and not (
            Actor.objects.public().filter(pk=organization_id).exists()
        ):
            self.add_error(
                "organization_id",
                _("There is no organization with the id %(id)s.") % {"id": organization_id},
            )
        return data

    def _check_proximity(self, data):
        lat, lon, radius = data.get("lat"), data.get("lon"), data.get("radius")
        if any(name in self.errors for name in ("lat", "lon", "radius")):
            return
        if lat is None and lon is None:
            if radius is not None:
                self.add_error("radius", _("“radius” needs “lat” and “lon”."))
        elif lat is None or lon is None:
            self.add_error("lat" if lat is None else "lon", _("Give both “lat” and “lon”."))

    def _check_known(self, data, name: str, queryset: QuerySet, message: str):
        ids = data.get(name) or []
        if not ids:
            return
        known = set(queryset.filter(pk__in=ids).values_list("pk", flat=True))
        if missing := [pk for pk in ids if pk not in known]:
            self.add_error(name, message % {"id": missing[0]})

    @property
    def proximity(self) -> Proximity | None:
        values = self.values
        if values["lat"] is None or values["lon"] is None:
            return None
        radius = values["radius"]
        return Proximity(
            values["lat"], values["lon"], DEFAULT_RADIUS_METRES if radius is None else radius
        )


class ServicesQuery(ServiceQuery):
    full = BooleanParameter()


class ServiceAtLocationsQuery(ServiceQuery):
    postcode = TextParameter(
        max_length=MAX_POSTCODE_LENGTH,
        pattern=POSTCODE_PATTERN,
        hint=gettext_lazy("“postcode” must be a postal code such as 50667, not “%(value)s”."),
    )


class TaxonomyTermsQuery(SearchQuery):
    taxonomy_id = UuidParameter()
    parent_id = UuidParameter()
    top_only = BooleanParameter()

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if (taxonomy_id := data.get("taxonomy_id")) and not (
            Taxonomy.objects.filter(pk=taxonomy_id).exists()
        ):
            self.add_error(
                "taxonomy_id", _("There is no taxonomy with the id %(id)s.") % {"id": taxonomy_id}
            )
        if (parent_id := data.get("parent_id")) and not (
            TaxonomyTerm.objects.filter(pk=parent_id).exists()
        ):
            self.add_error(
                "parent_id", _("There is no taxonomy term with the id %(id)s.") % {"id": parent_id}
            )
        return data


# --- paging ---------------------------------------------------------------------------------


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


def paging_of(values: dict) -> tuple[int, int]:
    """Page number and page size of clean values (defaults where not given)."""
    return values.get("page") or 1, values.get("per_page") or DEFAULT_PER_PAGE


def page_of(values: dict, total: int) -> Page:
    number, per_page = paging_of(values)
    page = Page(number=number, per_page=per_page, total=total)
    if number > max(1, page.total_pages):
        raise ApiError(
            _("Page %(page)s is past the end: there are %(count)s pages.")
            % {"page": number, "count": page.total_pages},
            "page",
        )
    return page


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


def filtered_offers(values: dict) -> QuerySet:
    """Published offers matching the clean service filters (all combined with AND); the ids
    were checked to name something by the form."""
    return offers_by_name(values)[0]


def offers_by_name(values: dict) -> tuple[QuerySet, Tier | None]:
    """``filtered_offers``, and where the search index decides every filter the same offers
    as a ``Tier``, to read pages by name along an index (``tiered_keys_page``); else None."""
    offers = Offer.objects.published()
    # Terms, taxonomies and languages are facets of the search document (offers/search.py):
    # the database looks them up in one index together with the search words.
    facets = [[term_facet(pk)] for pk in values.get("taxonomy_term_id") or []]
    facets += [[taxonomy_facet(pk)] for pk in values.get("taxonomy_id") or []]
    tested = False
    if organization_id := values.get("organization_id"):
        offers = offers.filter(organization_id=organization_id)
        tested = True
    if modified_after := values.get("modified_after"):
        offers = offers.filter(modified__gte=modified_after)
        tested = True
    if (age := values.get("age")) is not None:
        offers = offers.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=age),
        )
        tested = True
    if language := values.get("language"):
        facets.append([language_facet(language)])
    words = search_words(values.get("search") or "")
    # Words and facets are decided in the search index, so their matches are one tier by
    # name: many are read along the names, and counted (exact, as HSDS asks) once per
    # version of the data. The other filters sort their matches, which are few or cheap.
    tier = (
        None
        if tested
        else matching_tier(offers.order_by("name", "id"), SEARCH_COLUMN, words, facets)
    )
    return matching(offers, SEARCH_COLUMN, words, facets), tier


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
