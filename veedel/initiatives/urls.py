from django.urls import path

from veedel.initiatives import views, views_work

app_name = "initiatives"

urlpatterns = [
    path("vorhaben/", views.initiative_list, name="list"),
    path("vorhaben/export.csv", views_work.initiative_list_csv, name="list_csv"),
    path("vorhaben/neu/", views.initiative_start_view, name="start"),
    path("vorhaben/<int:pk>/", views.initiative_detail, name="detail"),
    path("vorhaben/<int:pk>/bearbeiten/", views.initiative_edit, name="edit"),
    path("vorhaben/<int:pk>/wirkung/", views.initiative_outcome, name="outcome"),
    path("vorhaben/<int:pk>/zeitleiste/", views.initiative_timeline, name="timeline"),
    path("vorhaben/<int:pk>/schritte/neu/", views_work.step_add_view, name="step_add"),
    path("vorhaben/<int:pk>/schritte/<int:step_pk>/", views_work.step_edit, name="step_edit"),
    path("vorhaben/<int:pk>/aktivitaeten/neu/", views_work.activity_add, name="activity_add"),
    path(
        "vorhaben/<int:pk>/aktivitaeten/<int:activity_pk>/",
        views_work.activity_edit,
        name="activity_edit",
    ),
    path(
        "vorhaben/<int:pk>/aktivitaeten/<int:activity_pk>/loeschen/",
        views_work.activity_delete_view,
        name="activity_delete",
    ),
    path("vorhaben/<int:pk>/aktivitaeten.csv", views_work.activities_csv, name="activities_csv"),
    path("vorhaben/<int:pk>/dokumente/neu/", views_work.document_add_view, name="document_add"),
    path(
        "vorhaben/<int:pk>/dokumente/<int:document_pk>/",
        views_work.document_download,
        name="document",
    ),
    path(
        "vorhaben/<int:pk>/dokumente/<int:document_pk>/oeffentlich/",
        views_work.document_public_view,
        name="document_public",
    ),
    path(
        "vorhaben/<int:pk>/dokumente/<int:document_pk>/loeschen/",
        views_work.document_delete_view,
        name="document_delete",
    ),
    path("sozialraeume/<slug:slug>/vorhaben/", views.space_initiatives, name="space"),
]
