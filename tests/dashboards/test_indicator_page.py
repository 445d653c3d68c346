"""The indicator's page (issue 15, drill-down): from a tile to the figures and the reports behind it."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from indicators.models import DataElement, Indicator, Target
from indicators.runs import campaign_recompute
from org.models import UnitKind
from reporting.services import unit_report_approve, unit_report_open, unit_report_submit
from tests.org.factories import PASSWORD, UnitFactory
from tests.reporting.conftest import build_campaign

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture
def fed(world):
    """Week 1 (03–09/11/2025): Văn phòng received 1.000 dossiers, 900 online; Phòng Kinh tế 250, all
    250 online. By hand: the commune's rate is (900 + 250) × 100 / (1.000 + 250) = 1.150/1.250 = 92,00 %,
    the units' 90,00 % and 100,00 %; the target ≥ 92 % is met exactly (đạt)."""
    second = UnitFactory(commune=world.a1, code="PKT", name="Phòng Kinh tế", kind=UnitKind.DEPARTMENT)
    campaign, periods = build_campaign(world.a1, [world.a1_dept, second])
    online = Indicator.objects.get(code="TL_HS_TRUC_TUYEN", commune__isnull=True)
    Target.objects.create(
        campaign=campaign, indicator=online, comparator=">=", value=Decimal("92"), note="đạt tỷ lệ trên 92%"
    )
    el = {e.code: e for e in DataElement.objects.filter(commune__isnull=True)}
    reports = {}
    for unit, received, online_n in ((world.a1_dept, "1000", "900"), (second, "250", "250")):
        report = unit_report_open(campaign=campaign, unit=unit, period=periods[0])
        values = {(el["HS_TIEP_NHAN"].pk, None): Decimal(received), (el["HS_TRUC_TUYEN"].pk, None): Decimal(online_n)}
        report = unit_report_submit(report=report, user=world.superuser, expected_version=report.version, values=values)
        reports[unit.pk] = report
    unit_report_approve(
        report=reports[world.a1_dept.pk], user=world.centre, expected_version=reports[world.a1_dept.pk].version
    )
    campaign_recompute(campaign_id=campaign.pk)
    return campaign, periods, online, second, reports


def _page(client, user, campaign, online, query="") -> str:
    client.login(username=user.username, password=PASSWORD)
    with time_machine.travel(datetime(2025, 11, 14, 9, tzinfo=VN), tick=False):
        response = client.get(reverse("dashboards:indicator_detail", args=[campaign.pk, online.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_tile_opens_the_indicator_page_with_numerator_denominator_and_target(client, world, fed):
    campaign, periods, online, second, reports = fed
    client.login(username=world.leader.username, password=PASSWORD)
    with time_machine.travel(datetime(2025, 11, 14, 9, tzinfo=VN), tick=False):
        dashboard = client.get(reverse("dashboards:dashboard", args=[campaign.pk])).content.decode()
    assert reverse("dashboards:indicator_detail", args=[campaign.pk, online.pk]) in dashboard
    page = _page(client, world.leader, campaign, online)
    value = page[page.index('id="value"') : page.index('id="targets"')]
    assert "92,00" in value and "1.150" in value and "1.250" in value and "Đạt" in value
    targets = page[page.index('id="targets"') :]
    assert "đạt tỷ lệ trên 92%" in targets  # the plan's own words as the source


def test_units_add_up_to_the_commune_and_each_opens_its_page(client, world, fed):
    campaign, periods, online, second, reports = fed
    page = _page(client, world.leader, campaign, online)
    units = page[page.index('id="units"') : page.index('id="fed-by"')]
    assert units.index("Phòng Kinh tế") < units.index(world.a1_dept.name)  # 100,00 % before 90,00 %
    assert "100,00" in units and "90,00" in units
    sums = units[units.index('id="unit-sums"') :]
    assert "1.150" in sums and "1.250" in sums and "92,00" in sums
    assert reverse("dashboards:unit_view", args=[campaign.pk, second.pk]) in units


def test_the_reports_that_fed_the_period_are_links(client, world, fed):
    campaign, periods, online, second, reports = fed
    page = _page(client, world.leader, campaign, online)
    fed_by = page[page.index('id="fed-by"') :]
    for report in reports.values():
        assert reverse("reporting:report_detail", args=[report.pk]) in fed_by
    assert "Đã duyệt" in fed_by and "Đã nộp" in fed_by
    assert "900" in fed_by and "1.000" in fed_by


@pytest.mark.parametrize(("who", "status"), [("leader", 200), ("province", 200), ("staff", 404), ("outsider", 404)])
def test_who_may_open_the_indicator_page(client, world, fed, who, status):
    campaign, periods, online, second, reports = fed
    client.login(username=getattr(world, who).username, password=PASSWORD)
    response = client.get(reverse("dashboards:indicator_detail", args=[campaign.pk, online.pk]))
    assert response.status_code == status


def test_another_communes_indicator_is_not_found(client, world, fed):
    campaign, periods, online, second, reports = fed
    own = Indicator.objects.create(commune=world.b1, code="RIENG_B1", name="Chỉ tiêu riêng của xã khác")
    client.login(username=world.leader.username, password=PASSWORD)
    assert client.get(reverse("dashboards:indicator_detail", args=[campaign.pk, own.pk])).status_code == 404


def test_the_unit_page_leads_to_the_reports_its_figures_come_from(client, world, fed):
    """From the indicator page a unit row opens the unit's page; there each report is a link to
    the report and to its history (issue 15: a figure opens the report and its history)."""
    campaign, periods, online, second, reports = fed
    client.login(username=world.leader.username, password=PASSWORD)
    with time_machine.travel(datetime(2025, 11, 14, 9, tzinfo=VN), tick=False):
        page = client.get(reverse("dashboards:unit_view", args=[campaign.pk, world.a1_dept.pk])).content.decode()
    listed = page[page.index('id="unit-reports"') :]
    listed = listed[: listed.index("</section>")]
    report = reports[world.a1_dept.pk]
    assert reverse("reporting:report_detail", args=[report.pk]) in listed
    assert reverse("reporting:report_history", args=[report.pk]) in listed
    assert periods[0].label in listed and "Đã duyệt" in listed
    assert reverse("reporting:report_detail", args=[reports[second.pk].pk]) not in listed  # another unit's
