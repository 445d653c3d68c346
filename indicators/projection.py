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
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
STORE = Decimal("0.0001")
PACE_PERIODS = 4


def _recent(window, windows) -> list[int]:
    """Indexes of the period windows of the last PACE_PERIODS periods of the cadence, newest first."""
    out: list[int] = []
    index: int | None = window.index - 1  # the period window of the same period
    while index is not None and len(out) < PACE_PERIODS:
        out.append(index)
        index = windows[index].previous
    return out


def project(*, window, windows, cells, values, remaining: int, is_ratio: bool, flows: bool) -> Decimal | None:
    value = values[window.index]
    if value is None:
        return None
    if remaining <= 0:
        return value
    recent = _recent(window, windows)
    if not recent:
        return value
    rest = Decimal(remaining)
    if flows:
        k = Decimal(len(recent))
        n = sum((cells[i].numerator or Decimal(0) for i in recent), Decimal(0))
        cumulative = cells[window.index]
        projected_num = cumulative.numerator + n / k * rest
        if not is_ratio:
            return projected_num.quantize(STORE, rounding=ROUND_HALF_UP)
        d = sum((cells[i].denominator or Decimal(0) for i in recent), Decimal(0))
        projected_den = (cumulative.denominator or Decimal(0)) + d / k * rest
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
    projected = max(projected, Decimal(0))
    if ceiling is not None:
        projected = min(projected, ceiling)
    return projected.quantize(STORE, rounding=ROUND_HALF_UP)
