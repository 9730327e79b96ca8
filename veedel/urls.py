from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import JavaScriptCatalog, set_language

from veedel.core import views as core_views

admin.site.site_header = "Veedel"
admin.site.site_title = "Veedel"

urlpatterns = [
    path("", include("veedel.core.urls")),
    path("", include("veedel.programme.urls")),
    path("", include("veedel.areas.urls")),
    path("", include("veedel.network.urls")),
    path("", include("veedel.offers.urls")),
    path("", include("veedel.guide.urls")),
    path("", include("veedel.initiatives.urls")),
    path("", include("veedel.agreements.urls")),
    path("", include("veedel.reports.urls")),
    path("", include("veedel.council.urls")),
    path("api/hsds/", include(("veedel.offers.urls_api", "hsds"))),
    path("konto/", include("veedel.accounts.urls")),
    # The language switch only sets the language cookie: it needs no CSRF token, so the pages
    # that carry it can be kept in the page cache for every visitor (veedel.core.pagecache).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
