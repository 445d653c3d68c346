"""What to remind, and whom (issue 17 item 3). Each rule yields ``Reminder`` rows; the run
(``followup.services.reminders_run``) turns them into deliveries, once per unit × topic × kind ×
person × channel. Messages are Vietnamese, one SMS long, with a link to the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Cadence, CampaignStatus, CheckInCadence, Period, Task, TaskCheckIn, TaskStatus
from campaigns.selectors import checkins_due
from households.models import ReturnStatus, RoundStatus, SurveyRound, VillageReturn
from notify.channels import Message
from notify.selectors import centre_people, unit_people
from org.models import Unit, UnitKind
from reporting.models import COUNTED_STATUSES, ReportAction, ReportEvent, ReportStatus, UnitReport
from reporting.selectors import units_reporting

from .models import DEFAULT_LEAD_TIMES, FollowupSettings


@dataclass
class Reminder:
    commune_id: int
    unit: Unit
    topic: str
    kind: str
    users: list
    message: Message
    before_deadline: bool = False  # a unit nobody can be reached in is a warning on the page


def lead_times_parse(text: str) -> list[tuple[int, time]]:
    """ "1 16:00; 0 07:00" → [(1, 16:00), (0, 07:00)]; a bad entry is a ``ValidationError``."""
    out = []
    for part in [p.strip() for p in (text or "").split(";") if p.strip()]:
        m = re.fullmatch(r"(\d{1,2})\s+(\d{1,2}):(\d{2})", part)
        if not m or int(m[2]) > 23 or int(m[3]) > 59:
            raise ValidationError(
                f"Thời điểm nhắc “{part}” không hợp lệ: viết “số ngày trước hạn giờ:phút”, ví dụ “1 16:00; 0 07:00”."
            )
        out.append((int(m[1]), time(int(m[2]), int(m[3]))))
    return out


def _settings_for(commune_id: int, cache: dict) -> FollowupSettings:
    if commune_id not in cache:
        cache[commune_id] = FollowupSettings.objects.filter(commune_id=commune_id).first() or FollowupSettings(
            commune_id=commune_id, lead_times=DEFAULT_LEAD_TIMES
        )
    return cache[commune_id]


def link(name: str, *args) -> str:
    return settings.XTD_SITE_URL.rstrip("/") + reverse(name, args=args)


def _when(dt: datetime) -> str:
    return timezone.localtime(dt).strftime("%H:%M %d/%m/%Y")


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def short_label(period: Period) -> str:
    """ "Tuần 3 (13/11–19/11/2025)" → "Tuần 3": the SMS keeps the deadline, not the dates."""
    return period.label.split(" (")[0]


def _msg(subject: str, text: str, url: str, *, body: str = "", **params) -> Message:
    return Message(
        subject=f"[Xã Thi Đua] {subject}",
        text=f"{text} {url}",
        body=f"{body or text}\n\nXem và thực hiện: {url}\n\nXã Thi Đua",
        link=url,
        params={**{k: _clip(str(v), 90) for k, v in params.items()}, "duong_dan": url},
    )


def fired_lead(deadline: datetime, now: datetime, leads: list[tuple[int, time]]) -> tuple[int, time] | None:
    """The latest lead time that has come (before the deadline), or None."""
    day = timezone.localtime(deadline).date()
    tz = timezone.get_current_timezone()
    fired = [
        (datetime.combine(day - timedelta(days=d), t, tzinfo=tz), (d, t))
        for d, t in leads
        if datetime.combine(day - timedelta(days=d), t, tzinfo=tz) <= now < deadline
    ]
    return max(fired)[1] if fired else None


def report_reminders(now: datetime, cache: dict) -> Iterator[Reminder]:
    """Before the deadline (at the commune's lead times) to the unit; after it (for
    ``missing_days``) to the unit and the centre."""
    periods = (
        Period.objects.filter(deadline__gt=now - timedelta(days=14), deadline__lte=now + timedelta(days=8))
        .filter(campaign__status=CampaignStatus.ACTIVE)  # a draft plan reminds nobody
        .exclude(cadence=Cadence.SURVEY)
        .select_related("campaign")
        .order_by("deadline", "id")
    )
    for period in periods:
        campaign = period.campaign
        conf = _settings_for(campaign.commune_id, cache)
        due = period.deadline > now
        if due:
            lead = fired_lead(period.deadline, now, lead_times_parse(conf.lead_times))
            if lead is None:
                continue
            kind = f"due-{lead[0]}d{lead[1]:%H%M}"
            done = set(
                UnitReport.objects.filter(period=period, status__in=COUNTED_STATUSES).values_list("unit_id", flat=True)
            )
        else:
            if period.deadline + timedelta(days=conf.missing_days) <= now:
                continue
            kind = "missing"
            done = set(
                UnitReport.objects.filter(period=period, first_submitted_at__isnull=False).values_list(
                    "unit_id", flat=True
                )
            )
        deadline = _when(period.deadline)
        for unit in units_reporting(campaign=campaign, cadence=period.cadence):
            if unit.pk in done:
                continue
            url = link("reporting:report_open", unit.pk, period.pk)
            name, label = _clip(unit.name, 40), short_label(period)
            if due:
                text = f"Nhắc: {name} nộp báo cáo {label} ({campaign.code}) trước {deadline}."
                subject, users = f"Nhắc nộp báo cáo {period.label} trước {deadline}", unit_people(unit)
            else:
                text = f"{name} chưa nộp báo cáo {label} ({campaign.code}), hạn {deadline} đã qua."
                subject = f"{unit.name} chưa nộp báo cáo {period.label}"
                users = unit_people(unit) + centre_people(campaign.commune_id)
            yield Reminder(
                campaign.commune_id, unit, f"period:{period.pk}", kind, users,
                _msg(subject, text, url, don_vi=unit.name, noi_dung=f"Báo cáo {period.label}", han=deadline),
                before_deadline=due,
            )  # fmt: skip


def returned_reminders(now: datetime, cache: dict) -> Iterator[Reminder]:
    """A report returned (in the last 14 days, still returned): to its unit, with the reason."""
    events = (
        ReportEvent.objects.filter(
            action=ReportAction.RETURN, at__gt=now - timedelta(days=14), report__status=ReportStatus.RETURNED
        )
        .select_related("report", "report__unit", "report__period", "report__campaign")
        .order_by("at", "id")
    )
    for ev in events:
        report = ev.report
        url = link("reporting:report_edit", report.pk)
        reason = _clip(ev.comment or "không ghi lý do", 40)
        text = f"Báo cáo {short_label(report.period)} của {_clip(report.unit.name, 30)} bị trả lại: {reason}. Sửa, nộp lại."
        yield Reminder(
            report.campaign.commune_id, report.unit, f"period:{report.period_id}", f"returned-{ev.pk}",
            unit_people(report.unit),
            _msg(f"Báo cáo {report.period.label} bị trả lại", text, url, don_vi=report.unit.name,
                 body=f"Báo cáo {report.period.label} của {report.unit.name} bị trả lại. Lý do: {ev.comment or 'không ghi lý do'}.",
                 noi_dung=f"Trả lại: {reason}", han=report.period.label),
        )  # fmt: skip


def task_reminders(now: datetime, cache: dict) -> Iterator[Reminder]:
    """A task due within ``task_lead_days`` or overdue: to its lead and coordinating units, but
    not to a unit that has reported its part done (its check-in for the deadline)."""
    today = timezone.localdate(now)
    tasks = (
        Task.objects.filter(due_date__isnull=False, due_date__gte=today - timedelta(days=30))
        .exclude(status=TaskStatus.DONE)
        .filter(campaign__status=CampaignStatus.ACTIVE)  # a draft plan reminds nobody
        .select_related("campaign", "lead_unit")
        .prefetch_related("coordinating_units")
    )
    pairs = []
    for task in tasks:
        conf = _settings_for(task.campaign.commune_id, cache)
        if task.due_date < today:
            pairs.append((task, "task-overdue"))
        elif task.due_date <= today + timedelta(days=conf.task_lead_days):
            pairs.append((task, "task-due"))
    reported = _parts_reported(tasks=[task for task, _ in pairs], today=today)
    for task, kind in pairs:
        url = link("campaigns:task_edit", task.pk)
        due = task.due_date.strftime("%d/%m/%Y") if task.due_date else ""
        head = "Quá hạn" if kind == "task-overdue" else "Sắp đến hạn"
        text = f"{head} {due}: nhiệm vụ “{_clip(task.content, 60)}”. Cập nhật tiến độ."
        for unit in [task.lead_unit, *task.coordinating_units.all()]:
            if (task.pk, unit.pk) in reported:
                continue
            yield Reminder(
                task.campaign.commune_id, unit, f"task:{task.pk}", kind, unit_people(unit),
                _msg(f"Nhiệm vụ {head.lower()} {due}", text, url, don_vi=unit.name,
                     noi_dung=_clip(task.content, 60), han=due),
            )  # fmt: skip


def _parts_reported(*, tasks: list[Task], today) -> set[tuple[int, int]]:
    """{(task id, unit id)} of units that reported their part done (by today) on the check-in
    ending on the task's deadline: they are not reminded of that part again."""
    rows = TaskCheckIn.objects.filter(
        task__in=[t.pk for t in tasks],
        period_end__gte=F("task__due_date"),
        status=TaskStatus.DONE,
        reported_on__lte=today,
    )
    return set(rows.values_list("task_id", "unit_id"))


MAX_LEAD_DAYS = 30  # the widest task lead time a commune may set; each commune's own is applied below


def checkin_reminders(now: datetime, cache: dict) -> Iterator[Reminder]:
    """A recurring task's check-in ("Hằng tháng", "Hằng quý", "Thường xuyên": one per unit and
    period, campaigns.checkins) due within ``task_lead_days`` or overdue and not reported: to the
    unit whose part it is. A one-off task's check-in is its due date, reminded by ``task_reminders``."""
    today = timezone.localdate(now)
    for ci in checkins_due(today, days_ahead=MAX_LEAD_DAYS).exclude(cadence=CheckInCadence.ONCE):
        conf = _settings_for(ci.task.campaign.commune_id, cache)
        if ci.due_date >= today and ci.due_date > today + timedelta(days=conf.task_lead_days):
            continue
        kind = "checkin-overdue" if ci.due_date < today else "checkin-due"
        head = "Quá hạn" if kind == "checkin-overdue" else "Sắp đến hạn"
        due = ci.due_date.strftime("%d/%m/%Y")
        text = f"{head} {due}: báo cáo {ci.label} nhiệm vụ “{_clip(ci.task.content, 50)}”."
        yield Reminder(
            ci.task.campaign.commune_id, ci.unit, f"checkin:{ci.pk}", kind, unit_people(ci.unit),
            _msg(f"Báo cáo nhiệm vụ {ci.label}: {head.lower()} {due}", text, link("campaigns:task_edit", ci.task_id),
                 don_vi=ci.unit.name, noi_dung=_clip(ci.task.content, 60), han=due),
        )  # fmt: skip


def round_reminders(now: datetime, cache: dict) -> Iterator[Reminder]:
    """A Mẫu 02 round opened, and closing within ``round_closing_days`` with the village's
    return not yet sent: to the village heads."""
    today = timezone.localdate(now)
    rounds = SurveyRound.objects.filter(
        status=RoundStatus.OPEN, window_start__lte=today, due_date__gte=today
    ).select_related("campaign", "period")
    for rnd in rounds:
        commune_id = rnd.campaign.commune_id
        conf = _settings_for(commune_id, cache)
        villages = Unit.objects.filter(commune_id=commune_id, kind=UnitKind.VILLAGE, active=True).order_by("order")
        sent = set(
            VillageReturn.objects.filter(
                survey_round=rnd, status__in=[ReturnStatus.SUBMITTED, ReturnStatus.APPROVED]
            ).values_list("village_id", flat=True)
        )
        closing = rnd.due_date - timedelta(days=conf.round_closing_days) <= today
        due = rnd.due_date.strftime("%d/%m/%Y")
        for village in villages:
            url = link("households:return_form", rnd.pk, village.pk)
            users = unit_people(village)
            yield Reminder(
                commune_id, village, f"round:{rnd.pk}", "round-open", users,
                _msg(f"Mở đợt rà soát {rnd.title}", f"Đã mở đợt rà soát Mẫu 02 “{_clip(rnd.title, 50)}”, hạn nộp {due}.",
                     url, don_vi=village.name, noi_dung=_clip(rnd.title, 60), han=due),
            )  # fmt: skip
            if closing and village.pk not in sent:
                yield Reminder(
                    commune_id, village, f"round:{rnd.pk}", "round-closing", users,
                    _msg(f"Sắp hết hạn Mẫu 02 ({due})", f"Sắp hết hạn Mẫu 02 ({due}): {village.name} chưa gửi số liệu.",
                         url, don_vi=village.name, noi_dung=_clip(rnd.title, 60), han=due),
                    before_deadline=True,
                )  # fmt: skip


RULES = [report_reminders, returned_reminders, task_reminders, checkin_reminders, round_reminders]


def reminders_due(now: datetime) -> Iterator[Reminder]:
    cache: dict = {}
    for rule in RULES:
        yield from rule(now, cache)
