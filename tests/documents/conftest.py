"""A small campaign of the world's commune A1 with hand-chosen figures, computed by the engine."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from campaigns.models import Campaign, Participation, Period
from indicators.models import DataElement, DataValue, Indicator, Target
from indicators.runs import campaign_recompute

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def add_figure(campaign, period, unit, code: str, value) -> None:
    DataValue.objects.update_or_create(
        element=DataElement.objects.get(code=code, commune__isnull=True),
        unit=unit,
        period=period,
        field=None,
        defaults={
            "campaign": campaign,
            "value": Decimal(value),
            "counted": True,
            "source_kind": "import",
            "entered_at": timezone.now(),
        },
    )


def recompute(campaign) -> None:
    campaign_recompute(campaign_id=campaign.pk)


def build_campaign(world, *, code="PUSH", start=date(2025, 12, 29), weeks=14, with_figures=True):
    """Weekly periods from Monday 29/12/2025 (week 1 ends 04/01/2026, in Q1 2026; the first
    week ending in Q1 is week 1). TL_HS_TRUC_TUYEN ≥ 92%."""
    commune = world.a1
    commune.signer_name = "Nguyễn Văn Ký"
    commune.name = "Phú Lạc"
    commune.save()
    campaign = Campaign.objects.create(
        commune=commune,
        code=code,
        kind="push",
        title="Đợt cao điểm dịch vụ công trực tuyến",
        number="91/KH-UBND",
        issued_on=date(2025, 12, 20),
        start=start,
        end=start + timedelta(days=7 * weeks - 1),
        status="active",
    )
    for u in (world.a1_dept, world.a1_police):
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
    Target.objects.create(
        campaign=campaign,
        indicator=Indicator.objects.get(code="TL_HS_TRUC_TUYEN", commune__isnull=True),
        comparator=">=",
        value=Decimal("92"),
    )
    if with_figures:
        # week 1: dept 92/100 → 92,00% (meets ≥ 92 exactly); week 2: dept 40/50 + police 5/10 → 45/60 = 75,00%
        add_figure(campaign, periods[0], world.a1_dept, "HS_TIEP_NHAN", 100)
        add_figure(campaign, periods[0], world.a1_dept, "HS_TRUC_TUYEN", 92)
        add_figure(campaign, periods[1], world.a1_dept, "HS_TIEP_NHAN", 50)
        add_figure(campaign, periods[1], world.a1_dept, "HS_TRUC_TUYEN", 40)
        add_figure(campaign, periods[1], world.a1_police, "HS_TIEP_NHAN", 10)
        add_figure(campaign, periods[1], world.a1_police, "HS_TRUC_TUYEN", 5)
    recompute(campaign)
    return campaign, periods


@pytest.fixture
def campaign(world):
    return build_campaign(world)
