"""Spreadsheet formula injection: text a spreadsheet would run as a formula is stored as text.

Shared by every xlsx writer (documents, Mẫu 02, report workbooks): org sits below all apps.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise_formula(cell) -> None:
    """Make an openpyxl cell holding formula-like text a plain string shown as typed."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
