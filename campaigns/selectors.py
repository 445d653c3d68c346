"""Reads for campaigns: permission-checked fetchers, current and closed periods, tasks with
their overdue flag, and the campaign page's data."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from org.access import Action, access_for, can, can_update_task, require
from org.models import Unit

from .models import Campaign, Period, Task, TaskStatus
from .periods import VN, local_midnight_after, rule_text


def local_today(now: datetime) -> date:
    """Today's date in Vietnam (Asia/Ho_Chi_Minh) at the instant ``now``."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(VN).date()


def campaign_get_for_user(user, pk: int, action: Action = Action.READ) -> Campaign:
    """Any member of the commune may READ; MANAGE is the centre's (or a superuser's). Http404
    for what the user may not see, PermissionDenied for what they see but may not change."""
    campaign = Campaign.objects.select_related("commune", "commune__province", "lead_unit").filter(pk=pk).first()
    if campaign is None:
        raise Http404("Không tìm thấy kế hoạch.")
    require(user, action, commune=campaign.commune)
    return campaign


def campaigns_for_user(user) -> QuerySet[Campaign]:
    """Campaigns of every commune the user belongs to (or reads, for the province)."""
    qs = Campaign.objects.select_related("commune", "commune__province", "lead_unit")
    return qs.filter(commune__in=access_for(user).member_communes().values("pk"))


def task_get_for_user(user, pk: int, action: Action = Action.READ) -> Task:
    """READ: any member of the commune; WRITE (progress, evidence): the lead unit's staff and
    the centre; MANAGE (edit the task itself): the centre."""
    task = (
        Task.objects.select_related("campaign", "campaign__commune", "lead_unit", "lead_unit__commune")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    commune = task.campaign.commune
    if action is Action.WRITE:
        require(user, Action.READ, commune=commune)
        if not can_update_task(user, lead_unit_id=task.lead_unit_id, commune=commune):
            raise PermissionDenied("Chỉ cơ quan chủ trì hoặc Trung tâm được cập nhật nhiệm vụ này.")
    else:
        require(user, action, commune=commune)
    return task


def period_current(campaign: Campaign, cadence: str, now: datetime) -> Period | None:
    """The period whose report is being filled / due next: the latest one that has started."""
    today = local_today(now)
    return campaign.periods.filter(cadence=cadence, start__lte=today).order_by("-start").first()


def periods_closed(campaign: Campaign, cadence: str, now: datetime) -> QuerySet[Period]:
    """Periods already over (their last day is before today), oldest first."""
    return campaign.periods.filter(cadence=cadence, end__lt=local_today(now)).order_by("start")


def participants(campaign: Campaign) -> QuerySet[Unit]:
    return Unit.objects.filter(participations__campaign=campaign).select_related("commune").order_by("order", "code")


def overdue_q(as_of: date) -> Q:
    """Overdue as of the day ``as_of``, as a filter: its last day is before ``as_of`` and it was
    not done by then (not done, or done after ``as_of``; a recurring task has no last day). The
    one rule behind ``task_mark_overdue``, ``overdue_tasks`` and ``tasks_with_overdue``: a
    document about a past period passes that period's last day, so regenerating it later
    lists the same tasks (issue 12)."""
    done_by_then = Q(status=TaskStatus.DONE) & (Q(completed_on__isnull=True) | Q(completed_on__lte=as_of))
    return Q(due_date__lt=as_of) & ~done_by_then


def overdue_tasks(campaign: Campaign, as_of: date, *, unit: Unit | None = None) -> list[Task]:
    """The campaign's tasks overdue as of ``as_of`` (of ``unit`` as lead, if given), oldest
    deadline first, in one query."""
    qs = Task.objects.filter(overdue_q(as_of), campaign=campaign).select_related("lead_unit")
    if unit is not None:
        qs = qs.filter(lead_unit=unit)
    return [task_mark_overdue(t, as_of) for t in qs.order_by("due_date", "order", "id")]


def task_mark_overdue(task: Task, as_of: date) -> Task:
    """Set ``is_done`` (done by ``as_of``), ``is_overdue``, ``display_status`` and ``status_class``
    on ``task`` as of ``as_of`` (the rule of ``overdue_q``)."""
    task.is_done = task.status == TaskStatus.DONE and (task.completed_on is None or task.completed_on <= as_of)
    task.is_overdue = not task.is_done and task.due_date is not None and task.due_date < as_of
    task.display_status = "Quá hạn" if task.is_overdue else task.get_status_display()
    task.status_class = (
        "overdue" if task.is_overdue else {"done": "approved", "doing": "submitted"}.get(task.status, "draft")
    )
    return task


def tasks_with_overdue(
    campaign: Campaign, now: datetime, *, unit: Unit | None = None, as_of: date | None = None
) -> list[Task]:
    """Tasks of a campaign, each with ``is_overdue`` (the rule of ``overdue_q``) as of ``as_of``
    (default: today in Asia/Ho_Chi_Minh at ``now``), ``display_status`` ("Quá hạn" when
    overdue) and ``status_class``."""
    day = as_of if as_of is not None else local_today(now)
    qs = (
        campaign.tasks.select_related("lead_unit")
        .prefetch_related(Prefetch("coordinating_units", queryset=Unit.objects.order_by("order", "code")))
        .prefetch_related("evidence")
        .order_by("order", "id")
    )
    if unit is not None:
        qs = qs.filter(lead_unit=unit)
    return [task_mark_overdue(t, day) for t in qs]


def report_day(*, end: date, now: datetime) -> date:
    """The day a document about a window ending ``end`` judges "quá hạn" as of: that last day,
    or today while the window is still running."""
    return min(end, local_today(now))


def report_instant(*, end: date, deadline: datetime | None, issued_on: date | None, now: datetime) -> datetime:
    """The instant a document about a period ending ``end`` (reports due ``deadline``) judges
    "chưa nộp" / "nộp muộn" as of: the end of the document's own date when it has one, else the
    end of the day its reports were due (or of its last day); never later than ``now``.
    Regenerating a past period's document later therefore lists the same missing reports."""
    if issued_on is not None:
        return min(local_midnight_after(issued_on), now)
    last = end if deadline is None else max(end, deadline.astimezone(VN).date())
    return min(local_midnight_after(last), now)


def campaign_detail_context(campaign: Campaign, *, user, now: datetime) -> dict:
    """What the campaign page shows of the campaign itself (rules and periods, participating
    units, tasks), in a fixed number of queries. Its targets and each unit's report forms come
    from ``indicators.selectors.campaign_page_indicators``; the page lives in ``indicators.views``."""
    units = list(participants(campaign))
    periods = list(campaign.periods.order_by("cadence", "start"))
    rules = list(campaign.rules.all())
    for rule in rules:
        rule.description = rule_text(rule)
        rule.periods = [p for p in periods if p.cadence == rule.cadence]
    tasks = tasks_with_overdue(campaign, now)
    return {
        "campaign": campaign,
        "rules": rules,
        "periods": periods,
        "today": local_today(now),
        "units": units,
        "tasks": tasks,
        "overdue_count": sum(1 for t in tasks if t.is_overdue),
        "can_manage": can(user, Action.MANAGE, commune=campaign.commune),
    }


def checkins_due(as_of: date, *, days_ahead: int = 3, campaign: Campaign | None = None):
    """Open task check-ins due by ``as_of`` + ``days_ahead`` (overdue ones included), for the
    reminders: see ``campaigns.checkins.checkins_due``."""
    from .checkins import checkins_due as _due

    return _due(as_of, days_ahead=days_ahead, campaign=campaign)
