"""What a review found and what must stay fixed: odd digits in query strings, absurd counts."""

import pytest
from django.urls import reverse

from veedel.initiatives.models import Activity
from veedel.initiatives.tests.factories import make_initiative

pytestmark = pytest.mark.django_db


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_year_in_superscript_digits_is_named_on_the_list_and_ignored(client):
    make_initiative(title="Kalker Spielplatz", published=True)
    response = client.get("/vorhaben/?jahr=%C2%B2")
    assert response.status_code == 200
    assert any("²" in message for message in said(response))
    assert "Kalker Spielplatz" in response.content.decode()  # shown as without the filter


def test_a_year_in_superscript_digits_is_a_400_for_the_csv_that_names_it(client):
    response = client.get("/vorhaben/export.csv?jahr=%C2%B2")
    assert response.status_code == 400
    assert response.content.decode().startswith("jahr: ")


@pytest.mark.parametrize("param", ["situation", "prozess"])
def test_starting_from_a_superscript_id_is_named_and_ignored(login, param):
    response = login("koordination-kalk").get(f"/vorhaben/neu/?{param}=%C2%B2")
    assert response.status_code == 200
    assert any("²" in message for message in said(response))
    form = response.context["form"]
    assert form["situation"].value() is None and form["key_process"].value() is None


def test_an_absurd_number_of_participants_is_refused_on_the_form(login):
    initiative = make_initiative()
    client = login("koordination-kalk")
    url = reverse("initiatives:activity_add", args=[initiative.pk])
    data = {
        "date": "2026-03-05",
        "kind": "event",
        "title": "Spielfest",
        "hours": "1",
        "participants_total": "100000000000000000000",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["participants_total"]
    response = client.post(url, {**data, "participants_total": "10", "group_children": "10" * 9})
    assert response.context["form"].errors["group_children"]
    assert not Activity.objects.exists()
