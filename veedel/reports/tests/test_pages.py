"""The report pages: who sees what, the workflow draft → approved → published, the freeze, the
list with its filters, and the number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from veedel.reports.models import Report, ReportStatus
from veedel.reports.services import report_approve, report_generate, report_publish
from veedel.reports.tests.factories import YEAR, activity, initiative, kalk_year, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def kalk_report(personas):
    data = kalk_year()
    return report_generate(office=data["office"], year=YEAR, by=personas["koordination-kalk"])


def published(report, personas):
    if report.is_office_report:
        report_approve(report=report, by=personas["traeger"])
    return report_publish(report=report, by=personas["geschaeftsstelle"])


# --- visibility -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        (None, 404),
        ("bewohnerin", 404),
        ("ratsmitglied", 404),
        ("koordination-chorweiler", 404),
        ("koordination-kalk", 200),
        ("traeger", 200),
        ("geschaeftsstelle", 200),
    ],
)
def test_a_draft_is_seen_by_the_office_its_provider_and_the_programme_office(
    client, login, kalk_report, username, status
):
    c = login(username) if username else client
    assert c.get(kalk_report.get_absolute_url()).status_code == status
    assert c.get(kalk_report.url("pdf")).status_code == status


def test_a_published_report_is_public_and_shows_no_internal_initiative(
    client, personas, kalk_report
):
    published(kalk_report, personas)
    response = client.get(kalk_report.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "Spielplatz Kalk" in text
    assert "Interne Runde" not in text and "Streit mit Vermieter" not in text
    assert "Frau Beispiel" not in text
    assert "1 weitere" in text or "1 further" in text
    assert client.get(kalk_report.url("docx")).status_code == 200


def test_the_list_shows_drafts_only_to_those_who_may_see_them(client, login, personas, kalk_report):
    programme = report_generate(year=YEAR, by=personas["geschaeftsstelle"])
    published(programme, personas)
    public = client.get("/berichte/").content.decode()
    assert programme.get_absolute_url() in public
    assert kalk_report.get_absolute_url() not in public
    staff = login("koordination-kalk").get("/berichte/").content.decode()
    assert kalk_report.get_absolute_url() in staff


def test_the_list_filters_by_year_office_and_kind(client, login, personas, kalk_report):
    programme = report_generate(year=YEAR, by=None)
    c = login("geschaeftsstelle")
    page = c.get("/berichte/", {"art": "programmbericht"}).content.decode()
    assert programme.get_absolute_url() in page and kalk_report.get_absolute_url() not in page
    page = c.get("/berichte/", {"stelle": "kalk", "jahr": str(YEAR)}).content.decode()
    assert kalk_report.get_absolute_url() in page and programme.get_absolute_url() not in page
    page = c.get("/berichte/", {"jahr": "2019"}).content.decode()
    assert kalk_report.get_absolute_url() not in page


@pytest.mark.parametrize(
    ("param", "value"), [("jahr", "zwanzig"), ("stelle", "nirgendwo"), ("art", "roman")]
)
def test_bad_filters_get_a_message_not_an_error(login, kalk_report, param, value):
    response = login("koordination-kalk").get("/berichte/", {param: value})
    assert response.status_code == 200
    text = response.content.decode()
    assert value in text
    assert kalk_report.get_absolute_url() in text


# --- generating and editing ------------------------------------------------------------------


def test_a_coordinator_generates_the_report_of_their_office(login):
    kalk_year()
    c = login("koordination-kalk")
    response = c.post(
        "/berichte/erstellen/", {"kind": "office", "office": office().pk, "year": YEAR}
    )
    report = Report.objects.get(office=office(), year=YEAR)
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.figures["activities"]["total"] == 3


def test_a_coordinator_cannot_generate_another_offices_report(login):
    c = login("koordination-chorweiler")
    response = c.post(
        "/berichte/erstellen/", {"kind": "office", "office": office().pk, "year": YEAR}
    )
    assert response.status_code == 200  # the office is not among the choices
    assert "office" in response.context["form"].errors
    assert not Report.objects.exists()
    response = c.post("/berichte/erstellen/", {"kind": "programme", "year": YEAR})
    assert "kind" in response.context["form"].errors


@pytest.mark.parametrize(("year", "field"), [("abc", "year"), ("1999", "year"), ("2999", "year")])
def test_bad_years_are_refused_with_a_message(login, year, field):
    response = login("geschaeftsstelle").post(
        "/berichte/erstellen/", {"kind": "programme", "year": year}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors


@pytest.mark.parametrize(
    ("username", "status"), [("bewohnerin", 403), ("traeger", 403), ("ratsmitglied", 403)]
)
def test_who_may_not_generate(login, username, status):
    assert login(username).get("/berichte/erstellen/").status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, kalk_report):
    assert client.get("/berichte/erstellen/").status_code == 302
    response = client.get(kalk_report.url("edit"))
    assert response.status_code == 302 and "anmelden" in response.url


def test_coordinators_edit_the_texts(login, kalk_report):
    c = login("koordination-kalk-2")
    response = c.post(
        kalk_report.url("edit"),
        {"version": kalk_report.version, "obstacles": "Der Bürgerhaus-Saal war lange gesperrt."},
    )
    assert response.status_code == 302
    page = c.get(kalk_report.get_absolute_url()).content.decode()
    assert "Der Bürgerhaus-Saal war lange gesperrt." in page


def test_an_edit_from_an_old_version_is_refused(login, kalk_report):
    c = login("koordination-kalk")
    c.post(kalk_report.url("edit"), {"version": kalk_report.version, "outlook": "Erste Fassung."})
    response = c.post(kalk_report.url("edit"), {"version": kalk_report.version, "outlook": "Alt."})
    assert response.status_code == 200
    assert (
        "Someone else" in response.content.decode() or "jemand" in response.content.decode().lower()
    )
    kalk_report.refresh_from_db()
    assert kalk_report.texts["outlook"] == "Erste Fassung."


def test_the_provider_and_the_programme_office_do_not_edit_office_reports(login, kalk_report):
    for username in ("traeger", "geschaeftsstelle"):
        assert login(username).get(kalk_report.url("edit")).status_code == 403


# --- workflow and freeze ---------------------------------------------------------------------


def test_the_workflow_draft_approved_published(login, personas, kalk_report):
    assert login("geschaeftsstelle").post(kalk_report.url("publish")).status_code == 302
    kalk_report.refresh_from_db()
    assert kalk_report.status == ReportStatus.DRAFT  # not before the provider approved it
    assert login("koordination-kalk").post(kalk_report.url("approve")).status_code == 403
    assert login("traeger").post(kalk_report.url("approve")).status_code == 302
    kalk_report.refresh_from_db()
    assert kalk_report.status == ReportStatus.APPROVED
    assert login("traeger").post(kalk_report.url("publish")).status_code == 403
    assert login("geschaeftsstelle").post(kalk_report.url("publish")).status_code == 302
    kalk_report.refresh_from_db()
    assert kalk_report.status == ReportStatus.PUBLISHED and kalk_report.published_at


def test_editing_an_approved_report_withdraws_the_approval(login, personas, kalk_report):
    report_approve(report=kalk_report, by=personas["traeger"])
    login("koordination-kalk").post(
        kalk_report.url("edit"), {"version": kalk_report.version, "outlook": "Neu."}
    )
    kalk_report.refresh_from_db()
    assert kalk_report.status == ReportStatus.DRAFT


def test_a_published_report_is_frozen(login, personas, kalk_report):
    published(kalk_report, personas)
    before = Report.objects.get(pk=kalk_report.pk)
    # The data change after publication ...
    data_initiative = initiative(office(), title="Neues Vorhaben")
    activity(
        data_initiative,
        day=datetime.date(YEAR, 11, 1),
        kind="event",
        hours="4",
        groups={"children": 40},
    )
    c = login("koordination-kalk")
    # ... editing is refused with the reason ...
    response = c.get(kalk_report.url("edit"), follow=True)
    assert "frozen" in response.content.decode() or "eingefroren" in response.content.decode()
    response = c.post(
        kalk_report.url("edit"), {"version": before.version, "obstacles": "Neu"}, follow=True
    )
    assert "frozen" in response.content.decode() or "eingefroren" in response.content.decode()
    # ... generating again too ...
    response = c.post(
        "/berichte/erstellen/", {"kind": "office", "office": office().pk, "year": YEAR}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    # ... and the report still shows the old figures.
    after = Report.objects.get(pk=kalk_report.pk)
    assert after.figures == before.figures and after.texts == before.texts
    assert after.figures["activities"]["total"] == 3
    assert "Neues Vorhaben" not in c.get(kalk_report.get_absolute_url()).content.decode()


def test_the_programme_report_is_published_without_approval(login, personas):
    kalk_year()
    report = report_generate(year=YEAR, by=personas["geschaeftsstelle"])
    assert login("koordination-kalk").get(report.get_absolute_url()).status_code == 404
    assert login("geschaeftsstelle").post(report.url("publish")).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED


# --- queries ---------------------------------------------------------------------------------


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_generation_and_page_do_not_grow_with_the_activities(client, login, personas):
    from django.test import Client

    data = kalk_year()
    c = Client()
    c.force_login(personas["koordination-kalk"])

    def generate():
        report_generate(office=data["office"], year=YEAR, by=None)
        report_generate(year=YEAR, by=None)

    programme_office = Client()
    programme_office.force_login(personas["geschaeftsstelle"])

    def page():
        report = Report.objects.get(office=data["office"])
        assert c.get(report.get_absolute_url()).status_code == 200
        programme = Report.objects.get(office=None)
        assert programme_office.get(programme.get_absolute_url()).status_code == 200

    generate()
    page()
    first = (_count(generate), _count(page))
    for n in range(30):
        activity(
            data["hidden" if n % 2 else "public"],
            day=datetime.date(YEAR, 1 + n % 12, 1 + n % 28),
            kind=["event", "training", "survey"][n % 3],
            hours="1.25",
            groups={"children": n, "women": 1, "seniors": 2},
            step=1 + n % 7,
            goals=data["goals"],
        )
        initiative(office(), title=f"Vorhaben {n}", published=bool(n % 2))
    assert (_count(generate), _count(page)) == first


def test_the_programme_report_page_compares_the_offices(login, personas):
    kalk_year()
    report = report_generate(year=YEAR, by=personas["geschaeftsstelle"])
    response = login("geschaeftsstelle").get(report.get_absolute_url())
    rows = {
        row.split("</th>")[0].split(">")[-1].split("<")[0].strip(): row
        for row in response.content.decode().split('id="offices"')[1].split("<tr>")[2:]
    }
    kalk = rows["Sozialraumkoordination Kalk"]
    assert '<td class="num">3</td>' in kalk and '<td class="num">37</td>' in kalk
    assert '<td class="num">95 %</td>' in kalk
    assert 'svg role="img"' in response.content.decode()


@pytest.mark.parametrize("username", ["koordination-kalk", "traeger", "geschaeftsstelle"])
def test_report_pages_keep_to_the_content_security_policy(login, personas, username):
    from veedel.core.tests.pages import check_page

    data = kalk_year()
    report = report_generate(office=data["office"], year=YEAR, by=None)
    c = login(username)
    for url in ("/berichte/", report.get_absolute_url()):
        check_page(c.get(url))
    if username == "koordination-kalk":
        check_page(c.get(report.url("edit")))
        check_page(c.get("/berichte/erstellen/"))
