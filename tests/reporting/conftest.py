"""A small weekly campaign in commune A1 of the ``world`` fixture: the department (VP) reports
dossier and rating figures, villages report outreach sessions; weeks start Monday, reports are
due Thursday 10:00 (Asia/Ho_Chi_Minh) after the week, like Phú Lạc."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def deadline_of(week_start: date) -> datetime:
    # the Thursday after the week (Mon..Sun) at 10:00
    return datetime.combine(week_start + timedelta(days=10), time(10, 0), tzinfo=VN)


def build_campaign(commune, units, *, weeks: int = 6, first: date = date(2025, 11, 3), code: str = "PL-TEST"):
    from campaigns.models import Campaign, Participation, Period
    from indicators.models import DataElement, FormElement

    campaign = Campaign.objects.create(
        commune=commune,
        code=code,
        kind="push",
        title="Đợt cao điểm thử",
        start=first,
        end=first + timedelta(days=7 * weeks - 1),
        status="active",
    )
    for u in units:
        Participation.objects.create(campaign=campaign, unit=u)
    periods = []
    for i in range(weeks):
        start = first + timedelta(days=7 * i)
        periods.append(
            Period.objects.create(
                campaign=campaign,
                cadence="weekly",
                index=i + 1,
                label=f"Tuần {i + 1} ({start:%d/%m}–{start + timedelta(days=6):%d/%m})",
                start=start,
                end=start + timedelta(days=6),
                deadline=deadline_of(start),
            )
        )
    codes = ["HS_TIEP_NHAN", "HS_TRUC_TUYEN", "HS_GIAI_QUYET", "HS_DUNG_HAN", "DG_TONG", "DG_HAI_LONG"]
    for order, code in enumerate(codes):
        FormElement.objects.create(
            campaign=campaign,
            cadence="weekly",
            element=DataElement.objects.get(code=code),
            unit_kind="department",
            order=order,
        )
    FormElement.objects.create(
        campaign=campaign,
        cadence="weekly",
        element=DataElement.objects.get(code="BUOI_TUYEN_TRUYEN"),
        unit_kind="village",
        order=20,
    )
    return campaign, periods


@pytest.fixture
def rw(world):
    """``world`` plus the campaign: ``rw.campaign``, ``rw.periods`` (6 weeks from 03/11/2025),
    ``rw.el`` (elements by code), ``rw.report`` (VP's week-1 report, a fresh draft)."""
    from indicators.models import DataElement, Field
    from reporting.services import unit_report_open

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
    from decimal import Decimal

    return {(rw.el[code].pk, None): Decimal(v) for code, v in by_code.items()}
