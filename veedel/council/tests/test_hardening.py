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
    "url",
    [
        "/sitzungen/kalender.ics?gremium=%C2%B2",
        "/oparl/v1/bodies/{body}/papers/?limit=%C2%B2",
        "/oparl/v1/bodies/{body}/papers/?after=%C2%B2",
        "/oparl/v1/bodies/{body}/papers/?modified_since=9999-12-31T23:59:59-14:00",
        "/oparl/v1/bodies/{body}/papers/?modified_since=0001-01-01T00:00:00",
        "/sitzungen/?monat=9999-12",
        "/sitzungen/?monat=0001-01",
        "/berichte/?jahr=%C2%B2",
    ],
)
def test_odd_digits_and_far_dates_are_refused_not_a_server_error(client, council, url):
    response = client.get(url.format(body=council.body_id))
    assert response.status_code in (200, 400)


def test_a_malformed_oparl_date_answers_with_an_oparl_error(client, council):
    response = client.get(
        f"/oparl/v1/bodies/{council.body_id}/papers/?modified_since=0001-01-01T00:00:00"
    )
    assert response.status_code == 400
    assert response.json()["type"].endswith("Error")


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
