"""Offers in the network view of a social space: the topics without a published offer at a
place in the area (contributed through veedel/offers/network_gaps.py)."""

import pytest
from django.urls import reverse

from veedel.areas.models import SocialSpace
from veedel.network.graph import network_view
from veedel.network.models import Actor, ActorKind
from veedel.offers.models import Location, Offer, ServiceAtLocation, Taxonomy, TaxonomyTerm
from veedel.programme.models import CoordinationOffice, Topic

pytestmark = pytest.mark.django_db

CHORWEILER = "blumenberg-chorweiler-seeberg-nord"


def space(slug="kalk"):
    return SocialSpace.objects.get(slug=slug)


@pytest.fixture
def offers():
    """A published offer of "gesundheit" in Kalk, an unpublished one of "kultur" in Kalk, a
    published one of "soziales" in Chorweiler, and a published one of "wohnen" in Kalk by an
    internal actor."""
    kalk = CoordinationOffice.objects.get(slug="kalk")
    public = Actor.objects.create(name="Verein Kalk", kind=ActorKind.CLUB, office=kalk)
    internal = Actor.objects.create(
        name="Interner Träger", kind=ActorKind.CLUB, office=kalk, is_public=False
    )
    taxonomy = Taxonomy.objects.create(name="Themenfelder", slug="themen", description="-")
    terms = {
        t.slug: TaxonomyTerm.objects.create(
            taxonomy=taxonomy, code=t.slug, name=t.name, description="-", topic=t
        )
        for t in Topic.objects.filter(slug__in=["gesundheit", "kultur", "soziales", "wohnen"])
    }

    def offer(name, term, space_slug, *, published=True, organization=public):
        o = Offer.objects.create(name=name, organization=organization, is_published=published)
        o.taxonomy_terms.add(terms[term])
        location = Location.objects.create(address_1="Straße 1", postal_code="51103", city="Köln")
        location.social_spaces.set([space(space_slug)])
        ServiceAtLocation.objects.create(offer=o, location=location)

    offer("Gesundheitsberatung", "gesundheit", "kalk")
    offer("Theater (Entwurf)", "kultur", "kalk", published=False)
    offer("Sozialberatung Chorweiler", "soziales", CHORWEILER)
    offer("Wohnberatung intern", "wohnen", "kalk", organization=internal)


def test_topics_without_a_published_offer_in_the_area(offers, personas):
    view = network_view(space=space(), user=personas["bewohnerin"])
    without_offer = {t.slug for t in view.gap("offer").topics}
    assert "gesundheit" not in without_offer
    # Unpublished, elsewhere, of an internal actor: none of them covers a topic here.
    assert {"kultur", "soziales", "wohnen", "sport"} <= without_offer
    assert len(without_offer) == Topic.objects.count() - 1


def test_the_page_lists_the_gap_by_offers(client, offers):
    html = client.get(reverse("network:graph", args=["kalk"])).content.decode()
    listed = html[html.index('id="topics-without-offer"') :]
    listed = listed[: listed.index("</ul>")]
    assert Topic.objects.get(slug="kultur").name in listed
    assert Topic.objects.get(slug="gesundheit").name not in listed
