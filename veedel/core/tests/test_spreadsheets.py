"""Tables for spreadsheets (veedel/core/spreadsheets.py): CSV as Excel in Germany opens it,
Excel workbooks, and no cell that a spreadsheet would run as a formula."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from veedel.core.spreadsheets import csv_lines, csv_response, escape, unescape, xlsx_bytes


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_has_a_byte_order_mark_semicolons_and_decimal_commas():
    text = "".join(csv_lines(["Name", "Stunden", "Leer"], [["Sprachcafé; Kalk", 2.5, None]]))
    assert read_csv(text) == [["Name", "Stunden", "Leer"], ["Sprachcafé; Kalk", "2,5", ""]]


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://x")', "@SUM(A1)", "+1+cmd|' /C calc'!A0", "-2+3", "\tx"]
)
def test_formula_cells_get_an_apostrophe_and_come_back_unchanged(value):
    assert escape(value).startswith("'")
    assert unescape(escape(value)) == value
    (row,) = read_csv("".join(csv_lines(["x"], [[value]])))[1:]
    assert row == ["'" + value]


@pytest.mark.parametrize("value", ["-3", "+49 221 123", "Kalk", "(0221) 12-34"])
def test_numbers_and_text_stay_as_they_are(value):
    assert escape(value) == value


def test_xlsx_keeps_text_as_text_and_numbers_as_numbers():
    content = xlsx_bytes(
        ["Name", "Anzahl", "Datum"],
        [["=1+1", 3, datetime.date(2026, 5, 1)]],
        title="Ein sehr langer Titel über einunddreißig Zeichen",
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Ein sehr langer Titel über einu"
    assert [c.value for c in sheet[1]] == ["Name", "Anzahl", "Datum"]
    name, count, day = sheet[2]
    assert name.value == "=1+1" and name.data_type == "s"  # text, never a formula
    assert count.value == 3
    assert day.value.date() == datetime.date(2026, 5, 1)


def test_csv_download_is_named_after_today_and_not_sniffed():
    response = csv_response(["a"], [["b"]], stem="vorhaben")
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="vorhaben-{today}.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert read_csv(b"".join(response.streaming_content).decode()) == [["a"], ["b"]]
