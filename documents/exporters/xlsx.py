"""The xlsx writer: a :class:`~documents.exporters.document.Document` as one workbook (a first
sheet with the heading and the text, then one sheet per table), spreadsheet formula injection
neutralised (one rule for every xlsx writer: ``org.spreadsheet``)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from indicators.formatting import status_label
from org.spreadsheet import cell_value, neutralise_formula

from .document import Column, Document, Num, Table, date_line, fmt_cell, issuer_name

# Print set-up of every sheet (issue #16): the state format's font, A4 with the margins of
# Nghị định 30 (inches: top/bottom 20 mm, left 30 mm, right 15 mm), fit to the page's width.
FONT_NAME = "Times New Roman"
PORTRAIT_MAX_WIDTH = 100  # characters of column width that still print legibly on portrait A4
MAX_COLUMN_WIDTH = 60
MM = 1 / 25.4


def xlsx_cell(ws, value: Any, *, number_format: str | None = None, font=None, alignment=None, border=None):
    """A write-only cell. Text that a spreadsheet would run as a formula (= + - @ tab at the
    start: spreadsheet formula injection) is stored as a plain string with the quote prefix,
    so it shows as typed and never evaluates."""
    cell = WriteOnlyCell(ws, value=cell_value(value))
    neutralise_formula(cell)  # the one writer rule of org.spreadsheet
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


def print_setup(ws, *, landscape: bool, header_row: int | None = None) -> None:
    """A4, portrait or landscape, margins, fit to one page wide (any number of pages tall),
    the header row repeated on every printed page and frozen on screen."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(
        left=30 * MM, right=15 * MM, top=20 * MM, bottom=20 * MM, header=8 * MM, footer=8 * MM
    )
    ws.print_options.horizontalCentered = True
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.freeze_panes = f"A{header_row + 1}"


def counts_split(table: Table) -> Table:
    """The table as the workbook holds it: a column whose cells carry the engine's counts
    ("1.150/1.250 · 92,00%" in the PDF) becomes three numeric columns, numerator, denominator
    and rate (issue #16), so a province adding communes up can take the ratio of the sums."""
    counted = [col.counts for col in table.columns]
    if not any(counted):
        return table

    def cells(row: list[Any]) -> list[Any]:
        out: list[Any] = []
        for i, value in enumerate(row):
            if i < len(counted) and counted[i]:
                has = isinstance(value, Num) and value.has_counts
                out += [
                    Num(value.numerator if has else None, "dec", 0),
                    Num(value.denominator if has else None, "dec", 0),
                    Num(value.value, value.kind, value.decimals, prefix=value.prefix)
                    if isinstance(value, Num)
                    else value,
                ]
            else:
                out.append(value)
        return out

    columns: list[Column] = []
    for col, split in zip(table.columns, counted, strict=True):
        if split:
            columns += [Column(f"{col.label}: tử số", "dec", 0), Column(f"{col.label}: mẫu số", "dec", 0), col]
        else:
            columns.append(col)
    return replace(
        table, columns=columns, rows=[cells(r) for r in table.rows], total=cells(table.total) if table.total else None
    )


def column_widths(table) -> list[int]:
    """Widths that show the text: the longest printed value of each column (numbers as they
    print, "1.150"), at least the header's longest word, at most ``MAX_COLUMN_WIDTH`` (longer
    text wraps)."""
    widths = []
    for i, col in enumerate(table.columns):
        longest_word = max((len(w) for w in col.label.split()), default=4)
        values = [
            fmt_cell(col, row[i]) for row in [*table.rows, *([table.total] if table.total else [])] if i < len(row)
        ]
        longest = max((len(v) for v in values), default=0)
        widths.append(min(MAX_COLUMN_WIDTH, max(longest_word + 2, longest + 2, 6)))
    return widths


def xlsx_write(doc: Document) -> bytes:
    """One workbook: a first sheet with the heading and the narrative text, then one sheet per
    table (title, header row, rows, total). Write-only mode: constant memory on long tables."""
    plain = Font(name=FONT_NAME, size=12)
    bold = Font(name=FONT_NAME, size=12, bold=True)
    title_font = Font(name=FONT_NAME, bold=True, size=13)
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    commune = doc.commune
    issued = doc.issued_on or date.today()

    wb = Workbook(write_only=True)
    used: set[str] = set()
    info = wb.create_sheet(_sheet_name("Báo cáo", used))
    info.column_dimensions["A"].width = 100
    print_setup(info, landscape=False)

    def line(text: Any, font=None) -> None:
        info.append([xlsx_cell(info, text, font=font or plain, alignment=wrap)])

    line(issuer_name(commune), bold)
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

    for table in map(counts_split, doc.tables):
        ws = wb.create_sheet(_sheet_name(table.sheet or table.title, used))
        widths = column_widths(table)
        for i, width in enumerate(widths):
            ws.column_dimensions[get_column_letter(i + 1)].width = width
        print_setup(ws, landscape=sum(widths) > PORTRAIT_MAX_WIDTH, header_row=3 if table.note else 2)
        ws.append([xlsx_cell(ws, table.title, font=title_font)])
        if table.note:
            ws.append([xlsx_cell(ws, table.note, font=plain)])
        ws.append([xlsx_cell(ws, c.label, font=bold, alignment=wrap, border=box) for c in table.columns])
        if not table.rows:
            ws.append([xlsx_cell(ws, table.empty_text, font=plain)])
        for row in table.rows:
            ws.append(
                [
                    xlsx_cell(
                        ws,
                        _xlsx_value(c, v),
                        number_format=_number_format(c, v),
                        font=plain,
                        alignment=wrap,
                        border=box,
                    )
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
