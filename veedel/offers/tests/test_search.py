"""Full-text search of offers: German stems, folded umlauts, stopwords, the same on SQLite and
PostgreSQL (this file runs on both), and nothing found through contact persons."""

import pytest
from django.urls import reverse

from veedel.network.models import Contact
from veedel.offers.models import Offer
from veedel.offers.search import offer_document, offer_reindex, offer_search
from veedel.offers.tests.factories import POINTS, make_offer

pytestmark = pytest.mark.django_db


def names(queryset):
    return [o.name for o in queryset]


def search(text):
    return names(offer_search(queryset=Offer.objects.published(), text=text))


@pytest.fixture
def offers():
    return {
        "mulheim": make_offer(
            name="Nachbarschaftscafé",
            description="Treffpunkt für alle.",
            point=POINTS["muelheim"],
            address="Wallstraße 10",
        ),
        "sprache": make_offer(
            name="Deutsch lernen",
            description="Sprachkurse für Anfängerinnen und Anfänger.",
            topics=["bildung"],
        ),
        "jugend": make_offer(
            name="Offener Treff",
            description="Für Jugendliche ab 12 Jahren.",
            target_groups=["jugendliche"],
            point=POINTS["chorweiler"],
        ),
        "strasse": make_offer(
            name="Beratung an der Ecke",
            description="Sozialberatung in der Großen Straße.",
            point=POINTS["ehrenfeld"],
        ),
    }


@pytest.mark.parametrize("text", ["Mülheim", "Muelheim", "Mulheim", "mülheim", "MUELHEIM"])
def test_quarter_names_with_and_without_umlauts_find_the_offer(offers, text):
    assert search(text) == ["Nachbarschaftscafé"]


def test_singular_finds_plural(offers):
    assert search("Sprachkurs") == ["Deutsch lernen"]


def test_inflected_forms_find_each_other(offers):
    assert search("Jugendlicher") == ["Offener Treff"]
    assert search("jugendlichen") == ["Offener Treff"]


def test_the_beginning_of_a_word_finds_it(offers):
    assert search("Sprach") == ["Deutsch lernen"]


def test_sharp_s_and_ss_are_the_same(offers):
    assert search("Grosse Strasse") == ["Beratung an der Ecke"]


def test_every_word_must_match(offers):
    assert search("Sprachkurs Jugendliche") == []
    assert search("Treff Chorweiler") == ["Offener Treff"]


def test_stopwords_are_ignored(offers):
    assert search("für die Jugendlichen") == ["Offener Treff"]
    # A query of stopwords only filters nothing.
    assert sorted(search("und der die")) == sorted(o.name for o in offers.values())


def test_taxonomy_terms_organisation_and_social_space_are_searchable(offers):
    assert search("Bildung") == ["Deutsch lernen"]
    make_offer(name="Hausaufgabenhilfe", organization_name="Kinderschutzbund Beispiel")
    assert search("Kinderschutzbund") == ["Hausaufgabenhilfe"]
    # The Chorweiler location lies in the social space "Blumenberg/Chorweiler/Seeberg-Nord".
    assert "Offener Treff" in search("Seeberg")


def test_whole_words_rank_above_beginnings(offers):
    make_offer(name="Alle Kursangebote", description="Angebote aller Art.")
    make_offer(name="Zum Kurs am Abend", description="Ein Kurs.")
    # Alphabetically the other way round: the exact word wins.
    assert search("Kurs") == ["Zum Kurs am Abend", "Alle Kursangebote"]


def test_contact_persons_are_never_searchable(offers):
    offer = offers["sprache"]
    Contact.objects.create(
        actor=offer.organization,
        office=offer.office,
        name="Hildegard Quasthoff",
        email="h.quasthoff@example.org",
        purpose="Einladungen",
        legal_basis="consent",
    )
    offer_reindex(offers=[offer])
    assert "quasthoff" not in offer_document(offer)
    assert search("Quasthoff") == []


def test_reindex_updates_changed_documents_only(offers):
    offer = offers["sprache"]
    assert offer_reindex(offers=Offer.objects.all()) == 0
    Offer.objects.filter(pk=offer.pk).update(name="Türkisch für Kinder")
    assert offer_reindex(offers=Offer.objects.filter(pk=offer.pk)) == 1
    assert search("turkisch") == ["Türkisch für Kinder"]
    assert search("Deutsch lernen") == []


def test_reindex_runs_a_fixed_number_of_queries(offers, django_assert_max_num_queries):
    few = Offer.objects.filter(pk__in=[offers["sprache"].pk])
    for index in range(30):
        make_offer(name=f"Kurs {index}", topics=["bildung"], reindex=False)
    with django_assert_max_num_queries(12):
        offer_reindex(offers=Offer.objects.all())
    with django_assert_max_num_queries(12):
        offer_reindex(offers=few)


def test_the_directory_page_searches(client, offers):
    response = client.get(reverse("offers:directory"), {"q": "Muelheim"})
    assert response.status_code == 200
    assert "Nachbarschaftscafé" in response.text
    assert "Deutsch lernen" not in response.text


# --- facets: filters looked up in the search document ----------------------------------------


def test_the_document_holds_the_offers_facets(offers):
    from veedel.offers.models import TaxonomyTerm
    from veedel.offers.search import FREE, term_facet

    offer = offers["sprache"]
    bildung = TaxonomyTerm.objects.get(code="bildung")
    assert f" {term_facet(bildung.pk)} " in offer.search_document
    Offer.objects.filter(pk=offer.pk).update(is_free=True)
    offer.refresh_from_db()
    assert FREE not in offer.search_document  # until the offer is reindexed, as after a change
    offer_reindex(offers=[offer])
    offer.refresh_from_db()
    assert f" {FREE} " in offer.search_document


@pytest.mark.parametrize("text", ["t", "f", "free", "s", "l", "x", "q", "barrierfree"])
def test_no_search_word_matches_a_facet(offers, text):
    """Facets start with "/": a word, even a single letter, never finds an offer through them."""
    for offer in Offer.objects.all():
        offer.is_free = True
        offer.is_barrier_free = True
        offer.save()
    offer_reindex(offers=Offer.objects.all())
    by_words = sorted(
        o.name
        for o in Offer.objects.published()
        if any(
            word.startswith(text) for word in o.search_document.split() if not word.startswith("/")
        )
    )
    assert any(word.startswith("/") for word in Offer.objects.first().search_document.split())
    assert sorted(search(text)) == by_words
    assert len(by_words) < Offer.objects.published().count()


def test_facets_and_words_combine(offers):
    from veedel.offers.models import TaxonomyTerm
    from veedel.offers.search import term_facet

    bildung = term_facet(TaxonomyTerm.objects.get(code="bildung").pk)
    jugend = term_facet(TaxonomyTerm.objects.get(code="jugendliche").pk)

    def found(text, facets):
        return names(offer_search(queryset=Offer.objects.published(), text=text, facets=facets))

    assert found("", [[bildung]]) == ["Deutsch lernen"]
    assert found("", [[bildung, jugend]]) == ["Deutsch lernen", "Offener Treff"]
    assert found("", [[bildung], [jugend]]) == []
    assert found("Sprachkurs", [[bildung]]) == ["Deutsch lernen"]
    assert found("Treff", [[bildung]]) == []
    assert found("", [[]]) == []
