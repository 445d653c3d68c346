"""Campaigns with periods and the engine's results written directly (Attainment rows in bulk),
so the dashboards can be checked against hand-computed rows."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from campaigns.models import Campaign, Participation, Period
from indicators.models import Attainment, Indicator

VN = ZoneInfo("Asia/Ho_Chi_Minh")
COMPUTED_AT = datetime(2025, 11, 27, 14, 35, tzinfo=VN)


def campaign_with_weeks(commune, *, code="PUSH", start=date(2025, 10, 30), weeks=7, units=(), kind="push"):
    campaign = Campaign.objects.create(
        commune=commune,
        code=code,
        kind=kind,
        title=f"Đợt cao điểm {code}",
        number="91/KH-UBND",
        start=start,
        end=start + timedelta(days=7 * weeks - 1),
        status="active",
    )
    for u in units:
        Participation.objects.create(campaign=campaign, unit=u)
    periods = Period.objects.bulk_create(
        [
            Period(
                campaign=campaign,
                cadence="weekly",
                index=i + 1,
                label=f"Tuần {i + 1}",
                start=start + timedelta(days=7 * i),
                end=start + timedelta(days=7 * i + 6),
                deadline=datetime.combine(start + timedelta(days=7 * i + 7), time(10, 0), tzinfo=VN),
            )
            for i in range(weeks)
        ]
    )
    return campaign, periods


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
):
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


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code, commune__isnull=True)
