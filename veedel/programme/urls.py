from django.urls import path

from veedel.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.home, name="home"),
    path("koordinationsstellen/<slug:slug>/", views.office, name="office"),
    path(
        "koordinationsstellen/<slug:slug>/ort.geojson", views.office_geojson, name="office_geojson"
    ),
]
