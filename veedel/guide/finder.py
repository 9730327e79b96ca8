"""The finder: a situation described in free German text → the situations and key processes
of an edition that fit, ranked, with the reasons (matched terms, goals).

Owned by the finder work; the guide's services call ``guide_index`` after every change of an
edition's text so that the search documents stay current.
"""

from __future__ import annotations


def guide_index(*, edition) -> None:
    """Recompute the search documents of the edition's situations and key processes."""
    # Filled in by the finder work.


def find(*, edition, text: str, limit: int = 10) -> list:
    """Ranked matches for ``text`` in ``edition``."""
    return []
