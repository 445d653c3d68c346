"""A small weekly campaign in commune A1 of the ``world`` fixture: the department (VP) reports
dossier and rating figures, villages report outreach sessions; weeks start Monday, reports are
due Thursday 10:00 (Asia/Ho_Chi_Minh) after the week, like Phú Lạc."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from indicators.models import DataElement, Field
from reporting.services import unit_report_open
from tests.campaigns.factories import CampaignFactory, periods_of, weekly_rule
from tests.indicators.factories import FormElementFactory, element

# weeks Monday–Sunday, due Thursday 10:00 of the next week
MONDAY_WEEKS_DUE_THURSDAY = weekly_rule(week_start=0, due_weekday=3)


def build_campaign(commune, units, *, weeks: int = 6, first: date = date(2025, 11, 3), code: str = "PL-TEST"):
    """The campaign (from the Monday ``first``, ``weeks`` weeks) and its weekly periods."""
    campaign = CampaignFactory(
        commune=commune,
        code=code,
        kind="push",
        title="Đợt cao điểm thử",
        start=first,
        end=first + timedelta(days=7 * weeks - 1),
        status="active",
        rules=[MONDAY_WEEKS_DUE_THURSDAY],
        units=list(units),
    )
    codes = ["HS_TIEP_NHAN", "HS_TRUC_TUYEN", "HS_GIAI_QUYET", "HS_DUNG_HAN", "DG_TONG", "DG_HAI_LONG"]
    for order, code_ in enumerate(codes):
        FormElementFactory(campaign=campaign, element=element(code_), unit_kind="department", order=order)
    FormElementFactory(campaign=campaign, element=element("BUOI_TUYEN_TRUYEN"), unit_kind="village", order=20)
    return campaign, periods_of(campaign)


@pytest.fixture
def rw(world):
    """``world`` plus the campaign: ``rw.campaign``, ``rw.periods`` (6 weeks from 03/11/2025),
    ``rw.el`` (elements by code), ``rw.report`` (VP's week-1 report, a fresh draft)."""
    campaign, periods = build_campaign(world.a1, [world.a1_dept, world.a1_police, world.a1_v1, world.a1_v2])
    el = {e.code: e for e in DataElement.objects.filter(commune__isnull=True)}
    fields = {f.code: f for f in Field.objects.all()}
    report = unit_report_open(campaign=campaign, unit=world.a1_dept, period=periods[0])
    world.staff.email = "vp@xa.test"
    world.staff.save()
    world.centre.email = "tt@xa.test"
    world.centre.save()
    return SimpleNamespace(w=world, campaign=campaign, periods=periods, el=el, fields=fields, report=report)


def figures(rw, **by_code):
    """{(element_id, None): Decimal} from keyword codes."""
    return {(rw.el[code].pk, None): Decimal(v) for code, v in by_code.items()}
