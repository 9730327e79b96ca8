"""The one upload policy of Veedel: every uploaded file passes it.

- **Size**: at most ``VEEDEL_MAX_UPLOAD_BYTES`` (a use may ask for less, never for more).
- **Type by content**: a file is accepted only when its extension is on the allowlist of its
  use and its first bytes look like that kind of file (a PDF starts with ``%PDF-``, an office
  document is a ZIP archive holding the parts of that format, a text file holds no binary
  bytes and no HTML). The type stored and sent back is the one of the allowlist, never the
  one the browser claimed.
- **Random stored names** (``stored_name``): the original name, made safe, is kept for the
  download only, so no visitor can guess or choose a path on the server.
- **Sent as an attachment** (``attachment_response``): never shown inline, with ``nosniff`` and
  a sandboxing content security policy.

Files live under ``MEDIA_ROOT``, which no URL serves; each app hands them out through a view
that checks the object's permission and then calls ``attachment_response``.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str


KINDS = {
    "pdf": Kind("PDF", "application/pdf"),
    "docx": Kind("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": Kind("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": Kind("ODT", "application/vnd.oasis.opendocument.text"),
    "ods": Kind("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    "png": Kind("PNG", "image/png"),
    "jpg": Kind("JPEG", "image/jpeg"),
    "jpeg": Kind("JPEG", "image/jpeg"),
    "txt": Kind("TXT", "text/plain; charset=utf-8"),
    "csv": Kind("CSV", "text/csv; charset=utf-8"),
}


def labels_of(kinds: dict[str, Kind]) -> str:
    """ "PDF, DOCX, …": the kinds' labels, each once, in the allowlist's order."""
    return ", ".join(dict.fromkeys(kind.label for kind in kinds.values()))


def accept_of(extensions: Iterable[str] | None = None) -> str:
    """The ``accept`` attribute of a file input for these extensions (default: all)."""
    return ",".join(f".{ext}" for ext in (extensions or KINDS))


ALLOWED_LABELS = labels_of(KINDS)
ACCEPT = accept_of()

_HTML_START = re.compile(rb"^\s*<(!doctype|html|head|body|script|svg|\?xml|iframe)", re.I)
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _zip_names(head: bytes, upload) -> set[str] | None:
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def _looks_like_text(head: bytes) -> bool:
    head = head.removeprefix(b"\xef\xbb\xbf")
    if _CONTROL.search(head) or _HTML_START.match(head):
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as error:
        if len(head) >= SNIFF_BYTES - 3 and error.start >= len(head) - 3:
            return True  # the sniffed block ends inside a character
    try:
        head.decode("cp1252")  # what spreadsheet programs on Windows write
        return True
    except UnicodeDecodeError:
        return False


def _content_matches(ext: str, head: bytes, upload) -> bool:
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext in ("txt", "csv"):
        return _looks_like_text(head)
    names = _zip_names(head, upload)
    if names is None:
        return False
    if ext == "docx":
        return "word/document.xml" in names and "[Content_Types].xml" in names
    if ext == "xlsx":
        return "xl/workbook.xml" in names and "[Content_Types].xml" in names
    # OpenDocument: the first, uncompressed member "mimetype" names the format.
    wanted = {"odt": b"opendocument.text", "ods": b"opendocument.spreadsheet"}[ext]
    return "mimetype" in names and head[30:38] == b"mimetype" and wanted in head[38:100]


def size_limit(max_bytes: int | None = None) -> int:
    """The largest upload of a use that asks for at most ``max_bytes``: never above the
    setting (for an upload handler that stops reading there, and for help texts)."""
    limit = settings.VEEDEL_MAX_UPLOAD_BYTES
    return limit if max_bytes is None else min(limit, max_bytes)


def check_upload(upload, *, extensions: Iterable[str] | None = None, max_bytes=None) -> Kind:
    """The kind of an acceptable upload, or ``ValidationError`` saying what is wrong.

    ``extensions`` narrows the allowlist for one use (default: every kind above);
    ``max_bytes`` lowers the size limit for one use (never above the setting)."""
    limit = size_limit(max_bytes)
    allowed = {ext: KINDS[ext] for ext in (extensions or KINDS)}
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    ext = extension_of(upload.name)
    kind = allowed.get(ext)
    if kind is None:
        raise ValidationError(
            _("Files of type “%(ext)s” are not accepted; allowed are %(allowed)s.")
            % {"ext": ext or _("without extension"), "allowed": labels_of(allowed)},
            code="extension",
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not _content_matches(ext, head, upload):
        raise ValidationError(
            _(
                "The content of the file is not a %(label)s file, although its name ends in "
                "“.%(ext)s”. Save it again as %(label)s, or choose another file."
            )
            % {"label": kind.label, "ext": ext},
            code="content",
        )
    return kind


def safe_filename(name: str, *, fallback: str = "dokument") -> str:
    """A file name without paths, control characters, quotes or other characters that have a
    meaning in headers or shells; letters of any script are kept."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    ext = extension_of(name)
    stem = name[: -(len(ext) + 1)] if ext else name
    stem = re.sub(r"[^\w\s.-]", "", stem, flags=re.UNICODE)
    stem = re.sub(r"[\s.]+", "-", stem).strip("-_")[:120] or fallback
    ext = re.sub(r"[^a-z0-9]", "", ext)[:10]
    return f"{stem}.{ext}" if ext else stem


def stored_name(ext: str) -> str:
    """A random name to store a file under, keeping only its (checked) extension."""
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:10]
    token = secrets.token_urlsafe(18)
    return f"{token}.{ext}" if ext else token


def attachment_response(handle, *, filename: str, content_type: str, public: bool = False):
    """A stored file as a download: an attachment with the type of the allowlist,
    ``nosniff``, a sandboxing content security policy and a safe file name. Files that are
    not public are not kept by shared caches."""
    response = FileResponse(
        handle, as_attachment=True, filename=safe_filename(filename), content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response
