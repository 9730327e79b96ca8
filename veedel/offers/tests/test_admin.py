"""The offers directory in the admin: the programme office lists, filters and edits; saving an
offer updates the search index, saving a location places it in its quarter."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from veedel.offers.models import Location, Offer, Taxonomy, TaxonomyTerm
from veedel.offers.taxonomy import taxonomies_load
from veedel.offers.tests.factories import make_location, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers():
    taxonomies_load()
    today = timezone.localdate()
    return [
        make_offer(name="Sprachcafé Kalk", assured_date=today - datetime.timedelta(days=300)),
        make_offer(name="Lesepaten Kalk", assured_date=today, topics=["bildung"]),
    ]


@pytest.mark.parametrize(
    "model", [Taxonomy, TaxonomyTerm, Offer, Location], ids=lambda m: m._meta.model_name
)
def test_programme_office_lists_searches_adds_and_changes(client, login, offers, model):
    login("geschaeftsstelle")
    name = model._meta.model_name
    changelist = reverse(f"admin:offers_{name}_changelist")
    response = client.get(changelist)
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0
    assert client.get(changelist, {"q": "Kalk"}).status_code == 200
    assert client.get(reverse(f"admin:offers_{name}_add")).status_code == 200
    first = response.context["cl"].result_list[0]
    page = client.get(reverse(f"admin:offers_{name}_change", args=[first.pk]))
    assert page.status_code == 200
    assert 'name="_save"' in page.content.decode()


@pytest.mark.parametrize("username", ["koordination-kalk", "traeger", "bewohnerin"])
def test_others_cannot_open_the_offer_admin(client, login, offers, username):
    login(username)
    response = client.get(reverse("admin:offers_offer_changelist"))
    assert response.status_code == 302  # to the admin's own log-in


def test_offer_list_flags_and_filters_out_of_date_offers(client, login, offers):
    login("geschaeftsstelle")
    url = reverse("admin:offers_offer_changelist")
    stale = client.get(url, {"freshness": "stale"}).context["cl"].result_list
    assert [o.name for o in stale] == ["Sprachcafé Kalk"]
    fresh = client.get(url, {"freshness": "fresh"}).context["cl"].result_list
    assert [o.name for o in fresh] == ["Lesepaten Kalk"]
    html = client.get(url).content.decode()
    assert "icon-yes" in html and "icon-no" in html  # the stale column


def test_saving_an_offer_updates_its_search_document(client, login, offers):
    login("geschaeftsstelle")
    offer = offers[0]
    change = reverse("admin:offers_offer_change", args=[offer.pk])
    form = client.get(change).context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("taxonomy_terms", "id", "created", "modified")
    }
    data.update(
        name="Nähcafé Kalk",
        organization=str(offer.organization_id),
        office=str(offer.office_id),
        taxonomy_terms=[str(TaxonomyTerm.objects.get(code="gesundheit").pk)],
        assured_date=timezone.localdate().isoformat(),
    )
    for prefix in ("at_locations", "schedules", "events", "phones", "languages", "texts"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    # And a Turkish name, written in the same form (the texts inline).
    data.update(
        {
            "texts-TOTAL_FORMS": "1",
            "texts-0-language": "tr",
            "texts-0-name": "Dikiş kafesi Kalk",
        }
    )
    response = client.post(change, {k: v for k, v in data.items() if v != ""})
    assert response.status_code == 302, response.context["adminform"].form.errors
    offer.refresh_from_db()
    assert offer.name == "Nähcafé Kalk"
    assert " nahcaf" in offer.search_document and " gesund " in offer.search_document
    assert offer.texts.get().name == "Dikiş kafesi Kalk"
    assert " dikis " in offer.search_document


def test_location_filter_by_quarter_and_locating(client, login, offers):
    login("geschaeftsstelle")
    make_location(point=(51.0235, 6.8950), name="Treff Chorweiler")
    url = reverse("admin:offers_location_changelist")
    found = client.get(url, {"quarter": "609"}).context["cl"].result_list
    assert [loc.name for loc in found] == ["Treff Chorweiler"]

    add = reverse("admin:offers_location_add")
    response = client.post(
        add,
        {
            "name": "Bürgerhaus Beispiel",
            "location_type": "physical",
            "address_1": "Beispielweg 1",
            "postal_code": "51103",
            "city": "Köln",
            "state_province": "Nordrhein-Westfalen",
            "country": "DE",
            "latitude": "50.9395",
            "longitude": "6.9990",
        },
    )
    assert response.status_code == 302
    location = Location.objects.get(name="Bürgerhaus Beispiel")
    assert location.quarter.name == "Kalk"
    assert "kalk" in set(location.social_spaces.values_list("slug", flat=True))

    outside = client.post(
        add,
        {
            "name": "Irgendwo",
            "location_type": "physical",
            "address_1": "Weg 1",
            "postal_code": "10115",
            "city": "Berlin",
            "state_province": "Berlin",
            "country": "DE",
            "latitude": "52.52",
            "longitude": "13.40",
        },
    )
    assert outside.status_code == 200
    assert not Location.objects.filter(name="Irgendwo").exists()
