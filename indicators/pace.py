"""Required pace (beyond the plans, issue 12 item 8): how much is still needed to reach the target
by the end of the target's window, beside the projection ("cần thêm 38 hồ sơ trực tuyến trong 2
tuần còn lại").

Exact arithmetic (``Fraction``); a number of dossiers, sessions or initiatives is rounded UP
when it is needed and DOWN when it is an allowance (a lower-is-better target):

* count, ≥ T: needed = T − N; > T: the smallest whole number above T, minus N.
* count, ≤ T: allowed = T − N more; < T: the largest whole number below T, minus N.
* ratio, ≥ T: the denominator expected by the end is D + d̄ × R (d̄ = the average denominator
  of the last ``PACE_PERIODS`` periods, missing periods as 0, like the projection); needed =
  T × D_end / 100 − N. When needed exceeds d̄ × R (more online dossiers than dossiers expected)
  the target cannot be reached at that pace (``reachable`` False).
* ratio, ≤ T: allowed = T × D_end / 100 − N more (dossiers supplemented more than once, …).
* a ratio of stocks (TTHC offered toàn trình ÷ TTHC eligible, people using DVC ÷ adults): the
  denominator is a state, not a flow: needed = T × D / 100 − N, with no expectation.

R is the number of periods of the row's cadence still to start before the end of the target's
window: the campaign's end, or the calendar year's for a "mỗi năm" target. Nothing is computed
for a closed campaign or a row without a target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .formatting import number_text
from .projection import PACE_PERIODS

CADENCE_WORDS = {
    "weekly": "tuần",
    "monthly": "tháng",
    "quarterly": "quý",
    "half_yearly": "kỳ 6 tháng",
    "yearly": "năm",
    "survey": "đợt",
}


@dataclass(frozen=True)
class Pace:
    mode: str  # "need": still to reach (≥ >); "allow": still allowed (≤ <)
    amount: int  # whole items needed (rounded up) or still allowed (rounded down, ≥ 0)
    remaining: int  # periods left before the end of the target's window
    per_period: int | None  # needed per remaining period, rounded up (None: no period left)
    expected_denominator: Fraction | None  # ratios: the denominator expected by the end
    reachable: bool
    text: str


def _whole_above(x: Fraction) -> int:
    return math.floor(x) + 1


def _whole_below(x: Fraction) -> int:
    return math.ceil(x) - 1


def required(
    *,
    comparator: str,
    target: Decimal,
    numerator: Decimal,
    denominator: Decimal | None,
    is_ratio: bool,
    remaining: int,
    recent_denominators: list[Decimal | None],
    what: str = "",
    of_what: str = "",
    until: str = "hết kế hoạch",
    cadence: str = "weekly",
    stock: bool = False,
) -> Pace:
    """The pace for one cumulative (or year-to-date) row; see the module docstring."""
    t, n = Fraction(target), Fraction(numerator)
    expected = None
    if is_ratio and stock:  # a state (TTHC offered, people): the denominator stays as it is
        expected = None
        goal, room = t * Fraction(denominator or 0) / 100, None
    elif is_ratio:
        d = Fraction(denominator or 0)
        per = sum((Fraction(v) for v in recent_denominators if v is not None), Fraction(0))
        d_bar = per / len(recent_denominators) if recent_denominators else Fraction(0)
        expected = d + d_bar * remaining
        goal = t * expected / 100
        room = d_bar * remaining  # new items the new denominators can hold
    else:
        goal, room = t, None
    if comparator in (">=", ">"):
        mode = "need"
        reach = math.ceil(goal) if comparator == ">=" else _whole_above(goal)
        amount = max(0, math.ceil(reach - n))
        reachable = room is None or amount <= room
    else:
        mode = "allow"
        limit = math.floor(goal) if comparator == "<=" else _whole_below(goal)
        amount = max(0, math.floor(limit - n))
        reachable = limit >= n
    per_period = math.ceil(Fraction(amount, remaining)) if remaining > 0 else None
    text = _text(mode, amount, remaining, per_period, expected, reachable, what, cadence, of_what, until)
    return Pace(mode, amount, remaining, per_period, expected, reachable, text)


def _num(x: int) -> str:
    return number_text(Decimal(x), 0)


def _text(mode, amount, remaining, per_period, expected, reachable, what, cadence, of_what, until) -> str:
    word = CADENCE_WORDS.get(cadence, "kỳ")
    what = f" {what}" if what else ""
    left = f"trong {remaining} {word} còn lại đến {until}" if remaining else f"(không còn kỳ báo cáo nào đến {until})"
    if mode == "need":
        if amount == 0:
            return "Đã đủ để đạt chỉ tiêu; giữ nhịp hiện tại."
        text = f"Cần thêm {_num(amount)}{what} {left}"
        if per_period is not None and remaining > 1:
            text += f", bình quân {_num(per_period)} mỗi {word}"
        if expected is not None:
            text += f" (trên khoảng {_num(math.ceil(expected))} {of_what or 'lượt'} dự kiến)"
        if not reachable:
            text += "; với nhịp hiện tại không thể đạt"
        return text + "."
    if not reachable:
        return f"Đã vượt mức cho phép{what}."
    return f"Còn được phép thêm tối đa {_num(amount)}{what} {left}."


def remaining_periods(period_starts: list[date], after: date, horizon: date) -> int:
    """Periods of one cadence that start after ``after`` and on or before ``horizon``."""
    return sum(1 for s in period_starts if after < s <= horizon)


__all__ = ["PACE_PERIODS", "Pace", "remaining_periods", "required"]
