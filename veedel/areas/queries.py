"""Read helpers shared by the area pages: figures, year selection, GeoJSON assembly."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.db.models import Prefetch, Sum
from django.utils import timezone

from veedel.areas.models import AreaLevel, SocialSpace, SocialSpaceQuarter, StructureFigures

HEAVY_FIELDS = ("geometry", "display_geometry")


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


def latest_figures() -> tuple[int | None, str]:
    """The latest year with figures and the source they credit (one query)."""
    row = StructureFigures.objects.order_by("-year", "pk").values_list("year", "source").first()
    return row if row else (None, "")


def _figures_sum(figures) -> KeyFigures | None:
    totals = figures.aggregate(
        n=Sum("population"), **{f: Sum(f) for f in FIGURE_FIELDS[1:]}, km2=Sum("area_km2")
    )
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


def figures_sum(level: str, numbers: list[str], year: int) -> KeyFigures | None:
    """Sum the figures of several areas of one level (one query)."""
    if not numbers:
        return None
    return _figures_sum(
        StructureFigures.objects.filter(level=level, area_number__in=numbers, year=year)
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
    """The figures of the whole city (the loader keeps one row per year, whatever its
    number in the city's statistics)."""
    return _figures_sum(StructureFigures.objects.filter(level=AreaLevel.CITY, year=year))


def day_of_year(year: int) -> datetime.date:
    """The day whose areas stand for ``year``: today in the current year, else 1 July."""
    today = timezone.localdate()
    return today if year == today.year else datetime.date(year, 7, 1)


def social_spaces_for_year(year: int):
    """The social spaces in force in ``year`` with their quarters and districts (2 queries;
    a higher app adds its own prefetches, such as the programme's offices)."""
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
