"""Import and export of actors and offers (namespace "offers", added by urls.py)."""

from django.urls import path

from veedel.offers import views_io

urlpatterns = [
    path("import/angebote/", views_io.import_offers, name="import_offers"),
    path("import/akteure/", views_io.import_actors, name="import_actors"),
    path("export/angebote.csv", views_io.export_offers, {"fmt": "csv"}, name="export_offers_csv"),
    path(
        "export/angebote.xlsx", views_io.export_offers, {"fmt": "xlsx"}, name="export_offers_xlsx"
    ),
    path(
        "export/angebote.json", views_io.export_offers, {"fmt": "json"}, name="export_offers_json"
    ),
    path("export/akteure.csv", views_io.export_actors, {"fmt": "csv"}, name="export_actors_csv"),
    path("export/akteure.xlsx", views_io.export_actors, {"fmt": "xlsx"}, name="export_actors_xlsx"),
]
