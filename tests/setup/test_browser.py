"""Done-when of issue 15, set-up part: from the bare demo plus one new empty commune, the
superuser creates the commune's centre account (its only step); the centre sets up two units,
one village, their accounts, a campaign with three indicators and targets (one uploaded as
xlsx), assigns the report forms, generates periods; a unit enters figures, the centre approves;
the leader drills from the failing tile to the unit's report; the province page downloads as xlsx
with a total row. Real Chromium against live_server; with ``CELERY_BROKER_URL`` set (real
PostgreSQL and Redis) the recompute after the approval runs on a real Celery worker."""

from __future__ import annotations

import io
import os
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from tests.browser import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VN = ZoneInfo("Asia/Ho_Chi_Minh")
CENTRE_FIRST = "Tam-Thoi-2026!"
CENTRE_OWN = "Trung-Tam-Moi-2026!"
STAFF_FIRST = "Can-Bo-Tam-2026!"
STAFF_OWN = "Can-Bo-Rieng-2026!"
LEADER_OWN = "Lanh-Dao-Rieng-2026!"


def _wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if got := predicate():
            return got
        time.sleep(0.3)
    return None


def _targets_xlsx(tmp_path) -> str:
    from indicators.setup_services import TARGET_COLUMNS

    wb = Workbook()
    wb.active.append([c.header for c in TARGET_COLUMNS])
    wb.active.append(["TL_DUNG_HAN", "≥", "95", "90"])
    path = tmp_path / "chi-tieu.xlsx"
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())
    return str(path)


def _first_login(page, username: str, first: str, own: str) -> None:
    login(page, username, first)
    page.wait_for_url("**/doi-mat-khau/**")
    page.fill("#id_old_password", first)
    page.fill("#id_new_password1", own)
    page.fill("#id_new_password2", own)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")


def _logout(page) -> None:
    page.click("text=Đăng xuất")
    page.wait_for_load_state("networkidle")


def test_the_centre_sets_up_its_commune_and_a_unit_reports(page, tmp_path, request, settings):
    import time_machine

    from campaigns.models import Campaign
    from dashboards.province_export import TOTAL_LABEL
    from demo.seed_org import DEMO_PASSWORD
    from indicators.models import Attainment, AttainmentStatus, DataElement, FormElement, Indicator, Target
    from org.models import AuditEntry, Commune, Province, Unit
    from reporting.models import ReportStatus, UnitReport

    worker = None
    if os.environ.get("CELERY_BROKER_URL"):  # real services: the recompute runs on a real worker
        settings.XTD_RECOMPUTE_COUNTDOWN = 1
        worker = request.getfixturevalue("celery_worker_proc")
    call_command("seed_demo", "--bare", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    # in An Giang, beside Vĩnh Phong, whose plan has the same kind and dates (one province group)
    province = Province.objects.get(code="91")
    commune = Commune.objects.create(province=province, code="99901", name="Tân Mới")
    element = {e.code: e for e in DataElement.objects.filter(commune__isnull=True)}

    with time_machine.travel(datetime(2026, 1, 20, 9, 0, tzinfo=VN), tick=True):
        # the superuser's one step: the centre account
        login(page, "admin", DEMO_PASSWORD)
        page.goto(f"/thiet-lap/xa/{commune.pk}/tai-khoan/them/")
        page.fill("#id_username", "tanmoi.trungtam")
        page.fill("#id_full_name", "Phạm Thị Trung Tâm")
        page.select_option("#id_role", "centre")
        page.fill("#id_password", CENTRE_FIRST)
        page.click("form.card button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "Đã tạo tài khoản tanmoi.trungtam" in page.content()
        _logout(page)

        # the centre: first login, its own password, then its set-up from the menu
        _first_login(page, "tanmoi.trungtam", CENTRE_FIRST, CENTRE_OWN)
        page.click("nav >> text=Thiết lập")
        page.wait_for_url(f"**/thiet-lap/xa/{commune.pk}/")
        for code, name, kind in (("VP", "Văn phòng HĐND và UBND", "department"), ("CA", "Công an xã", "police")):
            page.click("text=Thêm đơn vị")
            page.fill("#id_code", code)
            page.fill("#id_name", name)
            page.select_option("#id_kind", kind)
            page.click("form.card button[type=submit]")
            page.wait_for_load_state("networkidle")
            assert f"Đã tạo đơn vị {code}" in page.content()
        page.click("text=Thêm thôn")
        page.fill("#id_code", "T01")
        page.fill("#id_name", "Thôn Đông")
        page.click("form.card button[type=submit]")
        page.wait_for_load_state("networkidle")
        vp = Unit.objects.get(commune=commune, code="VP")
        village = Unit.objects.get(commune=commune, code="T01")
        assert village.kind == "village"
        for username, name, role, unit in (
            ("tanmoi.vanphong", "Lê Văn Phòng", "unit_staff", vp),
            ("tanmoi.thondong", "Hà Thị Thôn", "village_head", village),
            ("tanmoi.lanhdao", "Ngô Văn Lãnh", "leadership", None),
        ):
            page.goto(f"/thiet-lap/xa/{commune.pk}/tai-khoan/them/")
            page.fill("#id_username", username)
            page.fill("#id_full_name", name)
            page.select_option("#id_role", role)
            if unit is not None:
                page.select_option("#id_unit", str(unit.pk))
            page.fill("#id_password", STAFF_FIRST)
            page.click("form.card button[type=submit]")
            page.wait_for_load_state("networkidle")
            assert f"Đã tạo tài khoản {username}" in page.content()
        page.goto(f"/thiet-lap/xa/{commune.pk}/")
        screenshot(page, "setup_commune")
        page.set_viewport_size({"width": 360, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # tables scroll inside
        screenshot(page, "setup_commune_360")
        page.set_viewport_size({"width": 1366, "height": 768})

        # a campaign from a blank page, monthly reports due the 5th
        page.click("text=Kế hoạch: lập, chỉ tiêu")
        page.click("text=Lập kế hoạch mới (trang trống)")
        page.fill("#id_code", "TM-2026")
        page.select_option("#id_kind", "annual")
        page.fill("#id_title", "Kế hoạch cải cách hành chính năm 2026")
        page.fill("#id_start", "2026-01-01")
        page.fill("#id_end", "2026-12-31")
        page.select_option("#id_status", "active")
        page.check("#id_monthly_on")
        page.fill("#id_monthly_due_day", "5")
        page.fill("#id_monthly_due_time", "17:00")
        page.click("form.card button[type=submit]")
        page.wait_for_load_state("networkidle")
        campaign = Campaign.objects.get(commune=commune, code="TM-2026")

        # two targets on the form, the third uploaded as xlsx
        page.goto(f"/ke-hoach/{campaign.pk}/chi-tieu/thiet-lap/")
        for n, (code, value) in enumerate((("TL_HS_TRUC_TUYEN", "80"), ("TL_SO_HOA", "70"))):
            ind = Indicator.objects.get(code=code, commune__isnull=True)
            page.select_option(f"#id_t-{n}-indicator", str(ind.pk))
            page.fill(f"#id_t-{n}-value", value)
        page.click("text=Lưu chỉ tiêu giao")
        page.wait_for_load_state("networkidle")
        assert "Đã lưu chỉ tiêu giao." in page.content()
        page.goto(f"/ke-hoach/{campaign.pk}/chi-tieu/tai-len/")
        with page.expect_download() as download:
            page.click("text=Tải bảng mẫu (.xlsx)")
        assert download.value.suggested_filename.endswith(".xlsx")
        page.set_input_files("#id_file", _targets_xlsx(tmp_path))
        page.click("text=Tải lên")
        page.wait_for_load_state("networkidle")
        assert "Đã lưu 1 chỉ tiêu giao từ tệp." in page.content()
        assert Target.objects.filter(campaign=campaign).count() == 3

        # which unit reports which element: the office reports the online files
        page.goto(f"/ke-hoach/{campaign.pk}/so-lieu-don-vi/")
        for code in ("HS_TIEP_NHAN", "HS_TRUC_TUYEN"):
            page.check(f'input[name="c-{vp.pk}-{element[code].pk}"]')
        page.set_viewport_size({"width": 360, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        screenshot(page, "setup_elements_360")
        page.set_viewport_size({"width": 1366, "height": 768})
        screenshot(page, "setup_elements")
        page.click("form button.primary")
        page.wait_for_load_state("networkidle")
        assert "Đã lưu số liệu đơn vị báo cáo" in page.content()
        assert FormElement.objects.filter(campaign=campaign, unit_kind="department").exists() or (
            FormElement.objects.filter(campaign=campaign, unit=vp).exists()
        )

        # the periods, previewed then generated
        page.goto(f"/ke-hoach/{campaign.pk}/quy-dinh-bao-cao/")
        page.click("button[name=preview]")
        page.wait_for_load_state("networkidle")
        assert "Xem trước: 12 kỳ (chưa lưu)" in page.content()
        page.click("button[name=generate]")
        page.wait_for_load_state("networkidle")
        assert "Đã tạo 12 kỳ báo cáo." in page.content()
        screenshot(page, "setup_rules")
        _logout(page)

        # the office enters January's figures and submits
        _first_login(page, "tanmoi.vanphong", STAFF_FIRST, STAFF_OWN)
        page.goto("/bao-cao/cua-toi/")
        page.fill(f"#id_v_{element['HS_TIEP_NHAN'].pk}", "200")
        page.fill(f"#id_v_{element['HS_TRUC_TUYEN'].pk}", "150")
        page.click("button[name=submit]")
        page.wait_for_load_state("networkidle")
        assert "Đã nộp báo cáo" in page.content()
        report = UnitReport.objects.get(campaign=campaign, unit=vp, status=ReportStatus.SUBMITTED)
        assert report.period.label == "Tháng 01/2026"
        _logout(page)

        # the centre approves
        login(page, "tanmoi.trungtam", CENTRE_OWN)
        page.goto(f"/bao-cao/{report.pk}/")
        page.click("button[value=approve]")
        page.wait_for_load_state("networkidle")
        assert page.locator("#report-status").inner_text().strip() == "Đã duyệt"
        _logout(page)

    # the engine: 150 of 200 files online = 75 % against a target of 80 % → "Chưa đạt"
    def failing():
        return Attainment.objects.filter(
            campaign=campaign,
            indicator__code="TL_HS_TRUC_TUYEN",
            period=report.period,
            scope_kind="commune",
            status=AttainmentStatus.CHUA_DAT,
        ).exists()

    assert _wait_for(failing), worker.log() if worker else "no result after the approval"

    # February: January is closed; the leader drills from the failing tile to the office's report
    with time_machine.travel(datetime(2026, 2, 10, 9, 0, tzinfo=VN), tick=True):
        _first_login(page, "tanmoi.lanhdao", STAFF_FIRST, LEADER_OWN)
        page.goto(f"/bao-cao/bang-dieu-hanh/{campaign.pk}/")
        tile = page.locator('article.tile[data-indicator="TL_HS_TRUC_TUYEN"]')
        assert tile.get_attribute("data-status") == AttainmentStatus.CHUA_DAT
        assert "75" in tile.locator(".value").inner_text()
        screenshot(page, "setup_leader_dashboard")
        tile.locator("h3 a").click()
        page.wait_for_load_state("networkidle")
        assert f"/chi-tieu/{Indicator.objects.get(code='TL_HS_TRUC_TUYEN', commune__isnull=True).pk}/" in page.url
        page.click(f'a[href="/bao-cao/ket-qua-don-vi/{campaign.pk}/{vp.pk}/"]')
        page.wait_for_load_state("networkidle")
        assert "Kết quả của Văn phòng HĐND và UBND" in page.content()
        page.locator("#unit-reports a", has_text="Tháng 01/2026").click()
        page.wait_for_load_state("networkidle")
        assert page.url.endswith(f"/bao-cao/{report.pk}/")
        assert page.locator("#report-status").inner_text().strip() == "Đã duyệt"
        body = page.inner_text("main")
        assert "150" in body and "200" in body
        screenshot(page, "setup_leader_report")
        _logout(page)

        # the province page: the two An Giang communes on the same plan, downloaded with its total row
        login(page, "admin", DEMO_PASSWORD)
        page.goto(f"/bao-cao/toan-tinh/?tinh={province.pk}")
        assert page.locator("#province-total").count() == 1
        with page.expect_download() as download:
            page.click("text=Excel (.xlsx)")
        assert download.value.suggested_filename.endswith(".xlsx")
        sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
        lines = [list(r) for r in sheet.iter_rows(values_only=True)]
        head = lines[1]
        rows = {line[0]: line for line in lines[2:]}
        assert set(rows) == {"Tân Mới", "Vĩnh Phong", TOTAL_LABEL}
        assert lines[-1][0] == TOTAL_LABEL
        name = Indicator.objects.get(code="TL_HS_TRUC_TUYEN", commune__isnull=True).name
        cols = [head.index(f"{name} – {part}") for part in ("tử số", "mẫu số", "tỷ lệ (%)")]
        assert [rows["Tân Mới"][i] for i in cols] == [150, 200, 75]
        assert [rows[TOTAL_LABEL][i] for i in cols] == [150, 200, 75]  # Vĩnh Phong has no figure yet

    actions = set(AuditEntry.objects.filter(commune=commune).values_list("action", flat=True))
    assert {"Tạo tài khoản", "Tạo đơn vị", "Lập kế hoạch", "Tải chỉ tiêu giao từ tệp xlsx", "Tạo kỳ báo cáo"} <= actions
