"""Staff pages of the offers directory (namespace "offers", added by urls.py)."""

from django.urls import path

from veedel.offers import views_staff

urlpatterns = [
    path("angebote/veraltet/", views_staff.stale_offers, name="stale_offers"),
]
