"""Addresses of the guide (German paths under /leitfaden/)."""

from django.urls import include, path

from veedel.guide import views, views_edit, views_finder

app_name = "guide"

E = "leitfaden/<slug:edition_slug>/"

edit_patterns = [
    path("", views_edit.edit_overview, name="edit"),
    path("angaben/", views_edit.edition_edit, name="edition_edit"),
]

urlpatterns = [
    path("leitfaden/", views.current_edition, name="current"),
    path("leitfaden/ausgaben/", views.edition_list, name="editions"),
    path("leitfaden/ausgaben/neu/", views_edit.edition_add, name="edition_add"),
    # The finder ("Passenden Schlüsselprozess finden"): in the current edition and in one edition.
    path("leitfaden/finden/", views_finder.finder, name="finder"),
    path(f"{E}finden/", views_finder.finder, name="edition_finder"),
    # Reading.
    path(E, views.edition_detail, name="edition"),
    path(f"{E}leitfaden.pdf", views.edition_pdf, name="edition_pdf"),
    path(f"{E}leitziele/<slug:slug>/", views.goal_detail, name="goal"),
    path(f"{E}themenfelder/<slug:slug>/", views.topic_detail, name="topic"),
    path(f"{E}situationen/neu/", views_edit.situation_add, name="situation_add"),
    path(f"{E}situationen/<slug:slug>/", views.situation_detail, name="situation"),
    path(f"{E}prozesse/neu/", views_edit.process_add, name="process_add"),
    path(f"{E}prozesse/<slug:slug>/", views.process_detail, name="process"),
    path(f"{E}prozesse/<slug:slug>/prozess.pdf", views.process_pdf, name="process_pdf"),
    path(f"{E}methoden/", views.method_list, name="methods"),
    path(f"{E}methoden/neu/", views_edit.method_add, name="method_add"),
    path(f"{E}methoden/<slug:slug>/", views.method_detail, name="method"),
    # Editing a draft (programme office and administrators).
    path(f"{E}bearbeiten/", include(edit_patterns)),
    path(f"{E}kopieren/", views_edit.edition_copy, name="edition_copy"),
    path(f"{E}veroeffentlichen/", views_edit.edition_publish, name="edition_publish"),
    path(f"{E}loeschen/", views_edit.edition_delete, name="edition_delete"),
    path(
        f"{E}situationen/<slug:slug>/bearbeiten/",
        views_edit.situation_edit,
        name="situation_edit",
    ),
    path(
        f"{E}situationen/<slug:slug>/loeschen/",
        views_edit.situation_delete,
        name="situation_delete",
    ),
    path(f"{E}prozesse/<slug:slug>/bearbeiten/", views_edit.process_edit, name="process_edit"),
    path(f"{E}prozesse/<slug:slug>/loeschen/", views_edit.process_delete, name="process_delete"),
    path(f"{E}prozesse/<slug:slug>/schritte/neu/", views_edit.step_add, name="step_add"),
    path(
        f"{E}prozesse/<slug:slug>/schritte/<int:pk>/bearbeiten/",
        views_edit.step_edit,
        name="step_edit",
    ),
    path(
        f"{E}prozesse/<slug:slug>/schritte/<int:pk>/loeschen/",
        views_edit.step_delete,
        name="step_delete",
    ),
    path(
        f"{E}prozesse/<slug:slug>/schritte/<int:pk>/verschieben/",
        views_edit.step_move,
        name="step_move",
    ),
    path(f"{E}methoden/<slug:slug>/bearbeiten/", views_edit.method_edit, name="method_edit"),
    path(f"{E}methoden/<slug:slug>/loeschen/", views_edit.method_delete, name="method_delete"),
]
