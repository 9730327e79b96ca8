"""Every parameter of the initiative pages is read through a form (forms_query.py): the list's
filters and page, the CSV export, the choices "Start an initiative" opens with, and the pages
that take none. What cannot be read is named (pages: a message; downloads: a 400) and never
breaks a page."""

import csv
import io

import pytest
from django.urls import reverse

from veedel.guide.tests.factories import edition_make
from veedel.initiatives.tests.factories import CHORWEILER, current_space, edition, make_initiative

pytestmark = pytest.mark.django_db

LIST = reverse("initiatives:list")
CSV = reverse("initiatives:list_csv")
START = reverse("initiatives:start")


def said(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [str(m) for m in response.context["messages"]]


def csv_titles(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row[1] for row in list(csv.reader(io.StringIO(body), delimiter=";"))[1:]]


@pytest.fixture
def two():
    kalk = make_initiative(title="Kalker Spielplatz", published=True)
    chorweiler = make_initiative(
        office_slug=CHORWEILER, title="Chorweiler Sprachcafé", published=True
    )
    return kalk, chorweiler


def test_the_filter_bar_is_rendered_from_the_form_and_keeps_the_choice(client, two):
    page = client.get(LIST, {"stelle": CHORWEILER, "status": "running"}).content.decode()
    assert 'role="search"' in page
    for name in ("sozialraum", "stelle", "status", "ziel", "thema", "jahr"):
        assert f'name="{name}"' in page, name
    assert 'name="seite"' not in page  # a new filter starts at page 1
    assert f'<option value="{CHORWEILER}" selected>' in page
    assert '<option value="running" selected>' in page
    assert "Chorweiler Sprachcafé" in page and "Kalker Spielplatz" not in page
    # The CSV link and the reset link keep to the same filters.
    assert f"{CSV}?stelle={CHORWEILER}&amp;status=running" in page
    assert f'href="{LIST}"' in page


def test_the_csv_takes_the_same_filters_and_refuses_what_it_cannot_read(client, two):
    assert csv_titles(client.get(CSV, {"stelle": CHORWEILER})) == ["Chorweiler Sprachcafé"]
    for query in ({"stelle": "gibt-es-nicht"}, {"status": "kaputt"}, {"unbekannt": "1"}):
        response = client.get(CSV, query)
        assert response.status_code == 400, query
        assert response.content.decode().startswith(f"{next(iter(query))}: "), query


@pytest.mark.parametrize(
    "query,named",
    [
        ({"seite": "99999999999999999999"}, "99999999999999999999"),
        ({"seite": "0"}, "1"),
        ({"jahr": "20261"}, "20261"),
        ({"sozialraum": "x" * 500}, "x" * 40),
        ({"ziel": "\x00"}, ""),
        ({"unbekannt": "1"}, "unbekannt"),
    ],
)
def test_the_list_names_what_it_cannot_read_and_shows_everything_else(client, two, query, named):
    response = client.get(LIST, query)
    messages = said(response)
    assert len(messages) == 1 and named in messages[0]
    page = response.content.decode()
    assert "Kalker Spielplatz" in page and "Chorweiler Sprachcafé" in page


def test_pages_keep_the_filters_in_the_page_links(client, two):
    for n in range(55):
        make_initiative(title=f"Vorhaben {n:02d}", published=True)
    response = client.get(LIST, {"status": "running", "seite": "2"})
    assert said(response) == []
    assert response.context["page"].number == 2
    page = response.content.decode()
    assert "?status=running&amp;seite=1" in page


def test_start_opens_with_the_process_situation_and_space_of_the_address(login):
    ed = edition()
    process = ed.key_processes.order_by("order").last()
    situation = ed.situations.order_by("order").last()
    space = current_space()
    response = login("koordination-kalk").get(
        START, {"prozess": process.pk, "situation": situation.pk, "sozialraum": space.slug}
    )
    assert said(response) == []
    form = response.context["form"]
    assert form["key_process"].value() == process.pk
    assert form["situation"].value() == situation.pk
    assert form["social_space"].value() == space.pk


def test_start_names_a_process_of_another_edition_and_does_not_take_it(login):
    edition()
    other = edition_make(published=False)
    process = other.key_processes.first()
    response = login("koordination-kalk").get(
        START, {"prozess": process.pk, "sozialraum": "gibt-es-nicht"}
    )
    messages = said(response)
    assert len(messages) == 2
    assert any(str(process.pk) in m for m in messages)
    assert any("gibt-es-nicht" in m for m in messages)
    assert response.context["form"]["key_process"].value() is None


@pytest.mark.parametrize(
    "name,args",
    [
        ("detail", True),
        ("timeline", True),
        ("edit", True),
        ("outcome", True),
        ("step_add", True),
        ("activity_add", True),
        ("document_add", True),
    ],
)
def test_pages_without_parameters_name_any_they_are_given(login, name, args):
    initiative = make_initiative()
    url = reverse(f"initiatives:{name}", args=[initiative.pk])
    messages = said(login("koordination-kalk").get(url, {"sortierung": "neu"}))
    assert len(messages) == 1 and "sortierung" in messages[0]


def test_the_space_page_names_parameters_it_does_not_take(client):
    url = reverse("initiatives:space", args=[current_space().slug])
    messages = said(client.get(url, {"jahr": "2012"}))
    assert len(messages) == 1 and "jahr" in messages[0]


def test_downloads_without_parameters_refuse_any_with_a_400(login):
    initiative = make_initiative()
    url = reverse("initiatives:activities_csv", args=[initiative.pk])
    response = login("koordination-kalk").get(url, {"format": "xlsx"})
    assert response.status_code == 400
    assert response.content.decode().startswith("format: ")
