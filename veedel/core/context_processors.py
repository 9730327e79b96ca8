from django.conf import settings

from veedel.core.roles import Role


def site(request):
    return {
        "veedel_site_name": settings.VEEDEL_SITE_NAME,
        "city_name": settings.VEEDEL_CITY_NAME,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        # Templates compare roles with the enum (``user.role == Role.COORDINATOR``), never
        # with a string.
        "Role": Role,
    }
