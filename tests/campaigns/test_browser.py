"""The centre creates a campaign in a real browser; the page works at 360 px."""

from __future__ import annotations

from datetime import date, time

import pytest

from campaigns.models import Campaign
from campaigns.services import RuleInput
from tests.browser import login, screenshot
from tests.org.factories import PASSWORD

from .factories import CampaignFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_centre_creates_a_weekly_campaign_and_sees_its_deadlines(page, world):
    login(page, world.centre.username, PASSWORD)
    page.goto("/ke-hoach/tao-moi/")  # the old address: it leads to the set-up page
    assert "Lập kế hoạch mới" in page.content(), page.inner_text("main")[:800]
    page.fill("#id_code", "PL-45N-2025")
    page.select_option("#id_kind", "push")
    page.fill("#id_title", "Đợt cao điểm 45 ngày đêm")
    page.fill("#id_start", "2025-10-30")
    page.fill("#id_end", "2025-12-15")
    page.check("#id_weekly_on")
    page.select_option("#id_weekly_week_start", "3")
    page.select_option("#id_weekly_due_weekday", "3")
    page.fill("#id_weekly_due_time", "10:00")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    screenshot(page, "campaign-create-after-submit")
    assert "Đã tạo kế hoạch" in page.content(), page.inner_text("main")[:1500]
    campaign = Campaign.objects.get(code="PL-45N-2025")
    assert campaign.periods.count() == 7
    page.click(f'a[href="/ke-hoach/{campaign.pk}/"]')  # from the set-up list to the campaign page
    page.wait_for_load_state("networkidle")
    body = page.content()
    assert "Tuần 1 (30/10–05/11/2025)" in body and "10:00 06/11/2025" in body
    screenshot(page, "campaign-detail-centre")


def test_campaign_page_fits_a_phone_for_unit_staff(page, world):
    rule = RuleInput(cadence="weekly", week_start=3, due_weekday=3, due_time=time(10, 0))
    campaign = CampaignFactory(
        commune=world.a1, code="PL", start=date(2025, 10, 30), end=date(2025, 12, 15), rules=[rule]
    )
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, world.staff.username, PASSWORD)
    page.goto(f"/ke-hoach/{campaign.pk}/")
    assert "Kỳ báo cáo và hạn nộp" in page.content()
    assert "Sửa kế hoạch" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "campaign-detail-staff-360")
