"""Addresses of the OParl 1.1 API, mounted at /oparl/v1/ (namespace "council:oparl"). Every
other path under it is answered by ``views.elsewhere`` (as JSON); so is /oparl/v1 itself
(council/urls.py)."""

from django.urls import path, re_path

from veedel.council.oparl import views

LISTS = [
    "organizations",
    "persons",
    "meetings",
    "papers",
    "agenda-items",
    "consultations",
    "files",
    "locations",
    "legislative-terms",
]

urlpatterns = [
    path("", views.system, name="system"),
    path("bodies/", views.body_list, name="bodies"),
    path("bodies/<int:pk>/", views.body_detail, name="body"),
    path("organizations/<int:pk>/meetings/", views.organization_meetings, name="org_meetings"),
    path("files/<int:pk>/download/", views.file_download, name="file_download"),
]
for _kind in LISTS:
    urlpatterns += [
        path(f"bodies/<int:pk>/{_kind}/", views.body_objects, {"kind": _kind}, name=f"{_kind}"),
        path(f"{_kind}/<int:pk>/", views.object_detail, {"kind": _kind}, name=f"{_kind}_detail"),
    ]
urlpatterns += [re_path(r"^.*$", views.elsewhere, name="elsewhere")]
