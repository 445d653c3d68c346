"""``seed_demo`` step: the progress of every task of a campaign running on the demo's day.

As of ``today``, a task of a running campaign is

* not started (chưa thực hiện) when it starts after ``today``;
* recurring ("Thường xuyên"): in progress, with this month's check-in (the result line and a
  link as evidence, dated this month);
* past its deadline: mostly done before it, with evidence; about one in four still open, so it
  shows "Quá hạn" (the last such task of each campaign always does);
* due later: in progress, some done early with evidence, some not started yet (the first such
  task of each campaign is always in progress).

Every unit of every task (lead and coordinating) owes its check-ins (``campaigns.checkins``):
they are generated for every campaign; as of ``today`` a check-in already due is mostly reported
done by its due date, about one in eight late (done after it), about one in eight still missing;
the check-ins of the current period are half in progress. The demo's check-ins are written in bulk
(their dates lie in the past, which the report form would not accept); the pages read them like any
other.

Progress goes through ``campaigns.services`` (``task_update_progress``, ``task_add_evidence``).
Fixed random seed per campaign, task and lead unit. Only a task nobody has touched (not started,
no result, no evidence) is written, so progress entered in the demo is kept and a second run
changes nothing. Campaigns that ended before ``today``, and ``bare``, are left as they are.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from campaigns.checkins import checkins_generate
from campaigns.models import Campaign, DeadlineKind, Task, TaskCheckIn, TaskEvidence, TaskStatus
from campaigns.periods import VN
from campaigns.services import task_add_evidence, task_update_progress
from org.models import Membership, Role

SEED = 20260101
EVIDENCE_URL = "https://xathidua.example/minh-chung"  # reserved domain (RFC 2606)
DONE_RESULTS = [
    "Đã hoàn thành, có văn bản báo cáo kết quả gửi Văn phòng HĐND-UBND xã.",
    "Đã triển khai xong, kết quả được cập nhật lên Trang thông tin điện tử xã.",
    "Hoàn thành đúng nội dung kế hoạch; sản phẩm lưu tại bộ phận chủ trì.",
]
DOING_RESULTS = [
    "Đang triển khai: đã xây dựng dự thảo, đang lấy ý kiến các đơn vị phối hợp.",
    "Đang thực hiện, đạt khoảng một nửa khối lượng công việc.",
    "Đã giao cán bộ phụ trách, đang tổng hợp số liệu từ các thôn, xóm.",
]
LATE_RESULTS = [
    "Chưa hoàn thành: đang chờ kinh phí, đề nghị lùi thời hạn.",
    "Chậm tiến độ do cán bộ phụ trách được điều động làm nhiệm vụ khác.",
]
CHECK_IN = "Tháng {month:%m/%Y}: đã thực hiện, cập nhật kết quả định kỳ cho Trung tâm Phục vụ hành chính công."


def seed(*, bare: bool, today: date | None = None, log=print) -> None:
    if bare:
        return
    today = today or timezone.now().astimezone(VN).date()
    for campaign in Campaign.objects.filter(start__lte=today, end__gte=today).select_related("commune").order_by("pk"):
        counts = _seed_campaign(campaign, today=today)
        if counts:
            log(f"Nhiệm vụ {campaign.code}: " + ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) + ".")
    for campaign in Campaign.objects.filter(start__lte=today).select_related("commune").order_by("pk"):
        checkins_generate(campaign=campaign)
        counts = _seed_checkins(campaign, today=today)
        if counts:
            log(
                f"Báo cáo nhiệm vụ của đơn vị {campaign.code}: "
                + ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
                + "."
            )


def _seed_checkins(campaign: Campaign, *, today: date) -> dict[str, int]:
    """Check-ins as of ``today`` (see the module's rules); only ones nobody reported are written."""
    staff, centre = _users(campaign)
    rows = list(
        TaskCheckIn.objects.filter(task__campaign=campaign, period_start__lte=today, reported_on__isnull=True)
        .select_related("task", "unit")
        .order_by("task__order", "task_id", "period_start", "unit_id")
    )
    counts: dict[str, int] = {}
    changed = []
    for row in rows:
        rng = random.Random(f"{SEED}-{campaign.code}-{row.task.order}-{row.unit.code}-{row.period_start}")
        draw = rng.random()
        if row.due_date < today:
            # units forget the recent ones; old ones were chased up long ago
            if draw < (0.3 if (today - row.due_date).days <= 45 else 0.02):
                counts["chưa báo cáo"] = counts.get("chưa báo cáo", 0) + 1
                continue
            late = draw > 0.88
            on = (
                row.due_date + timedelta(days=rng.randint(1, 6))
                if late
                else row.due_date - timedelta(days=rng.randint(0, 3))
            )
            row.status, row.reported_on = TaskStatus.DONE, min(max(on, row.period_start), today)
            row.result = rng.choice(DONE_RESULTS)
            counts["muộn" if late else "đúng hạn"] = counts.get("muộn" if late else "đúng hạn", 0) + 1
        elif draw < 0.5:
            row.status, row.reported_on, row.result = TaskStatus.DOING, today, rng.choice(DOING_RESULTS)
            counts["đang thực hiện"] = counts.get("đang thực hiện", 0) + 1
        else:
            continue
        row.url = f"{EVIDENCE_URL}/{campaign.code}/{row.task.order}-{row.unit.code}/{row.period_start:%Y-%m}"
        row.reported_by = staff.get(row.unit_id, centre)
        row.version += 1
        changed.append(row)
    TaskCheckIn.objects.bulk_update(
        changed, ["status", "reported_on", "result", "url", "reported_by", "version"], batch_size=500
    )
    return counts


def _users(campaign: Campaign) -> tuple[dict[int, object], object | None]:
    """(unit id → its first staff account, the commune's centre account)."""
    staff: dict[int, object] = {}
    centre = None
    rows = Membership.objects.filter(unit__commune=campaign.commune) | Membership.objects.filter(
        commune=campaign.commune, role=Role.CENTRE
    )
    for m in rows.select_related("user").order_by("user__username"):
        if m.role == Role.CENTRE and centre is None:
            centre = m.user
        elif m.unit_id:
            staff.setdefault(m.unit_id, m.user)
    return staff, centre or get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def _untouched(task: Task) -> bool:
    return task.status == TaskStatus.TODO and not task.result and not task.evidence.exists()


def _fates(tasks: list[Task], today: date) -> dict[int, str]:
    """What each task is as of ``today``: todo, doing, done, late (overdue) or recurring."""
    fates: dict[int, str] = {}
    for task in tasks:
        rng = random.Random(f"{SEED}-{task.campaign.code}-{task.order}-{task.lead_unit.code}")
        draw = rng.random()
        if task.start and task.start > today:
            fates[task.pk] = "todo"
        elif task.deadline_kind == DeadlineKind.RECURRING or task.due_date is None:
            fates[task.pk] = "recurring"
        elif task.due_date < today:
            fates[task.pk] = "late" if draw < 0.25 else "done"
        else:
            fates[task.pk] = "doing" if draw < 0.5 else ("done" if draw < 0.7 else "todo")
    past = [t for t in tasks if fates[t.pk] in ("late", "done") and t.due_date and t.due_date < today]
    if past:
        fates[past[-1].pk] = "late"
    ahead = [t for t in tasks if fates[t.pk] in ("doing", "done", "todo") and t.due_date and t.due_date >= today]
    if ahead and not (ahead[0].start and ahead[0].start > today):
        fates[ahead[0].pk] = "doing"
    return fates


def _seed_campaign(campaign: Campaign, *, today: date) -> dict[str, int]:
    tasks = list(campaign.tasks.select_related("lead_unit", "campaign").order_by("order", "lead_unit__order", "pk"))
    fates = _fates(tasks, today)
    staff, centre = _users(campaign)
    counts: dict[str, int] = {}
    with transaction.atomic():
        for task in tasks:
            fate = fates[task.pk]
            if fate == "todo" or not _untouched(task):
                continue
            rng = random.Random(f"{SEED}-{campaign.code}-{task.order}-{task.lead_unit.code}-progress")
            user = staff.get(task.lead_unit_id, centre)
            _apply(task, fate, rng=rng, user=user, today=today)
            counts[fate] = counts.get(fate, 0) + 1
    return counts


def _apply(task: Task, fate: str, *, rng: random.Random, user, today: date) -> None:
    begun = task.start or task.campaign.start
    if fate == "recurring":
        task_update_progress(task=task, user=user, status=TaskStatus.DOING, result=CHECK_IN.format(month=today))
        _evidence(task, user=user, on=today, note=f"Báo cáo tháng {today:%m/%Y}")
    elif fate == "done":
        last = min(task.due_date or today, today)
        span = max(0, (last - begun).days)
        on = last - timedelta(days=rng.randint(0, min(span, 12)))
        _done(task, user=user, on=on, result=rng.choice(DONE_RESULTS))
        _evidence(task, user=user, on=on, note="Báo cáo kết quả thực hiện")
    elif fate == "doing":
        task_update_progress(task=task, user=user, status=TaskStatus.DOING, result=rng.choice(DOING_RESULTS))
    elif fate == "late":
        status = TaskStatus.DOING if rng.random() < 0.7 else TaskStatus.TODO
        task_update_progress(task=task, user=user, status=status, result=rng.choice(LATE_RESULTS))


def _done(task: Task, *, user, on: date, result: str) -> None:
    """Done on ``on``: through the service, unless the demo's day is after the real today (the
    service refuses a completion date in the future)."""
    if on <= timezone.now().astimezone(VN).date():
        task_update_progress(task=task, user=user, status=TaskStatus.DONE, completed_on=on, result=result)
    else:
        task.status, task.completed_on, task.result = TaskStatus.DONE, on, result
        task.save(update_fields=["status", "completed_on", "result"])


def _evidence(task: Task, *, user, on: date, note: str) -> None:
    evidence = task_add_evidence(
        task=task, user=user, url=f"{EVIDENCE_URL}/{task.campaign.code}/{task.order}-{task.lead_unit.code}", note=note
    )
    # the evidence was added on the demo's day, not when the seed ran
    TaskEvidence.objects.filter(pk=evidence.pk).update(added_at=datetime.combine(on, time(15, 30), tzinfo=VN))
