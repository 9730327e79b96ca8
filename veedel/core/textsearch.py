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

import snowballstemmer
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

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


def _fold(word: str) -> str:
    # Letters with accents other than umlauts (é, ç, ğ …) lose them; umlauts go to the stemmer.
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Search tokens of a text, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in _WORD.findall((text or "").lower()):
        if word in STOPWORDS:
            continue
        stem = _fold(_stemmer.stemWord(word.replace("ß", "ss")))
        if stem:
            seen.setdefault(stem)
    return list(seen)


def document(*texts: str) -> str:
    """The search document of a record: its tokens, space-separated, with a leading space."""
    words: dict[str, None] = {}
    for text in texts:
        for token in tokens(text):
            words.setdefault(token)
    return " " + " ".join(words) + " " if words else ""


def query_tokens(text: str) -> list[str]:
    return tokens(text)[:MAX_QUERY_TOKENS]


def matching(queryset: QuerySet, column: str, text: str) -> QuerySet:
    """Keep the records whose search document (in ``column``) matches every query token.

    ``column`` is the field name; an empty query keeps everything.
    """
    wanted = query_tokens(text)
    if not wanted:
        return queryset
    model = queryset.model
    sql_column = f'"{model._meta.db_table}"."{model._meta.get_field(column).column}"'
    if _vendor(queryset) == "postgresql":
        tsquery = " & ".join(f"{_ts_escape(t)}:*" for t in wanted)
        return queryset.filter(
            RawSQL(
                f"to_tsvector('simple', {sql_column}) @@ to_tsquery('simple', %s)",
                (tsquery,),
                output_field=BooleanField(),
            )
        )
    condition = Q()
    for token in wanted:
        condition &= Q(**{f"{column}__contains": f" {token}"})
    return queryset.filter(condition)


def rank(queryset: QuerySet, column: str, text: str) -> QuerySet:
    """Annotate ``search_rank`` (higher is better): the share of query tokens that match a
    whole document token, so exact words rank above mere beginnings."""
    wanted = query_tokens(text)
    if not wanted:
        return queryset
    model = queryset.model
    sql_column = f'"{model._meta.db_table}"."{model._meta.get_field(column).column}"'
    parts = " + ".join(f"(CASE WHEN {sql_column} LIKE %s THEN 1.0 ELSE 0.0 END)" for _ in wanted)
    params = tuple(f"% {t} %" for t in wanted)
    return queryset.annotate(search_rank=RawSQL(f"({parts})", params, output_field=FloatField()))


def _vendor(queryset: QuerySet) -> str:
    from django.db import connections

    return connections[queryset.db].vendor


def _ts_escape(token: str) -> str:
    # Tokens are letters and digits only (see _WORD); quote them for to_tsquery anyway.
    return "'" + token.replace("'", "") + "'"
