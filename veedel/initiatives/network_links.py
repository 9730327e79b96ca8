"""Initiatives in the network view of a social space (``veedel.network.graph``): actors named
together in an initiative are linked, as a second kind of link. Registered in
``InitiativesConfig.ready``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from veedel.initiatives.models import Initiative
from veedel.network.contributions import Linked, LinkSource, link_sources


def participations(*, space, user, actors) -> list:
    """``(actor, Linked)`` for the initiatives of ``space`` and the actors the viewer may see:
    published initiatives for everybody, all of them for the office, its provider and the
    programme office (as initiatives.view_initiative). One query."""
    through = Initiative.actors.through
    rows = (
        through.objects.filter(
            initiative__in=Initiative.objects.visible_to(user).filter(social_space=space),
            actor__in=actors,
        )
        .select_related("actor__office", "initiative__office")
        .order_by("initiative__title", "actor__name")
    )
    return [
        (
            row.actor,
            Linked(
                pk=row.initiative.pk,
                title=row.initiative.title,
                url=row.initiative.get_absolute_url(),
            ),
        )
        for row in rows
        if user.has_perm("initiatives.view_initiative", row.initiative)
        and user.has_perm("network.view_actor", row.actor)
    ]


def describe(a: str, b: str, n: int) -> str:
    return ngettext(
        "%(a)s and %(b)s share %(n)d initiative",
        "%(a)s and %(b)s share %(n)d initiatives",
        n,
    ) % {"a": a, "b": b, "n": n}


def more(space) -> tuple[str, str]:
    return reverse("initiatives:space", args=[space.slug]), _("Initiatives in this social space")


def register() -> None:
    link_sources.add(
        LinkSource(
            key="initiative",
            order=10,
            participations=participations,
            describe=describe,
            column=_("Initiatives"),
            summary=_("All links through initiatives"),
            caption=_("Pairs of actors and the number of initiatives they share"),
            count_heading=_("Shared initiatives"),
            legend=_("Dashed lines link actors who take part in the same initiative."),
            basis_public=_("Links through initiatives: published initiatives only."),
            basis_viewer=_("Links through initiatives: the initiatives you may see."),
            more=more,
        )
    )
