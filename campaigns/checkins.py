"""Task check-ins: each unit of a task (the lead and every coordinating unit) reports its part
(status, result, an evidence file or link), once per period for a recurring task (issue 15.4).

* The rhythm comes from the plan's own words on the task (its rhythm, its deadline, its note):
  "hằng tháng" / "hàng tháng" → monthly, "hằng quý" → quarterly, "hằng năm" → yearly;
  "Thường xuyên" with no other rhythm → monthly (the centre checks ongoing work once a month).
  A task with a deadline (a date, a month, a quarter) and a rhythm in its rhythm or deadline
  words gets check-ins by that rhythm up to the deadline (the last one ends on it); with no
  rhythm, one check-in per unit, due on that deadline.
* A check-in covers a calendar month / quarter / year cut to the task's dates and is due on
  the period's last day, moved to the next working day when that is a Saturday, Sunday or public
  holiday (``campaigns.workdays``).
* Overdue as of a day: its due date is before that day and it was not reported done by then.
  Each unit's check-in is overdue on its own.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from .models import Campaign, CheckInCadence, DeadlineKind, Task, TaskCheckIn, TaskStatus
from .periods import ROMAN
from .workdays import next_working_day

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods")

_WORDS = (
    (CheckInCadence.MONTHLY, re.compile(r"h[ằà]ng tháng|mỗi tháng|/tháng", re.I)),
    (CheckInCadence.QUARTERLY, re.compile(r"h[ằà]ng quý|mỗi quý", re.I)),
    (CheckInCadence.YEARLY, re.compile(r"h[ằà]ng năm|mỗi năm|/năm", re.I)),
)
_ONGOING = re.compile(r"thường xuyên", re.I)


def cadence_of(task: Task) -> str:
    """The check-in rhythm the plan's words give the task (see the module's rules). A task with
    a deadline reads its rhythm and deadline words only (its note is commentary there):
    "Quý I/2026 hoàn thành; duy trì thường xuyên" is checked monthly up to its deadline."""
    recurring = task.deadline_kind == DeadlineKind.RECURRING or task.due_date is None
    texts = (
        [task.report_rhythm, task.deadline_text, task.note] if recurring else [task.report_rhythm, task.deadline_text]
    )
    for text in texts:
        for cadence, pattern in _WORDS:
            if text and pattern.search(text):
                return cadence
    if recurring or any(text and _ONGOING.search(text) for text in texts):
        return CheckInCadence.MONTHLY
    return CheckInCadence.ONCE


@dataclass(frozen=True)
class CheckInSpec:
    cadence: str
    label: str
    period_start: date
    period_end: date
    due_date: date


MONTHS = {CheckInCadence.MONTHLY: 1, CheckInCadence.QUARTERLY: 3, CheckInCadence.YEARLY: 12}


def _label(cadence: str, block_start: date) -> str:
    if cadence == CheckInCadence.MONTHLY:
        return f"Tháng {block_start.month:02d}/{block_start.year}"
    if cadence == CheckInCadence.QUARTERLY:
        return f"Quý {ROMAN[(block_start.month - 1) // 3 + 1]}/{block_start.year}"
    return f"Năm {block_start.year}"


def checkin_specs(task: Task, campaign: Campaign) -> list[CheckInSpec]:
    """The check-ins one unit owes on ``task`` over the campaign (pure, no database)."""
    cadence = cadence_of(task)
    first = max(task.start or campaign.start, campaign.start)
    if cadence == CheckInCadence.ONCE:
        if task.due_date is None:
            return []
        return [
            CheckInSpec(
                cadence, "Cả nhiệm vụ", min(first, task.due_date), task.due_date, next_working_day(task.due_date)
            )
        ]
    months = MONTHS[cadence]
    last = min(campaign.end, task.due_date) if task.due_date else campaign.end  # a dated task: up to its deadline
    first = min(first, last)
    specs: list[CheckInSpec] = []
    year, month = first.year, ((first.month - 1) // months) * months + 1
    while date(year, month, 1) <= last:
        block_start = date(year, month, 1)
        k = year * 12 + month - 1 + months - 1
        end_year, end_month = k // 12, k % 12 + 1
        block_end = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
        start, end = max(block_start, first), min(block_end, last)
        specs.append(CheckInSpec(cadence, _label(cadence, block_start), start, end, next_working_day(end)))
        k = year * 12 + month - 1 + months
        year, month = k // 12, k % 12 + 1
    return specs


@transaction.atomic
def checkins_generate(*, campaign: Campaign, tasks: list[Task] | None = None) -> int:
    """Create the check-ins of every unit of the campaign's tasks (idempotent on task, unit and
    period start); dates follow the task's words and the campaign's dates. A check-in no longer
    produced is removed only while nobody has reported on it. Returns how many were created."""
    if tasks is None:
        tasks = list(campaign.tasks.prefetch_related("coordinating_units"))
    existing = {
        (c.task_id, c.unit_id, c.period_start): c for c in TaskCheckIn.objects.filter(task__in=[t.pk for t in tasks])
    }
    wanted: set[tuple[int, int, date]] = set()
    new: list[TaskCheckIn] = []
    changed: list[TaskCheckIn] = []
    for task in tasks:
        unit_ids = [task.lead_unit_id, *[u.pk for u in task.coordinating_units.all() if u.pk != task.lead_unit_id]]
        for spec in checkin_specs(task, campaign):
            for unit_id in unit_ids:
                key = (task.pk, unit_id, spec.period_start)
                wanted.add(key)
                row = existing.get(key)
                values = {
                    "cadence": spec.cadence,
                    "label": spec.label,
                    "period_end": spec.period_end,
                    "due_date": spec.due_date,
                }
                if row is None:
                    new.append(TaskCheckIn(task_id=task.pk, unit_id=unit_id, period_start=spec.period_start, **values))
                elif any(getattr(row, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(row, k, v)
                    changed.append(row)
    TaskCheckIn.objects.bulk_create(new, batch_size=500)
    if changed:
        TaskCheckIn.objects.bulk_update(changed, ["cadence", "label", "period_end", "due_date"], batch_size=500)
    stale = [c.pk for key, c in existing.items() if key not in wanted and c.reported_on is None]
    TaskCheckIn.objects.filter(pk__in=stale).delete()
    return len(new)


# --- reading ------------------------------------------------------------------------------


def checkin_overdue_q(as_of: date) -> Q:
    """Overdue as of ``as_of``: due before that day and not reported done by then."""
    done_by_then = Q(status=TaskStatus.DONE) & Q(reported_on__lte=as_of)
    return Q(due_date__lt=as_of) & ~done_by_then


def checkin_mark(checkin: TaskCheckIn, as_of: date) -> TaskCheckIn:
    """``is_done``, ``is_overdue``, ``is_late`` (done after its due date), ``display_status``,
    ``status_class`` as of ``as_of``."""
    checkin.is_done = (
        checkin.status == TaskStatus.DONE and checkin.reported_on is not None and checkin.reported_on <= as_of
    )
    checkin.is_overdue = not checkin.is_done and checkin.due_date < as_of
    checkin.is_late = checkin.is_done and checkin.reported_on > checkin.due_date
    if checkin.is_overdue:
        checkin.display_status, checkin.status_class = "Quá hạn, chưa báo cáo", "overdue"
    elif checkin.is_done:
        checkin.display_status = "Hoàn thành (báo cáo muộn)" if checkin.is_late else "Hoàn thành"
        checkin.status_class = "late" if checkin.is_late else "approved"
    elif checkin.status == TaskStatus.DOING and checkin.reported_on and checkin.reported_on <= as_of:
        checkin.display_status, checkin.status_class = "Đang thực hiện", "submitted"
    else:
        checkin.display_status, checkin.status_class = "Chưa báo cáo", "draft"
    return checkin


def checkins_of_task(task: Task, as_of: date) -> list[TaskCheckIn]:
    """The task's check-ins that have started by ``as_of``, newest period first, each marked."""
    qs = task.checkins.filter(period_start__lte=as_of).select_related("unit", "reported_by")
    return [checkin_mark(c, as_of) for c in qs.order_by("-period_start", "unit__order", "unit__code")]


def checkins_overdue(campaign: Campaign, as_of: date) -> list[TaskCheckIn]:
    """Who has not reported on which task as of ``as_of`` (the centre's list), by task then unit."""
    qs = (
        TaskCheckIn.objects.filter(checkin_overdue_q(as_of), task__campaign=campaign)
        .select_related("task", "unit")
        .order_by("task__order", "task_id", "due_date", "unit__order", "unit__code")
    )
    return [checkin_mark(c, as_of) for c in qs]


def checkins_due(as_of: date, *, days_ahead: int = 3, campaign: Campaign | None = None) -> QuerySet[TaskCheckIn]:
    """Open check-ins due by ``as_of`` + ``days_ahead`` days (overdue ones included: their
    ``due_date`` is before ``as_of``) of active campaigns, for reminders: not reported done by
    ``as_of``, oldest due first, with task, campaign, commune and unit loaded."""
    qs = TaskCheckIn.objects.filter(
        due_date__lte=as_of + timedelta(days=days_ahead), period_start__lte=as_of, task__campaign__status="active"
    ).exclude(Q(status=TaskStatus.DONE) & Q(reported_on__lte=as_of))
    if campaign is not None:
        qs = qs.filter(task__campaign=campaign)
    return qs.select_related("task", "task__campaign", "task__campaign__commune", "unit").order_by(
        "due_date", "task_id", "unit_id"
    )


# --- writing ------------------------------------------------------------------------------


def _check_file(file) -> None:
    name = (getattr(file, "name", "") or "").lower()
    if not name.endswith(EVIDENCE_TYPES):
        raise ValidationError(
            {"file": f"Tệp “{file.name}” không được nhận: chỉ nhận PDF, ảnh JPG/PNG, Word, Excel, ODT/ODS."}
        )
    if file.size > MAX_EVIDENCE_BYTES:
        size = f"{file.size / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError({"file": f"Tệp “{file.name}” nặng {size} MB, quá giới hạn 10 MB."})


@transaction.atomic
def checkin_report(
    *,
    checkin: TaskCheckIn,
    user,
    version: int,
    status: str,
    result: str = "",
    url: str = "",
    file=None,
    on: date,
) -> TaskCheckIn:
    """A unit reports its part for one period. ``version`` is the one the form was read at: a
    report made meanwhile by a colleague is not overwritten. ``url`` replaces the link (empty
    clears it); a file sent is added, none keeps the one there. ``on`` is today in Vietnam."""
    locked = TaskCheckIn.objects.select_for_update().get(pk=checkin.pk)
    if locked.version != version:
        raise ValidationError(
            {"__all__": "Báo cáo này vừa được người khác cập nhật; hãy tải lại trang để xem bản mới rồi sửa tiếp."}
        )
    if status not in TaskStatus.values:
        raise ValidationError({"status": "Trạng thái không hợp lệ."})
    if on < locked.period_start:
        raise ValidationError({"status": f"Kỳ {locked.label} chưa bắt đầu: chưa báo cáo được."})
    result = (result or "").strip()
    url = (url or "").strip()
    if status == TaskStatus.DONE and not (result or url or file or locked.file):
        raise ValidationError({"result": "Báo cáo hoàn thành cần kết quả thực hiện hoặc minh chứng (tệp, đường dẫn)."})
    if file:
        _check_file(file)
        locked.file = file
    # the form shows the link as it is: sent empty, the unit cleared it
    locked.status, locked.result, locked.url = status, result, url
    locked.reported_on, locked.reported_by = on, user
    locked.version += 1
    locked.full_clean(exclude=["file", "reported_by", "task", "unit"])
    locked.save()
    return locked
