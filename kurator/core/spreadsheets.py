"""Writing people's text into a spreadsheet safely: the one place every XLSX export uses.

Two dangers, both from text a user typed: a value starting with ``=``, ``+``, ``-``, ``@``
(or a tab or carriage return) is run as a formula by Excel and LibreOffice; and control
characters (``\\x0b``, ``\\x1f`` …) are refused by the XLSX format, so one of them in a stored
name would break the whole file. Text is written as a string, formula-like text gets Excel's
«quote prefix» (the value stays exactly what was typed, shown as text), and control
characters are dropped from the copy in the file (the record itself is not changed).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from kurator.core.text import printable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_cell(cell: Cell, value: Any) -> Cell:
    """Put ``value`` into ``cell``: text stays text, never a formula."""
    if isinstance(value, str):
        value = printable(value)
        cell.value = value
        cell.data_type = "s"  # openpyxl would store "=1+1" as a formula otherwise
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def append_row(sheet: Worksheet, values: Iterable[Any]) -> int:
    """Append one row to ``sheet`` through ``write_cell``; returns its row number."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        write_cell(sheet.cell(row=row, column=column), value)
    return row
