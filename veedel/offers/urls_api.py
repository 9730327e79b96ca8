"""The HSDS API, included at ``api/hsds/`` under the namespace "hsds" (veedel/urls.py)."""

from django.urls import path, re_path

from veedel.offers.api import views

urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", views.openapi, name="openapi"),
    # The copies of the official HSDS schemas, referred to by the document as schema/….
    path("schema/<path:name>", views.schema, name="schema"),
    path("services", views.services, name="services"),
    path("services/<str:pk>", views.service, name="service"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:pk>", views.organization, name="organization"),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("service_at_locations", views.service_at_locations, name="service_at_locations"),
    # Anything else under the API answers in JSON too, with CORS.
    re_path(r"^(?P<path>.+)$", views.not_found, name="not_found"),
]
