from __future__ import annotations

import io
import subprocess
import tempfile

import openpyxl


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(content)
        fh.flush()
        out = subprocess.run(["pdftotext", "-layout", fh.name, "-"], capture_output=True, check=True)
    return out.stdout.decode()


def pdf_text_raw(content: bytes) -> str:
    """Text without layout, lines joined: for phrases that may wrap."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(content)
        fh.flush()
        out = subprocess.run(["pdftotext", fh.name, "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def sheet_rows(wb, name: str) -> list[tuple]:
    return [tuple(r) for r in wb[name].iter_rows(values_only=True)]


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(content)
        fh.flush()
        out = subprocess.run(["pdftotext", "-layout", fh.name, "-"], capture_output=True, check=True)
    return [p for p in out.stdout.decode().split("\f") if p.strip()]


def sheet_records(wb, name: str) -> list[dict]:
    """A table's rows keyed by its header (the first row with two cells or more filled)."""
    rows = sheet_rows(wb, name)
    header_at = next(i for i, r in enumerate(rows) if sum(v is not None for v in r) >= 2)
    header = rows[header_at]
    return [dict(zip(header, r, strict=False)) for r in rows[header_at + 1 :]]


def pdf_text_stream(content: bytes) -> str:
    """Text in the order it was drawn (pdftotext -raw), lines joined: a table cell's lines stay
    together ("1.150/1.250" and "· 92,00%" on two lines of one cell read "1.150/1.250 · 92,00%")."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(content)
        fh.flush()
        out = subprocess.run(["pdftotext", "-raw", fh.name, "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())
