"""Campaigns with periods and the engine's results written directly (Attainment rows in bulk),
so the dashboards can be checked against hand-computed rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from indicators.models import Attainment
from tests.campaigns.factories import CampaignFactory, periods_of, weekly_rule
from tests.indicators.factories import indicator

__all__ = ["COMPUTED_AT", "VN", "campaign_with_weeks", "indicator", "row"]

VN = ZoneInfo("Asia/Ho_Chi_Minh")
COMPUTED_AT = datetime(2025, 11, 27, 14, 35, tzinfo=VN)


def campaign_with_weeks(commune, *, code="PUSH", start=date(2025, 10, 30), weeks=7, units=(), kind="push"):
    """An active push of ``weeks`` weeks from ``start`` whose weeks start on ``start``'s
    weekday and are due at 10:00 the day after they end (Phú Lạc: Thursday to Wednesday)."""
    campaign = CampaignFactory(
        commune=commune,
        code=code,
        kind=kind,
        title=f"Đợt cao điểm {code}",
        number="91/KH-UBND",
        start=start,
        end=start + timedelta(days=7 * weeks - 1),
        status="active",
        rules=[weekly_rule(week_start=start.weekday())],
        units=list(units),
    )
    return campaign, periods_of(campaign)


def row(
    campaign,
    indicator,
    period,
    *,
    value,
    target=Decimal("92.00"),
    status="dat",
    cumulative=True,
    unit=None,
    field=None,
    floor=None,
    change=None,
    projected_value=None,
    projected_status="",
    start=None,
) -> Attainment:
    """An unsaved engine result for ``bulk_create``, computed at 14:35 on 27/11/2025: the one
    builder of Attainment rows (a plain constructor: the dashboards build tens of thousands)."""
    scope = "unit" if unit else "field" if field else "commune"
    return Attainment(
        campaign=campaign,
        indicator=indicator,
        window_kind="cumulative" if cumulative else "period",
        period=period,
        start=start or (campaign.start if cumulative else period.start),
        end=period.end,
        scope_kind=scope,
        unit=unit,
        field=field,
        numerator=None,
        denominator=None,
        value=value,
        target=target,
        floor=floor,
        comparator=">=",
        status=status,
        change=change,
        projected_value=projected_value,
        projected_status=projected_status,
        computed_at=COMPUTED_AT,
    )
