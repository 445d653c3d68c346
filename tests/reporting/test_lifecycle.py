"""Rule 7 (deadlines) and rule 8 (life cycle, audit trail, optimistic locking) through the services."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from indicators.models import DataValue
from reporting import services
from reporting.models import FigureChangeLog, ReportStatus

from .conftest import figures

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def _submit(rw, user=None):
    r = rw.report
    r.refresh_from_db()
    return services.unit_report_submit(
        report=r,
        user=user or rw.w.staff,
        expected_version=r.version,
        values=figures(rw, HS_TIEP_NHAN=100, HS_TRUC_TUYEN=92),
    )


@pytest.mark.parametrize(
    ("moment", "late"),
    [
        (datetime(2025, 11, 13, 9, 59, 59, tzinfo=VN), False),
        (datetime(2025, 11, 13, 10, 0, 0, tzinfo=VN), False),
        (datetime(2025, 11, 13, 10, 0, 1, tzinfo=VN), True),
        (datetime(2025, 11, 13, 10, 0, 59, tzinfo=VN), True),
    ],
)
def test_submission_after_thursday_10_00_is_late_and_at_it_is_on_time(rw, moment, late):
    # week 1 is 03/11–09/11/2025, due Thursday 13/11/2025 10:00
    with time_machine.travel(moment, tick=False):
        report = _submit(rw)
    assert report.late is late
    assert report.status == ReportStatus.SUBMITTED


def test_resubmission_after_return_keeps_first_submission_timeliness(rw):
    with time_machine.travel(datetime(2025, 11, 12, 8, 0, tzinfo=VN), tick=False):
        report = _submit(rw)
    services.unit_report_return(report=report, user=rw.w.centre, reason="Sai số liệu", expected_version=report.version)
    with time_machine.travel(datetime(2025, 11, 20, 8, 0, tzinfo=VN), tick=False):
        report = services.unit_report_submit(report=report, user=rw.w.staff, expected_version=report.version)
    assert report.late is False
    assert report.submitted_at == datetime(2025, 11, 20, 8, 0, tzinfo=VN)


def test_figures_count_exactly_while_submitted_or_approved(rw):
    def counted():
        return set(DataValue.objects.filter(unit=rw.w.a1_dept).values_list("counted", flat=True))

    r = rw.report
    services.unit_report_save_draft(
        report=r, user=rw.w.staff, values=figures(rw, HS_TIEP_NHAN=10), expected_version=r.version
    )
    assert counted() == {False}
    services.unit_report_submit(report=r, user=rw.w.staff, expected_version=r.version)
    assert counted() == {True}
    services.unit_report_return(report=r, user=rw.w.centre, reason="Thiếu số trực tuyến", expected_version=r.version)
    assert counted() == {False}
    services.unit_report_submit(
        report=r, user=rw.w.staff, values=figures(rw, HS_TRUC_TUYEN=4), expected_version=r.version
    )
    services.unit_report_approve(report=r, user=rw.w.leader, expected_version=r.version)
    assert counted() == {True}
    services.unit_report_reopen(report=r, user=rw.w.leader, reason="Phát hiện sai", expected_version=r.version)
    assert r.status == ReportStatus.RETURNED
    assert counted() == {False}


def test_every_figure_change_is_kept_with_who_old_and_new(rw):
    r = rw.report
    services.unit_report_save_draft(
        report=r, user=rw.w.staff, values=figures(rw, HS_TIEP_NHAN=10), expected_version=r.version
    )
    services.unit_report_save_draft(
        report=r, user=rw.w.centre, values=figures(rw, HS_TIEP_NHAN=12), expected_version=r.version
    )
    rows = list(FigureChangeLog.objects.filter(report=r).order_by("id").values_list("old", "new", "event__user"))
    assert rows == [(None, Decimal(10), rw.w.staff.pk), (Decimal(10), Decimal(12), rw.w.centre.pk)]


def test_second_person_saving_an_old_version_is_told_and_nothing_is_overwritten(rw):
    r = rw.report
    opened = r.version  # both people opened the form at this version
    services.unit_report_save_draft(
        report=r, user=rw.w.staff, values=figures(rw, HS_TIEP_NHAN=50), expected_version=opened
    )
    other = type(r).objects.get(pk=r.pk)
    with pytest.raises(services.ReportConflict) as exc:
        services.unit_report_save_draft(
            report=other, user=rw.w.centre, values=figures(rw, HS_TIEP_NHAN=70), expected_version=opened
        )
    assert "người khác" in str(exc.value)
    assert exc.value.report.version == opened + 1
    assert DataValue.objects.get(unit=rw.w.a1_dept, element=rw.el["HS_TIEP_NHAN"]).value == 50


def test_submitted_report_is_locked_until_returned(rw):
    report = _submit(rw)
    with pytest.raises(services.ReportStateError):
        services.unit_report_save_draft(
            report=report, user=rw.w.staff, values=figures(rw, HS_TIEP_NHAN=1), expected_version=report.version
        )
    assert DataValue.objects.get(unit=rw.w.a1_dept, element=rw.el["HS_TIEP_NHAN"]).value == 100


def test_return_and_reopen_need_a_reason(rw):
    report = _submit(rw)
    with pytest.raises(services.ReportStateError):
        services.unit_report_return(report=report, user=rw.w.centre, reason="  ", expected_version=report.version)
    services.unit_report_approve(report=report, user=rw.w.centre, expected_version=report.version)
    with pytest.raises(services.ReportStateError):
        services.unit_report_reopen(report=report, user=rw.w.centre, reason="", expected_version=report.version)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_only_the_approver_may_reopen_an_approved_report(rw):
    report = _submit(rw)
    services.unit_report_approve(report=report, user=rw.w.centre, expected_version=report.version)
    with pytest.raises(PermissionDenied):
        services.unit_report_reopen(report=report, user=rw.w.leader, reason="Xem lại", expected_version=report.version)
    with pytest.raises(PermissionDenied):
        services.unit_report_reopen(report=report, user=rw.w.staff, reason="Xem lại", expected_version=report.version)
    services.unit_report_reopen(report=report, user=rw.w.centre, reason="Xem lại", expected_version=report.version)
    assert report.status == ReportStatus.RETURNED


def test_unit_staff_cannot_approve_and_other_communes_cannot_write(rw):
    report = _submit(rw)
    with pytest.raises(PermissionDenied):
        services.unit_report_approve(report=report, user=rw.w.staff, expected_version=report.version)
    with pytest.raises(PermissionDenied):
        services.unit_report_approve(report=report, user=rw.w.province, expected_version=report.version)


def test_submit_calls_the_engine_hook(rw, monkeypatch):
    calls = []
    monkeypatch.setattr("indicators.engine_hooks.schedule_recompute", lambda *, campaign_id: calls.append(campaign_id))
    report = _submit(rw)
    services.unit_report_return(report=report, user=rw.w.centre, reason="x", expected_version=report.version)
    assert calls == [rw.campaign.pk, rw.campaign.pk]
