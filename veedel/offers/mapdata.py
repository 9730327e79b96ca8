"""Map data of the offers directory: the places of the offers found, as GeoJSON points.

Leaflet has no clustering of its own, and no extra browser library is shipped, so the server
merges places that lie close together at the map's zoom level into one cluster feature with the
number of offers (``kind: "cluster"``, ``count``) once there are more than ``MAX_POINTS``.
The map script asks again for the visible box whenever the map moves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import ngettext

from veedel.offers.models import ServiceAtLocation

# Above this many places, places are merged into clusters on a grid.
MAX_POINTS = 200
CELL_PIXELS = 60
DEFAULT_ZOOM = 11
MAX_ZOOM = 20
# From this zoom on, every place is shown on its own.
MAX_CLUSTER_ZOOM = 16


@dataclass(frozen=True)
class MapView:
    zoom: int = DEFAULT_ZOOM
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north


def bbox_parse(raw: str) -> tuple[float, float, float, float] | None:
    """``west,south,east,north`` in degrees, or None when it is not such a box."""
    try:
        west, south, east, north = (float(v) for v in raw.split(","))
    except ValueError:
        return None
    if not (
        all(math.isfinite(v) for v in (west, south, east, north))
        and -180 <= west <= east <= 180
        and -90 <= south <= north <= 90
    ):
        return None
    return (west, south, east, north)


def _feature(lon: float, lat: float, properties: dict) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
        "properties": properties,
    }


def _places(offers: QuerySet, view: MapView) -> list[dict]:
    """The located places of ``offers`` inside the view, each with its offers (one query)."""
    rows = ServiceAtLocation.objects.filter(
        offer__in=offers.values("pk"),
        location__latitude__isnull=False,
        location__longitude__isnull=False,
    )
    if view.bbox:
        west, south, east, north = view.bbox
        rows = rows.filter(
            location__longitude__range=(west, east), location__latitude__range=(south, north)
        )
    places: dict = {}
    for location_id, lat, lon, name, street, code, city, offer_id, offer_name in rows.values_list(
        "location_id",
        "location__latitude",
        "location__longitude",
        "location__name",
        "location__address_1",
        "location__postal_code",
        "location__city",
        "offer_id",
        "offer__name",
    ).order_by("location_id", "offer__name", "offer_id"):
        place = places.get(location_id)
        if place is None:
            address = f"{street}, {code} {city}".strip(", ")
            place = places[location_id] = {
                "lat": lat,
                "lon": lon,
                "label": f"{name}, {address}" if name else address,
                "offers": [],
            }
        place["offers"].append(
            {"name": offer_name, "url": reverse("offers:offer", args=[offer_id])}
        )
    return list(places.values())


def _place_feature(place: dict) -> dict:
    offers = place["offers"]
    return _feature(
        place["lon"],
        place["lat"],
        {
            "kind": "place",
            "name": place["label"],
            "count": len(offers),
            "offers": offers,
            "url": offers[0]["url"] if len(offers) == 1 else None,
        },
    )


def _clusters(places: list[dict], zoom: int) -> list[dict]:
    """Merge the places in each grid cell (about CELL_PIXELS wide at ``zoom``)."""
    size = 360 / (256 * 2**zoom) * CELL_PIXELS
    # Web Mercator stretches latitudes: a cell as high as it is wide on the screen.
    size_lat = size * math.cos(math.radians(sum(p["lat"] for p in places) / len(places)))
    cells: dict[tuple[int, int], list[dict]] = {}
    for place in places:
        key = (math.floor(place["lon"] / size), math.floor(place["lat"] / size_lat))
        cells.setdefault(key, []).append(place)
    features = []
    for members in cells.values():
        if len(members) == 1:
            features.append(_place_feature(members[0]))
            continue
        count = sum(len(m["offers"]) for m in members)
        features.append(
            _feature(
                sum(m["lon"] for m in members) / len(members),
                sum(m["lat"] for m in members) / len(members),
                {
                    "kind": "cluster",
                    "count": count,
                    "places": len(members),
                    "name": ngettext("%(count)s offer", "%(count)s offers", count)
                    % {"count": count},
                },
            )
        )
    return features


def offers_geojson(offers: QuerySet, view: MapView) -> dict:
    """A GeoJSON FeatureCollection of the places of ``offers``, clustered when they are many."""
    places = _places(offers, view)
    if len(places) > MAX_POINTS and view.zoom <= MAX_CLUSTER_ZOOM:
        features = _clusters(places, view.zoom)
    else:
        features = [_place_feature(p) for p in places]
    return {"type": "FeatureCollection", "features": features}
