"""Reading and writing tables: CSV (UTF-8, ";" or "," separated) and Excel (.xlsx).

An upload is checked by its content, not only its name: an .xlsx must be a ZIP archive with
``[Content_Types].xml``; a .csv must be UTF-8 text. Anything else, a file over 5 MB or with
more than 20 000 rows is refused with the reason (``ImportRefused``). Every cell is read as
text; numbers and dates from Excel are written the way a person would type them.

Cells that a spreadsheet would take for a formula (starting with "=", "@", or "+"/"-" followed
by something other than a number) are written with a leading apostrophe in CSV and as text in
Excel, and the apostrophe is removed again on import.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from veedel.core.spreadsheets import csv_lines, escape, unescape, xlsx_bytes

__all__ = ["csv_lines", "escape", "unescape", "xlsx_bytes"]

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# An .xlsx unpacks to many times its size; more than this is refused (a "zip bomb").
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
FORMATS = ("csv", "xlsx")
CSV_DELIMITERS = (";", ",")


class ImportRefused(Exception):
    """The upload cannot be read at all; ``reason`` says why, in words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Table:
    """The header (normalised: stripped, lower case) and the data rows as text.

    ``rows`` holds (line, cells) pairs; the header is line 1, so a line number is the row
    number a spreadsheet shows. Rows without any value are left out."""

    format: str
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") if size else "0"


def file_format(name: str) -> str:
    """ "csv" or "xlsx" by the file name; refuses others."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in FORMATS:
        raise ImportRefused(
            _(
                "Only CSV (.csv) and Excel (.xlsx) files can be imported; “%(name)s” is "
                "neither. In Excel, use “Save as” and choose “Excel workbook (.xlsx)” or "
                "“CSV UTF-8”."
            )
            % {"name": name}
        )
    return suffix


def table_read(*, name: str, content: bytes) -> Table:
    """Read an uploaded file; raises ImportRefused when it is not a table we can read."""
    if len(content) > MAX_BYTES:
        raise ImportRefused(
            _("The file is %(size)s MB large; at most %(limit)s MB can be imported at once.")
            % {"size": _mb(len(content)), "limit": _mb(MAX_BYTES)}
        )
    if not content.strip():
        raise ImportRefused(_("The file is empty."))
    fmt = file_format(name)
    table = _read_xlsx(content) if fmt == "xlsx" else _read_csv(content)
    if not any(table.headers):
        raise ImportRefused(_("The first row must name the columns; it is empty."))
    if len(table.rows) > MAX_ROWS:
        raise ImportRefused(
            _("The file has more than %(limit)s rows. Split it into several files.")
            % {"limit": f"{MAX_ROWS:,}".replace(",", ".")}
        )
    return table


def _is_zip(content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04"


def _read_csv(content: bytes) -> Table:
    if _is_zip(content) or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportRefused(
            _(
                "This file is named .csv but is a spreadsheet or archive, not a CSV text. "
                "Save it as “CSV UTF-8” or upload it as .xlsx."
            )
        )
    if b"\x00" in content:
        raise ImportRefused(_("This file is not a CSV text: it contains binary data."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ImportRefused(
            _(
                "The file is not in UTF-8 (line %(line)s). In Excel, save it as “CSV UTF-8 "
                "(comma delimited)”; in LibreOffice choose the character set “Unicode (UTF-8)”."
            )
            % {"line": line}
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(_limited(reader))
    except csv.Error as error:
        raise ImportRefused(
            _("The CSV file cannot be read near line %(line)s: %(reason)s")
            % {"line": reader.line_num, "reason": error}
        ) from None
    if not rows:
        raise ImportRefused(_("The file is empty."))
    return _table("csv", rows)


def _limited(rows: Iterable) -> Iterator:
    """Stop reading one row after the limit (enough to refuse the file); empty rows do not
    count, but no more than ten times the limit are read at all."""
    filled = 0
    for number, row in enumerate(rows):
        if any(v not in (None, "") for v in row):
            filled += 1
        if filled > MAX_ROWS + 2 or number > 10 * MAX_ROWS:  # the header, then one too many
            return
        yield row


def _table(fmt: str, rows: list[list[str]]) -> Table:
    headers = [_header(h) for h in rows[0]]
    while headers and not headers[-1]:
        headers.pop()  # trailing empty header cells (spreadsheets leave them)
    table = Table(format=fmt, headers=headers)
    for line, cells in enumerate(rows[1:], start=2):
        cells = [unescape(c.strip()) for c in cells]
        if any(cells):
            table.rows.append((line, cells))
    return table


def _header(value: str) -> str:
    return value.replace("\ufeff", "").strip().lower()


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    not_excel = ImportRefused(
        _(
            "This file is named .xlsx but is not an Excel workbook. Old .xls files must be "
            "saved as .xlsx first."
        )
    )
    if not _is_zip(content):
        raise not_excel
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise not_excel from None
    if "[Content_Types].xml" not in {m.filename for m in members}:
        raise not_excel
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise ImportRefused(_("The Excel file unpacks to too much data to be imported."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in _limited(sheet.iter_rows(values_only=True))]
        workbook.close()
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise ImportRefused(
            _("The Excel file cannot be read; it may be damaged. Save it again and retry.")
        ) from None
    if not rows:
        raise ImportRefused(_("The first sheet of the workbook is empty."))
    return _table("xlsx", rows)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return str(value)
