"""Spreadsheet formula injection: text a spreadsheet would run as a formula is stored as text.

Shared by every xlsx writer (documents, Mẫu 02, report workbooks): org sits below all apps.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise_formula(cell) -> None:
    """Make an openpyxl cell holding formula-like text a plain string shown as typed."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def cell_value(value: Any) -> Any:
    """``value`` as a cell can hold it: text without the control characters a workbook cannot
    store (openpyxl would refuse the whole file)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def put(ws, row: int, column: int, value: Any):
    """THE way a writer puts a value in a cell (issue 14 item 5): the cell, with formula-like
    text stored as a string (data type "s"), never a formula, whoever typed it; control
    characters a workbook cannot hold are dropped (openpyxl would refuse the whole file)."""
    cell = ws.cell(row=row, column=column, value=cell_value(value))
    neutralise_formula(cell)
    return cell
