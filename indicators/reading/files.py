"""Bounded reading of an uploaded file (issue 14 item 4): everything is measured before it is
unpacked or parsed, so a small hostile file cannot pin a worker or fill its memory.

* the upload's size (``XTD_MAX_UPLOAD_BYTES``);
* an xlsx is a zip: its declared sizes (in total, and the compression ratio of every member)
  are read from the zip's directory before anything is inflated; every worksheet is then
  streamed once (no tree kept) to find its farthest row and column, its cell count, and the
  ranges openpyxl would expand (merged cells, hyperlinks), before openpyxl loads the file;
* a CSV accepts any line ending (CRLF, LF, a bare CR), a field longer than ``max_field`` is
  refused, and the rows and columns are counted as they are read.

A refusal is an :class:`UploadRefused` with a Vietnamese message (and the row and column when
there is one). Nothing here touches the database: the caller saves only what passed.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries

from indicators.formatting import number_text

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
# members that are not XML (pictures, printer settings, VML drawings); every other member is
# streamed, wherever the workbook's relations point a worksheet
NOT_XML = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".bin", ".vml")
_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")


@dataclass(frozen=True)
class Limits:
    """What an upload may hold. ``max_bytes`` None means ``settings.XTD_MAX_UPLOAD_BYTES``."""

    max_bytes: int | None = None
    max_rows: int = 20_000
    max_columns: int = 64
    max_cells: int = 200_000  # cells present, and rows × columns of the used range
    max_field: int = 10_000  # characters in one cell or CSV field
    max_unpacked: int = 60 * 1024 * 1024  # declared size of every zip member together
    max_ratio: int = 100  # declared size ÷ compressed size of one member (zip bomb)
    ratio_from: int = 1024 * 1024  # members smaller than this are not ratio-checked

    def bytes_limit(self) -> int:
        return self.max_bytes if self.max_bytes is not None else settings.XTD_MAX_UPLOAD_BYTES


LIMITS = Limits()


class UploadRefused(Exception):
    """A file refused before or while reading: ``message`` in Vietnamese, ``row`` and
    ``column`` (1-based row, column name or letter) when the problem has a place."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return (", ".join(where) + ": " if where else "") + self.message


def _n(value: int) -> str:
    return number_text(value, 0)


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f}".replace(".", ",")


def size_refusal(size: int, limits: Limits = LIMITS) -> str | None:
    """The refusal of a file of ``size`` bytes (None when it fits)."""
    limit = limits.bytes_limit()
    if size <= limit:
        return None
    return f"Tệp quá lớn ({_mb(size)} MB); chỉ nhận tệp đến {limit // 1048576} MB."


def check_size(size: int, limits: Limits = LIMITS) -> None:
    message = size_refusal(size, limits)
    if message:
        raise UploadRefused(message)


def is_xlsx(content: bytes) -> bool:
    return content[:4] == XLSX_MAGIC


UNREADABLE_XLSX = "Tệp không đọc được như một bảng tính Excel (.xlsx)."


# --- xlsx ------------------------------------------------------------------------------------


def _zip_check(zf: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    """The zip's directory only: declared sizes and ratios, before anything is inflated."""
    infos = zf.infolist()
    if len(infos) > 500:
        raise UploadRefused("Tệp Excel có quá nhiều thành phần bên trong: không phải bảng tính bình thường.")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= limits.ratio_from and ratio > limits.max_ratio:
            raise UploadRefused(
                f"Tệp Excel bị nén bất thường ({info.filename}: {_mb(info.compress_size)} MB nén thành "
                f"{_mb(info.file_size)} MB, gấp {int(ratio)} lần; chỉ nhận đến {limits.max_ratio} lần): "
                "tệp có thể là “bom nén”, không được đọc."
            )
    if total > limits.max_unpacked:
        raise UploadRefused(
            f"Tệp Excel khi giải nén lớn {_mb(total)} MB; chỉ nhận đến {limits.max_unpacked // 1048576} MB."
        )
    return infos


def _cell_pos(ref: str) -> tuple[int, int]:
    m = _CELL_REF.match(ref)
    if not m:
        raise UploadRefused(UNREADABLE_XLSX)
    return int(m.group(2)), column_index_from_string(m.group(1))


def _far(sheet: str, row: int, col: int, limits: Limits, *, declared: str = "") -> None:
    if row > limits.max_rows or col > limits.max_columns:
        cell = f"{get_column_letter(min(max(col, 1), 16384))}{row}"
        what = f"khai báo vùng dữ liệu {declared[:30]}" if declared else f"có ô {cell}"
        raise UploadRefused(
            f"Trang tính “{sheet}” {what} nằm quá xa: chỉ nhận đến "
            f"{_n(limits.max_rows)} dòng và {limits.max_columns} cột (đến cột "
            f"{get_column_letter(limits.max_columns)}). Hãy xóa các ô thừa ở cuối bảng rồi lưu lại."
        )


def _range_area(sheet: str, ref: str, limits: Limits) -> int:
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        raise UploadRefused(UNREADABLE_XLSX) from None
    if None in (min_col, min_row, max_col, max_row):
        raise UploadRefused(f"Trang tính “{sheet}” có vùng “{ref[:30]}” trọn cột hoặc trọn dòng: không đọc được.")
    _far(sheet, max_row, max_col, limits)
    return (max_row - min_row + 1) * (max_col - min_col + 1)


def _scan_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> int:
    """Stream one XML member with expat (no tree is built): the farthest cell, the cell count,
    the ranges openpyxl would expand (merged cells, hyperlinks). A DOCTYPE or an entity
    (the "billion laughs") is refused."""
    sheet = info.filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    state = {"row": 0, "col": 0, "cells": 0, "expanded": 0, "max_row": 0, "max_col": 0, "text": -1}

    def too_big() -> UploadRefused:
        return UploadRefused(f"Trang tính “{sheet}” quá lớn (hơn {_n(limits.max_cells)} ô): hãy chia thành nhiều tệp.")

    def start(name: str, attrs: dict[str, str]) -> None:
        if not name.startswith(MAIN_NS):
            return
        tag = name[len(MAIN_NS) :]
        if tag == "dimension":  # the sheet's own declaration, first in the stream
            ref = attrs.get("ref", "A1")
            _far(sheet, *_cell_pos(ref.rsplit(":", 1)[-1]), limits, declared=ref)
        elif tag == "row":
            r = attrs.get("r")
            state["row"] = int(r) if r and r.isascii() and r.isdigit() and len(r) < 9 else state["row"] + 1
            state["col"] = 0
            _far(sheet, state["row"], 1, limits)
        elif tag == "c":
            r = attrs.get("r")
            if r:
                state["row"], state["col"] = _cell_pos(r)
            else:
                state["col"] += 1
            _far(sheet, state["row"], state["col"], limits)
            state["cells"] += 1
            state["max_row"] = max(state["max_row"], state["row"])
            state["max_col"] = max(state["max_col"], state["col"])
            if state["cells"] > limits.max_cells or state["max_row"] * state["max_col"] > limits.max_cells:
                raise too_big()
        elif tag in ("si", "is"):  # a shared or inline string: its text runs add up as they stream
            state["text"] = 0
        elif tag in ("mergeCell", "hyperlink"):
            ref = attrs.get("ref", "")
            state["expanded"] += _range_area(sheet, ref, limits) if ":" in ref else 1
            if state["expanded"] > limits.max_cells:
                raise too_big()

    def text(data: str) -> None:
        # every cell's text, also one a merged range would hide from openpyxl (its value dropped)
        if state["text"] >= 0:
            state["text"] += len(data)
            if state["text"] > limits.max_field:
                where = (
                    f"ô {get_column_letter(state['col'] or 1)}{state['row'] or 1} của trang “{sheet}”"
                    if sheet.startswith("sheet")
                    else "một ô chữ của tệp"
                )
                raise UploadRefused(
                    f"{where} dài hơn {_n(limits.max_field)} ký tự; một ô chỉ nhận đến {_n(limits.max_field)} ký tự"
                )

    def end(name: str) -> None:
        if name.startswith(MAIN_NS) and name[len(MAIN_NS) :] in ("si", "is"):
            state["text"] = -1

    def refuse_doctype(*_args) -> None:
        raise UploadRefused(UNREADABLE_XLSX)

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = lambda name, attrs: start("{" + name, attrs)
    parser.EndElementHandler = lambda name: end("{" + name)
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    with zf.open(info) as stream:
        while chunk := stream.read(65536):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return max(state["cells"], state["max_row"] * state["max_col"], state["expanded"])


def xlsx_check(content: bytes, limits: Limits = LIMITS) -> None:
    """Everything that can be measured before openpyxl loads ``content``; raises
    :class:`UploadRefused`."""
    check_size(len(content), limits)
    if content[:4] == XLS_MAGIC:
        raise UploadRefused("Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy lưu lại thành .xlsx hoặc .csv.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            total = 0
            for info in _zip_check(zf, limits):
                if not info.filename.lower().endswith(NOT_XML) and not info.is_dir():
                    total += _scan_sheet(zf, info, limits)
                if total > limits.max_cells:
                    raise UploadRefused(
                        f"Tệp Excel quá lớn (các trang tính có hơn {_n(limits.max_cells)} ô): hãy chia thành nhiều tệp."
                    )
    except UploadRefused:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        expat.ExpatError,
        zlib.error,
        ValueError,
        KeyError,
        OSError,
        EOFError,
    ):
        raise UploadRefused(UNREADABLE_XLSX) from None
    except NotImplementedError:  # a compression method zipfile does not know
        raise UploadRefused(UNREADABLE_XLSX) from None


def xlsx_load(content: bytes, limits: Limits = LIMITS, **options):
    """``openpyxl.load_workbook`` once :func:`xlsx_check` has passed; any reader failure is
    "not a spreadsheet"."""
    xlsx_check(content, limits)
    try:
        wb = load_workbook(io.BytesIO(content), **options)
    except Exception:  # noqa: BLE001 - any reader failure means "not a spreadsheet"
        raise UploadRefused(UNREADABLE_XLSX) from None
    if not options.get("read_only"):
        for ws in wb.worksheets:
            # the cells present only (iter_rows would create every empty cell of the range)
            for cell in list(getattr(ws, "_cells", {}).values()):
                if isinstance(cell.value, str) and len(cell.value) > limits.max_field:
                    raise UploadRefused(
                        f"ô {cell.coordinate} của trang “{ws.title}” dài {_n(len(cell.value))} ký tự; "
                        f"một ô chỉ nhận đến {_n(limits.max_field)} ký tự",
                        row=cell.row,
                        column=cell.column_letter,
                    )
    return wb


# --- csv -------------------------------------------------------------------------------------


def csv_rows(content: bytes, limits: Limits = LIMITS) -> list[tuple[int, list[str]]]:
    """(record number, fields) of a UTF-8 CSV (a BOM is fine), "," or ";" between fields, any
    line ending. Refuses binary, long fields, and too many rows or columns."""
    check_size(len(content), limits)
    if b"\x00" in content:
        raise UploadRefused("Tệp không phải là bảng tính (chỉ nhận .csv UTF-8 hoặc .xlsx).")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRefused("Tệp không phải là bảng tính CSV mã UTF-8 hoặc .xlsx (không đọc được chữ).") from None
    # universal newlines: "\r\n", "\n" and a bare "\r" all end a line
    stream = io.StringIO(text, newline=None)
    first = stream.readline()
    stream.seek(0)
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(stream, delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    n = 0
    try:
        for n, fields in enumerate(reader, start=1):
            if n > limits.max_rows:
                raise UploadRefused(f"Tệp có hơn {_n(limits.max_rows)} dòng: hãy chia thành nhiều tệp.")
            if len(fields) > limits.max_columns:
                raise UploadRefused(f"có {len(fields)} cột; chỉ nhận đến {limits.max_columns} cột", row=n)
            for i, value in enumerate(fields, start=1):
                if len(value) > limits.max_field:
                    raise UploadRefused(
                        f"ô dài {_n(len(value))} ký tự; một ô chỉ nhận đến {_n(limits.max_field)} ký tự",
                        row=n,
                        column=str(i),
                    )
            rows.append((n, fields))
    except csv.Error as exc:
        where = n + 1
        if "field larger than field limit" in str(exc):
            raise UploadRefused(
                f"có một ô dài hơn {_n(limits.max_field)} ký tự (giới hạn của một ô)", row=where
            ) from None
        raise UploadRefused("dòng không đọc được như CSV (dấu ngoặc kép không đóng?)", row=where) from None
    return rows
