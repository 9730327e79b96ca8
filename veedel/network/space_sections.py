"""The networks' part of the social-space page (registered in NetworkConfig.ready): the next
public meetings of the networks working in the area, the way residents can take part. A
network counts for the area when its own area shares a quarter with it, so that networks
founded for an earlier outline of the area still show. Two queries, whatever the data."""

from __future__ import annotations

from django.utils import timezone

from veedel.areas.contributions import social_space_sections
from veedel.areas.models import SocialSpaceQuarter
from veedel.network.models import Meeting, Network

SHOWN = 5


def _meetings(request, *, space):
    quarters = SocialSpaceQuarter.objects.filter(social_space=space).values("quarter_id")
    sharing = SocialSpaceQuarter.objects.filter(quarter_id__in=quarters).values("social_space_id")
    networks = Network.objects.public().filter(social_space_id__in=sharing)
    upcoming = list(
        Meeting.objects.public()
        .filter(network__in=networks, start__gte=timezone.now())
        .select_related("network")
        .only("id", "start", "place", "network__name", "network__slug")
        .order_by("start", "pk")[:SHOWN]
    )
    return {
        "space": space,
        "meetings": [{"meeting": m, "start": timezone.localtime(m.start)} for m in upcoming],
        "networks": networks.count(),
    }


def register() -> None:
    social_space_sections.add(
        key="network-meetings",
        order=30,
        template="network/_social_space_meetings.html",
        context=_meetings,
    )
