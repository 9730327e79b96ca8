"""The initiatives' part of the social-space page (registered in InitiativesConfig.ready):
the published initiatives of the area, newest first. Two queries, whatever the data."""

from __future__ import annotations

from veedel.areas.contributions import social_space_sections
from veedel.initiatives.models import Initiative

SHOWN = 5


def _initiatives(request, *, space):
    published = Initiative.objects.public().filter(social_space=space)
    shown = list(
        published.only("id", "title", "summary", "start").order_by("-start", "title")[:SHOWN]
    )
    return {"space": space, "initiatives": shown, "total": published.count()}


def register() -> None:
    social_space_sections.add(
        key="initiatives-published",
        order=25,
        template="initiatives/_social_space_initiatives.html",
        context=_initiatives,
    )
