from django.urls import path

from veedel.network import views_actors as views

urlpatterns = [
    path("akteure/", views.actor_list, name="actors"),
    path("akteure/neu/", views.actor_add, name="actor_add"),
    path("akteure.geojson", views.actors_geojson, name="actors_geojson"),
    path("akteure/<uuid:pk>/", views.actor_detail, name="actor"),
    path("akteure/<uuid:pk>/bearbeiten/", views.actor_edit, name="actor_edit"),
    path("akteure/<uuid:pk>.geojson", views.actor_geojson, name="actor_geojson"),
    path("akteure/<uuid:pk>/kontakte/neu/", views.contact_add, name="contact_add"),
    path("kontakte/<int:pk>/bearbeiten/", views.contact_edit, name="contact_edit"),
    path("kontakte/<int:pk>/export.json", views.contact_export, name="contact_export"),
    path("kontakte/<int:pk>/loeschen/", views.contact_erase, name="contact_erase"),
]
