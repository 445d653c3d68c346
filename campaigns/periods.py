"""Reporting periods and their deadlines, computed from a campaign's rules (docs/design.md rule 7).

Pure functions, no database: ``period_specs(rule=..., start=..., end=...)`` lists the periods
one reporting rule yields over a campaign's dates.

* weekly: weeks start on ``rule.week_start`` (Monday = 0). The first and last week are cut
  to the campaign's dates, so a push that starts mid-week has a short first week. Phú Lạc
  starts its weeks on Thursday (the push starts Thursday 30/10/2025 and reports are due
  "trước 10 giờ thứ 5 hằng tuần"), so each week runs Thursday–Wednesday and is due the next
  morning; only its last week (11/12–15/12) is short.
* monthly, quarterly, half-yearly, yearly: calendar periods cut to the campaign's dates.
* deadline: weekly, ``due_weekday`` at ``due_time`` in the week ``due_offset`` weeks after the
  period's own week; longer cadences, ``due_day`` (capped at the month's last day) at
  ``due_time`` of the month ``due_offset`` months after the period's last month.
  Times are Asia/Ho_Chi_Minh; the result is an aware datetime. A deadline on a Saturday,
  Sunday or public holiday moves to the next working day (``campaigns.workdays``) unless the
  rule's ``working_days_only`` is off.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .workdays import moved_deadline

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
# months each cadence spans
MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


@dataclass(frozen=True)
class PeriodSpec:
    cadence: str
    index: int
    label: str
    start: date
    end: date
    deadline: datetime


def local_midnight_after(day: date) -> datetime:
    """The instant a period ending on ``day`` is over: 00:00 of the next day in Vietnam."""
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=VN)


def _month_last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _short(d: date) -> str:
    return d.strftime("%d/%m")


def _label(cadence: str, index: int, start: date, end: date, block_start: date) -> str:
    if cadence == "weekly":
        if start.year == end.year:
            return f"Tuần {index} ({_short(start)}–{_short(end)}/{end.year})"
        return f"Tuần {index} ({start:%d/%m/%Y}–{end:%d/%m/%Y})"
    if cadence == "monthly":
        return f"Tháng {block_start.month:02d}/{block_start.year}"
    if cadence == "quarterly":
        return f"Quý {ROMAN[(block_start.month - 1) // 3 + 1]}/{block_start.year}"
    if cadence == "half_yearly":
        half = "đầu" if block_start.month <= 6 else "cuối"
        return f"6 tháng {half} năm {block_start.year}"
    return f"Năm {block_start.year}"


def weekly_deadline(*, week_first_day: date, week_start: int, due_weekday: int, due_offset: int, at: time) -> datetime:
    """Deadline of the week whose full (uncut) week starts on ``week_first_day``."""
    target_week = week_first_day + timedelta(weeks=due_offset)
    day = target_week + timedelta(days=(due_weekday - week_start) % 7)
    return datetime.combine(day, at, tzinfo=VN)


def monthly_deadline(*, last_month: date, due_day: int, due_offset: int, at: time) -> datetime:
    year, month = _add_months(last_month.year, last_month.month, due_offset)
    day = min(due_day, calendar.monthrange(year, month)[1])
    return datetime.combine(date(year, month, day), at, tzinfo=VN)


def period_specs(*, cadence: str, start: date, end: date, rule) -> list[PeriodSpec]:
    """Periods of one cadence over ``start..end``; ``rule`` has week_start, due_weekday,
    due_day, due_time, due_offset (a ReportingRule or anything shaped like it)."""
    specs: list[PeriodSpec] = []
    if end < start:
        return specs
    offset = rule.due_offset if rule.due_offset is not None else 1
    move = getattr(rule, "working_days_only", True)

    def due(deadline: datetime) -> datetime:
        return moved_deadline(deadline) if move else deadline

    if cadence == "weekly":
        week_start = rule.week_start if rule.week_start is not None else 0
        due_weekday = rule.due_weekday if rule.due_weekday is not None else week_start
        first = start - timedelta(days=(start.weekday() - week_start) % 7)
        index = 1
        while first <= end:
            p_start, p_end = max(first, start), min(first + timedelta(days=6), end)
            deadline = due(
                weekly_deadline(
                    week_first_day=first,
                    week_start=week_start,
                    due_weekday=due_weekday,
                    due_offset=offset,
                    at=rule.due_time,
                )
            )
            specs.append(
                PeriodSpec(cadence, index, _label(cadence, index, p_start, p_end, first), p_start, p_end, deadline)
            )
            first += timedelta(weeks=1)
            index += 1
        return specs
    months = MONTHS.get(cadence)
    if months is None:
        return specs
    # calendar blocks aligned on January: quarters Jan/Apr/Jul/Oct, halves Jan/Jul
    block_month = ((start.month - 1) // months) * months + 1
    year, month = start.year, block_month
    index = 1
    while date(year, month, 1) <= end:
        block_start = date(year, month, 1)
        ly, lm = _add_months(year, month, months - 1)
        block_end = _month_last_day(ly, lm)
        p_start, p_end = max(block_start, start), min(block_end, end)
        deadline = due(
            monthly_deadline(last_month=block_end, due_day=rule.due_day or 1, due_offset=offset, at=rule.due_time)
        )
        specs.append(
            PeriodSpec(cadence, index, _label(cadence, index, p_start, p_end, block_start), p_start, p_end, deadline)
        )
        year, month = _add_months(year, month, months)
        index += 1
    return specs


def rule_problems(*, cadence: str, start: date, end: date, rule) -> list[str]:
    """Vietnamese messages for a rule that cannot work: missing parts, a deadline before its
    period ends."""
    problems: list[str] = []
    if cadence == "weekly":
        if rule.week_start is None or rule.due_weekday is None:
            problems.append("Kỳ hằng tuần cần ngày bắt đầu tuần và thứ hạn nộp.")
            return problems
        if not (0 <= rule.week_start <= 6 and 0 <= rule.due_weekday <= 6):
            problems.append("Thứ trong tuần phải từ 0 (Thứ Hai) đến 6 (Chủ Nhật).")
            return problems
    elif cadence in MONTHS:
        if not rule.due_day or not (1 <= rule.due_day <= 31):
            problems.append("Ngày hạn nộp phải từ 1 đến 31.")
            return problems
    else:
        return problems
    for spec in period_specs(cadence=cadence, start=start, end=end, rule=rule):
        if spec.deadline < local_midnight_after(spec.end):
            problems.append(
                f"Hạn nộp {spec.deadline:%H:%M %d/%m/%Y} của kỳ {spec.label} đứng trước khi kỳ kết thúc "
                f"({spec.end:%d/%m/%Y}): hạn nộp phải sau ngày cuối kỳ."
            )
            break
    return problems


def rule_text(rule) -> str:
    """A reporting rule in words, e.g. "Tuần từ Thứ Năm đến Thứ Tư; hạn 10:00 Thứ Năm tuần kế tiếp"."""
    at = rule.due_time.strftime("%H:%M") if rule.due_time else ""
    offset = rule.due_offset if rule.due_offset is not None else 1
    if rule.cadence == "weekly" and rule.week_start is not None and rule.due_weekday is not None:
        last = WEEKDAYS[(rule.week_start + 6) % 7]
        when = {0: "trong tuần", 1: "tuần kế tiếp"}.get(offset, f"sau {offset} tuần")
        text = f"Tuần từ {WEEKDAYS[rule.week_start]} đến {last}; hạn {at} {WEEKDAYS[rule.due_weekday]} {when}"
    elif rule.cadence in MONTHS and rule.due_day:
        when = {0: "tháng cuối kỳ", 1: "tháng liền sau kỳ"}.get(offset, f"{offset} tháng sau kỳ")
        text = f"Hạn {at} ngày {rule.due_day} {when}"
    else:
        return ""
    if getattr(rule, "working_days_only", True):
        text += " (trùng ngày nghỉ thì dời sang ngày làm việc kế tiếp)"
    return text
