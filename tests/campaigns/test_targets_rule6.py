"""docs/design.md rule 6: the target in force, through ``target_for`` (hand-computed numbers)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from indicators.models import Field, Indicator
from indicators.targets import TargetBook, target_for
from tests.indicators.factories import TargetFactory, TargetMilestoneFactory

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(world):
    return CampaignFactory(commune=world.a1, code="NLB", start=date(2026, 6, 11), end=date(2030, 12, 31))


@pytest.fixture
def online():
    return Indicator.objects.get(code="TL_HS_TRUC_TUYEN", commune__isnull=True)


def _target(campaign, indicator, **kw):
    milestones = kw.pop("milestones", {})
    t = TargetFactory(campaign=campaign, indicator=indicator, **kw)
    for year, value in milestones.items():
        floor = None
        if isinstance(value, tuple):
            value, floor = value
        TargetMilestoneFactory(target=t, year=year, value=Decimal(value), floor=floor)
    return t


def test_single_value_holds_for_the_whole_campaign(campaign, online):
    _target(campaign, online, comparator=">=", value=Decimal("92"))
    for day in (date(2026, 6, 11), date(2028, 3, 1), date(2030, 12, 31)):
        t = target_for(campaign=campaign, indicator=online, on=day)
        assert (t.comparator, t.value, t.floor, t.scope) == (">=", Decimal("92"), None, "commune")


def test_milestones_2026_80_and_2030_100_interpolate_the_years_between(campaign, online):
    _target(campaign, online, milestones={2026: "80", 2030: "100"})
    values = {y: target_for(campaign=campaign, indicator=online, on=date(y, 6, 30)).value for y in range(2026, 2031)}
    # 80 + 20 × (y − 2026) / 4: 85, 90, 95 between the milestones
    assert values == {
        2026: Decimal("80"),
        2027: Decimal("85.00"),
        2028: Decimal("90.00"),
        2029: Decimal("95.00"),
        2030: Decimal("100"),
    }


def test_uneven_interpolation_rounds_half_up_to_two_decimals(campaign, online):
    # 70 by 2028, 80 by 2030 → 75 in 2029; 2026:70, 2029:80 → 2027 = 73.333… → 73.33, 2028 = 76.67
    _target(campaign, online, milestones={2026: "70", 2029: "80"})
    assert target_for(campaign=campaign, indicator=online, on=date(2027, 1, 1)).value == Decimal("73.33")
    assert target_for(campaign=campaign, indicator=online, on=date(2028, 1, 1)).value == Decimal("76.67")


def test_after_the_last_milestone_the_last_holds(campaign, online):
    _target(campaign, online, milestones={2028: "70", 2030: "80"})
    assert target_for(campaign=campaign, indicator=online, on=date(2031, 1, 1)).value == Decimal("80")


def test_before_the_first_milestone_the_first_holds(campaign, online):
    _target(campaign, online, milestones={2028: "70", 2030: "80"})
    assert target_for(campaign=campaign, indicator=online, on=date(2026, 12, 31)).value == Decimal("70")
    assert target_for(campaign=campaign, indicator=online, on=date(2027, 7, 1)).value == Decimal("70")
    assert target_for(campaign=campaign, indicator=online, on=date(2029, 7, 1)).value == Decimal("75.00")


def test_a_floor_sits_beside_the_stretch_value(campaign):
    on_time = Indicator.objects.get(code="TL_DUNG_HAN", commune__isnull=True)
    _target(campaign, on_time, value=Decimal("100"), floor=Decimal("95"))
    t = target_for(campaign=campaign, indicator=on_time, on=date(2026, 9, 30))
    assert (t.value, t.floor) == (Decimal("100"), Decimal("95"))


def test_milestone_floors_interpolate_and_a_milestone_without_floor_uses_the_targets(campaign, online):
    _target(campaign, online, milestones={2026: ("80", Decimal("70")), 2030: ("100", Decimal("90"))})
    t = target_for(campaign=campaign, indicator=online, on=date(2028, 1, 1))
    assert (t.value, t.floor) == (Decimal("90.00"), Decimal("80.00"))
    other = Indicator.objects.get(code="TL_SO_HOA", commune__isnull=True)
    _target(campaign, other, floor=Decimal("60"), milestones={2026: "80", 2030: "100"})
    t = target_for(campaign=campaign, indicator=other, on=date(2027, 1, 1))
    assert (t.value, t.floor) == (Decimal("85.00"), Decimal("60"))


def test_a_field_without_its_own_target_is_held_to_the_communes(campaign):
    rating = Indicator.objects.get(code="TL_HAI_LONG", commune__isnull=True)
    land, civil = Field.objects.get(code="DAT_DAI"), Field.objects.get(code="HO_TICH")
    _target(campaign, rating, value=Decimal("90"))
    _target(campaign, rating, field=land, milestones={2026: "85", 2030: "90"})
    own = target_for(campaign=campaign, indicator=rating, on=date(2026, 12, 31), field=land)
    assert (own.value, own.scope) == (Decimal("85"), "field")
    assert target_for(campaign=campaign, indicator=rating, on=date(2028, 12, 31), field=land).value == Decimal("87.50")
    fallback = target_for(campaign=campaign, indicator=rating, on=date(2026, 12, 31), field=civil)
    assert (fallback.value, fallback.scope) == (Decimal("90"), "commune")


def test_a_unit_with_its_own_target_replaces_the_communes_and_a_count_binds_no_other_unit(campaign, world):
    initiatives = Indicator.objects.get(code="SO_SANG_KIEN", commune__isnull=True)
    _target(campaign, initiatives, value=Decimal("2"))
    _target(campaign, initiatives, unit=world.a1_dept, value=Decimal("1"))
    own = target_for(campaign=campaign, indicator=initiatives, on=date(2027, 1, 1), unit=world.a1_dept)
    assert (own.value, own.scope) == (Decimal("1"), "unit")
    # the commune's ≥ 2 sáng kiến is its total: the police is held to nothing (rule 6)
    assert target_for(campaign=campaign, indicator=initiatives, on=date(2027, 1, 1), unit=world.a1_police) is None


def test_no_target_at_all_is_none(campaign, online):
    assert target_for(campaign=campaign, indicator=online, on=date(2027, 1, 1)) is None


def test_a_period_is_judged_by_its_last_day(campaign, online):
    _target(campaign, online, milestones={2026: "80", 2030: "100"})
    period = campaign.periods.get(cadence="monthly", start=date(2027, 12, 1))
    assert target_for(campaign=campaign, indicator=online, on=period).value == Decimal("85.00")


def test_target_book_reads_every_target_in_two_queries(campaign, online, django_assert_max_num_queries):
    _target(campaign, online, milestones={2026: "80", 2030: "100"})
    with django_assert_max_num_queries(2):
        book = TargetBook(campaign)
    assert book.get(online.pk, date(2029, 1, 1)).value == Decimal("95.00")
