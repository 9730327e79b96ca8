"""The directory finds what people type: languages are facets only, synonyms are data the
programme office keeps, a place name filters by its area, and an empty result suggests
changes that find something."""

import html
import re

import pytest
from django.urls import reverse

from veedel.offers.models import Offer, Synonym
from veedel.offers.tests.factories import POINTS, make_offer, make_taxonomies

pytestmark = pytest.mark.django_db

URL = reverse("offers:directory")


@pytest.fixture
def offers():
    make_taxonomies()
    return {
        "course": make_offer(
            name="Deutschkurs für Erwachsene",
            description="Deutsch lernen in kleinen Gruppen.",
            topics=["bildung"],
            target_groups=["erwachsene"],
            languages=["de", "ar"],
            point=POINTS["kalk"],
            is_free=True,
        ),
        "rent": make_offer(
            name="Mietberatung",
            description="Beratung bei Fragen zur Miete.",
            topics=["wohnen"],
            languages=["de", "tr"],
            point=POINTS["ehrenfeld"],
        ),
        "daycare": make_offer(
            name="Sprechstunde der Kindertagesstätte Sonnenblume",
            description="Eltern fragen nach freien Plätzen.",
            topics=["bildung"],
            target_groups=["familien"],
            point=POINTS["muelheim"],
        ),
        "homework": make_offer(
            name="Lernhilfe am Nachmittag",
            description="Nach der Schule gemeinsam üben.",
            topics=["bildung"],
            target_groups=["kinder"],
            point=POINTS["kalk"],
        ),
    }


def names(response) -> list[str]:
    assert response.status_code == 200
    return [row["offer"].name for row in response.context["rows"]]


def heading(response) -> str:
    found = re.search(r'<h2 id="results-title">(.*?)</h2>', response.text)
    return html.unescape(found.group(1)) if found else ""


def test_the_language_of_an_offer_is_no_search_word(client, offers):
    # Both offers are held in German; only the course is about German.
    assert names(client.get(URL, {"q": "Deutsch"})) == ["Deutschkurs für Erwachsene"]
    assert names(client.get(URL, {"q": "Türkisch"})) == []
    # As a filter the language still works.
    assert names(client.get(URL, {"sprache": "tr"})) == ["Mietberatung"]
    assert "Deutsch" not in Offer.objects.get(pk=offers["rent"].pk).search_document.split()
    assert "deutsch" not in offers["rent"].search_document.split()


def test_the_first_synonym_list_finds_other_words_for_the_same(client, offers):
    assert Synonym.objects.filter(words__icontains="Kindertagesstätte").exists()
    assert names(client.get(URL, {"q": "Kita"})) == [
        "Sprechstunde der Kindertagesstätte Sonnenblume"
    ]
    assert names(client.get(URL, {"q": "Hausaufgabenhilfe"})) == ["Lernhilfe am Nachmittag"]
    assert names(client.get(URL, {"q": "Deutsch lernen"})) == ["Deutschkurs für Erwachsene"]


def test_a_synonym_the_programme_office_adds_in_the_admin_takes_effect_at_once(
    client, login, offers
):
    assert names(client.get(URL, {"q": "Wohnungsfragen"})) == []
    login("geschaeftsstelle")
    response = client.post(
        reverse("admin:offers_synonym_add"),
        {"words": "Mietberatung,  Wohnungsfragen ", "note": ""},
    )
    assert response.status_code == 302, response.text
    assert Synonym.objects.filter(words="Mietberatung, Wohnungsfragen").exists()
    assert names(client.get(URL, {"q": "Wohnungsfragen"})) == ["Mietberatung"]


@pytest.mark.parametrize(
    "words, message",
    [
        ("Kita", "mindestens zwei Wörter"),
        ("Kita, und", "„und“ enthält kein Wort"),
        ("Kita, Haus für die ganz kleinen Kinder", "hat mehr als 3 Wörter"),
    ],
)
def test_the_admin_refuses_a_synonym_group_that_cannot_work(client, login, words, message):
    login("geschaeftsstelle")
    before = Synonym.objects.count()
    response = client.post(reverse("admin:offers_synonym_add"), {"words": words, "note": ""})
    assert response.status_code == 200
    assert message in html.unescape(response.text)
    assert Synonym.objects.count() == before


def test_a_place_name_in_the_words_filters_by_that_area(client, offers):
    response = client.get(URL, {"q": "Deutschkurs Kalk"})
    assert names(response) == ["Deutschkurs für Erwachsene"]
    assert "„Kalk“ ist als Ort verstanden: Angebote im Stadtteil Kalk." in html.unescape(
        response.text
    )
    # The place alone lists what is there; "in" goes with the place.
    assert sorted(names(client.get(URL, {"q": "in Kalk"}))) == [
        "Deutschkurs für Erwachsene",
        "Lernhilfe am Nachmittag",
    ]
    # A chosen area wins over a name in the words, which is then searched as a word.
    assert names(client.get(URL, {"q": "Deutschkurs Kalk", "stadtteil": "401"})) == []


def test_an_empty_result_suggests_changes_and_each_link_finds_offers(client, offers):
    response = client.get(URL, {"q": "Mietberatung Kalk", "tag": "MO"})
    assert names(response) == []
    page = html.unescape(response.text)
    assert "Diese Änderungen finden Angebote" in page
    links = re.findall(r'<ul class="suggestions"[^>]*>(.*?)</ul>', page, re.S)
    assert links, page
    found = re.findall(r'<li><a href="\?([^"]+)">([^<]+)</a> \((\d+) Angebot', links[0])
    labels = [label for _query, label, _count in found]
    assert "ohne „Stadtteil: Kalk“" in labels
    assert "nur das Wort „Mietberatung“" not in labels  # there is only one word left
    for query, label, count in found:
        followed = client.get(f"{URL}?{html.unescape(query)}")
        assert len(names(followed)) == int(count) > 0, label


def test_a_misspelt_word_is_offered_as_the_word_the_directory_knows(client, offers):
    page = html.unescape(client.get(URL, {"q": "Kindertagestätte"}).text)
    assert "„Kindertagesstätte“ statt „Kindertagestätte“" in page


def test_after_a_search_the_filters_are_folded_and_say_how_many_are_chosen(client, offers):
    response = client.get(URL, {"q": "Beratung", "thema": "wohnen", "kostenlos": "1"})
    fold = re.search(r'<details class="filter-fold"([^>]*)><summary>(.*?)</summary>', response.text)
    assert fold is not None
    assert "open" not in fold.group(1)
    assert "(2 gewählt)" in fold.group(2)
    # A filter that could not be read opens the fold, to show it.
    wrong = client.get(URL, {"alter": "zwölf"})
    assert re.search(r'<details class="filter-fold" open>', wrong.text)


def test_a_search_of_a_thousand_words_gets_a_message_and_a_working_page(client, offers):
    response = client.get(URL, {"q": " ".join(["Beratung"] * 1000)})
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert "Filter „Suchbegriffe“: Bitte sicherstellen, dass der Wert aus höchstens 200" in page
    assert heading(response) == "4 Angebote gefunden"  # the words were left out, not the page


def distances(response) -> list[tuple[str, str]]:
    return [(row["offer"].name, row["distance"]) for row in response.context["rows"]]


def test_near_a_quarter_sorts_by_distance_within_the_radius(client, offers):
    response = client.get(URL, {"von": "802"})  # the middle of Kalk
    found = distances(response)
    assert [name for name, _km in found[:2]] == sorted(
        ["Deutschkurs für Erwachsene", "Lernhilfe am Nachmittag"]
    )
    assert found[2][0] == "Sprechstunde der Kindertagesstätte Sonnenblume"  # Mülheim, ~3 km
    assert all(km.endswith(" km") for _name, km in found)
    assert "Mietberatung" not in [name for name, _km in found]  # Ehrenfeld lies farther
    assert "Nächste zuerst, ab der Mitte von Kalk, im Umkreis von 5 km." in html.unescape(
        response.text
    )
    wider = distances(client.get(URL, {"von": "802", "umkreis": "10"}))
    assert wider[-1][0] == "Mietberatung"


def test_near_the_browsers_position_sorts_from_there(client, offers):
    lat, lon = POINTS["ehrenfeld"]
    response = client.get(URL, {"lat": f"{lat}", "lon": f"{lon}", "q": "Beratung"})
    assert distances(response) == [("Mietberatung", "0,0 km")]
    assert "ab Ihrem Standort" in html.unescape(response.text)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"lat": "52.52", "lon": "13.40"}, "liegt außerhalb der Stadt"),
        ({"lat": "50.94"}, "braucht Breiten- und Längengrad"),
        ({"lat": "Köln", "lon": "6.9"}, "„Köln“ ist keine Gradangabe von -90 bis 90"),
        ({"von": "802", "umkreis": "0"}, "Filter „Im Umkreis von“:"),
        ({"von": "802", "umkreis": "10000"}, "Filter „Im Umkreis von“:"),
        ({"von": "999"}, "Filter „Nächste zuerst, ab“:"),
    ],
)
def test_a_position_or_radius_that_cannot_be_used_is_named_and_the_page_works(
    client, offers, params, message
):
    response = client.get(URL, params)
    assert response.status_code == 200
    warnings = re.findall(r'<p class="message[^"]*">(.*?)</p>', html.unescape(response.text))
    assert any(message in warning for warning in warnings), warnings
    assert heading(response).endswith("Angebote gefunden")


def test_near_pages_hold_every_offer_once_nearest_first(client):
    """The first page comes from the smallest circle that holds it (offers/filters.py,
    ``near_pages``), the second from the whole radius: together the order of sorting all."""
    near, far = POINTS["kalk"], POINTS["muelheim"]
    for index in range(25):
        make_offer(name=f"Nah {index:02}", point=near)
    for index in range(6):
        make_offer(name=f"Weiter {index:02}", point=far)
    params = {"lat": f"{near[0]}", "lon": f"{near[1]}"}
    first = client.get(URL, params)
    second = client.get(URL, {**params, "seite": "2"})
    assert heading(first) == "31 Angebote gefunden"
    shown = [name for name, _km in distances(first) + distances(second)]
    assert shown == [f"Nah {i:02}" for i in range(25)] + [f"Weiter {i:02}" for i in range(6)]
    assert {km for _name, km in distances(first)} == {"0,0 km"}
