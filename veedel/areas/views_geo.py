"""The context layer of every map: the city outline, the district borders with their names and
the quarter names, from our own area data (no tile server needed).

One endpoint, ``/geo/kontext.geojson``. It reads the simplified outlines of the districts and
quarters (two queries, however many areas there are), and answers with an ETag made from what
it read, so a browser that has the layer gets a 304. The geometry work (the city outline as
the union of the districts, label points) is done once per version of the data and kept in
this process.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict

import shapely
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.views.decorators.http import require_GET
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.ops import polylabel, unary_union

from veedel.areas.models import District, Quarter
from veedel.areas.views import _bad_request
from veedel.core.queryforms import NoQuery

# Context lines only frame the content: coarser than the areas' own display outlines
# (about 40 m), rounded to about 1 m.
CONTEXT_TOLERANCE = 0.0004
CONTEXT_PRECISION = 1e-5
# Gaps between the simplified district outlines (a few metres) are closed before the union.
CITY_GAP = 0.0005
CACHE_CONTROL = "public, max-age=3600"

_lock = threading.Lock()
_bodies: OrderedDict[str, str] = OrderedDict()
_BODIES_KEPT = 4


def _round(geom):
    return shapely.set_precision(geom, CONTEXT_PRECISION)


def _largest(geom):
    if isinstance(geom, MultiPolygon):
        return max(geom.geoms, key=lambda g: g.area)
    return geom


def _label_point(geom) -> list[float] | None:
    """Where the name goes: the pole of inaccessibility of the largest part."""
    part = _largest(geom)
    if not isinstance(part, Polygon) or part.is_empty:
        return None
    try:
        point = polylabel(part, tolerance=CONTEXT_TOLERANCE)
    except Exception:  # noqa: BLE001 - a degenerate outline: fall back to a point inside
        point = part.representative_point()
    return [round(point.x, 5), round(point.y, 5)]


def _outline_only(geom):
    """The city's outer edge: exteriors of the parts, without the holes the union may leave."""
    parts = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    polygons = [Polygon(p.exterior) for p in parts if isinstance(p, Polygon) and not p.is_empty]
    return MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]


def _feature(properties: dict, geometry) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _build(districts: list[tuple], quarters: list[tuple]) -> str:
    features = []
    district_shapes = []
    district_features = []
    for number, name, text in districts:
        geom = shape(json.loads(text))
        district_shapes.append(geom)
        simple = _round(geom.simplify(CONTEXT_TOLERANCE, preserve_topology=True))
        district_features.append(
            _feature(
                {
                    "kind": "district",
                    "number": number,
                    "name": name,
                    "url": reverse("areas:district", args=[number]),
                    "label": _label_point(geom),
                },
                mapping(simple),
            )
        )
    if district_shapes:
        city = unary_union([g.buffer(CITY_GAP) for g in district_shapes]).buffer(-CITY_GAP)
        city = _round(_outline_only(city).simplify(CONTEXT_TOLERANCE, preserve_topology=True))
        features.append(
            _feature({"kind": "city", "name": settings.VEEDEL_CITY_NAME}, mapping(city))
        )
    features += district_features
    for number, name, text in quarters:
        point = _label_point(shape(json.loads(text)))
        if point is None:
            continue
        features.append(
            _feature(
                {
                    "kind": "quarter",
                    "number": number,
                    "name": name,
                    "url": reverse("areas:quarter", args=[number]),
                },
                {"type": "Point", "coordinates": point},
            )
        )
    return json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    tags = [t.strip() for t in header.split(",")]
    return any(t.removeprefix("W/") == etag for t in tags)


@require_GET
def context_geojson(request):
    if problems := NoQuery(request.GET).api_problems():
        return _bad_request(problems)
    districts = list(
        District.objects.exclude(display_geometry="")
        .order_by("number")
        .values_list("number", "name", "display_geometry")
    )
    quarters = list(
        Quarter.objects.exclude(display_geometry="")
        .order_by("number")
        .values_list("number", "name", "display_geometry")
    )
    digest = hashlib.sha256(settings.VEEDEL_CITY_NAME.encode())
    for rows in (districts, quarters):
        digest.update(b"\x1e")
        for row in rows:
            digest.update("\x1f".join(row).encode() + b"\x1d")
    etag = f'"{digest.hexdigest()[:32]}"'

    def conditional(response):
        response["ETag"] = etag
        response["Cache-Control"] = CACHE_CONTROL
        return response

    if _etag_matches(request.headers.get("If-None-Match", ""), etag):
        return conditional(HttpResponseNotModified())
    with _lock:
        body = _bodies.get(etag)
        if body is not None:
            _bodies.move_to_end(etag)
    if body is None:
        body = _build(districts, quarters)
        with _lock:
            _bodies[etag] = body
            while len(_bodies) > _BODIES_KEPT:
                _bodies.popitem(last=False)
    return conditional(HttpResponse(body, content_type="application/geo+json; charset=utf-8"))
