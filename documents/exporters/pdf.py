"""The PDF writer: a :class:`~documents.exporters.document.Document` in the state format
(Nghị định 30/2020/NĐ-CP) through a Django template rendered by WeasyPrint."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import weasyprint
from django.template.loader import render_to_string
from django.utils import translation

from .document import Block, Column, Document, Num, date_line, fmt_cell, issuer_name

# WeasyPrint logs every rendering step at INFO: keep the worker's log readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def pdf_context(doc: Document) -> dict[str, Any]:
    commune = doc.commune
    issued = doc.issued_on or date.today()
    body, tail = _split_tail(doc.blocks)
    signer = doc_signer(doc)
    return {
        "doc": doc,
        "commune": commune,
        "issuer": issuer_name(commune),
        # Nghị định 30/2020, Phụ lục I: "ỦY BAN NHÂN DÂN" over "XÃ PHÚ LẠC", in full
        "issuer_lines": ["ỦY BAN NHÂN DÂN", f"XÃ {commune.name.upper()}"],
        # an empty number leaves room for the office to write it by hand
        "number_line": f"Số: {doc.number or chr(0xA0) * 10}/{doc.symbol}",
        "date_line": date_line(commune.name, issued),
        "signer_mode": (signer["authority"] or "").upper(),
        "signer_title": (signer["title"] or "").upper(),
        "signer_name": signer["name"] or "",
        "blocks": [_display_block(b) for b in body],
        # the last paragraph (or list) goes with the closing sentence and the signature, kept on one page
        "tail_blocks": [_display_block(b) for b in tail],
    }


def doc_signer(doc: Document) -> dict[str, str]:
    """Authority (KT./Q. line), title and name: the draft's, else the commune's."""
    if doc.signer is not None:
        return {k: doc.signer.get(k) or "" for k in ("authority", "title", "name")}
    c = doc.commune
    return {"authority": c.signer_mode or "", "title": c.signer_title or "", "name": c.signer_name or ""}


def _split_tail(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """The body and its last text block (a paragraph or a list, with the headings right above
    it): the tail is printed in one unbreakable box with the signature."""
    if not blocks or blocks[-1].kind not in ("para", "bullets"):
        return blocks, []
    cut = len(blocks) - 1
    while cut > 0 and blocks[cut - 1].kind in ("heading", "subheading"):
        cut -= 1
    return blocks[:cut], blocks[cut:]


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
    """The cell's CSS classes: its kind, and ``counts`` for "1.150/1.250 · 92,00%" (which may
    wrap at its spaces, never inside a number)."""
    if isinstance(value, Num):
        return f"{value.kind} counts" if value.has_counts else value.kind
    return column.kind


def pdf_render(template_name: str, doc: Document) -> bytes:
    """Render a Django template (autoescaped: a narrative with HTML in it prints as text) with
    WeasyPrint. Fonts: Times New Roman or the metric-compatible Liberation Serif."""
    with translation.override("vi"):
        html = render_to_string(template_name, pdf_context(doc))
    return weasyprint.HTML(string=html).write_pdf()
