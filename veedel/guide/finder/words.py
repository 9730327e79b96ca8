"""Words of the finder: search tokens with weights, compounds and their parts, query terms.

Tokens are those of ``veedel.core.textsearch`` (German Snowball stems; umlauts, "ae/oe/ue" and
"ß" folded), so that search documents stay valid for ``textsearch.matching``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from veedel.core import textsearch

MAX_QUERY_CHARS = 2000  # longer descriptions are cut here (the page says so)
# Longer "words" are not German compounds but noise; splitting them would cost time that
# grows steeply with their length (every cut position, several levels deep).
MAX_WORD_CHARS = 40
MAX_QUERY_TERMS = 60  # distinct search tokens of one query
MIN_PART = 4  # shortest part of a compound that counts as a word of its own

# Words of everyday descriptions that say nothing about the situation (beyond
# textsearch.STOPWORDS, which documents leave out as well).
QUERY_STOPWORDS = frozenset(
    """
    aktuell andere anderen anderer anderes bald beide bereits besonders bzw dabei dadurch dafür
    dafur dagegen daher damals danach dann darauf darüber daruber darum davon dazu deren deshalb
    dessen diesem diesen dieses eigentlich einige einigen einiger einmal etwa etwas euch ganz gar
    geht gerade gern gerne gibt haben habe hatte hatten häufig haufig ihm ihn ihnen ihre ihrem
    ihren ihrer immer jedoch jetzt kaum keine keinen können konnen könnte konnte lassen leider
    manche manchmal mein meine meinem meinen meiner mich mir möchte mochte möchten mochten muss
    müssen mussen oft schon sehr seid sein seine seinem seinen seiner seit selbst sich sie sind
    soll sollen sollte solche sowie teilweise uns unser unsere unserem unseren unserer viel viele
    vielen vieles warum weil welche welchen wenn wer werden wieder will wir wird wollen wurde
    wurden würde ziemlich zwar zwischen
    """.split()
)

# Endings that are not words of their own when a compound is split ("Nachbarschaft" is not
# "Nachbar" + "schaft").
_NOT_A_PART = frozenset(
    "schaft schaften heit heiten keit keiten ungen lich liche lichen isch ische chen lein nisse "
    "haft sam samkeit tum tums ling linge bar barkeit los losigkeit weise iert ierte ieren "
    "ierung ierungen ungs ende enden".split()
)
# Linking elements between the parts of a compound (Fugenelemente), longest first.
_LINKS = ("ens", "es", "en", "er", "ns", "s", "n", "e")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_VOWELS = set("aeiouy")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """The search token of one word ("" for a stop word), as ``textsearch.tokens`` makes it."""
    found = textsearch.tokens(word)
    return found[0] if found else ""


def weighted_tokens(text: str, weight: int, counts: dict[str, int]) -> None:
    """Add the tokens of ``text`` to ``counts``, each occurrence counted ``weight`` times."""
    for word in _WORD.findall((text or "").lower()):
        stem = _stem(word)
        if stem:
            counts[stem] = counts.get(stem, 0) + weight


def _looks_like_word(part: str) -> bool:
    return len(part) >= MIN_PART and part not in _NOT_A_PART and bool(_VOWELS & set(part))


def _head_forms(head: str) -> Iterable[str]:
    """The head of a compound as it may stand alone: as written, without a linking element,
    and stemmed ("kinder" → "kind", "nachbarschafts" → "nachbarschaft")."""
    yield head
    for link in _LINKS:
        if head.endswith(link) and len(head) - len(link) >= 3:
            yield head[: -len(link)]
    stem = _stem(head)
    if stem and stem != head:
        yield stem


def split_compound(token: str, known, *, lenient: bool = False) -> list[str]:
    """The parts of a compound token that are words of the edition (``known``), longest head
    first: "nachbarschaftskonflikt" → ["nachbarschaft", "konflikt"]. Empty if it is no
    compound of known words. ``lenient`` (used when indexing) also accepts one unknown part
    next to a known one, so that "larmbeschwerd" yields "beschwerd" even when the edition
    has no "Beschwerde" on its own."""
    if len(token) > MAX_WORD_CHARS:
        return []
    parts = _split(token, known, 0)
    if parts or not lenient or len(token) < 2 * MIN_PART:
        return parts
    for cut in range(len(token) - MIN_PART, MIN_PART - 1, -1):
        head, tail = token[:cut], token[cut:]
        if tail in _NOT_A_PART:
            continue
        head_word = _known_head(head, known)
        if head_word and len(head_word) >= MIN_PART and _looks_like_word(tail):
            return [head_word, tail]
        tail_parts = [tail] if tail in known and _looks_like_word(tail) else []
        if tail_parts and len(head) >= MIN_PART + 1 and _looks_like_word(head):
            return [_plain_head(head), *tail_parts]
    return []


def _known_head(head: str, known) -> str | None:
    word = next((h for h in _head_forms(head) if h in known), None)
    return word if word is not None and len(word) >= 3 else None


def _plain_head(head: str) -> str:
    stem = _stem(head)
    return stem if len(stem) >= MIN_PART else head


def _split(token: str, known, depth: int) -> list[str]:
    if depth > 3 or len(token) < 2 * MIN_PART - 1:
        return []
    for cut in range(len(token) - MIN_PART, 2, -1):
        head, tail = token[:cut], token[cut:]
        if tail in _NOT_A_PART:
            continue
        head_word = _known_head(head, known)
        if head_word is None:
            continue
        if tail in known and _looks_like_word(tail):
            return [head_word, tail]
        tail_parts = _split(tail, known, depth + 1)
        if tail_parts:
            return [head_word, *tail_parts]
    return []


@dataclass(frozen=True)
class QueryTerm:
    word: str  # as the user wrote it
    stem: str


def query_terms(text: str) -> tuple[list[QueryTerm], bool]:
    """The distinct search tokens of a query in order, with the words as written; and whether
    the text was cut."""
    capped = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    terms: dict[str, QueryTerm] = {}
    for word in _WORD.findall(text):
        lower = word.lower()
        if lower in QUERY_STOPWORDS or len(lower) < 2 or len(lower) > MAX_WORD_CHARS:
            continue
        stem = _stem(lower)
        if not stem or stem in terms:
            continue
        if len(terms) >= MAX_QUERY_TERMS:
            capped = True
            break
        terms[stem] = QueryTerm(word=word, stem=stem)
    return list(terms.values()), capped


@lru_cache(maxsize=4096)
def _fold_for_display(text: str) -> str:
    text = text.lower().replace("ß", "ss")
    for umlaut, plain in (("ä", "a"), ("ö", "o"), ("ü", "u")):
        text = text.replace(umlaut, plain)
    return text


def readable_part(word: str, part: str) -> str:
    """The piece of ``word`` (as written) that the stem ``part`` comes from."""
    for start in range(1, len(word)):
        if _fold_for_display(word[start:]).startswith(part):
            piece = word[start:]
            return piece[:1].upper() + piece[1:]
    for end in range(len(word) - 1, 0, -1):
        folded = _fold_for_display(word[:end])
        if folded == part or _stem(folded) == part:
            return word[:end]
    return part[:1].upper() + part[1:]
