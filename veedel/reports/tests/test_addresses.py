"""Query strings of the report pages go through forms: a malformed or unknown value is a
message on the page (a 400 naming it for the downloads), never a 500. And the workflow is the
table's: the templates compare no status or kind with a string."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from veedel.reports.services import report_generate
from veedel.reports.tests.factories import YEAR, kalk_year

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """The messages are checked in English (the German catalogue has its own test)."""
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def kalk_report(personas):
    data = kalk_year()
    return report_generate(office=data["office"], year=YEAR, by=personas["koordination-kalk"])


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"jahr": "²"}, "“²” is not a year"),
        ({"jahr": "99999999999999999999"}, "“99999999999999999999” is not a year"),
        ({"stelle": "nirgendwo"}, "“nirgendwo” is not known"),
        ({"stelle": "kalk\x00"}, "is not known"),
        ({"art": "roman"}, "“roman” is not a kind of report"),
        ({"seite": "1"}, "“seite”, which this page does not know"),
    ],
)
def test_bad_list_filters_are_named_and_left_out(login, kalk_report, query, shown):
    response = login("koordination-kalk").get("/berichte/", query)
    assert response.status_code == 200
    page = response.content.decode()
    assert shown in page
    assert kalk_report.get_absolute_url() in page


def test_the_filter_bar_renders_from_the_form(client, login, kalk_report):
    page = login("koordination-kalk").get("/berichte/", {"art": "sachbericht"}).content.decode()
    assert 'class="form filter-form"' in page
    assert '<option value="sachbericht" selected>' in page
    assert f'<option value="{YEAR}">{YEAR}</option>' in page
    assert kalk_report.get_absolute_url() in page


def test_the_generate_page_starts_with_the_address_and_names_what_it_cannot_read(login):
    client = login("koordination-kalk")
    page = client.get("/berichte/erstellen/", {"art": "sachbericht", "stelle": "kalk"}).content
    page = page.decode()
    assert '<option value="office" selected>' in page
    response = client.get(
        "/berichte/erstellen/",
        {"art": "roman", "stelle": "blumenberg-chorweiler-seeberg-nord"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“roman” is not a kind of report" in page
    # Not her office: not offered, and not taken from the address either.
    assert "“blumenberg-chorweiler-seeberg-nord” is not known" in page


def test_the_report_page_names_unknown_parameters(login, kalk_report):
    response = login("koordination-kalk").get(kalk_report.get_absolute_url(), {"jahr": "²"})
    assert response.status_code == 200
    assert "“jahr”, which this page does not know" in response.content.decode()


@pytest.mark.parametrize("file", ["pdf", "docx"])
def test_downloads_answer_unknown_parameters_with_400(login, kalk_report, file):
    client = login("koordination-kalk")
    response = client.get(kalk_report.url(file), {"seite": "99999999999999999999"})
    assert response.status_code == 400
    assert "seite" in response.content.decode()
    assert client.get(kalk_report.url(file)).status_code == 200


def test_the_templates_compare_no_status_or_kind_with_a_string():
    templates = list((Path(__file__).resolve().parents[1] / "templates").glob("**/*.html"))
    assert templates
    compared = re.compile(r"""(==|!=|\bin)\s*["'][a-z_]+["']""")
    for template in templates:
        for tag in re.findall(r"{%\s*(?:if|elif)\b(.*?)%}", template.read_text()):
            assert not compared.search(tag), f"{template.name}: {tag}"
