"""Hostile files built in the test, small: a far cell, a zip bomb, CSVs with odd line ends."""

from __future__ import annotations

import io
import zipfile
import zlib
from functools import cache

from openpyxl import Workbook

HEADER = "ma_ke_hoach,ma_don_vi,tu_ngay,ma_so_lieu,gia_tri,linh_vuc"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def sheet_xml(cells: dict[str, object], *, merges: list[str] = (), dimension: str | None = None, tail: str = "") -> str:
    """A worksheet with ``cells`` (reference → int or text, inline strings), in row order."""
    from openpyxl.utils.cell import coordinate_from_string

    rows: dict[int, list[str]] = {}
    for ref, value in cells.items():
        _, row = coordinate_from_string(ref)
        if isinstance(value, str):
            rows.setdefault(row, []).append(f'<c r="{ref}" t="inlineStr"><is><t>{_escape(value)}</t></is></c>')
        else:
            rows.setdefault(row, []).append(f'<c r="{ref}"><v>{value}</v></c>')
    body = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merge = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{body}</sheetData>{merge if merges else ''}{tail}</worksheet>"
    )


def xlsx_raw(sheet: str, *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal workbook around one worksheet's XML (fast: no openpyxl on the way in)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def xlsx_far_cell(ref: str) -> bytes:
    """A ~5 KB workbook written by openpyxl: the bulk header, one good row, one cell at ``ref``."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    ws.append(["PL-TEST", "VP", "2025-11-03", "HS_TIEP_NHAN", 5, None])
    ws[ref] = 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@cache
def zip_bomb() -> bytes:
    """A ~433 KB xlsx whose sheet inflates to 430 MB (a comment of spaces): built once per run,
    compressed in 1 MB pieces so the building stays near 4 s."""
    head = sheet_xml({"A1": "ma_ke_hoach"}).encode().replace(b"</worksheet>", b"<!--")
    tail = b"--></worksheet>"
    piece = b" " * (1 << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc = zlib.crc32(head)
    parts = [comp.compress(head)]
    for _ in range(430):
        parts.append(comp.compress(piece))
        crc = zlib.crc32(piece, crc)
    parts.append(comp.compress(tail))
    crc = zlib.crc32(tail, crc)
    parts.append(comp.flush())
    data = b"".join(parts)
    size = len(head) + 430 * len(piece) + len(tail)
    base = xlsx_raw(sheet_xml({"A1": 1}))
    # rewrite the sheet member with the pre-compressed stream
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info, src.read(info))
    return _append_raw_member(out.getvalue(), "xl/worksheets/sheet1.xml", data, crc, size)


def _append_raw_member(zip_bytes: bytes, name: str, deflated: bytes, crc: int, size: int) -> bytes:
    """``zip_bytes`` plus one member whose deflated bytes are given (zipfile cannot take them)."""
    import struct

    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as z:
        infos = z.infolist()
        cd_offset = z.start_dir
    body = zip_bytes[:cd_offset]
    central = zip_bytes[cd_offset:]
    central = central[: central.rfind(b"PK\x05\x06")]
    fname = name.encode()
    offset = len(body)
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(deflated), size, len(fname), 0)
    entry = struct.pack(
        "<4sHHHHHHIIIHHHHHII",
        b"PK\x01\x02",
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(deflated),
        size,
        len(fname),
        0,
        0,
        0,
        0,
        0,
        offset,
    )
    body += local + fname + deflated
    cd = central + entry + fname
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(infos) + 1, len(infos) + 1, len(cd), len(body), 0)
    return body + cd + end


def csv_bytes(*lines: str, newline: str = "\n") -> bytes:
    return (newline.join([HEADER, *lines]) + newline).encode()
