"""The target in force (docs/design.md rule 6). ``target_for`` / ``TargetBook`` are the only way
anything reads a target.

* A target holds for the whole campaign (``value``), or has yearly milestones: a year between
  two milestones takes the linear interpolation, after the last the last holds, before the
  first the first. Interpolated values are rounded half-up to 2 decimals (what is shown is
  what is compared).
* A floor (tối thiểu) may sit beside the stretch value; reaching only the floor is its own
  status. Milestone floors interpolate like values; a milestone without a floor falls back
  to the target's own floor.
* Scope (rule 6). A rate target of the commune (``applies_to`` auto) holds for every unit and
  field without a target of its own. A count target is the commune's total and binds no unit
  or field, unless it says it holds for each unit (of a kind: "mỗi thôn", "mỗi phòng") or
  names the unit. A unit's own named target wins over an each-unit target of its kind, which
  wins over an each-unit target of every kind, which wins over the commune's rate target.
* Window (rule 6). ``TargetInForce.window`` says on what window the target is judged; the
  decision is ``indicators.rules.judge``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .models import IndicatorKind, Target, TargetAppliesTo, TargetWindow

CENT = Decimal("0.01")


@dataclass(frozen=True)
class TargetInForce:
    comparator: str  # ">=", ">", "<=", "<"
    value: Decimal
    floor: Decimal | None
    target_id: int
    scope: str  # "commune", "unit" or "field": whose target it is
    window: str = TargetWindow.PERIOD  # on what window it is judged (TargetWindow)


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


def binds_units(target: Target, indicator_kind: str) -> bool:
    """Does a commune target (no unit, no field) hold for the units and fields too? A rate does,
    a count is the commune's total (rule 6)."""
    return target.applies_to == TargetAppliesTo.AUTO and indicator_kind != IndicatorKind.COUNT


class TargetBook:
    """Every target of one campaign, loaded in two queries (three with each-unit targets: the
    units' kinds), answering ``get`` in memory."""

    def __init__(self, campaign) -> None:
        self.campaign = campaign
        self._by_key: dict[tuple[int, int | None, int | None], tuple[Target, list]] = {}
        self._each: dict[int, dict[str, tuple[Target, list]]] = defaultdict(dict)  # indicator → kind ("" = all)
        self._kind: dict[int, str] = {}  # indicator → IndicatorKind
        targets = list(
            Target.objects.filter(campaign=campaign).select_related("indicator").prefetch_related("milestones")
        )
        for t in targets:
            milestones = sorted(t.milestones.all(), key=lambda m: m.year)
            self._kind[t.indicator_id] = t.indicator.kind
            if t.applies_to == TargetAppliesTo.EACH_UNIT and t.unit_id is None and t.field_id is None:
                self._each[t.indicator_id].setdefault(t.unit_kind, (t, milestones))
                continue
            # the first target defined for a key wins (forms refuse duplicates)
            self._by_key.setdefault((t.indicator_id, t.unit_id, t.field_id), (t, milestones))
        # read now, not on first use: the engine asks while its rows stream into PostgreSQL's COPY,
        # and a query on the same connection in the middle of a COPY waits forever
        self._unit_kinds: dict[int, str] = {}
        if self._each:
            from org.models import Unit

            self._unit_kinds = dict(Unit.objects.filter(commune_id=self.campaign.commune_id).values_list("pk", "kind"))

    def _kind_of(self, unit_id: int) -> str:
        return self._unit_kinds.get(unit_id, "")

    def indicator_ids(self) -> set[int]:
        return {key[0] for key in self._by_key} | set(self._each)

    def has_own(self, indicator_id: int, *, unit_id: int | None = None, field_id: int | None = None) -> bool:
        return (indicator_id, unit_id, field_id) in self._by_key

    def find(
        self, indicator_id: int, *, unit_id: int | None = None, field_id: int | None = None
    ) -> tuple[Target, list, str] | None:
        """(target, milestones, whose) binding this scope, by the scope rules above."""
        commune = self._by_key.get((indicator_id, None, None))
        if unit_id is None and field_id is None:
            return (*commune, "commune") if commune is not None else None
        if unit_id is not None:
            own = self._by_key.get((indicator_id, unit_id, None))
            if own is not None:
                return (*own, "unit")
            each = self._each.get(indicator_id)
            if each:
                found = each.get(self._kind_of(unit_id)) or each.get("")
                if found is not None:
                    return (*found, "unit")
        else:
            own = self._by_key.get((indicator_id, None, field_id))
            if own is not None:
                return (*own, "field")
        if commune is not None and binds_units(commune[0], self._kind.get(indicator_id, "")):
            return (*commune, "commune")
        return None

    def get(
        self, indicator_id: int, on: date, *, unit_id: int | None = None, field_id: int | None = None
    ) -> TargetInForce | None:
        found = self.find(indicator_id, unit_id=unit_id, field_id=field_id)
        if found is None:
            return None
        target, milestones, scope = found
        value, floor = value_in_year(target, milestones, on.year)
        if value is None:
            return None
        return TargetInForce(
            comparator=target.comparator,
            value=value,
            floor=floor,
            target_id=target.pk,
            scope=scope,
            window=target.window,
        )


def target_for(*, campaign, indicator, on, unit=None, field=None) -> TargetInForce | None:
    """The target of ``indicator`` in ``campaign`` in force on ``on`` (a date, or a period:
    its last day) for the commune, or for ``unit`` / ``field``; ``None`` when there is none."""
    day = getattr(on, "end", on)
    return TargetBook(campaign).get(
        indicator.pk, day, unit_id=getattr(unit, "pk", None), field_id=getattr(field, "pk", None)
    )
