"""A unit's form as a workbook: download it pre-filled, fill it offline, upload it back.

Every write carries its version (issue 14): the workbook holds the report's version and the
figures as they were when it was downloaded, on a hidden, protected sheet. An upload whose
version is not the report's current one changes nothing and names the figures that changed
since (the value in the workbook and the value now, and who changed the report last); a
workbook without a version (from before, or tampered with) is refused the same way.
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from indicators.facts import datavalues_for
from indicators.reading import NumberInvalid, read_number
from org.spreadsheet import put

from .excel import CellError, UploadInvalid, _blank, _check_size, _merged_cells, _open_xlsx, _refuse, _text
from .figures import figures_validate, form_spec
from .models import UnitReport
from .selectors import previous_period
from .validation import Key, parse_figure

VERSION_SHEET = "Phiên bản"
VERSION_FIRST_ROW = 4  # the figures at download: code, field code, value


class WorkbookOutdated(UploadInvalid):
    """The workbook is not of the report's current version: nothing is saved."""


FORM_HEADER = ["Mã số liệu", "Mã lĩnh vực", "Tên số liệu", "Lĩnh vực", "Kỳ trước", "Giá trị"]
FORM_FIRST_ROW = 8
VALUE_COL = 6


def form_xlsx_build(*, report: UnitReport) -> bytes:
    """The report's form, pre-filled, with protected code columns and the unit and period in it."""

    spec = form_spec(campaign=report.campaign, unit=report.unit, cadence=report.period.cadence)
    current = datavalues_for(unit_id=report.unit_id, period_id=report.period_id)
    prev = previous_period(report.period)
    last = datavalues_for(unit_id=report.unit_id, period_id=prev.pk) if prev else {}
    wb = Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    bold = Font(bold=True)
    ws["A1"] = "BÁO CÁO SỐ LIỆU CỦA ĐƠN VỊ"
    ws["A1"].font = Font(bold=True, size=13)
    meta = [
        ("Kế hoạch", report.campaign.code, report.campaign.title),
        ("Đơn vị", report.unit.code, report.unit.name),
        ("Kỳ báo cáo (từ ngày)", report.period.start.isoformat(), report.period.label),
        (
            "Hạn nộp",
            timezone.localtime(report.period.deadline).strftime("%d/%m/%Y %H:%M"),
            "Chỉ nhập vào cột “Giá trị”; không sửa các cột mã.",
        ),
    ]
    for i, (label, code, text) in enumerate(meta, start=2):
        put(ws, i, 1, label).font = bold
        put(ws, i, 2, code)
        put(ws, i, 3, text)
    for col, title in enumerate(FORM_HEADER, start=1):
        c = ws.cell(row=FORM_FIRST_ROW - 1, column=col, value=title)
        c.font = bold
        c.fill = PatternFill("solid", fgColor="EEF1F5")
    fields = {f.pk: f for f in spec.fields}
    elements = {e.pk: e for e in spec.elements}
    unlocked = Protection(locked=False)
    input_fill = PatternFill("solid", fgColor="FFF8E1")
    for r, (eid, fid) in enumerate(spec.keys, start=FORM_FIRST_ROW):
        element = elements[eid]
        put(ws, r, 1, element.code)
        put(ws, r, 2, fields[fid].code if fid else "")
        put(ws, r, 3, element.name if fid is None else f"   – trong đó: {fields[fid].name}")
        put(ws, r, 4, fields[fid].name if fid else "Tổng số")
        prev_value = last.get((eid, fid))
        ws.cell(row=r, column=5, value=_xlsx_number(prev_value))
        value_cell = ws.cell(row=r, column=VALUE_COL, value=_xlsx_number(current.get((eid, fid))))
        value_cell.protection = unlocked
        value_cell.fill = input_fill
    for col, width in zip("ABCDEF", (26, 16, 60, 22, 12, 14), strict=True):
        ws.column_dimensions[col].width = width
    ws.column_dimensions["C"].alignment = Alignment(wrap_text=True)
    ws.freeze_panes = ws.cell(row=FORM_FIRST_ROW, column=1)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    _version_sheet(wb, report=report, spec=spec, fields=fields, elements=elements, current=current)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _version_sheet(wb: Workbook, *, report: UnitReport, spec, fields, elements, current) -> None:
    """The hidden, protected sheet: the report's version and its figures at download."""
    vs = wb.create_sheet(VERSION_SHEET)
    vs["A1"], vs["B1"] = "Phiên bản báo cáo", report.version
    vs["A2"], vs["B2"] = "Mã báo cáo", report.pk
    for r, (eid, fid) in enumerate(spec.keys, start=VERSION_FIRST_ROW):
        put(vs, r, 1, elements[eid].code)
        put(vs, r, 2, fields[fid].code if fid else "")
        vs.cell(row=r, column=3, value=_xlsx_number(current.get((eid, fid))))
    vs.sheet_state = "hidden"
    vs.protection.sheet = True
    wb.security.lockStructure = True  # the hidden sheet cannot be shown or deleted from Excel


def _vn(value: Decimal | None) -> str:
    """A figure as people read it: 7.000 and 12,5; empty as "trống"."""
    if value is None:
        return "trống"
    text = f"{Decimal(value).normalize():,f}"
    whole, _, frac = text.partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")


def _tampered() -> WorkbookOutdated:
    return WorkbookOutdated(
        [
            CellError(
                None,
                None,
                "Tệp không mang số phiên bản của báo cáo này (biểu mẫu tải về từ trước, hoặc đã bị sửa) "
                "nên không thể biết số liệu trong tệp có cũ hơn số liệu đã lưu hay không. "
                "Không có gì thay đổi: hãy tải biểu mẫu mới, điền lại rồi tải lên.",
            )
        ]
    )


def _check_version(wb, *, report: UnitReport, spec, uploaded: dict[Key, Decimal | None]) -> None:
    """Refuse a workbook that is not of the report's current version, naming what changed."""
    ws = wb[VERSION_SHEET] if VERSION_SHEET in wb.sheetnames else None
    version = ws["B1"].value if ws is not None else None
    if not isinstance(version, int) or isinstance(version, bool) or (ws["B2"].value != report.pk):
        raise _tampered()
    if version == report.version:
        return
    if version > report.version:
        raise WorkbookOutdated(
            [CellError(None, None, f"Số phiên bản trong tệp ({version}) không khớp với báo cáo ({report.version}).")]
        )
    codes = {e.code.upper(): e for e in spec.elements}
    field_codes = {f.code.upper(): f for f in spec.fields}
    now = datavalues_for(unit_id=report.unit_id, period_id=report.period_id)
    changed: list[CellError] = []
    for r in range(VERSION_FIRST_ROW, ws.max_row + 1):
        element = codes.get(_text(ws.cell(row=r, column=1).value).upper())
        if element is None:
            continue
        fcode = _text(ws.cell(row=r, column=2).value).upper()
        field = field_codes.get(fcode) if fcode else None
        key: Key = (element.pk, field.pk if field else None)
        try:
            then = read_number(ws.cell(row=r, column=3).value, integer=False, negative=True)
        except NumberInvalid:
            raise _tampered() from None
        current = now.get(key)
        if then != current:
            name = element.name + (f" ({field.name})" if field else "")
            changed.append(
                CellError(
                    None,
                    None,
                    f"{name}: khi bạn tải biểu mẫu là {_vn(then)}, nay đã là {_vn(current)}; "
                    f"tệp của bạn ghi {_vn(uploaded.get(key))}.",
                )
            )
    last = report.events.select_related("user").order_by("-at", "-id").first()
    by = ""
    if last is not None:
        who = (last.user.get_full_name() or last.user.username) if last.user else "dòng lệnh"
        by = f" Lần sửa gần nhất: {who} lúc {timezone.localtime(last.at):%H:%M %d/%m/%Y}."
    head = CellError(
        None,
        None,
        f"Báo cáo đã được sửa sau khi bạn tải biểu mẫu (phiên bản {version}, nay là {report.version}).{by} "
        "Không có số liệu nào được lưu: hãy tải biểu mẫu mới để xem số liệu hiện tại rồi điền lại.",
    )
    raise WorkbookOutdated([head, *changed])


def _xlsx_number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def form_xlsx_read(*, content: bytes, report: UnitReport) -> dict[Key, Decimal | None]:
    """The figures of an uploaded form (every box: an empty one deletes its figure). Checks that
    the file is this report's (campaign, unit, period) and names the cell of every problem."""
    _check_size(content)
    if content[:4] != b"PK\x03\x04":
        if content[:4] == b"\xd0\xcf\x11\xe0":
            raise _refuse("Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy dùng tệp .xlsx đã tải về.")
        raise _refuse("Tệp không phải là bảng tính Excel (.xlsx): hãy dùng tệp biểu mẫu đã tải về.")
    wb = _open_xlsx(content)
    ws = wb.worksheets[0]
    merged = _merged_cells(ws)
    expect = {
        "B2": (report.campaign.code, "mã kế hoạch"),
        "B3": (report.unit.code, "mã đơn vị"),
        "B4": (report.period.start.isoformat(), "kỳ báo cáo"),
    }
    for ref, (value, what) in expect.items():
        got = ws[ref].value
        got = got.date().isoformat() if isinstance(got, datetime) else _text(got)
        if got != value:
            raise _refuse(
                f"Tệp này không phải biểu mẫu của báo cáo đang mở: ô {ref} ({what}) là “{got}”, cần “{value}”."
            )
    header = [_text(ws.cell(row=FORM_FIRST_ROW - 1, column=c).value) for c in range(1, len(FORM_HEADER) + 1)]
    if header != FORM_HEADER:
        raise UploadInvalid(
            [CellError(FORM_FIRST_ROW - 1, None, "dòng tiêu đề bị sửa: hãy tải lại biểu mẫu và chỉ điền cột Giá trị")]
        )
    spec = form_spec(campaign=report.campaign, unit=report.unit, cadence=report.period.cadence)
    elements = {e.code.upper(): e for e in spec.elements}
    fields = {f.code.upper(): f for f in spec.fields}
    errors: list[CellError] = []
    values: dict[Key, Decimal | None] = {}
    cells: dict[Key, str] = {}
    for r in range(FORM_FIRST_ROW, ws.max_row + 1):
        code = _text(ws.cell(row=r, column=1).value).upper()
        raw = ws.cell(row=r, column=VALUE_COL)
        ref = f"{get_column_letter(VALUE_COL)}{r}"
        if not code:
            if not _blank(raw.value):
                errors.append(CellError(r, "Giá trị", f"ô {ref} có giá trị nhưng dòng không có mã số liệu"))
            continue
        element = elements.get(code)
        if element is None:
            errors.append(CellError(r, "Mã số liệu", f"mã số liệu “{code}” không thuộc biểu mẫu này"))
            continue
        field_code = _text(ws.cell(row=r, column=2).value).upper()
        field_obj = fields.get(field_code) if field_code else None
        if field_code and (field_obj is None or not element.allows_field_breakdown):
            errors.append(CellError(r, "Mã lĩnh vực", f"mã lĩnh vực “{field_code}” không hợp lệ cho {code}"))
            continue
        key: Key = (element.pk, field_obj.pk if field_obj else None)
        if (r, VALUE_COL) in merged:
            errors.append(
                CellError(r, "Giá trị", f"ô {ref} là ô gộp ({merged[(r, VALUE_COL)]}), cần một giá trị riêng")
            )
            continue
        if raw.data_type == "f":
            errors.append(CellError(r, "Giá trị", f"ô {ref} chứa công thức, cần nhập giá trị"))
            continue
        if key in values:
            errors.append(CellError(r, "Mã số liệu", f"dòng trùng với ô {cells[key]}"))
            continue
        try:
            values[key] = parse_figure(raw.value, element)
        except ValueError as exc:
            errors.append(CellError(r, "Giá trị", f"ô {ref} ({element.name}): {exc}"))
            continue
        cells[key] = ref
    _check_version(wb, report=report, spec=spec, uploaded=values)
    if not errors:
        for err in figures_validate(campaign=report.campaign, spec=spec, values=values, new_keys=set(values)):
            ref = cells.get(err.key) or next((cells[k] for k in err.others if k in cells), "")
            row = int(ref[1:]) if ref else None
            errors.append(CellError(row, "Giá trị", (f"ô {ref}: " if ref else "") + err.message))
    if errors:
        raise UploadInvalid(errors)
    return values
