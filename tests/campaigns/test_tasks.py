"""Tasks: due dates from the plan's deadline kinds, overdue around midnight in Vietnam,
progress and evidence."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import DeadlineKind, TaskStatus
from campaigns.selectors import period_current, periods_closed, tasks_with_overdue
from campaigns.services import RuleInput, task_add_evidence, task_create, task_update_progress

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def push(world):
    rule = RuleInput(cadence="weekly", week_start=3, due_weekday=3, due_time=time(10, 0))
    return CampaignFactory(commune=world.a1, code="PL", start=date(2025, 10, 30), end=date(2025, 12, 15), rules=[rule])


@pytest.fixture
def task(push, world):
    return task_create(
        campaign=push,
        content="Bố trí Tổ hỗ trợ DVC trực tuyến tại Bộ phận Một cửa",
        lead_unit=world.a1_dept,
        start=date(2025, 11, 3),
        deadline_kind=DeadlineKind.DATE,
        due_date=date(2025, 11, 5),
    )


def test_a_task_due_5_11_is_not_overdue_at_23_59_vietnam_time_and_is_at_midnight(push, task):
    # 23:59 on 5/11 in Vietnam is 16:59 UTC; 00:00 on 6/11 is 17:00 UTC
    (t,) = tasks_with_overdue(push, datetime(2025, 11, 5, 16, 59, tzinfo=UTC))
    assert (t.is_overdue, t.display_status) == (False, "Chưa thực hiện")
    (t,) = tasks_with_overdue(push, datetime(2025, 11, 5, 17, 0, tzinfo=UTC))
    assert (t.is_overdue, t.display_status) == (True, "Quá hạn")


def test_a_done_task_is_never_overdue(push, task, world):
    with time_machine.travel(datetime(2025, 11, 4, 9, 0, tzinfo=VN), tick=False):
        task_update_progress(task=task, user=world.staff, status=TaskStatus.DONE)
    (t,) = tasks_with_overdue(push, datetime(2025, 12, 1, tzinfo=UTC))
    assert (t.is_overdue, t.display_status, t.completed_on) == (False, "Hoàn thành", date(2025, 11, 4))


def test_a_recurring_task_is_never_overdue(push, world):
    task_create(campaign=push, content="Tuyên truyền", lead_unit=world.a1_v1, deadline_kind=DeadlineKind.RECURRING)
    (t,) = tasks_with_overdue(push, datetime(2026, 6, 1, tzinfo=UTC))
    assert t.is_overdue is False and t.deadline_text == "Thường xuyên"


def test_month_and_quarter_deadlines_run_to_the_last_day(push, world):
    by_month = task_create(
        campaign=push, content="A", lead_unit=world.a1_dept, deadline_kind=DeadlineKind.MONTH, due_date=date(2026, 2, 3)
    )
    by_quarter = task_create(
        campaign=push,
        content="B",
        lead_unit=world.a1_dept,
        deadline_kind=DeadlineKind.QUARTER,
        due_date=date(2026, 8, 15),
    )
    assert (by_month.due_date, by_month.deadline_text) == (date(2026, 2, 28), "Tháng 02/2026")
    assert (by_quarter.due_date, by_quarter.deadline_text) == (date(2026, 9, 30), "Quý III/2026")
    # Quý III/2026 ends 30/9: still on time at 23:59 that night in Vietnam, overdue a minute later
    flags = {t.content: t.is_overdue for t in tasks_with_overdue(push, datetime(2026, 9, 30, 16, 59, tzinfo=UTC))}
    assert flags == {"A": True, "B": False}
    flags = {t.content: t.is_overdue for t in tasks_with_overdue(push, datetime(2026, 9, 30, 17, 0, tzinfo=UTC))}
    assert flags == {"A": True, "B": True}


def test_completion_before_the_start_is_refused(push, task, world):
    with pytest.raises(ValidationError) as exc:
        task_update_progress(task=task, user=world.staff, status=TaskStatus.DONE, completed_on=date(2025, 11, 1))
    assert "Ngày hoàn thành" in str(exc.value.message_dict["completed_on"])
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO


def test_evidence_needs_a_file_or_a_link(task, world):
    with pytest.raises(ValidationError) as exc:
        task_add_evidence(task=task, user=world.staff)
    assert exc.value.message_dict["file"] == ["Cần chọn tệp minh chứng hoặc nhập đường dẫn."]
    e = task_add_evidence(task=task, user=world.staff, file=SimpleUploadedFile("qd.pdf", b"%PDF-1.4"), note="QĐ")
    assert e.file.name.endswith(".pdf") and task.evidence.count() == 1


def test_current_period_is_the_latest_started_one_and_closed_ones_are_over(push):
    # Wednesday 12/11/2025 23:30 in Vietnam (16:30 UTC): week 2 (06/11–12/11) is still current
    now = datetime(2025, 11, 12, 16, 30, tzinfo=UTC)
    assert period_current(push, "weekly", now).label == "Tuần 2 (06/11–12/11/2025)"
    assert [p.index for p in periods_closed(push, "weekly", now)] == [1]
    # half an hour later it is Thursday in Vietnam: week 3 started, week 2 is closed
    now = datetime(2025, 11, 12, 17, 0, tzinfo=UTC)
    assert period_current(push, "weekly", now).index == 3
    assert [p.index for p in periods_closed(push, "weekly", now)] == [1, 2]
    assert period_current(push, "weekly", datetime(2025, 10, 1, tzinfo=UTC)) is None
