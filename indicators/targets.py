"""The target in force (docs/design.md rule 6). ``target_for`` / ``TargetBook`` are the only way
anything reads a target.

* A target holds for the whole campaign (``value``), or has yearly milestones: a year between
  two milestones takes the linear interpolation, after the last the last holds, before the
  first the first. Interpolated values are rounded half-up to 2 decimals (what is shown is
  what is compared).
* A floor (tối thiểu) may sit beside the stretch value; reaching only the floor is its own
  status. Milestone floors interpolate like values; a milestone without a floor falls back
  to the target's own floor.
* A unit or field without a target of its own is held to the commune's target; a target of
  its own replaces it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .models import Target

CENT = Decimal("0.01")


@dataclass(frozen=True)
class TargetInForce:
    comparator: str  # ">=", ">", "<=", "<"
    value: Decimal
    floor: Decimal | None
    target_id: int
    scope: str  # "commune", "unit" or "field": whose target it is


def _interpolate(points: list[tuple[int, Decimal | None]], year: int) -> Decimal | None:
    points = [(y, v) for y, v in points if v is not None]
    if not points:
        return None
    if year <= points[0][0]:
        return points[0][1]
    if year >= points[-1][0]:
        return points[-1][1]
    for (y0, v0), (y1, v1) in zip(points, points[1:], strict=False):
        if y0 <= year <= y1:
            value = v0 + (v1 - v0) * Decimal(year - y0) / Decimal(y1 - y0)
            return value.quantize(CENT, rounding=ROUND_HALF_UP)
    return points[-1][1]  # unreachable: points are sorted


def value_in_year(target: Target, milestones: list, year: int) -> tuple[Decimal | None, Decimal | None]:
    """(value, floor) of ``target`` in ``year``; ``milestones`` sorted by year."""
    if not milestones:
        return target.value, target.floor
    value = _interpolate([(m.year, m.value) for m in milestones], year)
    if any(m.floor is not None for m in milestones):
        floor = _interpolate([(m.year, m.floor) for m in milestones], year)
    else:
        floor = target.floor
    return value, floor


class TargetBook:
    """Every target of one campaign, loaded in two queries, answering ``get`` in memory."""

    def __init__(self, campaign) -> None:
        self.campaign = campaign
        self._by_key: dict[tuple[int, int | None, int | None], tuple[Target, list]] = {}
        milestones: dict[int, list] = defaultdict(list)
        targets = list(Target.objects.filter(campaign=campaign).prefetch_related("milestones"))
        for t in targets:
            milestones[t.pk] = sorted(t.milestones.all(), key=lambda m: m.year)
            # the first target defined for a key wins (forms refuse duplicates)
            self._by_key.setdefault((t.indicator_id, t.unit_id, t.field_id), (t, milestones[t.pk]))

    def indicator_ids(self) -> set[int]:
        return {key[0] for key in self._by_key}

    def has_own(self, indicator_id: int, *, unit_id: int | None = None, field_id: int | None = None) -> bool:
        return (indicator_id, unit_id, field_id) in self._by_key

    def get(
        self, indicator_id: int, on: date, *, unit_id: int | None = None, field_id: int | None = None
    ) -> TargetInForce | None:
        scope = "commune"
        found = None
        if unit_id is not None:
            found = self._by_key.get((indicator_id, unit_id, None))
            scope = "unit"
        elif field_id is not None:
            found = self._by_key.get((indicator_id, None, field_id))
            scope = "field"
        if found is None:
            found = self._by_key.get((indicator_id, None, None))
            scope = "commune"
        if found is None:
            return None
        target, milestones = found
        value, floor = value_in_year(target, milestones, on.year)
        if value is None:
            return None
        return TargetInForce(comparator=target.comparator, value=value, floor=floor, target_id=target.pk, scope=scope)


def target_for(*, campaign, indicator, on, unit=None, field=None) -> TargetInForce | None:
    """The target of ``indicator`` in ``campaign`` in force on ``on`` (a date, or a period:
    its last day) for the commune, or for ``unit`` / ``field``; ``None`` when there is none."""
    day = getattr(on, "end", on)
    return TargetBook(campaign).get(
        indicator.pk, day, unit_id=getattr(unit, "pk", None), field_id=getattr(field, "pk", None)
    )
