"""Mẫu biểu số 02 as .xlsx: the exact layout out, the same layout back in (all or nothing)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from households.exporters import mau02_parse, mau02_xlsx
from households.models import FIGURE_NAMES, SurveyRound, VillageReturn
from households.selectors import round_table
from households.services import mau02_import_apply

from .factories import GOOD

pytestmark = pytest.mark.django_db

HEADERS = [
    "Xóm",
    "Số hộ",
    "Số khẩu",
    "Người có VNeID",
    "Người chưa có",
    "Hồ sơ DVC trực tuyến",
    "Hồ sơ có kết quả điện tử",
    "Hộ đã đánh giá hài lòng",
    "Ghi chú",
]


def sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_demo_round_export_reopens_with_same_numbers_and_tong_row_equal_to_column_sums():
    call_command("seed_demo", stdout=io.StringIO())
    survey_round = SurveyRound.objects.get(campaign__code="PL-45N-2025")
    ws = sheet(mau02_xlsx(survey_round=survey_round))
    assert ws["A1"].value == "Mẫu biểu số 02"
    assert ws["A2"].value == "BẢNG BÁO CÁO TIẾN ĐỘ RÀ SOÁT DỊCH VỤ CÔNG, SỐ HÓA HỒ SƠ VÀ ĐỊNH DANH ĐIỆN TỬ"
    assert ws["A3"].value == "(Dành cho các xóm, Tổ công nghệ số cộng đồng)"
    assert [c.value for c in ws[6]] == HEADERS
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=7)]
    body, tong = rows[:-1], rows[-1]
    assert tong[0] == "Tổng"
    assert [r[0] for r in body][:2] == ["Xóm 1", "Xóm 2"]  # the commune's order
    stored = {r.village.name: r for r in VillageReturn.objects.filter(survey_round=survey_round)}
    assert len(body) == 12 and len(stored) == 11
    for row in body:
        ret = stored.get(row[0])
        expected = [getattr(ret, n) for n in FIGURE_NAMES] if ret else [None] * 7
        assert row[1:8] == expected
    for col in range(1, 8):
        assert isinstance(tong[col], int)
        assert tong[col] == sum(r[col] or 0 for r in body)
    assert tong[2] == round_table(survey_round=survey_round).total["so_khau"] > 0
    assert body[0][8] == "Quá hạn, chưa nộp"  # Xóm 1 (truongxom1) has not submitted


def test_export_page_downloads_the_file(client, m02):
    client.force_login(m02.w.leader)
    res = client.get(reverse("households:export_xlsx", args=[m02.round.pk]))
    assert res.status_code == 200
    assert res["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [c.value for c in sheet(res.content)[6]] == HEADERS


def filled(m02, rows: dict[int, list]) -> bytes:
    """The round's own export with some village rows filled in (excel row → values B..I)."""
    wb = load_workbook(io.BytesIO(mau02_xlsx(survey_round=m02.round)))
    ws = wb.active
    for r, values in rows.items():
        for c, v in enumerate(values, start=2):
            ws.cell(row=r, column=c, value=v)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


ROW = [GOOD[n] for n in FIGURE_NAMES] + ["nhập từ giấy"]


def test_import_round_trip_stores_every_row_and_twice_changes_nothing(client, m02):
    content = filled(m02, {7: ROW, 8: [10, 30, 20, 10, 1, 2, 10, None]})
    client.force_login(m02.w.centre)
    url = reverse("households:import_xlsx", args=[m02.round.pk])
    res = client.post(url, {"file": io.BytesIO(content)}, follow=True)
    assert "Đã nhập 2 dòng" in res.content.decode()
    rets = {r.village_id: r for r in VillageReturn.objects.all()}
    assert rets[m02.w.a1_v1.pk].so_khau == 450 and rets[m02.w.a1_v1.pk].ghi_chu == "nhập từ giấy"
    assert rets[m02.w.a1_v2.pk].figures()["hs_kq_dien_tu"] == 2 and rets[m02.w.a1_v2.pk].flagged
    parsed = mau02_parse(user=m02.w.centre, survey_round=m02.round, content=content)
    assert (
        mau02_import_apply(user=m02.w.centre, survey_round=m02.round, rows=parsed.rows, file_hash=parsed.file_hash) == 0
    )
    assert VillageReturn.objects.count() == 2


def test_import_names_each_bad_cell_and_stores_nothing(client, m02):
    bad = list(ROW)
    bad[3] = 49  # Người chưa có: 400 + 49 ≠ 450
    content = filled(m02, {7: ROW, 8: ["nhiều", 30, 20, 10, 1, 1, 10, None]})
    errors = mau02_parse(user=m02.w.centre, survey_round=m02.round, content=content).errors
    assert errors == ["Ô B8: Số hộ: “nhiều” không phải là số."]
    content = filled(m02, {7: bad})
    client.force_login(m02.w.centre)
    res = client.post(reverse("households:import_xlsx", args=[m02.round.pk]), {"file": io.BytesIO(content)})
    assert res.status_code == 400
    html = res.content.decode()
    assert "Ô E7: Người có VNeID (400) + Người chưa có (49) = 449, phải bằng Số khẩu (450)." in html
    assert VillageReturn.objects.count() == 0


def test_import_refuses_wrong_column_unknown_village_and_village_head(client, m02):
    wb = load_workbook(io.BytesIO(filled(m02, {7: ROW})))
    ws = wb.active
    ws["C6"] = "Nhân khẩu"
    ws["A8"] = "Xóm Không Có"
    for c, v in enumerate(ROW, start=2):
        ws.cell(row=8, column=c, value=v)
    out = io.BytesIO()
    wb.save(out)
    errors = mau02_parse(user=m02.w.centre, survey_round=m02.round, content=out.getvalue()).errors
    assert errors == ["Ô C6: tiêu đề là “Nhân khẩu”, phải là “Số khẩu”."]
    ws["C6"] = "Số khẩu"
    out = io.BytesIO()
    wb.save(out)
    errors = mau02_parse(user=m02.w.centre, survey_round=m02.round, content=out.getvalue()).errors
    assert errors == ["Ô A8: không có xóm “Xóm Không Có” trong xã."]
    assert mau02_parse(user=m02.w.centre, survey_round=m02.round, content=b"not a zip").errors == [
        "Tệp không đọc được: hãy tải lên tệp Excel .xlsx theo Mẫu biểu số 02."
    ]
    client.force_login(m02.w.head)
    assert client.get(reverse("households:import_xlsx", args=[m02.round.pk])).status_code == 404
    client.force_login(m02.w.leader)
    assert client.get(reverse("households:import_xlsx", args=[m02.round.pk])).status_code == 403
    assert VillageReturn.objects.count() == 0


def test_a_note_that_looks_like_a_formula_is_exported_as_text(client, m02):
    content = filled(m02, {7: ROW})
    parsed = mau02_parse(user=m02.w.centre, survey_round=m02.round, content=content)
    mau02_import_apply(user=m02.w.centre, survey_round=m02.round, rows=parsed.rows, file_hash=parsed.file_hash)
    VillageReturn.objects.filter(village=m02.w.a1_v1).update(ghi_chu='=HYPERLINK("http://x","bam")')
    ws = sheet(mau02_xlsx(survey_round=m02.round))
    note = ws.cell(row=7, column=9)
    assert note.value == '=HYPERLINK("http://x","bam")'
    assert note.data_type == "s"  # a string shown as typed, never a formula that runs
