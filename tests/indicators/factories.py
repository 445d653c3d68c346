"""Small builders for engine tests: campaigns, periods, figures and targets created directly
(counted=True figures stand for submitted / approved reports)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from campaigns.models import Campaign, Participation, Period
from indicators.catalogue import catalogue_install
from indicators.models import Attainment, DataElement, DataValue, Field, Indicator, Target, TargetMilestone
from org.models import UnitKind
from tests.factories import CommuneFactory, UnitFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def ensure_catalogue() -> None:
    if not Indicator.objects.filter(code="TL_HS_TRUC_TUYEN").exists():
        catalogue_install()


def make_campaign(*, commune=None, start=date(2026, 1, 1), end=date(2026, 12, 31), code="KH-TEST") -> Campaign:
    ensure_catalogue()
    commune = commune or CommuneFactory()
    return Campaign.objects.create(
        commune=commune, code=code, kind="annual", title="Kế hoạch thử", start=start, end=end
    )


def add_period(campaign: Campaign, start: date, end: date, cadence: str = "weekly", index: int = 1) -> Period:
    deadline = datetime.combine(end + timedelta(days=1), time(10, 0), tzinfo=VN)
    return Period.objects.create(
        campaign=campaign,
        cadence=cadence,
        index=index,
        label=f"{start:%d/%m}–{end:%d/%m}",
        start=start,
        end=end,
        deadline=deadline,
    )


def weeks(campaign: Campaign, first: date, n: int) -> list[Period]:
    return [
        add_period(campaign, first + timedelta(weeks=i), first + timedelta(weeks=i, days=6), index=i + 1)
        for i in range(n)
    ]


def months(campaign: Campaign, year: int, numbers: list[int]) -> list[Period]:
    out = []
    for m in numbers:
        start = date(year, m, 1)
        end = (date(year + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)
        out.append(add_period(campaign, start, end, cadence="monthly", index=m))
    return out


def unit(campaign: Campaign, code: str, kind: str = UnitKind.DEPARTMENT, joined_on: date | None = None):
    u = UnitFactory(commune=campaign.commune, code=code, kind=kind)
    Participation.objects.create(campaign=campaign, unit=u, joined_on=joined_on)
    return u


def field(code: str) -> Field:
    return Field.objects.get(code=code)


def put(campaign, period, unit, code: str, value, *, field_code: str | None = None, counted: bool = True) -> DataValue:
    return DataValue.objects.create(
        campaign=campaign,
        period=period,
        unit=unit,
        element=DataElement.objects.get(code=code, commune__isnull=True),
        field=Field.objects.get(code=field_code) if field_code else None,
        value=Decimal(str(value)),
        counted=counted,
        source_kind="unit_report",
        entered_at=timezone.now(),
    )


def target(campaign, code: str, value=None, *, comparator=">=", floor=None, unit=None, field_code=None, milestones=()):
    t = Target.objects.create(
        campaign=campaign,
        indicator=Indicator.objects.get(code=code, commune__isnull=True),
        comparator=comparator,
        value=None if value is None else Decimal(str(value)),
        floor=None if floor is None else Decimal(str(floor)),
        unit=unit,
        field=Field.objects.get(code=field_code) if field_code else None,
    )
    for year, v, *fl in milestones:
        TargetMilestone.objects.create(
            target=t, year=year, value=Decimal(str(v)), floor=Decimal(str(fl[0])) if fl else None
        )
    return t


def att(campaign, code: str, period, *, kind: str = "period", scope: str = "commune", unit=None, field_code=None):
    return Attainment.objects.select_related("indicator").get(
        campaign=campaign,
        indicator__code=code,
        period=period,
        window_kind=kind,
        scope_kind=scope,
        unit=unit,
        field=Field.objects.get(code=field_code) if field_code else None,
    )
