"""Done-when of issue 4: vanphong fills and submits the week's form and sees it locked;
trungtam returns it with a reason; vanphong corrects and resubmits; trungtam approves; the
history shows each change. Real Chromium against live_server, on the bare demo."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tests.browser import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _box(page, code: str):
    from indicators.models import DataElement

    return page.locator(f"#id_v_{DataElement.objects.get(code=code, commune__isnull=True).pk}")


def test_vanphong_submits_trungtam_returns_vanphong_resubmits_trungtam_approves(page, settings):
    import time_machine

    from demo.seed_org import DEMO_PASSWORD
    from reporting.models import ReportStatus, UnitReport

    call_command("seed_demo", "--bare", stdout=open("/dev/null", "w"))
    # 11/11/2025, mid-push: the form on top is the week due next (Thursday 10:00)
    with time_machine.travel(datetime(2025, 11, 11, 9, 0, tzinfo=VN), tick=True):
        login(page, "vanphong", DEMO_PASSWORD)
        page.goto("/bao-cao/cua-toi/")
        assert "Kỳ cần báo cáo" in page.content()
        _box(page, "HS_TIEP_NHAN").fill("120")
        _box(page, "HS_TRUC_TUYEN").press("Enter")  # Enter moves on, never submits
        assert not UnitReport.objects.filter(status=ReportStatus.SUBMITTED).exists()
        _box(page, "HS_TRUC_TUYEN").fill("100")
        page.fill("#id_highlights", "Hướng dẫn 40 lượt người dân nộp hồ sơ trực tuyến.")
        screenshot(page, "reporting_form")
        page.click("button[name=submit]")
        page.wait_for_load_state("networkidle")
        assert "Đã nộp báo cáo" in page.content()
        assert page.locator("#report-status").inner_text().strip() == "Đã nộp"
        assert page.locator("a", has_text="Nhập / sửa báo cáo").count() == 0  # locked
        report = UnitReport.objects.get(status=ReportStatus.SUBMITTED)
        page.goto(f"/bao-cao/{report.pk}/sua/")
        assert "không sửa được" in page.content()
        page.click("text=Đăng xuất")

        login(page, "trungtam", DEMO_PASSWORD)
        page.goto(f"/bao-cao/duyet/ke-hoach/{report.campaign_id}/")
        screenshot(page, "reporting_grid")
        page.click("#review-grid a.status-submitted")
        page.fill("#id_reason", "Số hồ sơ trực tuyến chưa khớp với hệ thống một cửa.")
        page.click("button[value=return]")
        page.wait_for_load_state("networkidle")
        assert "Đã trả lại báo cáo" in page.content()
        page.click("text=Đăng xuất")

        login(page, "vanphong", DEMO_PASSWORD)
        page.goto("/bao-cao/cua-toi/")
        assert "Báo cáo bị trả lại: Số hồ sơ trực tuyến chưa khớp" in page.content()
        _box(page, "HS_TRUC_TUYEN").fill("110")
        page.click("button[name=submit]")
        page.wait_for_load_state("networkidle")
        assert "Đã nộp báo cáo" in page.content()
        page.click("text=Đăng xuất")

        login(page, "trungtam", DEMO_PASSWORD)
        page.goto(f"/bao-cao/{report.pk}/")
        page.click("button[value=approve]")
        page.wait_for_load_state("networkidle")
        assert page.locator("#report-status").inner_text().strip() == "Đã duyệt"
        page.click("text=Lịch sử thay đổi")
        page.wait_for_load_state("networkidle")
        screenshot(page, "reporting_history")
        events = page.locator("li.event")
        assert [events.nth(i).locator("strong").nth(1).inner_text() for i in range(events.count())] == [
            "Duyệt",
            "Nộp báo cáo",
            "Trả lại",
            "Nộp báo cáo",
        ]
        history = page.content()
        assert "Số hồ sơ trực tuyến chưa khớp với hệ thống một cửa." in history
        resubmit = events.nth(1).inner_text()
        assert "Số hồ sơ tiếp nhận trực tuyến" in resubmit and "100" in resubmit and "110" in resubmit
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.late is False
