"""The proposed Beratungsfolge of the 2012 Mitteilung reproduces the seed's table exactly."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from veedel.council.demo import PROPOSE_AFTER, demo_council_load, seed_text
from veedel.council.models import Consultation, Meeting, Organization
from veedel.council.services import (
    consultation_add,
    consultation_move,
    consultation_remove,
    consultations_apply_proposal,
    consultations_fix,
    consultations_propose,
)

pytestmark = pytest.mark.django_db

SEED_TABLE = [
    ("Bezirksvertretung 2 (Rodenkirchen)", "05.03.2012"),
    ("Jugendhilfeausschuss", "06.03.2012"),
    ("Sportausschuss", "06.03.2012"),
    ("Ausschuss Soziales und Senioren", "08.03.2012"),
    ("Bezirksvertretung 6 (Chorweiler)", "08.03.2012"),
    ("Bezirksvertretung 8 (Kalk)", "08.03.2012"),
    ("Ausschuss Schule und Weiterbildung", "12.03.2012"),
    ("Bezirksvertretung 9 (Mülheim)", "12.03.2012"),
    ("Ausschuss Allgemeine Verwaltung und Rechtsfragen / Vergabe / Internationales", "19.03.2012"),
    ("Bezirksvertretung 7 (Porz)", "20.03.2012"),
    ("Bezirksvertretung 5 (Nippes)", "22.03.2012"),
    ("Gesundheitsausschuss", "22.03.2012"),
    ("Stadtentwicklungsausschuss", "22.03.2012"),
    ("Bezirksvertretung 4 (Ehrenfeld)", "26.03.2012"),
]


def _table(steps):
    return [(s.organization.name, s.day.strftime("%d.%m.%Y")) for s in steps]


def test_seed_file_holds_the_table_we_expect():
    assert [(n, d.strftime("%d.%m.%Y")) for n, d in seed_text()["table"]] == SEED_TABLE


def test_proposal_reproduces_the_seed_exactly(council):
    steps = consultations_propose(paper=council, after=PROPOSE_AFTER)
    assert _table(steps) == SEED_TABLE


def test_demo_paper_has_the_seed_sequence_and_is_idempotent(council):
    stored = council.consultations.alive().select_related("organization", "meeting")
    assert [
        (c.organization.name, c.meeting.local_date.strftime("%d.%m.%Y")) for c in stored
    ] == SEED_TABLE
    assert {c.role for c in stored} == {"Kenntnisnahme"}
    counts = (Meeting.objects.count(), Consultation.objects.count(), Organization.objects.count())
    assert not demo_council_load().changed
    assert counts == (
        Meeting.objects.count(),
        Consultation.objects.count(),
        Organization.objects.count(),
    )


def test_next_session_skips_earlier_and_cancelled_sessions(council):
    ehrenfeld = Organization.objects.get(name="Bezirksvertretung 4 (Ehrenfeld)")
    # An earlier session in February and a cancelled one on 12.03. exist.
    assert ehrenfeld.meetings.filter(start__date__lt=PROPOSE_AFTER).exists()
    assert ehrenfeld.meetings.filter(cancelled=True).exists()
    # Asked after the seed's dates, every body moves on to its session in April/May.
    later = consultations_propose(paper=council, after=datetime.date(2012, 3, 27))
    assert len(later) == 14
    assert all(s.day >= datetime.date(2012, 4, 1) for s in later)


def test_body_without_session_is_listed_last_without_meeting(council):
    steps = consultations_propose(paper=council, after=datetime.date(2012, 6, 1))
    assert [s.meeting for s in steps] == [None] * 14
    assert steps[0].organization.name.startswith("Ausschuss Allgemeine")


def test_fewer_areas_and_topics_give_fewer_bodies(council):
    council.social_spaces.set(council.social_spaces.filter(name__startswith="Humboldt"))
    council.topics.set(council.topics.filter(slug="sport"))
    steps = consultations_propose(paper=council, after=PROPOSE_AFTER)
    assert _table(steps) == [
        ("Sportausschuss", "06.03.2012"),
        ("Bezirksvertretung 8 (Kalk)", "08.03.2012"),
    ]


def test_edit_then_fix(council, personas):
    office = personas["geschaeftsstelle"]
    council.consultations_fixed = None
    council.save()
    consultations_apply_proposal(paper=council, after=PROPOSE_AFTER, by=office)
    first = council.consultations.alive().first()
    consultation_move(consultation=first, by=office, up=False)
    names = list(council.consultations.alive().values_list("organization__name", flat=True))
    assert names[:2] == ["Jugendhilfeausschuss", "Bezirksvertretung 2 (Rodenkirchen)"]
    consultation_remove(consultation=council.consultations.alive().last(), by=office)
    assert council.consultations.alive().count() == 13
    culture = Organization.objects.get(name="Kulturausschuss")
    consultation_add(paper=council, organization=culture, meeting=None, by=office)
    with pytest.raises(ValidationError, match="Kulturausschuss"):
        consultations_fix(paper=council, by=office)
    consultation_remove(consultation=council.consultations.alive().last(), by=office)
    consultations_fix(paper=council, by=office)
    council.refresh_from_db()
    assert council.is_fixed
    assert all(c.agenda_item_id for c in council.consultations.alive())
    with pytest.raises(ValidationError):
        consultation_remove(consultation=council.consultations.alive().first(), by=office)
