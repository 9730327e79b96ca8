"""Addresses of the council pages (German paths) and of the OParl API (/oparl/v1/)."""

from django.urls import include, path

from veedel.council import views, views_staff
from veedel.council.oparl import urls as oparl_urls
from veedel.council.oparl import views as oparl_views

app_name = "council"

urlpatterns = [
    path("gremien/", views.organization_list, name="organizations"),
    path("gremien/<int:pk>/", views.organization_detail, name="organization"),
    path("sitzungen/", views.meeting_list, name="meetings"),
    path("sitzungen/kalender.ics", views.meeting_ical, name="meetings_ical"),
    path("sitzungen/<int:pk>/", views.meeting_detail, name="meeting"),
    path("vorlagen/", views.paper_list, name="papers"),
    path("vorlagen/neu/", views_staff.paper_add, name="paper_add"),
    path("vorlagen/<int:pk>/", views.paper_detail, name="paper"),
    path("vorlagen/<int:pk>/vorlage.pdf", views.paper_pdf, name="paper_pdf"),
    path(
        "vorlagen/<int:pk>/vorlage-nichtoeffentlich.pdf",
        views.paper_pdf_non_public,
        name="paper_pdf_non_public",
    ),
    path("vorlagen/<int:pk>/bearbeiten/", views_staff.paper_edit, name="paper_edit"),
    path("vorlagen/<int:pk>/freigeben/", views_staff.paper_release, name="paper_release"),
    path("vorlagen/<int:pk>/loeschen/", views_staff.paper_delete, name="paper_delete"),
    path("vorlagen/<int:pk>/beratungsfolge/", views_staff.paper_sequence, name="paper_sequence"),
    path("vorlagen/<int:pk>/dateien/", views_staff.paper_files, name="paper_files"),
    path("vorlagen/dateien/<int:pk>/", views.file_download, name="file"),
    path("oparl/v1", oparl_views.elsewhere),
    path("oparl/v1/", include((oparl_urls.urlpatterns, "oparl"))),
]
