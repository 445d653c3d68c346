"""Reads of the follow-up: the "Việc cần làm" block of one person, a run's page, the units
nobody can be reached in."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Cadence, CampaignStatus, Period, Task, TaskStatus
from campaigns.selectors import overdue_q
from households.models import ReturnStatus, RoundStatus, SurveyRound, VillageReturn
from notify.models import Channel, DeliveryState, Run
from notify.selectors import inbox_unread, run_deliveries, unit_people
from notify.services import channels_for, commune_channels, recipient_address, recipient_for
from org.access import access_for
from org.models import Commune, Unit, UnitKind
from reporting.models import COUNTED_STATUSES, ReportAction, ReportEvent, ReportStatus, UnitReport
from reporting.selectors import countdown, units_reporting


@dataclass
class Todo:
    reports_due: list[dict] = field(default_factory=list)
    returned: list[dict] = field(default_factory=list)
    tasks_due: list[dict] = field(default_factory=list)
    rounds: list[dict] = field(default_factory=list)
    unread_count: int = 0
    unread: list = field(default_factory=list)
    communes: list[dict] = field(default_factory=list)  # leadership / centre: what is late

    @property
    def empty(self) -> bool:
        return not (self.reports_due or self.returned or self.tasks_due or self.rounds or self.unread or self.communes)


def todo_for_user(user, *, now: datetime | None = None) -> Todo:
    """What ``user`` has to do now: reports of their units due (with a countdown) or missing,
    returned reports with the reason, tasks of their units due within 7 days or overdue, the
    open Mẫu 02 rounds of their villages, unread inbox items; for leadership and the centre the
    commune's counts of what is late, with links."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    access = access_for(user)
    todo = Todo()
    units = list(access.own_units().filter(active=True))
    unit_ids = [u.pk for u in units]
    if unit_ids:
        _reports_due(todo, units, now)
        for ev in _returns(unit_ids):
            todo.returned.append(
                {
                    "report": ev.report,
                    "reason": ev.comment,
                    "at": ev.at,
                    "url": reverse("reporting:report_edit", args=[ev.report.pk]),
                }
            )
        tasks = (
            Task.objects.filter(Q(lead_unit_id__in=unit_ids) | Q(coordinating_units__in=unit_ids))
            .filter(due_date__isnull=False, due_date__lte=today + timedelta(days=7))
            .exclude(status=TaskStatus.DONE)
            .exclude(campaign__status=CampaignStatus.CLOSED)
            .select_related("campaign", "lead_unit")
            .distinct()
            .order_by("due_date", "id")
        )
        for t in tasks[:20]:
            days = (t.due_date - today).days
            text = f"quá hạn {-days} ngày" if days < 0 else ("hạn hôm nay" if days == 0 else f"còn {days} ngày")
            todo.tasks_due.append(
                {"task": t, "countdown": text, "overdue": days < 0, "url": reverse("campaigns:task_edit", args=[t.pk])}
            )
        villages = [u for u in units if u.kind == UnitKind.VILLAGE]
        if villages:
            _rounds(todo, villages, today)
    todo.unread_count, todo.unread = inbox_unread(user)
    commune_ids = sorted(set(access.centre_commune_ids) | set(access.leader_commune_ids))
    for commune in Commune.objects.filter(pk__in=commune_ids).order_by("name"):
        todo.communes.append(commune_late(commune, now=now))
    return todo


def _reports_due(todo: Todo, units: list[Unit], now: datetime) -> None:
    by_commune = defaultdict(list)
    for u in units:
        by_commune[u.commune_id].append(u)
    periods = (
        Period.objects.filter(campaign__commune_id__in=list(by_commune), start__lte=timezone.localdate(now))
        .filter(deadline__gt=now - timedelta(days=7))
        .exclude(cadence=Cadence.SURVEY)
        .exclude(campaign__status=CampaignStatus.CLOSED)
        .select_related("campaign")
        .order_by("deadline", "id")
    )
    reports = {
        (r.unit_id, r.period_id): r
        for r in UnitReport.objects.filter(period__in=periods, unit__in=units).only(
            "unit_id", "period_id", "status", "pk"
        )
    }
    reporting_units: dict = {}
    for period in periods:
        key = (period.campaign_id, period.cadence)
        if key not in reporting_units:
            reporting_units[key] = {u.pk for u in units_reporting(campaign=period.campaign, cadence=period.cadence)}
        for unit in by_commune[period.campaign.commune_id]:
            if unit.pk not in reporting_units[key]:
                continue
            report = reports.get((unit.pk, period.pk))
            if report is not None and report.status in COUNTED_STATUSES:
                continue
            text, overdue = countdown(period.deadline, now)
            todo.reports_due.append(
                {"unit": unit, "period": period, "campaign": period.campaign, "deadline": period.deadline,
                 "countdown": text, "overdue": overdue, "url": reverse("reporting:report_open", args=[unit.pk, period.pk])}
            )  # fmt: skip


def _returns(unit_ids: list[int]) -> list[ReportEvent]:
    """The latest return event of each report of these units that is still returned."""
    latest = {}
    for ev in (
        ReportEvent.objects.filter(
            action=ReportAction.RETURN, report__unit_id__in=unit_ids, report__status=ReportStatus.RETURNED
        )
        .select_related("report", "report__unit", "report__period", "report__campaign")
        .order_by("at", "id")
    ):
        latest[ev.report_id] = ev
    return sorted(latest.values(), key=lambda e: e.at, reverse=True)


def _rounds(todo: Todo, villages: list[Unit], today) -> None:
    communes = {v.commune_id for v in villages}
    rounds = SurveyRound.objects.filter(
        campaign__commune_id__in=communes, status=RoundStatus.OPEN, window_start__lte=today
    ).order_by("due_date", "id")
    returns = {
        (r.survey_round_id, r.village_id): r
        for r in VillageReturn.objects.filter(survey_round__in=rounds, village__in=villages)
    }
    for rnd in rounds:
        for v in villages:
            if v.commune_id != rnd.campaign.commune_id:
                continue
            ret = returns.get((rnd.pk, v.pk))
            if ret is not None and ret.status in (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED):
                continue
            days = (rnd.due_date - today).days
            todo.rounds.append(
                {"round": rnd, "village": v, "returned": ret is not None and ret.status == ReturnStatus.RETURNED,
                 "countdown": f"quá hạn {-days} ngày" if days < 0 else ("hạn hôm nay" if days == 0 else f"còn {days} ngày"),
                 "overdue": days < 0, "url": reverse("households:return_form", args=[rnd.pk, v.pk])}
            )  # fmt: skip


def commune_late(commune: Commune, *, now: datetime) -> dict:
    """A commune's count of what is late now: reports missing after the deadline of the latest
    due period of each running campaign, reports returned and not sent again, tasks overdue."""
    today = timezone.localdate(now)
    missing = 0
    periods = []
    for campaign in commune.campaigns.exclude(status=CampaignStatus.CLOSED):
        for cadence in set(campaign.periods.exclude(cadence=Cadence.SURVEY).values_list("cadence", flat=True)):
            period = campaign.periods.filter(cadence=cadence, deadline__lte=now).order_by("-deadline").first()
            if period is None:
                continue
            periods.append(period)
            received = set(
                UnitReport.objects.filter(period=period, first_submitted_at__isnull=False).values_list(
                    "unit_id", flat=True
                )
            )
            missing += sum(1 for u in units_reporting(campaign=campaign, cadence=cadence) if u.pk not in received)
    returned = (
        UnitReport.objects.filter(campaign__commune=commune, status=ReportStatus.RETURNED)
        .exclude(campaign__status=CampaignStatus.CLOSED)
        .count()
    )
    overdue = (
        Task.objects.filter(overdue_q(today), campaign__commune=commune)
        .exclude(campaign__status=CampaignStatus.CLOSED)
        .count()
    )
    return {
        "commune": commune, "missing": missing, "returned": returned, "overdue_tasks": overdue,
        "review_url": reverse("reporting:review_home"), "tasks_url": reverse("campaigns:list") + f"?xa={commune.pk}",
        "runs_url": reverse("followup:runs"),
    }  # fmt: skip


def unreachable_units(commune: Commune) -> list[dict]:
    """Units taking part in a running campaign of the commune in which nobody has an address on
    any external channel (e-mail, Zalo, SMS): they only see the inbox when they log in."""
    units = (
        Unit.objects.filter(participations__campaign__commune=commune, active=True)
        .exclude(participations__campaign__status=CampaignStatus.CLOSED)
        .distinct()
        .order_by("order", "code")
    )
    out = []
    default = commune_channels(commune.pk)
    for unit in units:
        people = unit_people(unit)
        reachable = any(
            recipient_address(name, recipient_for(p)) for p in people for name in channels_for(p, default=default)
        )
        if not reachable:
            out.append(
                {"unit": unit, "why": "chưa có tài khoản" if not people else "không ai có thư điện tử, Zalo hay SMS"}
            )
    return out


def run_page(run: Run) -> dict:
    deliveries = run_deliveries(run)
    counts = defaultdict(int)
    for d in deliveries:
        counts[(d.channel, d.state)] += 1
    return {
        "run": run,
        "deliveries": deliveries,
        "failed": [d for d in deliveries if d.state in (DeliveryState.FAILED, DeliveryState.GIVEN_UP)],
        "sent_by_channel": {label: counts[(value, DeliveryState.SENT)] for value, label in Channel.choices},
        "token_expired": any(d.provider_id == "zalo_token" for d in deliveries),
    }
