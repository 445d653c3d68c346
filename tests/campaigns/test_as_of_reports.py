"""Week 6 (04–10/12/2025) regenerated a year later lists the same missing reports and overdue
task check-ins as on its own date (issue 12.4): judged as of the document's date, never the
clock of the regeneration."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from campaigns.checkins import checkins_overdue
from campaigns.models import DeadlineKind, TaskCheckIn, TaskStatus
from campaigns.services import RuleInput, task_create
from documents.exporters import ExportParams, exporter_get
from indicators.models import FormElement
from reporting.models import UnitReport
from tests.indicators.factories import element

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
A_YEAR_LATER = datetime(2026, 12, 20, 9, 0, tzinfo=VN)


@pytest.fixture
def push(world):
    rule = RuleInput(cadence="weekly", week_start=3, due_weekday=3, due_time=time(10, 0))
    campaign = CampaignFactory(
        commune=world.a1,
        code="PL",
        start=date(2025, 10, 30),
        end=date(2025, 12, 15),
        rules=[rule],
        units=[world.a1_dept, world.a1_police],
    )
    for unit in (world.a1_dept, world.a1_police):
        FormElement.objects.create(campaign=campaign, cadence="weekly", element=element("HS_TIEP_NHAN"), unit=unit)
    return campaign


def _lags(campaign, issued_on):
    doc = exporter_get("weekly").build(
        ExportParams(kind="weekly", campaign_id=campaign.pk, period_start=date(2025, 12, 4), issued_on=issued_on)
    )
    (table,) = [t for t in doc.tables if t.title == "Đơn vị chưa nộp hoặc nộp muộn"]
    return [(row[1], row[2]) for row in table.rows]


def test_week_6_regenerated_a_year_later_lists_the_same_missing_reports(push, world):
    week6 = push.periods.get(cadence="weekly", start=date(2025, 12, 4))
    assert week6.deadline == datetime(2025, 12, 11, 10, 0, tzinfo=VN)
    # the department sent on time; the police only on 12/12, after the report of 11/12 was made
    UnitReport.objects.create(
        campaign=push, unit=world.a1_dept, period=week6, status="submitted",
        first_submitted_at=datetime(2025, 12, 11, 9, 0, tzinfo=VN), late=False,
    )  # fmt: skip
    UnitReport.objects.create(
        campaign=push, unit=world.a1_police, period=week6, status="submitted",
        first_submitted_at=datetime(2025, 12, 12, 8, 0, tzinfo=VN), late=True,
    )  # fmt: skip
    with time_machine.travel(datetime(2025, 12, 11, 15, 0, tzinfo=VN), tick=False):
        on_its_date = _lags(push, date(2025, 12, 11))
    with time_machine.travel(A_YEAR_LATER, tick=False):
        later = _lags(push, date(2025, 12, 11))
        # without a date of its own, the document stands at the end of the day the week's
        # reports were due (11/12): the police had not sent yet
        undated = _lags(push, None)
    assert on_its_date == later == undated == [(world.a1_police.name, "Chưa nộp (quá hạn)")]
    with time_machine.travel(A_YEAR_LATER, tick=False):
        # a document dated 12/12 sees the police's report, sent late
        assert _lags(push, date(2025, 12, 12)) == [(world.a1_police.name, "Nộp muộn")]


def test_overdue_check_ins_as_of_week_6_stay_the_same_a_year_later(push, world):
    task = task_create(
        campaign=push,
        content="Rà soát TTHC",
        lead_unit=world.a1_dept,
        coordinating_units=[world.a1_police],
        start=date(2025, 11, 3),
        deadline_kind=DeadlineKind.DATE,
        due_date=date(2025, 12, 5),
    )
    # the police reported its part on 12/12, after week 6
    TaskCheckIn.objects.filter(task=task, unit=world.a1_police).update(
        status=TaskStatus.DONE, reported_on=date(2025, 12, 12)
    )
    as_of_week_6 = [(c.unit, c.label) for c in checkins_overdue(push, date(2025, 12, 10))]
    with time_machine.travel(A_YEAR_LATER, tick=False):
        again = [(c.unit, c.label) for c in checkins_overdue(push, date(2025, 12, 10))]
    # due 05/12: neither had reported by 10/12 (units in their order: CA, then VP)
    assert as_of_week_6 == again == [(world.a1_police, "Cả nhiệm vụ"), (world.a1_dept, "Cả nhiệm vụ")]
