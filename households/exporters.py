"""Mẫu biểu số 02 as an .xlsx file, and the same layout read back (docs/design.md section 5).

Layout (one sheet, A4 landscape):

    row 1  Mẫu biểu số 02
    row 2  BẢNG BÁO CÁO TIẾN ĐỘ RÀ SOÁT DỊCH VỤ CÔNG, SỐ HÓA HỒ SƠ VÀ ĐỊNH DANH ĐIỆN TỬ
    row 3  (Dành cho các <xóm>, Tổ công nghệ số cộng đồng)
    row 4  Xã …: rà soát từ dd/mm/yyyy đến dd/mm/yyyy; hạn nộp dd/mm/yyyy
    row 6  <Xóm> · Số hộ · Số khẩu · Người có VNeID · Người chưa có · Hồ sơ DVC trực tuyến ·
           Hồ sơ có kết quả điện tử · Hộ đã đánh giá hài lòng · Ghi chú
    row 7… one row per village in the commune's order (figures of submitted / approved returns)
    last   Tổng, the column sums as numbers
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from indicators.reading import UploadRefused, xlsx_load
from indicators.reading.files import UNREADABLE_XLSX
from org.access import Action, can
from org.models import Unit, UnitKind
from org.spreadsheet import put

from .models import FIGURE_LABELS, FIGURE_NAMES, ReturnStatus, SurveyRound, VillageReturn
from .selectors import round_table
from .services import ImportedRow
from .validation import clean_figures, clean_note, parse_count

TITLE = "BẢNG BÁO CÁO TIẾN ĐỘ RÀ SOÁT DỊCH VỤ CÔNG, SỐ HÓA HỒ SƠ VÀ ĐỊNH DANH ĐIỆN TỬ"
HEADER_ROW = 6
FIRST_DATA_ROW = 7
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = FIGURE_NAMES  # B..H
NOTE_COL = len(FIGURE_NAMES) + 2  # I
VILLAGE_WORDS = ("xóm", "thôn", "ấp", "tổ dân phố")


def headers(village_word: str) -> list[str]:
    return [village_word] + [FIGURE_LABELS[n] for n in FIGURE_NAMES] + ["Ghi chú"]


def _fmt(d) -> str:
    return d.strftime("%d/%m/%Y")


def mau02_xlsx(*, survey_round: SurveyRound) -> bytes:
    """The round as Mẫu biểu số 02 in .xlsx bytes (numbers from ``round_table``)."""
    table = round_table(survey_round=survey_round)
    commune = survey_round.campaign.commune
    wb = Workbook()
    ws = wb.active
    ws.title = "Mẫu 02"
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    serif = "Times New Roman"
    ws["A1"] = "Mẫu biểu số 02"
    ws["A1"].font = Font(name=serif, size=12, italic=True)
    ws["A2"] = TITLE
    ws["A2"].font = Font(name=serif, size=13, bold=True)
    ws["A3"] = f"(Dành cho các {commune.village_word}, Tổ công nghệ số cộng đồng)"
    ws["A3"].font = Font(name=serif, size=12, italic=True)
    ws["A4"] = (
        f"Xã {commune.name}: rà soát từ {_fmt(survey_round.window_start)} đến {_fmt(survey_round.window_end)}; "
        f"hạn nộp {_fmt(survey_round.due_date)}"
    )
    ws["A4"].font = Font(name=serif, size=12)
    last_col = get_column_letter(NOTE_COL)
    for r in (2, 3, 4):
        ws.merge_cells(f"A{r}:{last_col}{r}")
        ws[f"A{r}"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = 34
    for c, text in enumerate(headers(table.village_word), start=1):
        cell = put(ws, HEADER_ROW, c, text)
        cell.font = Font(name=serif, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = box
    ws.row_dimensions[HEADER_ROW].height = 48
    row = FIRST_DATA_ROW
    for item in table.rows:
        put(ws, row, 1, item.village.name)
        for c, name in enumerate(COLUMNS, start=2):
            ws.cell(row=row, column=c, value=item.figures[name])
        note = item.note if item.counted else item.status_label
        put(ws, row, NOTE_COL, note or None)
        row += 1
    ws.cell(row=row, column=1, value="Tổng")
    for c, name in enumerate(COLUMNS, start=2):
        ws.cell(row=row, column=c, value=table.total[name])
    for r in range(FIRST_DATA_ROW, row + 1):
        for c in range(1, NOTE_COL + 1):
            cell = ws.cell(row=r, column=c)
            cell.border = box
            cell.font = Font(name=serif, size=12, bold=(r == row))
            if 2 <= c < NOTE_COL:
                cell.number_format = "#,##0"
                cell.alignment = Alignment(horizontal="right")
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [16, 9, 10, 12, 11, 13, 14, 14, 24]
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.freeze_panes = f"B{FIRST_DATA_ROW}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def mau02_filename(survey_round: SurveyRound) -> str:
    stamp = timezone.localdate().strftime("%Y%m%d")
    return f"mau02-{survey_round.campaign.code}-{survey_round.pk}-{stamp}.xlsx"


# --- import -------------------------------------------------------------------------------


def _norm(value) -> str:
    text = unicodedata.normalize("NFC", str(value or "")).strip().lower()
    return " ".join(text.split())


@dataclass
class ParsedImport:
    rows: list[ImportedRow]
    errors: list[str]
    file_hash: str


def mau02_parse(*, user, survey_round: SurveyRound, content: bytes) -> ParsedImport:
    """Read a file in the layout ``mau02_xlsx`` writes. Every problem is listed with its cell
    (rule 10); the caller stores nothing unless ``errors`` is empty.

    A village row with every figure empty is skipped (not reported yet); a row with some
    figures is checked whole. Rows stop at "Tổng".
    """
    file_hash = hashlib.sha256(content).hexdigest()
    errors: list[str] = []
    if not survey_round.is_open:
        return ParsedImport([], ["Đợt rà soát đã khóa sổ: không nhận thêm Mẫu 02."], file_hash)
    try:
        # measured before it is unpacked: no far cell, no zip bomb (indicators.reading)
        wb = xlsx_load(content, data_only=True, read_only=True)
    except UploadRefused as exc:
        message = exc.message
        if message == UNREADABLE_XLSX:
            message = "Tệp không đọc được: hãy tải lên tệp Excel .xlsx theo Mẫu biểu số 02."
        return ParsedImport([], [message], file_hash)
    ws = wb.worksheets[0]
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    header_at = None
    for i, r in enumerate(grid[:30]):
        cells = [_norm(c) for c in r[: NOTE_COL + 1]]
        if len(cells) > 1 and cells[1] == _norm(FIGURE_LABELS["so_ho"]):
            header_at = i
            break
    if header_at is None:
        return ParsedImport(
            [], ["Không tìm thấy dòng tiêu đề của Mẫu 02 (ô B phải là “Số hộ”) trong 30 dòng đầu."], file_hash
        )
    header = grid[header_at] + [None] * NOTE_COL
    expected = headers("Xóm")
    excel_row = header_at + 1
    if _norm(header[0]) not in VILLAGE_WORDS:
        errors.append(f"Ô A{excel_row}: tiêu đề là “{header[0] or ''}”, phải là tên gọi thôn (Xóm, Thôn, Ấp…).")
    for c in range(1, NOTE_COL):
        if _norm(header[c]) != _norm(expected[c]):
            errors.append(
                f"Ô {get_column_letter(c + 1)}{excel_row}: tiêu đề là “{header[c] or ''}”, phải là “{expected[c]}”."
            )
    if errors:
        return ParsedImport([], errors, file_hash)
    commune_id = survey_round.campaign.commune_id
    villages = list(Unit.objects.select_related("commune").filter(commune_id=commune_id, kind=UnitKind.VILLAGE))
    by_key: dict[str, Unit] = {}
    for v in villages:
        by_key[_norm(v.name)] = v
        by_key[_norm(v.code)] = v
    approved = set(
        VillageReturn.objects.filter(survey_round=survey_round, status=ReturnStatus.APPROVED).values_list(
            "village_id", flat=True
        )
    )
    rows: list[ImportedRow] = []
    seen: dict[int, int] = {}
    for i in range(header_at + 1, len(grid)):
        r = (grid[i] + [None] * (NOTE_COL + 1))[: NOTE_COL + 1]
        n = i + 1
        name = r[0]
        if _norm(name).startswith("tổng"):
            break
        values = r[1 : NOTE_COL - 1]
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        village = by_key.get(_norm(name))
        if village is None:
            errors.append(f"Ô A{n}: không có {survey_round.campaign.commune.village_word} “{name or ''}” trong xã.")
            continue
        if village.pk in seen:
            errors.append(f"Ô A{n}: {village.name} đã có ở dòng {seen[village.pk]}.")
            continue
        seen[village.pk] = n
        if not can(user, Action.WRITE, unit=village):
            errors.append(f"Ô A{n}: bạn không có quyền nhập Mẫu 02 cho {village.name}.")
            continue
        if village.pk in approved:
            errors.append(f"Dòng {n}: Mẫu 02 của {village.name} đã được duyệt và khóa; cần mở lại trước khi nhập.")
            continue
        data = dict(zip(COLUMNS, values, strict=True))
        row_errors: list[str] = []
        for c, key in enumerate(COLUMNS, start=2):
            _, err = parse_count(data[key], FIGURE_LABELS[key])
            if err:
                row_errors.append(f"Ô {get_column_letter(c)}{n}: {err}")
        if not row_errors:
            figures, ferrs, _ = clean_figures(data)
            for key, msgs in ferrs.items():
                col = get_column_letter(COLUMNS.index(key) + 2)
                row_errors += [f"Ô {col}{n}: {m}" for m in msgs]
        note, note_err = clean_note(r[NOTE_COL - 1])
        if note_err:
            row_errors.append(f"Ô {get_column_letter(NOTE_COL)}{n}: {note_err}")
        if row_errors:
            errors += row_errors
            continue
        rows.append(ImportedRow(village=village, figures=figures, note=note, row=n))
    if not rows and not errors:
        errors.append("Tệp không có dòng số liệu nào của thôn để nhập.")
    return ParsedImport(rows if not errors else [], errors, file_hash)
