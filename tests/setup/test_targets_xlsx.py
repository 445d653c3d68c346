"""The targets table uploaded as xlsx (issue 15): the template, an all-or-nothing upload, and
every refusal named by row and column, nothing saved."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from indicators.models import Target
from indicators.setup_services import TARGET_COLUMNS, targets_version
from indicators.setup_xlsx import read_rows_bounded
from org.models import AuditEntry
from tests.campaigns.factories import CampaignFactory
from tests.indicators.factories import ensure_catalogue, target

from .conftest import client_for

pytestmark = pytest.mark.django_db
HEADER = [c.header for c in TARGET_COLUMNS]


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def plan(setup_world):
    """2026–2030, monthly; one target already set: online files ≥ 70 %."""
    ensure_catalogue()
    campaign = CampaignFactory(commune=setup_world.a1, code="KH-X")
    target(campaign, "TL_HS_TRUC_TUYEN", 70)
    return campaign


def upload(client, campaign, content: bytes, version: str | None = None):
    return client.post(
        reverse("indicators:setup_targets_upload", args=[campaign.pk]),
        {"file": SimpleUploadedFile("chi-tieu.xlsx", content), "version": version or targets_version(campaign)},
    )


def _unchanged(plan) -> None:
    assert [(t.indicator.code, t.value, t.floor) for t in Target.objects.filter(campaign=plan)] == [
        ("TL_HS_TRUC_TUYEN", Decimal("70.00"), None)
    ]
    assert not AuditEntry.objects.exists()


def test_template_has_the_header_the_current_targets_and_the_codes(setup_world, plan):
    response = client_for(setup_world.centre).get(reverse("indicators:setup_targets_template", args=[plan.pk]))
    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1][:3] == ("TL_HS_TRUC_TUYEN", "≥", "70")
    codes = {r[1] for r in wb["Danh mục mã"].iter_rows(min_row=2, values_only=True)}
    assert {"TL_SO_HOA", "VP", "V01"} <= codes


def test_upload_adds_and_changes_targets_in_one_go(setup_world, plan):
    old = Target.objects.get(campaign=plan)
    content = xlsx(
        [
            ["TL_HS_TRUC_TUYEN", "≥", 90, "80", None, None, None, "Mục III.1"],
            ["TL_SO_HOA", None, None, None, "2026: 50; 2030: 100", None, None, None],
            ["TL_DUNG_HAN", ">=", "95,5", None, None, "VP", None, None],
        ]
    )
    response = upload(client_for(setup_world.centre), plan, content)
    assert response.status_code == 302
    targets = {t.indicator.code: t for t in Target.objects.filter(campaign=plan).select_related("indicator", "unit")}
    assert set(targets) == {"TL_HS_TRUC_TUYEN", "TL_SO_HOA", "TL_DUNG_HAN"}
    online = targets["TL_HS_TRUC_TUYEN"]
    assert (online.pk, online.value, online.floor, online.note) == (old.pk, Decimal("90"), Decimal("80"), "Mục III.1")
    digitised = targets["TL_SO_HOA"]
    assert digitised.value is None and digitised.comparator == ">="
    assert [(m.year, m.value) for m in digitised.milestones.order_by("year")] == [
        (2026, Decimal("50")),
        (2030, Decimal("100")),
    ]
    assert (targets["TL_DUNG_HAN"].value, targets["TL_DUNG_HAN"].unit.code) == (Decimal("95.5"), "VP")
    entry = AuditEntry.objects.get()
    scope = "xét theo từng kỳ và lũy kế; phạm vi: Toàn xã và từng đơn vị"
    assert entry.changes["TL_HS_TRUC_TUYEN"] == [f"≥ 70; {scope}", f"≥ 90; tối thiểu 80; {scope}"]
    assert entry.changes["TL_SO_HOA"] == ["", f"mốc 2026: 50; 2030: 100; {scope}"]


def test_a_wrong_header_is_refused_naming_the_column(setup_world, plan):
    header = HEADER[:2] + ["Gia tri"] + HEADER[3:]
    page = upload(client_for(setup_world.centre), plan, xlsx([["TL_SO_HOA", "≥", 90]], header)).content.decode()
    assert "Dòng 1, cột C: tiêu đề phải là “Giá trị” (đang là “Gia tri”)." in page
    _unchanged(plan)


def test_an_unknown_indicator_refuses_the_whole_file(setup_world, plan):
    content = xlsx([["TL_SO_HOA", "≥", 90], ["CT_KHONG_CO", "≥", 50], ["TL_DUNG_HAN", "≥", "chín mươi"]])
    page = upload(client_for(setup_world.centre), plan, content).content.decode()
    assert "Dòng 3, cột A (Mã chỉ tiêu): không có chỉ tiêu mã “CT_KHONG_CO” trong danh mục của xã." in page
    assert "Dòng 4, cột C (Giá trị): “chín mươi” không phải là số." in page
    _unchanged(plan)  # the good row 2 is not saved either


def test_a_floor_above_the_target_is_refused_naming_the_row(setup_world, plan):
    page = upload(client_for(setup_world.centre), plan, xlsx([["TL_SO_HOA", "≥", 80, 90]])).content.decode()
    assert "Dòng 2 (TL_SO_HOA), mức tối thiểu: mức tối thiểu (90) không được cao hơn giá trị phấn đấu (80)." in page
    _unchanged(plan)


def test_a_milestone_year_outside_the_campaign_is_refused(setup_world, plan):
    content = xlsx([["TL_SO_HOA", None, None, None, "2026: 50; 2031: 100"]])
    page = upload(client_for(setup_world.centre), plan, content).content.decode()
    assert "Dòng 2 (TL_SO_HOA), mốc theo năm: năm 2031 nằm ngoài thời gian kế hoạch (2026–2030)." in page
    _unchanged(plan)


def test_the_same_indicator_twice_is_refused(setup_world, plan):
    page = upload(client_for(setup_world.centre), plan, xlsx([["TL_SO_HOA", "≥", 80], ["TL_SO_HOA", "≥", 85]]))
    assert "Dòng 3 (TL_SO_HOA): trùng với dòng 2 (cùng chỉ tiêu, cùng phạm vi, cùng cách xét)." in page.content.decode()
    _unchanged(plan)


def test_a_stale_upload_page_is_refused(setup_world, plan):
    stale = targets_version(plan)
    target(plan, "TL_SO_HOA", 60)  # someone saved targets since the page was drawn
    page = upload(client_for(setup_world.centre), plan, xlsx([["TL_DUNG_HAN", "≥", 80]]), stale).content.decode()
    assert "vừa được người khác thay đổi" in page
    assert not Target.objects.filter(campaign=plan, indicator__code="TL_DUNG_HAN").exists()


def test_not_a_spreadsheet_is_refused(setup_world, plan):
    page = upload(client_for(setup_world.centre), plan, b"ma,chi,tieu\n1,2,3\n").content.decode()
    assert "Tệp không đọc được như một bảng tính Excel (.xlsx)." in page
    _unchanged(plan)


def test_bounds_size_bomb_rows_and_far_columns():
    small = xlsx([["TL_SO_HOA", "≥", 80]])
    with pytest.raises(ValidationError, match="giới hạn là 1 KB"):
        read_rows_bounded(small, max_bytes=1024)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/zero.bin", b"\0" * (21 * 1024 * 1024))
    assert len(bomb.getvalue()) < 100_000
    with pytest.raises(ValidationError, match="giải nén ra quá lớn"):
        read_rows_bounded(bomb.getvalue())
    many = xlsx([["TL_SO_HOA", "≥", n] for n in range(12)])
    with pytest.raises(ValidationError, match="quá 10 dòng"):
        read_rows_bounded(many, max_rows=10)
    wb = Workbook()
    wb.active["A1"] = "Mã chỉ tiêu"
    wb.active["Z1"] = "xa"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ValidationError, match="ngoài 20 cột đầu"):
        read_rows_bounded(out.getvalue())
    assert read_rows_bounded(small)[1][:3] == ("TL_SO_HOA", "≥", 80)


def test_the_window_and_scope_of_a_target_come_in_the_sheet_and_a_wrong_one_names_its_cell(setup_world, plan):
    """Rule 6 (issue 12) through the upload: "mỗi phòng ≥ 01 sáng kiến mỗi năm" is judged each year
    and binds each department; an unknown window is refused with its row and column, nothing saved."""
    assert HEADER[8:] == ["Xét theo", "Áp dụng cho", "Loại đơn vị"]
    words = "Mỗi phòng có ít nhất 01 sáng kiến mỗi năm"
    bad = xlsx([["SO_SANG_KIEN", "≥", 1, None, None, None, None, words, "hằng tuần", "each_unit", "department"]])
    page = upload(client_for(setup_world.centre), plan, bad).content.decode()
    assert "Dòng 2, cột I (Xét theo)" in page and "“hằng tuần” không phải là một lựa chọn" in page
    _unchanged(plan)
    good = xlsx([["SO_SANG_KIEN", "≥", 1, None, None, None, None, words, "year", "each_unit", "department"]])
    assert upload(client_for(setup_world.centre), plan, good).status_code == 302
    t = Target.objects.get(campaign=plan, indicator__code="SO_SANG_KIEN")
    assert (t.window, t.applies_to, t.unit_kind, t.value) == ("year", "each_unit", "department", Decimal("1"))
    # the page's form shows the same three fields, filled from the target
    page = client_for(setup_world.centre).get(reverse("indicators:setup_targets", args=[plan.pk])).content.decode()
    assert page.count('value="year" selected') == 1 and 'value="each_unit" selected' in page


def test_an_upload_changes_the_target_of_its_window_and_keeps_the_other(setup_world, plan):
    """Two targets of one indicator differing only in window are two targets: a row naming
    "year" changes the yearly one; the audit says which, in words."""
    period = Target.objects.get(campaign=plan)
    yearly = target(plan, "TL_HS_TRUC_TUYEN", 50, window="year")
    content = xlsx([["TL_HS_TRUC_TUYEN", "≥", 60, None, None, None, None, None, "year", None, None]])
    assert upload(client_for(setup_world.centre), plan, content).status_code == 302
    values = dict(Target.objects.filter(campaign=plan).values_list("pk", "value"))
    assert values == {period.pk: Decimal("70.00"), yearly.pk: Decimal("60.00")}
    label = "TL_HS_TRUC_TUYEN (xét theo mỗi năm; phạm vi: Toàn xã và từng đơn vị)"
    assert AuditEntry.objects.get().changes == {
        label: [
            "≥ 50; xét theo mỗi năm; phạm vi: Toàn xã và từng đơn vị",
            "≥ 60; xét theo mỗi năm; phạm vi: Toàn xã và từng đơn vị",
        ]
    }


def test_two_rows_differing_only_in_window_add_two_targets(setup_world, plan):
    content = xlsx(
        [
            ["SO_SANG_KIEN", "≥", 2, None, None, None, None, None, "year", "commune", None],
            ["SO_SANG_KIEN", "≥", 10, None, None, None, None, None, "campaign", "commune", None],
        ]
    )
    assert upload(client_for(setup_world.centre), plan, content).status_code == 302
    rows = Target.objects.filter(campaign=plan, indicator__code="SO_SANG_KIEN").order_by("value")
    assert [(t.window, t.value) for t in rows] == [("year", Decimal("2.00")), ("campaign", Decimal("10.00"))]


def test_an_empty_window_keeps_the_one_target_and_is_refused_when_two_differ_there(setup_world, plan):
    online = Target.objects.get(campaign=plan)
    online.window = "year"
    online.save(update_fields=["window"])
    one = xlsx([["TL_HS_TRUC_TUYEN", "≥", 75]])
    assert upload(client_for(setup_world.centre), plan, one).status_code == 302
    online.refresh_from_db()
    assert (online.value, online.window, Target.objects.filter(campaign=plan).count()) == (Decimal("75"), "year", 1)
    target(plan, "TL_HS_TRUC_TUYEN", 50, window="month")
    page = upload(client_for(setup_world.centre), plan, xlsx([["TL_HS_TRUC_TUYEN", "≥", 80]])).content.decode()
    assert "Dòng 2 (TL_HS_TRUC_TUYEN): kế hoạch có nhiều chỉ tiêu giao của chỉ tiêu này" in page
    assert sorted(Target.objects.filter(campaign=plan).values_list("value", flat=True)) == [50, 75]
