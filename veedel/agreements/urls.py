"""Addresses of target agreements (German paths); namespace "agreements"."""

from django.urls import path

from veedel.agreements import views, views_amendments, views_targets

app_name = "agreements"

urlpatterns = [
    path("zielvereinbarungen/", views.agreement_list, name="list"),
    path("zielvereinbarungen/neu/", views.agreement_add, name="add"),
    path("zielvereinbarungen/<int:pk>/", views.agreement_detail, name="detail"),
    path("zielvereinbarungen/<int:pk>/drucken/", views.agreement_print, name="print"),
    path("zielvereinbarungen/<int:pk>/bearbeiten/", views.agreement_edit, name="edit"),
    path("zielvereinbarungen/<int:pk>/schritt/", views.agreement_step, name="step"),
    path(
        "zielvereinbarungen/<int:pk>/halbjahresbilanz/",
        views.agreement_review_view,
        name="review",
    ),
    path(
        "zielvereinbarungen/<int:pk>/abschlussbewertung/",
        views.agreement_assess_view,
        name="assess",
    ),
    path("zielvereinbarungen/<int:pk>/ziele/neu/", views_targets.target_edit, name="target_add"),
    path(
        "zielvereinbarungen/<int:pk>/ziele/<int:target_pk>/bearbeiten/",
        views_targets.target_edit,
        name="target_edit",
    ),
    path(
        "zielvereinbarungen/<int:pk>/ziele/<int:target_pk>/loeschen/",
        views_targets.target_remove,
        name="target_delete",
    ),
    path(
        "zielvereinbarungen/<int:pk>/ziele/<int:target_pk>/kennzahl/",
        views_targets.target_metric,
        name="target_metric",
    ),
    path(
        "zielvereinbarungen/<int:pk>/ziele/<int:target_pk>/istwert/",
        views_targets.target_actual,
        name="target_actual",
    ),
    path(
        "zielvereinbarungen/<int:pk>/aenderungen/neu/",
        views_amendments.amendment_add,
        name="amendment_add",
    ),
    path(
        "zielvereinbarungen/<int:pk>/aenderungen/<int:number>/schritt/",
        views_amendments.amendment_step,
        name="amendment_step",
    ),
]
