"""What a review found and what must stay fixed: odd digits in query strings, absurd counts."""

import pytest
from django.urls import reverse

from veedel.initiatives.models import Activity
from veedel.initiatives.tests.factories import make_initiative

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/vorhaben/?jahr=%C2%B2", "/vorhaben/export.csv?jahr=%C2%B2"])
def test_a_year_in_superscript_digits_is_not_a_server_error(client, url):
    assert client.get(url).status_code in (200, 400)


@pytest.mark.parametrize("param", ["situation", "prozess"])
def test_starting_from_a_superscript_id_is_not_a_server_error(login, param):
    response = login("koordination-kalk").get(f"/vorhaben/neu/?{param}=%C2%B2")
    assert response.status_code == 200


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
