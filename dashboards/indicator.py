"""One indicator's page (issue 15, drill-down): where a tile's number comes from.

The commune's value at the chosen period and window, its numerator and denominator, the target in
force with the plan's words, the trend with the target line, the units' breakdown (whose sums give
back the commune's numerator and denominator: ratio of sums, docs/design.md rule 1), the fields'
breakdown, and the reports that fed the chosen period, each a link. Every number is the engine's
stored row or a raw fact; the only arithmetic here is adding the units' numerators and denominators
to show that they make the commune's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from campaigns.models import Campaign, Period
from indicators.formatting import pct_value
from indicators.models import (
    Attainment,
    DataValue,
    Indicator,
    IndicatorTerm,
    ScopeKind,
    SourceKind,
    Target,
    WindowKind,
)
from indicators.ondemand import unit_rows
from org.models import Unit
from reporting.models import UnitReport

from .tiles import COMPARATOR_SIGNS, latest_closed, primary_cadence, tiles_for


@dataclass
class FedBy:
    """One unit's facts of the chosen period for this indicator, and the report they came from."""

    unit: Unit
    report: UnitReport | None
    source_label: str
    values: list[tuple[str, Decimal]]  # (element name, value)


def indicator_page(*, campaign: Campaign, indicator: Indicator, period_id: int | None, cumulative: bool, now=None):
    """Everything the indicator's page shows, in a fixed number of queries (seven)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    window = WindowKind.CUMULATIVE if cumulative else WindowKind.PERIOD
    commune_rows = list(
        Attainment.objects.filter(campaign=campaign, indicator=indicator, scope_kind=ScopeKind.COMMUNE)
        .select_related("indicator", "period")
        .order_by("period__start")
    )
    all_periods = sorted({r.period_id: r.period for r in commune_rows}.values(), key=lambda p: (p.start, p.cadence))
    cadence = primary_cadence(all_periods)
    selected = next((p for p in all_periods if p.pk == period_id), None)
    period_invalid = period_id is not None and selected is None
    if selected is None:
        selected = latest_closed([p for p in all_periods if p.cadence == cadence], today)
    periods = [p for p in all_periods if selected is None or p.cadence == selected.cadence]
    tiles = tiles_for(
        [r for r in commune_rows if selected is None or r.period.cadence == selected.cadence],
        periods=periods,
        selected=selected,
        cumulative=cumulative,
    )
    tile = tiles[0] if tiles else None
    row = next((r for r in commune_rows if selected and r.period_id == selected.pk and r.window_kind == window), None)

    units, fields = [], []
    if selected is not None:
        fields = list(
            Attainment.objects.filter(
                campaign=campaign,
                indicator=indicator,
                period=selected,
                window_kind=window,
                scope_kind=ScopeKind.FIELD,
            )
            .select_related("unit", "field")
            .order_by("field__code")
        )
        # unit rows are computed on demand (issue 19), by the engine's own code
        units = unit_rows(campaign, indicator_ids=[indicator.pk], period_ids=[selected.pk], window_kinds=[window])
    units.sort(key=lambda r: (r.value is None, -(r.value or 0), r.unit.name))
    sums = _sums(units) if indicator.is_ratio else None

    targets = list(
        Target.objects.filter(campaign=campaign, indicator=indicator)
        .select_related("unit", "field")
        .prefetch_related("milestones")
        .order_by("unit__name", "field__code")
    )
    return {
        "campaign": campaign,
        "indicator": indicator,
        "selected_period": selected,
        "period_invalid": period_invalid,
        "periods": periods,
        "cumulative": cumulative,
        "row": row,
        "comparator_sign": COMPARATOR_SIGNS.get(row.comparator, row.comparator) if row else "",
        "tile": tile,
        "units": units,
        "unit_sums": sums,
        "fields": fields,
        "targets": targets,
        "fed_by": _fed_by(campaign=campaign, indicator=indicator, period=selected) if selected else [],
    }


@dataclass
class Sums:
    numerator: Decimal
    denominator: Decimal

    @property
    def value(self) -> Decimal | None:
        return pct_value(self.numerator, self.denominator)


def _sums(rows: list[Attainment]) -> Sums | None:
    counted = [r for r in rows if r.numerator is not None and r.denominator is not None]
    if not counted:
        return None
    return Sums(sum((r.numerator for r in counted), Decimal(0)), sum((r.denominator for r in counted), Decimal(0)))


def _fed_by(*, campaign: Campaign, indicator: Indicator, period: Period) -> list[FedBy]:
    """The counted facts of ``period`` for the indicator's elements, one entry per unit and source."""
    element_ids = set(IndicatorTerm.objects.filter(indicator=indicator).values_list("element_id", flat=True))
    facts = (
        DataValue.objects.filter(campaign=campaign, period=period, element_id__in=element_ids, counted=True)
        .select_related("unit", "element")
        .order_by("unit__name", "element__code")
    )
    grouped: dict[tuple[int, str, int | None], list[DataValue]] = defaultdict(list)
    for f in facts:
        grouped[(f.unit_id, f.source_kind, f.source_id)].append(f)
    report_ids = [sid for (_, kind, sid) in grouped if kind == SourceKind.UNIT_REPORT and sid]
    reports = {r.pk: r for r in UnitReport.objects.filter(pk__in=report_ids, campaign=campaign)}
    out = []
    for (_, kind, sid), items in grouped.items():
        values: dict[str, Decimal] = defaultdict(Decimal)
        for f in items:
            values[f.element.name] += f.value
        out.append(
            FedBy(
                unit=items[0].unit,
                report=reports.get(sid) if kind == SourceKind.UNIT_REPORT else None,
                source_label=SourceKind(kind).label,
                values=sorted(values.items()),
            )
        )
    return out
