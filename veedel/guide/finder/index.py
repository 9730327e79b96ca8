"""The finder's index: search documents (written to the database by ``guide_index``) and the
in-memory inverted index built from them, with BM25 ranking.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from django.db import connections, router
from django.utils import timezone

from veedel.guide.finder.words import MIN_PART, split_compound, weighted_tokens

# Field weights: how often a token of the field is written into the document.
WEIGHT_TITLE = 3
WEIGHT_SIGNS = 2
WEIGHT_PURPOSE = 2
WEIGHT_STEP_TITLE = 2
WEIGHT_TEXT = 1

# How much a looser match counts against an exact one.
FACTOR_EXACT = 1.0
FACTOR_FORM = 0.85  # another form of the word ("beschweren" ↔ "Beschwerde")
FACTOR_HEAD = 0.6  # the word begins a longer compound ("Spielplatz" → "Spielplatzkonflikt")
FACTOR_PART = 0.7  # a part of the query word ("Spielplatzkonflikt" → "Konflikt")
FACTOR_PART_ALSO = 0.4  # a part, when the whole query word occurs in the edition too
PROPAGATION = 0.8  # share of the best suggesting situation's score a key process gets

BM25_K1 = 1.2
BM25_B = 0.75


def _counts_document(counts: dict[str, int]) -> str:
    """A search document: the tokens, each repeated by its weight (first seen first)."""
    if not counts:
        return ""
    return " " + " ".join(" ".join([token] * n) for token, n in counts.items()) + " "


def _parse_document(document: str) -> dict[str, int]:
    return Counter(document.split())


def build_documents(
    situations: list[dict], processes: list[dict]
) -> tuple[dict[object, str], dict[object, str]]:
    """The search documents of situations and key processes, from their texts.

    ``situations``: dicts with ``key``, ``title``, ``description``, ``signs`` and
    ``processes`` (keys of the key processes it suggests); ``processes``: dicts with ``key``,
    ``title``, ``purpose``, ``steps`` (list of (title, aim)). Pure Python, no database: the
    tests use it as the reference the stored documents must equal.
    """
    sit_counts: dict[object, dict[str, int]] = {}
    for s in situations:
        counts: dict[str, int] = {}
        weighted_tokens(s["title"], WEIGHT_TITLE, counts)
        weighted_tokens(s["signs"], WEIGHT_SIGNS, counts)
        weighted_tokens(s["description"], WEIGHT_TEXT, counts)
        sit_counts[s["key"]] = counts
    suggested_by: dict[object, list[dict]] = defaultdict(list)
    for s in situations:
        for key in s["processes"]:
            suggested_by[key].append(s)
    proc_counts: dict[object, dict[str, int]] = {}
    for p in processes:
        counts = {}
        weighted_tokens(p["title"], WEIGHT_TITLE, counts)
        weighted_tokens(p["purpose"], WEIGHT_PURPOSE, counts)
        for title, *texts in p["steps"]:
            weighted_tokens(title, WEIGHT_STEP_TITLE, counts)
            for text in texts:
                weighted_tokens(text, WEIGHT_TEXT, counts)
        for s in suggested_by.get(p["key"], ()):
            weighted_tokens(s["title"], WEIGHT_TEXT, counts)
            weighted_tokens(s["signs"], WEIGHT_TEXT, counts)
        proc_counts[p["key"]] = counts

    vocabulary = set()
    for counts in (*sit_counts.values(), *proc_counts.values()):
        vocabulary.update(counts)
    parts_of = {}
    for token in sorted(vocabulary):
        parts = split_compound(token, vocabulary, lenient=True)
        if parts:
            parts_of[token] = parts

    def with_parts(counts):
        result = dict(counts)
        for token, n in counts.items():
            for part in parts_of.get(token, ()):
                if part not in counts:  # the part on its own is counted already
                    result[part] = result.get(part, 0) + n
        return _counts_document(result)

    return (
        {key: with_parts(c) for key, c in sit_counts.items()},
        {key: with_parts(c) for key, c in proc_counts.items()},
    )


def guide_index(*, edition) -> None:
    """Recompute the search documents of the edition's situations and key processes.

    Writes only documents that changed; when any did, the edition's ``modified`` moves on,
    which tells every process to rebuild its in-memory index of the edition.
    """
    from veedel.guide.models import Edition, KeyProcess, ProcessStep, Situation

    situations = list(Situation.objects.filter(edition=edition).order_by("pk"))
    processes = list(KeyProcess.objects.filter(edition=edition).order_by("pk"))
    links = defaultdict(list)
    for situation_id, process_id in Situation.key_processes.through.objects.filter(
        situation__edition=edition
    ).values_list("situation_id", "keyprocess_id"):
        links[situation_id].append(process_id)
    steps = defaultdict(list)
    for process_id, title, aim in (
        ProcessStep.objects.filter(key_process__edition=edition)
        .order_by("key_process_id", "order")
        .values_list("key_process_id", "title", "aim")
    ):
        steps[process_id].append((title, aim))
    sit_docs, proc_docs = build_documents(
        [
            {
                "key": s.pk,
                "title": s.title,
                "description": s.description,
                "signs": s.signs,
                "processes": links[s.pk],
            }
            for s in situations
        ],
        [
            {"key": p.pk, "title": p.title, "purpose": p.purpose, "steps": steps[p.pk]}
            for p in processes
        ],
    )
    changed_situations = [s for s in situations if s.search_document != sit_docs[s.pk]]
    for s in changed_situations:
        s.search_document = sit_docs[s.pk]
    changed_processes = [p for p in processes if p.search_document != proc_docs[p.pk]]
    for p in changed_processes:
        p.search_document = proc_docs[p.pk]
    Situation.objects.bulk_update(changed_situations, ["search_document"], batch_size=500)
    KeyProcess.objects.bulk_update(changed_processes, ["search_document"], batch_size=500)
    if changed_situations or changed_processes:
        now = timezone.now()
        Edition.objects.filter(pk=edition.pk).update(modified=now)
        edition.modified = now


class _KindIndex:
    """Inverted index of one kind of record (situations or key processes) of an edition.

    Per token it keeps the records that hold it and their BM25 term weight
    ``tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / average length))`` as numpy arrays, so
    that a search costs a few vector operations per matched token, whatever the edition's size.
    """

    def __init__(self, rows: list[tuple[object, str, str]]):
        """``rows``: (key, slug, search document) of every record."""
        self.keys = [key for key, _slug, _doc in rows]
        self.slugs = [slug for _key, slug, _doc in rows]
        self.n = len(rows)
        # Position of each record in slug order: ties are broken by slug.
        self.slug_order = np.empty(self.n, dtype=np.int64)
        self.slug_order[sorted(range(self.n), key=self.slugs.__getitem__)] = np.arange(self.n)
        records: dict[str, list[int]] = defaultdict(list)
        counts: dict[str, list[int]] = defaultdict(list)
        lengths = np.zeros(self.n)
        for i, (_key, _slug, document) in enumerate(rows):
            tokens = _parse_document(document or "")
            lengths[i] = sum(tokens.values())
            for token, n in tokens.items():
                records[token].append(i)
                counts[token].append(n)
        average = float(lengths.mean()) if self.n and lengths.any() else 1.0
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / average)
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for token, where in records.items():
            at = np.array(where, dtype=np.int64)
            tf = np.array(counts[token], dtype=np.float64)
            self.postings[token] = (at, tf * (BM25_K1 + 1) / (tf + norm[at]))

    def idf(self, token: str) -> float:
        postings = self.postings.get(token)
        df = len(postings[0]) if postings else 0
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def scores(self, expansions: list[list[tuple[str, float]]]) -> tuple[np.ndarray, np.ndarray]:
        """The score of every record, and which query terms (rows) matched which record."""
        total = np.zeros(self.n)
        matched = np.zeros((len(expansions), self.n), dtype=bool)
        for position, options in enumerate(expansions):
            best = None
            for token, factor in options:
                postings = self.postings.get(token)
                if postings is None:
                    continue
                at, weight = postings
                if best is None:
                    best = np.zeros(self.n)
                best[at] = np.maximum(best[at], factor * self.idf(token) * weight)
            if best is not None:
                total += best
                matched[position] = best > 0
        return total, matched

    def order(self, scores: np.ndarray) -> np.ndarray:
        """Indexes of the records with a score above 0, best first, ties by slug."""
        hits = np.flatnonzero(scores > 0)
        # Rounded so that sums taken in another order cannot swap near-equal scores.
        keys = (self.slug_order[hits], -np.round(scores[hits], 9))
        return hits[np.lexsort(keys)]


class EditionIndex:
    """What the finder knows of one edition: both inverted indexes, the vocabulary and the
    links from situations to the key processes they suggest."""

    def __init__(self, situations, processes, links):
        self.situations = _KindIndex(situations)
        self.processes = _KindIndex(processes)
        self.vocabulary = set(self.situations.postings) | set(self.processes.postings)
        self.sorted_vocabulary = sorted(self.vocabulary)
        situation_at = {key: i for i, key in enumerate(self.situations.keys)}
        process_at = {key: i for i, key in enumerate(self.processes.keys)}
        pairs = sorted(
            (situation_at[s], process_at[p])
            for s, p in links
            if s in situation_at and p in process_at
        )
        self.link_situations = np.array([s for s, _p in pairs], dtype=np.int64)
        self.link_processes = np.array([p for _s, p in pairs], dtype=np.int64)
        self.situations_of: dict[int, list[int]] = defaultdict(list)
        for s, p in pairs:
            self.situations_of[p].append(s)

    def expand(self, stem: str) -> tuple[list[tuple[str, float]], list[str]]:
        """The tokens of the edition a query token stands for, each with its factor, and the
        parts it was split into (empty unless the match went through parts)."""
        return _expand(self, stem)


def _expand(index: EditionIndex, stem: str):
    options: dict[str, float] = {}

    def offer(token, factor):
        if factor > options.get(token, 0.0):
            options[token] = factor

    vocabulary = index.vocabulary
    if stem in vocabulary:
        offer(stem, FACTOR_EXACT)
    if len(stem) >= 4:
        # Tokens that begin with the query token: other forms, or compounds it begins.
        words = index.sorted_vocabulary
        i = bisect.bisect_left(words, stem)
        while i < len(words) and words[i].startswith(stem):
            token = words[i]
            if token != stem:
                offer(token, FACTOR_FORM if len(token) - len(stem) <= 3 else FACTOR_HEAD)
            i += 1
        # Tokens the query token begins with ("beschwerd" → "beschw").
        for cut in range(max(4, len(stem) - 3), len(stem)):
            if stem[:cut] in vocabulary:
                offer(stem[:cut], FACTOR_FORM)
    parts: list[str] = []
    if len(stem) >= 2 * MIN_PART - 1:
        # Lenient: a known part counts even when the other part is unknown ("Jugendforum").
        parts = [p for p in split_compound(stem, vocabulary, lenient=True) if p in vocabulary]
        factor = FACTOR_PART_ALSO if stem in vocabulary else FACTOR_PART
        for part in parts:
            offer(part, factor)
    # The parts are named on the page only when the whole word does not occur in the edition.
    return sorted(options.items()), ([] if stem in vocabulary else parts)


_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 8
_LOCK = threading.Lock()


def _fingerprint(edition) -> tuple:
    """One query: what changes whenever the edition's search documents or links change.

    ``guide_index`` moves the edition's ``modified`` on whenever it writes a document; the
    numbers and highest keys of the records and links catch additions and deletions made
    without it. (No sums over the documents: they would read every document.) Plain SQL that
    both databases understand, built once: this runs before every search."""
    from veedel.guide.models import Edition

    db = router.db_for_read(Edition)
    with connections[db].cursor() as cursor:
        cursor.execute(_fingerprint_sql(), [edition.pk] * 6)
        row = cursor.fetchone()
    return (connections[db].settings_dict.get("NAME"), edition.pk, row)


@lru_cache(maxsize=1)
def _fingerprint_sql() -> str:
    from veedel.guide.models import Edition, KeyProcess, Situation

    edition = Edition._meta.db_table
    situation = Situation._meta.db_table
    process = KeyProcess._meta.db_table
    links = Situation.key_processes.through._meta.db_table
    return (
        f"SELECT (SELECT modified FROM {edition} WHERE id = %s), "
        f"(SELECT COUNT(*) FROM {situation} WHERE edition_id = %s), "
        f"(SELECT MAX(id) FROM {situation} WHERE edition_id = %s), "
        f"(SELECT COUNT(*) FROM {process} WHERE edition_id = %s), "
        f"(SELECT MAX(id) FROM {process} WHERE edition_id = %s), "
        f"(SELECT COUNT(*) FROM {links} l JOIN {situation} s ON s.id = l.situation_id "
        f"WHERE s.edition_id = %s)"
    )


def edition_index(edition) -> EditionIndex:
    """The in-memory index of ``edition``, rebuilt when its documents changed."""
    from veedel.guide.models import KeyProcess, Situation

    key = _fingerprint(edition)
    with _LOCK:
        index = _CACHE.get(key)
        if index is not None:
            _CACHE.move_to_end(key)
            return index
    index = EditionIndex(
        list(
            Situation.objects.filter(edition=edition)
            .order_by("slug")
            .values_list("pk", "slug", "search_document")
        ),
        list(
            KeyProcess.objects.filter(edition=edition)
            .order_by("slug")
            .values_list("pk", "slug", "search_document")
        ),
        list(
            Situation.key_processes.through.objects.filter(situation__edition=edition)
            .order_by("situation_id", "keyprocess_id")
            .values_list("situation_id", "keyprocess_id")
        ),
    )
    with _LOCK:
        for old in [k for k in _CACHE if k[:2] == key[:2]]:
            del _CACHE[old]
        _CACHE[key] = index
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return index


@dataclass
class Hit:
    key: object  # primary key (or whatever key the index was built with)
    slug: str
    score: float
    positions: set[int]  # which query terms matched (by their position in the query)
    via: list[Hit] = field(default_factory=list)  # situations a process scored through


@dataclass
class Ranking:
    processes: list[Hit]
    situations: list[Hit]
    parts_of: list[list[str]]  # per query term: the parts it matched through, if any
    unknown: list[int]  # positions of query terms that occur nowhere in the edition


def rank(index: EditionIndex, terms, limit: int | None = None) -> Ranking:
    """The key processes and situations that match ``terms`` (``QueryTerm``s), best first,
    at most ``limit`` of each (all with ``None``).

    Pure Python and numpy on the in-memory index: the same input gives the same order,
    whatever database the documents were read from. Ties go by slug.
    """
    expansions, parts_of, unknown = [], [], []
    for position, term in enumerate(terms):
        options, parts = index.expand(term.stem)
        expansions.append(options)
        parts_of.append(parts)
        if not options:
            unknown.append(position)
    sit, proc = index.situations, index.processes
    sit_scores, sit_matched = sit.scores(expansions)
    proc_scores, proc_matched = proc.scores(expansions)
    # A key process gains a share of the best score among the situations that suggest it.
    best_situation = np.zeros(proc.n)
    if len(index.link_processes):
        np.maximum.at(best_situation, index.link_processes, sit_scores[index.link_situations])
    proc_scores = proc_scores + PROPAGATION * best_situation

    sit_order = sit.order(sit_scores)

    def situation_hit(i):
        positions = set(np.flatnonzero(sit_matched[:, i]).tolist())
        return Hit(sit.keys[i], sit.slugs[i], float(sit_scores[i]), positions)

    situations = [situation_hit(i) for i in sit_order[:limit]]
    processes = []
    for i in proc.order(proc_scores)[:limit]:
        suggesting = [s for s in index.situations_of.get(int(i), ()) if sit_scores[s] > 0]
        suggesting.sort(key=lambda s: (-round(float(sit_scores[s]), 9), sit.slug_order[s]))
        matched = proc_matched[:, i].copy()
        for s in suggesting:
            matched |= sit_matched[:, s]
        processes.append(
            Hit(
                proc.keys[i],
                proc.slugs[i],
                float(proc_scores[i]),
                set(np.flatnonzero(matched).tolist()),
                [situation_hit(s) for s in suggesting[:3]],
            )
        )
    return Ranking(processes, situations, parts_of, unknown)
