"""The province page as a table to download (issue 15 item 6): xlsx and CSV with, for each
shared indicator, its numerator, denominator and value in their own numeric columns, and the
province's total row (the ratio of the communes' sums). Text from users (commune names, plan
numbers, indicator names) is written as text, never as a formula."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from indicators.formatting import status_label
from org.spreadsheet import is_formula_like, neutralise_formula

TOTAL_LABEL = "Toàn tỉnh (tỷ lệ của tổng các xã)"
QD766_SCORE = "Điểm QĐ 766 ước tính (từ đầu năm)"
QD766_BAND = "Xếp loại QĐ 766"


def _num(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _value_head(ind) -> str:
    return f"{ind.name} – tỷ lệ (%)" if ind.is_ratio else f"{ind.name} – số lượng"


def province_table(ctx: dict) -> tuple[list[str], list[list]]:
    """(header, rows) of the page: one row per commune, then the total row."""
    indicators = ctx["indicators"]
    head = ["Xã", "Kế hoạch", "Kỳ", "Hạng", "Chỉ tiêu đạt", "Chỉ tiêu có số liệu", "Báo cáo đã nộp (%)"]
    head += ["Nộp đúng hạn (%)", QD766_SCORE, QD766_BAND]
    for ind in indicators:
        head += [f"{ind.name} – tử số", f"{ind.name} – mẫu số", _value_head(ind), f"{ind.name} – kết quả"]
    rows: list[list] = []
    for r in ctx["rows"]:
        comp = r.completeness
        line = [
            r.campaign.commune.name,
            r.campaign.number or r.campaign.code,
            r.period.label if r.period else "",
            r.rank,
            r.met,
            r.with_data,
            _num(comp.received_rate) if comp else None,
            _num(comp.on_time_rate) if comp else None,
            _num(r.qd766_score),
            r.qd766_band or "Không có số liệu",
        ]
        for a in r.cell_list:
            if a is None:
                line += [None, None, None, ""]
            else:
                line += [_num(a.numerator), _num(a.denominator), _num(a.value), status_label(a.display_status)]
        rows.append(line)
    total = ctx.get("total")
    if total is not None:
        line = [TOTAL_LABEL, "", "", None, total.met, total.with_data]
        line += [_num(total.completeness.received_rate), _num(total.completeness.on_time_rate), None, ""]
        for cell in total.cells:
            line += [_num(cell.numerator), _num(cell.denominator), _num(cell.value), ""]
        rows.append(line)
    return head, rows


def province_xlsx(ctx: dict) -> bytes:
    head, rows = province_table(ctx)
    wb = Workbook()
    ws = wb.active
    ws.title = "Toàn tỉnh"
    ws.append([f"Các xã tỉnh {ctx['province'].name}: {ctx['group'].label}"])
    ws.append(head)
    for line in rows:
        ws.append(line)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # user text is text: never a formula
                neutralise_formula(cell)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "B3"  # the commune column and the header stay in view
    ws.column_dimensions["A"].width = 28
    for i in range(2, len(head) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 16
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if is_formula_like(value) else value
    return str(value)


def province_csv(ctx: dict) -> bytes:
    """UTF-8 with a byte-order mark (Excel opens the Vietnamese letters right); numbers with a
    decimal point and no grouping, so they stay numbers for any program that reads them."""
    head, rows = province_table(ctx)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(head)
    for line in rows:
        writer.writerow([_csv_text(v) for v in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
