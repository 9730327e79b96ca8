from django.urls import path

from veedel.programme import views

app_name = "programme"
urlpatterns = [
    path("koordinationsstellen/<slug:slug>/", views.office, name="office"),
]
