"""Read helpers shared by the area pages: figures, year selection, GeoJSON assembly."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from veedel.areas.models import AreaLevel, SocialSpace, SocialSpaceQuarter, StructureFigures
from veedel.programme.models import CoordinationOffice

HEAVY_FIELDS = ("geometry", "display_geometry")
FIRST_YEAR = 1990


@dataclass(frozen=True)
class KeyFigures:
    """Key figures of an area; shares in per cent of the residents."""

    population: int
    under_18: int
    aged_65_plus: int
    migration_background: int
    foreign_nationals: int
    area_km2: float | None = None

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def share_under_18(self):
        return self.share(self.under_18, self.population)

    @property
    def share_65_plus(self):
        return self.share(self.aged_65_plus, self.population)

    @property
    def share_migration_background(self):
        return self.share(self.migration_background, self.population)

    @property
    def share_foreign_nationals(self):
        return self.share(self.foreign_nationals, self.population)

    @property
    def density(self):
        if not self.area_km2:
            return None
        return round(self.population / self.area_km2)


FIGURE_FIELDS = (
    "population",
    "under_18",
    "aged_65_plus",
    "migration_background",
    "foreign_nationals",
)


def latest_figures_year() -> int | None:
    return StructureFigures.objects.order_by("-year").values_list("year", flat=True).first()


def figures_sum(level: str, numbers: list[str], year: int) -> KeyFigures | None:
    """Sum the figures of several areas of one level (one query)."""
    if not numbers:
        return None
    totals = StructureFigures.objects.filter(
        level=level, area_number__in=numbers, year=year
    ).aggregate(n=Sum("population"), **{f: Sum(f) for f in FIGURE_FIELDS[1:]}, km2=Sum("area_km2"))
    if not totals["n"]:
        return None
    return KeyFigures(
        population=totals["n"],
        under_18=totals["under_18"],
        aged_65_plus=totals["aged_65_plus"],
        migration_background=totals["migration_background"],
        foreign_nationals=totals["foreign_nationals"],
        area_km2=float(totals["km2"]) if totals["km2"] else None,
    )


def figures_by_number(level: str, year: int) -> dict[str, KeyFigures]:
    rows = StructureFigures.objects.filter(level=level, year=year).values(
        "area_number", "area_km2", *FIGURE_FIELDS
    )
    return {
        r["area_number"]: KeyFigures(
            **{f: r[f] for f in FIGURE_FIELDS},
            area_km2=float(r["area_km2"]) if r["area_km2"] else None,
        )
        for r in rows
    }


def city_figures(year: int) -> KeyFigures | None:
    return figures_sum(AreaLevel.CITY, ["000"], year) or None


def parse_year(raw: str | None) -> tuple[int, str | None]:
    """The year asked for in the query string, or this year, with a message if it was bad."""
    this_year = timezone.localdate().year
    if raw in (None, ""):
        return this_year, None
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4) or not (
        FIRST_YEAR <= int(raw) <= this_year + 5
    ):
        return this_year, _(
            "“%(value)s” is not a year we can show; showing the current areas instead."
        ) % {"value": raw[:20]}
    return int(raw), None


def day_of_year(year: int) -> datetime.date:
    """The day whose areas stand for ``year``: today in the current year, else 1 July."""
    today = timezone.localdate()
    return today if year == today.year else datetime.date(year, 7, 1)


def social_spaces_for_year(year: int):
    """The social spaces in force in ``year`` with their quarters and offices (3 queries)."""
    return (
        SocialSpace.objects.valid_on(day_of_year(year))
        .defer(*HEAVY_FIELDS)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=SocialSpaceQuarter.objects.select_related("quarter__district").defer(
                    *(f"quarter__{f}" for f in HEAVY_FIELDS),
                    *(f"quarter__district__{f}" for f in HEAVY_FIELDS),
                ),
            ),
            Prefetch("offices", queryset=CoordinationOffice.objects.select_related("provider")),
        )
    )


def feature_collection(rows) -> str:
    """GeoJSON text from (properties, display_geometry_text) pairs, without re-parsing."""
    parts = [
        '{"type":"Feature","properties":'
        + json.dumps(props, ensure_ascii=False, separators=(",", ":"))
        + ',"geometry":'
        + (geometry or "null")
        + "}"
        for props, geometry in rows
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"
