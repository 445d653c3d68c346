"""The QĐ 766 estimate per unit, where the figures allow (issue 18, part 1): each unit's own
figures for the year to date through the same scoring (``indicators.qd766.estimate``), shown as
the points it earns on the sub-indicators it has figures for, out of their maxima — a unit
reports only part of the index, so its points are not put on the 100-point scale or banded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from org.models import Commune, Unit

from .models import DataValue
from .qd766 import Estimate, commune_figures, element_codes, estimate, month_end, table_for, terms_for


@dataclass(frozen=True)
class UnitEstimate:
    unit: Unit
    estimate: Estimate

    @property
    def points(self) -> Fraction:
        return sum((i.points for i in self.estimate.items if i.points is not None), Fraction(0))

    @property
    def possible(self) -> Decimal:
        """The maxima of the sub-indicators the unit has figures for."""
        return sum((i.line.max_points for i in self.estimate.items if i.has_data), Decimal(0))


def unit_estimates(*, commune: Commune, year: int, month: int) -> list[UnitEstimate]:
    """Each unit with figures in the year to date, the most points first (then by name)."""
    table = table_for(commune=commune, year=year)
    terms = terms_for({line.indicator_code for line in table if line.indicator_code}, commune)
    codes = element_codes(terms)
    start, end = date(year, 1, 1), month_end(year, month)
    unit_ids = set(
        DataValue.objects.filter(
            counted=True, unit__commune=commune, element__code__in=codes, period__end__gte=start, period__end__lte=end
        ).values_list("unit_id", flat=True)
    )
    out = []
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("name"):
        figures = commune_figures(commune=commune, start=start, end=end, codes=codes, unit_ids={unit.pk})
        est = estimate(table, terms, figures, start=start, end=end)
        if est.items_with_data:
            out.append(UnitEstimate(unit, est))
    return sorted(out, key=lambda u: (-(u.points / Fraction(u.possible)) if u.possible else 0, u.unit.name))
