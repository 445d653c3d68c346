"""The document model: what a document is built from, written by both writers (``pdf`` and
``xlsx``), and the Vietnamese formatting of its cells.

An exporter only *builds* a :class:`Document` — heading data, narrative blocks and
:class:`Table` s whose rows come straight from the engine's selectors (docs/design.md section 3:
an exporter never recomputes a figure). The same Document is then written as a PDF or as an
xlsx workbook, so the two files of one request always carry the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from indicators.formatting import number_text, pct_text, status_label  # one rounding, one map of words

NO_DATA = "chưa có số liệu"


@dataclass(frozen=True)
class Num:
    """A cell whose kind differs from its column's (an indicator table mixes % and counts)."""

    value: Any
    kind: str = "pct"  # pct | int | dec
    decimals: int = 2
    prefix: str = ""  # e.g. "≥ " before a target
    # the engine's counts behind a rate (issue #16): printed "1.150/1.250 · 92,00%", and in the
    # xlsx in columns of their own
    numerator: Any = None
    denominator: Any = None

    @property
    def has_counts(self) -> bool:
        return self.numerator is not None and self.denominator is not None and self.value is not None


@dataclass(frozen=True)
class Column:
    """kind: text | int | dec | pct (a percent value, 92.5 → "92,50%") | status | date."""

    label: str
    kind: str = "text"
    decimals: int = 2
    width: int = 14  # xlsx column width (characters)
    counts: bool = False  # a rate with the engine's counts: three columns in the xlsx (issue #16)


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    total: list[Any] | None = None  # a last "Tổng" row, set apart
    note: str = ""
    sheet: str = ""  # xlsx sheet name (defaults to the title)
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
    survey_round: Any = None  # households.SurveyRound of a Mẫu 02 document (its own xlsx layout)
    # "Trên đây là báo cáo …": printed with the signature block, kept on its page (never alone)
    closing: str = ""
    signer: dict[str, str] | None = None  # a draft's signer; None: the commune's (org.Commune.signer_*)

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


def fmt_count(value: Any) -> str:
    """A count as printed: whole numbers without decimals ("1.150"), others with two."""
    if value is None:
        return "–"
    exact = Decimal(value)
    return fmt_number(exact, 0 if exact == exact.to_integral_value() else 2)


def fmt_ratio(numerator: Any, denominator: Any, rate: Any, decimals: int = 2) -> str:
    """ "1.150/1.250 · 92,00%": the counts beside the rate, as the engine stored them."""
    return f"{fmt_count(numerator)}/{fmt_count(denominator)} · {fmt_pct(rate, decimals)}"


def fmt_pct(value: Any, decimals: int = 2) -> str:
    return pct_text(value, decimals, empty="–")


def fmt_date(value: date | str | None) -> str:
    if isinstance(value, str):  # a deadline as the plan wrote it ("Trước 30/11/2025")
        return value
    return value.strftime("%d/%m/%Y") if value else ""


def issuer_name(commune: Any) -> str:
    """The issuing body in full, as Nghị định 30/2020 prints it: "ỦY BAN NHÂN DÂN XÃ PHÚ LẠC"."""
    return f"ỦY BAN NHÂN DÂN XÃ {commune.name.upper()}"


def fmt_cell(column: Column, value: Any) -> str:
    if isinstance(value, Num):
        if value.value is None:
            return "–"
        if value.has_counts:
            return value.prefix + fmt_ratio(value.numerator, value.denominator, value.value, value.decimals)
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
