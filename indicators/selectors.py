"""The engine's read API: what dashboards, documents and the ``attainment`` command show.

Every number a page or a file shows about an indicator comes from these functions, so the
dashboard, the PDF and the Excel file agree (docs/design.md section 3).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from campaigns.models import Cadence, Campaign, Period
from org.models import Unit

from .formatting import pct_value
from .models import Attainment, AttainmentStatus, ComputeRun, ComputeRunState, Field, Indicator, ScopeKind, WindowKind
from .reporting_forms import forms_by_unit
from .validation import targets_table

MET = (AttainmentStatus.DAT, AttainmentStatus.DAT_TOI_THIEU)


def attainments(
    *,
    campaign: Campaign,
    cumulative: bool,
    period: Period | None = None,
    scope_kind: str = ScopeKind.COMMUNE,
    field: Field | None = None,
    unit: Unit | None = None,
    indicator: Indicator | None = None,
) -> QuerySet[Attainment]:
    """Attainment rows of one window kind and scope kind; one period's, or every period's
    (oldest first). Within a window: units / fields in their order, then indicators in the
    catalogue's order."""
    qs = Attainment.objects.filter(
        campaign=campaign,
        window_kind=WindowKind.CUMULATIVE if cumulative else WindowKind.PERIOD,
        scope_kind=scope_kind,
    ).select_related("indicator", "period", "unit", "field")
    if period is not None:
        qs = qs.filter(period=period)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if field is not None:
        qs = qs.filter(field=field)
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    return qs.order_by(
        "end", "-start", "period__cadence", "unit__order", "unit__code", "field__order", "indicator__order", "id"
    )


def main_cadence(campaign: Campaign) -> str | None:
    """The cadence with the most periods (the campaign's rhythm, for series and rankings)."""
    counts = Counter(Period.objects.filter(campaign=campaign).values_list("cadence", flat=True))
    counts.pop("survey", None)
    return counts.most_common(1)[0][0] if counts else None


def attainment_series(
    *,
    campaign: Campaign,
    indicator: Indicator,
    cumulative: bool = False,
    scope_kind: str = ScopeKind.COMMUNE,
    unit: Unit | None = None,
    field: Field | None = None,
    cadence: str | None = None,
) -> list[Attainment]:
    """One indicator's rows period after period (one cadence: by default the campaign's main
    one), for trend charts and sparklines. ``value`` is None where there is no data."""
    cadence = cadence or main_cadence(campaign)
    qs = attainments(
        campaign=campaign, cumulative=cumulative, scope_kind=scope_kind, unit=unit, field=field, indicator=indicator
    )
    if scope_kind == ScopeKind.COMMUNE:
        qs = qs.filter(unit__isnull=True, field__isnull=True)
    return list(qs.filter(period__cadence=cadence)) if cadence else []


def latest_closed_period(campaign: Campaign, now: datetime | None = None, cadence: str | None = None) -> Period | None:
    """The latest period (of ``cadence``, by default the main one) whose last day is over."""
    today = timezone.localdate(now or timezone.now())
    cadence = cadence or main_cadence(campaign)
    qs = Period.objects.filter(campaign=campaign, end__lt=today)
    if cadence:
        qs = qs.filter(cadence=cadence)
    return qs.order_by("-end", "-start").first()


def last_run(campaign: Campaign) -> ComputeRun | None:
    """The last finished recompute: when the figures shown were computed."""
    return (
        ComputeRun.objects.filter(campaign=campaign, state=ComputeRunState.DONE).order_by("-finished_at", "-id").first()
    )


IN_PROGRESS_STATES = (ComputeRunState.QUEUED, ComputeRunState.RUNNING)


def run_in_progress(campaign: Campaign) -> bool:
    """A recompute is queued or running: figures may change in a moment."""
    return ComputeRun.objects.filter(campaign=campaign, state__in=IN_PROGRESS_STATES).exists()


@dataclass
class UnitRank:
    rank: int | None  # equal shares share a rank (1, 1, 3); None: no targeted indicator with data
    unit: Unit
    met: int  # indicators at đạt or đạt mức tối thiểu
    total: int  # indicators with a target and figures
    share: Decimal | None  # met × 100 / total, 2 decimals
    rows: list[Attainment] = field(default_factory=list)


def unit_ranking(*, campaign: Campaign, period: Period | None = None, cumulative: bool = True) -> list[UnitRank]:
    """Units ranked by the share of their targeted indicators met, cumulatively to ``period``
    (by default the latest closed period, else the latest period computed)."""
    if period is None:
        period = latest_closed_period(campaign)
    if period is None:
        last = Attainment.objects.filter(campaign=campaign).order_by("-end").select_related("period").first()
        period = last.period if last else None
    if period is None:
        return []
    rows = list(
        attainments(campaign=campaign, cumulative=cumulative, period=period, scope_kind=ScopeKind.UNIT).exclude(
            status=AttainmentStatus.KHONG_CO_SO_LIEU
        )
    )
    by_unit: dict[int, UnitRank] = {}
    for row in rows:
        rank = by_unit.setdefault(row.unit_id, UnitRank(None, row.unit, 0, 0, None))
        rank.total += 1
        rank.met += row.status in MET
        rank.rows.append(row)
    ranks = list(by_unit.values())
    for r in ranks:
        r.share = pct_value(r.met, r.total)
    ranks.sort(key=lambda r: (-(r.share or 0), r.unit.order, r.unit.code))
    previous_share, previous_rank = None, 0
    for position, r in enumerate(ranks, start=1):
        r.rank = previous_rank if r.share == previous_share else position
        previous_share, previous_rank = r.share, r.rank
    return ranks


def campaign_page_indicators(*, campaign: Campaign, units: list[Unit]) -> dict:
    """What the campaign page shows of indicators: ``targets`` (the targets table) for the
    context, and on each of ``units`` its ``report_forms`` = [(cadence label, [data elements])].
    Two queries, however many units and targets."""
    forms = forms_by_unit(campaign=campaign, units=units)
    for unit in units:
        unit.report_forms = [(Cadence(c).label, els) for c, els in forms.get(unit.pk, {}).items()]
    return {"targets": targets_table(campaign=campaign)}
