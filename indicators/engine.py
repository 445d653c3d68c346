"""The attainment engine: every indicator of a campaign against its target, per window and scope.

docs/design.md rules 1–6 are the specification; the README ("The attainment engine") explains the choices below.

* **Reads.** One GROUP BY pass over DataValue per campaign (``counted`` rows only: submitted or
  approved reports), at the grain period × unit × element × field. Everything after that is
  linear in the number of (period, unit, element) cells, in memory.
* **Windows.** Each reporting period of the campaign closes two windows: the period itself,
  and the cumulative window from the campaign's start to the period's end (a Mẫu 02 survey
  round's period opens none). A flow reported for period Q belongs to window W when Q ends
  inside W and Q is no longer than W (a week ending on 2 February belongs to February; a
  monthly flow never lands in a weekly window). A stock is the state on Q's last day, so it
  belongs to every window containing that day (a survey round ending 30/11 shows in the week
  and the cumulative windows that contain 30/11).
* **Rule 1.** Ratios are Σ numerator × 100 / Σ denominator over the window's periods and the
  scope's units, never an average of percentages.
* **Rule 2.** Over time a ``sum`` element adds up its periods; a ``last`` element takes, per
  unit (and field), the value of the latest period in the window (by period end); over units
  both add up. Per unit and period, a total (no field) wins over its field breakdown; without
  a total the breakdown is summed.
* **Rules 3, 4.** ``≥ > ≤ <`` are decided exactly: numerator × 100 against target ×
  denominator in Decimal (92 of 100 meets ≥ 92%).
* **Rule 5.** No counted value, or a denominator of 0: ``khong_co_so_lieu``, value empty.
  With figures but no target in force the value is shown and the status is also
  ``khong_co_so_lieu`` (nothing to compare with; the target column is empty).
* **Rule 6.** Targets come only from ``TargetBook`` for the year of the window's end, for the
  scope it binds (a count target of the commune binds no unit). A target judged on a calendar
  window ("mỗi năm", "mỗi tháng") or on the campaign reads each window through
  ``rules.window_role``: its own window is judged, a piece of it says ``chua_het_ky`` until
  reached, a cumulative multi-year window sums the years' targets. "Mỗi năm" targets also get
  year-to-date windows (``WindowKind.YEAR``), written only for them.
* A unit that joined late (Participation.joined_on) counts only for periods ending on or
  after the day it joined.
* **What is stored** (issue 19). A recompute writes the commune and field rows only
  (``STORED_SCOPES``): 4 % of the rows, what the pages read in bulk. Unit rows are computed on
  demand by ``indicators.ondemand`` through the same ``load`` (restricted to the units, the
  periods and the elements asked), ``compute_cells`` and ``iter_rows`` (``scopes={"unit"}``):
  one code for both. Storing no unit row, a recompute adds the units' points of each ``sum``
  element together before building its series (``roll_up``), after each unit's own rules.
"""

from __future__ import annotations

import logging
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Q, Sum
from django.utils import timezone

from campaigns.models import Campaign, Participation, Period
from org.models import Unit, UnitKind

from .models import (
    Aggregation,
    AttainmentStatus,
    DataElement,
    DataValue,
    Indicator,
    IndicatorKind,
    IndicatorTerm,
    ScopeKind,
    Target,
    TargetWindow,
    TermRole,
    WindowKind,
)
from .projection import project, recent_windows
from .rules import (
    FULL,
    HUNDRED,
    NONE,
    PART,
    STORE,
    Window,
    add_into,
    build_windows,
    judge_part,
    series_over_windows,
    window_role,
    yearly_sum,
)
from .targets import TargetBook

log = logging.getLogger(__name__)

# ------------------------------------------------------------------ the computation


@dataclass
class CampaignData:
    campaign: Campaign
    periods: list[Period]
    windows: list[Window]
    indicators: list[Indicator]
    terms: dict[int, dict[str, list[int]]]  # indicator → role → element ids
    aggregation: dict[int, str]  # element → sum / last
    total: dict[tuple[int, int], list[Decimal | None]] = field(default_factory=dict)  # (unit, element)
    by_field: dict[tuple[int, int, int], list[Decimal | None]] = field(default_factory=dict)  # (field, unit, element)
    villages: dict[int, date | None] = field(default_factory=dict)  # village unit → joined on
    village_points: dict[tuple[int, int], dict[int, Decimal]] = field(default_factory=dict)  # (unit, element)
    field_targets: dict[int, set[int]] = field(default_factory=dict)  # indicator → fields with their own target


STORED_SCOPES = frozenset({ScopeKind.COMMUNE.value, ScopeKind.FIELD.value})  # what a recompute writes
ALL_SCOPES = frozenset({ScopeKind.COMMUNE.value, ScopeKind.UNIT.value, ScopeKind.FIELD.value})


@dataclass
class Frame:
    """What a computation reads besides the facts: periods, windows, indicators and their terms,
    participations. Loaded once, reusable for several fact loads (``indicators.ondemand``)."""

    campaign: Campaign
    periods: list[Period]
    windows: list[Window]
    indicators: list[Indicator]
    terms: dict[int, dict[str, list[int]]]
    aggregation: dict[int, str]
    joined: dict[int, date | None]  # participating unit → joined on
    villages: dict[int, date | None]
    field_targets: dict[int, set[int]]
    units: dict[int, Unit] = field(default_factory=dict)  # filled by the lean frame (participating units)


def _villages(campaign: Campaign, joined: dict[int, date | None], village_ids: list[int]) -> dict[int, date | None]:
    if village_ids:  # the participating villages; without participations, every active village
        return {u: joined[u] for u in village_ids}
    return dict.fromkeys(
        Unit.objects.filter(commune_id=campaign.commune_id, kind=UnitKind.VILLAGE, active=True).values_list(
            "pk", flat=True
        )
    )


def load_frame(campaign: Campaign, *, lean: bool = False) -> Frame:
    """The frame of a computation. ``lean`` (unit scope only, on demand): three queries, only
    the indicators with terms (an indicator without terms has no unit row), the participating
    units themselves, no field targets."""
    periods = sorted(Period.objects.filter(campaign=campaign), key=lambda p: (p.end, p.start, p.pk))
    windows = build_windows(campaign, periods)
    terms: dict[int, dict[str, list[int]]] = defaultdict(lambda: {TermRole.NUMERATOR: [], TermRole.DENOMINATOR: []})
    catalogue = Q(indicator__commune__isnull=True) | Q(indicator__commune_id=campaign.commune_id)
    units: dict[int, Unit] = {}
    field_targets: dict[int, set[int]] = {}
    if lean:
        found: dict[int, Indicator] = {}
        aggregation: dict[int, str] = {}
        for term in IndicatorTerm.objects.filter(catalogue).select_related("indicator", "element"):
            found[term.indicator_id] = term.indicator
            terms[term.indicator_id][term.role].append(term.element_id)
            aggregation[term.element_id] = term.element.aggregation
        indicators = sorted(found.values(), key=lambda i: (i.order, i.code))
        joined = {}
        for part in Participation.objects.filter(campaign=campaign).select_related("unit"):
            joined[part.unit_id] = part.joined_on
            units[part.unit_id] = part.unit
        village_ids = [u for u, unit in units.items() if unit.kind == UnitKind.VILLAGE]
    else:
        indicators = list(
            Indicator.objects.filter(Q(commune__isnull=True) | Q(commune_id=campaign.commune_id)).order_by(
                "order", "code"
            )
        )
        for ind_id, el_id, role in IndicatorTerm.objects.filter(indicator__in=indicators).values_list(
            "indicator_id", "element_id", "role"
        ):
            terms[ind_id][role].append(el_id)
        aggregation = dict(DataElement.objects.values_list("pk", "aggregation"))
        joined = dict(Participation.objects.filter(campaign=campaign).values_list("unit_id", "joined_on"))
        village_ids = list(Unit.objects.filter(pk__in=list(joined), kind=UnitKind.VILLAGE).values_list("pk", flat=True))
        for ind_id, field_id in Target.objects.filter(
            campaign=campaign, field__isnull=False, unit__isnull=True
        ).values_list("indicator_id", "field_id"):
            field_targets.setdefault(ind_id, set()).add(field_id)
    villages = _villages(campaign, joined, village_ids)
    return Frame(
        campaign, periods, windows, indicators, dict(terms), aggregation, joined, villages, field_targets, units
    )


def load(
    campaign: Campaign,
    *,
    frame: Frame | None = None,
    unit_ids: Iterable[int] | None = None,
    end_upto: date | None = None,
    element_ids: Iterable[int] | None = None,
    roll_up: bool = False,
) -> CampaignData:
    """The campaign's frame and its counted facts, as series over the windows. ``unit_ids``:
    only these units' facts (on-demand unit rows); ``end_upto``: only periods ending on or
    before that day (the windows up to it are exact, the later ones incomplete).

    ``roll_up`` (a recompute, which stores no unit row): the ``sum`` elements' points are added
    over the units per period (under the pseudo unit ``ROLLED``) once each unit's own rules are
    applied (joined on, a total beats its breakdown), so one series per element is built instead
    of one per unit and element; a ``last`` element stays per unit (each unit's latest period in
    the window), the villages' points stay per village (rule of the village share)."""
    frame = frame or load_frame(campaign)
    periods, windows, aggregation, joined = frame.periods, frame.windows, frame.aggregation, frame.joined
    position = {p.pk: i for i, p in enumerate(periods)}
    period_end = {p.pk: p.end for p in periods}

    # The one GROUP BY pass (rule 2 per element is applied over windows below).
    facts = DataValue.objects.filter(campaign=campaign, counted=True)
    if unit_ids is not None:
        facts = facts.filter(unit_id__in=sorted(set(unit_ids)))
    if end_upto is not None:
        facts = facts.filter(period_id__in=[p.pk for p in periods if p.end <= end_upto])
    if element_ids is not None:
        facts = facts.filter(element_id__in=sorted(set(element_ids)))
    rows = (
        facts.values("period_id", "unit_id", "element_id", "field_id")
        .annotate(total=Sum("value"))
        .values_list("period_id", "unit_id", "element_id", "field_id", "total")
    )
    if connection.vendor == "postgresql":  # numeric arrives as Decimal: skip the row converters
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    totals: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    breakdown: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    fields: dict[tuple[int, int, int], dict[int, Decimal]] = defaultdict(dict)
    for period_id, unit_id, element_id, field_id, value in rows:
        if period_id not in position or value is None:
            continue
        since = joined.get(unit_id)
        if since is not None and period_end[period_id] < since:
            continue  # before the unit joined the campaign
        pos = position[period_id]
        value = Decimal(value)
        if field_id is None:
            totals[(unit_id, element_id)][pos] = value
        else:
            fields[(field_id, unit_id, element_id)][pos] = value
            cell = breakdown[(unit_id, element_id)]
            cell[pos] = cell.get(pos, Decimal(0)) + value
    # a total wins over its breakdown; without a total the breakdown is summed
    for key, points in breakdown.items():
        own = totals[key]
        for pos, value in points.items():
            own.setdefault(pos, value)

    data = CampaignData(campaign, periods, windows, frame.indicators, frame.terms, aggregation)
    data.villages = frame.villages
    data.village_points = {k: v for k, v in totals.items() if k[0] in data.villages}
    if roll_up:
        totals = _rolled(totals, aggregation, element_at=1)
        fields = _rolled(fields, aggregation, element_at=2)
    for key, points in totals.items():
        data.total[key] = series_over_windows(points, aggregation.get(key[1], Aggregation.SUM), windows)
    for key, points in fields.items():
        data.by_field[key] = series_over_windows(points, aggregation.get(key[2], Aggregation.SUM), windows)
    data.field_targets = frame.field_targets
    return data


ROLLED = 0  # the pseudo unit holding the sum over units of a ``sum`` element (``load(roll_up=True)``)


def _rolled(points_of: dict[tuple, dict[int, Decimal]], aggregation: dict[int, str], *, element_at: int) -> dict:
    """Add the units' points of each ``sum`` element together, key by key with the unit
    replaced by ``ROLLED``; ``last`` elements are kept per unit."""
    unit_at = element_at - 1
    out: dict[tuple, dict[int, Decimal]] = {}
    for key, points in points_of.items():
        if aggregation.get(key[element_at], Aggregation.SUM) != Aggregation.SUM:
            out[key] = points
            continue
        rolled = key[:unit_at] + (ROLLED,) + key[unit_at + 1 :]
        acc = out.setdefault(rolled, {})
        for pos, value in points.items():
            acc[pos] = acc[pos] + value if pos in acc else value
    return out


def _element_sum(
    series: dict, keys: list, width: int
) -> list[Decimal | None]:  # Σ of several series, None where none has a value
    acc: list[Decimal | None] = [None] * width
    for key in keys:
        values = series.get(key)
        if values is not None:
            add_into(acc, values)
    return acc


def _month_key(d: date) -> tuple[int, int]:
    return d.year, d.month


def _village_share_cells(
    data: CampaignData, indicator: Indicator, units: list[int]
) -> tuple[list[Decimal | None], list[Decimal | None]]:
    """TL_THON_TUYEN_TRUYEN: villages whose Σ of the numerator elements reaches ``threshold`` in
    every calendar month of the window ÷ villages taking part (docs/design.md section 6).

    A figure belongs to the month its period ends in. A window shorter than a month (a week)
    is judged on its month to date; longer windows on each month they cover, the last month to
    the window's end. Months in which no village reported anything are skipped; a window
    without any village figure has no data. A village counts from the month it joined.
    Returns (numerators, denominators), one per window."""
    elements = data.terms.get(indicator.pk, {}).get(TermRole.NUMERATOR, [])
    threshold = indicator.threshold if indicator.threshold is not None else Decimal(1)
    periods = data.periods
    # (village, month) → [(period end, value)]
    per_month: dict[int, dict[tuple[int, int], list[tuple[date, Decimal]]]] = defaultdict(lambda: defaultdict(list))
    for unit_id in units:
        for el in elements:
            for pos, value in data.village_points.get((unit_id, el), {}).items():
                end = periods[pos].end
                per_month[unit_id][_month_key(end)].append((end, value))
    nums: list[Decimal | None] = []
    dens: list[Decimal | None] = []
    for w in data.windows:
        if w.kind == WindowKind.PERIOD and (w.end - w.start).days < 27:
            first = w.end.replace(day=1)
        elif w.kind in (WindowKind.PERIOD, WindowKind.YEAR):
            first = w.start
        else:
            first = data.campaign.start
        months: list[tuple[int, int]] = []
        y, m = first.year, first.month
        while (y, m) <= _month_key(w.end):
            months.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)

        def month_total(unit_id: int, month: tuple[int, int], first: date = first, w: Window = w) -> Decimal | None:
            points = [v for end, v in per_month[unit_id].get(month, []) if first <= end <= w.end]
            return sum(points, Decimal(0)) if points else None

        totals = {(u, mo): month_total(u, mo) for u in units for mo in months}
        with_data = [mo for mo in months if any(totals[(u, mo)] is not None for u in units)]
        if not with_data:
            nums.append(None)
            dens.append(None)
            continue
        met = counted = 0
        for u in units:
            joined = data.villages.get(u)
            if joined is not None and joined > w.end:
                continue
            own = [mo for mo in with_data if joined is None or mo >= _month_key(joined)]
            if not own:
                continue
            counted += 1
            if all((totals[(u, mo)] or Decimal(0)) >= threshold for mo in own):
                met += 1
        nums.append(Decimal(met) if counted else None)
        dens.append(Decimal(counted) if counted else None)
    return nums, dens


def _cells_of(
    series: dict, keys_num: list, keys_den: list, is_ratio: bool, width: int
) -> tuple[list[Decimal | None], list[Decimal | None] | None] | None:
    """(numerators, denominators) of one scope, one per window, or None when it has no figure."""
    nums = _element_sum(series, keys_num, width)
    if all(v is None for v in nums):  # a denominator alone (another indicator's figure) is no data for this one
        return None
    dens = _element_sum(series, keys_den, width) if is_ratio else None
    return nums, dens


@dataclass
class ScopeResult:
    scope_kind: str
    unit_id: int | None
    field_id: int | None
    nums: list[Decimal | None]  # numerator per window index
    dens: list[Decimal | None] | None  # denominator per window index (None for counts)


def compute_cells(
    data: CampaignData,
    book: TargetBook,
    *,
    scopes: frozenset[str] = ALL_SCOPES,
    unit_ids: set[int] | None = None,
    indicator_ids: set[int] | None = None,
) -> dict[int, list[ScopeResult]]:
    """indicator id → its scopes, each with a numerator (and denominator) per window.

    ``scopes``: which scope kinds (a recompute stores commune and field, ``STORED_SCOPES``;
    unit rows are computed on demand by ``indicators.ondemand`` through this same function).
    ``unit_ids`` / ``indicator_ids`` keep only those units' / indicators' rows (the commune and
    field sums still cover every unit loaded)."""
    want_commune, want_unit, want_field = (
        ScopeKind.COMMUNE in scopes,
        ScopeKind.UNIT in scopes,
        ScopeKind.FIELD in scopes,
    )
    width = len(data.windows)
    empty: list[Decimal | None] = [None] * width
    units = sorted({u for u, _ in data.total})
    field_ids = sorted({f for f, _, _ in data.by_field})
    targeted = book.indicator_ids()
    out: dict[int, list[ScopeResult]] = {}
    row_units = units if unit_ids is None else [u for u in units if u in unit_ids]
    for ind in data.indicators:
        if indicator_ids is not None and ind.pk not in indicator_ids:
            continue
        role = data.terms.get(ind.pk, {TermRole.NUMERATOR: [], TermRole.DENOMINATOR: []})
        num_el, den_el = role[TermRole.NUMERATOR], role[TermRole.DENOMINATOR]
        scopes_of: list[ScopeResult] = []
        if ind.kind == IndicatorKind.VILLAGE_SHARE:
            village_units = sorted(data.villages)
            if want_commune:
                nums, dens = _village_share_cells(data, ind, village_units)
                if any(v is not None for v in nums) or ind.pk in targeted:
                    scopes_of.append(ScopeResult(ScopeKind.COMMUNE, None, None, nums, dens))
            if want_unit:
                for u in village_units:
                    if (unit_ids is None or u in unit_ids) and any((u, el) in data.village_points for el in num_el):
                        scopes_of.append(ScopeResult(ScopeKind.UNIT, u, None, *_village_share_cells(data, ind, [u])))
            out[ind.pk] = scopes_of
            continue
        is_ratio = ind.kind == IndicatorKind.RATIO
        total = data.total

        if want_commune:
            commune = _cells_of(
                total,
                [(u, el) for u in units for el in num_el],
                [(u, el) for u in units for el in den_el],
                is_ratio,
                width,
            )
            if commune is not None or ind.pk in targeted:
                nums, dens = commune if commune is not None else (empty, empty if is_ratio else None)
                scopes_of.append(ScopeResult(ScopeKind.COMMUNE, None, None, nums, dens))
        if want_unit:
            for u in row_units:
                cells = _cells_of(total, [(u, el) for el in num_el], [(u, el) for el in den_el], is_ratio, width)
                if cells is not None:
                    scopes_of.append(ScopeResult(ScopeKind.UNIT, u, None, *cells))
        if not want_field:
            out[ind.pk] = scopes_of
            continue
        own_fields = data.field_targets.get(ind.pk, set())
        for f in sorted(set(field_ids) | own_fields):
            cells = _cells_of(
                data.by_field,
                [(f, u, el) for u in units for el in num_el],
                [(f, u, el) for u in units for el in den_el],
                is_ratio,
                width,
            )
            if cells is None and f not in own_fields:
                continue
            nums, dens = cells if cells is not None else (empty, empty if is_ratio else None)
            scopes_of.append(ScopeResult(ScopeKind.FIELD, None, f, nums, dens))
        out[ind.pk] = scopes_of
    return out


ATTAINMENT_COLUMNS = [
    "campaign_id",
    "indicator_id",
    "window_kind",
    "period_id",
    "start",
    "end",
    "scope_kind",
    "unit_id",
    "field_id",
    "numerator",
    "denominator",
    "value",
    "target",
    "floor",
    "comparator",
    "status",
    "gap",
    "change",
    "projected_value",
    "projected_status",
    "computed_at",
]

_YEAR, _CUMULATIVE = WindowKind.YEAR.value, WindowKind.CUMULATIVE.value


_COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
_DAT, _DAT_TOI_THIEU, _CHUA_DAT, _KHONG = (
    AttainmentStatus.DAT.value,
    AttainmentStatus.DAT_TOI_THIEU.value,
    AttainmentStatus.CHUA_DAT.value,
    AttainmentStatus.KHONG_CO_SO_LIEU.value,
)


def build_rows(
    data: CampaignData,
    book: TargetBook,
    *,
    since: date | None = None,
    now=None,
    scopes: frozenset[str] = STORED_SCOPES,
) -> list[tuple]:  # rows in ATTAINMENT_COLUMNS order
    return list(iter_rows(data, book, since=since, now=now, scopes=scopes))


def iter_rows(
    data: CampaignData,
    book: TargetBook,
    *,
    since: date | None = None,
    now=None,
    scopes: frozenset[str] = STORED_SCOPES,
    keep: Callable[[Window], bool] | None = None,
    unit_ids: set[int] | None = None,
    indicator_ids: set[int] | None = None,
) -> Iterator[tuple]:
    """The result rows (tuples in ATTAINMENT_COLUMNS order), indicator by indicator, scope by
    scope, window by window: streamed, so the writer can send them while the rest is computed.

    ``scopes``: the scope kinds to produce; by default what a recompute stores (commune and
    field). Unit rows (``indicators.ondemand``) come from this same function with
    ``scopes={"unit"}``, ``keep`` (which windows to return; every window is still computed,
    since change and projection look back) and ``unit_ids`` / ``indicator_ids``.

    The same decisions as ``decide`` (rules 3–5) and ``compare``, inlined: this loop runs once
    per stored row (hundreds of thousands at province scale)."""
    now = now or timezone.now()
    campaign = data.campaign
    windows = data.windows
    results = compute_cells(data, book, scopes=scopes, unit_ids=unit_ids, indicator_ids=indicator_ids)
    # what the projection needs: periods of each cadence still to come after a window
    by_cadence: dict[str, list[Period]] = defaultdict(list)
    for p in data.periods:
        by_cadence[p.cadence].append(p)
    flows = {
        ind.pk: all(
            data.aggregation.get(el) == Aggregation.SUM for els in data.terms.get(ind.pk, {}).values() for el in els
        )
        and ind.kind != IndicatorKind.VILLAGE_SHARE
        for ind in data.indicators
    }
    # per window, once: (index, kind, period id, start, end, year, previous, cumulative?, remaining, recent, written?)
    plan = []
    for w in windows:
        remaining = sum(1 for p in by_cadence[w.period.cadence] if p.start > w.end and p.start <= campaign.end)
        cumulative = w.kind == WindowKind.CUMULATIVE
        plan.append(
            (
                w.index,
                str(w.kind),
                w.period.pk,
                w.start,
                w.end,
                w.end.year,
                w.previous,
                cumulative,
                remaining,
                recent_windows(w, windows) if cumulative else None,
                (since is None or w.end >= since) and (keep is None or keep(w)),
            )
        )
    end_year = campaign.end.year
    all_years = sorted({w.end.year for w in windows} | set(range(campaign.start.year, end_year + 1)))
    campaign_id = campaign.pk
    width = len(windows)

    for ind in data.indicators:
        ind_id = ind.pk
        is_ratio = ind.kind != IndicatorKind.COUNT
        is_flow = flows[ind_id]
        for scope in results.get(ind_id, []):
            unit_id, field_id, scope_kind = scope.unit_id, scope.field_id, str(scope.scope_kind)
            nums, dens = scope.nums, scope.dens
            by_year = {y: book.get(ind_id, date(y, 12, 31), unit_id=unit_id, field_id=field_id) for y in all_years}
            end_target = by_year[end_year]
            # the target each window is judged against (rule 6: its window and scope), once
            eff: list[tuple[Decimal, Decimal | None, str] | None] = [None] * width
            roles: list[str] = [FULL] * width
            for index, kind, _p, start, end, year, *_rest in plan:
                t = by_year[year]
                if t is None:
                    continue
                if t.window == TargetWindow.PERIOD:
                    if kind != _YEAR:
                        eff[index] = (t.value, t.floor, t.comparator)
                    continue
                role = window_role(t.window, kind, start, end, campaign.start, campaign.end)
                if role == NONE:
                    continue
                roles[index] = role
                if t.window == TargetWindow.YEAR and kind == _CUMULATIVE:
                    total, floor = yearly_sum(campaign.start.year, year, by_year)
                    if total is not None:
                        eff[index] = (total, floor, t.comparator)
                else:
                    eff[index] = (t.value, t.floor, t.comparator)
            if end_target is not None and end_target.window == TargetWindow.YEAR:
                total, floor = yearly_sum(campaign.start.year, end_year, by_year)
                end_goal = (total, floor) if total is not None else None
            else:
                end_goal = (end_target.value, end_target.floor) if end_target is not None else None
            monotone = is_flow and not is_ratio
            # value and status of every window first (change and projection look back)
            values: list[Decimal | None] = [None] * width
            statuses: list[str] = [_KHONG] * width
            for index, *_rest in plan:
                numerator = nums[index]
                if numerator is None:
                    continue
                if is_ratio:
                    denominator = dens[index] if dens is not None else None
                    if denominator is None or denominator == 0:
                        continue
                    value = (numerator * HUNDRED / denominator).quantize(STORE, rounding=ROUND_HALF_UP)
                    left, scale = numerator * HUNDRED, denominator
                else:
                    value = numerator
                    left, scale = numerator, None
                values[index] = value
                e = eff[index]
                if e is None:
                    continue
                goal, goal_floor, comparator = e
                cmp = _COMPARE[comparator]
                met = cmp(left, goal * scale if scale is not None else goal)
                if roles[index] == PART:
                    statuses[index] = judge_part(met=met, comparator=comparator, monotone=monotone)
                elif met:
                    statuses[index] = _DAT
                elif goal_floor is not None and cmp(left, goal_floor * scale if scale is not None else goal_floor):
                    statuses[index] = _DAT_TOI_THIEU
                else:
                    statuses[index] = _CHUA_DAT
            end_cmp = _COMPARE[end_target.comparator] if end_target is not None else None
            for index, kind, period_id, start, end, year, previous, cumulative, remaining, recent, written in plan:
                if not written:
                    continue
                if kind == _YEAR and (by_year[year] is None or by_year[year].window != TargetWindow.YEAR):
                    continue  # year-to-date rows only where a "mỗi năm" target reads them
                value, e = values[index], eff[index]
                prev = values[previous] if previous is not None else None
                projected_value, projected_status = None, ""
                if cumulative and value is not None:
                    projected_value = project(
                        index=index,
                        recent=recent,
                        nums=nums,
                        dens=dens,
                        values=values,
                        remaining=remaining,
                        is_ratio=is_ratio,
                        flows=is_flow,
                    )
                    if projected_value is not None and end_cmp is not None and end_goal is not None:
                        if end_cmp(projected_value, end_goal[0]):
                            projected_status = _DAT
                        elif end_goal[1] is not None and end_cmp(projected_value, end_goal[1]):
                            projected_status = _DAT_TOI_THIEU
                        else:
                            projected_status = _CHUA_DAT
                yield (
                    campaign_id,
                    ind_id,
                    kind,
                    period_id,
                    start,
                    end,
                    scope_kind,
                    unit_id,
                    field_id,
                    nums[index],
                    dens[index] if (is_ratio and dens is not None) else None,
                    value,
                    e[0] if e else None,
                    e[1] if e else None,
                    e[2] if e else "",
                    statuses[index],
                    value - e[0] if (value is not None and e is not None) else None,
                    value - prev if (value is not None and prev is not None) else None,
                    projected_value,
                    projected_status,
                    now,
                )
