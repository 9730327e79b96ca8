from django.conf import settings
from django.urls import reverse

from veedel.core.roles import Role

# From this zoom level on the maps name the quarters (Stadtteile) too.
MAP_QUARTER_NAMES_ZOOM = 13


def site(request):
    return {
        "veedel_site_name": settings.VEEDEL_SITE_NAME,
        "city_name": settings.VEEDEL_CITY_NAME,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        # The context layer of every map (city outline, districts, quarter names; map.js).
        "map_context_url": reverse("areas:context_geojson"),
        "map_quarter_names_zoom": str(MAP_QUARTER_NAMES_ZOOM),
        # The map's view before it fits what it shows, as "latitude,longitude" (never
        # localised: map.js reads it).
        "map_centre": "{},{}".format(*settings.VEEDEL_MAP_CENTRE),
        "map_zoom": str(settings.VEEDEL_MAP_ZOOM),
        "data_attribution": settings.VEEDEL_DATA_ATTRIBUTION,
        # Templates compare roles with the enum (``user.role == Role.COORDINATOR``), never
        # with a string.
        "Role": Role,
    }
