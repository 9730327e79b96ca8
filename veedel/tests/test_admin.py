"""The programme office works in the admin on every model: lists with search and filters,
add and change forms."""

import pytest
from django.contrib import admin
from django.urls import reverse

PROGRAMME_APPS = {"areas", "programme"}


def _registered(app_labels):
    return sorted(
        (model._meta.app_label, model._meta.model_name)
        for model in admin.site._registry
        if model._meta.app_label in app_labels
    )


def test_every_area_and_programme_model_is_in_the_admin():
    registered = {name for _, name in _registered(PROGRAMME_APPS)}
    assert registered == {
        "district",
        "quarter",
        "neighbourhood",
        "socialspace",
        "structurefigures",
        "programme",
        "programmeperiod",
        "councildecision",
        "goal",
        "topic",
        "provider",
        "coordinationoffice",
    }


@pytest.mark.parametrize("app_label, model_name", _registered(PROGRAMME_APPS))
def test_programme_office_lists_searches_adds_and_changes(client, login, app_label, model_name):
    login("geschaeftsstelle")
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    response = client.get(changelist)
    assert response.status_code == 200
    rows = response.context["cl"].result_count
    assert rows > 0, "the demo data has records of every model"

    searched = client.get(changelist, {"q": "Kalk"})
    assert searched.status_code == 200

    assert client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200
    first = response.context["cl"].result_list[0]
    change = reverse(f"admin:{app_label}_{model_name}_change", args=[first.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' in page.content.decode()


def test_social_spaces_filter_by_validity(client, login):
    login("geschaeftsstelle")
    url = reverse("admin:areas_socialspace_changelist")
    assert client.get(url, {"validity": "current"}).context["cl"].result_count == 15
    assert client.get(url, {"validity": "former"}).context["cl"].result_count == 11


def test_offices_filter_by_contract(client, login):
    login("geschaeftsstelle")
    url = reverse("admin:programme_coordinationoffice_changelist")
    assert client.get(url, {"contract": "current"}).context["cl"].result_count == 15
