"""Writing people's text into spreadsheets as text, never as a formula (formula injection).

openpyxl stores any string that starts with ``=`` as a live formula: a contact name
``=HYPERLINK("http://…","点击")`` typed into a form would become a working link (or worse) in
附件1 or the receipts sheet opened by the county office. Every export appends its rows with
``append_row`` (or writes a single cell with ``set_cell``): strings are stored as strings
(``data_type = "s"``, shown exactly as typed), control characters that openpyxl refuses or
that would break a line are removed. CSV, which has no types, uses ``csv_safe`` (the OWASP
apostrophe prefix).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell

from gongkai.lib.text import multi_line

# Text a spreadsheet program may read as a formula when it has no cell types (CSV).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean(value: Any) -> Any:
    """A value ready for a cell: text without control characters (newlines kept)."""
    return multi_line(value) if isinstance(value, str) else value


def safe_cell(sheet: Any, value: Any) -> Any:
    """``value`` for ``sheet.append``: text that openpyxl would take for a formula comes back
    as a Cell typed as a string; anything else as it is."""
    value = clean(value)
    if isinstance(value, str) and value.startswith("="):
        cell = Cell(sheet, row=1, column=1, value=value)  # placed by append
        cell.data_type = "s"
        return cell
    return value


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """``sheet.append(values)`` with every text written as text (works in write-only mode)."""
    sheet.append([safe_cell(sheet, value) for value in values])


def set_cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    """``sheet.cell(row, column, value)`` with text written as text; returns the cell."""
    cell = sheet.cell(row=row, column=column)
    value = clean(value)
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


def csv_safe(value: Any) -> Any:
    """A CSV field: text that starts like a formula gets a leading apostrophe."""
    value = clean(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def workbook_bytes(book: Any, *, heading_row: int = 1) -> bytes:
    """The workbook as an .xlsx file set up for printing on A4 (as official forms are): every
    sheet fits the page width (as many pages long as it needs), repeats its heading row on
    every printed page unless the sheet set its own, and turns to landscape when it is wider
    than six columns."""
    import io

    for sheet in book.worksheets:
        setup = sheet.page_setup
        setup.paperSize = sheet.PAPERSIZE_A4
        setup.orientation = "landscape" if sheet.max_column > 6 else "portrait"
        setup.fitToWidth, setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        if not sheet.print_title_rows and sheet.max_row >= heading_row:
            sheet.print_title_rows = f"{heading_row}:{heading_row}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
