from django.urls import path

from veedel.guide import views_finder

app_name = "guide"

urlpatterns = [
    # The finder ("Passenden Schlüsselprozess finden"): in the current edition and in one edition.
    path("leitfaden/finden/", views_finder.finder, name="finder"),
    path("leitfaden/<slug:edition_slug>/finden/", views_finder.finder, name="edition_finder"),
]
