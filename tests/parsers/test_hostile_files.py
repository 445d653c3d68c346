"""Issue 14 failures 4 and 5, each as it was reproduced: the page answers a Vietnamese message
(never a 500), ``import_figures`` prints the same message with no traceback and exits non-zero,
and the database is unchanged."""

from __future__ import annotations

import io
import tracemalloc
from decimal import Decimal

import pytest
from django.db import connections
from django.urls import reverse

from indicators.models import DataValue
from reporting.excel_form import form_xlsx_build
from reporting.management.commands.import_figures import Command
from reporting.models import FigureChangeLog, ImportBatch, ReportEvent, UnitReport
from tests.org.factories import PASSWORD

from .hostile import csv_bytes, xlsx_far_cell, zip_bomb

pytestmark = pytest.mark.django_db

ROW = "PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,{},"
FIELD = "Dòng 2, cột gia_tri: Tổng số hồ sơ tiếp nhận: "
FAR = "Trang tính “sheet1” khai báo vùng dữ liệu {} nằm quá xa: chỉ nhận đến 20.000 dòng và 64 cột (đến cột BL)."

# (name, file content, the message the page and the command both give)
HOSTILE = [
    (
        "long-field",
        csv_bytes("PL-TEST,VP,2025-11-03,HS_TIEP_NHAN,1," + "x" * 200_000),
        "Dòng 2: có một ô dài hơn 10.000 ký tự (giới hạn của một ô)",
    ),
    ("A1048576", xlsx_far_cell("A1048576"), FAR.format("A1:F1048576")),
    ("XFD1048576", xlsx_far_cell("XFD1048576"), FAR.format("A1:XFD1048576")),
    (
        "spaced-digits",
        csv_bytes(ROW.format('"1 0 0"')),
        FIELD + "“1 0 0” không phải là số: không để dấu cách giữa các chữ số",
    ),
    ("arabic-indic", csv_bytes(ROW.format("١٠٠")), FIELD + "“١٠٠” không phải là số: chỉ dùng chữ số 0–9"),
    ("superscript", csv_bytes(ROW.format("²")), FIELD + "“²” không phải là số: chỉ dùng chữ số 0–9"),
    ("circled", csv_bytes(ROW.format("①")), FIELD + "“①” không phải là số: chỉ dùng chữ số 0–9"),
    ("5000-digits", csv_bytes(ROW.format("9" * 5000)), FIELD + "quá lớn (tối đa 999.999.999.999)"),
    ("nul", csv_bytes(ROW.format("1\x00")), "Tệp không phải là bảng tính (chỉ nhận .csv UTF-8 hoặc .xlsx)."),
]


def _state() -> tuple:
    return (
        DataValue.objects.count(),
        ReportEvent.objects.count(),
        ImportBatch.objects.count(),
        FigureChangeLog.objects.count(),
        list(UnitReport.objects.order_by("pk").values_list("pk", "version", "status")),
    )


def _command(monkeypatch, capsys, tmp_path, content: bytes, username: str) -> tuple[int, str, str]:
    """``manage.py import_figures FILE --user U`` as the shell runs it (run_from_argv: a
    CommandError is printed and the process exits); the test's connection stays open."""
    monkeypatch.setattr(connections, "close_all", lambda: None)
    path = tmp_path / "so-lieu.dat"
    path.write_bytes(content)
    code = 0
    try:
        Command().run_from_argv(["manage.py", "import_figures", str(path), "--user", username])
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def centre(client, rw):
    client.login(username=rw.w.centre.username, password=PASSWORD)
    return client


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_file_on_the_page_is_refused_with_its_message_and_nothing_saved(centre, rw, name, content, message):
    before = _state()
    res = centre.post(reverse("reporting:bulk_upload"), {"file": io.BytesIO(content)})
    assert res.status_code == 400
    assert message in res.content.decode()
    assert _state() == before


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_file_in_the_command_gives_the_same_message_no_traceback(
    monkeypatch, capsys, tmp_path, rw, name, content, message
):
    before = _state()
    code, out, err = _command(monkeypatch, capsys, tmp_path, content, rw.w.centre.username)
    assert code == 1
    assert message in err
    assert "Tệp không được nhập (1 lỗi); không có số liệu nào được lưu." in err
    assert "Traceback" not in err + out
    assert _state() == before


def test_zip_bomb_is_refused_from_the_directory_without_inflating(centre, monkeypatch, capsys, tmp_path, rw):
    bomb = zip_bomb()
    assert 400_000 < len(bomb) < 450_000
    message = "Tệp Excel bị nén bất thường (xl/worksheets/sheet1.xml: 0,4 MB nén thành 430,0 MB, gấp 1028 lần"
    before = _state()
    tracemalloc.start()
    res = centre.post(reverse("reporting:bulk_upload"), {"file": io.BytesIO(bomb)})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert res.status_code == 400
    assert message in res.content.decode()
    assert peak < 30 * 1024 * 1024  # the page and the file itself; the 430 MB is never inflated
    code, _, err = _command(monkeypatch, capsys, tmp_path, bomb, rw.w.centre.username)
    assert code == 1 and message in err and "Traceback" not in err
    assert _state() == before


def test_far_cell_is_refused_in_small_memory(rw):
    from indicators.reading import UploadRefused, xlsx_load

    content = xlsx_far_cell("XFD1048576")
    assert len(content) < 6000
    tracemalloc.start()
    with pytest.raises(UploadRefused):
        xlsx_load(content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2 * 1024 * 1024  # it was 1,8 GB when openpyxl walked to the far cell


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"], ids=["bare-CR", "CRLF", "LF"])
def test_any_line_ending_is_read_the_same(monkeypatch, capsys, tmp_path, rw, newline):
    content = csv_bytes(ROW.format("120"), 'PL-TEST,VP,2025-11-03,HS_TRUC_TUYEN,"1.000",', newline=newline)
    content = content.replace(b'"1.000"', b"100")
    code, out, err = _command(monkeypatch, capsys, tmp_path, content, rw.w.centre.username)
    assert (code, err) == (0, "")
    assert "Đã đọc 2 dòng: 1 báo cáo được cập nhật, 2 số liệu thay đổi." in out
    values = dict(DataValue.objects.values_list("element__code", "value"))
    assert values == {"HS_TIEP_NHAN": Decimal(120), "HS_TRUC_TUYEN": Decimal(100)}


def test_bare_cr_file_on_the_page_is_imported(centre, rw):
    res = centre.post(reverse("reporting:bulk_upload"), {"file": io.BytesIO(csv_bytes(ROW.format("7"), newline="\r"))})
    assert res.status_code == 302
    assert DataValue.objects.get().value == Decimal(7)


def test_command_refuses_a_file_over_the_size_limit_before_reading_it(monkeypatch, capsys, tmp_path, rw, settings):
    settings.XTD_MAX_UPLOAD_BYTES = 1024 * 1024
    code, _, err = _command(monkeypatch, capsys, tmp_path, csv_bytes() + b"x" * (2 * 1024 * 1024), rw.w.centre.username)
    assert code == 1
    assert "Tệp quá lớn (2,0 MB); chỉ nhận tệp đến 1 MB." in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name", ["A1048576", "XFD1048576", "bomb"])
def test_form_upload_refuses_far_cells_and_bombs_and_keeps_the_figures(client, rw, name):
    client.login(username=rw.w.staff.username, password=PASSWORD)
    content = zip_bomb() if name == "bomb" else xlsx_far_cell(name)
    before = _state()
    res = client.post(
        reverse("reporting:form_xlsx_upload", args=[rw.report.pk]), {"file": io.BytesIO(content), "version": 1}
    )
    assert res.status_code == 400
    text = res.content.decode()
    assert ("bom nén" in text) if name == "bomb" else ("nằm quá xa" in text and "1048576" in text)
    assert _state() == before


def test_form_workbook_with_text_in_its_version_sheet_is_refused_not_500(client, rw):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(form_xlsx_build(report=rw.report)))
    wb["Phiên bản"]["B1"] = rw.report.version - 1  # an older workbook: its figures are compared
    wb["Phiên bản"]["C4"] = "nhiều"  # and one of them is text (it was a 500: Decimal("nhiều"))
    out = io.BytesIO()
    wb.save(out)
    client.login(username=rw.w.staff.username, password=PASSWORD)
    before = _state()
    res = client.post(reverse("reporting:form_xlsx_upload", args=[rw.report.pk]), {"file": io.BytesIO(out.getvalue())})
    assert res.status_code == 409
    assert "Tệp không mang số phiên bản của báo cáo này" in res.content.decode()
    assert _state() == before
