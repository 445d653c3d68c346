"""Tasks worked by their units (issue 15.4): the coordinating unit opens and reports on its own
tasks, recurring tasks owe a check-in per period due on a working day, each overdue on its own,
and the centre sees who has not reported."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.checkins import checkins_due, checkins_overdue
from campaigns.models import CampaignStatus, DeadlineKind, TaskCheckIn, TaskStatus
from campaigns.services import campaign_update, task_create

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def plan(world):
    campaign = CampaignFactory(commune=world.a1, code="VP", start=date(2026, 1, 1), end=date(2026, 12, 31))
    return campaign_update(campaign=campaign, status=CampaignStatus.ACTIVE)


def _task(plan, world, **kw):
    values = {
        "campaign": plan,
        "content": "Rà soát, cập nhật danh mục TTHC",
        "lead_unit": world.a1_police,
        "coordinating_units": [world.a1_dept],
        "start": date(2026, 1, 1),
        "deadline_kind": DeadlineKind.RECURRING,
    }
    values.update(kw)
    return task_create(**values)


def _dues(task, unit):
    return [(c.label, c.due_date) for c in task.checkins.filter(unit=unit).order_by("period_start")]


def test_a_monthly_task_owes_a_check_in_per_month_and_unit_due_on_a_working_day(plan, world):
    task = _task(plan, world, report_rhythm="hằng tháng", note="Hàng tháng (01-12/2026)")
    assert task.checkins.count() == 24  # 12 months × (lead + one coordinating unit)
    dues = dict(_dues(task, world.a1_dept))
    assert dues == dict(_dues(task, world.a1_police))
    assert dues["Tháng 01/2026"] == date(2026, 2, 2)  # 31/01 is a Saturday
    assert dues["Tháng 02/2026"] == date(2026, 3, 2)  # 28/02 a Saturday
    assert dues["Tháng 03/2026"] == date(2026, 3, 31)  # a Tuesday
    assert dues["Tháng 05/2026"] == date(2026, 6, 1)  # 31/05 a Sunday
    assert dues["Tháng 08/2026"] == date(2026, 9, 3)  # 31/08, 01/09 and 02/09 are Quốc khánh days off
    assert dues["Tháng 10/2026"] == date(2026, 11, 2)  # 31/10 a Saturday


def test_the_plans_words_give_the_rhythm(plan, world):
    quarterly = _task(plan, world, report_rhythm="hằng quý")
    assert _dues(quarterly, world.a1_dept) == [
        ("Quý I/2026", date(2026, 3, 31)),
        ("Quý II/2026", date(2026, 6, 30)),
        ("Quý III/2026", date(2026, 9, 30)),
        ("Quý IV/2026", date(2026, 12, 31)),
    ]
    yearly = _task(plan, world, note="Sơ kết, khen thưởng hằng năm")
    assert _dues(yearly, world.a1_dept) == [("Năm 2026", date(2026, 12, 31))]
    # "Thường xuyên" with no other rhythm: checked once a month, from the task's start
    ongoing = _task(plan, world, start=date(2026, 10, 15), note="Thực hiện thường xuyên")
    assert _dues(ongoing, world.a1_dept) == [
        ("Tháng 10/2026", date(2026, 11, 2)),
        ("Tháng 11/2026", date(2026, 11, 30)),
        ("Tháng 12/2026", date(2026, 12, 31)),
    ]
    # a task with a deadline: one check-in per unit, due on the deadline (Sunday 31/05 → 01/06)
    once = _task(plan, world, deadline_kind=DeadlineKind.MONTH, due_date=date(2026, 5, 10), report_rhythm="")
    assert _dues(once, world.a1_police) == [("Cả nhiệm vụ", date(2026, 6, 1))]


def test_a_dated_task_with_a_rhythm_is_checked_by_its_rhythm_up_to_its_deadline(plan, world):
    """Vĩnh Phong's appendix: "Quý I/2026 hoàn thành chuẩn hóa niên yết; duy trì thường xuyên" is
    checked each month until the end of Quý I; "báo cáo hằng quý" with a deadline of 10/08/2026
    each quarter, the last one ending on the deadline."""
    words = "Quý I/2026 hoàn thành chuẩn hóa niên yết; duy trì thường xuyên"
    ongoing = _task(plan, world, deadline_kind=DeadlineKind.QUARTER, due_date=date(2026, 2, 1), deadline_text=words)
    assert _dues(ongoing, world.a1_dept) == [
        ("Tháng 01/2026", date(2026, 2, 2)),  # 31/01 is a Saturday
        ("Tháng 02/2026", date(2026, 3, 2)),
        ("Tháng 03/2026", date(2026, 3, 31)),
    ]
    quarterly = _task(
        plan, world, deadline_kind=DeadlineKind.DATE, due_date=date(2026, 8, 10), report_rhythm="Hằng quý"
    )
    assert _dues(quarterly, world.a1_police) == [
        ("Quý I/2026", date(2026, 3, 31)),
        ("Quý II/2026", date(2026, 6, 30)),
        ("Quý III/2026", date(2026, 8, 10)),
    ]
    assert quarterly.checkins.order_by("period_start").last().period_end == date(2026, 8, 10)
    monthly = _task(
        plan, world, deadline_kind=DeadlineKind.MONTH, due_date=date(2026, 2, 1), report_rhythm="Hàng tháng"
    )
    assert [label for label, _ in _dues(monthly, world.a1_dept)] == ["Tháng 01/2026", "Tháng 02/2026"]


def _report(client, checkin, **data):
    prefix = str(checkin.pk)
    payload = {f"{prefix}-version": checkin.version, f"{prefix}-status": TaskStatus.DONE, f"{prefix}-result": ""}
    payload.update({f"{prefix}-{k}": v for k, v in data.items()})
    return client.post(reverse("campaigns:checkin_report", args=[checkin.pk]), payload)


def test_the_coordinating_unit_opens_its_task_and_reports_its_own_part_only(client, plan, world):
    task = _task(plan, world, report_rhythm="hằng tháng")
    client.force_login(world.staff)  # staff of the coordinating unit (a1_dept)
    with time_machine.travel(datetime(2026, 2, 2, 9, 0, tzinfo=VN), tick=False):
        page = client.get(reverse("campaigns:task_edit", args=[task.pk]))
        assert page.status_code == 200  # was 403: only the lead unit could open it
        assert "Báo cáo phần việc" in page.content.decode()
        mine = task.checkins.get(unit=world.a1_dept, label="Tháng 01/2026")
        response = _report(client, mine, result="Đã rà soát 12 thủ tục", url="https://xa.example/bao-cao")
        assert response.status_code == 302
        mine.refresh_from_db()
        assert (mine.status, mine.reported_on, mine.reported_by) == (TaskStatus.DONE, date(2026, 2, 2), world.staff)
        # the lead unit's part is not theirs to report, nor the task's overall progress
        theirs = task.checkins.get(unit=world.a1_police, label="Tháng 01/2026")
        assert _report(client, theirs, result="x").status_code == 403
        progress = client.post(reverse("campaigns:task_edit", args=[task.pk]), {"save_progress": "1", "status": "done"})
        assert progress.status_code == 403
    theirs.refresh_from_db()
    assert theirs.reported_on is None
    # a unit that is neither lead nor coordinating still gets 403
    client.force_login(world.head)
    assert client.get(reverse("campaigns:task_edit", args=[task.pk])).status_code == 403


def test_a_stale_form_or_a_wrong_file_changes_nothing(client, plan, world):
    task = _task(plan, world, report_rhythm="hằng tháng")
    client.force_login(world.staff)
    row = task.checkins.get(unit=world.a1_dept, label="Tháng 01/2026")
    with time_machine.travel(datetime(2026, 2, 2, 9, 0, tzinfo=VN), tick=False):
        exe = SimpleUploadedFile("bao-cao.exe", b"MZ", content_type="application/octet-stream")
        response = _report(client, row, result="Xong", file=exe)
        assert "không được nhận" in " ".join(m.message for m in response.wsgi_request._messages)
        big = SimpleUploadedFile("bao-cao.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024 + 1), content_type="application/pdf")
        response = _report(client, row, result="Xong", file=big)
        assert "quá giới hạn 10 MB" in " ".join(m.message for m in response.wsgi_request._messages)
        row.refresh_from_db()
        assert (row.reported_on, row.version) == (None, 0)
        _report(client, row, result="Xong")
        stale = _report(client, row, result="Sửa lại")  # still version 0
        assert "vừa được người khác cập nhật" in " ".join(m.message for m in stale.wsgi_request._messages)
    row.refresh_from_db()
    assert (row.result, row.version) == ("Xong", 1)


def test_a_check_in_evidence_link_can_be_cleared_behind_the_version_check(client, plan, world):
    task = _task(plan, world, report_rhythm="hằng tháng")
    client.force_login(world.staff)
    row = task.checkins.get(unit=world.a1_dept, label="Tháng 01/2026")
    with time_machine.travel(datetime(2026, 2, 2, 9, 0, tzinfo=VN), tick=False):
        _report(client, row, status=TaskStatus.DOING, url="https://xa.example/sai-duong-dan")
        row.refresh_from_db()
        assert (row.url, row.version) == ("https://xa.example/sai-duong-dan", 1)
        page = client.get(reverse("campaigns:task_edit", args=[task.pk])).content.decode()
        assert 'value="https://xa.example/sai-duong-dan"' in page  # the form shows the link to clear
        stale = _report(client, row, status=TaskStatus.DOING, version=0, url="")
        assert "vừa được người khác cập nhật" in " ".join(m.message for m in stale.wsgi_request._messages)
        row.refresh_from_db()
        assert (row.url, row.version) == ("https://xa.example/sai-duong-dan", 1)
        _report(client, row, status=TaskStatus.DOING, url="")
        row.refresh_from_db()
        assert (row.url, row.version) == ("", 2)
        page = client.get(reverse("campaigns:task_edit", args=[task.pk])).content.decode()
        assert "sai-duong-dan" not in page
        # done with nothing left to show: refused, the link stays cleared
        refused = _report(client, row, url="")
        assert "cần kết quả thực hiện hoặc minh chứng" in " ".join(m.message for m in refused.wsgi_request._messages)
        row.refresh_from_db()
        assert (row.status, row.version) == (TaskStatus.DOING, 2)


def test_each_units_check_in_is_overdue_on_its_own_and_the_centre_sees_who_is_missing(client, plan, world):
    task = _task(plan, world, report_rhythm="hằng tháng")
    client.force_login(world.staff)
    with time_machine.travel(datetime(2026, 2, 2, 16, 0, tzinfo=VN), tick=False):
        _report(client, task.checkins.get(unit=world.a1_dept, label="Tháng 01/2026"), result="Đã rà soát")
    # on the due day itself nobody is overdue; the day after, only the lead unit (a1_police)
    assert checkins_overdue(plan, date(2026, 2, 2)) == []
    missing = checkins_overdue(plan, date(2026, 2, 3))
    assert [(c.unit, c.label) for c in missing] == [(world.a1_police, "Tháng 01/2026")]
    # regenerated later, the list as of 03/02 is the same (the February check-ins are not yet due then)
    assert [(c.unit, c.label) for c in checkins_overdue(plan, date(2026, 2, 3))] == [(world.a1_police, "Tháng 01/2026")]
    # the reminders' selector: open check-ins due within 3 days of 30/01 (due 02/02); the
    # department reported on 02/02, after that day, so as of 30/01 both are still open
    due = checkins_due(date(2026, 1, 30), days_ahead=3)
    assert sorted((c.unit.code, c.label) for c in due) == [("CA", "Tháng 01/2026"), ("VP", "Tháng 01/2026")]
    client.force_login(world.centre)
    with time_machine.travel(datetime(2026, 2, 3, 9, 0, tzinfo=VN), tick=False):
        page = client.get(reverse("campaigns:checkins_missing", args=[plan.pk])).content.decode()
    assert "1 báo cáo quá hạn của 1 nhiệm vụ" in page
    assert world.a1_police.name in page and "hạn 02/02/2026" in page
    client.force_login(world.staff)
    assert client.get(reverse("campaigns:checkins_missing", args=[plan.pk])).status_code == 403


def test_a_check_in_nobody_reported_follows_new_dates_and_one_reported_is_kept(plan, world):
    task = _task(plan, world, report_rhythm="hằng quý")
    done = task.checkins.get(unit=world.a1_dept, label="Quý IV/2026")
    TaskCheckIn.objects.filter(pk=done.pk).update(status=TaskStatus.DONE, reported_on=date(2026, 12, 30))
    campaign_update(campaign=plan, end=date(2026, 6, 30))
    assert [c.label for c in task.checkins.filter(unit=world.a1_police).order_by("period_start")] == [
        "Quý I/2026",
        "Quý II/2026",
    ]
    assert task.checkins.filter(pk=done.pk).exists()


def test_who_sees_which_form_on_the_task_page(client, plan, world):
    """The centre edits the task; the lead unit's staff report its overall progress; a
    coordinating unit's head reports only its own part; leadership reads it (403 to change
    nothing it may not); a unit with no part is refused."""
    task = _task(plan, world, lead_unit=world.a1_dept, coordinating_units=[world.a1_v1], report_rhythm="hằng tháng")
    url = reverse("campaigns:task_edit", args=[task.pk])
    seen = {}
    with time_machine.travel(datetime(2026, 2, 2, 9, 0, tzinfo=VN), tick=False):
        for name in ("centre", "staff", "head", "superuser"):
            client.force_login(getattr(world, name))
            page = client.get(url).content.decode()
            seen[name] = ("Sửa nhiệm vụ" in page, "Cập nhật tiến độ chung" in page, page.count("Báo cáo phần việc"))
        client.force_login(world.head)
        progress = client.post(url, {"save_progress": "1", "status": "done"})
        edit = client.post(url, {"save_task": "1", "content": "Đổi nội dung"})
    # on 02/02 January and February have started: 2 months × (lead + V01) check-ins
    assert seen == {
        "centre": (True, True, 4),
        "staff": (False, True, 2),
        "head": (False, False, 2),
        "superuser": (True, True, 4),
    }
    assert (progress.status_code, edit.status_code) == (403, 403)
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO and task.content == "Rà soát, cập nhật danh mục TTHC"
