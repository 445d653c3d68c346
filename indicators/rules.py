"""The engine's decisions (rules 3–5) and its windows: which periods a window holds and the
value of one series in every window (rule 2 over time). Pure functions, no database; the
computation that uses them is ``indicators.engine`` (its docstring is the specification).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from campaigns.models import Cadence, Campaign, Period

from .models import Aggregation, AttainmentStatus, TargetWindow, WindowKind
from .targets import TargetInForce

HUNDRED = Decimal(100)
STORE = Decimal("0.0001")


# ------------------------------------------------------------------ decisions (rules 3–5)


def compare(comparator: str, left: Decimal, right: Decimal) -> bool:
    if comparator == ">=":
        return left >= right
    if comparator == ">":
        return left > right
    if comparator == "<=":
        return left <= right
    if comparator == "<":
        return left < right
    raise ValueError(f"unknown comparator {comparator!r}")


def ratio_value(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (numerator * HUNDRED / denominator).quantize(STORE, rounding=ROUND_HALF_UP)


def decide(
    *, is_ratio: bool, numerator: Decimal | None, denominator: Decimal | None, target: TargetInForce | None
) -> tuple[Decimal | None, str]:
    """(value, status) of one cell. Exact: numerator × 100 vs target × denominator (rule 4)."""
    if numerator is None:
        return None, AttainmentStatus.KHONG_CO_SO_LIEU
    if is_ratio:
        if denominator is None or denominator == 0:
            return None, AttainmentStatus.KHONG_CO_SO_LIEU
        value = ratio_value(numerator, denominator)
        left, scale = numerator * HUNDRED, denominator
    else:
        value = numerator
        left, scale = numerator, Decimal(1)
    if target is None:
        return value, AttainmentStatus.KHONG_CO_SO_LIEU
    if compare(target.comparator, left, target.value * scale):
        return value, AttainmentStatus.DAT
    if target.floor is not None and compare(target.comparator, left, target.floor * scale):
        return value, AttainmentStatus.DAT_TOI_THIEU
    return value, AttainmentStatus.CHUA_DAT


# ------------------------------------------------------------------ target windows (rule 6)

FULL, PART, NONE = "full", "part", "none"


def _calendar_bounds(window: str, day: date) -> tuple[date, date]:
    """The calendar month, quarter or year containing ``day``."""
    if window == TargetWindow.MONTH:
        first = day.replace(day=1)
        nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    elif window == TargetWindow.QUARTER:
        q = (day.month - 1) // 3
        first = date(day.year, 3 * q + 1, 1)
        nxt = date(day.year + 1, 1, 1) if q == 3 else date(day.year, 3 * q + 4, 1)
    else:
        first, nxt = date(day.year, 1, 1), date(day.year + 1, 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)


def window_role(
    target_window: str, window_kind: str, start: date, end: date, campaign_start: date, campaign_end: date
) -> str:
    """How a target judged on ``target_window`` reads one engine window [start, end]:

    * ``full``: the window is the target's window (a calendar year, quarter or month clipped to
      the campaign; the campaign to date at its end; any window for a per-period target):
      đạt, đạt mức tối thiểu or chưa đạt.
    * ``part``: the window is part of the target's window, still running or a piece of it: đạt
      once the target is reached, chưa đạt only when it can no longer be reached (a ≤ count
      already above), otherwise ``chua_het_ky``. A quarter never fails a yearly target.
    * ``none``: the target says nothing about this window (a quarter for a monthly target).

    A cumulative window of a yearly target is ``full`` or ``part`` against the SUM of the years'
    targets it covers (``yearly_sum``): "≥ 2 mỗi năm" from 2026 to 2030 needs 10 by 2030."""
    if target_window == TargetWindow.PERIOD:
        return NONE if window_kind == WindowKind.YEAR else FULL
    if target_window == TargetWindow.CAMPAIGN:
        return FULL if (window_kind == WindowKind.CUMULATIVE and end >= campaign_end) else PART
    first, last = _calendar_bounds(target_window, end)
    first, last = max(first, campaign_start), min(last, campaign_end)
    if target_window == TargetWindow.YEAR and window_kind == WindowKind.CUMULATIVE:
        return FULL if end >= last else PART
    if start < first:
        return NONE  # the window reaches back into an earlier calendar window of the target
    return FULL if (start == first and end >= last) else PART  # Q4 alone is a piece of its year


def yearly_sum(
    first_year: int, last_year: int, by_year: dict[int, TargetInForce | None]
) -> tuple[Decimal | None, Decimal | None]:
    """(Σ value, Σ floor) of a yearly target over the years a cumulative window covers;
    ``by_year`` gives each year's target in force. A floor counts only if every year has one."""
    total, floors, all_floors = Decimal(0), Decimal(0), True
    seen = False
    for y in range(first_year, last_year + 1):
        t = by_year.get(y)
        if t is None:
            continue
        value, floor = t.value, t.floor
        seen = True
        total += value
        if floor is None:
            all_floors = False
        else:
            floors += floor
    if not seen:
        return None, None
    return total, (floors if all_floors else None)


def judge_part(*, met: bool, comparator: str, monotone: bool) -> str:
    """The status of a ``part`` window: reached is đạt; a ≤ / < target already exceeded by a
    figure that only grows (a count of flows) cannot be reached any more; otherwise the
    window's target is not due yet (``chua_het_ky``)."""
    if met:
        return AttainmentStatus.DAT
    if monotone and comparator in ("<=", "<"):
        return AttainmentStatus.CHUA_DAT
    return AttainmentStatus.CHUA_HET_KY


# ------------------------------------------------------------------ windows


@dataclass
class Window:
    index: int
    kind: str
    period: Period
    start: date
    end: date
    members: list[int]  # positions in the sorted period list (period windows): flows
    upto: int  # last position whose period ends on or before ``end`` (cumulative windows)
    previous: int | None = None  # the window of the same kind for the previous period of the cadence
    # positions of every period ending inside the window, whatever its length: a stock is the
    # state on its period's last day, so it belongs to any window containing that day
    stock_members: list[int] = field(default_factory=list)


def build_windows(campaign: Campaign, periods: list[Period]) -> list[Window]:
    """``periods`` sorted by (end, start). Two windows per reporting period: the period, and
    cumulative. A Mẫu 02 survey round's period opens no window of its own: its figures (stocks)
    count in the reporting windows that contain its last day."""
    windows: list[Window] = []
    ends = [p.end for p in periods]
    by_cadence: dict[str, list[int]] = defaultdict(list)
    for p in sorted(range(len(periods)), key=lambda k: periods[k].start):
        if periods[p].cadence != Cadence.SURVEY:
            by_cadence[periods[p].cadence].append(p)
    prev_of: dict[int, int | None] = {}
    for positions in by_cadence.values():
        for j, pos in enumerate(positions):
            prev_of[pos] = positions[j - 1] if j else None
    base: dict[int, int] = {}  # period position → index of its period window (cumulative: +1)
    position_of: list[int] = []
    upto = -1
    for i, p in enumerate(periods):
        while upto + 1 < len(periods) and ends[upto + 1] <= p.end:
            upto += 1
        if p.cadence == Cadence.SURVEY:
            continue
        length = p.end - p.start
        members = [
            j for j in range(i, -1, -1) if p.start <= ends[j] <= p.end and periods[j].end - periods[j].start <= length
        ]
        members += [
            j
            for j in range(i + 1, len(periods))
            if ends[j] <= p.end and p.start <= ends[j] and periods[j].end - periods[j].start <= length
        ]
        stock_members = [j for j in range(len(periods)) if p.start <= ends[j] <= p.end]
        b = len(windows)
        base[i] = b
        windows.append(Window(b, WindowKind.PERIOD, p, p.start, p.end, sorted(members), upto, None, stock_members))
        windows.append(Window(b + 1, WindowKind.CUMULATIVE, p, campaign.start, p.end, [], upto))
        position_of += [i, i]
    for w in windows:
        pos = position_of[w.index]
        prev = prev_of.get(pos)
        w.previous = None if prev is None else base[prev] + (w.index - base[pos])
    # year to date (for "mỗi năm" targets), one per distinct end, when the year starts after the
    # campaign (otherwise the cumulative window is the year to date)
    seen_ends: set[date] = set()
    for i, p in enumerate(periods):
        if p.cadence == Cadence.SURVEY or p.end in seen_ends:
            continue
        year_start = date(p.end.year, 1, 1)
        if year_start <= campaign.start:
            continue
        seen_ends.add(p.end)
        members = [j for j in range(len(periods)) if year_start <= ends[j] <= p.end]
        upto = max(members) if members else i
        windows.append(Window(len(windows), WindowKind.YEAR, p, year_start, p.end, members, upto, None, members))
    return windows


# ------------------------------------------------------------------ series over windows


def series_over_windows(points: dict[int, Decimal], aggregation: str, windows: list[Window]) -> list[Decimal | None]:
    """One series' value in every window: Σ of its periods (sum) or its latest period (last)."""
    out: list[Decimal | None] = [None] * len(windows)
    ordered = sorted(points.items())
    # cumulative windows: their ``upto`` grows with the window order, walk once
    k, running, last = 0, Decimal(0), None
    seen = False
    for w in windows:
        if w.kind == WindowKind.CUMULATIVE:
            while k < len(ordered) and ordered[k][0] <= w.upto:
                running += ordered[k][1]
                last = ordered[k][1]
                seen = True
                k += 1
            if seen:
                out[w.index] = running if aggregation == Aggregation.SUM else last
        else:
            if aggregation == Aggregation.SUM:
                present = [points[m] for m in w.members if m in points]
                if present:
                    out[w.index] = sum(present, Decimal(0))
            else:
                present = [points[m] for m in w.stock_members if m in points]
                if present:
                    out[w.index] = present[-1]  # positions are sorted by (end, start): the latest
    return out


def add_into(acc: list[Decimal | None], values: list[Decimal | None]) -> None:
    for i, v in enumerate(values):
        if v is not None:
            acc[i] = v if acc[i] is None else acc[i] + v
