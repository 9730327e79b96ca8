"""The finder page: the form, the results with "Warum?", drafts, bad input, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from veedel.guide.finder import guide_index
from veedel.guide.models import Edition
from veedel.guide.tests.finder_fixtures import add_filler, finder_edition

pytestmark = pytest.mark.django_db

EXAMPLE = "Jugendliche treffen sich abends am Spielplatz, Anwohner beschweren sich über Lärm"


@pytest.fixture
def edition():
    edition = finder_edition()
    Edition.objects.filter(pk=edition.pk).update(published_at=timezone.now(), year=2099)
    edition.refresh_from_db()
    return edition


def test_the_form_works_without_javascript(client, edition):
    page = client.get(reverse("guide:finder"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label for="id_q">' in html and 'id="id_q" name="q"' in html
    assert 'method="get"' in html
    assert "Passende Schlüsselprozesse" not in html  # nothing searched yet


def test_results_link_to_processes_and_situations_and_say_why(client, edition):
    page = client.get(reverse("guide:finder"), {"q": EXAMPLE})
    assert page.status_code == 200
    html = page.content.decode()
    process_url = reverse("guide:process", args=[edition.slug, "konflikte-im-oeffentlichen-raum"])
    situation_url = reverse("guide:situation", args=[edition.slug, "laerm-am-spielplatz"])
    assert html.index(process_url) < html.index(
        reverse("guide:process", args=[edition.slug, "offene-jugendarbeit-staerken"])
    )
    assert situation_url in html
    assert "<summary>Warum?</summary>" in html
    assert "Verstärkte Prävention" in html  # a goal
    assert EXAMPLE in html  # the text stays in the field
    assert page.context["result"].processes[0].slug == "konflikte-im-oeffentlichen-raum"


def test_empty_and_stopword_input_get_a_message_tied_to_the_field(client, edition):
    for text in ("", "und oder aber"):
        page = client.get(reverse("guide:finder"), {"q": text})
        assert page.status_code == 200
        html = page.content.decode()
        assert 'aria-errormessage="id_q_message"' in html and 'id="id_q_message"' in html


@pytest.mark.parametrize(
    "query",
    [
        {"q": "x" * 20000},
        {"q": "\x00Lärm"},
        {"q": ["Lärm", "Müll"]},
        {"q": "%ff%fe"},
        {"q": "Spielplatz:* | !Lärm & ("},
    ],
)
def test_bad_input_never_breaks_the_page(client, edition, query):
    page = client.get(reverse("guide:finder"), query)
    assert page.status_code == 200


def test_long_input_is_said_to_be_cut(client, edition):
    page = client.get(reverse("guide:finder"), {"q": "Müll " * 1000})
    assert "Gelesen wurde nur ihr Anfang" in page.content.decode()


def test_an_edition_by_its_address(client, edition):
    page = client.get(reverse("guide:edition_finder", args=[edition.slug]), {"q": "Müll"})
    assert page.status_code == 200
    assert page.context["result"].processes[0].slug == "sauberkeit-im-veedel"
    assert client.get(reverse("guide:edition_finder", args=["gibt-es-nicht"])).status_code == 404


def test_a_draft_only_for_the_programme_office(client, login, edition):
    draft = finder_edition(slug="entwurf", published=False)
    url = reverse("guide:edition_finder", args=[draft.slug])
    assert client.get(url, {"q": "Müll"}).status_code == 404
    assert login("koordination-kalk").get(url, {"q": "Müll"}).status_code == 404
    page = login("geschaeftsstelle").get(url, {"q": "Müll"})
    assert page.status_code == 200
    assert page.context["result"].processes[0].slug == "sauberkeit-im-veedel"


def test_the_current_edition_is_searched_without_a_slug(client, edition):
    page = client.get(reverse("guide:finder"), {"q": "Müll"})
    assert page.context["edition"] == Edition.objects.current()


def test_the_number_of_queries_does_not_grow_with_the_guide(client, edition):
    url = reverse("guide:finder")
    query = {"q": EXAMPLE + " Müll Senioren Stadtteilkonferenz Bildung Schule Familie"}
    client.get(url, query)  # warm the index
    with CaptureQueriesContext(connection) as small:
        client.get(url, query)
    add_filler(edition, 60)
    guide_index(edition=edition)
    client.get(url, query)  # the index is rebuilt once
    with CaptureQueriesContext(connection) as large:
        page = client.get(url, query)
    assert len(page.context["result"].processes) == 10
    assert len(large) == len(small)
