"""Public pages of the offers directory (namespace "offers", added by urls.py)."""

from django.urls import path

from veedel.offers import views

urlpatterns = [
    path("angebote/", views.directory, name="directory"),
    path("angebote.geojson", views.directory_geojson, name="directory_geojson"),
    path("angebote/<uuid:pk>/", views.offer_detail, name="offer"),
    path("termine/", views.events, name="events"),
    path("termine/<slug:space>.ics", views.events_ical_space, name="events_ical_space"),
    path("themen/<slug:topic>.ics", views.events_ical_topic, name="events_ical_topic"),
]
