"""Shared initiatives as a second kind of link in the network view of a social space."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from veedel.core.tests.pages import table_rows
from veedel.initiatives.tests.factories import current_space, make_initiative, office
from veedel.network.graph import network_view
from veedel.network.models import Actor

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def linked():
    kalk = office()
    a, b, c = (
        Actor.objects.create(name=name, kind="club", office=kalk)
        for name in ("Aktion Kalk", "Bürgerverein", "Caritas-Treff")
    )
    secret = Actor.objects.create(name="Interner Kreis", kind="club", office=kalk, is_public=False)
    make_initiative(title="Öffentliches Vorhaben", published=True).actors.set([a, b, secret])
    make_initiative(title="Internes Vorhaben").actors.set([b, c])
    return a, b, c


def test_the_public_sees_links_of_published_initiatives_and_public_actors_only(client, linked):
    view = network_view(space=current_space(), user=AnonymousUser())
    pairs = [(x.name, y.name, n) for x, y, n in view.links("initiative").edges]
    assert pairs == [("Aktion Kalk", "Bürgerverein", 1)]
    assert view.edges == []
    response = client.get(reverse("network:graph", args=[current_space().slug]))
    html = response.content.decode()
    assert "Internes Vorhaben" not in html and "Interner Kreis" not in html
    assert table_rows(html, "initiative-links") == ["Aktion KalkBürgerverein1"]
    svg = ET.fromstring(html[html.index("<svg") : html.index("</svg>") + 6])
    dashed = svg.findall(f".//{SVG}g[@class='initiative-links']/{SVG}line")
    assert len(dashed) == 1
    assert "share 1 initiative" in dashed[0].find(f"{SVG}title").text


def test_the_office_sees_links_of_all_its_initiatives(login, linked):
    html = (
        login("koordination-kalk")
        .get(reverse("network:graph", args=[current_space().slug]))
        .content.decode()
    )
    rows = table_rows(html, "initiative-links")
    assert "BürgervereinCaritas-Treff1" in rows
    assert "BürgervereinInterner Kreis1" in rows
    centrality = table_rows(html, "centrality")
    assert any(r.startswith("Bürgerverein 3") for r in centrality), centrality
    # Links through initiatives only do not take an actor out of "in no network".
    assert "Internes Vorhaben" in html
