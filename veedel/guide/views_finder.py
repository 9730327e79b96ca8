"""The finder page: describe a situation in your own words, get the key processes and
situations of an edition that fit, ranked, each with why ("Warum?").

``/leitfaden/finden/`` searches the current published edition, ``/leitfaden/<edition>/finden/``
one edition (a draft only for those who may read it; for everybody else it does not exist).
A plain GET form: it works without JavaScript, and a search has an address one can share.
"""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from veedel.guide import finder as engine
from veedel.guide import workflow
from veedel.guide.forms import FinderQuery
from veedel.guide.models import Edition
from veedel.guide.views import edition_context, get_edition


@require_GET
def finder(request, edition_slug=None):
    """The finder in the current edition, or in ``edition_slug``."""
    current = Edition.objects.current()
    if edition_slug is None:
        edition = current
        if edition is None:
            return render(
                request,
                "guide/edition_none.html",
                {"may": workflow.allowed(request.user)},
            )
    else:
        edition = get_edition(request, edition_slug)
    query = FinderQuery.read(request)
    text = query.text
    result = engine.find(edition=edition, text=text) if query.searched else None
    if result is not None:
        _dress(result, edition)
    context = edition_context(request, edition, current)
    context.update(
        text=text,
        result=result,
        max_chars=engine.MAX_QUERY_CHARS,
        labels={
            "why": _("Why?"),
            "words": _("Matching words"),
            "none_directly": _("none directly"),
            "via": _("Suggested by the situations"),
            "goals": _("Goals"),
            "no_goals": _("none given"),
        },
    )
    return render(request, "guide/finder.html", context)


def _dress(result, edition) -> None:
    """Addresses and "fit" labels of the matches: each address reversed once per page and
    kind, not once per match (slugs are safe in a path as they are)."""
    marker = "--slug--"
    process_url = reverse("guide:process", args=[edition.slug, marker])
    situation_url = reverse("guide:situation", args=[edition.slug, marker])
    fit = _("Fit: %(fit)s %% of the best result")
    situations = [*result.situations, *(v for m in result.processes for v in m.via)]
    for match in result.processes:
        match.url = process_url.replace(marker, match.slug)
        match.fit_label = fit % {"fit": match.fit}
    for match in situations:
        match.url = situation_url.replace(marker, match.slug)
        match.fit_label = fit % {"fit": match.fit}
