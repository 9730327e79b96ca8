"""What to change when the directory finds nothing: each suggestion is a link that finds offers.

Three kinds, tried in this order, each counted before it is offered (a suggestion that would
find nothing again is left out):

1. drop one filter ("ohne „Zielgruppe: Erwachsene“");
2. a neighbouring area: the other quarters of the chosen quarter's district;
3. other words: each word alone when there are several, and for a word the directory does not
   know, the closest known word (topic and target-group names, synonyms, quarter names).

Only an empty result asks for suggestions, and they cost a bounded number of count queries
(at most ``MAX_COUNTED``), whatever the size of the directory.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from veedel.core import textsearch
from veedel.offers.filters import NEAR_RADII_KM, Choices, DirectoryFilters, offers_filtered
from veedel.offers.models import Synonym, Weekday

MAX_COUNTED = 8
MAX_SHOWN = 5
MAX_NEIGHBOURS = 3


@dataclass(frozen=True)
class Suggestion:
    label: str
    query: str  # the query string of the directory
    count: int


def _filter_labels(filters: DirectoryFilters, choices: Choices) -> list[tuple[str, dict]]:
    """(what the filter says, the changes that drop it) for each filter set."""
    found = []
    if filters.topic is not None:
        found.append(
            (f"{_('Topic field')}: {filters.topic.name}", {"topic": None, "topic_ids": []})
        )
    if filters.target_group is not None:
        found.append(
            (
                f"{_('Target group')}: {filters.target_group.name}",
                {"target_group": None, "target_group_ids": []},
            )
        )
    if filters.age is not None:
        found.append((f"{_('Age in years')}: {filters.age}", {"age": None}))
    if filters.language:
        label = dict(choices.languages).get(filters.language, filters.language)
        found.append((f"{_('Language')}: {label}", {"language": ""}))
    if filters.social_space is not None:
        found.append((f"{_('Social space')}: {filters.social_space.name}", {"social_space": None}))
    if filters.quarter is not None:
        found.append((f"{_('Quarter')}: {filters.quarter.name}", {"quarter": None}))
    if filters.weekday:
        found.append((f"{_('Weekday')}: {Weekday(filters.weekday).label}", {"weekday": ""}))
    if filters.open_now:
        found.append((_("Open now"), {"open_now": False}))
    if filters.free:
        found.append((_("Free of charge"), {"free": False}))
    if filters.barrier_free:
        found.append((_("Barrier-free"), {"barrier_free": False}))
    return found


def _vocabulary(choices: Choices) -> list[str]:
    """Known words, as they are written, for "did you mean"."""
    words = [t.name for t in (*choices.topics, *choices.target_groups)]
    for group in Synonym.objects.values_list("words", flat=True):
        words += [w.strip() for w in group.split(",")]
    words += [q.name for q in choices.quarters]
    known: dict[str, None] = {}
    for text in words:
        for word in text.replace("/", " ").split():
            if len(word) > 3:
                known.setdefault(word)
    return list(known)


def suggestions(
    filters: DirectoryFilters, choices: Choices, *, now: datetime.datetime
) -> list[Suggestion]:
    """Up to ``MAX_SHOWN`` changes of ``filters`` that find offers, best first."""
    candidates: list[tuple[str, DirectoryFilters]] = []
    for label, changes in _filter_labels(filters, choices):
        candidates.append(
            (
                _("without “%(filter)s”") % {"filter": label},
                dataclasses.replace(filters, **changes),
            )
        )
    if filters.quarter is not None:
        district_id = filters.quarter.district_id
        neighbours = [
            q for q in choices.quarters if q.district_id == district_id and q != filters.quarter
        ]
        for quarter in neighbours:
            candidates.append(
                (
                    _("in the neighbouring quarter %(quarter)s") % {"quarter": quarter.name},
                    dataclasses.replace(filters, quarter=quarter),
                )
            )
    if filters.origin is not None and filters.radius_km < max(NEAR_RADII_KM):
        wider = max(NEAR_RADII_KM)
        candidates.append(
            (
                _("within %(km)s km") % {"km": wider},
                dataclasses.replace(filters, radius_km=wider),
            )
        )
    words = filters.q.split()
    if len(words) > 1:
        for word in words:
            candidates.append(
                (
                    _("only the word “%(word)s”") % {"word": word},
                    dataclasses.replace(filters, q=word),
                )
            )
    if words:
        vocabulary = _vocabulary(choices)
        lowered = {w.lower(): w for w in vocabulary}
        for index, word in enumerate(words):
            if word.lower() in lowered or not textsearch.tokens(word):
                continue
            for close in difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.75):
                replaced = [*words[:index], lowered[close], *words[index + 1 :]]
                candidates.append(
                    (
                        _("“%(word)s” instead of “%(typed)s”")
                        % {"word": lowered[close], "typed": word},
                        dataclasses.replace(filters, q=" ".join(replaced)),
                    )
                )
    found: list[Suggestion] = []
    counted = 0
    neighbours_shown = 0
    for label, changed in candidates:
        if counted >= MAX_COUNTED or len(found) >= MAX_SHOWN:
            break
        is_neighbour = changed.quarter is not None and changed.quarter != filters.quarter
        if is_neighbour and neighbours_shown >= MAX_NEIGHBOURS:
            continue
        counted += 1
        count = offers_filtered(changed, now=now).count()
        if count:
            neighbours_shown += is_neighbour
            found.append(Suggestion(label=label, query=changed.querystring(), count=count))
    return found
