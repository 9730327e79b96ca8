"""The network view of a social space: links through shared networks, degree and
betweenness, isolated actors, topic gaps, the drawing – and that it never shows what the
viewer may not see."""

import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from veedel.areas.models import SocialSpace
from veedel.core.tests.pages import check_page, table_rows
from veedel.network.graph import build_graph, centrality, network_view, svg_drawing
from veedel.network.models import Actor, ActorKind, Network, NetworkKind, NetworkMembership
from veedel.programme.models import CoordinationOffice, Topic

pytestmark = pytest.mark.django_db

CHORWEILER = "blumenberg-chorweiler-seeberg-nord"
SVG = "{http://www.w3.org/2000/svg}"
GRAPH = reverse("network:graph", args=["kalk"])


def space(slug="kalk"):
    return SocialSpace.objects.get(slug=slug)


def office(slug="kalk"):
    return CoordinationOffice.objects.get(slug=slug)


def make_actor(name, *, public=True, office_slug="kalk", located=(), served=(), topics=()):
    actor = Actor.objects.create(
        name=name, kind=ActorKind.CLUB, is_public=public, office=office(office_slug)
    )
    actor.social_spaces.set([space(s) for s in located])
    actor.areas_served.set([space(s) for s in served])
    actor.topics.set(Topic.objects.filter(slug__in=topics))
    return actor


def make_network(name, members, *, public=True, space_slug="kalk"):
    network = Network.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        kind=NetworkKind.WORKING_GROUP,
        social_space=space(space_slug),
        office=office(space_slug),
        is_public=public,
    )
    for actor in members:
        NetworkMembership.objects.create(network=network, actor=actor)
    return network


@pytest.fixture
def kalk():
    """A–B–C in one network, A–B again in a second, C–D and D–E in two more:

    A ═ B        degree: A 2, B 2, C 3, D 2, E 1
     \\ /        betweenness (normalised, 5 nodes → 6 pairs of others):
      C – D – E     C lies on A–D, A–E, B–D, B–E: 4/6; D on A–E, B–E, C–E: 3/6
    """
    a, b, c, d, e = (make_actor(n, located=["kalk"]) for n in "ABCDE")
    make_network("N1", [a, b, c])
    make_network("N2", [c, d])
    make_network("N3", [d, e])
    make_network("N4", [a, b])
    return SimpleNamespace(a=a, b=b, c=c, d=d, e=e)


# --- the measures -------------------------------------------------------------------------


def test_degree_and_betweenness_of_a_small_hand_built_network():
    a, b, c, d, e = (SimpleNamespace(pk=n, name=n) for n in "ABCDE")
    n1, n2, n3, n4 = (SimpleNamespace(pk=i) for i in range(4))
    pairs = [(a, n1), (b, n1), (c, n1), (c, n2), (d, n2), (d, n3), (e, n3), (a, n4), (b, n4)]
    graph = build_graph(pairs)
    assert graph["A"]["B"]["weight"] == 2
    assert graph["C"]["D"]["weight"] == 1
    assert not graph.has_edge("A", "D")
    measures = centrality(graph)
    assert {n: m["degree"] for n, m in measures.items()} == {"A": 2, "B": 2, "C": 3, "D": 2, "E": 1}
    betweenness = {n: round(m["betweenness"], 4) for n, m in measures.items()}
    assert betweenness == {"A": 0, "B": 0, "C": round(4 / 6, 4), "D": 0.5, "E": 0}


def test_a_star_has_its_centre_on_every_path():
    centre = SimpleNamespace(pk="Z", name="Z")
    leaves = [SimpleNamespace(pk=f"L{i}", name=f"L{i}") for i in range(4)]
    pairs = []
    for i, leaf in enumerate(leaves):
        pairs += [(centre, SimpleNamespace(pk=i)), (leaf, SimpleNamespace(pk=i))]
    measures = centrality(build_graph(pairs))
    assert measures["Z"] == {"degree": 4, "betweenness": 1.0}
    assert all(measures[f"L{i}"] == {"degree": 1, "betweenness": 0.0} for i in range(4))


def test_the_view_of_kalk_ranks_actors_by_betweenness(kalk, personas):
    view = network_view(space=space(), user=personas["bewohnerin"])
    assert [(r.actor.name, r.degree, round(r.betweenness, 3)) for r in view.rows] == [
        ("C", 3, 0.667),
        ("D", 2, 0.5),
        ("A", 2, 0.0),
        ("B", 2, 0.0),
        ("E", 1, 0.0),
    ]
    assert [n.name for n in view.rows[0].networks] == ["N1", "N2"]
    assert ("A", "B", 2) in [(x.name, y.name, w) for x, y, w in view.edges]


def test_networks_of_other_social_spaces_do_not_link_actors(kalk, personas):
    make_network("Chorweiler-Netz", [kalk.a, kalk.e], space_slug=CHORWEILER)
    view = network_view(space=space(), user=personas["bewohnerin"])
    assert {r.actor.name: r.degree for r in view.rows}["E"] == 1


def test_isolated_actors_are_those_located_in_or_serving_the_area_in_no_network(kalk, personas):
    make_actor("Im Veedel, ohne Netz", located=["kalk"])
    make_actor("Dient Kalk, ohne Netz", served=["kalk"])
    make_actor("Woanders", located=[CHORWEILER])
    make_actor("Intern ohne Netz", public=False, located=["kalk"])
    make_actor("Fremd intern", public=False, office_slug=CHORWEILER, located=["kalk"])
    public = network_view(space=space(), user=personas["bewohnerin"])
    assert [a.name for a in public.isolated] == ["Dient Kalk, ohne Netz", "Im Veedel, ohne Netz"]
    own = network_view(space=space(), user=personas["koordination-kalk"])
    assert [a.name for a in own.isolated] == [
        "Dient Kalk, ohne Netz",
        "Im Veedel, ohne Netz",
        "Intern ohne Netz",
    ]


def test_topics_no_actor_in_the_area_works_on(kalk, personas):
    kalk.a.topics.add(Topic.objects.get(slug="sport"))
    make_actor("Schule", served=["kalk"], topics=["bildung"])
    make_actor("Kulturverein Chorweiler", located=[CHORWEILER], topics=["kultur"])
    make_actor("Intern Wohnen", public=False, located=["kalk"], topics=["wohnen"])

    public = network_view(space=space(), user=personas["bewohnerin"])
    without_actor = {t.slug for t in public.topics_without_actor}
    assert "sport" not in without_actor and "bildung" not in without_actor
    assert {"kultur", "wohnen", "gesundheit"} <= without_actor

    own = network_view(space=space(), user=personas["koordination-kalk"])
    assert "wohnen" not in {t.slug for t in own.topics_without_actor}


# --- who sees what ------------------------------------------------------------------------


@pytest.fixture
def hidden(kalk):
    """An internal actor of Chorweiler and one of Kalk in N1, and a non-public network
    linking A and E."""
    n1 = Network.objects.get(name="N1")
    foreign = make_actor("Geheimkreis Chorweiler", public=False, office_slug=CHORWEILER)
    own = make_actor("Interner Kreis Kalk", public=False)
    NetworkMembership.objects.create(network=n1, actor=foreign)
    NetworkMembership.objects.create(network=n1, actor=own)
    make_network("Vertrauliche Runde", [kalk.a, kalk.e], public=False)
    return SimpleNamespace(foreign=foreign, own=own)


@pytest.mark.parametrize("username", [None, "bewohnerin", "ratsmitglied", "koordination-kalk"])
def test_internal_actors_of_another_office_never_appear(client, login, hidden, username):
    if username:
        login(username)
    response = client.get(GRAPH)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Geheimkreis Chorweiler" not in text
    rows = table_rows(text, "centrality")
    assert rows and not any("Geheimkreis" in row for row in rows)


@pytest.mark.parametrize("username", [None, "bewohnerin", "koordination-chorweiler"])
def test_the_public_and_other_offices_see_no_internal_actor_or_network_of_kalk(
    client, login, hidden, username
):
    if username:
        login(username)
    text = client.get(GRAPH).content.decode()
    assert "Interner Kreis Kalk" not in text
    assert "Vertrauliche Runde" not in text
    e_row = next(r for r in table_rows(text, "centrality") if r.startswith("E "))
    assert e_row.startswith("E 1 ")  # the link to A through the hidden network is not shown


def test_the_office_sees_its_internal_actor_and_network(client, login, hidden):
    login("koordination-kalk")
    text = client.get(GRAPH).content.decode()
    assert "Interner Kreis Kalk" in text
    assert "Vertrauliche Runde" in text
    e_row = next(r for r in table_rows(text, "centrality") if r.startswith("E "))
    assert e_row.startswith("E 2 ")


# --- the page and the drawing -------------------------------------------------------------


def test_the_page_has_the_drawing_and_the_table_with_the_same_actors(client, kalk):
    response = client.get(GRAPH)
    check_page(response)
    text = response.content.decode()
    rows = table_rows(text, "centrality")
    assert [r.split()[0] for r in rows] == ["C", "D", "A", "B", "E"]
    assert rows[0].split()[1:3] in (["3", "0,667"], ["3", "0.667"])
    start, end = text.index("<svg"), text.index("</svg>") + len("</svg>")
    svg = ET.fromstring(text[start:end])
    assert svg.get("role") == "img"
    labelled = svg.get("aria-labelledby").split()
    ids = {el.get("id") for el in svg.iter() if el.get("id")}
    assert set(labelled) <= ids
    assert len(svg.findall(f".//{SVG}circle")) == 5
    assert len(svg.findall(f".//{SVG}line")) == 5
    titles = {t.text for t in svg.iter(f"{SVG}title")}
    assert set("ABCDE") <= titles
    assert "<script" not in text[start:end]


def test_the_drawing_is_the_same_every_time_and_escapes_names():
    nasty = SimpleNamespace(pk=1, name='<script>alert("x")</script> & Co')
    other = SimpleNamespace(pk=2, name="Verein")
    graph = build_graph([(nasty, SimpleNamespace(pk=9)), (other, SimpleNamespace(pk=9))])
    names = {1: nasty.name, 2: other.name}
    first = svg_drawing(graph, names=names, title="Titel <b>")
    assert first == svg_drawing(graph, names=names, title="Titel <b>")
    assert "<script>" not in first and "&lt;script&gt;" in first
    root = ET.fromstring(str(first))
    assert root.find(f"{SVG}title").text == "Titel <b>"
    assert nasty.name in {t.text for t in root.iter(f"{SVG}title")}


def test_an_empty_social_space_says_so(client):
    text = client.get(reverse("network:graph", args=[CHORWEILER])).content.decode()
    assert "<svg" not in text
    assert 'id="centrality"' not in text


def test_an_unknown_social_space_is_not_found(client):
    assert client.get(reverse("network:graph", args=["gibt-es-nicht"])).status_code == 404


@pytest.mark.parametrize("username", [None, "koordination-kalk"])
def test_the_graph_page_needs_the_same_number_of_queries_for_more_actors(
    client, login, kalk, username
):
    if username:
        login(username)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(GRAPH).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    more = [make_actor(f"Verein {i}", public=i % 3 != 0, located=["kalk"]) for i in range(9)]
    make_network("N5", more[:5] + [kalk.a])
    make_network("N6", more[4:8], public=False)
    make_actor("Allein", located=["kalk"], topics=["sport"])
    assert count() == few
