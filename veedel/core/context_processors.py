from django.conf import settings


def site(request):
    return {
        "site_name": settings.VEEDEL_SITE_NAME,
        "city_name": settings.VEEDEL_CITY_NAME,
    }
