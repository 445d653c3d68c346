"""An old Excel form never overwrites newer figures (issue 14 item 3): the workbook carries the
report's version; an upload of an older or missing version is a conflict that names what
changed and saves nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from indicators.models import DataValue
from reporting import services
from reporting.excel_form import VERSION_SHEET, form_xlsx_build
from tests.reporting.conftest import figures, rw  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def fill(content: bytes, values: dict[str, object], *, drop_version: bool = False) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    for row in range(8, ws.max_row + 1):
        code, field = ws.cell(row=row, column=1).value, ws.cell(row=row, column=2).value
        if not field and code in values:
            ws.cell(row=row, column=6, value=values[code])
    if drop_version:
        wb.security.lockStructure = False
        del wb[VERSION_SHEET]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, report, content: bytes, **extra):
    data = {"file": SimpleUploadedFile("bieu-mau.xlsx", content), **extra}
    return client.post(f"/bao-cao/{report.pk}/excel/tai-len/", data)


def tiep_nhan(rw):  # noqa: F811
    return DataValue.objects.get(unit=rw.w.a1_dept, period=rw.periods[0], element__code="HS_TIEP_NHAN").value


@pytest.fixture
def newer(rw):  # noqa: F811
    """Editor 1 downloads the form (3000 then); editor 2 then saves 7000 on the page."""
    services.unit_report_save_draft(
        report=rw.report, user=rw.w.staff, values=figures(rw, HS_TIEP_NHAN=3000), expected_version=rw.report.version
    )
    rw.report.refresh_from_db()
    old_form = form_xlsx_build(report=rw.report)
    services.unit_report_save_draft(
        report=rw.report, user=rw.w.staff, values=figures(rw, HS_TIEP_NHAN=7000), expected_version=rw.report.version
    )
    rw.report.refresh_from_db()
    return old_form


def test_the_version_is_on_a_hidden_protected_sheet(rw):  # noqa: F811
    wb = load_workbook(io.BytesIO(form_xlsx_build(report=rw.report)))
    sheet = wb[VERSION_SHEET]
    assert wb.worksheets[0].title == "Báo cáo" and wb.active.title == "Báo cáo"
    assert sheet["B1"].value == rw.report.version and sheet["B2"].value == rw.report.pk
    assert sheet.sheet_state == "hidden" and sheet.protection.sheet and wb.security.lockStructure


@pytest.mark.parametrize("page_version", ["", "current"], ids=["no page version", "fresh page version"])
def test_an_old_workbook_is_a_conflict_that_names_the_change_and_saves_nothing(rw, newer, client, page_version):  # noqa: F811
    client.force_login(rw.w.staff)
    extra = {"version": rw.report.version} if page_version else {}
    response = upload(client, rw.report, fill(newer, {"HS_TIEP_NHAN": 3000, "HS_TRUC_TUYEN": 10}), **extra)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Báo cáo đã được sửa sau khi bạn tải biểu mẫu (phiên bản 2, nay là 3)" in page
    assert "Tổng số hồ sơ tiếp nhận: khi bạn tải biểu mẫu là 3.000, nay đã là 7.000; tệp của bạn ghi 3.000." in page
    assert "Không có số liệu nào được lưu" in page
    rw.report.refresh_from_db()
    assert tiep_nhan(rw) == Decimal(7000) and rw.report.version == 3
    assert not DataValue.objects.filter(element__code="HS_TRUC_TUYEN").exists()


def test_a_workbook_without_a_version_is_refused(rw, client):  # noqa: F811
    client.force_login(rw.w.staff)
    content = fill(form_xlsx_build(report=rw.report), {"HS_TIEP_NHAN": 5}, drop_version=True)
    response = upload(client, rw.report, content)
    assert response.status_code == 409
    assert "Tệp không mang số phiên bản của báo cáo này" in response.content.decode()
    assert not DataValue.objects.exists()


def test_a_workbook_of_the_current_version_is_saved(rw, newer, client):  # noqa: F811
    client.force_login(rw.w.staff)
    fresh = form_xlsx_build(report=rw.report)
    response = upload(client, rw.report, fill(fresh, {"HS_TIEP_NHAN": 7100}))
    assert response.status_code == 302
    assert tiep_nhan(rw) == Decimal(7100)
    # and that workbook, now one version old, cannot be uploaded a second time over the new figures
    again = upload(client, rw.report, fill(fresh, {"HS_TIEP_NHAN": 1}))
    assert again.status_code == 409 and tiep_nhan(rw) == Decimal(7100)
