"""What higher apps add to the network view of a social space (``graph.py``), without the
network app importing them.

Two registries, filled in the contributing app's ``AppConfig.ready``:

- ``link_sources``: a second kind of link between actors: things they take part in together
  (initiatives link the actors they name). Each source gives, for a social space, the pairs
  (actor, thing) the viewer may see, in one query.
- ``topic_sources``: another way a topic can be covered in a social space (a published offer
  of the topic at a place there). Each source gives an ``Exists`` over ``OuterRef("pk")`` of
  ``programme.Topic``, so that all gaps are found in the one query that reads the topics.

Neither may run a number of queries that grows with the data: the page is tested for flat
query counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Linked:
    """Something actors take part in together, as the network view shows it."""

    pk: Any
    title: str
    url: str


@dataclass(frozen=True)
class LinkSource:
    """A kind of link between actors besides shared networks.

    ``participations(space=, user=, actors=)`` returns ``(actor, Linked)`` pairs for the
    things of ``space`` that ``user`` may see, among ``actors`` (the actors the user may see,
    a queryset); two actors are linked once for each thing they share. ``describe(a, b, n)``
    is the drawing's text for one link. The other texts label the page: the table column
    (``column``), the list of all links (``summary``, ``caption``, ``count_heading``), the
    legend of the drawing (``legend``), what the links are based on (``basis_public``,
    ``basis_viewer``), and ``more(space)`` a (url, text) link to the things themselves.
    """

    key: str
    order: int
    participations: Callable[..., list]
    describe: Callable[[str, str, int], str]
    column: str
    summary: str
    caption: str
    count_heading: str
    legend: str
    basis_public: str
    basis_viewer: str
    more: Callable[[Any], tuple[str, str]] | None = None
    stroke: str = "#b35900"
    dasharray: str = "6 4"

    @property
    def css_id(self) -> str:
        """The id of its table and the class of its lines in the drawing."""
        return f"{self.key}-links"


@dataclass(frozen=True)
class TopicSource:
    """A way a topic is covered in a social space; the page lists the topics not covered.

    ``covered(space=)`` returns an ``Exists`` expression over ``OuterRef("pk")`` of a
    ``programme.Topic``. ``heading`` names the list of topics not covered, ``complete`` is the
    sentence when every topic is covered."""

    key: str
    order: int
    covered: Callable[..., Any]
    heading: str
    complete: str

    @property
    def css_id(self) -> str:
        return f"topics-without-{self.key}"


class Registry:
    """Sources by key (added again under the same key: replaced), in their order."""

    def __init__(self, name: str):
        self.name = name
        self._sources: dict[str, Any] = {}

    def add(self, source) -> None:
        self._sources[source.key] = source

    def remove(self, key: str) -> None:
        self._sources.pop(key, None)

    def __iter__(self):
        return iter(sorted(self._sources.values(), key=lambda s: (s.order, s.key)))

    def __len__(self):
        return len(self._sources)


link_sources = Registry("links between actors in the network view")
topic_sources = Registry("topic coverage in the network view")
