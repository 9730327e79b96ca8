"""Point-in-polygon: which quarter, neighbourhood and social spaces contain a point.

The outlines are read once per process into shapely's STRtree; the tree is rebuilt when the
area data changes (``locate_reset``; the loader calls it).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import shapely
from shapely.geometry import Point, shape
from shapely.strtree import STRtree

from veedel.areas.models import Neighbourhood, Quarter, SocialSpace


@dataclass
class Location:
    quarter: Quarter | None = None
    neighbourhood: Neighbourhood | None = None
    social_spaces: list[SocialSpace] = field(default_factory=list)


class _Index:
    def __init__(self, objects):
        self.objects = list(objects)
        geoms = [shape(o.geometry) for o in self.objects]
        for g in geoms:
            shapely.prepare(g)
        self.geoms = geoms
        self.tree = STRtree(geoms) if geoms else None

    def containing(self, point: Point) -> list:
        if self.tree is None:
            return []
        return [self.objects[i] for i in self.tree.query(point) if self.geoms[i].covers(point)]


_lock = threading.Lock()
_indexes: dict[str, _Index] = {}


def locate_reset() -> None:
    with _lock:
        _indexes.clear()


def _index(name: str) -> _Index:
    with _lock:
        if name not in _indexes:
            queryset = {
                "quarter": Quarter.objects.exclude(geometry=None).defer("display_geometry"),
                "neighbourhood": Neighbourhood.objects.exclude(geometry=None).defer(
                    "display_geometry"
                ),
                "social_space": SocialSpace.objects.exclude(geometry=None).defer(
                    "display_geometry"
                ),
            }[name]
            _indexes[name] = _Index(queryset)
        return _indexes[name]


def locate(latitude: float, longitude: float) -> Location:
    """The areas that contain the point (WGS84). Outside the city: an empty Location."""
    point = Point(longitude, latitude)
    quarters = _index("quarter").containing(point)
    neighbourhoods = _index("neighbourhood").containing(point)
    spaces = _index("social_space").containing(point)
    return Location(
        quarter=quarters[0] if quarters else None,
        neighbourhood=neighbourhoods[0] if neighbourhoods else None,
        social_spaces=sorted(spaces, key=lambda s: (s.valid_from, s.name)),
    )
