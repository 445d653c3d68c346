"""Projection (beyond the plans): where an indicator ends at the current pace ("dự báo").

Kept simple on purpose, and computed for cumulative windows only:

* **Flows** (every element of the indicator sums over time): the pace is the average numerator
  and denominator per period over the last ``PACE_PERIODS`` periods of the window's cadence
  (periods without figures count as zero). The rest of the campaign (``remaining`` periods of
  that cadence) is assumed to run at that pace:
  ratio → (N + n̄ × R) × 100 / (D + d̄ × R); count → N + n̄ × R.
* **Stocks and village shares**: a straight line through the first and last period values
  with data among the last ``PACE_PERIODS`` periods, extended by R periods, kept within
  [0, 100] for ratios (or the current value if above 100) and ≥ 0 for counts.
* With no period left, the projection is the value itself.

The projected value is compared with the target in force at the campaign's end (rule 6).

The engine calls ``project`` once per cumulative row (millions at province scale), so it takes
plain lists (numerators, denominators and values per window index) and the window's ``recent``
period windows precomputed once per campaign by ``recent_windows``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
STORE = Decimal("0.0001")
ZERO = Decimal(0)
PACE_PERIODS = 4


def recent_windows(window, windows) -> list[int]:
    """Indexes of the period windows of the last PACE_PERIODS periods of the cadence, newest first."""
    out: list[int] = []
    index: int | None = window.index - 1  # the period window of the same period
    while index is not None and len(out) < PACE_PERIODS:
        out.append(index)
        index = windows[index].previous
    return out


def project(
    *,
    index: int,
    recent: list[int],
    nums: list,
    dens: list | None,
    values: list,
    remaining: int,
    is_ratio: bool,
    flows: bool,
) -> Decimal | None:
    """The projected value of the cumulative window ``index`` (None without a value)."""
    value = values[index]
    if value is None:
        return None
    if remaining <= 0 or not recent:
        return value
    rest = Decimal(remaining)
    if flows:
        k = Decimal(len(recent))
        n = ZERO
        for i in recent:
            v = nums[i]
            if v is not None:
                n += v
        projected_num = nums[index] + n / k * rest
        if not is_ratio:
            return projected_num.quantize(STORE, rounding=ROUND_HALF_UP)
        d = ZERO
        for i in recent:
            v = dens[i]
            if v is not None:
                d += v
        projected_den = (dens[index] or ZERO) + d / k * rest
        if projected_den <= 0:
            return None
        return (projected_num * HUNDRED / projected_den).quantize(STORE, rounding=ROUND_HALF_UP)
    points = [(step, values[i]) for step, i in enumerate(reversed(recent)) if values[i] is not None]
    if len(points) < 2:
        return value
    (s0, v0), (s1, v1) = points[0], points[-1]
    slope = (v1 - v0) / Decimal(s1 - s0)
    projected = value + slope * rest
    ceiling = max(HUNDRED, value) if is_ratio else None
    projected = max(projected, ZERO)
    if ceiling is not None:
        projected = min(projected, ceiling)
    return projected.quantize(STORE, rounding=ROUND_HALF_UP)
