"""German full-text search that behaves the same on SQLite and PostgreSQL.

Texts are reduced to search tokens in Python: lower case, German Snowball stems (which also
fold umlauts: "Mülheim", "Muelheim" and "Mulheim" all become "mulheim"; "ß" becomes "ss").
A record keeps its tokens in a text column (its *search document*). A query matches when
every query token starts a token of the document, so "Sprachkurs" finds "Sprachkurse" and
a word's beginning finds compounds that start with it.

On PostgreSQL the document is matched with ``to_tsvector('simple', …) @@ to_tsquery(…)`` and a
GIN index; on SQLite with ``LIKE`` on the space-separated tokens. Both give the same set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import snowballstemmer
from django.db.models import Case, FloatField, Lookup, Q, QuerySet, TextField, Value, When

_stemmer = snowballstemmer.stemmer("german")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_QUERY_TOKENS = 12
# Function words that say nothing about a text; left out of documents and queries alike.
STOPWORDS = frozenset(
    """
    aber alle als also am an auch auf aus bei beim bin bis bitte da damit dann das dass dem den
    der des die dies diese dieser doch dort du durch ein eine einem einen einer eines er es für
    fur gibt hat hier ich ihr im in ist ja jede kann kein man mehr mit nach nicht noch nur ob
    oder ohne sehr sich sie sind so über uber um und uns unter vom von vor war was wie wir wird
    wo zu zum zur
    """.split()
)


_UMLAUTS = frozenset("äöü")


def _fold(word: str) -> str:
    # Letters with accents other than umlauts (é, ç, ğ …) lose them before stemming, so that
    # "Sprachcafé" and "Sprachcafe" give one token; umlauts go to the stemmer, which knows them.
    return "".join(
        c
        if c in _UMLAUTS
        else "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d))
        for c in word
    )


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return _fold(_stemmer.stemWord(_fold(word.replace("ß", "ss"))))


def tokens(text: str) -> list[str]:
    """Search tokens of a text, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in _WORD.findall((text or "").lower()):
        if word in STOPWORDS:
            continue
        stem = _stem(word)
        if stem:
            seen.setdefault(stem)
    return list(seen)


def document(*texts: str, facets: Iterable[str] = ()) -> str:
    """The search document of a record: its tokens, space-separated, with a leading space,
    followed by its ``facets`` (see ``facet``)."""
    words: dict[str, None] = {}
    for text in texts:
        for token in tokens(text):
            words.setdefault(token)
    for token in facets:
        words.setdefault(token)
    return " " + " ".join(words) + " " if words else ""


def facet(kind: str, value: object) -> str:
    """A filter token such as ``/t/3f2a…`` (a taxonomy term) or ``/f/free``.

    Facets let one index answer words and filters together: on PostgreSQL a search for
    "Beratung" among free offers of one topic is a single GIN lookup that intersects three
    posting lists, instead of collecting every "Beratung" and every offer of the topic and
    joining them, which grows with the data. A facet starts with "/" so that no search word
    (letters and digits only) can ever match it, not even as a beginning; PostgreSQL's parser
    keeps such a token whole (as a path), and ``LIKE`` on SQLite sees it as one word.
    ``kind`` and ``value`` must be letters and digits.
    """
    text = str(value).lower()
    if not (_FACET_PART.fullmatch(kind) and _FACET_PART.fullmatch(text)):
        raise ValueError(f"facet parts must be letters and digits: {kind!r}, {value!r}")
    return f"/{kind}/{text}"


_FACET_PART = re.compile(r"[a-z0-9]+")


def query_tokens(text: str) -> list[str]:
    return tokens(text)[:MAX_QUERY_TOKENS]


class PrefixMatch(Lookup):
    """``field__prefix_match=tsquery`` on PostgreSQL: the document holds every query token as
    the beginning of one of its tokens. Written as a lookup so that Django names the column
    (with the right table alias, also inside subqueries); the GIN index on
    ``to_tsvector('simple', search_document)`` serves it."""

    lookup_name = "prefix_match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return (
            f"to_tsvector('simple', {lhs}) @@ to_tsquery('simple', {rhs})",
            (*lhs_params, *rhs_params),
        )


TextField.register_lookup(PrefixMatch)


# A query is a list of groups: each group is one word of the query (or a phrase a thesaurus
# knows) with its alternatives; an alternative is a tuple of tokens that must all match.
Alternative = tuple[str, ...]
Group = tuple[Alternative, ...]
# Synonyms: a phrase (its tokens) -> the phrases that mean the same (see ``thesaurus``).
Thesaurus = Mapping[Alternative, Sequence[Alternative]]
MAX_PHRASE = 3


def thesaurus(groups: Iterable[Iterable[str]]) -> dict[Alternative, list[Alternative]]:
    """A thesaurus from groups of words or phrases that mean the same ("Kita",
    "Kindertagesstätte"): every phrase of a group stands for all of them. A phrase in several
    groups stands for the phrases of each."""
    found: dict[Alternative, dict[Alternative, None]] = {}
    for group in groups:
        phrases = [p for p in (tuple(tokens(text))[:MAX_PHRASE] for text in group) if p]
        for phrase in phrases:
            alternatives = found.setdefault(phrase, {})
            for other in phrases:
                alternatives.setdefault(other)
    return {phrase: list(alternatives) for phrase, alternatives in found.items()}


def query_groups(text: str | Sequence[Group], synonyms: Thesaurus | None = None) -> list[Group]:
    """The groups of a query text: each word (or the longest phrase ``synonyms`` knows) with
    the phrases that mean the same. Groups pass through unchanged."""
    if not isinstance(text, str):
        return list(text)
    wanted = query_tokens(text)
    groups: list[Group] = []
    index = 0
    while index < len(wanted):
        for length in range(min(MAX_PHRASE, len(wanted) - index), 0, -1):
            phrase = tuple(wanted[index : index + length])
            if synonyms and phrase in synonyms:
                alternatives = dict.fromkeys((phrase, *synonyms[phrase]))
                groups.append(tuple(alternatives))
                index += length
                break
        else:
            groups.append(((wanted[index],),))
            index += 1
    return groups


def matching(
    queryset: QuerySet,
    column: str,
    text: str | Sequence[Group],
    facets: Sequence[Sequence[str]] = (),
    synonyms: Thesaurus | None = None,
) -> QuerySet:
    """Keep the records whose search document (in ``column``) matches every word of the
    query (one of its alternatives, each token as the beginning of a document token) and, for
    each group in ``facets``, holds at least one of its facets.

    ``column`` is the field name; an empty query without facets keeps everything, an empty
    facet group keeps nothing.
    """
    wanted = query_groups(text, synonyms)
    groups = [list(group) for group in facets]
    if not wanted and not groups:
        return queryset
    if any(not group for group in groups):
        return queryset.none()
    if _vendor(queryset) == "postgresql":
        parts = [_ts_word(word, whole=False) for word in wanted]
        return _ts_filter(queryset, column, parts, groups)
    return queryset.filter(_words(column, wanted) & _facets(column, groups))


def _words(column: str, wanted: Sequence[Group]) -> Q:
    """Every word (one of its alternatives) as the beginning of a token, tested on the text."""
    condition = Q()
    for word in wanted:
        condition &= _either(column, word, whole=False)
    return condition


def _facets(column: str, groups: Sequence[Sequence[str]]) -> Q:
    """One facet of each group, tested on the text."""
    condition = Q()
    for group in groups:
        either = Q()
        for token in group:
            either |= Q(**{f"{column}__contains": f" {token} "})
        condition &= either
    return condition


@dataclass(frozen=True)
class Tier:
    """The records of one rank, two ways.

    ``indexed`` finds them through the search index (on PostgreSQL the GIN index, where
    ``!`` for "not as a whole word" is decided too): for counting and for sorting few.
    ``condition`` tests one record's document (``LIKE``; the same set) and ``queryset`` is
    what it is tested on: for walking an index in the list's order when a tier is large,
    where testing records one by one until a page is full beats collecting every match.
    """

    indexed: QuerySet
    queryset: QuerySet
    condition: Q


# Queries with more words are not split into rank tiers (``rank_tiers``): their tiers would
# be many, and all their words together match few records anyway.
MAX_TIER_WORDS = 3


def rank_tiers(
    queryset: QuerySet,
    column: str,
    text: str | Sequence[Group],
    facets: Sequence[Sequence[str]] = (),
    synonyms: Thesaurus | None = None,
) -> list[Tier] | None:
    """The matches of ``matching`` split by their ``rank``, best first: a ``Tier`` for each
    rank from the number of words down to 0.

    Without words, one tier: the records holding the facets (or all of them, a list that is
    not ordered by rank). None when the
    query has more than ``MAX_TIER_WORDS`` words.
    """
    wanted = query_groups(text, synonyms)
    groups = [list(group) for group in facets]
    if len(wanted) > MAX_TIER_WORDS or any(not group for group in groups):
        return None
    postgresql = _vendor(queryset) == "postgresql"
    facet_q = _facets(column, groups)
    tiers = []
    for rank in range(len(wanted), -1, -1):
        subsets = list(combinations(range(len(wanted)), rank))
        scan = Q()
        for whole in subsets:
            every = Q()
            for index, word in enumerate(wanted):
                whole_word = _either(column, word, whole=True)
                if index in whole:
                    every &= whole_word
                else:
                    every &= _either(column, word, whole=False) & ~whole_word
            scan |= every
        if not wanted:  # one tier: the facets' matches, or everything
            indexed = matching(queryset, column, [], groups)
        elif postgresql:
            tier = " | ".join(
                "("
                + " & ".join(
                    _ts_word(word, whole=True)
                    if index in whole
                    else f"{_ts_word(word, whole=False)} & !{_ts_word(word, whole=True)}"
                    for index, word in enumerate(wanted)
                )
                + ")"
                for whole in subsets
            )
            indexed = _ts_filter(queryset, column, [f"({tier})"], groups)
        else:
            indexed = queryset.filter(scan & facet_q)
        tiers.append(Tier(indexed=indexed, queryset=queryset, condition=scan & facet_q))
    return tiers


def matching_tier(
    queryset: QuerySet,
    column: str,
    text: str | Sequence[Group],
    facets: Sequence[Sequence[str]] = (),
    synonyms: Thesaurus | None = None,
) -> Tier:
    """The matches of ``matching`` as one ``Tier``, in the queryset's order (a list sorted by
    something else than rank): read along that order's index when there are many."""
    wanted = query_groups(text, synonyms)
    groups = [list(group) for group in facets]
    return Tier(
        indexed=matching(queryset, column, wanted, groups),
        queryset=queryset,
        condition=_words(column, wanted) & _facets(column, groups),
    )


def _ts_filter(
    queryset: QuerySet, column: str, words: list[str], groups: Sequence[Sequence[str]]
) -> QuerySet:
    """The records whose document matches all of ``words`` (tsquery parts) and one facet of
    each group, through the GIN index (PostgreSQL)."""
    parts = words + ["(" + " | ".join(_ts_escape(f) for f in group) + ")" for group in groups]
    return queryset.filter(**{f"{column}__prefix_match": " & ".join(parts)})


def _ts_word(word: Group, *, whole: bool) -> str:
    """One word of a query as a tsquery: one of its alternatives, each token as a beginning
    (``:*``) or ``whole``."""
    end = "" if whole else ":*"
    return (
        "("
        + " | ".join("(" + " & ".join(f"{_ts_escape(t)}{end}" for t in alt) + ")" for alt in word)
        + ")"
    )


def _either(column: str, word: Group, *, whole: bool) -> Q:
    """One of the alternatives of a word, each token as a beginning (or ``whole``)."""
    end = " " if whole else ""
    either = Q()
    for alternative in word:
        every = Q()
        for token in alternative:
            every &= Q(**{f"{column}__contains": f" {token}{end}"})
        either |= every
    return either


def rank(
    queryset: QuerySet,
    column: str,
    text: str | Sequence[Group],
    synonyms: Thesaurus | None = None,
) -> QuerySet:
    """Annotate ``search_rank`` (higher is better): the number of query words that match as
    whole document tokens (in one of their alternatives), so exact words rank above mere
    beginnings."""
    wanted = query_groups(text, synonyms)
    if not wanted:
        return queryset
    score = sum(
        (
            Case(
                When(_either(column, word, whole=True), then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
            for word in wanted
        ),
        start=Value(0.0, output_field=FloatField()),
    )
    return queryset.annotate(search_rank=score)


def _vendor(queryset: QuerySet) -> str:
    from django.db import connections

    return connections[queryset.db].vendor


def _ts_escape(token: str) -> str:
    # Words are letters and digits only (see _WORD), facets add "/"; quote them anyway.
    return "'" + token.replace("'", "").replace("\\", "") + "'"
