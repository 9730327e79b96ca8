"""The public offers directory: filters alone and combined, open now, what stays hidden,
friendly answers to bad query strings, pagination, map data and a fixed number of queries."""

import datetime
import html
import json
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from veedel.core import paging
from veedel.offers import services, views
from veedel.offers.filters import directory_choices, offers_filtered
from veedel.offers.forms_query import DirectoryQuery
from veedel.offers.models import Location, Offer, ServiceAtLocation, TaxonomyTerm
from veedel.offers.tests.factories import POINTS, make_location, make_offer, make_taxonomies

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
# 2024-03-04 was a Monday.
MONDAY_3PM = datetime.datetime(2024, 3, 4, 15, 0, tzinfo=BERLIN)
MONDAY_6PM = datetime.datetime(2024, 3, 4, 18, 0, tzinfo=BERLIN)
VISIBLE = ["Hausaufgabenhilfe", "Mietberatung", "Seniorentreff", "Sprachcafé"]
URL = reverse("offers:directory")


@pytest.fixture
def catalogue():
    """Four public offers that differ in every filter, and three that must stay hidden."""
    make_taxonomies()
    offers = {
        "homework": make_offer(
            name="Hausaufgabenhilfe",
            description="Hilfe bei den Hausaufgaben.",
            topics=["bildung"],
            target_groups=["kinder"],
            minimum_age=6,
            maximum_age=12,
            languages=["de", "tr"],
            point=POINTS["kalk"],
            schedules=[("MO", "14:00", "17:00")],
            is_free=True,
        ),
        "seniors": make_offer(
            name="Seniorentreff",
            description="Kaffee und Gespräche.",
            topics=["soziales"],
            target_groups=["senioren"],
            minimum_age=60,
            point=POINTS["chorweiler"],
            schedules=[("WE", "10:00", "12:00")],
            is_barrier_free=True,
        ),
        "language": make_offer(
            name="Sprachcafé",
            description="Deutsch sprechen üben.",
            topics=["bildung"],
            target_groups=["gefluechtete"],
            minimum_age=16,
            languages=["de", "ar", "uk"],
            point=POINTS["muelheim"],
            location_barrier_free=True,
            schedules=[("FR", "16:00", "18:00")],
            is_free=True,
        ),
        "housing": make_offer(
            name="Mietberatung",
            description="Beratung bei Fragen zur Miete.",
            topics=["wohnen"],
            target_groups=["alle"],
            point=POINTS["ehrenfeld"],
            schedules=[("TU", "09:00", "12:00"), ("TH", "09:00", "12:00")],
        ),
    }
    hidden = dict(
        topics=["bildung"],
        target_groups=["kinder"],
        languages=["de", "tr"],
        point=POINTS["kalk"],
        schedules=[("MO", "14:00", "17:00")],
        is_free=True,
        is_barrier_free=True,
        description="Hausaufgaben",
    )
    offers["unpublished"] = make_offer(name="Geheim unveröffentlicht", is_published=False, **hidden)
    offers["defunct"] = make_offer(name="Geheim eingestellt", status="defunct", **hidden)
    offers["internal"] = make_offer(name="Geheim intern", actor_public=False, **hidden)
    return offers


def listed(response):
    """The offer names listed on a directory page, in order."""
    assert response.status_code == 200
    return re.findall(r'<h3 id="offer-[^"]+"><a href="[^"]+">([^<]+)</a></h3>', response.text)


def get(client, **params):
    return client.get(URL, params)


def test_without_filters_every_public_offer_is_listed_and_hidden_ones_are_not(client, catalogue):
    response = get(client)
    assert listed(response) == VISIBLE
    assert re.search(r"4 (Angebote gefunden|offers found)<", response.text)
    assert "Geheim" not in response.text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"thema": "bildung"}, ["Hausaufgabenhilfe", "Sprachcafé"]),
        ({"thema": "wohnen"}, ["Mietberatung"]),
        ({"zielgruppe": "kinder"}, ["Hausaufgabenhilfe"]),
        ({"zielgruppe": "senioren"}, ["Seniorentreff"]),
        ({"alter": "8"}, ["Hausaufgabenhilfe", "Mietberatung"]),
        ({"alter": "65"}, ["Mietberatung", "Seniorentreff", "Sprachcafé"]),
        ({"alter": "0"}, ["Mietberatung"]),
        ({"sprache": "tr"}, ["Hausaufgabenhilfe"]),
        ({"sprache": "ar"}, ["Sprachcafé"]),
        ({"sprache": "de"}, VISIBLE),
        ({"sozialraum": "kalk"}, ["Hausaufgabenhilfe"]),
        ({"sozialraum": "blumenberg-chorweiler-seeberg-nord"}, ["Seniorentreff"]),
        ({"sozialraum": "humboldt-gremberg-kalk-2006"}, ["Hausaufgabenhilfe"]),  # earlier area
        ({"stadtteil": "901"}, ["Sprachcafé"]),
        ({"stadtteil": "609"}, ["Seniorentreff"]),
        ({"tag": "MO"}, ["Hausaufgabenhilfe"]),
        ({"tag": "th"}, ["Mietberatung"]),
        ({"tag": "SU"}, []),
        ({"kostenlos": "1"}, ["Hausaufgabenhilfe", "Sprachcafé"]),
        ({"barrierefrei": "1"}, ["Seniorentreff", "Sprachcafé"]),
        ({"q": "Beratung Miete"}, ["Mietberatung"]),
    ],
)
def test_each_filter_alone(client, catalogue, params, expected):
    assert listed(get(client, **params)) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"thema": "bildung", "kostenlos": "1", "sprache": "ar"}, ["Sprachcafé"]),
        ({"thema": "bildung", "alter": "30"}, ["Sprachcafé"]),
        ({"thema": "bildung", "barrierefrei": "1"}, ["Sprachcafé"]),
        ({"thema": "bildung", "sozialraum": "kalk", "tag": "FR"}, []),
        ({"alter": "65", "barrierefrei": "1", "kostenlos": "1"}, ["Sprachcafé"]),
        (
            {
                "q": "Hausaufgaben",
                "thema": "bildung",
                "zielgruppe": "kinder",
                "alter": "8",
                "sprache": "tr",
                "sozialraum": "kalk",
                "stadtteil": "802",
                "tag": "MO",
                "kostenlos": "1",
            },
            ["Hausaufgabenhilfe"],
        ),
    ],
)
def test_filters_combine(client, catalogue, params, expected):
    assert listed(get(client, **params)) == expected


def test_topic_by_topic_slug_and_by_child_term(client, catalogue):
    term = TaxonomyTerm.objects.get(taxonomy__slug="themenfelder", code="bildung")
    child = TaxonomyTerm.objects.create(
        taxonomy=term.taxonomy, code="sprachkurse", name="Sprachkurse", description="-", parent=term
    )
    make_offer(name="Integrationskurs", topics=["sprachkurse"])
    term.code = "bildung-und-lernen"
    term.save()
    # The topic's slug still finds the term; the term's code does too; the child is included.
    expected = ["Hausaufgabenhilfe", "Integrationskurs", "Sprachcafé"]
    assert listed(get(client, thema="bildung")) == expected
    assert listed(get(client, thema="bildung-und-lernen")) == expected
    assert listed(get(client, thema=child.code)) == ["Integrationskurs"]


def test_an_offer_matching_through_several_rows_is_listed_once(client, catalogue):
    offer = catalogue["homework"]
    second = make_location(point=(50.9400, 7.0000), is_barrier_free=True)
    ServiceAtLocation.objects.create(offer=offer, location=second)
    offer.taxonomy_terms.add(TaxonomyTerm.objects.get(code="soziales"))
    services.offer_saved(offer=offer)  # as the admin does after a change
    response = get(client, sozialraum="kalk", thema="bildung", barrierefrei="1", tag="MO")
    assert listed(response) == ["Hausaufgabenhilfe"]
    assert re.search(r"1 (Angebot gefunden|offer found)<", response.text)


# --- open now -------------------------------------------------------------------------------


def open_at(now, **params):
    form = DirectoryQuery(_query(params), choices=directory_choices())
    assert form.problems() == []
    return sorted(o.name for o in offers_filtered(form.filters(), now=now))


def _query(params):
    query = QueryDict(mutable=True)
    query.update(params)
    return query


def test_open_now_follows_the_schedule_at_a_fixed_time(catalogue):
    assert open_at(MONDAY_3PM, offen="jetzt") == ["Hausaufgabenhilfe"]
    assert open_at(MONDAY_6PM, offen="jetzt") == []
    assert open_at(MONDAY_3PM.replace(hour=14), offen="jetzt") == ["Hausaufgabenhilfe"]
    assert open_at(MONDAY_3PM.replace(hour=17), offen="jetzt") == []  # closes at 17:00
    tuesday = MONDAY_3PM + datetime.timedelta(days=1, hours=-5)
    assert open_at(tuesday, offen="jetzt") == ["Mietberatung"]


def test_open_now_uses_local_time_and_schedule_validity(catalogue):
    # 14:30 UTC is 15:30 in Cologne in March.
    assert open_at(datetime.datetime(2024, 3, 4, 14, 30, tzinfo=datetime.UTC), offen="jetzt") == [
        "Hausaufgabenhilfe"
    ]
    catalogue["homework"].schedules.update(valid_to=datetime.date(2024, 3, 3))
    assert open_at(MONDAY_3PM, offen="jetzt") == []
    catalogue["homework"].schedules.update(valid_to=None, valid_from=datetime.date(2024, 3, 4))
    assert open_at(MONDAY_3PM, offen="jetzt") == ["Hausaufgabenhilfe"]


def test_temporarily_closed_offers_are_not_open_now(catalogue):
    Offer.objects.filter(pk=catalogue["homework"].pk).update(status="temporarily closed")
    assert open_at(MONDAY_3PM, offen="jetzt") == []
    assert "Hausaufgabenhilfe" in open_at(MONDAY_3PM)


def test_the_page_filters_open_now_and_marks_open_offers(client, catalogue, monkeypatch):
    monkeypatch.setattr(views, "current_time", lambda: MONDAY_3PM)
    response = get(client, offen="jetzt")
    assert listed(response) == ["Hausaufgabenhilfe"]
    assert response.text.count('class="tag tag-open"') == 1
    monkeypatch.setattr(views, "current_time", lambda: MONDAY_6PM)
    assert listed(get(client, offen="jetzt")) == []
    assert 'class="tag tag-open"' not in get(client).text


# --- what stays hidden --------------------------------------------------------------------


@pytest.mark.parametrize("key", ["unpublished", "defunct", "internal"])
def test_hidden_offers_have_no_public_page(client, catalogue, key):
    response = client.get(catalogue[key].get_absolute_url())
    assert response.status_code == 404
    assert "Geheim" not in response.text


@pytest.mark.parametrize("key", ["unpublished", "internal"])
def test_the_responsible_office_sees_its_hidden_offer_with_a_warning(login, catalogue, key):
    response = login("koordination-kalk").get(catalogue[key].get_absolute_url())
    assert response.status_code == 200
    assert "Geheim" in response.text
    assert warnings_shown(response) == [
        "Dieses Angebot ist nicht öffentlich: Nur die zuständige Koordinationsstelle und die "
        "Geschäftsstelle sehen diese Seite."
    ]
    # Still never in the public list, even for the office.
    assert "Geheim" not in login("koordination-kalk").get(URL).text


def test_other_offices_do_not_see_a_hidden_offer(login, catalogue):
    client = login("koordination-chorweiler")
    assert client.get(catalogue["unpublished"].get_absolute_url()).status_code == 404


def test_hidden_offers_are_not_on_the_map(client, catalogue):
    data = client.get(reverse("offers:directory_geojson")).json()
    names = {o["name"] for f in data["features"] for o in f["properties"].get("offers", [])}
    assert names == set(VISIBLE)


# --- bad input ------------------------------------------------------------------------------


def warnings_shown(response) -> list[str]:
    """The texts of the warnings shown above the page's content."""
    return [
        html.unescape(text)
        for text in re.findall(r'<p class="message message-warning">(.*?)</p>', response.text, re.S)
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"thema": "quatsch"}, "quatsch"),
        ({"zielgruppe": "marsianer"}, "marsianer"),
        ({"alter": "-3"}, "-3"),
        ({"alter": "abc"}, "abc"),
        ({"alter": "121"}, "121"),
        ({"alter": "٣"}, "٣"),
        ({"sprache": "xx1"}, "xx1"),
        ({"sozialraum": "nirgendwo"}, "nirgendwo"),
        ({"stadtteil": "99999"}, "99999"),
        ({"tag": "XX"}, "XX"),
        ({"offen": "morgen"}, "morgen"),
        ({"kostenlos": "vielleicht"}, "vielleicht"),
        ({"barrierefrei": "2"}, "2"),
        ({"seite": "abc"}, "abc"),
        ({"seite": "0"}, "0"),
        ({"seite": "-1"}, "-1"),
    ],
)
def test_bad_values_get_a_friendly_message_and_are_left_out(client, catalogue, params, message):
    response = get(client, **params)
    assert response.status_code == 200
    (warning,) = warnings_shown(response)
    assert message in warning
    assert listed(response) == VISIBLE


@pytest.mark.parametrize(
    ("params", "filter_label", "value"),
    [
        ({"thema": "quatsch"}, "Themenfeld", "quatsch"),
        ({"alter": "-3"}, "Alter in Jahren", "-3"),
        ({"tag": "XX"}, "Wochentag", "XX"),
        ({"seite": "0"}, "Seite", "0"),
    ],
)
def test_the_message_names_the_filter_and_the_value(client, catalogue, params, filter_label, value):
    (warning,) = warnings_shown(get(client, **params))
    assert warning.startswith(f"Filter „{filter_label}“: ") or warning.startswith(
        f"Filter “{filter_label}”: "
    ), warning
    assert value in warning


def test_an_unknown_parameter_is_named_and_ignored(client, catalogue):
    response = get(client, farbe="rot")
    assert listed(response) == VISIBLE
    (warning,) = warnings_shown(response)
    assert "farbe" in warning


@pytest.mark.parametrize("page", ["99999999999999999999", "100001", "1" + "0" * 400])
def test_a_page_number_too_large_for_any_database_is_a_message_not_an_error(
    client, catalogue, page
):
    response = get(client, seite=page)
    assert response.status_code == 200
    assert listed(response) == VISIBLE
    (warning,) = warnings_shown(response)
    assert "100000" in warning.replace(".", "").replace("\u202f", "").replace(" ", "")


def test_a_value_too_long_is_refused_with_a_message(client, catalogue):
    response = get(client, q="Miete " * 40)
    assert listed(response) == VISIBLE
    (warning,) = warnings_shown(response)
    assert "200" in warning


def test_a_page_past_the_end_gets_a_friendly_message(client, catalogue):
    response = get(client, seite="99")
    assert response.status_code == 200
    (warning,) = warnings_shown(response)
    assert "99" in warning
    assert listed(response) == VISIBLE
    response = get(client, seite="5", thema="wohnen", tag="SU")
    assert response.status_code == 200
    assert listed(response) == []


def test_the_page_works_without_any_offer(client):
    response = get(client, thema="bildung")
    assert response.status_code == 200
    assert listed(response) == []
    empty = get(client, kostenlos="1")
    assert listed(empty) == []
    assert warnings_shown(empty) == []  # the first page of nothing is no page past the end


def test_an_unknown_offer_is_404(client):
    response = client.get(reverse("offers:offer", args=["6c1f2a5e-9d8b-4c53-9f3e-0a7b4c1d2e3f"]))
    assert response.status_code == 404


# --- the form and the URL -----------------------------------------------------------------


class FormAudit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.fields, self.labels, self.selected = [], [], set(), {}
        self.options = {}  # select name: the options' texts, in order
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(a)
        if tag in ("input", "select") and a.get("type") != "hidden":
            self.fields.append(a)
        if tag == "select":
            self._select = a.get("name")
            self.options[self._select] = []
        if tag == "option":
            self.options[self._select].append("")
        if tag == "option" and "selected" in a:
            self.selected[self._select] = a.get("value")
        if tag == "input" and "checked" in a:
            self.selected[a["name"]] = a.get("value")
        if tag == "input" and a.get("type") in ("search", "number") and a.get("value"):
            self.selected[a["name"]] = a["value"]
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._select is not None and self.options[self._select]:
            self.options[self._select][-1] += data


def test_the_search_form_is_a_labelled_get_form_that_shows_the_chosen_filters(client, catalogue):
    params = {
        "q": "Hilfe",
        "thema": "bildung",
        "zielgruppe": "kinder",
        "alter": "8",
        "sprache": "tr",
        "sozialraum": "kalk",
        "stadtteil": "802",
        "tag": "MO",
        "offen": "jetzt",
        "kostenlos": "1",
        "barrierefrei": "1",
    }
    page = FormAudit()
    page.feed(get(client, **params).text)
    search_form = next(f for f in page.forms if f.get("role") == "search")
    assert search_form["method"] == "get"
    assert search_form["action"] == URL
    for field in page.fields:
        if field.get("name") in params:
            assert field["id"] in page.labels, field
    assert {k: v for k, v in page.selected.items() if k in params} == params


def test_links_keep_the_filters(client, catalogue):
    for index in range(25):
        make_offer(name=f"Kurs {index:02d}", topics=["bildung"], is_free=True)
    response = get(client, thema="bildung", kostenlos="1", alter="")
    assert len(listed(response)) == 20
    assert 'rel="next" href="?thema=bildung&amp;kostenlos=1&amp;seite=2"' in response.text
    geojson = reverse("offers:directory_geojson") + "?thema=bildung&amp;kostenlos=1"
    assert f'data-geojson-url="{geojson}"' in response.text
    second = get(client, thema="bildung", kostenlos="1", seite="2")
    assert len(listed(second)) == 7
    assert 'rel="prev" href="?thema=bildung&amp;kostenlos=1"' in second.text
    assert 'rel="next"' not in second.text
    assert "Kurs 24" in second.text


def test_pages_keep_to_the_content_security_policy(client, catalogue):
    from veedel.core.tests.pages import check_page

    for url in (
        URL,
        URL + "?thema=quatsch&alter=-1",
        catalogue["homework"].get_absolute_url(),
        reverse("offers:events"),
    ):
        check_page(client.get(url))


# --- map data -------------------------------------------------------------------------------


def geojson(client, **params):
    return client.get(reverse("offers:directory_geojson"), params)


def test_the_map_data_uses_the_same_filters(client, catalogue):
    response = geojson(client, thema="bildung")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    features = response.json()["features"]
    assert sorted(o["name"] for f in features for o in f["properties"]["offers"]) == [
        "Hausaufgabenhilfe",
        "Sprachcafé",
    ]
    point = next(f for f in features if f["properties"]["offers"][0]["name"] == "Sprachcafé")
    assert point["geometry"] == {"type": "Point", "coordinates": [7.004, 50.964]}
    assert point["properties"]["url"] == catalogue["language"].get_absolute_url()


def test_offers_at_one_place_share_one_point(client, catalogue):
    location = catalogue["homework"].at_locations.get().location
    make_offer(name="Elterncafé", location=location)
    features = geojson(client, sozialraum="kalk").json()["features"]
    assert len(features) == 1
    assert [o["name"] for o in features[0]["properties"]["offers"]] == [
        "Elterncafé",
        "Hausaufgabenhilfe",
    ]
    assert features[0]["properties"]["count"] == 2


@pytest.mark.parametrize(
    "params",
    [{"thema": "quatsch"}, {"alter": "-1"}, {"zoom": "99"}, {"bbox": "1,2,3"}, {"bbox": "a,b,c,d"}],
)
def test_bad_map_parameters_are_400_with_a_reason(client, catalogue, params):
    response = geojson(client, **params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_the_map_data_is_cut_to_the_visible_box(client, catalogue):
    features = geojson(client, bbox="6.95,50.92,7.05,50.98").json()["features"]
    assert sorted(f["properties"]["offers"][0]["name"] for f in features) == [
        "Hausaufgabenhilfe",
        "Sprachcafé",
    ]


def test_many_places_are_merged_into_clusters_with_counts(client, catalogue):
    offer = catalogue["housing"]
    locations = Location.objects.bulk_create(
        Location(
            address_1=f"Teststraße {i}",
            postal_code="50823",
            city="Köln",
            latitude=50.90 + (i % 15) * 0.01,
            longitude=6.85 + (i // 15) * 0.01,
        )
        for i in range(240)
    )
    ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(offer=offer, location=location) for location in locations
    )
    data = geojson(client).json()
    clusters = [f for f in data["features"] if f["properties"]["kind"] == "cluster"]
    assert clusters
    assert len(data["features"]) < 100
    total = sum(f["properties"]["count"] for f in data["features"])
    assert total == 244  # 240 new places of one offer, plus the four offers' own places
    assert all(f["properties"]["count"] >= 2 for f in clusters)
    # Zoomed in to a small box, the places come back one by one.
    close = geojson(client, zoom="17", bbox="6.849,50.899,6.871,50.921").json()["features"]
    assert len(close) == 9
    assert {f["properties"]["kind"] for f in close} == {"place"}


# --- queries --------------------------------------------------------------------------------


# The statements that set PostgreSQL's planner around a page's counts and put it back.
_PLANNER_STATEMENTS = 2 if connection.vendor == "postgresql" else 0


def _count_queries(client, url):
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(count):
    for index in range(count):
        make_offer(
            name=f"Angebot {index:03d}",
            topics=["bildung", "soziales"],
            target_groups=["kinder", "familien"],
            languages=["de", "tr", "ar"],
            point=POINTS["kalk"] if index % 2 else POINTS["muelheim"],
            schedules=[("MO", "09:00", "12:00"), ("TU", "14:00", "17:00")],
            phones=["0221 123456"],
            is_free=True,
            is_barrier_free=True,
        )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=Angebot&thema=bildung&zielgruppe=kinder&alter=8&sprache=de&sozialraum=kalk"
        "&stadtteil=802&tag=MO&offen=jetzt&kostenlos=1&barrierefrei=1",
        "?q=Angebot",
        "?sozialraum=humboldt-gremberg-kalk-2006&seite=2",
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_offers(client, query, monkeypatch):
    monkeypatch.setattr(views, "current_time", lambda: MONDAY_3PM.replace(hour=10))
    make_taxonomies()
    _grow(2 * views.PER_PAGE + 2)  # half are in Kalk: a second page there in both rounds
    pages = (URL + query, reverse("offers:directory_geojson") + query.replace("&seite=2", ""))
    before = [_count_queries(client, url) for url in pages]
    _grow(40)
    after = [_count_queries(client, url) for url in pages]
    assert after == before
    # The page's keys (with the count) come apart from its rows (core/paging.py); words
    # cost one query more, for the synonyms.
    assert before[0] <= (12 if "q=" in query else 11) + _PLANNER_STATEMENTS


def test_a_page_past_the_end_costs_a_fixed_number_of_queries(client, monkeypatch):
    monkeypatch.setattr(views, "current_time", lambda: MONDAY_3PM.replace(hour=10))
    make_taxonomies()
    _grow(3)
    before = _count_queries(client, URL + "?seite=9")
    _grow(30)
    # PostgreSQL: two statements more per page read, which set the planner for the counts
    # and put it back (core/paging.py, ``planned_without``); the page is read twice.
    assert _count_queries(client, URL + "?seite=9") == before <= 12 + 2 * _PLANNER_STATEMENTS


def test_the_search_and_list_pages_speak_english_too(client, catalogue):
    client.cookies["django_language"] = "en"
    response = get(client, alter="-3")
    assert "4 offers found" in response.text
    assert "Search words" in response.text
    body = get(client).text
    assert "Suchbegriffe" not in body


def test_json_of_the_map_is_valid_without_filters(client):
    response = geojson(client)
    assert json.loads(response.content) == {"type": "FeatureCollection", "features": []}


def test_the_target_group_filter_cannot_be_misread(client, db):
    """ "No filter" and "offers for everyone" read differently, and adults are a group."""
    make_taxonomies()
    page = FormAudit()
    page.feed(client.get(reverse("offers:directory")).content.decode())
    labels = [" ".join(o.split()) for o in page.options["zielgruppe"]]
    assert labels[0] == "beliebig"
    assert {"Erwachsene", "Offen für alle", "Kinder", "Senior*innen"} <= set(labels)
    assert "Alle" not in labels and "alle" not in labels
    assert len({label.casefold() for label in labels}) == len(labels)


def test_a_word_beyond_the_cap_pages_by_rank_and_says_more_than(client, monkeypatch):
    """With more matches than a page states, a word search is paged tier by tier (whole
    words first, then by name: core/paging.py); the count says "more than", the pages say
    only their number, and the pages hold every offer once, in the order of sorting all."""
    monkeypatch.setattr(paging, "COUNT_SHOWN_UP_TO", 20)
    monkeypatch.setattr(paging, "SORTED_UP_TO", 20)  # tiers of more than 20 are walked
    monkeypatch.setattr(views, "COUNT_SHOWN_UP_TO", 20)
    for index in range(36):
        # The whole word "Beratung" in every third name: ranked first.
        word = "Beratung" if index % 3 == 0 else "Beratungsstelle"
        make_offer(
            name=f"{chr(ord('Z') - index % 26)} {word} {index:02}", description="", point=None
        )
    names = list(Offer.objects.values_list("name", flat=True))
    whole = sorted(n for n in names if " Beratung " in n)
    expected = whole + sorted(n for n in names if n not in whole)
    first = get(client, q="Beratung")  # 12 whole, then 8 of the 24 others: walked
    assert "Mehr als 20 Angebote gefunden" in first.text
    assert "Seite 1<" in first.text and "Seite 1 von" not in first.text
    second = get(client, q="Beratung", seite="2")  # past the cap: all matches sorted
    assert "Mehr als 20 Angebote gefunden" in second.text and "Seite 2<" in second.text
    assert listed(first) + listed(second) == expected


def test_the_filter_choices_follow_a_change_at_once(client):
    """The choices are kept in the cache per data version: a new or renamed target group
    shows in the very next page."""
    _topics, groups = make_taxonomies()

    def options():
        page = FormAudit()
        page.feed(client.get(URL).content.decode())
        return [" ".join(o.split()) for o in page.options["zielgruppe"]]

    before = options()
    TaxonomyTerm.objects.create(taxonomy=groups, code="nachbarn", name="Nachbarinnen", order=99)
    assert options() == [*before, "Nachbarinnen"]
    TaxonomyTerm.objects.filter(code="nachbarn").update(name="Nachbarschaft")
    assert options()[-1] == "Nachbarschaft"
