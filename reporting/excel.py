"""Spreadsheets in: the bulk figures file of docs/design.md section 8 (CSV or the first sheet of an
XLSX), and what every upload shares (size, opening, the errors). A unit's form as .xlsx
(download, fill offline, upload back) is ``reporting.excel_form``.

Reading never saves anything: it returns figures or raises :class:`UploadInvalid` listing every
problem by row and column (or one reason for the whole file), in Vietnamese (rule 10).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q
from openpyxl.utils import get_column_letter

from campaigns.models import Cadence, Campaign, Period
from indicators.facts import datavalues_for
from indicators.models import DataElement, Field
from indicators.reading import UploadRefused, csv_rows, is_xlsx, size_refusal, xlsx_load
from org.access import Action, can
from org.models import Unit

from .figures import ReportFigures, figures_validate, form_spec
from .models import ReportStatus, UnitReport
from .validation import Key, parse_figure

BULK_COLUMNS = ["ma_ke_hoach", "ma_don_vi", "tu_ngay", "ma_so_lieu", "gia_tri", "linh_vuc"]
BULK_LABELS = {
    "ma_ke_hoach": "mã kế hoạch",
    "ma_don_vi": "mã đơn vị",
    "tu_ngay": "từ ngày",
    "ma_so_lieu": "mã số liệu",
    "gia_tri": "giá trị",
    "linh_vuc": "lĩnh vực",
}


@dataclass(frozen=True)
class CellError:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return (", ".join(where) + ": " if where else "") + self.message


class UploadInvalid(Exception):
    def __init__(self, errors: list[CellError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def _refuse(message: str) -> UploadInvalid:
    return UploadInvalid([CellError(None, None, message)])


# --- reading any upload (the limits are indicators.reading's, shared by every upload) -------


def refused(exc: UploadRefused) -> UploadInvalid:
    column = exc.column
    if column and column.isdigit():
        column = get_column_letter(int(column))
    return UploadInvalid([CellError(exc.row, column, exc.message)])


def too_big(size: int) -> str | None:
    """The refusal for a file over ``XTD_MAX_UPLOAD_BYTES`` (None when it fits)."""
    return size_refusal(size)


def _check_size(content: bytes) -> None:
    message = too_big(len(content))
    if message:
        raise _refuse(message)


def _open_xlsx(content: bytes):
    """The workbook, once its zip directory and sheets are measured (no far cell, no zip bomb)."""
    try:
        return xlsx_load(content, data_only=False)
    except UploadRefused as exc:
        raise refused(exc) from None


def _merged_cells(ws) -> dict[tuple[int, int], str]:
    cells = {}
    for rng in ws.merged_cells.ranges:
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                cells[(row, col)] = str(rng.coord)
    return cells


def _table_rows(content: bytes) -> tuple[list[tuple[int, list]], dict[tuple[int, int], str]]:
    """(row number, cell values) of the first sheet of an XLSX or of a CSV; formulas come back
    as ``Formula`` objects, merged ranges as a map."""
    _check_size(content)
    if not content.strip():
        raise _refuse("Tệp rỗng.")
    if is_xlsx(content) or content[:4] == b"\xd0\xcf\x11\xe0":
        wb = _open_xlsx(content)
        ws = wb.worksheets[0]
        merged = _merged_cells(ws)
        rows = []
        for r, row in enumerate(ws.iter_rows(), start=1):
            rows.append((r, [Formula(c.value) if c.data_type == "f" else c.value for c in row]))
        return rows, merged
    try:
        return csv_rows(content), {}
    except UploadRefused as exc:
        raise refused(exc) from None


@dataclass(frozen=True)
class Formula:
    text: str


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


DATE_RE = [re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")]


def parse_day(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for i, rx in enumerate(DATE_RE):
        m = rx.match(text)
        if m:
            parts = [int(x) for x in m.groups()]
            y, mo, d = parts if i == 0 else (parts[2], parts[1], parts[0])
            try:
                return date(y, mo, d)
            except ValueError:
                break
    raise ValueError(f"“{text[:30]}” không phải ngày (dạng YYYY-MM-DD hoặc DD/MM/YYYY)")


# --- the bulk figures file ------------------------------------------------------------------


@dataclass
class _Group:
    campaign: Campaign
    unit: Unit
    period: Period
    values: dict[Key, Decimal]
    rows: dict[Key, int]


def figures_file_read(*, content: bytes, user, commune_id: int | None = None):
    """Check every row of a bulk figures file and return ``list[ReportFigures]``; raise
    :class:`UploadInvalid` with every problem found (row and column named)."""
    rows, merged = _table_rows(content)
    rows = [(n, cells) for n, cells in rows if any(not _blank(c) for c in cells)]
    if not rows:
        raise _refuse("Tệp không có dòng nào.")
    header_no, header = rows[0]
    header = [_text(h).lower() for h in header]
    while header and header[-1] == "":
        header.pop()
    expected = BULK_COLUMNS if len(header) >= 6 or "linh_vuc" in header else BULK_COLUMNS[:5]
    if header != expected:
        problems = []
        missing = [c for c in BULK_COLUMNS[:5] if c not in header]
        extra = [h or "(trống)" for h in header if h not in BULK_COLUMNS]
        if missing:
            problems.append("thiếu cột " + ", ".join(missing))
        if extra:
            problems.append("cột thừa " + ", ".join(extra))
        if not problems:
            problems.append("các cột sai thứ tự")
        raise UploadInvalid(
            [
                CellError(
                    header_no,
                    None,
                    "Dòng tiêu đề phải đúng là “" + ",".join(BULK_COLUMNS) + "”: " + "; ".join(problems) + ".",
                )
            ]
        )
    width = len(header)
    errors: list[CellError] = []
    campaigns: dict[str, Campaign | str] = {}
    units: dict[tuple[int, str], Unit | None] = {}
    periods: dict[int, dict[date, list[Period]]] = {}
    elements: dict[tuple[int, str], DataElement | None] = {}
    fields = {f.code.upper(): f for f in Field.objects.all()}
    specs: dict[tuple[int, int, str], set[int]] = {}
    groups: dict[tuple[int, int, int], _Group] = {}
    seen: dict[tuple, int] = {}

    def campaign_for(code: str) -> Campaign | str:
        if code not in campaigns:
            qs = Campaign.objects.select_related("commune", "commune__province").filter(code=code)
            if commune_id is not None:
                qs = qs.filter(commune_id=commune_id)
            found = [c for c in qs if can(user, Action.READ, commune=c.commune)]
            if not found:
                campaigns[code] = f"không có kế hoạch mã “{code}”"
            elif len(found) > 1:
                campaigns[code] = f"mã kế hoạch “{code}” có ở nhiều xã: hãy chọn xã"
            else:
                campaigns[code] = found[0]
        return campaigns[code]

    for row_no, cells in rows[1:]:
        cells = list(cells)
        extra = [c for c in cells[width:] if not _blank(c)]
        if extra:
            errors.append(CellError(row_no, None, f"có giá trị ngoài {width} cột của tiêu đề"))
            continue
        cells = (cells + [None] * width)[:width]
        row = dict(zip(header, cells, strict=True))
        bad = False
        for col_index, name in enumerate(header, start=1):
            if (row_no, col_index) in merged:
                errors.append(CellError(row_no, name, f"ô {get_column_letter(col_index)}{row_no} là ô gộp"))
                bad = True
            elif isinstance(row[name], Formula):
                errors.append(
                    CellError(row_no, name, f"ô {get_column_letter(col_index)}{row_no} chứa công thức, cần giá trị")
                )
                bad = True
        if bad:
            continue
        for name in BULK_COLUMNS[:5]:
            if _blank(row[name]) and name != "gia_tri":
                errors.append(CellError(row_no, name, f"thiếu {BULK_LABELS[name]}"))
                bad = True
        if bad:
            continue
        campaign = campaign_for(_text(row["ma_ke_hoach"]))
        if isinstance(campaign, str):
            errors.append(CellError(row_no, "ma_ke_hoach", campaign))
            continue
        unit_code = _text(row["ma_don_vi"])
        ukey = (campaign.commune_id, unit_code)
        if ukey not in units:
            units[ukey] = (
                Unit.objects.select_related("commune", "commune__province")
                .filter(commune_id=campaign.commune_id, code=unit_code)
                .first()
            )
        unit = units[ukey]
        if unit is None:
            errors.append(CellError(row_no, "ma_don_vi", f"không có đơn vị mã “{unit_code}” trong {campaign.commune}"))
            continue
        if not can(user, Action.WRITE, unit=unit):
            errors.append(CellError(row_no, "ma_don_vi", f"bạn không có quyền nhập số liệu cho {unit}"))
            continue
        try:
            day = parse_day(row["tu_ngay"])
        except ValueError as exc:
            errors.append(CellError(row_no, "tu_ngay", str(exc)))
            continue
        if campaign.pk not in periods:
            by_start: dict[date, list[Period]] = defaultdict(list)
            for p in Period.objects.filter(campaign=campaign).order_by("cadence"):
                by_start[p.start].append(p)
            periods[campaign.pk] = by_start
        candidates = periods[campaign.pk].get(day, [])
        if not candidates:
            errors.append(
                CellError(
                    row_no, "tu_ngay", f"{day:%d/%m/%Y} không phải ngày bắt đầu một kỳ báo cáo của {campaign.code}"
                )
            )
            continue
        element_code = _text(row["ma_so_lieu"]).upper()
        ekey = (campaign.commune_id, element_code)
        if ekey not in elements:
            elements[ekey] = (
                DataElement.objects.filter(code=element_code)
                .filter(Q(commune__isnull=True) | Q(commune_id=campaign.commune_id))
                .order_by("commune_id")
                .last()
            )
        element = elements[ekey]
        if element is None:
            errors.append(CellError(row_no, "ma_so_lieu", f"không có số liệu mã “{element_code}”"))
            continue
        period = None
        for p in sorted(candidates, key=lambda p: [c.value for c in Cadence].index(p.cadence)):
            skey = (campaign.pk, unit.pk, p.cadence)
            if skey not in specs:
                specs[skey] = {e.pk for e in form_spec(campaign=campaign, unit=unit, cadence=p.cadence).elements}
            if element.pk in specs[skey]:
                period = p
                break
        if period is None:
            errors.append(
                CellError(row_no, "ma_so_lieu", f"{unit} không báo cáo “{element_code}” trong kế hoạch {campaign.code}")
            )
            continue
        field_obj = None
        field_code = _text(row.get("linh_vuc")).upper()
        if field_code:
            field_obj = fields.get(field_code)
            if field_obj is None:
                errors.append(CellError(row_no, "linh_vuc", f"không có lĩnh vực mã “{field_code}”"))
                continue
            if not element.allows_field_breakdown:
                errors.append(CellError(row_no, "linh_vuc", f"số liệu {element_code} không chia theo lĩnh vực"))
                continue
        try:
            value = parse_figure(row["gia_tri"], element)
        except ValueError as exc:
            errors.append(CellError(row_no, "gia_tri", f"{element.name}: {exc}"))
            continue
        if value is None:
            errors.append(CellError(row_no, "gia_tri", "thiếu giá trị"))
            continue
        dkey = (campaign.pk, unit.pk, period.pk, element.pk, field_obj.pk if field_obj else None)
        if dkey in seen:
            errors.append(CellError(row_no, None, f"trùng với dòng {seen[dkey]} (cùng kế hoạch, đơn vị, kỳ, số liệu)"))
            continue
        seen[dkey] = row_no
        gkey = (campaign.pk, unit.pk, period.pk)
        group = groups.setdefault(gkey, _Group(campaign, unit, period, {}, {}))
        key: Key = (element.pk, field_obj.pk if field_obj else None)
        group.values[key] = value
        group.rows[key] = row_no

    locked = {
        (r.unit_id, r.period_id)
        for r in UnitReport.objects.filter(
            status=ReportStatus.APPROVED,
            unit_id__in={g.unit.pk for g in groups.values()},
            period_id__in={g.period.pk for g in groups.values()},
        )
    }
    out = []
    for group in groups.values():
        if (group.unit.pk, group.period.pk) in locked:
            for row_no in sorted(group.rows.values()):
                errors.append(
                    CellError(row_no, None, f"báo cáo của {group.unit} kỳ {group.period} đã được duyệt (đã khóa)")
                )
            continue
        spec = form_spec(campaign=group.campaign, unit=group.unit, cadence=group.period.cadence)
        merged_values: dict[Key, Decimal | None] = dict(
            datavalues_for(unit_id=group.unit.pk, period_id=group.period.pk)
        )
        merged_values.update(group.values)
        for err in figures_validate(
            campaign=group.campaign, spec=spec, values=merged_values, new_keys=set(group.values)
        ):
            row_no = group.rows.get(err.key) or next(
                (group.rows[k] for k in err.others if k in group.rows), min(group.rows.values())
            )
            errors.append(CellError(row_no, "gia_tri", err.message))
        out.append(ReportFigures(group.campaign, group.unit, group.period, group.values))
    if errors:
        raise UploadInvalid(sorted(errors, key=lambda e: (e.row or 0, e.column or "")))
    return out
