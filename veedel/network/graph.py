"""The network view of a social space: who is linked with whom through shared networks
and through what else they take part in together.

Nodes are the actors the viewer may see that are members of networks (the viewer may see) in
the social space; two actors are linked when they sit together in at least one such network,
and the link's weight is the number of networks they share. Higher apps add further kinds of
link through ``contributions.link_sources`` (initiatives link the actors they name together):
dashed in the drawing and listed in a table of their own. For each actor the view gives the
degree (how many other actors it is linked with, by any kind of link) and the normalised
betweenness centrality (how often it lies on the shortest path between two others: the
brokers of the area). Isolated actors are those located in or serving the area that sit in no
network there; topic gaps are topics no actor in the area works on, and topics not covered
in the ways higher apps add through ``contributions.topic_sources`` (offers: no published
offer at a location in the area).

Everything is computed from what the viewer may see, so the public view never hints at
internal actors, non-public networks or unpublished initiatives. The drawing is SVG markup
made here, without JavaScript; the table beside it carries the same facts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
from django.db.models import Exists, OuterRef, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veedel.network.contributions import (
    Linked,
    LinkSource,
    TopicSource,
    link_sources,
    topic_sources,
)
from veedel.network.models import Actor, Network, NetworkMembership
from veedel.programme.models import Topic

LAYOUT_SEED = 7
WIDTH, HEIGHT = 720, 480
MARGIN_X, MARGIN_Y = 90, 40  # room for the names beside and below the circles

# --- who sees what ------------------------------------------------------------------------


def visible_networks(user):
    """Networks ``user`` may see (as network.view_network)."""
    return Network.objects.visible_to(user)


def visible_actors(user):
    """Actors ``user`` may see (as network.view_actor)."""
    return Actor.objects.visible_to(user)


# --- the graph ---------------------------------------------------------------------------


def build_graph(memberships) -> nx.Graph:
    """A graph of actors (node = actor pk) from ``(actor, network)`` pairs; an edge's
    ``weight`` is the number of networks both actors belong to."""
    graph = nx.Graph()
    by_network = defaultdict(list)
    actors = {}
    for actor, network in memberships:
        actors[actor.pk] = actor
        by_network[network.pk].append(actor.pk)
    for pk, actor in sorted(actors.items(), key=lambda item: (item[1].name, str(item[0]))):
        graph.add_node(pk, name=actor.name)
    for members in by_network.values():
        members = sorted(set(members), key=str)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if graph.has_edge(a, b):
                    graph[a][b]["weight"] += 1
                else:
                    graph.add_edge(a, b, weight=1)
    return graph


def add_links(graph: nx.Graph, participations, *, key: str) -> None:
    """Link the actors that take part in the same thing, from ``(actor, thing)`` pairs; an
    edge's ``key`` attribute is the number of such things both actors share (``weight`` stays
    the number of shared networks, 0 for a link of this kind only)."""
    by_thing = defaultdict(set)
    for actor, thing in participations:
        if actor.pk not in graph:
            graph.add_node(actor.pk, name=actor.name)
        by_thing[thing.pk].add(actor.pk)
    for members in by_thing.values():
        members = sorted(members, key=str)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if graph.has_edge(a, b):
                    graph[a][b][key] = graph[a][b].get(key, 0) + 1
                else:
                    graph.add_edge(a, b, weight=0, **{key: 1})


def centrality(graph: nx.Graph) -> dict:
    """Degree (number of linked actors) and normalised betweenness for every node.

    Betweenness counts shortest paths by the number of links, not by their weight: sharing
    more networks makes a link stronger, not longer."""
    betweenness = nx.betweenness_centrality(graph, normalized=True) if graph else {}
    return {n: {"degree": graph.degree(n), "betweenness": betweenness.get(n, 0.0)} for n in graph}


@dataclass
class ActorRow:
    actor: Actor
    degree: int
    betweenness: float
    networks: list = field(default_factory=list)
    linked: list[list[Linked]] = field(default_factory=list)  # per link kind, in its order


@dataclass
class LinkKind:
    """The links of one ``LinkSource``: ``(actor, actor, number of things shared)``."""

    source: LinkSource
    edges: list[tuple[Actor, Actor, int]]
    more: tuple[str, str] | None = None


@dataclass
class TopicGap:
    """The topics a ``TopicSource`` finds not covered in the social space."""

    source: TopicSource
    topics: list[Topic]


@dataclass
class NetworkView:
    rows: list[ActorRow]
    edges: list[tuple[Actor, Actor, int]]  # links through shared networks
    link_kinds: list[LinkKind]  # links of the other kinds (contributions.link_sources)
    isolated: list[Actor]
    topics_without_actor: list[Topic]
    topic_gaps: list[TopicGap]  # gaps of the other kinds (contributions.topic_sources)
    networks: list[Network]
    svg: SafeString

    def links(self, key: str) -> LinkKind | None:
        """The links of the source ``key``, if it is registered."""
        return next((kind for kind in self.link_kinds if kind.source.key == key), None)

    def gap(self, key: str) -> TopicGap | None:
        return next((gap for gap in self.topic_gaps if gap.source.key == key), None)


def network_view(*, space, user) -> NetworkView:
    """The network view of ``space`` as ``user`` may see it, in a fixed number of queries
    (one more for each link source)."""
    networks = Network.objects.visible_to(user).filter(social_space=space)
    actors = Actor.objects.visible_to(user)
    memberships = [
        m
        for m in NetworkMembership.objects.filter(network__in=networks, actor__in=actors)
        .select_related("actor__office", "network__office")
        .order_by("network__name", "actor__name")
        # The querysets above decide; the rules confirm on each object.
        if user.has_perm("network.view_network", m.network)
        and user.has_perm("network.view_actor", m.actor)
    ]
    graph = build_graph((m.actor, m.network) for m in memberships)
    in_networks = set(graph.nodes)
    sources = list(link_sources)
    participations = {
        source.key: source.participations(space=space, user=user, actors=actors)
        for source in sources
    }
    for source in sources:
        add_links(graph, participations[source.key], key=source.key)
    measures = centrality(graph)
    actor_by_pk = {m.actor.pk: m.actor for m in memberships}
    for pairs_of_source in participations.values():
        actor_by_pk.update((actor.pk, actor) for actor, _thing in pairs_of_source)
    networks_of = defaultdict(list)
    for m in memberships:
        networks_of[m.actor.pk].append(m.network)
    linked_of = {source.key: defaultdict(list) for source in sources}
    for key, pairs_of_source in participations.items():
        for actor, thing in pairs_of_source:
            linked_of[key][actor.pk].append(thing)
    rows = sorted(
        (
            ActorRow(
                actor_by_pk[pk],
                v["degree"],
                v["betweenness"],
                networks_of[pk],
                [linked_of[source.key][pk] for source in sources],
            )
            for pk, v in measures.items()
        ),
        key=lambda r: (-r.betweenness, -r.degree, r.actor.name.casefold()),
    )

    def pairs(attribute):
        return sorted(
            (
                (*sorted((actor_by_pk[a], actor_by_pk[b]), key=lambda x: x.name.casefold()), n)
                for a, b, d in graph.edges(data=True)
                if (n := d.get(attribute, 0))
            ),
            key=lambda e: (e[0].name.casefold(), e[1].name.casefold()),
        )

    in_area = actors.filter(Q(social_spaces=space) | Q(areas_served=space))
    isolated = [
        a
        for a in Actor.objects.filter(pk__in=in_area.values("pk"))
        .exclude(pk__in=list(in_networks))
        .select_related("office")
        .order_by("name")
        if user.has_perm("network.view_actor", a)
    ]
    gap_sources = list(topic_sources)
    topics = list(
        Topic.objects.filter(programme_id=space.programme_id)
        .annotate(
            has_actor=Exists(
                Actor.topics.through.objects.filter(
                    topic_id=OuterRef("pk"), actor_id__in=in_area.values("pk")
                )
            ),
            **{f"covered_{s.key}": s.covered(space=space) for s in gap_sources},
        )
        .order_by("order", "name")
    )
    seen_networks = {m.network.pk: m.network for m in memberships}
    return NetworkView(
        rows=rows,
        edges=pairs("weight"),
        link_kinds=[
            LinkKind(source, pairs(source.key), source.more(space) if source.more else None)
            for source in sources
        ],
        isolated=isolated,
        topics_without_actor=[t for t in topics if not t.has_actor],
        topic_gaps=[
            TopicGap(s, [t for t in topics if not getattr(t, f"covered_{s.key}")])
            for s in gap_sources
        ],
        networks=sorted(seen_networks.values(), key=lambda n: n.name.casefold()),
        svg=svg_drawing(
            graph,
            names={pk: a.name for pk, a in actor_by_pk.items()},
            title=_("Actors of %(space)s linked through shared networks and initiatives")
            % {"space": space.name},
            link_sources=sources,
        ),
    )


# --- the drawing -------------------------------------------------------------------------


def _short(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _scale(pos: dict) -> dict:
    """Stretch the layout over the drawing, leaving room for the names."""
    if not pos:
        return {}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    width, height = WIDTH - 2 * MARGIN_X, HEIGHT - 2 * MARGIN_Y
    return {
        n: (WIDTH / 2 + (x - cx) / span_x * width, HEIGHT / 2 + (y - cy) / span_y * height)
        for n, (x, y) in pos.items()
    }


def svg_drawing(
    graph: nx.Graph, *, names: dict, title: str, link_sources: list[LinkSource] = ()
) -> SafeString:
    """The graph as accessible SVG markup: circles for actors, lines for shared networks,
    dashed lines for the links of each of ``link_sources``.

    The layout is a spring layout with a fixed seed, so the same data gives the same picture.
    Every piece of text is escaped."""
    nodes, links = graph.number_of_nodes(), graph.number_of_edges()
    description = (
        ngettext("%(nodes)d actor", "%(nodes)d actors", nodes) % {"nodes": nodes}
        + ", "
        + ngettext("%(links)d link", "%(links)d links", links) % {"links": links}
        + ". "
        + _("The table below lists the same facts.")
    )
    pos = _scale(nx.spring_layout(graph, seed=LAYOUT_SEED)) if nodes else {}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="network-graph" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="network-graph-title network-graph-desc">',
        f'<title id="network-graph-title">{escape(title)}</title>',
        f'<desc id="network-graph-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#f3f5f7"/>',
        '<g stroke="#4a4a55" stroke-opacity="0.7">',
    ]
    shared = {source.key: [] for source in link_sources}
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        for key, lines in shared.items():
            if data.get(key):
                lines.append((x1, y1, x2, y2, a, b, data[key]))
        weight = data["weight"]
        if not weight:
            continue
        label = ngettext(
            "%(a)s and %(b)s share %(n)d network",
            "%(a)s and %(b)s share %(n)d networks",
            weight,
        ) % {"a": names[a], "b": names[b], "n": weight}
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke-width="{1 + 1.5 * (weight - 1):.1f}"><title>{escape(label)}</title></line>'
        )
    parts.append("</g>")
    for source in link_sources:
        if not shared[source.key]:
            continue
        parts.append(
            f'<g class="{escape(source.css_id)}" stroke="{escape(source.stroke)}" '
            f'stroke-dasharray="{escape(source.dasharray)}" stroke-opacity="0.9">'
        )
        for x1, y1, x2, y2, a, b, count in shared[source.key]:
            label = source.describe(names[a], names[b], count)
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                f'stroke-width="{1.5 + 1.5 * (count - 1):.1f}">'
                f"<title>{escape(label)}</title></line>"
            )
        parts.append("</g>")
    parts.append(
        '<g font-family="DejaVu Sans, sans-serif" font-size="12" fill="#1b1b1f" '
        'paint-order="stroke" stroke-linejoin="round">'
    )
    for node in graph.nodes:
        x, y = pos[node]
        r = 6 + 2.5 * math.sqrt(graph.degree(node))
        name = names[node]
        parts.append(
            f"<g><title>{escape(name)}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#00566a" '
            f'stroke="#ffffff" stroke-width="2"/>'
            f'<text x="{x:.1f}" y="{y + r + 13:.1f}" text-anchor="middle" '
            f'stroke="#f3f5f7" stroke-width="3">'
            f"{escape(_short(name))}</text></g>"
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # every text above is escaped
