"""The finder: a situation described in free German text → the key processes and situations of
an edition that fit, ranked, with the reasons (the words that matched, the goals).

How it works (docs/guide.md, section "Finder"):

- **Index.** ``guide_index`` writes a *search document* for every situation (title, signs,
  description) and key process (title, purpose, step titles and aims, and the text of the
  situations that suggest it). A document is a bag of German search tokens
  (``veedel.core.textsearch``: Snowball stems, umlauts, "ae/oe/ue" and "ß" folded), space
  separated, in which a token is repeated by the weight of its field (a title word counts three
  times, a sign twice, a word of a description once), and compounds are split against the
  vocabulary of the edition: "Lärmbeschwerden" also stands for "Lärm" and "Beschwerde". The
  documents stay valid for ``textsearch.matching``.
- **Ranking.** BM25 over the tokens, per kind (situations, key processes). A query word
  matches a token of the edition exactly, as another form of the same word (one is the
  beginning of the other and they differ by at most three letters: "beschweren" ↔
  "Beschwerde"), as the beginning of a compound ("Spielplatz" → "Spielplatzkonflikt") or
  through its known parts ("Spielplatzkonflikt" → "Spielplatz", "Konflikt"); looser matches
  count less. A key process also scores through the situations that suggest it (0.8 × the
  best such situation's score).
- **Same on SQLite and PostgreSQL.** Tokens, documents and scores are computed in Python, in
  one place. The database stores the documents; the finder reads them once per edition and
  process into an in-memory inverted index, which it rebuilds when the edition's documents
  change (one small query per search checks a fingerprint). No ranking is left to the
  database, so the order is the same on both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from veedel.guide.finder.index import (
    EditionIndex,
    build_documents,
    edition_index,
    guide_index,
    rank,
)
from veedel.guide.finder.words import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    QueryTerm,
    query_terms,
    readable_part,
    split_compound,
)

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TERMS",
    "EditionIndex",
    "FinderResult",
    "Match",
    "MatchedTerm",
    "QueryTerm",
    "build_documents",
    "edition_index",
    "find",
    "guide_index",
    "query_terms",
    "rank",
    "split_compound",
]


@dataclass(frozen=True)
class MatchedTerm:
    word: str  # as the user wrote it
    part: str = ""  # the part of the word that matched, when it matched through a part

    def __str__(self):
        return f"{self.word} ({self.part})" if self.part else self.word


@dataclass
class Match:
    kind: str  # "process" or "situation"
    pk: int
    slug: str
    title: str
    summary: str
    score: float
    fit: int  # percent of the best result of its kind
    terms: list[MatchedTerm]
    goals: list[str]
    via: list[Match] = field(default_factory=list)  # situations a key process matched through


@dataclass
class FinderResult:
    text: str = ""
    processes: list[Match] = field(default_factory=list)
    situations: list[Match] = field(default_factory=list)
    terms: list[QueryTerm] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # words that occur nowhere in the edition
    message: str = ""
    capped: bool = False

    @property
    def found(self) -> bool:
        return bool(self.processes or self.situations)


def find(*, edition, text: str, limit: int = 10) -> FinderResult:
    """Ranked key processes and situations of ``edition`` for the free text ``text``."""
    text = (text or "").strip()
    result = FinderResult(text=text)
    terms, result.capped = query_terms(text)
    result.terms = terms
    if not terms:
        result.message = (
            _("Please describe the situation in a few words.")
            if not text
            else _(
                "Your text holds no words the finder can search for. Describe the situation "
                "with a few more words, for example who is affected, where, and what happens."
            )
        )
        return result
    ranking = rank(edition_index(edition), terms, limit)
    result.unknown = [terms[i].word for i in ranking.unknown]
    result.processes, result.situations = _load_matches(
        ranking.processes, ranking.situations, ranking, terms
    )
    if not result.found:
        result.message = _(
            "Nothing in this edition of the guide fits these words. Try other words, for "
            "example who is affected, where it happens, or what should change."
        )
    return result


def _matched_terms(positions, terms, parts_of) -> list[MatchedTerm]:
    matched = []
    for position in sorted(positions):
        term = terms[position]
        parts = parts_of[position]
        part = ", ".join(readable_part(term.word, p) for p in parts) if parts else ""
        matched.append(MatchedTerm(word=term.word, part=part))
    return matched


def _load_matches(top_processes, top_situations, ranking, terms):
    """The display rows of the best matches: one query for the processes, one for the
    situations, one each for their goals, however big the edition; plain values, no model
    instances (this runs on every search)."""
    from veedel.guide.models import KeyProcess, Situation

    process_ids = [hit.key for hit in top_processes]
    situation_ids = {hit.key for hit in top_situations}
    situation_ids.update(via.key for hit in top_processes for via in hit.via)
    process_rows = {
        row[0]: row
        for row in KeyProcess.objects.filter(pk__in=process_ids)
        .order_by()
        .values_list("pk", "slug", "title", "purpose")
    }
    situation_rows = {
        row[0]: row
        for row in Situation.objects.filter(pk__in=situation_ids)
        .order_by()
        .values_list("pk", "slug", "title", "description")
    }
    process_goals = _goal_names(KeyProcess.goals.through, "keyprocess_id", process_rows)
    situation_goals = _goal_names(Situation.goals.through, "situation_id", situation_rows)
    best_process = top_processes[0].score if top_processes else 1.0
    best_situation = top_situations[0].score if top_situations else 1.0

    def match(kind, hit, row, goals, best, via=()):
        pk, slug, title, text = row
        return Match(
            kind=kind,
            pk=pk,
            slug=slug,
            title=title,
            summary=_summary(text),
            score=round(hit.score, 2),
            fit=max(1, round(100 * hit.score / best)),
            terms=_matched_terms(hit.positions, terms, ranking.parts_of),
            goals=goals.get(pk, []),
            via=list(via),
        )

    def situation_match(hit):
        return match("situation", hit, situation_rows[hit.key], situation_goals, best_situation)

    processes = []
    for hit in top_processes:
        row = process_rows.get(hit.key)
        if row is None:  # deleted since the index was read
            continue
        via = [situation_match(v) for v in hit.via if v.key in situation_rows]
        processes.append(match("process", hit, row, process_goals, best_process, via))
    situations = [situation_match(hit) for hit in top_situations if hit.key in situation_rows]
    return processes, situations


def _goal_names(through, column: str, rows) -> dict:
    """Goal names per record, in the goals' order."""
    names: dict = {}
    if not rows:
        return names
    for key, name in (
        through.objects.filter(**{f"{column}__in": list(rows)})
        .order_by("goal__order", "goal_id")
        .values_list(column, "goal__name")
    ):
        names.setdefault(key, []).append(name)
    return names


def _summary(text: str, length: int = 220) -> str:
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + " …"
