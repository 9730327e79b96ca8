"""Tables written for spreadsheets: CSV as Excel in Germany reads it, and Excel workbooks.

CSV is UTF-8 with a byte-order mark and ";" separated, numbers with a decimal comma. Cells that
a spreadsheet would take for a formula (starting with "=", "@", a tab or a carriage return, or
"+"/"-" followed by something other than a number) get a leading apostrophe in CSV and are
stored as text in Excel, so an exported name can never run as a formula; ``unescape`` removes
the apostrophe again when such a file is imported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone

_FORMULA_START = re.compile(r"^(?:[=@\t\r]|[+-](?![\d\s()/.,-]*$))")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def escape(value: str) -> str:
    """A cell a spreadsheet would take for a formula gets a leading apostrophe."""
    return "'" + value if _FORMULA_START.match(value) else value


def unescape(value: str) -> str:
    if value.startswith("'") and _FORMULA_START.match(value[1:]):
        return value[1:]
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(headers: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV as Excel in Germany reads it: UTF-8 with a byte-order mark, ";" separated."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(headers)
    for row in rows:
        yield writer.writerow([_csv_cell(v) for v in row])


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", ",")  # the decimal comma German spreadsheets expect
    if isinstance(value, str):
        return escape(value)
    return str(value)


def xlsx_bytes(headers: list[str], rows: Iterable[list], *, title: str) -> bytes:
    """An Excel workbook with one sheet: the header row, then the rows. Text stays text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # never a formula
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_response(headers: list[str], rows: Iterable[list], *, stem: str) -> StreamingHttpResponse:
    """A CSV download named ``<stem>-<today>.csv``, streamed row by row."""
    response = StreamingHttpResponse(csv_lines(headers, rows), content_type=CSV_TYPE)
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{stem}-{day}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
