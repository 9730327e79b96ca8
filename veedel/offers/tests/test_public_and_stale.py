""" "Public" and "stale" are defined once per model: the QuerySet method and the property of one
record always agree, and the rule ``offers.view_offer`` agrees with ``visible_to``."""

import datetime

import pytest
from django.utils import timezone

from veedel.offers.models import Event, Offer, ServiceStatus, stale_before
from veedel.offers.tests.factories import make_offer

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 8, 31)
NOW = timezone.make_aware(datetime.datetime(2024, 8, 31, 15, 0))


@pytest.fixture
def offers():
    return {
        "public": make_offer(name="Öffentlich", assured_date=TODAY),
        "unpublished": make_offer(name="Unveröffentlicht", is_published=False),
        "defunct": make_offer(name="Eingestellt", status=ServiceStatus.DEFUNCT),
        "internal": make_offer(name="Intern", actor_public=False),
        "closed": make_offer(name="Pause", status=ServiceStatus.TEMPORARILY_CLOSED),
    }


def test_published_and_is_public_agree(offers):
    published = set(Offer.objects.published().values_list("name", flat=True))
    assert published == {"Öffentlich", "Pause"}
    for offer in Offer.objects.select_related("organization"):
        assert offer.is_public == (offer.name in published), offer.name


def test_six_months_to_the_day_and_defunct_offers_are_never_stale():
    assert stale_before(TODAY) == datetime.date(2024, 2, 29)  # no 31 February
    cases = {
        "checked today": (TODAY, ServiceStatus.ACTIVE, False),
        "checked on the limit": (datetime.date(2024, 2, 29), ServiceStatus.ACTIVE, False),
        "checked the day before": (datetime.date(2024, 2, 28), ServiceStatus.ACTIVE, True),
        "never checked": (None, ServiceStatus.ACTIVE, True),
        "never checked, defunct": (None, ServiceStatus.DEFUNCT, False),
    }
    for name, (assured, status, _stale) in cases.items():
        make_offer(name=name, assured_date=assured, status=status)
    stale = set(Offer.objects.stale(TODAY).values_list("name", flat=True))
    assert stale == {name for name, (_a, _s, expected) in cases.items() if expected}
    for offer in Offer.objects.all():
        assert offer.stale_on(TODAY) == (offer.name in stale), offer.name


def test_is_stale_is_about_today():
    fresh = make_offer(name="Frisch", assured_date=timezone.localdate())
    old = make_offer(name="Alt", assured_date=timezone.localdate() - datetime.timedelta(days=200))
    assert not fresh.is_stale and old.is_stale
    assert list(Offer.objects.stale().values_list("name", flat=True)) == ["Alt"]


def test_events_public_and_upcoming_agree_with_each_event(offers):
    day = datetime.timedelta(days=1)
    hour = datetime.timedelta(hours=1)
    for key, offer in offers.items():
        Event.objects.bulk_create(
            [
                Event(offer=offer, title=f"{key}: yesterday", start=NOW - day),
                Event(offer=offer, title=f"{key}: this morning", start=NOW - 6 * hour),
                Event(
                    offer=offer,
                    title=f"{key}: ended at noon",
                    start=NOW - 5 * hour,
                    end=NOW - 3 * hour,
                ),
                Event(offer=offer, title=f"{key}: still on", start=NOW - hour, end=NOW + hour),
                Event(offer=offer, title=f"{key}: tomorrow", start=NOW + day),
            ]
        )
    public = set(Event.objects.public().values_list("title", flat=True))
    upcoming = set(Event.objects.upcoming(NOW).values_list("title", flat=True))
    assert {t.split(":")[0] for t in public} == {"public", "closed"}
    assert {t.split(": ")[1] for t in upcoming} == {"this morning", "still on", "tomorrow"}
    for event in Event.objects.select_related("offer__organization"):
        assert event.is_public == (event.title in public), event.title
        assert event.is_upcoming(NOW) == (event.title in upcoming), event.title
    both = set(Event.objects.public().upcoming(NOW).values_list("title", flat=True))
    assert both == public & upcoming


@pytest.mark.parametrize(
    "username", ["anonymous", "bewohnerin", "koordination-kalk", "traeger", "geschaeftsstelle"]
)
def test_visible_to_is_the_rule_view_offer_for_lists(personas, offers, username):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if username == "anonymous" else personas[username]
    listed = set(Offer.objects.visible_to(user))
    for offer in Offer.objects.select_related("organization"):
        assert user.has_perm("offers.view_offer", offer) == (offer in listed), offer.name
    if username == "koordination-kalk":  # the factories' offers are kept by Kalk's office
        assert len(listed) == len(offers)
