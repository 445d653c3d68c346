"""The pieces every dashboard is built of: one indicator's tile (its value at the chosen window,
its trend and sparkline), the units ranked by the engine with their completeness, and the
villages' Mẫu 02 coverage. Formatting and grouping only: every value is the engine's."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from campaigns.models import Period
from indicators import formatting
from indicators.formatting import pct_value, status_badge
from indicators.models import STATUS_LABELS, Attainment, AttainmentStatus, Indicator, WindowKind
from indicators.pace import Pace
from indicators.selectors import UnitRank
from org.models import Unit, UnitKind
from reporting.selectors import Completeness

from .charts import LineChart, line_chart, spark_svg, sparkline, trend_svg

MET = (AttainmentStatus.DAT, AttainmentStatus.DAT_TOI_THIEU)
# Mẫu 02 coverage: the engine's per-village results of these two indicators.
VNEID = "TL_VNEID"
HOUSEHOLDS_RATED = "TL_HO_DANH_GIA"
CADENCE_ORDER = ["weekly", "monthly", "quarterly", "half_yearly", "yearly", "survey"]
COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def pct(part: int, whole: int) -> Decimal | None:
    return pct_value(part, whole)


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
    # the row the required pace reads (the year to date for a "mỗi năm" target, else the
    # cumulative row of the chosen period) and its pace (indicators.selectors.paces)
    pace_row: Attainment | None = None
    year_row: Attainment | None = None
    pace: Pace | None = None

    @property
    def status(self) -> str:
        return self.row.status if self.row else AttainmentStatus.KHONG_CO_SO_LIEU

    @property
    def status_word(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def has_target(self) -> bool:
        """A target is in force at the chosen window (else the tile folds away on the dashboard)."""
        return self.row is not None and self.row.target is not None

    @property
    def off_target(self) -> bool:
        """Below the target at the chosen window (chưa đạt, or only the floor reached): what the
        dashboard's first screen and its trend section lead with."""
        return self.has_target and self.row.display_status in (
            AttainmentStatus.CHUA_DAT,
            AttainmentStatus.DAT_TOI_THIEU,
        )

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
        """The sparkline's text equivalent, short (the full series is on the indicator's page):
        first and last value, lowest and highest, over how many periods."""
        known = [p for p in self.running if p.value is not None]
        if not known:
            return f"Diễn biến lũy kế qua {len(self.running)} kỳ: không có số liệu"
        first, last = known[0], known[-1]
        low = min(known, key=lambda p: p.value)
        high = max(known, key=lambda p: p.value)
        return (
            f"Diễn biến lũy kế qua {len(self.running)} kỳ: từ {first.value_text} ({first.period.label}) "
            f"đến {last.value_text} ({last.period.label}); thấp nhất {low.value_text}, cao nhất {high.value_text}"
        )

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
    def chart_svg_linked(self) -> str:
        """The trend chart on the dashboard, whose table is on the indicator's page."""
        if not (self.chart and self.chart.has_line):
            return ""
        floor = ", đường chấm là mức tối thiểu" if self.has_floor else ""
        label = (
            f"Biểu đồ {self.indicator.name} theo từng kỳ, đường nét đứt là chỉ tiêu{floor}. "
            "Bảng số liệu ở trang của chỉ tiêu."
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


def point(row: Attainment) -> SeriesPoint:
    return SeriesPoint(row.period, row.value, row.target, row.floor, row.display_status, row.indicator.is_ratio)


def primary_cadence(periods: list[Period]) -> str | None:
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


def tiles_for(
    rows: list[Attainment], *, periods: list[Period], selected: Period | None, cumulative: bool
) -> list[Tile]:
    by_ind: dict[int, Indicator] = {}
    period_rows: dict[tuple[int, int], Attainment] = {}
    cum_rows: dict[tuple[int, int], Attainment] = {}
    year_rows: dict[tuple[int, int], Attainment] = {}
    for r in rows:
        by_ind.setdefault(r.indicator_id, r.indicator)
        if r.window_kind == WindowKind.YEAR:  # year to date, only for "mỗi năm" targets
            year_rows[(r.indicator_id, r.period_id)] = r
            continue
        (cum_rows if r.window_kind == WindowKind.CUMULATIVE else period_rows)[(r.indicator_id, r.period_id)] = r
    tiles = []
    for ind in sorted(by_ind.values(), key=lambda i: (i.order, i.code)):
        series = [point(period_rows[(ind.pk, p.pk)]) for p in periods if (ind.pk, p.pk) in period_rows]
        running = [point(cum_rows[(ind.pk, p.pk)]) for p in periods if (ind.pk, p.pk) in cum_rows]
        chosen = (cum_rows if cumulative else period_rows).get((ind.pk, selected.pk)) if selected else None
        tile = Tile(indicator=ind, row=chosen, series=series, running=running)
        if selected is not None:
            tile.year_row = year_rows.get((ind.pk, selected.pk))
            tile.pace_row = tile.year_row or cum_rows.get((ind.pk, selected.pk))
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
    by_reports: bool = False  # no target applies to the unit: ranked on its reports only

    @property
    def received_rate(self) -> Decimal | None:
        return self.completeness.received_rate if self.completeness else None

    @property
    def on_time_rate(self) -> Decimal | None:
        return self.completeness.on_time_rate if self.completeness else None

    @property
    def kind_label(self) -> str:
        return UnitKind(self.unit.kind).label if self.unit.kind in UnitKind.values else self.unit.kind


def desc_key(v: Decimal | None) -> Decimal:
    return -v if v is not None else Decimal(1)


def rank_rows(
    ranks: list[UnitRank], comp_by_unit: dict[int, Completeness], units: Iterable[Unit] = ()
) -> list[RankRow]:
    """The engine's ranking (its order and ranks, unchanged) with each unit's completeness,
    then the ``units`` that no target applies to (rule 6: a commune count binds no unit), ranked
    after them on timeliness (on-time rate), then completeness (received rate) only:
    ``by_reports`` says so on the page."""
    rows = [
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
    ranked = {r.unit.pk for r in rows}
    rest = [
        RankRow(unit=u, rank=None, met=0, with_data=0, score=None, completeness=comp_by_unit[u.pk], by_reports=True)
        for u in units
        if u.pk not in ranked and u.pk in comp_by_unit
    ]
    rest.sort(key=lambda r: (desc_key(r.on_time_rate), desc_key(r.received_rate), r.unit.order, r.unit.code))
    position = max((r.rank for r in rows if r.rank is not None), default=0)
    previous_key, previous_rank = None, 0
    for i, r in enumerate(rest, start=1):
        key = (r.on_time_rate, r.received_rate)
        if r.on_time_rate is None and r.received_rate is None:
            continue  # nothing to rank on
        r.rank = previous_rank if key == previous_key else position + i
        previous_key, previous_rank = key, r.rank
    return rows + rest


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
    return sorted(rows, key=lambda v: (v.vneid is None, desc_key(v.vneid), v.unit.order, v.unit.code))
