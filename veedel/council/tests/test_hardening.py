"""What a review found and what must stay fixed: drafts named on session pages, odd digits and
dates in query strings, withdrawing a released paper, deleting in the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from veedel.areas.models import SocialSpace
from veedel.council.models import Meeting, Paper
from veedel.council.services import (
    consultations_apply_proposal,
    consultations_fix,
    paper_draft_mitteilung,
    paper_release,
    paper_update,
)
from veedel.programme.models import Topic

pytestmark = pytest.mark.django_db


def _fixed_draft(office):
    paper = paper_draft_mitteilung(
        title="Geheimer Entwurf zum Sachbericht",
        text="Öffentlich.",
        social_spaces=SocialSpace.objects.filter(name="Humboldt-Gremberg/Kalk"),
        topics=Topic.objects.none(),
        department="Dezernat V",
        by=office,
    )
    consultations_apply_proposal(paper=paper, after=datetime.date(2012, 3, 1), by=office)
    consultations_fix(paper=paper, by=office)
    return paper


def test_a_council_member_does_not_read_a_draft_papers_title_on_a_session_page(
    council, personas, login
):
    paper = _fixed_draft(personas["geschaeftsstelle"])
    meeting = paper.consultations.get().meeting
    url = reverse("council:meeting", args=[meeting.pk])
    assert "Geheimer Entwurf" in login("geschaeftsstelle").get(url).text
    page = login("ratsmitglied").get(url)
    assert page.status_code == 200
    assert "Geheimer Entwurf" not in page.text
    paper_release(paper=paper, by=personas["geschaeftsstelle"])
    assert "Geheimer Entwurf" in login("ratsmitglied").get(url).text


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=%C2%B2", "limit"),
        ("after=%C2%B2", "after"),
        ("after=99999999999999999999", "after"),
        ("modified_since=9999-12-31T23:59:59-14:00", "modified_since"),
        ("modified_since=0001-01-01T00:00:00", "modified_since"),
        ("created_until=%C2%B2", "created_until"),
    ],
)
def test_odd_digits_and_far_dates_in_oparl_are_a_400_naming_the_parameter(
    client, council, query, parameter
):
    response = client.get(f"/oparl/v1/bodies/{council.body_id}/papers/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    error = response.json()
    assert error["type"] == "Error" and error["code"] == 400
    assert error["parameter"] == parameter and parameter in error["message"]


def test_an_odd_body_number_for_the_calendar_feed_is_a_400_naming_it(client, council):
    response = client.get("/sitzungen/kalender.ics?gremium=%C2%B2")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("gremium: ")
    assert "²" in response.content.decode()


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2012-13", "²"])
def test_a_month_out_of_reach_is_named_and_the_usual_month_shown(client, council, month):
    with translation.override("en"):
        usual = client.get("/sitzungen/", HTTP_ACCEPT_LANGUAGE="en")
        response = client.get("/sitzungen/", {"monat": month}, HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert response.status_code == 200
    assert f"“{month}” is not a month; use the form 2012-03." in text
    # The same month as without the parameter, with its sessions.
    heading = usual.content.decode().split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert text.split("<h1>", 1)[1].split("</h1>", 1)[0] == heading
    assert text.count('href="/sitzungen/') == usual.content.decode().count('href="/sitzungen/')


def test_deleting_a_file_by_a_word_is_not_found(council, login):
    response = login("geschaeftsstelle").post(
        reverse("council:paper_files", args=[council.pk]), {"delete": "abc"}
    )
    assert response.status_code == 404


def test_a_released_public_paper_is_withdrawn_by_deleting_not_by_hiding(council, personas):
    assert not council.is_draft and council.is_public
    with translation.override("en"), pytest.raises(ValidationError, match="Delete it"):
        paper_update(paper=council, by=personas["geschaeftsstelle"], is_public=False)
    council.refresh_from_db()
    assert council.is_public


def test_deleting_a_session_in_the_admin_leaves_a_tombstone(council, login):
    # A session that holds a consultation is protected; one with only its own agenda is not.
    meeting = Meeting.objects.alive().filter(consultations__isnull=True).first()
    meeting.agenda_items.create(order=1, number="1", name="Mitteilungen der Verwaltung")
    client = login("geschaeftsstelle")
    url = reverse("admin:council_meeting_delete", args=[meeting.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.deleted is not None
    assert not meeting.agenda_items.alive().exists()
    assert not Meeting.objects.alive().filter(pk=meeting.pk).exists()
    listed = client.get(reverse("admin:council_meeting_changelist")).text
    assert f"/admin/council/meeting/{meeting.pk}/change/" not in listed
    assert Paper.objects.filter(pk=council.pk).exists()
