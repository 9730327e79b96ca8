"""The guide's PDFs of published editions, built once and kept in file storage.

A published edition cannot change (``guide.workflow``: every edit of it is refused), so its
PDF is the same until something it shows changes: the edition row itself (``modified``), the
programme's name on the cover, the names of the goals and topic fields it lists (editable in
the admin), the language of its headings, or the layout of this code
(``LAYOUT``, raise it when ``guide/pdf.py`` changes what it draws). Those make the file's
name (``fingerprint``); a request finds the file or builds and stores it, and removes the
files of the same document and language under older names. Drafts are built on every
request: they change with every edit and only the programme office reads them.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation

from veedel.guide.models import Edition
from veedel.programme.models import Goal, Topic

logger = logging.getLogger(__name__)

LAYOUT = "1"
FOLDER = "guide-pdf"


def fingerprint(edition: Edition, *parts: str) -> str:
    """What the PDF shows, condensed (two small queries: the programme, goals and topics)."""
    vocabulary = [
        f"{kind}:{pk}:{name}"
        for kind, model in (("goal", Goal), ("topic", Topic))
        for pk, name in ((item.pk, item.name) for item in model.objects.order_by("pk"))
    ]
    text = "\n".join(
        [
            LAYOUT,
            str(edition.pk),
            edition.modified.isoformat(),
            edition.programme.name,
            translation.get_language() or "",
            *parts,
            *vocabulary,
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def stored_pdf(edition: Edition, document: str, build: Callable[[], bytes]) -> bytes:
    """The PDF ``document`` (e.g. "edition", "process-<slug>") of ``edition``: from storage
    when it was built for the same fingerprint, else built by ``build`` and stored."""
    if not edition.is_published:
        return build()
    prefix = f"{edition.pk}-{document}-{translation.get_language() or ''}-"
    name = f"{FOLDER}/{prefix}{fingerprint(edition, document)}.pdf"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    content = build()
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # another request stored it meanwhile: keep one
        default_storage.delete(saved)
    _remove_older(prefix, keep=name)
    return content


def _remove_older(prefix: str, *, keep: str) -> None:
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for file in files:
        path = f"{FOLDER}/{file}"
        if file.startswith(prefix) and path != keep:
            default_storage.delete(path)
            logger.info("removed the outdated guide PDF %s", path)
