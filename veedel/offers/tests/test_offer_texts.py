"""An offer's name and description in another language (OfferText): visitors who chose that
language see them, marked with their language; German pages show the original; the search
finds an offer by its words in every language; the directory's queries stay flat."""

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from veedel.offers import services
from veedel.offers.models import OfferText
from veedel.offers.tests.factories import make_offer

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("offers:directory")


def _in(client, language, url, params=None):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def _course():
    offer = make_offer(name="Deutschkurs am Morgen", description="Deutsch lernen in der Gruppe.")
    OfferText.objects.create(
        offer=offer,
        language="tr",
        name="Sabah Almanca kursu",
        description="Grup içinde Almanca öğrenmek.",
    )
    services.offer_saved(offer=offer)  # as the admin's change form does
    return offer


def test_a_visitor_sees_the_offer_in_their_language_marked_as_such(client):
    offer = _course()
    turkish = _in(client, "tr", offer.get_absolute_url())
    # In the page's language; the German original beside it, marked as German.
    assert '<h1>Sabah Almanca kursu <small lang="de" dir="auto">Deutschkurs am Morgen' in turkish
    assert "Grup içinde Almanca öğrenmek." in turkish
    english = _in(client, "en", offer.get_absolute_url())  # no English text: the original
    assert '<span lang="de" dir="auto">Deutschkurs am Morgen</span>' in english
    listed = _in(client, "tr", DIRECTORY)
    assert '">Sabah Almanca kursu</a>' in listed and "Deutschkurs am Morgen" not in listed
    german = _in(client, "de", offer.get_absolute_url())
    assert "Sabah Almanca kursu" not in german and "<h1>Deutschkurs am Morgen" in german
    # Arabic has no text of its own here: the German original, marked as German and set left
    # to right inside the right-to-left page (its full stop stays at its end).
    arabic = _in(client, "ar", DIRECTORY)
    assert 'lang="de" dir="auto">Deutschkurs am Morgen</a>' in arabic
    assert 'lang="de" dir="auto">Deutschkurs am Morgen</span>' in _in(
        client, "ar", offer.get_absolute_url()
    )


def test_the_german_details_on_another_language_s_page_are_marked_as_german(client):
    """Who can use it, costs, access and how to take part have no translations: on an Arabic
    page they are marked German and set left to right (the full stop at the sentence's end)."""
    offer = _course()
    offer.eligibility_description = "Für Erwachsene aus dem Stadtteil."
    offer.application_process = "Einfach vorbeikommen."
    offer.save()
    arabic = _in(client, "ar", offer.get_absolute_url())
    assert '<dd lang="de" dir="auto">Für Erwachsene aus dem Stadtteil.</dd>' in arabic
    assert '<dd lang="de" dir="auto">Einfach vorbeikommen.</dd>' in arabic
    german = _in(client, "de", offer.get_absolute_url())
    assert "<dd>Für Erwachsene aus dem Stadtteil.</dd>" in german


def test_the_search_finds_the_offer_by_its_words_in_another_language(client):
    _course()
    found = _in(client, "de", DIRECTORY, {"q": "Almanca"})
    assert "Deutschkurs am Morgen" in found


def test_one_text_per_language_and_never_german():
    offer = _course()
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferText.objects.create(offer=offer, language="tr", name="noch einmal")
    codes = [code for code, _name in OfferText._meta.get_field("language").choices]
    assert "de" not in codes and {"en", "tr", "ar"} <= set(codes)


def test_the_directory_reads_the_texts_in_one_query_whatever_their_number(client):
    _course()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    with CaptureQueriesContext(connection) as few:
        client.get(DIRECTORY)
    for i in range(6):
        offer = make_offer(name=f"Kurs {i}")
        OfferText.objects.create(offer=offer, language="tr", name=f"Kurs {i} (tr)")
    with CaptureQueriesContext(connection) as many:
        page = client.get(DIRECTORY).content.decode()
    assert "Kurs 5 (tr)" in page
    assert len(many) == len(few)


def test_the_events_page_names_the_offer_in_the_visitors_language(client):
    import datetime

    from django.utils import timezone

    from veedel.offers.models import Event

    offer = _course()
    start = timezone.now() + datetime.timedelta(days=2)
    Event.objects.create(offer=offer, title="Einstufung", start=start)
    turkish = _in(client, "tr", reverse("offers:events"))
    assert ">Sabah Almanca kursu</a>" in turkish and "Deutschkurs am Morgen" not in turkish
    # The event's title has no translations: marked German on the Turkish and Arabic pages.
    assert '<span lang="de" dir="auto">Einstufung</span> –' in turkish
    assert '<span lang="de" dir="auto">Einstufung</span> –' in _in(
        client, "ar", reverse("offers:events")
    )
    german = _in(client, "de", reverse("offers:events"))
    assert ">Deutschkurs am Morgen</a>" in german and "Einstufung –" in german
