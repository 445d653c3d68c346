"""factory_boy factories for indicators (data elements, indicators, targets, form elements,
figures, engine runs), and the short builders the engine tests are written in.

Figures are written directly (``counted=True`` stands for a submitted / approved report): the
engine tests check the engine, not the report workflow. Periods come from
``tests.campaigns.factories`` (labels and deadlines from ``campaigns.periods``). Engine results
are the engine's to write; the dashboards tests that need hand-chosen ones build them with
``tests.dashboards.builders.row``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from campaigns.models import Cadence, Campaign, Period
from indicators.catalogue import catalogue_install
from indicators.models import (
    Attainment,
    ComputeRun,
    DataElement,
    DataValue,
    Field,
    FormElement,
    Indicator,
    Target,
    TargetMilestone,
)
from indicators.ondemand import unit_rows
from org.models import UnitKind
from tests.campaigns.factories import CampaignFactory, ParticipationFactory, PeriodFactory
from tests.org.factories import CommuneFactory, UnitFactory


def ensure_catalogue() -> None:
    if not Indicator.objects.filter(code="TL_HS_TRUC_TUYEN").exists():
        catalogue_install()


def element(code: str) -> DataElement:
    """A data element of the shipped catalogue."""
    return DataElement.objects.get(code=code, commune__isnull=True)


def indicator(code: str) -> Indicator:
    """An indicator of the shipped catalogue."""
    return Indicator.objects.get(code=code, commune__isnull=True)


def field(code: str) -> Field:
    return Field.objects.get(code=code)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class DataElementFactory(factory.django.DjangoModelFactory):
    """A commune's own data element (the shipped catalogue is looked up with ``element``)."""

    class Meta:
        model = DataElement

    commune = factory.SubFactory(CommuneFactory)
    code = factory.Sequence(lambda n: f"SL_{n}")
    name = factory.Sequence(lambda n: f"Số liệu {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A commune's own indicator (the shipped catalogue is looked up with ``indicator``)."""

    class Meta:
        model = Indicator

    commune = factory.SubFactory(CommuneFactory)
    code = factory.Sequence(lambda n: f"CT_{n}")
    name = factory.Sequence(lambda n: f"Chỉ tiêu {n}")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    campaign = factory.SubFactory(CampaignFactory)
    indicator = factory.LazyFunction(lambda: indicator("TL_HS_TRUC_TUYEN"))
    comparator = ">="
    value = None


class TargetMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetMilestone

    target = factory.SubFactory(TargetFactory)
    year = 2026
    value = Decimal("0")
    floor = None


class FormElementFactory(factory.django.DjangoModelFactory):
    """A data element a unit (``unit``) or every unit of a kind (``unit_kind``) reports."""

    class Meta:
        model = FormElement

    campaign = factory.SubFactory(CampaignFactory)
    cadence = Cadence.WEEKLY
    element = factory.LazyFunction(lambda: element("HS_TIEP_NHAN"))
    unit = None
    unit_kind = factory.LazyAttribute(lambda o: "" if o.unit else UnitKind.DEPARTMENT)
    order = 0


class DataValueFactory(factory.django.DjangoModelFactory):
    """A figure of a unit in a period, counted by the engine unless ``counted=False``."""

    class Meta:
        model = DataValue

    period = factory.SubFactory(PeriodFactory)
    campaign = factory.SelfAttribute("period.campaign")
    unit = factory.SubFactory(UnitFactory, commune=factory.SelfAttribute("..campaign.commune"))
    element = factory.LazyFunction(lambda: element("HS_TIEP_NHAN"))
    field = None
    value = Decimal("0")
    counted = True
    source_kind = "unit_report"
    entered_at = factory.LazyFunction(timezone.now)


class ComputeRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComputeRun

    campaign = factory.SubFactory(CampaignFactory)
    state = "queued"
    requested_at = factory.LazyFunction(timezone.now)


# --- the engine tests' vocabulary ---------------------------------------------------------


def make_campaign(*, commune=None, start=date(2026, 1, 1), end=date(2026, 12, 31), code="KH-TEST") -> Campaign:
    """A yearly plan without reporting rules: each test adds the periods it reads."""
    ensure_catalogue()
    return CampaignFactory(
        commune=commune or CommuneFactory(), code=code, kind="annual", start=start, end=end, rules=[], units=[]
    )


def add_period(campaign: Campaign, start: date, end: date, cadence: str = "weekly", index: int = 1) -> Period:
    return PeriodFactory(campaign=campaign, cadence=cadence, start=start, end=end, index=index)


def weeks(campaign: Campaign, first: date, n: int) -> list[Period]:
    """``n`` weeks from ``first``, each due at 10:00 the day after it ends."""
    return [
        PeriodFactory(campaign=campaign, cadence="weekly", start=first + timedelta(weeks=i), index=i + 1)
        for i in range(n)
    ]


def months(campaign: Campaign, year: int, numbers: list[int]) -> list[Period]:
    """The calendar months ``numbers`` of ``year``, each due at 10:00 on the 1st of the next."""
    return [PeriodFactory(campaign=campaign, cadence="monthly", start=date(year, m, 1), index=m) for m in numbers]


def unit(campaign: Campaign, code: str, kind: str = UnitKind.DEPARTMENT, joined_on: date | None = None):
    u = UnitFactory(commune=campaign.commune, code=code, kind=kind)
    ParticipationFactory(campaign=campaign, unit=u, joined_on=joined_on)
    return u


def put(campaign, period, unit, code: str, value, *, field_code: str | None = None, counted: bool = True) -> DataValue:
    return DataValueFactory(
        campaign=campaign,
        period=period,
        unit=unit,
        element=element(code),
        field=field(field_code) if field_code else None,
        value=_decimal(value),
        counted=counted,
    )


def target(
    campaign,
    code: str,
    value=None,
    *,
    comparator=">=",
    floor=None,
    unit=None,
    field_code=None,
    milestones=(),
    window: str = "period",
    applies_to: str = "auto",
    unit_kind: str = "",
):
    t = TargetFactory(
        campaign=campaign,
        indicator=indicator(code),
        comparator=comparator,
        value=_decimal(value),
        floor=_decimal(floor),
        unit=unit,
        field=field(field_code) if field_code else None,
        window=window,
        applies_to=applies_to,
        unit_kind=unit_kind,
    )
    for year, v, *fl in milestones:
        TargetMilestoneFactory(target=t, year=year, value=_decimal(v), floor=_decimal(fl[0]) if fl else None)
    return t


def att(campaign, code: str, period, *, kind: str = "period", scope: str = "commune", unit=None, field_code=None):
    """One row of the engine: stored (commune, field) or computed on demand (unit, issue 19)."""
    if scope == "unit":
        found = unit_rows(
            campaign,
            unit_ids=[unit.pk],
            indicator_ids=[indicator(code).pk],
            period_ids=[period.pk],
            window_kinds=[kind],
        )
        if len(found) != 1:
            raise Attainment.DoesNotExist(f"{code} {kind} {period} {unit}: {len(found)} on-demand rows")
        return found[0]
    return Attainment.objects.select_related("indicator").get(
        campaign=campaign,
        indicator__code=code,
        period=period,
        window_kind=kind,
        scope_kind=scope,
        unit=unit,
        field=Field.objects.get(code=field_code) if field_code else None,
    )
