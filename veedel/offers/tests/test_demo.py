"""The demo data: the city's schools as actors, example networks in every social space of
2012, example offers across all topic fields; loading twice changes nothing."""

import datetime
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from veedel.areas.models import SocialSpace
from veedel.network.demo import EXAMPLE_SOURCE, SCHOOL_SOURCE, SCHOOLS_FILE
from veedel.network.models import (
    Actor,
    FollowUpTask,
    Meeting,
    Network,
    NetworkKind,
    NetworkMembership,
)
from veedel.offers.demo import OFFERS, demo_offers_load
from veedel.offers.demo_directory import OFFERS_PER_SPACE
from veedel.offers.models import Event, Offer, TaxonomyTerm
from veedel.programme.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return demo_offers_load()


def _school_file():
    path = settings.VEEDEL_AREA_DATA_DIR / SCHOOLS_FILE
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def test_every_school_of_the_file_is_a_public_actor_with_a_point(demo):
    features = _school_file()
    schools = Actor.objects.filter(source=SCHOOL_SOURCE).select_related("quarter")
    assert len(features) == schools.count() == 301
    by_id = {s.external_id: s for s in schools}
    assert set(by_id) == {str(f["properties"]["objectid"]) for f in features}
    assert all(s.kind == "school" and s.is_public and not s.is_example for s in schools)
    assert all(s.has_point and s.street and s.postal_code for s in schools)

    # The source says which quarter each school is in; the point agrees for all but one.
    inside = [
        f
        for f in features
        if by_id[str(f["properties"]["objectid"])].quarter
        and by_id[str(f["properties"]["objectid"])].quarter.number
        == f["properties"]["stadtteil_nr"]
    ]
    assert len(inside) == 300

    school = by_id["6"]  # Grüneberg-Schule, Kapitelstr. 24, Kalk
    assert school.name.startswith("Grüneberg-Schule")
    assert school.street == "Kapitelstr. 24" and school.quarter.name == "Kalk"
    assert school.office.slug == "kalk"
    assert "kalk" in set(school.social_spaces.values_list("slug", flat=True))


def test_schools_outside_every_current_area_belong_to_no_office(demo):
    schools = Actor.objects.filter(source=SCHOOL_SOURCE)
    without = schools.filter(office=None)
    assert without.exists()
    current = SocialSpace.objects.current()
    assert not without.filter(social_spaces__in=current).exists()
    assert not schools.filter(office__isnull=False).exclude(social_spaces__in=current).exists()


def test_each_social_space_of_2012_has_a_conference_and_two_working_groups(demo):
    today = timezone.localdate()
    spaces = list(SocialSpace.objects.in_year(2012))
    assert len(spaces) == 11
    for space in spaces:
        networks = list(
            Network.objects.filter(social_space=space).annotate(
                member_count=Count("memberships", distinct=True)
            )
        )
        kinds = sorted(n.kind for n in networks)
        assert kinds == [
            NetworkKind.WORKING_GROUP,
            NetworkKind.WORKING_GROUP,
            NetworkKind.DISTRICT_CONFERENCE,
        ], space
        for network in networks:
            assert network.is_example and network.is_public
            assert space in network.office.social_spaces.all()
            assert 4 <= network.member_count <= 8
            members = list(network.members.all())
            assert any(m.kind == "school" for m in members), network
            assert any(m.is_example for m in members)

            meetings = list(network.meetings.all())
            assert len(meetings) == 3
            past = [m for m in meetings if m.start.date() < today]
            upcoming = [m for m in meetings if m.start.date() > today]
            assert past and upcoming
            assert sum(not m.is_public for m in meetings) == 1
            for meeting in past:
                assert meeting.agenda and meeting.minutes and meeting.tasks.exists()
                assert meeting.attendees.exists()
            for meeting in upcoming:
                assert meeting.agenda and not meeting.minutes


def test_invented_actors_are_example_data_in_their_area(demo):
    invented = Actor.objects.filter(source=EXAMPLE_SOURCE)
    assert invented.count() == 11 * 5
    assert not invented.filter(is_example=False).exists()
    for actor in invented.prefetch_related("areas_served", "social_spaces"):
        (area,) = actor.areas_served.all()
        assert area in actor.social_spaces.all(), actor
        assert actor.office is not None


def test_example_offers_cover_all_topics_and_much_more(demo):
    offers = list(
        Offer.objects.prefetch_related(
            "taxonomy_terms__taxonomy", "languages", "schedules", "phones", "events"
        ).select_related("office")
    )
    # The hand-written offers and the composed ones of the 15 current social spaces.
    assert len(offers) == len(OFFERS) + 15 * OFFERS_PER_SPACE >= 400
    assert all(o.is_example and o.is_published for o in offers)
    topics = {
        t.topic_id
        for o in offers
        for t in o.taxonomy_terms.all()
        if t.taxonomy.slug == "themenfelder"
    }
    assert topics == set(Topic.objects.values_list("pk", flat=True))
    groups = {
        t.code for o in offers for t in o.taxonomy_terms.all() if t.taxonomy.slug == "zielgruppen"
    }
    assert len(groups) >= 10
    assert len({lang.code for o in offers for lang in o.languages.all()}) >= 6
    assert {o.is_free for o in offers} == {True, False}
    assert {o.is_barrier_free for o in offers} == {True, False}
    assert any(o.minimum_age is not None for o in offers)
    assert len({s.byday for o in offers for s in o.schedules.all()}) >= 6
    assert all(o.phones.exists() for o in offers)
    assert Event.objects.filter(offer__in=offers, start__gt=timezone.now()).count() >= 3
    assert len({o.office_id for o in offers}) >= 5
    assert all(o.search_document for o in offers), "the offers are in the search index"

    stale = [o for o in offers if o.is_stale]
    assert 3 <= len(stale) < len(offers)
    assert {o.office.slug for o in stale} >= {"kalk", "blumenberg-chorweiler-seeberg-nord"}


def test_offers_are_in_several_social_spaces(demo):
    spaces = set(
        Offer.objects.filter(at_locations__location__social_spaces__isnull=False)
        .values_list("at_locations__location__social_spaces__slug", flat=True)
        .distinct()
    )
    assert {"kalk", "blumenberg-chorweiler-seeberg-nord", "muelheim-nord-keupstrasse"} <= spaces
    assert len(spaces) >= 8


def _snapshot():
    return {
        "actors": sorted(Actor.objects.values_list("pk", "modified")),
        "networks": sorted(Network.objects.values_list("pk", "modified")),
        "meetings": sorted(Meeting.objects.values_list("pk", "modified")),
        "offers": sorted(Offer.objects.values_list("pk", "modified", "search_document")),
        "memberships": NetworkMembership.objects.count(),
        "tasks": FollowUpTask.objects.count(),
        "events": Event.objects.count(),
        "terms": sorted(TaxonomyTerm.objects.values_list("pk", "name")),
    }


def test_loading_twice_changes_nothing(demo):
    before = _snapshot()
    report = demo_offers_load()
    assert not report.changed, report.lines()
    assert _snapshot() == before


def test_loading_on_another_day_changes_nothing(demo):
    before = _snapshot()
    report = demo_offers_load(today=timezone.localdate() + datetime.timedelta(days=40))
    assert not report.changed
    assert _snapshot() == before


def test_a_changed_school_is_corrected_on_the_next_load(demo):
    school = Actor.objects.get(source=SCHOOL_SOURCE, external_id="6")
    Actor.objects.filter(pk=school.pk).update(name="Falscher Name", latitude=50.0, longitude=7.0)
    report = demo_offers_load()
    assert report.counts["school actors"]["updated"] == 1
    school.refresh_from_db()
    assert school.name.startswith("Grüneberg-Schule") and school.quarter.name == "Kalk"


def test_the_command_reports_and_repeats_quietly():
    out = io.StringIO()
    call_command("load_demo_offers", stdout=out)
    assert "301 created" in out.getvalue()
    again = io.StringIO()
    call_command("load_demo_offers", stdout=again)
    assert "nothing to change" in again.getvalue()
    assert "created" not in again.getvalue()
