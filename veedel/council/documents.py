"""A paper's own document: its public part as PDF (pdf.py), stored as the paper's main file
(``FileRole.MAIN``), which OParl serves as ``mainFile`` with its size and checksums.

``document_store`` makes it again from the paper as it is now and writes it only when its
content differs from the stored one (the PDF is the same for the same paper), keeping the
file's id: clients see the same file with a new checksum and ``modified``. It reads and writes
through the model classes it is given, so that the data migration can use it with historical
models; the services call it through ``changes.paper_changed``.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from veedel.core.uploads import KINDS, stored_name
from veedel.council.models import FileRole
from veedel.council.pdf import paper_pdf

PDF = KINDS["pdf"]


def document_bytes(paper) -> bytes:
    """The public part of ``paper`` as PDF, with its Beratungsfolge as it stands."""
    steps = list(
        paper.consultations.filter(deleted=None)
        .select_related("organization", "meeting")
        .order_by("order", "pk")
    )
    return paper_pdf(paper=paper, consultations=steps, non_public=False)


def document_store(paper, *, file_model, now=None):
    """Make the document of ``paper`` again; returns the file if it was written (new or
    changed), None if the stored one is still right."""
    data = document_bytes(paper)
    sha512 = hashlib.sha512(data).hexdigest()
    name, file_name = document_names(paper)
    current = (
        file_model.objects.filter(paper_id=paper.pk, role=FileRole.MAIN, deleted=None)
        .order_by("pk")
        .first()
    )
    if (
        current is not None
        and current.sha512_checksum == sha512
        and current.name == name
        and current.file_name == file_name
    ):
        return None
    if current is None:
        current = file_model(paper_id=paper.pk, role=FileRole.MAIN, is_public=True)
    old_name = current.file.name if current.file else ""
    current.file.save(stored_name("pdf"), ContentFile(data), save=False)
    current.name = name
    current.file_name = file_name
    current.mime_type = PDF.content_type
    current.size = len(data)
    current.sha1_checksum = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    current.sha512_checksum = sha512
    current.date = paper.date
    if now is not None:
        current.modified = now
    current.save()
    if old_name:
        storage = current.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return current


def document_names(paper) -> tuple[str, str]:
    """The document's name ("Mitteilung 0815/2012") and file name ("Mitteilung-0815-2012.pdf");
    written out here (not as model properties) for the historical models of migrations."""
    return (
        f"{paper.paper_type} {paper.reference}",
        f"{paper.paper_type}-{paper.reference.replace('/', '-')}.pdf",
    )
