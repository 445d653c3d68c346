"""Writes for campaigns, their rules and periods, participating units and tasks.

Every function is atomic and refuses bad input with a ``ValidationError`` whose messages are
Vietnamese and keyed by the field they name (docs/design.md rule 10): nothing is half-saved.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from org.models import Commune, Unit

from .checkins import checkins_generate
from .models import (
    Cadence,
    Campaign,
    CampaignStatus,
    DeadlineKind,
    Participation,
    Period,
    ReportingRule,
    Task,
    TaskEvidence,
    TaskStatus,
)
from .periods import VN, period_specs, rule_problems

CAMPAIGN_FIELDS = (
    "code",
    "kind",
    "title",
    "number",
    "issued_on",
    "issued_month",
    "issued_year",
    "legal_basis",
    "start",
    "end",
    "lead_unit",
    "status",
    "notes",
)


@dataclass
class RuleInput:
    """One reporting rule as a form or the demo gives it."""

    cadence: str
    due_time: time
    week_start: int | None = None
    due_weekday: int | None = None
    due_day: int | None = None
    due_offset: int = 1
    working_days_only: bool = True


# --- campaigns -------------------------------------------------------------------------


def _validate_campaign(*, commune: Commune, values: dict[str, Any], exclude_pk: int | None) -> None:
    errors: dict[str, list[str]] = {}
    code = (values.get("code") or "").strip()
    if not code:
        errors.setdefault("code", []).append("Mã kế hoạch không được để trống.")
    elif Campaign.objects.filter(commune=commune, code__iexact=code).exclude(pk=exclude_pk).exists():
        errors.setdefault("code", []).append(f"Mã kế hoạch “{code}” đã có trong xã; hãy chọn mã khác.")
    if not (values.get("title") or "").strip():
        errors.setdefault("title", []).append("Tên kế hoạch không được để trống.")
    start, end = values.get("start"), values.get("end")
    if start is None:
        errors.setdefault("start", []).append("Cần nhập ngày bắt đầu.")
    if end is None:
        errors.setdefault("end", []).append("Cần nhập ngày kết thúc.")
    if start and end and end < start:
        errors.setdefault("end", []).append(
            f"Ngày kết thúc ({end:%d/%m/%Y}) đứng trước ngày bắt đầu ({start:%d/%m/%Y})."
        )
    issued, month, year = values.get("issued_on"), values.get("issued_month"), values.get("issued_year")
    if issued is not None and (month or year):
        errors.setdefault("issued_month", []).append(
            "Đã có ngày ban hành đầy đủ: để trống tháng, năm ban hành (chỉ dùng khi kế hoạch để trống ngày)."
        )
    if month and not year:
        errors.setdefault("issued_year", []).append("Cần nhập năm ban hành khi có tháng ban hành.")
    if month is not None and not 1 <= month <= 12:
        errors.setdefault("issued_month", []).append("Tháng ban hành phải từ 1 đến 12.")
    lead = values.get("lead_unit")
    if lead is not None and lead.commune_id != commune.pk:
        errors.setdefault("lead_unit", []).append("Đơn vị chủ trì phải thuộc xã của kế hoạch.")
    if values.get("kind") not in dict(Campaign._meta.get_field("kind").choices):
        errors.setdefault("kind", []).append("Loại kế hoạch không hợp lệ.")
    if values.get("status", CampaignStatus.DRAFT) not in CampaignStatus.values:
        errors.setdefault("status", []).append("Trạng thái không hợp lệ.")
    if errors:
        raise ValidationError(errors)


def _validate_rules(*, start: date, end: date, rules: list[RuleInput]) -> None:
    seen: set[str] = set()
    messages: list[str] = []
    for rule in rules:
        name = Cadence(rule.cadence).label if rule.cadence in Cadence.values else rule.cadence
        if rule.cadence not in Cadence.values:
            messages.append(f"Kỳ báo cáo “{rule.cadence}” không hợp lệ.")
            continue
        if rule.cadence in seen:
            messages.append(f"Kỳ báo cáo {name} được khai báo hai lần.")
            continue
        seen.add(rule.cadence)
        for problem in rule_problems(cadence=rule.cadence, start=start, end=end, rule=rule):
            messages.append(f"Quy định báo cáo {name}: {problem}")
    if messages:
        raise ValidationError({"rules": messages})


def _rules_save(*, campaign: Campaign, rules: list[RuleInput]) -> None:
    keep = []
    for rule in rules:
        obj, _ = ReportingRule.objects.update_or_create(
            campaign=campaign,
            cadence=rule.cadence,
            defaults={
                "due_time": rule.due_time,
                "week_start": rule.week_start,
                "due_weekday": rule.due_weekday,
                "due_day": rule.due_day,
                "due_offset": rule.due_offset,
                "working_days_only": rule.working_days_only,
            },
        )
        keep.append(obj.pk)
    ReportingRule.objects.filter(campaign=campaign).exclude(pk__in=keep).delete()


def rules_of(campaign: Campaign) -> list[RuleInput]:
    return [
        RuleInput(
            cadence=r.cadence,
            due_time=r.due_time,
            week_start=r.week_start,
            due_weekday=r.due_weekday,
            due_day=r.due_day,
            due_offset=r.due_offset,
            working_days_only=r.working_days_only,
        )
        for r in campaign.rules.all()
    ]


@transaction.atomic
def campaign_create(
    *,
    commune: Commune,
    code: str,
    kind: str,
    title: str,
    start: date,
    end: date,
    number: str = "",
    issued_on: date | None = None,
    issued_month: int | None = None,
    issued_year: int | None = None,
    legal_basis: str = "",
    lead_unit: Unit | None = None,
    status: str = CampaignStatus.DRAFT,
    notes: str = "",
    rules: list[RuleInput] | None = None,
    units: list[Unit] | None = None,
    user=None,
) -> Campaign:
    """A new campaign with its rules, participating units (default: every active unit of the
    commune) and generated periods."""
    values = {
        "code": code.strip(),
        "kind": kind,
        "title": title.strip(),
        "number": number,
        "issued_on": issued_on,
        "issued_month": issued_month,
        "issued_year": issued_year,
        "legal_basis": legal_basis,
        "start": start,
        "end": end,
        "lead_unit": lead_unit,
        "status": status,
        "notes": notes,
    }
    _validate_campaign(commune=commune, values=values, exclude_pk=None)
    rules = rules or []
    _validate_rules(start=start, end=end, rules=rules)
    campaign = Campaign.objects.create(commune=commune, **values)
    _rules_save(campaign=campaign, rules=rules)
    if units is None:
        units = list(commune.units.filter(active=True))
    participations_set(campaign=campaign, units=units)
    periods_generate(campaign=campaign)
    return campaign


@transaction.atomic
def campaign_update(
    *, campaign: Campaign, rules: list[RuleInput] | None = None, units: list[Unit] | None = None, user=None, **fields
) -> Campaign:
    """Change a campaign's fields (any of ``CAMPAIGN_FIELDS``), optionally its rules and units;
    periods follow the new dates and rules."""
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"unknown campaign fields: {sorted(unknown)}")
    values = {name: getattr(campaign, name) for name in CAMPAIGN_FIELDS}
    values.update(fields)
    if isinstance(values["code"], str):
        values["code"] = values["code"].strip()
    _validate_campaign(commune=campaign.commune, values=values, exclude_pk=campaign.pk)
    new_rules = rules if rules is not None else rules_of(campaign)
    _validate_rules(start=values["start"], end=values["end"], rules=new_rules)
    for name, value in values.items():
        setattr(campaign, name, value)
    campaign.save()
    if rules is not None:
        _rules_save(campaign=campaign, rules=rules)
    if units is not None:
        participations_set(campaign=campaign, units=units)
    periods_generate(campaign=campaign)
    checkins_generate(campaign=campaign)
    return campaign


@transaction.atomic
def participations_set(*, campaign: Campaign, units: list[Unit]) -> None:
    wrong = [u for u in units if u.commune_id != campaign.commune_id]
    if wrong:
        raise ValidationError({"units": f"Đơn vị {wrong[0].name} không thuộc xã của kế hoạch."})
    ids = {u.pk for u in units}
    have = set(campaign.participations.values_list("unit_id", flat=True))
    Participation.objects.bulk_create(
        [Participation(campaign=campaign, unit_id=uid, joined_on=campaign.start) for uid in sorted(ids - have)]
    )
    campaign.participations.exclude(unit_id__in=ids).delete()


# --- periods --------------------------------------------------------------------------


@transaction.atomic
def periods_generate(*, campaign: Campaign) -> list[Period]:
    """Create or update the periods of every reporting rule over the campaign's dates (rule 7).

    Idempotent: periods are matched on (cadence, start). A period no longer produced by the
    rules is removed only while nothing was reported in it; survey periods (Mẫu 02) belong to
    the households app and are left alone.
    """
    result: list[Period] = []
    rules = list(campaign.rules.all())
    wanted: set[tuple[str, date]] = set()
    existing = {(p.cadence, p.start): p for p in campaign.periods.all()}
    for rule in rules:
        if rule.cadence == Cadence.SURVEY:
            continue
        for spec in period_specs(cadence=rule.cadence, start=campaign.start, end=campaign.end, rule=rule):
            wanted.add((spec.cadence, spec.start))
            period = existing.get((spec.cadence, spec.start))
            fields = {"index": spec.index, "label": spec.label, "end": spec.end, "deadline": spec.deadline}
            if period is None:
                period = Period.objects.create(campaign=campaign, cadence=spec.cadence, start=spec.start, **fields)
            elif any(getattr(period, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(period, k, v)
                period.save(update_fields=list(fields))
            result.append(period)
    stale = [p.pk for key, p in existing.items() if key not in wanted and p.cadence != Cadence.SURVEY]
    if stale:
        Period.objects.filter(pk__in=stale, data_values__isnull=True).delete()
    return result


# --- "Start from a plan" -------------------------------------------------------------


def _shift_due(kind: str, due: date | None, days: int) -> date | None:
    if due is None:
        return None
    return task_due_date(kind=kind, on=due + timedelta(days=days))


@transaction.atomic
def campaign_copy(*, source: Campaign, start: date, end: date, code: str, user, title: str | None = None) -> Campaign:
    """A new draft campaign from ``source`` with new dates: its rules, participating units and
    tasks (dates moved by the days between the two starts, progress reset). The page calls
    ``indicators.services.campaign_copy``, which adds the report forms and the targets."""
    campaign = campaign_create(
        commune=source.commune,
        code=code,
        kind=source.kind,
        title=title or source.title,
        start=start,
        end=end,
        number="",
        issued_on=None,
        legal_basis=source.legal_basis,
        lead_unit=source.lead_unit,
        status=CampaignStatus.DRAFT,
        notes=source.notes,
        rules=rules_of(source),
        units=list(source.units.all()),
        user=user,
    )
    campaign.copied_from = source
    campaign.save(update_fields=["copied_from"])
    days = (start - source.start).days
    for task in source.tasks.prefetch_related("coordinating_units"):
        coordinating = list(task.coordinating_units.all())
        new = Task.objects.create(
            campaign=campaign,
            group=task.group,
            order=task.order,
            content=task.content,
            lead_unit_id=task.lead_unit_id,
            start=task.start + timedelta(days=days) if task.start else None,
            deadline_kind=task.deadline_kind,
            due_date=_shift_due(task.deadline_kind, task.due_date, days),
            deadline_text="" if task.deadline_kind != DeadlineKind.RECURRING else task.deadline_text,
            report_rhythm=task.report_rhythm,
            expected_output=task.expected_output,
            note=task.note,
        )
        new.coordinating_units.set(coordinating)
    checkins_generate(campaign=campaign)
    return campaign


# --- tasks ----------------------------------------------------------------------------


def task_due_date(*, kind: str, on: date | None) -> date | None:
    """The last day a task may be finished: the date itself; the month's or quarter's last
    day for a deadline given as a month or quarter; none for a recurring task."""
    if kind == DeadlineKind.RECURRING or on is None:
        return None
    if kind == DeadlineKind.MONTH:
        return date(on.year, on.month, calendar.monthrange(on.year, on.month)[1])
    if kind == DeadlineKind.QUARTER:
        last_month = ((on.month - 1) // 3 + 1) * 3
        return date(on.year, last_month, calendar.monthrange(on.year, last_month)[1])
    return on


def deadline_text_for(*, kind: str, due: date | None) -> str:
    if due is None:
        return "Thường xuyên" if kind == DeadlineKind.RECURRING else ""
    if kind == DeadlineKind.MONTH:
        return f"Tháng {due.month:02d}/{due.year}"
    if kind == DeadlineKind.QUARTER:
        return f"Quý {['I', 'II', 'III', 'IV'][(due.month - 1) // 3]}/{due.year}"
    return f"{due:%d/%m/%Y}"


TASK_FIELDS = (
    "group",
    "order",
    "content",
    "lead_unit",
    "start",
    "deadline_kind",
    "due_date",
    "deadline_text",
    "report_rhythm",
    "expected_output",
    "note",
)


def _validate_task(*, campaign: Campaign, values: dict[str, Any], coordinating: list[Unit]) -> None:
    errors: dict[str, list[str]] = {}
    if not (values.get("content") or "").strip():
        errors.setdefault("content", []).append("Nội dung nhiệm vụ không được để trống.")
    lead = values.get("lead_unit")
    if lead is None:
        errors.setdefault("lead_unit", []).append("Cần chọn cơ quan chủ trì.")
    elif lead.commune_id != campaign.commune_id:
        errors.setdefault("lead_unit", []).append("Cơ quan chủ trì phải thuộc xã của kế hoạch.")
    if any(u.commune_id != campaign.commune_id for u in coordinating):
        errors.setdefault("coordinating_units", []).append("Cơ quan phối hợp phải thuộc xã của kế hoạch.")
    kind = values.get("deadline_kind")
    if kind not in DeadlineKind.values:
        errors.setdefault("deadline_kind", []).append("Loại thời hạn không hợp lệ.")
    elif kind != DeadlineKind.RECURRING and values.get("due_date") is None:
        errors.setdefault("due_date", []).append("Cần nhập thời hạn hoàn thành (ngày, tháng hoặc quý).")
    start, due = values.get("start"), values.get("due_date")
    if start and due and due < start:
        errors.setdefault("due_date", []).append(
            f"Thời hạn hoàn thành ({due:%d/%m/%Y}) đứng trước thời gian bắt đầu ({start:%d/%m/%Y})."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def task_create(*, campaign: Campaign, user=None, coordinating_units: list[Unit] | None = None, **fields) -> Task:
    """A task of Mẫu biểu 01 / the appendix. ``due_date`` is any day of the month or quarter
    when ``deadline_kind`` is a month or quarter; it is stored as that period's last day."""
    values: dict[str, Any] = {"deadline_kind": DeadlineKind.DATE, "group": "", "order": 0}
    values.update(fields)
    values["due_date"] = task_due_date(kind=values["deadline_kind"], on=values.get("due_date"))
    if not values.get("deadline_text"):
        values["deadline_text"] = deadline_text_for(kind=values["deadline_kind"], due=values["due_date"])
    coordinating = coordinating_units or []
    _validate_task(campaign=campaign, values=values, coordinating=coordinating)
    task = Task.objects.create(campaign=campaign, **values)
    task.coordinating_units.set(coordinating)
    checkins_generate(campaign=campaign, tasks=[task])
    return task


@transaction.atomic
def task_update(*, task: Task, user=None, coordinating_units: list[Unit] | None = None, **fields) -> Task:
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"unknown task fields: {sorted(unknown)}")
    values = {name: getattr(task, name) for name in TASK_FIELDS}
    values.update(fields)
    values["due_date"] = task_due_date(kind=values["deadline_kind"], on=values.get("due_date"))
    if "deadline_text" not in fields and ("due_date" in fields or "deadline_kind" in fields):
        values["deadline_text"] = deadline_text_for(kind=values["deadline_kind"], due=values["due_date"])
    coordinating = coordinating_units if coordinating_units is not None else list(task.coordinating_units.all())
    _validate_task(campaign=task.campaign, values=values, coordinating=coordinating)
    for name, value in values.items():
        setattr(task, name, value)
    task.save()
    if coordinating_units is not None:
        task.coordinating_units.set(coordinating_units)
    checkins_generate(campaign=task.campaign, tasks=[task])
    return task


@transaction.atomic
def task_update_progress(
    *, task: Task, user, status: str, completed_on: date | None = None, result: str | None = None
) -> Task:
    """The lead unit reports progress: status (chưa thực hiện / đang thực hiện / hoàn thành),
    completion date, result. Overdue is never typed: it follows from the dates."""
    if status not in TaskStatus.values:
        raise ValidationError({"status": "Trạng thái không hợp lệ."})
    today = timezone.now().astimezone(VN).date()
    if status == TaskStatus.DONE:
        completed_on = completed_on or today
        if completed_on > today:
            raise ValidationError({"completed_on": "Ngày hoàn thành không được sau ngày hôm nay."})
        if task.start and completed_on < task.start:
            raise ValidationError(
                {"completed_on": f"Ngày hoàn thành đứng trước thời gian bắt đầu ({task.start:%d/%m/%Y})."}
            )
    else:
        completed_on = None
    task.status = status
    task.completed_on = completed_on
    fields = ["status", "completed_on"]
    if result is not None:
        task.result = result
        fields.append("result")
    task.save(update_fields=fields)
    return task


@transaction.atomic
def task_add_evidence(*, task: Task, user, file=None, url: str = "", note: str = "") -> TaskEvidence:
    """Minh chứng: a file or a link (at least one)."""
    if not file and not url.strip():
        raise ValidationError({"file": "Cần chọn tệp minh chứng hoặc nhập đường dẫn."})
    evidence = TaskEvidence(task=task, url=url.strip(), note=note.strip()[:300], added_by=user)
    if file:
        evidence.file = file
    evidence.full_clean(exclude=["file", "added_by"])
    evidence.save()
    return evidence
