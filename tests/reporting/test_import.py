"""The bulk figures file (docs/design.md section 8) and the form workbook: all or nothing, errors by
row and column, idempotent, locked when approved."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from indicators.models import DataValue
from reporting import services
from reporting.excel import UploadInvalid
from reporting.excel_form import form_xlsx_build
from reporting.models import ImportBatch, ReportEvent, ReportStatus, UnitReport

pytestmark = pytest.mark.django_db
HEADER = "ma_ke_hoach,ma_don_vi,tu_ngay,ma_so_lieu,gia_tri,linh_vuc"


def _csv(*lines, header=HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


GOOD = _csv(
    "PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,120,",
    "PL-TEST,VP,03/11/2025,HS_TRUC_TUYEN,111,",
    "PL-TEST,VP,2025-11-10,HS_TIEP_NHAN,80,",
    "PL-TEST,V01,2025-11-03,BUOI_TUYEN_TRUYEN,2,",
)


def _import(rw, content: bytes, user=None):
    return services.figures_file_import(content=content, filename="so-lieu.csv", user=user or rw.w.centre)


def _errors(rw, content: bytes) -> list[str]:
    with pytest.raises(UploadInvalid) as exc:
        _import(rw, content)
    assert not DataValue.objects.exists()
    assert not ReportEvent.objects.exists()
    return [str(e) for e in exc.value.errors]


def test_import_lands_in_each_units_report_as_submitted_by_the_importer(rw):
    result = _import(rw, GOOD)
    assert (result.rows, result.reports, result.changed) == (4, 3, 4)
    report = UnitReport.objects.get(unit=rw.w.a1_dept, period=rw.periods[0])
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == rw.w.centre
    values = {dv.element.code: dv.value for dv in DataValue.objects.filter(unit=rw.w.a1_dept, period=rw.periods[0])}
    assert values == {"HS_TIEP_NHAN": Decimal(120), "HS_TRUC_TUYEN": Decimal(111)}
    assert set(DataValue.objects.values_list("counted", flat=True)) == {True}
    assert report.events.get().get_action_display() == "Nhập tệp số liệu"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(rw):
    _import(rw, GOOD)
    before = list(DataValue.objects.order_by("pk").values_list("pk", "value", "entered_at"))
    versions = list(UnitReport.objects.order_by("pk").values_list("version", "submitted_at"))
    result = _import(rw, GOOD)
    assert (result.reports, result.changed) == (0, 0)
    assert list(DataValue.objects.order_by("pk").values_list("pk", "value", "entered_at")) == before
    assert list(UnitReport.objects.order_by("pk").values_list("version", "submitted_at")) == versions
    assert ReportEvent.objects.count() == 3
    assert ImportBatch.objects.count() == 1


def test_a_row_aimed_at_an_approved_report_refuses_the_whole_file(rw):
    _import(rw, GOOD)
    report = UnitReport.objects.get(unit=rw.w.a1_dept, period=rw.periods[0])
    services.unit_report_approve(report=report, user=rw.w.centre, expected_version=report.version)
    content = _csv("PL-TEST,VP,2025-11-17,HS_TIEP_NHAN,5,", "PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,121,")
    with pytest.raises(UploadInvalid) as exc:
        _import(rw, content)
    assert [str(e) for e in exc.value.errors] == [
        f"Dòng 3: báo cáo của {rw.w.a1_dept} kỳ {rw.periods[0]} đã được duyệt (đã khóa)"
    ]
    assert not DataValue.objects.filter(period=rw.periods[2]).exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            _csv("PL-TEST,VP,2025-11-03,HS_TIEP_NHAN", header="ma_ke_hoach,ma_don_vi,tu_ngay,ma_so_lieu"),
            "Dòng 1: Dòng tiêu đề phải đúng là “ma_ke_hoach,ma_don_vi,tu_ngay,ma_so_lieu,gia_tri,linh_vuc”: thiếu cột gia_tri.",
        ),
        (
            _csv("PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,1,,x", header=HEADER + ",ghi_chu"),
            "Dòng 1: Dòng tiêu đề phải đúng là “ma_ke_hoach,ma_don_vi,tu_ngay,ma_so_lieu,gia_tri,linh_vuc”: cột thừa ghi_chu.",
        ),
        (_csv("PL-TEST,XX,2025-11-03,HS_TIEP_NHAN,1,"), "Dòng 2, cột ma_don_vi: không có đơn vị mã “XX”"),
        (_csv("KHONG-CO,VP,2025-11-03,HS_TIEP_NHAN,1,"), "Dòng 2, cột ma_ke_hoach: không có kế hoạch mã “KHONG-CO”"),
        (
            _csv("PL-TEST,VP,2025-11-04,HS_TIEP_NHAN,1,"),
            "Dòng 2, cột tu_ngay: 04/11/2025 không phải ngày bắt đầu một kỳ báo cáo của PL-TEST",
        ),
        (_csv("PL-TEST,VP,2025-13-03,HS_TIEP_NHAN,1,"), "Dòng 2, cột tu_ngay: “2025-13-03” không phải ngày"),
        (
            _csv("PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,abc,"),
            "Dòng 2, cột gia_tri: Tổng số hồ sơ tiếp nhận: “abc” không phải là số",
        ),
        (
            _csv("PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,-1,"),
            "Dòng 2, cột gia_tri: Tổng số hồ sơ tiếp nhận: không được là số âm",
        ),
        (
            _csv("PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,2.5,"),
            "Dòng 2, cột gia_tri: Tổng số hồ sơ tiếp nhận: phải là số nguyên",
        ),
        (
            _csv("PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,1,", "PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,1,"),
            "Dòng 3: trùng với dòng 2",
        ),
        (
            _csv("PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,10,", "PL-TEST,VP,2025-11-03,HS_TRUC_TUYEN,11,"),
            "Dòng 3, cột gia_tri: Số hồ sơ tiếp nhận trực tuyến (11) lớn hơn Tổng số hồ sơ tiếp nhận (10)",
        ),
        (
            _csv("PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,10,", "PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,3,DAT_DAI"),
            "Dòng 2, cột gia_tri: Tổng số hồ sơ tiếp nhận: tổng theo lĩnh vực (3) khác tổng số (10)",
        ),
        (
            _csv("PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,1,KHONG_CO"),
            "Dòng 2, cột linh_vuc: không có lĩnh vực mã “KHONG_CO”",
        ),
        (_csv("PL-TEST,V01,2025-11-03,HS_TIEP_NHAN,1,"), "Dòng 2, cột ma_so_lieu: Đơn vị"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Tệp không phải là bảng tính"),
        (b"PK\x03\x04not really a zip", "Tệp không đọc được như một bảng tính Excel (.xlsx)."),
    ],
)
def test_bad_file_is_refused_with_row_and_column_and_nothing_saved(rw, content, expected):
    errors = _errors(rw, content)
    assert any(e.startswith(expected) for e in errors), errors


def test_a_50_mb_file_is_refused_with_one_reason(rw):
    content = _csv() + b"x" * (50 * 1024 * 1024)
    assert _errors(rw, content) == ["Tệp quá lớn (50,0 MB); chỉ nhận tệp đến 10 MB."]


def _xlsx(rows, *, formula_at=None, merge=None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if formula_at:
        ws[formula_at] = "=1+1"
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_xlsx_bulk_file_with_date_cells_is_imported(rw):
    from datetime import datetime

    content = _xlsx([HEADER.split(","), ["PL-TEST", "VP", datetime(2025, 11, 3), "HS_TIEP_NHAN", 7, None]])
    assert _import(rw, content).changed == 1


def test_xlsx_bulk_file_with_a_formula_or_merged_cell_is_refused(rw):
    rows = [HEADER.split(","), ["PL-TEST", "VP", "2025-11-03", "HS_TIEP_NHAN", 7, None]]
    assert _errors(rw, _xlsx(rows, formula_at="E2")) == ["Dòng 2, cột gia_tri: ô E2 chứa công thức, cần giá trị"]
    rows.append(["PL-TEST", "VP", "2025-11-10", "HS_TIEP_NHAN", 7, None])
    assert _errors(rw, _xlsx(rows, merge="E2:E3"))[0] == "Dòng 2, cột gia_tri: ô E2 là ô gộp"


def test_outsiders_and_province_cannot_import(rw):
    with pytest.raises(UploadInvalid) as exc:
        _import(rw, GOOD, user=rw.w.province)
    assert "bạn không có quyền nhập số liệu" in str(exc.value)
    with pytest.raises(UploadInvalid) as exc:
        _import(rw, GOOD, user=rw.w.outsider)
    assert "không có kế hoạch mã “PL-TEST”" in str(exc.value)


def test_import_figures_command_imports_and_reports_errors(rw, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD)
    call_command("import_figures", str(good), "--user", rw.w.centre.username)
    assert "4 dòng: 3 báo cáo được cập nhật, 4 số liệu thay đổi" in capsys.readouterr().out
    call_command("import_figures", str(good), "--user", rw.w.centre.username)
    assert "0 báo cáo được cập nhật, 0 số liệu thay đổi" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("PL-TEST,VP,2025-11-17,HS_TIEP_NHAN,x,"))
    with pytest.raises(CommandError):
        call_command("import_figures", str(bad), "--user", rw.w.centre.username)
    assert "Dòng 2, cột gia_tri" in capsys.readouterr().err


# --- the form workbook ---------------------------------------------------------------------


def _fill(content: bytes, values: dict[str, object], *, formula: str | None = None) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    for row in range(8, ws.max_row + 1):
        code, field = ws.cell(row=row, column=1).value, ws.cell(row=row, column=2).value
        if not field and code in values:
            ws.cell(row=row, column=6, value=values[code])
            if formula == code:
                ws.cell(row=row, column=6, value="=2*3")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_form_workbook_round_trip_saves_a_draft(rw):
    content = form_xlsx_build(report=rw.report)
    ws = load_workbook(io.BytesIO(content)).active
    assert ws["B2"].value == "PL-TEST" and ws["B3"].value == "VP" and ws["B4"].value == "2025-11-03"
    assert ws.protection.sheet is True
    filled = _fill(content, {"HS_TIEP_NHAN": 30, "HS_TRUC_TUYEN": 28})
    services.unit_report_upload_form(
        report=rw.report, user=rw.w.staff, content=filled, expected_version=rw.report.version
    )
    values = {dv.element.code: dv.value for dv in DataValue.objects.filter(unit=rw.w.a1_dept)}
    assert values == {"HS_TIEP_NHAN": Decimal(30), "HS_TRUC_TUYEN": Decimal(28)}
    rw.report.refresh_from_db()
    assert rw.report.status == ReportStatus.DRAFT


def test_form_workbook_errors_name_the_cell(rw):
    content = form_xlsx_build(report=rw.report)
    with pytest.raises(UploadInvalid) as exc:
        services.unit_report_upload_form(
            report=rw.report,
            user=rw.w.staff,
            content=_fill(content, {"HS_TIEP_NHAN": "nhiều", "HS_TRUC_TUYEN": 1}, formula="HS_TRUC_TUYEN"),
            expected_version=rw.report.version,
        )
    messages = [str(e) for e in exc.value.errors]
    assert messages[0].startswith("Dòng 8, cột Giá trị: ô F8 (Tổng số hồ sơ tiếp nhận): “nhiều” không phải là số")
    assert any("chứa công thức" in m for m in messages)
    assert not DataValue.objects.exists()


def test_form_workbook_of_another_period_is_refused(rw):
    from reporting.services import unit_report_open

    other = unit_report_open(campaign=rw.campaign, unit=rw.w.a1_dept, period=rw.periods[1])
    content = form_xlsx_build(report=other)
    with pytest.raises(UploadInvalid) as exc:
        services.unit_report_upload_form(
            report=rw.report, user=rw.w.staff, content=content, expected_version=rw.report.version
        )
    assert "ô B4 (kỳ báo cáo) là “2025-11-10”, cần “2025-11-03”" in str(exc.value)
