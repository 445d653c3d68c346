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
