"""Reads for the report pages, the review grid, dashboards and documents (issue 4).

Public API reused by dashboards and documents: :func:`completeness`, :func:`missing_and_late`,
:func:`narratives`; and :func:`report_get_for_user`, the one permission fetch of a report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from campaigns.models import Cadence, Campaign, Period
from indicators.formatting import pct_value
from indicators.models import DataElement, FormElement
from indicators.reporting_forms import form_elements_for
from indicators.reporting_forms import units_reporting as _units_reporting
from org.access import Action, require
from org.models import Unit

from .models import FigureChangeLog, NarrativeChangeLog, ReportEvent, ReportStatus, UnitReport

# --- what a unit reports -------------------------------------------------------------


def form_elements(*, campaign: Campaign, unit: Unit, cadence: str) -> list[DataElement]:
    """The data elements ``campaign`` asks of ``unit`` in ``cadence``, in form order."""
    return form_elements_for(campaign=campaign, unit=unit, cadence=cadence)


def units_reporting(*, campaign: Campaign, cadence: str) -> list[Unit]:
    """Units that report something in ``cadence`` of ``campaign`` (expected every period)."""
    return _units_reporting(campaign=campaign, cadence=cadence)


def cadences_of(campaign: Campaign) -> list[str]:
    """The cadences that have periods and forms (weekly first)."""
    order = [c.value for c in Cadence]
    used = set(FormElement.objects.filter(campaign=campaign).values_list("cadence", flat=True))
    used &= set(Period.objects.filter(campaign=campaign).values_list("cadence", flat=True))
    return sorted(used, key=order.index)


def period_to_fill(*, campaign: Campaign, cadence: str, now: datetime | None = None) -> Period | None:
    """The period a unit should be filling now: the earliest whose deadline has not passed among
    those already started; after the last deadline, the last period."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    qs = Period.objects.filter(campaign=campaign, cadence=cadence)
    current = qs.filter(start__lte=today, deadline__gte=now).order_by("deadline").first()
    if current is None:
        current = qs.filter(start__lte=today).order_by("-start").first() or qs.order_by("start").first()
    return current


# --- fetch with permission -------------------------------------------------------------


def report_get_for_user(user, pk: int, action: Action = Action.READ) -> UnitReport:
    """A report the user may do ``action`` on, or ``Http404`` (may not see it) /
    ``PermissionDenied`` (may see, not change) — docs/design.md rule 9, via ``org.access``."""
    report = (
        UnitReport.objects.select_related(
            "campaign", "campaign__commune", "period", "unit", "unit__commune", "unit__commune__province"
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("Không tìm thấy báo cáo.")
    require(user, action, unit=report.unit)
    return report


def report_for(*, unit: Unit, period: Period) -> UnitReport | None:
    return UnitReport.objects.filter(unit=unit, period=period).first()


def previous_period(period: Period) -> Period | None:
    return (
        Period.objects.filter(campaign_id=period.campaign_id, cadence=period.cadence, start__lt=period.start)
        .order_by("-start")
        .first()
    )


def report_history(*, report: UnitReport) -> list[ReportEvent]:
    """The report's events, newest first, each with ``changes`` (its figure changes) and
    ``narrative`` (its narrative changes, each with ``label``)."""
    events = list(report.events.select_related("user").order_by("-at", "-id"))
    changes = defaultdict(list)
    for ch in FigureChangeLog.objects.filter(report=report).select_related("element", "field").order_by("id"):
        changes[ch.event_id].append(ch)
    narrative = defaultdict(list)
    for ch in NarrativeChangeLog.objects.filter(report=report).order_by("id"):
        ch.label = UnitReport._meta.get_field(ch.section).verbose_name
        narrative[ch.event_id].append(ch)
    for ev in events:
        ev.changes = changes.get(ev.pk, [])
        ev.narrative = narrative.get(ev.pk, [])
    return events


# --- deadlines ------------------------------------------------------------------------


def countdown(deadline: datetime, now: datetime) -> tuple[str, bool]:
    """("còn 1 ngày 3 giờ", False) before the deadline; ("quá hạn 2 ngày", True) after."""
    delta = deadline - now
    overdue = delta.total_seconds() < 0
    seconds = int(abs(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        text = f"{days} ngày" + (f" {hours} giờ" if hours and not overdue else "")
    elif hours:
        text = f"{hours} giờ" + (f" {minutes} phút" if minutes else "")
    else:
        text = f"{max(minutes, 1)} phút"
    return (f"quá hạn {text}" if overdue else f"còn {text}"), overdue


# --- completeness and timeliness (rule 7) -----------------------------------------------


def _rate(part: int, whole: int) -> Decimal | None:
    """part × 100 / whole with 2 decimals; ``None`` when nothing was expected (rule 5)."""
    return pct_value(part, whole)


@dataclass
class Completeness:
    """Reports expected, received (on time + late), missing (deadline passed, nothing sent) and
    pending (deadline not yet passed, nothing sent). ``decided`` = reports whose timeliness is
    known (deadline passed, or already sent): the denominator of the on-time, late and missing
    rates; ``received_rate`` is over ``expected``. A rate is ``None`` when its denominator is 0
    ("không có số liệu", rule 5: never 0 %)."""

    expected: int = 0
    due: int = 0
    decided: int = 0
    received: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0

    @property
    def received_rate(self) -> Decimal | None:
        return _rate(self.received, self.expected)

    @property
    def complete_rate(self) -> Decimal | None:
        """Completeness as the review grid shows it: reports sent over reports due or sent."""
        return _rate(self.received, self.decided)

    @property
    def on_time_rate(self) -> Decimal | None:
        return _rate(self.on_time, self.decided)

    @property
    def late_rate(self) -> Decimal | None:
        return _rate(self.late, self.decided)

    @property
    def missing_rate(self) -> Decimal | None:
        return _rate(self.missing, self.decided)

    def add(self, *, received: bool, late: bool, due: bool) -> None:
        self.expected += 1
        self.due += int(due)
        self.decided += int(due or received)
        if received:
            self.received += 1
            if late:
                self.late += 1
            else:
                self.on_time += 1
        elif due:
            self.missing += 1
        else:
            self.pending += 1


@dataclass
class CompletenessReport:
    total: Completeness = field(default_factory=Completeness)
    by_period: dict[int, Completeness] = field(default_factory=dict)  # period id →
    by_unit: dict[int, Completeness] = field(default_factory=dict)  # unit id →
    periods: list[Period] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)


def _received(report: UnitReport | None, now: datetime | None = None) -> bool:
    """First submitted (by ``now``, when given: a document judged as of a past instant does not
    count a report sent after it)."""
    if report is None or report.first_submitted_at is None:
        return False
    return now is None or report.first_submitted_at <= now


def completeness(
    *, campaign: Campaign, period: Period | None = None, now: datetime | None = None, cadence: str | None = None
) -> CompletenessReport:
    """Per-period and per-unit counts and rates of reports expected, received, on time, late and
    missing (rule 7), for one period or every period of the campaign up to ``now`` (periods that
    have not started are left out). A report counts as received once first submitted; it is late
    when that first submission came after the deadline. Three queries whatever the size."""
    now = now or timezone.now()
    if period is not None:
        periods = [period]
        cadence = period.cadence
    else:
        cadence = cadence or (cadences_of(campaign) or [Cadence.WEEKLY])[0]
        periods = list(
            Period.objects.filter(campaign=campaign, cadence=cadence, start__lte=timezone.localdate(now)).order_by(
                "start"
            )
        )
    units = units_reporting(campaign=campaign, cadence=cadence)
    reports = {
        (r.unit_id, r.period_id): r
        for r in UnitReport.objects.filter(campaign=campaign, period__in=[p.pk for p in periods]).only(
            "id", "unit_id", "period_id", "first_submitted_at", "late", "status"
        )
    }
    out = CompletenessReport(periods=periods, units=units)
    for p in periods:
        out.by_period[p.pk] = Completeness()
    for u in units:
        out.by_unit[u.pk] = Completeness()
    for p in periods:
        due = p.deadline < now
        for u in units:
            r = reports.get((u.pk, p.pk))
            received = _received(r, now)
            late = bool(r and r.late)
            for c in (out.total, out.by_period[p.pk], out.by_unit[u.pk]):
                c.add(received=received, late=late, due=due)
    return out


@dataclass(frozen=True)
class UnitLag:
    unit: Unit
    state: str  # "missing" (nothing by the deadline) | "late" (sent after it) | "pending"
    report: UnitReport | None


def missing_and_late(*, campaign: Campaign, period: Period, now: datetime | None = None) -> list[UnitLag]:
    """Units of ``period`` whose report is missing, late, or (deadline not passed) not yet sent."""
    now = now or timezone.now()
    units = units_reporting(campaign=campaign, cadence=period.cadence)
    reports = {r.unit_id: r for r in UnitReport.objects.filter(period=period)}
    out = []
    for u in units:
        r = reports.get(u.pk)
        if _received(r, now):
            if r.late:
                out.append(UnitLag(u, "late", r))
        else:
            out.append(UnitLag(u, "missing" if period.deadline < now else "pending", r))
    return out


def narratives(*, campaign: Campaign, period: Period | None = None) -> QuerySet[UnitReport]:
    """Narratives (Kết quả nổi bật, Khó khăn, vướng mắc, Kiến nghị, đề xuất) of the submitted and
    approved reports, by period then unit order."""
    qs = UnitReport.objects.filter(campaign=campaign, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED])
    if period is not None:
        qs = qs.filter(period=period)
    return qs.select_related("unit", "period").order_by("period__start", "unit__order", "unit__code")


# --- the review grid ---------------------------------------------------------------------

CELL_LABELS = {
    "none": "Chưa nộp",
    "missing": "Chưa nộp",
    "draft": "Nháp",
    "submitted": "Đã nộp",
    "late": "Nộp muộn",
    "approved": "Đã duyệt",
    "returned": "Trả lại",
}


@dataclass
class GridCell:
    period: Period
    report: UnitReport | None
    state: str

    @property
    def late(self) -> bool:
        """Sent after the deadline. Stays true after approval or return (issue 15): approving a late
        report does not make it on time, and the grid keeps saying so."""
        return self.report is not None and self.report.first_submitted_at is not None and self.report.late

    @property
    def label(self) -> str:
        if self.late and self.state != "late":
            return f"{CELL_LABELS[self.state]} · muộn"
        return CELL_LABELS[self.state]


def review_grid(*, campaign: Campaign, cadence: str, now: datetime | None = None) -> dict:
    """Units down, periods across; each cell the report's state. A bounded number of queries."""
    now = now or timezone.now()
    periods = list(Period.objects.filter(campaign=campaign, cadence=cadence).order_by("start"))
    units = units_reporting(campaign=campaign, cadence=cadence)
    reports = {
        (r.unit_id, r.period_id): r
        for r in UnitReport.objects.filter(campaign=campaign, period__cadence=cadence).only(
            "id", "unit_id", "period_id", "status", "late", "first_submitted_at"
        )
    }
    rows = []
    for u in units:
        cells = []
        for p in periods:
            r = reports.get((u.pk, p.pk))
            if r is None:
                state = "missing" if p.deadline < now else "none"
            else:
                state = r.display_status
            cells.append(GridCell(p, r, state))
        rows.append((u, cells))
    comp = completeness(campaign=campaign, now=now, cadence=cadence)
    missing = [(u, [c.period for c in cells if c.state == "missing"]) for u, cells in rows]
    return {"periods": periods, "rows": rows, "completeness": comp, "missing": [m for m in missing if m[1]]}
