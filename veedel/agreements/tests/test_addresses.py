"""Query strings of the agreement pages go through forms: a malformed or unknown value is a
message on the page, never a 500, and the page goes on without it."""

import pytest
from django.urls import reverse

from veedel.agreements.models import AgreementState
from veedel.agreements.tests.factories import CHORWEILER, goals, make_agreement

pytestmark = pytest.mark.django_db
S = AgreementState


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"jahr": "²"}, "“²” is not a year"),
        ({"jahr": "99999999999999999999"}, "“99999999999999999999” is not a year"),
        ({"jahr": "-2026"}, "“-2026” is not a year"),
        ({"stelle": "nirgendwo"}, "“nirgendwo” is not known"),
        ({"stelle": "kalk\x00"}, "is not known"),
        ({"stelle": "x" * 500}, "is not known"),
        ({"status": "unterschrieben"}, "“unterschrieben” is not a state of an agreement"),
        ({"seite": "2"}, "“seite”, which this page does not know"),
    ],
)
def test_bad_list_filters_are_named_and_left_out(login, query, shown):
    agreement = make_agreement(year=2026)
    response = login("koordination-kalk").get(reverse("agreements:list"), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert shown in page
    assert agreement.get_absolute_url() in page  # the list is not filtered by it


def test_the_filter_bar_renders_from_the_form_and_keeps_the_choice(login):
    make_agreement(year=2025, state=S.CLOSED)
    make_agreement(CHORWEILER, year=2026)
    page = (
        login("geschaeftsstelle")
        .get(reverse("agreements:list"), {"jahr": "2025", "status": "closed"})
        .content.decode()
    )
    assert 'class="form filter-form"' in page
    assert '<option value="2025" selected>2025</option>' in page
    assert '<option value="closed" selected>' in page
    assert "Reset filters" in page


def test_a_coordinator_cannot_filter_by_an_office_that_is_not_hers(login):
    chorweiler = make_agreement(CHORWEILER, year=2026)
    page = (
        login("koordination-kalk")
        .get(reverse("agreements:list"), {"stelle": CHORWEILER})
        .content.decode()
    )
    assert f"“{CHORWEILER}” is not known" in page
    assert chorweiler.get_absolute_url() not in page


def test_a_new_target_starts_under_the_goal_of_the_address(login):
    agreement = make_agreement()
    url = reverse("agreements:target_add", args=[agreement.pk])
    client = login("koordination-kalk")
    goal = goals()[2]
    response = client.get(url, {"ziel": goal.slug})
    assert f'<option value="{goal.pk}" selected>' in response.content.decode()
    response = client.get(url, {"ziel": "keins"})
    assert response.status_code == 200
    assert "“keins” is not known" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["agreements:detail", "agreements:print", "agreements:edit", "agreements:amendment_add"]
)
def test_pages_without_parameters_name_the_ones_they_are_given(login, name):
    agreement = make_agreement()
    response = login("geschaeftsstelle").get(reverse(name, args=[agreement.pk]), {"jahr": "²"})
    assert response.status_code in (200, 409)
    assert "“jahr”, which this page does not know" in response.content.decode()
