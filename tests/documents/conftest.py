"""A small campaign of the world's commune A1 with hand-chosen figures, computed by the engine."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import DataValue
from indicators.runs import campaign_recompute
from tests.campaigns.factories import CampaignFactory, periods_of, weekly_rule
from tests.indicators.factories import TargetFactory, element, indicator


def add_figure(campaign, period, unit, code: str, value) -> None:
    DataValue.objects.update_or_create(
        element=element(code),
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
    campaign = CampaignFactory(
        commune=commune,
        code=code,
        kind="push",
        title="Đợt cao điểm dịch vụ công trực tuyến",
        number="91/KH-UBND",
        issued_on=date(2025, 12, 20),
        start=start,
        end=start + timedelta(days=7 * weeks - 1),
        status="active",
        rules=[weekly_rule(week_start=start.weekday())],
        units=[world.a1_dept, world.a1_police],
    )
    periods = periods_of(campaign)
    TargetFactory(campaign=campaign, indicator=indicator("TL_HS_TRUC_TUYEN"), comparator=">=", value=Decimal("92"))
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
