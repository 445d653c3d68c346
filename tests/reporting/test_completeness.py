"""Completeness / timeliness (rule 7)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from reporting import selectors, services

from .conftest import figures

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def _submit(rw, unit, period, at):
    report = services.unit_report_open(campaign=rw.campaign, unit=unit, period=period)
    code = "HS_TIEP_NHAN" if unit == rw.w.a1_dept else "BUOI_TUYEN_TRUYEN"
    return services.unit_report_submit(
        report=report, user=rw.w.centre, expected_version=report.version, values=figures(rw, **{code: 3}), now=at
    )


def test_completeness_counts_on_time_late_missing_and_pending(rw):
    p1, p2, p3 = rw.periods[:3]
    dept, v1, v2 = rw.w.a1_dept, rw.w.a1_v1, rw.w.a1_v2
    _submit(rw, dept, p1, datetime(2025, 11, 13, 10, 0, tzinfo=VN))  # on time (at the deadline)
    _submit(rw, v1, p1, datetime(2025, 11, 13, 10, 1, tzinfo=VN))  # late
    # v2 missing in week 1
    _submit(rw, dept, p2, datetime(2025, 11, 19, 8, 0, tzinfo=VN))  # on time
    now = datetime(2025, 11, 20, 12, 0, tzinfo=VN)  # week 2 just due; week 3 (17–23/11) started, pending
    comp = selectors.completeness(campaign=rw.campaign, now=now)
    assert [p.start for p in comp.periods] == [date(2025, 11, 3), date(2025, 11, 10), date(2025, 11, 17)]
    w1 = comp.by_period[p1.pk]
    assert (w1.expected, w1.received, w1.on_time, w1.late, w1.missing) == (3, 2, 1, 1, 1)
    assert w1.on_time_rate == Decimal("33.33")
    w3 = comp.by_period[p3.pk]
    assert (w3.expected, w3.due, w3.pending, w3.missing) == (3, 0, 3, 0)
    assert w3.on_time_rate is None  # nothing due yet: no data, not 0 %
    assert comp.by_unit[dept.pk].on_time_rate == Decimal("100.00")  # 2 of 2 decided; week 3 pending
    assert comp.by_unit[v1.pk].on_time_rate == Decimal("0.00")  # week 1 late, week 2 missing
    assert comp.by_unit[v2.pk].received_rate == Decimal("0.00")
    t = comp.total
    assert (t.expected, t.due, t.received, t.on_time, t.late, t.missing, t.pending) == (9, 6, 3, 2, 1, 3, 3)

    lags = {(lag.unit.pk, lag.state) for lag in selectors.missing_and_late(campaign=rw.campaign, period=p1, now=now)}
    assert lags == {(v1.pk, "late"), (v2.pk, "missing")}


def test_narratives_come_from_submitted_reports_only(rw):
    report = rw.report
    services.unit_report_save_draft(
        report=report,
        user=rw.w.staff,
        values=figures(rw, HS_TIEP_NHAN=1),
        expected_version=report.version,
        narrative={"highlights": "Nháp chưa nộp"},
    )
    assert list(selectors.narratives(campaign=rw.campaign)) == []
    services.unit_report_submit(report=report, user=rw.w.staff, expected_version=report.version)
    assert [r.highlights for r in selectors.narratives(campaign=rw.campaign, period=rw.periods[0])] == ["Nháp chưa nộp"]


def test_a_report_sent_before_its_deadline_counts_in_the_units_timeliness(rw):
    p1, p2 = rw.periods[:2]
    _submit(rw, rw.w.a1_dept, p2, datetime(2025, 11, 17, 8, 0, tzinfo=VN))  # week 2 sent early
    now = datetime(2025, 11, 18, 12, 0, tzinfo=VN)  # week 1 overdue (missing), week 2 not yet due
    unit = selectors.completeness(campaign=rw.campaign, now=now).by_unit[rw.w.a1_dept.pk]
    assert (unit.decided, unit.on_time, unit.missing) == (2, 1, 1)
    assert unit.on_time_rate == Decimal("50.00")
