"""The xlsx writer: a :class:`~documents.exporters.document.Document` as one workbook (a first
sheet with the heading and the text, then one sheet per table), spreadsheet formula injection
neutralised (one rule for every xlsx writer: ``org.spreadsheet``)."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from indicators.formatting import status_label
from org.spreadsheet import is_formula_like

from .document import Column, Document, Num, date_line


def xlsx_cell(ws, value: Any, *, number_format: str | None = None, font=None, alignment=None, border=None):
    """A write-only cell. Text that a spreadsheet would run as a formula (= + - @ tab at the
    start: spreadsheet formula injection) is stored as a plain string with the quote prefix,
    so it shows as typed and never evaluates."""
    cell = WriteOnlyCell(ws, value=value)
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    return cell


def _number_format(column: Column, value: Any = None) -> str | None:
    if isinstance(value, Num):
        fmt = _number_format(Column("", value.kind, value.decimals))
        return f'"{value.prefix}"{fmt}' if value.prefix and fmt else fmt
    if column.kind == "int":
        return "#,##0"
    if column.kind == "dec":
        return "#,##0." + "0" * column.decimals if column.decimals else "#,##0"
    if column.kind == "pct":
        # the value is already a percent (92.5 means 92,5%): show it with a literal % sign
        return ("0." + "0" * column.decimals if column.decimals else "0") + '"%"'
    if column.kind == "date":
        return "dd/mm/yyyy"
    return None


def _xlsx_value(column: Column, value: Any) -> Any:
    if isinstance(value, Num):
        column, value = Column("", value.kind, value.decimals), value.value
    if value is None:
        return None
    if column.kind in ("int", "dec", "pct"):
        return Decimal(value) if not isinstance(value, int) else value
    if column.kind == "status":
        return status_label(str(value))
    if column.kind == "date":
        return value
    return str(value)


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:28] or "Bang"
    candidate, n = base, 2
    while candidate.lower() in used:
        candidate = f"{base[:25]} ({n})"
        n += 1
    used.add(candidate.lower())
    return candidate


def xlsx_write(doc: Document) -> bytes:
    """One workbook: a first sheet with the heading and the narrative text, then one sheet per
    table (title, header row, rows, total). Write-only mode: constant memory on long tables."""
    bold = Font(bold=True)
    title_font = Font(bold=True, size=13)
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    commune = doc.commune
    issued = doc.issued_on or date.today()

    wb = Workbook(write_only=True)
    used: set[str] = set()
    info = wb.create_sheet(_sheet_name("Báo cáo", used))
    info.column_dimensions["A"].width = 110

    def line(text: Any, font=None) -> None:
        info.append([xlsx_cell(info, text, font=font, alignment=wrap)])

    line(f"UBND XÃ {commune.name.upper()}", bold)
    line(f"Số: {doc.number or '…'}/{doc.symbol}")
    line(date_line(commune.name, issued))
    line(doc.title.upper(), title_font)
    line(doc.subtitle)
    line(None)
    for block in doc.blocks:
        if block.kind in ("heading", "subheading"):
            line(block.text, bold)
        elif block.kind == "para":
            line(block.text)
        elif block.kind == "bullets":
            for item in block.items:
                line(f"• {item}")
        elif block.kind == "table" and block.table is not None:
            line(f"(Bảng “{block.table.title}”: xem trang tính riêng)")

    for table in doc.tables:
        ws = wb.create_sheet(_sheet_name(table.sheet or table.title, used))
        for i, col in enumerate(table.columns):
            ws.column_dimensions[get_column_letter(i + 1)].width = col.width
        ws.append([xlsx_cell(ws, table.title, font=title_font)])
        if table.note:
            ws.append([xlsx_cell(ws, table.note)])
        ws.append([xlsx_cell(ws, c.label, font=bold, alignment=wrap, border=box) for c in table.columns])
        if not table.rows:
            ws.append([xlsx_cell(ws, table.empty_text)])
        for row in table.rows:
            ws.append(
                [
                    xlsx_cell(ws, _xlsx_value(c, v), number_format=_number_format(c, v), alignment=wrap, border=box)
                    for c, v in zip(table.columns, row, strict=False)
                ]
            )
        if table.total:
            ws.append(
                [
                    xlsx_cell(ws, _xlsx_value(c, v), number_format=_number_format(c, v), font=bold, border=box)
                    for c, v in zip(table.columns, table.total, strict=False)
                ]
            )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def neutralise_formulas(content: bytes) -> bytes:
    """A workbook written elsewhere (the households Mẫu 02 layout) stores a note as typed; one
    beginning with "=" would become a formula. Every formula cell is turned back into the text
    that was typed (that layout keeps none of its own: its Tổng row holds numbers)."""
    wb = load_workbook(io.BytesIO(content))
    changed = False
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed = True
    if not changed:
        return content
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
