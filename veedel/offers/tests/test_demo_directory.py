"""The demo directory tells the truth: hundreds of example offers in every current social space,
every topic and target group, several languages, free and paid, barrier-free or not, with
opening hours, and dates in the coming eight weeks that avoid the public holidays of NRW."""

import datetime
import re

import holidays
import pytest
from django.utils import timezone

from veedel.areas.models import SocialSpace
from veedel.offers.demo import demo_offers_load
from veedel.offers.demo_directory import EVENT_DAYS, event_days
from veedel.offers.models import Event, Language, Offer, TaxonomyTerm
from veedel.offers.taxonomy import TARGET_GROUPS_ID, TOPICS_ID

pytestmark = pytest.mark.django_db

# First names that must not appear followed by a surname (a real person's name) in the demo.
FIRST_NAMES = (
    "Anna Maria Peter Thomas Michael Andreas Stefan Sabine Petra Claudia Ursula Hans Klaus "
    "Mehmet Ahmet Ayşe Fatma Ali Mohammed Olga Natalia Elena Ivan Jan Julia Laura Lukas"
).split()
PERSON = re.compile(r"\b(?:" + "|".join(FIRST_NAMES) + r")\s+[A-ZÄÖÜ][a-zäöüß]+")


@pytest.fixture
def demo():
    return demo_offers_load()


def _count_by_term(taxonomy_id):
    counts = {}
    for term in TaxonomyTerm.objects.filter(taxonomy_id=taxonomy_id):
        counts[term.code] = term.offers.filter(is_example=True).count()
    return counts


def test_hundreds_of_example_offers_in_every_current_social_space(demo):
    offers = Offer.objects.filter(is_example=True)
    assert offers.count() >= 400
    current = list(SocialSpace.objects.current())
    assert len(current) == 15
    for space in current:
        here = offers.filter(at_locations__location__social_spaces=space).distinct().count()
        assert here >= 15, space


def test_every_topic_and_target_group_has_at_least_five_offers(demo):
    topics = _count_by_term(TOPICS_ID)
    groups = _count_by_term(TARGET_GROUPS_ID)
    assert len(topics) >= 10 and "erwachsene" in groups
    assert min(topics.values()) >= 5, topics
    assert min(groups.values()) >= 5, groups


def test_languages_costs_access_hours_and_places_vary(demo):
    offers = Offer.objects.filter(is_example=True)
    codes = set(Language.objects.filter(offer__in=offers).values_list("code", flat=True))
    assert {"de", "tr", "ar", "en", "ru", "uk"} <= codes
    assert set(offers.values_list("is_free", flat=True)) == {True, False}
    assert set(offers.values_list("is_barrier_free", flat=True)) == {True, False}
    # Every offer has opening hours, or (a workshop in the holidays) dates.
    assert not offers.filter(schedules=None, events=None).exists()
    assert offers.filter(schedules=None).count() <= 3
    # Each offer's place has a point inside the quarter it is filed under.
    assert not offers.filter(at_locations__location__quarter=None).exists()
    assert not offers.filter(at_locations__location__latitude=None).exists()


def test_the_free_german_course_for_adults_in_kalk(demo, client):
    course = Offer.objects.get(name="Deutschkurs für Erwachsene in Kalk")
    assert course.is_free and course.is_example
    (location,) = [link.location for link in course.at_locations.all()]
    assert location.quarter.name == "Kalk"
    assert "kalk" in set(location.social_spaces.values_list("slug", flat=True))
    assert course.taxonomy_terms.filter(code="erwachsene").exists()

    page = client.get("/angebote/", {"q": "Deutschkurs"})
    assert page.status_code == 200
    assert "Deutschkurs für Erwachsene in Kalk" in page.content.decode()


@pytest.mark.parametrize(
    "word", ["Hausaufgabenhilfe", "Kita", "Senioren", "Beratung", "Geflüchtete"]
)
def test_the_words_residents_type_find_offers(demo, client, word):
    page = client.get("/angebote/", {"q": word})
    assert page.status_code == 200
    found = page.context["total"]
    assert found >= 5, (word, found)


def test_homework_help_in_several_areas(demo):
    offers = Offer.objects.filter(name__contains="Hausaufgabenhilfe")
    spaces = set(offers.values_list("at_locations__location__social_spaces__slug", flat=True))
    assert offers.count() >= 10 and len(spaces) >= 10


def _assert_dates_fit(today):
    events = list(Event.objects.filter(offer__is_example=True))
    assert len(events) >= 50
    closed = holidays.Germany(subdiv="NW", years={today.year, today.year + 1})
    days = [timezone.localtime(e.start).date() for e in events]
    for day in days:
        assert today < day <= today + datetime.timedelta(days=EVENT_DAYS), day
        assert day not in closed, day
        assert (day.month, day.day) not in {(12, 24), (12, 31)}, day
    for week in range(EVENT_DAYS // 7):
        start = today + datetime.timedelta(days=7 * week + 1)
        in_week = [d for d in days if start <= d < start + datetime.timedelta(days=7)]
        assert len(in_week) >= 3, start


def test_dates_fall_in_the_coming_eight_weeks_and_not_on_holidays(demo):
    _assert_dates_fit(timezone.localdate())


def test_dates_around_christmas_skip_the_holidays():
    today = datetime.date(2026, 12, 20)
    demo_offers_load(today=today)
    _assert_dates_fit(today)
    days = {timezone.localtime(e.start).date() for e in Event.objects.all()}
    assert datetime.date(2026, 12, 23) in days or datetime.date(2026, 12, 22) in days


def test_event_days_leave_out_holidays_christmas_eve_and_new_years_eve():
    days = event_days(datetime.date(2026, 12, 20))
    for closed in ("2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31", "2027-01-01"):
        assert datetime.date.fromisoformat(closed) not in days
    assert datetime.date(2026, 12, 28) in days
    assert max(days) <= datetime.date(2026, 12, 20) + datetime.timedelta(days=EVENT_DAYS)
    easter = event_days(datetime.date(2027, 3, 20))
    assert datetime.date(2027, 3, 26) not in easter  # Karfreitag
    assert datetime.date(2027, 3, 29) not in easter  # Ostermontag


def test_no_real_person_names_in_offers_or_providers(demo):
    texts = []
    for offer in Offer.objects.select_related("organization"):
        texts += [offer.name, offer.description, offer.organization.name]
    texts += list(Event.objects.values_list("title", flat=True))
    named = [t for t in texts if PERSON.search(t)]
    assert not named, named[:5]
    # The pattern does find a name where there is one.
    assert PERSON.search("Sprechstunde mit Peter Schmitz")
