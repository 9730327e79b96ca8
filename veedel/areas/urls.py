from django.urls import path

from veedel.areas import views, views_geo

app_name = "areas"
urlpatterns = [
    path("sozialraeume/<slug:slug>/", views.social_space, name="social_space"),
    path("stadtbezirke/<str:number>/", views.district, name="district"),
    path("stadtteile/<str:number>/", views.quarter, name="quarter"),
    path("geo/sozialraeume.geojson", views.social_spaces_geojson, name="social_spaces_geojson"),
    path(
        "geo/sozialraeume/<slug:slug>.geojson",
        views.social_space_geojson,
        name="social_space_geojson",
    ),
    path("geo/stadtbezirke.geojson", views.districts_geojson, name="districts_geojson"),
    path("geo/stadtteile.geojson", views.quarters_geojson, name="quarters_geojson"),
    path("geo/kontext.geojson", views_geo.context_geojson, name="context_geojson"),
    path("geo/stadtviertel.geojson", views.neighbourhoods_geojson, name="neighbourhoods_geojson"),
]
