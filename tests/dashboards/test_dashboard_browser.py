"""Real Chromium through the dashboards on the full demo (seed_demo, the engine recomputes)."""

from __future__ import annotations

import os
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


def expected_text(row) -> str:
    """How a person reads the engine's value: 2 decimals with a comma and % for a ratio,
    a whole number with dots between thousands for a count, — for no data."""
    if row.value is None:
        return "—"
    if row.indicator.is_ratio:
        return str(row.value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(".", ",") + "%"
    return f"{int(row.value.quantize(Decimal(1), rounding=ROUND_HALF_UP)):,}".replace(",", ".")


def expected_word(row) -> str:
    if row.target is None and row.value is not None:
        return "Chưa giao chỉ tiêu"
    return {"dat": "Đạt", "dat_toi_thieu": "Đạt mức tối thiểu", "chua_dat": "Chưa đạt"}.get(
        row.status, "Không có số liệu"
    )


def save(page, name: str) -> None:
    """Screenshots go to artifacts/; with XTD_UPDATE_DOCS_IMG=1 also to docs/img/ for the README
    (so a test run leaves the working tree clean)."""
    if os.environ.get("XTD_UPDATE_DOCS_IMG") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_IMG / f"{name}.png"), full_page=False)
    screenshot(page, name)


def test_dashboards_in_chromium(page, settings):
    from campaigns.models import Campaign
    from demo.seed_org import DEMO_PASSWORD
    from indicators.models import Attainment
    from indicators.selectors import latest_closed_period
    from org.models import Unit
    from reporting.models import UnitReport

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    campaign = Campaign.objects.get(code="PL-45N-2025")
    period = latest_closed_period(campaign)
    stored = {
        a.indicator.code: a
        for a in Attainment.objects.filter(
            campaign=campaign, window_kind="cumulative", scope_kind="commune", period=period
        ).select_related("indicator")
    }
    assert stored, "the demo's recompute left no results"

    # --- leadership: each tile is the engine's cumulative result -------------------------
    login(page, "lanhdao", DEMO_PASSWORD)
    page.goto(reverse("dashboards:dashboard", args=[campaign.pk]))
    tiles = page.locator("article.tile")
    # a tile for each indicator with a target in force; the others fold away in one list (issue 15)
    targeted = {code for code, a in stored.items() if a.target is not None}
    assert tiles.count() == len(targeted)
    assert page.locator("#untargeted tbody tr").count() == len(stored) - len(targeted)
    for i in range(tiles.count()):
        t = tiles.nth(i)
        row = stored[t.get_attribute("data-indicator")]
        assert t.locator(".value").inner_text().strip() == expected_text(row), row.indicator.code
        assert t.locator(".tile-value .status").inner_text().strip() == expected_word(row), row.indicator.code
    assert period.label in page.locator("#tiles-title").inner_text()
    assert "Số liệu tính lúc" in page.locator(".computed-at").inner_text()
    assert page.locator("#ranking tbody tr").count() >= 1
    save(page, "dashboard-desktop")

    # switch the period filter: the page reloads on change (dashboard.js) on week 3 alone
    week3 = campaign.periods.filter(cadence="weekly").order_by("start")[2]
    page.select_option("#id_cach_tinh", "trong_ky")
    page.wait_for_load_state("networkidle")
    page.select_option("#id_ky", str(week3.pk))
    page.wait_for_url(f"**ky={week3.pk}**")
    assert week3.label in page.locator("#tiles-title").inner_text()
    in_week3 = Attainment.objects.get(
        campaign=campaign,
        window_kind="period",
        scope_kind="commune",
        period=week3,
        indicator__code="TL_HS_TRUC_TUYEN",
    )
    tile = page.locator('article.tile[data-indicator="TL_HS_TRUC_TUYEN"]')
    assert tile.locator(".value").inner_text().strip() == expected_text(in_week3)

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(reverse("dashboards:dashboard", args=[campaign.pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    save(page, "dashboard-phone")

    # --- the province: every commune side by side ---------------------------------------
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, "tinh", DEMO_PASSWORD)
    page.goto(reverse("dashboards:province_home"))
    table = page.locator("#province-table")
    assert table.locator("tbody tr").count() == 4
    assert "Phú Lạc" in table.inner_text()
    screenshot(page, "dashboard-province")
    page.click("#province-table a:text('Phú Lạc')")
    shown = page.locator("article.tile").count() + page.locator("#untargeted tbody tr").count()
    assert shown == len(stored)  # every indicator: a tile, or a line of the folded list

    # --- unit staff: own results and the published ranking; nothing of another unit -----
    page.context.clear_cookies()
    login(page, "vanphong", DEMO_PASSWORD)
    page.goto(reverse("dashboards:unit_view_home"))
    assert "Kết quả của" in page.locator("h1").inner_text()
    assert page.locator("#published-ranking tbody tr").count() >= 2
    screenshot(page, "dashboard-unit-view")
    vp = Unit.objects.get(commune=campaign.commune, code="VP")
    other = Unit.objects.get(commune=campaign.commune, code="TTPVHCC")
    report = UnitReport.objects.filter(unit=other, campaign=campaign).first()
    assert report is not None
    for url in (
        reverse("reporting:report_detail", args=[report.pk]),  # narrative
        reverse("reporting:report_history", args=[report.pk]),  # figures and their changes
        reverse("reporting:form_xlsx_download", args=[report.pk]),  # figures as Excel
        reverse("dashboards:unit_view", args=[campaign.pk, other.pk]),  # its results
        reverse("dashboards:dashboard", args=[campaign.pk]),  # everyone's
    ):
        response = page.goto(url)
        assert response.status in (403, 404), url
    assert page.goto(reverse("dashboards:unit_view", args=[campaign.pk, vp.pk])).status == 200
