"""The exporter interface, the registry and the two shared writers (issue #8).

An exporter turns parameters into one file: ``render(params) -> (filename, content_type, bytes)``.
Each document exporter only *builds* a :class:`Document` — heading data, narrative blocks and
:class:`Table` s whose rows come straight from the engine's selectors (DESIGN.md section 3: an
exporter never recomputes a figure) — and the same Document is written either as a PDF in the
state format (Nghị định 30/2020/NĐ-CP, a Django template rendered by WeasyPrint) or as an xlsx
workbook (one shared writer, spreadsheet formula injection neutralised). So the PDF and the
Excel file of one request always carry the same figures.

Pattern from pretix ``base/exporter.py``: identifier, verbose_name, parameters, render.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

# WeasyPrint logs every rendering step at INFO: keep the worker's log readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PDF = "pdf"
XLSX = "xlsx"
FORMATS = (PDF, XLSX)
CONTENT_TYPES = {
    PDF: "application/pdf",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

from indicators.formatting import number_text, pct_text, status_label  # noqa: E402  (one rounding, one map of words)

NO_DATA = "chưa có số liệu"


class ExportError(Exception):
    """Bad parameters for a document: the message is Vietnamese and shown as is."""


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        month = 3 * self.number
        next_first = date(self.year + 1, 1, 1) if month == 12 else date(self.year, month + 1, 1)
        return date.fromordinal(next_first.toordinal() - 1)

    @property
    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def roman(self) -> str:
        return ("I", "II", "III", "IV")[self.number - 1]

    @property
    def label(self) -> str:
        return f"quý {self.roman} năm {self.year}"

    @classmethod
    def parse(cls, text: str) -> Quarter:
        m = re.fullmatch(r"\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*", text or "")
        if not m:
            raise ExportError(f"Quý “{text}” không đúng dạng NĂM-QSỐ, ví dụ 2026-Q1.")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)


@dataclass
class ExportParams:
    """What a request for a document carries (stored as JSON in the export record)."""

    kind: str
    campaign_id: int
    fmt: str = PDF
    period_start: date | None = None  # weekly: the period's first day (--period)
    quarter: Quarter | None = None  # quarterly (--quarter)
    narratives: dict[str, str] = field(default_factory=dict)  # quarterly sections, edited by the centre
    number: str = ""  # "Số: …/BC-UBND" — left blank for the office to fill in by hand
    issued_on: date | None = None  # the date line; defaults to the day of generation
    survey_round_id: int | None = None  # mau_02: which round (default: the latest)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "campaign_id": self.campaign_id,
            "format": self.fmt,
            "period": self.period_start.isoformat() if self.period_start else None,
            "quarter": self.quarter.code if self.quarter else None,
            "narratives": dict(self.narratives),
            "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "survey_round_id": self.survey_round_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExportParams:
        return cls(
            kind=data["kind"],
            campaign_id=int(data["campaign_id"]),
            fmt=data.get("format") or PDF,
            period_start=date.fromisoformat(data["period"]) if data.get("period") else None,
            quarter=Quarter.parse(data["quarter"]) if data.get("quarter") else None,
            narratives=dict(data.get("narratives") or {}),
            number=data.get("number") or "",
            issued_on=date.fromisoformat(data["issued_on"]) if data.get("issued_on") else None,
            survey_round_id=data.get("survey_round_id"),
        )


# --- the document model -------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    """A cell whose kind differs from its column's (an indicator table mixes % and counts)."""

    value: Any
    kind: str = "pct"  # pct | int | dec
    decimals: int = 2
    prefix: str = ""  # e.g. "≥ " before a target


@dataclass(frozen=True)
class Column:
    """kind: text | int | dec | pct (a percent value, 92.5 → "92,50%") | status | date."""

    label: str
    kind: str = "text"
    decimals: int = 2
    width: int = 14  # xlsx column width (characters)


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    total: list[Any] | None = None  # a last "Tổng" row, set apart
    note: str = ""
    sheet: str = ""  # xlsx sheet name (defaults to the title)
    # per-row decimals override for "pct"/"dec" cells (an indicator's own number of decimals)
    empty_text: str = "Chưa có số liệu."


@dataclass
class Block:
    """One piece of the body: a heading, a paragraph, a bulleted list or a table."""

    kind: str  # heading | subheading | para | bullets | table | pagebreak
    text: str = ""
    items: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass
class Document:
    kind: str
    title: str  # printed in bold capitals
    subtitle: str  # the line under the title ("Tuần từ … đến …", "Quý I năm 2026")
    commune: Any  # org.Commune
    campaign: Any  # campaigns.Campaign
    blocks: list[Block] = field(default_factory=list)
    number: str = ""
    issued_on: date | None = None
    recipients: list[str] = field(default_factory=list)
    unit_line: str = ""  # a second line under "UBND XÃ …" if a unit issues it
    landscape: bool = False
    symbol: str = "BC-UBND"
    filename_stem: str = ""

    # convenience builders
    def heading(self, text: str) -> None:
        self.blocks.append(Block("heading", text))

    def subheading(self, text: str) -> None:
        self.blocks.append(Block("subheading", text))

    def para(self, text: str) -> None:
        self.blocks.append(Block("para", text))

    def bullets(self, items: Iterable[str]) -> None:
        self.blocks.append(Block("bullets", items=list(items)))

    def table(self, table: Table) -> None:
        self.blocks.append(Block("table", table=table))

    @property
    def tables(self) -> list[Table]:
        return [b.table for b in self.blocks if b.kind == "table" and b.table is not None]


# --- Vietnamese formatting ---------------------------------------------------------------


def fmt_number(value: Any, decimals: int = 0) -> str:
    """1234.5 → "1.234,50" (Vietnamese separators, half up: indicators.formatting); None → "–"."""
    return number_text(value, decimals, empty="–")


def fmt_pct(value: Any, decimals: int = 2) -> str:
    return pct_text(value, decimals, empty="–")


def fmt_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def fmt_cell(column: Column, value: Any) -> str:
    if isinstance(value, Num):
        if value.value is None:
            return "–"
        return value.prefix + fmt_cell(Column("", value.kind, value.decimals), value.value)
    if value is None or value == "":
        return "–" if column.kind in ("int", "dec", "pct") else ""
    if column.kind == "int":
        return fmt_number(value, 0)
    if column.kind == "dec":
        return fmt_number(value, column.decimals)
    if column.kind == "pct":
        return fmt_pct(value, column.decimals)
    if column.kind == "status":
        return status_label(str(value))
    if column.kind == "date":
        return fmt_date(value)
    return str(value)


def date_line(place: str, day: date) -> str:
    """ "Phú Lạc, ngày 05 tháng 01 năm 2026" (Nghị định 30: day and month below 10 take a 0 for
    days 1–9 and months 1–2)."""
    day_s = f"{day.day:02d}"
    month_s = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day_s} tháng {month_s} năm {day.year}"


# --- registry -----------------------------------------------------------------------------


class BaseExporter:
    """Extension point: subclass, set ``identifier`` / ``verbose_name``, implement ``build``.

    ``build(params)`` returns a :class:`Document` whose figures come from the engine's
    selectors; ``render`` turns it into a PDF or an xlsx. An exporter with a bespoke Excel
    layout (Mẫu 02) overrides ``render_xlsx``.
    """

    identifier: ClassVar[str] = ""
    verbose_name: ClassVar[str] = ""
    template_name: ClassVar[str] = "documents/pdf/document.html"
    # which of period / quarter the document needs: "period", "quarter" or "" (none)
    window: ClassVar[str] = ""

    def validate(self, params: ExportParams, campaign) -> None:
        """Raise :class:`ExportError` for parameters this document cannot take."""

    def build(self, params: ExportParams, *, progress: Callable[[int], None] | None = None) -> Document:
        raise NotImplementedError

    def render(self, params: ExportParams, *, progress: Callable[[int], None] | None = None) -> tuple[str, str, bytes]:
        if params.fmt not in FORMATS:
            raise ExportError(f"Định dạng “{params.fmt}” không hỗ trợ; chọn pdf hoặc xlsx.")
        doc = self.build(params, progress=progress)
        if progress:
            progress(60)
        content = self.render_pdf(doc) if params.fmt == PDF else self.render_xlsx(doc, params)
        if progress:
            progress(95)
        return f"{doc.filename_stem or slugify(doc.title)}.{params.fmt}", CONTENT_TYPES[params.fmt], content

    def render_pdf(self, doc: Document) -> bytes:
        return pdf_render(self.template_name, doc)

    def render_xlsx(self, doc: Document, params: ExportParams) -> bytes:
        return xlsx_write(doc)


_REGISTRY: dict[str, BaseExporter] = {}


def register(cls: type[BaseExporter]) -> type[BaseExporter]:
    _REGISTRY[cls.identifier] = cls()
    return cls


def exporter_get(kind: str) -> BaseExporter:
    from . import _load_all  # noqa: F401  (fills the registry)

    try:
        return _REGISTRY[kind]
    except KeyError:
        raise ExportError(f"Không có loại văn bản “{kind}”; chọn một trong: {', '.join(sorted(_REGISTRY))}.")


def exporters() -> list[BaseExporter]:
    from . import _load_all  # noqa: F401

    return list(_REGISTRY.values())


# --- the PDF writer -----------------------------------------------------------------------


def pdf_context(doc: Document) -> dict[str, Any]:
    commune = doc.commune
    issued = doc.issued_on or date.today()
    return {
        "doc": doc,
        "commune": commune,
        "issuer": f"UBND XÃ {commune.name.upper()}",
        # an empty number leaves room for the office to write it by hand
        "number_line": f"Số: {doc.number or chr(0xA0) * 10}/{doc.symbol}",
        "date_line": date_line(commune.name, issued),
        "signer_mode": (commune.signer_mode or "").upper(),
        "signer_title": (commune.signer_title or "").upper(),
        "signer_name": commune.signer_name or "",
        "blocks": [_display_block(b) for b in doc.blocks],
    }


def _display_block(block: Block) -> dict[str, Any]:
    if block.kind != "table" or block.table is None:
        return {"kind": block.kind, "text": block.text, "items": block.items}
    t = block.table
    return {
        "kind": "table",
        "title": t.title,
        "note": t.note,
        "columns": t.columns,
        "widths": _widths(t.columns),
        "rows": [[(_kind(c, v), fmt_cell(c, v)) for c, v in zip(t.columns, row, strict=False)] for row in t.rows],
        "total": [(_kind(c, v), fmt_cell(c, v)) for c, v in zip(t.columns, t.total, strict=False)] if t.total else None,
        "empty_text": t.empty_text,
    }


def _widths(columns: list[Column]) -> list[tuple[Column, str]]:
    total = sum(c.width for c in columns) or 1
    return [(c, f"{100 * c.width / total:.2f}") for c in columns]


def _kind(column: Column, value: Any) -> str:
    return value.kind if isinstance(value, Num) else column.kind


def pdf_render(template_name: str, doc: Document) -> bytes:
    """Render a Django template (autoescaped: a narrative with HTML in it prints as text) with
    WeasyPrint. Fonts: Times New Roman or the metric-compatible Liberation Serif."""
    import weasyprint

    with translation.override("vi"):
        html = render_to_string(template_name, pdf_context(doc))
    return weasyprint.HTML(string=html).write_pdf()


# --- the xlsx writer ----------------------------------------------------------------------

from org.spreadsheet import is_formula_like  # noqa: E402  (one rule for every xlsx writer)


def xlsx_cell(ws, value: Any, *, number_format: str | None = None, font=None, alignment=None, border=None):
    """A write-only cell. Text that a spreadsheet would run as a formula (= + - @ tab at the
    start: spreadsheet formula injection) is stored as a plain string with the quote prefix,
    so it shows as typed and never evaluates."""
    from openpyxl.cell import WriteOnlyCell

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
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

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
            ws.column_dimensions[_col_letter(i)].width = col.width
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


def _col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)
