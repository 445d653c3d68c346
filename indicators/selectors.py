"""The engine's read API: what dashboards, documents and the ``attainment`` command show.

Every number a page or a file shows about an indicator comes from these functions, so the
dashboard, the PDF and the Excel file agree (docs/design.md section 3).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from campaigns.models import Cadence, Campaign, Period
from org.models import Unit

from .formatting import pct_value
from .models import (
    Aggregation,
    Attainment,
    AttainmentStatus,
    ComputeRun,
    ComputeRunState,
    Field,
    Indicator,
    IndicatorKind,
    IndicatorTerm,
    ScopeKind,
    TargetWindow,
    TermRole,
    UntrackedTarget,
    WindowKind,
)
from .ondemand import UnitSource
from .pace import PACE_PERIODS, Pace, remaining_periods, required
from .reporting_forms import forms_by_unit
from .targets import TargetBook
from .validation import targets_table

MET = (AttainmentStatus.DAT, AttainmentStatus.DAT_TOI_THIEU)


def attainments(
    *,
    campaign: Campaign,
    cumulative: bool,
    period: Period | None = None,
    scope_kind: str = ScopeKind.COMMUNE,
    field: Field | None = None,
    unit: Unit | None = None,
    indicator: Indicator | None = None,
    window_kind: str | None = None,
    source: UnitSource | None = None,
) -> QuerySet[Attainment] | list[Attainment]:
    """Attainment rows of one window kind and scope kind; one period's, or every period's
    (oldest first). Within a window: units / fields in their order, then indicators in the
    catalogue's order. ``window_kind`` "year" reads the year-to-date rows of "mỗi năm" targets.

    Unit scope is not stored (issue 19): its rows are computed on demand
    (``indicators.ondemand``, ``source`` when the caller holds one) and come as a list."""
    kind = window_kind or (WindowKind.CUMULATIVE if cumulative else WindowKind.PERIOD)
    if scope_kind == ScopeKind.UNIT:
        if field is not None:
            return []
        return (source or UnitSource(campaign)).rows(
            unit_ids=[unit.pk] if unit is not None else None,
            indicator_ids=[indicator.pk] if indicator is not None else None,
            window_kinds=[kind],
            period_ids=[period.pk] if period is not None else None,
        )
    qs = Attainment.objects.filter(
        campaign=campaign,
        window_kind=kind,
        scope_kind=scope_kind,
    ).select_related("indicator", "period", "unit", "field")
    if period is not None:
        qs = qs.filter(period=period)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if field is not None:
        qs = qs.filter(field=field)
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    return qs.order_by(
        "end", "-start", "period__cadence", "unit__order", "unit__code", "field__order", "indicator__order", "id"
    )


def main_cadence(campaign: Campaign) -> str | None:
    """The cadence with the most periods (the campaign's rhythm, for series and rankings)."""
    counts = Counter(Period.objects.filter(campaign=campaign).values_list("cadence", flat=True))
    counts.pop("survey", None)
    return counts.most_common(1)[0][0] if counts else None


def attainment_series(
    *,
    campaign: Campaign,
    indicator: Indicator,
    cumulative: bool = False,
    scope_kind: str = ScopeKind.COMMUNE,
    unit: Unit | None = None,
    field: Field | None = None,
    cadence: str | None = None,
) -> list[Attainment]:
    """One indicator's rows period after period (one cadence: by default the campaign's main
    one), for trend charts and sparklines. ``value`` is None where there is no data."""
    cadence = cadence or main_cadence(campaign)
    qs = attainments(
        campaign=campaign, cumulative=cumulative, scope_kind=scope_kind, unit=unit, field=field, indicator=indicator
    )
    if isinstance(qs, list):  # unit scope, on demand
        return [r for r in qs if r.period.cadence == cadence] if cadence else []
    if scope_kind == ScopeKind.COMMUNE:
        qs = qs.filter(unit__isnull=True, field__isnull=True)
    return list(qs.filter(period__cadence=cadence)) if cadence else []


def latest_closed_period(campaign: Campaign, now: datetime | None = None, cadence: str | None = None) -> Period | None:
    """The latest period (of ``cadence``, by default the main one) whose last day is over."""
    today = timezone.localdate(now or timezone.now())
    cadence = cadence or main_cadence(campaign)
    qs = Period.objects.filter(campaign=campaign, end__lt=today)
    if cadence:
        qs = qs.filter(cadence=cadence)
    return qs.order_by("-end", "-start").first()


def last_run(campaign: Campaign) -> ComputeRun | None:
    """The last finished recompute: when the figures shown were computed."""
    return (
        ComputeRun.objects.filter(campaign=campaign, state=ComputeRunState.DONE).order_by("-finished_at", "-id").first()
    )


IN_PROGRESS_STATES = (ComputeRunState.QUEUED, ComputeRunState.RUNNING)


def run_in_progress(campaign: Campaign) -> bool:
    """A recompute is queued or running: figures may change in a moment."""
    return ComputeRun.objects.filter(campaign=campaign, state__in=IN_PROGRESS_STATES).exists()


@dataclass
class UnitRank:
    rank: int | None  # equal shares share a rank (1, 1, 3); None: no targeted indicator with data
    unit: Unit
    met: int  # indicators at đạt or đạt mức tối thiểu
    total: int  # indicators with a target and figures
    share: Decimal | None  # met × 100 / total, 2 decimals
    rows: list[Attainment] = field(default_factory=list)


def unit_ranking(
    *, campaign: Campaign, period: Period | None = None, cumulative: bool = True, source: UnitSource | None = None
) -> list[UnitRank]:
    """Units ranked by the share of their targeted indicators met, cumulatively to ``period``
    (by default the latest closed period, else the latest period computed). Only targets that
    apply to the unit count (rule 6: a commune count target binds no unit), and only verdicts
    that are due (a yearly target inside its year, ``chua_het_ky``, is left out); a unit without
    any is left to ``dashboards.tiles.rank_rows``, which ranks it on its reports.

    The units' rows are computed on demand (``source``: the caller's ``UnitSource``, so one
    page reads the frame once)."""
    if period is None:
        period = latest_closed_period(campaign)
    if period is None:
        last = Attainment.objects.filter(campaign=campaign).order_by("-end").select_related("period").first()
        period = last.period if last else None
    if period is None:
        return []
    skipped = (AttainmentStatus.KHONG_CO_SO_LIEU, AttainmentStatus.CHUA_HET_KY)
    source = source or UnitSource(campaign)
    # only targeted indicators can count (without a target the status is không có số liệu)
    rows = [
        r
        for r in source.rows(
            indicator_ids=source.book.indicator_ids(),
            window_kinds=[WindowKind.CUMULATIVE if cumulative else WindowKind.PERIOD],
            period_ids=[period.pk],
        )
        if r.status not in skipped
    ]
    by_unit: dict[int, UnitRank] = {}
    for row in rows:
        rank = by_unit.setdefault(row.unit_id, UnitRank(None, row.unit, 0, 0, None))
        rank.total += 1
        rank.met += row.status in MET
        rank.rows.append(row)
    ranks = list(by_unit.values())
    for r in ranks:
        r.share = pct_value(r.met, r.total)
    ranks.sort(key=lambda r: (-(r.share or 0), r.unit.order, r.unit.code))
    previous_share, previous_rank = None, 0
    for position, r in enumerate(ranks, start=1):
        r.rank = previous_rank if r.share == previous_share else position
        previous_share, previous_rank = r.share, r.rank
    return ranks


def campaign_page_indicators(*, campaign: Campaign, units: list[Unit]) -> dict:
    """What the campaign page shows of indicators: ``targets`` (the targets table) for the
    context, and on each of ``units`` its ``report_forms`` = [(cadence label, [data elements])].
    Two queries, however many units and targets."""
    forms = forms_by_unit(campaign=campaign, units=units)
    for unit in units:
        unit.report_forms = [(Cadence(c).label, els) for c, els in forms.get(unit.pk, {}).items()]
    return {"targets": targets_table(campaign=campaign)}


# ------------------------------------------------------------------ required pace (issue 12 item 8)


def _what(name: str) -> str:
    """'Số hồ sơ tiếp nhận trực tuyến' → 'hồ sơ tiếp nhận trực tuyến' (the thing counted)."""
    for prefix in ("Tổng số ", "Số lượt ", "Số ", "Lượt "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name[:1].lower() + name[1:]


def paces(
    *, campaign: Campaign, rows: list[Attainment], today: date, source: UnitSource | None = None
) -> dict[int, Pace]:
    """Attainment row id → its required pace (``indicators.pace``), for the cumulative and
    year-to-date rows with a target of a running campaign (none once it has ended). Four
    queries whatever the number of rows; unit rows (on demand) read their units' period
    windows from ``source`` (or a new ``UnitSource``) instead of the stored rows."""
    if not (campaign.start <= today <= campaign.end):
        return {}
    rows = [
        r
        for r in rows
        if r.window_kind in (WindowKind.CUMULATIVE, WindowKind.YEAR)
        and r.target is not None
        and r.numerator is not None
        and r.comparator
        and r.indicator.kind != IndicatorKind.VILLAGE_SHARE
    ]
    if not rows:
        return {}
    book = source.book if source is not None else TargetBook(campaign)
    starts: dict[str, list[date]] = defaultdict(list)
    ids = {r.indicator_id for r in rows}
    denominators: dict[tuple, dict[date, Decimal | None]] = defaultdict(dict)
    if any(r.scope_kind != ScopeKind.UNIT for r in rows):
        for ind_id, scope, unit_id, field_id, cadence, end, den in Attainment.objects.filter(
            campaign=campaign, window_kind=WindowKind.PERIOD, indicator_id__in=ids
        ).values_list("indicator_id", "scope_kind", "unit_id", "field_id", "period__cadence", "end", "denominator"):
            denominators[(ind_id, scope, unit_id, field_id, cadence)][end] = den
    unit_ids = {r.unit_id for r in rows if r.scope_kind == ScopeKind.UNIT}
    if unit_ids:
        for a in (source or UnitSource(campaign)).rows(
            unit_ids=unit_ids, indicator_ids=ids, window_kinds=[WindowKind.PERIOD]
        ):
            denominators[(a.indicator_id, a.scope_kind, a.unit_id, a.field_id, a.period.cadence)][a.end] = a.denominator
    names: dict[tuple[int, str], list[str]] = defaultdict(list)
    stocks: set[int] = set()  # indicators with an element that is a stock (rule 2)
    for ind_id, role, name, aggregation in IndicatorTerm.objects.filter(indicator_id__in=ids).values_list(
        "indicator_id", "role", "element__name", "element__aggregation"
    ):
        names[(ind_id, role)].append(name)
        if aggregation == Aggregation.LAST:
            stocks.add(ind_id)
    ends_of: dict[str, list[date]] = defaultdict(list)
    for cadence, start, end in Period.objects.filter(campaign=campaign).values_list("cadence", "start", "end"):
        starts[cadence].append(start)
        ends_of[cadence].append(end)
    out: dict[int, Pace] = {}
    for r in rows:
        cadence = r.period.cadence
        if r.indicator.is_ratio:
            # the pace runs in the cadence the figures come in (Chi Lăng: dossiers each quarter,
            # the row may be the month's): the cadence with denominators up to the row's end
            def has_data(c: str, r: Attainment = r) -> bool:
                key = (r.indicator_id, r.scope_kind, r.unit_id, r.field_id, c)
                return any(v is not None for e, v in denominators.get(key, {}).items() if e <= r.end)

            if not has_data(cadence):
                cadence = next((c for c in ("weekly", "monthly", "quarterly") if has_data(c)), cadence)
        t = book.get(r.indicator_id, r.end, unit_id=r.unit_id, field_id=r.field_id)
        horizon = campaign.end
        if t is not None and t.window == TargetWindow.YEAR:
            horizon = min(date(r.end.year, 12, 31), campaign.end)
        recent_ends = sorted(e for e in ends_of.get(cadence, []) if e <= r.end)[-PACE_PERIODS:]
        series = denominators.get((r.indicator_id, r.scope_kind, r.unit_id, r.field_id, cadence), {})
        own = names.get((r.indicator_id, TermRole.NUMERATOR), [])
        of = names.get((r.indicator_id, TermRole.DENOMINATOR), [])
        out[r.pk] = required(
            comparator=r.comparator,
            target=r.target,
            numerator=r.numerator,
            denominator=r.denominator,
            is_ratio=r.indicator.is_ratio,
            remaining=remaining_periods(starts.get(cadence, []), r.end, horizon),
            recent_denominators=[series.get(e) for e in recent_ends],
            what=_what(own[0]) if len(own) == 1 else "",
            of_what=_what(of[0]) if len(of) == 1 else "",
            until="hết năm" if horizon < campaign.end else "hết kế hoạch",
            cadence=cadence,
            stock=r.indicator_id in stocks,
        )
    return out


# ------------------------------------------------------------------ targets no figure computes


def untracked_targets(campaign: Campaign) -> list[UntrackedTarget]:
    """The plan's targets "chưa theo dõi bằng số liệu", in the plan's own words and order
    (docs/design.md rule 6): listed on the campaign page and in the quarterly and end-of-push
    documents, never dropped."""
    return list(UntrackedTarget.objects.filter(campaign=campaign).order_by("order", "id"))


@dataclass
class ProgressRow:
    """One targeted indicator of the commune on the campaign page: the latest cumulative row (and
    the year to date for a "mỗi năm" target), with its projection and required pace."""

    row: Attainment
    year_row: Attainment | None
    pace: Pace | None

    @property
    def sign(self) -> str:
        return {">=": "≥", ">": ">", "<=": "≤", "<": "<"}.get(self.row.comparator, self.row.comparator)


def campaign_progress(*, campaign: Campaign, today: date) -> tuple[Period | None, list[ProgressRow]]:
    """The commune's targeted indicators at the latest period over before ``today`` (cumulative,
    and year to date for "mỗi năm" targets), with the required pace while the campaign runs."""
    last = (
        Attainment.objects.filter(
            campaign=campaign, scope_kind=ScopeKind.COMMUNE, window_kind=WindowKind.CUMULATIVE, end__lt=today
        )
        .order_by("-end", "period__cadence")
        .select_related("period")
        .first()
    )
    period = last.period if last else None
    if period is None:
        return None, []
    rows = list(
        Attainment.objects.filter(
            campaign=campaign,
            period=period,
            scope_kind=ScopeKind.COMMUNE,
            window_kind__in=[WindowKind.CUMULATIVE, WindowKind.YEAR],
            target__isnull=False,
        )
        .select_related("indicator", "period")
        .order_by("indicator__order", "indicator__code", "window_kind")
    )
    found = paces(campaign=campaign, rows=rows, today=today)
    cumulative = {r.indicator_id: r for r in rows if r.window_kind == WindowKind.CUMULATIVE}
    years = {r.indicator_id: r for r in rows if r.window_kind == WindowKind.YEAR}
    out = []
    for ind_id, row in cumulative.items():
        year_row = years.get(ind_id)
        pace = found.get(year_row.pk) if year_row is not None else found.get(row.pk)
        out.append(ProgressRow(row, year_row, pace))
    return period, out
