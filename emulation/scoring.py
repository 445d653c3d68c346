"""Emulation results (issue 18, part 2): each criterion of a campaign judged for each unit (and
village) or official over a window, with the evidence that proves it, the score (Σ weights of
the criteria met, exact Decimal), the rank within its group and the distance to the next rank;
and the award candidates — those who meet every must-pass criterion.

Every figure comes from the apps below: the engine's verdicts (``indicators.selectors``), the
reports' timeliness (``reporting``), the tasks' deadlines (``campaigns.selectors``) and the fact
table. Nothing is stored here: a result is as fresh as the figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Period, Task, TaskStatus
from campaigns.selectors import local_today, overdue_tasks, participants
from indicators.formatting import number_text, pct_text, pct_value
from indicators.models import DataValue, Indicator
from indicators.selectors import main_cadence, unit_ranking
from org.models import Unit, UnitKind
from reporting.models import UnitReport
from reporting.selectors import Completeness, cadences_of, units_reporting

from .models import Attestation, Award, CandidateDecision, Criterion, CriterionKind, DecisionStatus, Official, Subject
from .windows import Window

NO_DATA = "Chưa có số liệu"
GROUP_UNITS = "Phòng, ban, đơn vị"
GROUP_VILLAGES = "Thôn, xóm, tổ dân phố"
GROUP_PEOPLE = "Cá nhân"


@dataclass
class Evidence:
    label: str
    url: str = ""


@dataclass
class CriterionResult:
    criterion: Criterion
    met: bool
    value: Decimal | None = None  # the share (%) or the count read; None: no data
    text: str = NO_DATA  # the value as the page prints it
    evidence: list[Evidence] = field(default_factory=list)
    attestation: Attestation | None = None


@dataclass
class SubjectResult:
    group: str
    results: list[CriterionResult]
    unit: Unit | None = None
    official: Official | None = None
    score: Decimal = Decimal(0)
    possible: Decimal = Decimal(0)
    rank: int | None = None
    gap: Decimal | None = None  # points to the next rank up; None for the first
    decision: CandidateDecision | None = None
    proposed_award: str = ""

    @property
    def name(self) -> str:
        return self.official.name if self.official else self.unit.name

    @property
    def key(self) -> str:
        return f"o{self.official.pk}" if self.official else f"u{self.unit.pk}"

    @property
    def missing_must(self) -> list[Criterion]:
        return [r.criterion for r in self.results if r.criterion.must_pass and not r.met]

    @property
    def is_candidate(self) -> bool:
        return bool(self.results) and not self.missing_must

    @property
    def all_met(self) -> bool:
        return bool(self.results) and all(r.met for r in self.results)

    @property
    def confirmed(self) -> bool:
        return self.is_candidate and self.decision is not None and self.decision.status == DecisionStatus.CONFIRMED

    @property
    def award(self) -> str:
        return self.decision.award if self.decision is not None else self.proposed_award

    @property
    def award_label(self) -> str:
        return Award(self.award).label if self.award else ""


def points_text(value: Decimal | None) -> str:
    return "–" if value is None else number_text(value, 2)


def criteria_of(campaign: Campaign, subject: str) -> list[Criterion]:
    return list(Criterion.objects.filter(campaign=campaign, subject=subject).order_by("order", "id"))


# --- the facts, read once per window for every unit ------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _periods_in(campaign: Campaign, window: Window, cadence: str | None) -> list[Period]:
    if not cadence:
        return []
    return list(
        Period.objects.filter(campaign=campaign, cadence=cadence, end__gte=window.start, end__lte=window.end).order_by(
            "start"
        )
    )


def _targets_met(campaign: Campaign, window: Window) -> dict[int, tuple]:
    """{unit id: (share, met, total, rows)}: the engine's cumulative verdicts at the last period
    of the main cadence ending in the window (``indicators.selectors.unit_ranking``)."""
    periods = _periods_in(campaign, window, main_cadence(campaign))
    if not periods:
        return {}
    return {r.unit.pk: (r.share, r.met, r.total, r.rows) for r in unit_ranking(campaign=campaign, period=periods[-1])}


def _reports(campaign: Campaign, window: Window, now: datetime) -> tuple[dict[int, Completeness], dict, str | None]:
    """{unit id: Completeness} of the reports of the first cadence (weekly first) due in the window."""
    cadences = cadences_of(campaign)
    if not cadences:
        return {}, {}, None
    cadence = cadences[0]
    periods = [p for p in _periods_in(campaign, window, cadence) if p.start <= local_today(now)]
    units = units_reporting(campaign=campaign, cadence=cadence)
    reports = {
        (r.unit_id, r.period_id): r
        for r in UnitReport.objects.filter(campaign=campaign, period__in=[p.pk for p in periods]).only(
            "id", "unit_id", "period_id", "first_submitted_at", "late"
        )
    }
    out: dict[int, Completeness] = {u.pk: Completeness() for u in units}
    for p in periods:
        for u in units:
            r = reports.get((u.pk, p.pk))
            received = bool(r and r.first_submitted_at and r.first_submitted_at <= now)
            out[u.pk].add(received=received, late=bool(r and r.late), due=p.deadline < now)
    return out, reports, cadence


def _element_sums(campaign: Campaign, window: Window, codes: list[str]) -> dict[tuple[int, str], Decimal]:
    """{(unit id, element code): Σ value} over the periods of the main cadence ending in the
    window, counted figures only; a total wins over its breakdown by field (as the engine)."""
    periods = _periods_in(campaign, window, main_cadence(campaign))
    rows = DataValue.objects.filter(
        campaign=campaign, period__in=[p.pk for p in periods], element__code__in=codes, counted=True
    ).values_list("unit_id", "period_id", "element__code", "field_id", "value")
    totals: dict[tuple, Decimal] = {}
    parts: dict[tuple, Decimal] = defaultdict(Decimal)
    for unit_id, period_id, code, field_id, value in rows:
        key = (unit_id, period_id, code)
        if field_id is None:
            totals[key] = Decimal(value)
        else:
            parts[key] += Decimal(value)
    for key, value in parts.items():
        totals.setdefault(key, value)
    out: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for (unit_id, _period, code), value in totals.items():
        out[(unit_id, code)] += value
    return out


def _indicator_url(campaign: Campaign, code: str) -> str:
    ind = (
        Indicator.objects.filter(code=code)
        .filter(Q(commune__isnull=True) | Q(commune=campaign.commune))
        .order_by("-commune_id")
        .first()
    )
    return reverse("dashboards:indicator_detail", args=[campaign.pk, ind.pk]) if ind else ""


@dataclass
class Facts:
    campaign: Campaign
    window: Window
    now: datetime
    targets: dict = field(default_factory=dict)
    reports: dict = field(default_factory=dict)
    report_rows: dict = field(default_factory=dict)
    tasks_due: dict = field(default_factory=dict)  # unit id → [Task]
    overdue: dict = field(default_factory=dict)  # unit id → [Task]
    sums: dict = field(default_factory=dict)
    attested: dict = field(default_factory=dict)  # (criterion id, "u"/"o", id) → Attestation
    urls: dict = field(default_factory=dict)


def facts_read(campaign: Campaign, window: Window, criteria: list[Criterion], now: datetime | None = None) -> Facts:
    now = _now(now)
    today = local_today(now)
    kinds = {c.kind for c in criteria}
    f = Facts(campaign, window, now)
    if CriterionKind.TARGETS_MET in kinds:
        f.targets = _targets_met(campaign, window)
    if CriterionKind.REPORTS_ON_TIME in kinds:
        f.reports, f.report_rows, _ = _reports(campaign, window, now)
    if CriterionKind.TASKS_ON_TIME in kinds:
        decided_by = min(window.end, today)
        tasks = Task.objects.filter(campaign=campaign, due_date__gte=window.start, due_date__lte=window.end).filter(
            Q(due_date__lt=decided_by) | Q(status=TaskStatus.DONE)
        )
        for t in tasks.order_by("due_date", "id"):
            f.tasks_due.setdefault(t.lead_unit_id, []).append(t)
    if CriterionKind.NO_OVERDUE in kinds:
        for t in overdue_tasks(campaign, min(window.end, today)):
            f.overdue.setdefault(t.lead_unit_id, []).append(t)
    codes = []
    if CriterionKind.NO_OVERDUE in kinds:
        codes += ["HS_GIAI_QUYET", "HS_DUNG_HAN"]
        f.urls["TL_DUNG_HAN"] = _indicator_url(campaign, "TL_DUNG_HAN")
    if CriterionKind.INITIATIVES in kinds:
        codes += ["SANG_KIEN"]
        f.urls["SO_SANG_KIEN"] = _indicator_url(campaign, "SO_SANG_KIEN")
    if codes:
        f.sums = _element_sums(campaign, window, codes)
    attested = [c.pk for c in criteria if c.is_attested]
    if attested:
        for a in Attestation.objects.filter(
            criterion_id__in=attested, year=window.year, quarter=window.quarter
        ).select_related("by"):
            key = (a.criterion_id, "o", a.official_id) if a.official_id else (a.criterion_id, "u", a.unit_id)
            f.attested[key] = a
    return f


# --- one criterion for one subject ---------------------------------------------------------


def _share_result(c: Criterion, share: Decimal | None, text: str, evidence: list[Evidence]) -> CriterionResult:
    if share is None:
        return CriterionResult(c, False, None, NO_DATA, evidence)
    return CriterionResult(c, c.threshold is not None and share >= c.threshold, share, text, evidence)


def judge_unit(c: Criterion, unit: Unit, f: Facts) -> CriterionResult:
    campaign = f.campaign
    if c.kind == CriterionKind.ATTESTED:
        a = f.attested.get((c.pk, "u", unit.pk))
        return _attested(c, a)
    if c.kind == CriterionKind.TARGETS_MET:
        share, met, total, rows = f.targets.get(unit.pk, (None, 0, 0, []))
        evidence = [
            Evidence(
                f"{r.indicator.name}: {r.display_status_label}",
                reverse("dashboards:indicator_detail", args=[campaign.pk, r.indicator_id]),
            )
            for r in rows
        ]
        return _share_result(c, share, f"{met}/{total} chỉ tiêu đạt · {pct_text(share, 2)}", evidence)
    if c.kind == CriterionKind.REPORTS_ON_TIME:
        comp = f.reports.get(unit.pk)
        if comp is None or not comp.decided:
            return CriterionResult(c, False)
        evidence = []
        for (unit_id, _period_id), r in f.report_rows.items():
            if unit_id == unit.pk and r.late:
                evidence.append(Evidence("Báo cáo nộp muộn", reverse("reporting:report_detail", args=[r.pk])))
        if comp.missing:
            evidence.append(Evidence(f"{comp.missing} kỳ chưa nộp báo cáo"))
        share = comp.on_time_rate
        return _share_result(
            c, share, f"{comp.on_time}/{comp.decided} báo cáo đúng hạn · {pct_text(share, 2)}", evidence
        )
    if c.kind == CriterionKind.TASKS_ON_TIME:
        tasks = f.tasks_due.get(unit.pk, [])
        if not tasks:
            return CriterionResult(c, False, None, "Không có nhiệm vụ đến hạn trong kỳ")
        on_time = [
            t
            for t in tasks
            if t.status == TaskStatus.DONE and t.completed_on is not None and t.completed_on <= t.due_date
        ]
        share = pct_value(len(on_time), len(tasks))
        evidence = [
            Evidence(
                f"{'Đúng hạn' if t in on_time else 'Chưa đúng hạn'}: {t.content[:80]}",
                reverse("campaigns:task_edit", args=[t.pk]),
            )
            for t in tasks
        ]
        return _share_result(
            c, share, f"{len(on_time)}/{len(tasks)} nhiệm vụ đúng hạn · {pct_text(share, 2)}", evidence
        )
    if c.kind == CriterionKind.NO_OVERDUE:
        tasks = f.overdue.get(unit.pk, [])
        solved = f.sums.get((unit.pk, "HS_GIAI_QUYET"))
        on_time = f.sums.get((unit.pk, "HS_DUNG_HAN"))
        late = max(solved - (on_time or 0), Decimal(0)) if solved is not None else Decimal(0)
        evidence = [Evidence(f"Quá hạn: {t.content[:80]}", reverse("campaigns:task_edit", args=[t.pk])) for t in tasks]
        if solved is not None:
            evidence.append(
                Evidence(f"Hồ sơ giải quyết quá hạn: {number_text(late, 0)}", f.urls.get("TL_DUNG_HAN", ""))
            )
        met = not tasks and late == 0
        text = "Không có" if met else f"{len(tasks)} nhiệm vụ quá hạn, {number_text(late, 0)} hồ sơ quá hạn"
        return CriterionResult(c, met, Decimal(len(tasks)) + late, text, evidence)
    if c.kind == CriterionKind.INITIATIVES:
        count = f.sums.get((unit.pk, "SANG_KIEN"))
        if count is None:
            return CriterionResult(c, False)
        evidence = [Evidence(f"Sáng kiến được áp dụng: {number_text(count, 0)}", f.urls.get("SO_SANG_KIEN", ""))]
        met = c.threshold is not None and count >= c.threshold
        return CriterionResult(c, met, count, f"{number_text(count, 0)} sáng kiến", evidence)
    return CriterionResult(c, False)


def _attested(c: Criterion, a: Attestation | None) -> CriterionResult:
    if a is None:
        return CriterionResult(c, False, None, "Chưa xác nhận")
    evidence = [Evidence(f"Minh chứng: {a.evidence_url}", a.evidence_url)] if a.evidence_url else []
    return CriterionResult(c, a.met, None, ("Đạt" if a.met else "Không đạt") + f" – {a.note}", evidence, a)


# --- ranks ---------------------------------------------------------------------------------


def rank(rows: list[SubjectResult]) -> None:
    """Equal scores share a rank (1, 1, 3); ``gap`` = points to the next higher score."""
    rows.sort(key=lambda r: -r.score)
    previous, previous_rank = None, 0
    for position, r in enumerate(rows, start=1):
        r.rank = previous_rank if r.score == previous else position
        previous, previous_rank = r.score, r.rank
    for r in rows:
        higher = [x.score for x in rows if x.score > r.score]
        r.gap = min(higher) - r.score if higher else None


def _finish(rows: list[SubjectResult], criteria: list[Criterion]) -> list[SubjectResult]:
    possible = sum((c.weight for c in criteria), Decimal(0))
    for r in rows:
        r.score = sum((x.criterion.weight for x in r.results if x.met), Decimal(0))
        r.possible = possible
    rank(rows)
    for r in rows:
        r.proposed_award = Award.CAP_TREN if r.all_met and r.rank == 1 else Award.GIAY_KHEN
    return rows


@dataclass
class Results:
    window: Window
    unit_criteria: list[Criterion]
    person_criteria: list[Criterion]
    groups: list[tuple[str, list[SubjectResult]]]  # units, villages
    people: list[SubjectResult]

    @property
    def all_rows(self) -> list[SubjectResult]:
        return [r for _g, rows in self.groups for r in rows] + self.people


def results_for(campaign: Campaign, window: Window, *, now: datetime | None = None) -> Results:
    """Every participating unit (villages ranked apart) and every active official of them."""
    unit_criteria = criteria_of(campaign, Subject.UNIT)
    person_criteria = criteria_of(campaign, Subject.PERSON)
    facts = facts_read(campaign, window, unit_criteria + person_criteria, now)
    units = list(participants(campaign))
    depts, villages = [], []
    for u in units:
        row = SubjectResult(
            GROUP_VILLAGES if u.kind == UnitKind.VILLAGE else GROUP_UNITS,
            [judge_unit(c, u, facts) for c in unit_criteria],
            unit=u,
        )
        (villages if u.kind == UnitKind.VILLAGE else depts).append(row)
    people = [
        SubjectResult(
            GROUP_PEOPLE, [_attested(c, facts.attested.get((c.pk, "o", o.pk))) for c in person_criteria], official=o
        )
        for o in Official.objects.filter(unit__in=units, active=True).select_related("unit")
    ]
    groups = [
        (g, _finish(rows, unit_criteria)) for g, rows in ((GROUP_UNITS, depts), (GROUP_VILLAGES, villages)) if rows
    ]
    _finish(people, person_criteria)
    if window.is_year:
        decisions = CandidateDecision.objects.filter(campaign=campaign, year=window.year).select_related("by")
        by_key = {(f"o{d.official_id}" if d.official_id else f"u{d.unit_id}"): d for d in decisions}
        for _g, rows in groups:
            for r in rows:
                r.decision = by_key.get(r.key)
        for r in people:
            r.decision = by_key.get(r.key)
    return Results(window, unit_criteria, person_criteria, groups, people)


def candidates(results: Results) -> list[SubjectResult]:
    """Units, villages and people meeting every must-pass criterion, in rank order."""
    return [r for r in results.all_rows if r.is_candidate]


def confirmed_candidates(results: Results) -> list[SubjectResult]:
    """What the Tờ trình lists: candidates the centre confirmed (and who still qualify)."""
    return [r for r in candidates(results) if r.confirmed]
