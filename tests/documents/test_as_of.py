"""A past report regenerated later judges "quá hạn" as of its own period's end (issue 12: week 6,
04–10/12/2025, listed the tasks due 13/12 and 15/12 as overdue because it asked the wall clock)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from campaigns.models import DeadlineKind
from campaigns.services import RuleInput, task_create
from documents.exporters import ExportParams, Quarter, exporter_get
from tests.campaigns.factories import CampaignFactory
from tests.documents.conftest import add_figure, recompute

VN = ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = pytest.mark.django_db
A_YEAR_LATER = datetime(2026, 12, 20, 9, 0, tzinfo=VN)


@pytest.fixture
def push(world):
    # weeks from Thursday 30/10/2025: week 6 is 04–10/12, the last one 11–15/12 (the campaign's end)
    rule = RuleInput(cadence="weekly", week_start=3, due_weekday=3, due_time=time(10, 0))
    campaign = CampaignFactory(
        commune=world.a1, code="PL", start=date(2025, 10, 30), end=date(2025, 12, 15), rules=[rule]
    )
    for content, due in [
        ("Rà soát TTHC", date(2025, 12, 5)),
        ("Niêm yết", date(2025, 12, 13)),
        ("Tổng kết", date(2025, 12, 15)),
    ]:
        task_create(
            campaign=campaign,
            content=content,
            lead_unit=world.a1_dept,
            start=date(2025, 11, 3),
            deadline_kind=DeadlineKind.DATE,
            due_date=due,
        )
    return campaign


def overdue_in_weekly(campaign, period_start: date) -> list[str]:
    doc = exporter_get("weekly").build(ExportParams(kind="weekly", campaign_id=campaign.pk, period_start=period_start))
    (table,) = [t for t in doc.tables if t.title == "Nhiệm vụ quá hạn"]
    return [row[1] for row in table.rows]


def test_week_6_regenerated_a_year_later_lists_what_it_listed_on_its_own_date(push):
    with time_machine.travel(datetime(2025, 12, 10, 17, 0, tzinfo=VN), tick=False):
        on_its_date = overdue_in_weekly(push, date(2025, 12, 4))
    with time_machine.travel(A_YEAR_LATER, tick=False):
        later = overdue_in_weekly(push, date(2025, 12, 4))
    # as of 10/12: only the task due 05/12; 13/12 and 15/12 are still ahead
    assert on_its_date == later == ["Rà soát TTHC"]


def test_the_last_week_counts_the_task_due_13_12_and_not_the_one_due_on_its_last_day(push):
    with time_machine.travel(A_YEAR_LATER, tick=False):
        # as of 15/12: 13/12 is past; 15/12 is the last day itself, not before it
        assert overdue_in_weekly(push, date(2025, 12, 11)) == ["Rà soát TTHC", "Niêm yết"]


def test_the_task_list_of_a_closed_campaign_is_judged_on_its_last_day(push):
    with time_machine.travel(A_YEAR_LATER, tick=False):
        doc = exporter_get("tasks").build(ExportParams(kind="tasks", campaign_id=push.pk))
    assert "tình hình đến ngày 15/12/2025" in doc.subtitle
    assert any("quá hạn chưa hoàn thành: 2;" in b.text for b in doc.blocks)


def test_the_quarterly_count_of_targets_met_counts_only_indicators_with_a_target(world, campaign):
    c, periods = campaign
    add_figure(c, periods[1], world.a1_dept, "SANG_KIEN", 2)  # figures, and no target for SO_SANG_KIEN
    recompute(c)
    doc = exporter_get("quarterly").build(ExportParams(kind="quarterly", campaign_id=c.pk, quarter=Quarter(2026, 1)))
    table = doc.tables[0]
    with_target = [r for r in table.rows if r[5].value is not None]
    assert len(with_target) < len(table.rows)  # figures reported for an indicator the plan gave no target
    # the one target: TL_HS_TRUC_TUYEN ≥ 92%, (92 + 45) / (100 + 60) = 85,625% in Q1: not met
    assert any(b.text == "Số chỉ tiêu đạt: 0/1 chỉ tiêu được giao." for b in doc.blocks)


def test_the_push_final_count_of_targets_met_counts_only_indicators_with_a_target(world, campaign):
    c, periods = campaign
    add_figure(c, periods[1], world.a1_dept, "SANG_KIEN", 2)  # figures, and no target for SO_SANG_KIEN
    recompute(c)
    doc = exporter_get("push_final").build(ExportParams(kind="push_final", campaign_id=c.pk))
    # the one target: TL_HS_TRUC_TUYEN ≥ 92%, cumulative (92 + 45) / (100 + 60) = 85,625%: not met;
    # SO_SANG_KIEN has figures but no target and is not counted
    assert any(b.text == "Số chỉ tiêu đạt: 0/1 chỉ tiêu được giao." for b in doc.blocks)
