"""The query strings of the network pages, each read through a QueryForm
(veedel/core/queryforms.py): the actor list and its map data, the network list, the calendar
feed, the form for a new network, and the pages that take no parameters at all.

Parameters keep their German names from the addresses (``?sozialraum=kalk&art=club``). What
cannot be read is named: pages show it as a message and go on without it, the map data and
the calendar answer 400.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veedel.areas.forms import QuarterKeyField, SocialSpaceKeyField
from veedel.core.queryforms import (
    PageField,
    QueryForm,
    kind_field,
)
from veedel.network.models import ActorKind, NetworkKind
from veedel.programme.forms import TopicKeyField

# --- actors ----------------------------------------------------------------------------------


class ActorQuery(QueryForm):
    """The filters of the actor list and of its map data (``/akteure.geojson``)."""

    sozialraum = SocialSpaceKeyField()
    stadtteil = QuarterKeyField()
    art = kind_field(ActorKind)
    thema = TopicKeyField()
    q = forms.CharField(max_length=100, required=False, label=_("Name contains"))

    def filter(self, actors):
        """``actors`` narrowed by the filters that could be read."""
        values = self.given()
        if space := values.get("sozialraum"):
            # Actors located in the area, and those working for it from elsewhere.
            actors = actors.filter(
                Q(pk__in=space.located_actors.values("pk"))
                | Q(pk__in=space.serving_actors.values("pk"))
            )
        if quarter := values.get("stadtteil"):
            actors = actors.filter(quarter=quarter)
        if kind := values.get("art"):
            actors = actors.filter(kind=kind)
        if topic := values.get("thema"):
            actors = actors.filter(topics=topic)
        if text := values.get("q", "").strip():
            actors = actors.filter(name__icontains=text)
        return actors


class ActorListQuery(ActorQuery):
    """The actor list: its filters and the page (``?seite=2``)."""

    seite = PageField()


# --- networks --------------------------------------------------------------------------------


class NetworkQuery(QueryForm):
    """The filters of the network list."""

    sozialraum = SocialSpaceKeyField(empty_label=_("all social spaces"))
    art = kind_field(NetworkKind, empty_label=_("all kinds"))
    thema = TopicKeyField(empty_label=_("all topics"))

    def filter(self, networks):
        values = self.given()
        if space := values.get("sozialraum"):
            networks = networks.filter(social_space=space)
        if kind := values.get("art"):
            networks = networks.filter(kind=kind)
        if topic := values.get("thema"):
            networks = networks.filter(topics__slug=topic.slug).distinct()
        return networks


class NetworkAddQuery(QueryForm):
    """``/netzwerke/neu/?sozialraum=kalk``: the social space the new network starts in."""

    sozialraum = SocialSpaceKeyField()


class CalendarQuery(QueryForm):
    """The calendar feed of a network: ``?token=`` opens its non-public meetings."""

    token = forms.CharField(required=False, max_length=200, strip=False, label=_("Key"))
    refuse_empty = frozenset({"token"})

    @property
    def token_given(self) -> bool:
        """Whether the address carries a token at all (right, wrong or unreadable)."""
        return "token" in self.data
