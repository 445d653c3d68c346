"""What the leadership dashboards show (issue 6), assembled from stored results only.

Every number comes from the attainment engine's rows (``indicators.models.Attainment``) or from
the completeness selector (``reporting.selectors.completeness`` / ``missing_and_late``): a
number on a dashboard, in the PDF and in the Excel file is the same number (DESIGN.md
section 3). Nothing here sums raw figures or compares a value with a target; the only
arithmetic is counting statuses the engine already decided, to rank units and communes.

The campaign dashboard reads in a fixed number of queries whatever the campaign's size
(25 units × 52 periods × 25 indicators included): one for the commune's (or a field's)
series, one for the units' rows of the chosen window, one for the running recompute, the
completeness selector's and one for overdue tasks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from campaigns.models import Campaign, Participation, Period
from campaigns.selectors import overdue_tasks
from indicators import formatting
from indicators.catalogue import FIELDS
from indicators.formatting import pct_value, status_badge
from indicators.models import (
    NO_TARGET,
    STATUS_LABELS,
    Attainment,
    AttainmentStatus,
    ComputeRun,
    FormElement,
    Indicator,
    ScopeKind,
    WindowKind,
)
from indicators.selectors import IN_PROGRESS_STATES, UnitRank, run_in_progress, unit_ranking
from org.models import Province, Unit, UnitKind
from reporting.models import UnitReport
from reporting.selectors import Completeness, completeness, missing_and_late

from .charts import LineChart, line_chart, spark_svg, sparkline, trend_svg

MET = (AttainmentStatus.DAT, AttainmentStatus.DAT_TOI_THIEU)
# Mẫu 02 coverage: the engine's per-village results of these two indicators.
VNEID = "TL_VNEID"
HOUSEHOLDS_RATED = "TL_HO_DANH_GIA"
CADENCE_ORDER = ["weekly", "monthly", "quarterly", "half_yearly", "yearly", "survey"]
FIELD_NAMES = dict(FIELDS)
COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
RUNNING_STATES = IN_PROGRESS_STATES  # the rule of indicators.selectors.run_in_progress, in a subquery


def _pct(part: int, whole: int) -> Decimal | None:
    return pct_value(part, whole)


# --- filters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard's filter bar chose. ``period_id`` None = the latest closed period."""

    period_id: int | None = None
    cumulative: bool = True
    field_code: str = ""
    unit_kind: str = ""

    def as_query(self) -> dict[str, str]:
        q = {"cach_tinh": "luy_ke" if self.cumulative else "trong_ky"}
        if self.period_id:
            q["ky"] = str(self.period_id)
        if self.field_code:
            q["linh_vuc"] = self.field_code
        if self.unit_kind:
            q["loai_don_vi"] = self.unit_kind
        return q


def field_choices() -> list[tuple[str, str]]:
    return list(FIELDS)


# --- one indicator's tile and trend --------------------------------------------------------


def value_text(value: Decimal | None, *, is_ratio: bool) -> str:
    """A stored value as the pages show it: "92,50%" for a ratio, "1.234" for a count, "—" for
    no data. Formatting only (the value is the engine's)."""
    return formatting.value_text(value, is_ratio=is_ratio, empty="—")


@dataclass
class SeriesPoint:
    period: Period
    value: Decimal | None
    target: Decimal | None
    floor: Decimal | None
    status: str  # the display status: "chua_giao_chi_tieu" beside a value without a target
    is_ratio: bool = True

    @property
    def value_text(self) -> str:
        return value_text(self.value, is_ratio=self.is_ratio)

    @property
    def target_text(self) -> str:
        return value_text(self.target, is_ratio=self.is_ratio)

    @property
    def floor_text(self) -> str:
        return value_text(self.floor, is_ratio=self.is_ratio)

    @property
    def status_word(self) -> str:
        return STATUS_LABELS.get(self.status, "")


@dataclass
class Tile:
    indicator: Indicator
    row: Attainment | None  # the chosen window at the chosen period
    series: list[SeriesPoint]  # value of each period on its own (trend chart)
    running: list[SeriesPoint]  # cumulative value at the end of each period (sparkline)
    spark: LineChart | None = None
    chart: LineChart | None = None

    @property
    def status(self) -> str:
        return self.row.status if self.row else AttainmentStatus.KHONG_CO_SO_LIEU

    @property
    def status_word(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def projected_word(self) -> str:
        return STATUS_LABELS.get(self.row.projected_status, "") if self.row else ""

    @property
    def is_ratio(self) -> bool:
        return self.indicator.is_ratio

    @property
    def has_floor(self) -> bool:
        return any(p.floor is not None for p in self.series)

    @property
    def spark_label(self) -> str:
        """The sparkline's text equivalent."""
        steps = "; ".join(
            f"{p.period.label} {'không có số liệu' if p.value is None else p.value_text}" for p in self.running
        )
        return f"Diễn biến lũy kế qua {len(self.running)} kỳ: {steps}"

    @property
    def comparator_sign(self) -> str:
        """The target's comparison as the plans write it: ≥, >, ≤, <."""
        c = self.row.comparator if self.row else ""
        return COMPARATOR_SIGNS.get(c, c)

    @property
    def spark_svg(self) -> str:
        return spark_svg(self.spark, label=self.spark_label) if self.spark and self.spark.has_line else ""

    @property
    def chart_svg(self) -> str:
        if not (self.chart and self.chart.has_line):
            return ""
        floor = ", đường chấm là mức tối thiểu" if self.has_floor else ""
        label = (
            f"Biểu đồ {self.indicator.name} theo từng kỳ, đường nét đứt là chỉ tiêu{floor}. "
            "Số liệu trong bảng bên dưới."
        )
        return trend_svg(self.chart, label=label, is_ratio=self.is_ratio)

    @property
    def series_rows_html(self) -> str:
        """The trend chart's table rows (its text equivalent), built once in Python."""
        floor = self.has_floor
        return mark_safe(  # noqa: S308 (every text escaped)
            "".join(
                f'<tr><td>{escape(p.period.label)}</td><td class="num">{p.value_text}</td>'
                f'<td class="num">{p.target_text}</td>'
                + (f'<td class="num">{p.floor_text}</td>' if floor else "")
                + f"<td>{status_badge(p.status)}</td></tr>"
                for p in self.series
            )
        )


def _point(row: Attainment) -> SeriesPoint:
    return SeriesPoint(row.period, row.value, row.target, row.floor, row.display_status, row.indicator.is_ratio)


def _primary_cadence(periods: list[Period]) -> str | None:
    counts = Counter(p.cadence for p in periods)
    if not counts:
        return None
    return min(counts, key=lambda c: (-counts[c], CADENCE_ORDER.index(c) if c in CADENCE_ORDER else 99))


def latest_closed(periods: list[Period], today: date) -> Period | None:
    """The latest period already over (its last day before today); before any is over, the first."""
    closed = [p for p in periods if p.end < today]
    if closed:
        return closed[-1]
    return periods[0] if periods else None


def _tiles(rows: list[Attainment], *, periods: list[Period], selected: Period | None, cumulative: bool) -> list[Tile]:
    by_ind: dict[int, Indicator] = {}
    period_rows: dict[tuple[int, int], Attainment] = {}
    cum_rows: dict[tuple[int, int], Attainment] = {}
    for r in rows:
        by_ind.setdefault(r.indicator_id, r.indicator)
        (cum_rows if r.window_kind == WindowKind.CUMULATIVE else period_rows)[(r.indicator_id, r.period_id)] = r
    tiles = []
    for ind in sorted(by_ind.values(), key=lambda i: (i.order, i.code)):
        series = [_point(period_rows[(ind.pk, p.pk)]) for p in periods if (ind.pk, p.pk) in period_rows]
        running = [_point(cum_rows[(ind.pk, p.pk)]) for p in periods if (ind.pk, p.pk) in cum_rows]
        chosen = (cum_rows if cumulative else period_rows).get((ind.pk, selected.pk)) if selected else None
        tile = Tile(indicator=ind, row=chosen, series=series, running=running)
        tile.spark = sparkline([p.value for p in running], targets=[p.target for p in running], is_ratio=ind.is_ratio)
        tile.chart = line_chart(
            [p.value for p in series],
            targets=[p.target for p in series],
            floors=[p.floor for p in series],
            is_ratio=ind.is_ratio,
            pad_left=34,
        )
        tiles.append(tile)
    return tiles


# --- units ranked --------------------------------------------------------------------------


@dataclass
class RankRow:
    """One unit in the commune's published ranking (the engine's ``unit_ranking``) with its
    report completeness and timeliness (the completeness selector)."""

    unit: Unit
    rank: int | None
    met: int  # indicators at đạt or đạt mức tối thiểu
    with_data: int  # indicators with a target and figures
    score: Decimal | None  # met × 100 / with_data, as the engine ranks
    floor_met: int = 0
    completeness: Completeness | None = None
    rows: list[Attainment] = field(default_factory=list)

    @property
    def received_rate(self) -> Decimal | None:
        return self.completeness.received_rate if self.completeness else None

    @property
    def on_time_rate(self) -> Decimal | None:
        return self.completeness.on_time_rate if self.completeness else None

    @property
    def kind_label(self) -> str:
        return UnitKind(self.unit.kind).label if self.unit.kind in UnitKind.values else self.unit.kind


def _neg(v: Decimal | None) -> Decimal:
    return -v if v is not None else Decimal(1)


def rank_rows(ranks: list[UnitRank], comp_by_unit: dict[int, Completeness]) -> list[RankRow]:
    """The engine's ranking (its order and ranks, unchanged) with each unit's completeness."""
    return [
        RankRow(
            unit=r.unit,
            rank=r.rank,
            met=r.met,
            with_data=r.total,
            score=r.share,
            floor_met=sum(1 for a in r.rows if a.status == AttainmentStatus.DAT_TOI_THIEU),
            completeness=comp_by_unit.get(r.unit.pk),
            rows=r.rows,
        )
        for r in ranks
    ]


@dataclass(frozen=True)
class VillageCoverage:
    unit: Unit
    vneid: Decimal | None
    rated: Decimal | None


def village_coverage(unit_rows: Iterable[Attainment], *, until: date | None = None) -> list[VillageCoverage]:
    """Mẫu 02 coverage per village from the engine's cumulative per-village TL_VNEID /
    TL_HO_DANH_GIA (the latest window ending by ``until``), sorted by VNeID coverage (highest
    first; villages without data last)."""
    found: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    ends: dict[tuple[int, str], date] = {}
    units: dict[int, Unit] = {}
    for r in unit_rows:
        if r.indicator.code not in (VNEID, HOUSEHOLDS_RATED) or r.unit is None or r.unit.kind != UnitKind.VILLAGE:
            continue
        if until is not None and r.end > until:
            continue
        key = (r.unit_id, r.indicator.code)
        if key in ends and ends[key] > r.end:
            continue
        ends[key] = r.end
        found[r.unit_id][r.indicator.code] = r.value
        units[r.unit_id] = r.unit
    rows = [VillageCoverage(units[uid], vals.get(VNEID), vals.get(HOUSEHOLDS_RATED)) for uid, vals in found.items()]
    return sorted(rows, key=lambda v: (v.vneid is None, _neg(v.vneid), v.unit.order, v.unit.code))


# --- the campaign dashboard ----------------------------------------------------------------


def _series_rows(*, campaign: Campaign, field_code: str) -> QuerySet[Attainment]:
    """The commune's (or one field's) rows of every period and both windows, plus the villages'
    cumulative Mẫu 02 coverage rows (TL_VNEID, TL_HO_DANH_GIA), in one query."""
    if field_code:
        scope = Q(scope_kind=ScopeKind.FIELD, field__code=field_code)
    else:
        scope = Q(scope_kind=ScopeKind.COMMUNE)
    villages = Q(
        scope_kind=ScopeKind.UNIT,
        window_kind=WindowKind.CUMULATIVE,
        unit__kind=UnitKind.VILLAGE,
        indicator__code__in=[VNEID, HOUSEHOLDS_RATED],
    )
    # whether a recompute is queued or running rides along on every row (one query less)
    running = ComputeRun.objects.filter(campaign=OuterRef("campaign"), state__in=RUNNING_STATES)
    return (
        Attainment.objects.filter(scope | villages, campaign=campaign)
        .select_related("indicator", "period", "unit")
        .annotate(recompute_running=Exists(running))
        .order_by("period__start", "indicator__order", "indicator__code")
    )


_RELATED = {"indicator": Indicator, "period": Period, "unit": Unit}


def _fetch_rows(qs: QuerySet[Attainment]) -> list[Attainment]:
    """The rows of ``qs`` with their indicator, period and unit, in the same single query as
    ``select_related`` but building each indicator, period and unit once and sharing it between
    the rows that name it (``select_related`` builds one per row: 25 indicators × 52 weeks × 2
    windows made ~8,000 model instances, the largest cost of an uncached view)."""
    own = [f.attname for f in Attainment._meta.concrete_fields]
    related = {name: [f.attname for f in model._meta.concrete_fields] for name, model in _RELATED.items()}
    pk_at = {name: related[name].index(model._meta.pk.attname) for name, model in _RELATED.items()}
    columns = [*own, *(f"{name}__{col}" for name, cols in related.items() for col in cols), "recompute_running"]
    built: dict[str, dict[int, object]] = {name: {} for name in _RELATED}
    out = []
    for values in qs.values_list(*columns):
        row = Attainment.from_db(qs.db, own, values[: len(own)])
        at = len(own)
        for name, model in _RELATED.items():
            cols = related[name]
            part = values[at : at + len(cols)]
            at += len(cols)
            pk = part[pk_at[name]]
            obj = None
            if pk is not None:
                obj = built[name].get(pk)
                if obj is None:
                    obj = built[name][pk] = model.from_db(qs.db, cols, part)
            # where select_related leaves a related object: reading row.indicator runs no query
            row._state.fields_cache[name] = obj
        row.recompute_running = values[-1]
        out.append(row)
    return out


def days_left(campaign: Campaign, today: date) -> int | None:
    """Days left in the campaign, today included; None once it is over."""
    if today > campaign.end:
        return None
    return (campaign.end - max(today, campaign.start)).days + 1


def campaign_dashboard(
    *,
    campaign: Campaign,
    filters: DashboardFilters,
    unit_ids: set[int] | None = None,
    unit_kind: str = "",
    now=None,
) -> dict:
    """Everything the campaign dashboard shows but its overdue tasks (``overdue_tasks``, read live
    beside the cached parts). ``unit_ids``, when given, are the units the unit-kind filter keeps
    (django-filter, see ``dashboards.tables``); ``unit_kind`` keeps the units of that kind without
    a query. Either way ranks stay the commune's."""
    now = now or timezone.now()

    def kept(unit: Unit | None) -> bool:
        if unit is None:
            return False
        return (unit_ids is None or unit.pk in unit_ids) and (not unit_kind or unit.kind == unit_kind)

    today = timezone.localdate(now)
    fetched = _fetch_rows(_series_rows(campaign=campaign, field_code=filters.field_code))
    rows = [r for r in fetched if r.scope_kind != ScopeKind.UNIT]
    village_rows = [r for r in fetched if r.scope_kind == ScopeKind.UNIT]
    all_periods = sorted({r.period_id: r.period for r in rows}.values(), key=lambda p: (p.start, p.cadence))
    cadence = _primary_cadence(all_periods)
    periods = [p for p in all_periods if p.cadence == cadence]
    selected = next((p for p in all_periods if p.pk == filters.period_id), None)
    period_invalid = filters.period_id is not None and selected is None
    if selected is None:
        selected = latest_closed(periods, today)
    tiles = _tiles(
        [r for r in rows if r.period.cadence == (selected.cadence if selected else cadence)],
        periods=[p for p in all_periods if selected is None or p.cadence == selected.cadence],
        selected=selected,
        cumulative=filters.cumulative,
    )
    ranks = unit_ranking(campaign=campaign, period=selected, cumulative=filters.cumulative) if selected else []
    if unit_ids is not None or unit_kind:
        ranks = [r for r in ranks if kept(r.unit)]
    comp = completeness(campaign=campaign, now=now, cadence=(selected.cadence if selected else cadence) or "weekly")
    lags = missing_and_late(campaign=campaign, period=selected, now=now) if selected else []
    if unit_ids is not None or unit_kind:
        lags = [lag for lag in lags if kept(lag.unit)]
    computed_at: datetime | None = max((r.computed_at for r in rows), default=None)
    counts = Counter(t.row.display_status if t.row else t.status for t in tiles)
    return {
        "campaign": campaign,
        "filters": filters,
        "periods": periods,
        "selected_period": selected,
        "period_invalid": period_invalid,
        "field_name": FIELD_NAMES.get(filters.field_code, ""),
        "tiles": tiles,
        "status_counts": [
            (s, STATUS_LABELS[s], counts.get(s, 0))
            for s in [*AttainmentStatus.values, NO_TARGET]
            if s != NO_TARGET or counts.get(s)
        ],
        "ranking": rank_rows(ranks, comp.by_unit),
        "villages": village_coverage(
            (r for r in village_rows if kept(r.unit)),
            until=selected.end if selected else None,
        ),
        "completeness": comp,
        "period_completeness": comp.by_period.get(selected.pk) if selected else None,
        "missing": [lag for lag in lags if lag.state == "missing"],
        "late": [lag for lag in lags if lag.state == "late"],
        "pending": [lag for lag in lags if lag.state == "pending"],
        "days_left": days_left(campaign, today),
        "today": today,
        "computed_at": computed_at,
        "recompute_running": fetched[0].recompute_running if fetched else run_in_progress(campaign),
    }


# --- what the cached dashboard depends on ---------------------------------------------------

# Backstop only: every change that moves a figure is in ``dashboard_version``; set-up edits that
# are not (a unit renamed, a form element edited in place) show within this many seconds.
DASHBOARD_CACHE_SECONDS = 300


def _version_sql() -> str:
    """One statement of scalar subqueries over the campaign's rows (raw: compiling twelve ORM
    subqueries cost more than running them)."""
    run, rep, per = ComputeRun._meta.db_table, UnitReport._meta.db_table, Period._meta.db_table
    part, form = Participation._meta.db_table, FormElement._meta.db_table
    selects = [
        f"SELECT COUNT(*) FROM {run} WHERE campaign_id = %(c)s",
        f"SELECT MAX(id) FROM {run} WHERE campaign_id = %(c)s",
        f"SELECT MAX(started_at) FROM {run} WHERE campaign_id = %(c)s",
        f"SELECT MAX(finished_at) FROM {run} WHERE campaign_id = %(c)s",
        f"SELECT COUNT(*) FROM {rep} WHERE campaign_id = %(c)s",
        f"SELECT MAX(updated_at) FROM {rep} WHERE campaign_id = %(c)s",
        f"SELECT SUM(version) FROM {rep} WHERE campaign_id = %(c)s",
        f"SELECT COUNT(*) FROM {per} WHERE campaign_id = %(c)s AND deadline < %(now)s",
        f"SELECT COUNT(*) FROM {part} WHERE campaign_id = %(c)s",
        f"SELECT MAX(id) FROM {part} WHERE campaign_id = %(c)s",
        f"SELECT COUNT(*) FROM {form} WHERE campaign_id = %(c)s",
        f"SELECT MAX(id) FROM {form} WHERE campaign_id = %(c)s",
    ]
    return "SELECT " + ", ".join(f"({q})" for q in selects)


def dashboard_version(*, campaign: Campaign, now: datetime) -> str:
    """A stamp that changes whenever anything the campaign dashboard shows may change, in one query.

    Figures change only through a recompute (every write of ``Attainment`` is a ``ComputeRun``:
    created queued, started, finished) and completeness only through a report's status change
    (``UnitReport.updated_at`` / ``version``, count) or a deadline passing (count of deadlines
    before ``now``); which units report comes from participations and form elements; "latest
    closed period" and "days left" turn with the local date. Overdue tasks are read live."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), {"c": campaign.pk, "now": connection.ops.adapt_datetimefield_value(now)})
        row = cursor.fetchone()
    return "|".join(str(v) for v in (timezone.localdate(now), campaign.pk, *row))


# --- the unit view -------------------------------------------------------------------------


def unit_dashboard(*, campaign: Campaign, unit: Unit, now=None) -> dict:
    """A unit's own results against the targets, its report completeness and its place in the
    commune's published ranking (other units: name, rank and published rates only)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    own = list(
        Attainment.objects.filter(campaign=campaign, scope_kind=ScopeKind.UNIT, unit=unit)
        .select_related("indicator", "period")
        .order_by("period__start", "indicator__order", "indicator__code")
    )
    all_periods = sorted({r.period_id: r.period for r in own}.values(), key=lambda p: (p.start, p.cadence))
    cadence = _primary_cadence(all_periods)
    periods = [p for p in all_periods if p.cadence == cadence]
    selected = latest_closed(periods, today)
    tiles = _tiles([r for r in own if r.period.cadence == cadence], periods=periods, selected=selected, cumulative=True)
    comp = completeness(campaign=campaign, now=now, cadence=cadence or "weekly")
    ranking = rank_rows(unit_ranking(campaign=campaign, period=selected) if selected else [], comp.by_unit)
    mine = next((r for r in ranking if r.unit.pk == unit.pk), None)
    return {
        "campaign": campaign,
        "unit": unit,
        "selected_period": selected,
        "tiles": tiles,
        "completeness": comp.by_unit.get(unit.pk),
        "ranking": ranking,
        "my_rank": mine,
        "ranked_count": sum(1 for r in ranking if r.rank is not None),
        "overdue_tasks": overdue_tasks(campaign, today, unit=unit),
        "days_left": days_left(campaign, today),
        "computed_at": max((r.computed_at for r in own), default=None),
    }


# --- the province view ---------------------------------------------------------------------


@dataclass
class CampaignGroup:
    """Campaigns of several communes running the same plan (same kind and dates)."""

    key: str
    kind: str
    start: date
    end: date
    campaigns: list[Campaign]

    @property
    def label(self) -> str:
        first = self.campaigns[0]
        return f"{first.get_kind_display()} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y} ({len(self.campaigns)} xã)"


def campaign_groups(province: Province) -> list[CampaignGroup]:
    """The province's campaigns grouped by kind and dates; most communes first, then latest."""
    groups: dict[str, CampaignGroup] = {}
    qs = Campaign.objects.filter(commune__province=province).select_related("commune").order_by("commune__name")
    for c in qs:
        key = f"{c.kind}-{c.start:%Y%m%d}-{c.end:%Y%m%d}"
        groups.setdefault(key, CampaignGroup(key, c.kind, c.start, c.end, [])).campaigns.append(c)
    return sorted(groups.values(), key=lambda g: (-len(g.campaigns), -g.end.toordinal(), g.key))


@dataclass
class CommuneRow:
    campaign: Campaign
    period: Period | None
    cells: dict[str, Attainment] = field(default_factory=dict)
    completeness: Completeness | None = None
    rank: int | None = None
    cell_list: list[Attainment | None] = field(default_factory=list)

    def counts(self) -> Counter:
        return Counter(a.status for a in self.cells.values())

    @property
    def met(self) -> int:
        c = self.counts()
        return c[AttainmentStatus.DAT] + c[AttainmentStatus.DAT_TOI_THIEU]

    @property
    def with_data(self) -> int:
        return sum(1 for a in self.cells.values() if a.status != AttainmentStatus.KHONG_CO_SO_LIEU)

    @property
    def score(self) -> Decimal | None:
        return _pct(self.met, self.with_data)


def province_overview(*, province: Province, group_key: str = "", now=None) -> dict:
    """Every commune of the province side by side on the indicators their campaigns share,
    each at the cumulative result of its latest closed period, with its report completeness."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    groups = campaign_groups(province)
    group = next((g for g in groups if g.key == group_key), None) or (groups[0] if groups else None)
    if group is None:
        return {"province": province, "groups": [], "group": None, "rows": [], "indicators": []}
    campaign_ids = [c.pk for c in group.campaigns]
    periods_by_campaign: dict[int, list[Period]] = defaultdict(list)
    for p in Period.objects.filter(campaign_id__in=campaign_ids).order_by("start"):
        periods_by_campaign[p.campaign_id].append(p)
    rows: list[CommuneRow] = []
    chosen: dict[int, Period] = {}
    for c in group.campaigns:
        ps = periods_by_campaign.get(c.pk, [])
        cadence = _primary_cadence(ps)
        p = latest_closed([x for x in ps if x.cadence == cadence], today)
        rows.append(CommuneRow(campaign=c, period=p))
        if p is not None:
            chosen[c.pk] = p
    results = Attainment.objects.filter(
        campaign_id__in=campaign_ids,
        scope_kind=ScopeKind.COMMUNE,
        window_kind=WindowKind.CUMULATIVE,
        period_id__in=[p.pk for p in chosen.values()],
    ).select_related("indicator")
    by_campaign: dict[int, dict[str, Attainment]] = defaultdict(dict)
    indicators: dict[str, Indicator] = {}
    for a in results:
        by_campaign[a.campaign_id][a.indicator.code] = a
        indicators.setdefault(a.indicator.code, a.indicator)
    for row in rows:
        row.cells = by_campaign.get(row.campaign.pk, {})
        if row.period is not None:
            row.completeness = completeness(campaign=row.campaign, now=now, cadence=row.period.cadence).total
    # shared: the indicators every commune of the group has a result for
    shared = [
        ind
        for code, ind in indicators.items()
        if all(code in r.cells for r in rows if r.cells) and any(r.cells for r in rows)
    ]
    shared.sort(key=lambda i: (i.order, i.code))
    for r in rows:
        r.cells = {ind.code: r.cells[ind.code] for ind in shared if ind.code in r.cells}
        r.cell_list = [r.cells.get(ind.code) for ind in shared]
    ordered = sorted(
        rows,
        key=lambda r: (
            r.score is None,
            _neg(r.score),
            _neg(r.completeness.on_time_rate if r.completeness else None),
            r.campaign.commune.name,
        ),
    )
    rank, previous = 0, None
    for i, r in enumerate(ordered, start=1):
        if r.score is None:
            break
        key = (r.score, r.completeness.on_time_rate if r.completeness else None)
        if key != previous:
            rank, previous = i, key
        r.rank = rank
    return {"province": province, "groups": groups, "group": group, "rows": ordered, "indicators": shared}
