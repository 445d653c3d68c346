"""The QĐ 766 estimate per unit, where the figures allow (issue 18, part 1)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.qd766_units import unit_estimates
from tests.factories import member
from tests.indicators.factories import put, unit

from .conftest import JANUARY


@pytest.fixture
def two_units(setup):
    commune, campaign, periods, figures = setup
    figures(periods[1], **JANUARY)  # the department (VP): conftest's January
    police = unit(campaign, "CA")
    put(campaign, periods[1], police, "HS_TIEP_NHAN", 100)
    put(campaign, periods[1], police, "HS_TRUC_TUYEN", 25)
    return commune, police


def test_each_unit_scores_on_its_own_figures_out_of_the_items_it_has(two_units):
    commune, police = two_units
    by_unit = {u.unit.code: u for u in unit_estimates(commune=commune, year=2026, month=1)}
    # VP alone is conftest's January: 40,96 points on 8 items whose maxima are
    # 6 + 20 + 6 + 4 + 2 + 6 + 6 + 2 = 52
    assert by_unit["VP"].points == Decimal("40.96") and by_unit["VP"].possible == 52
    assert by_unit["VP"].estimate.items_with_data == 8
    # CA: 3.3 only, 25 of 100 online = 25 % of the 50 % threshold → 6 × 25 ÷ 50 = 3 of 6
    assert by_unit["CA"].points == 3 and by_unit["CA"].possible == 6
    assert by_unit["CA"].estimate.items_with_data == 1


def test_the_page_lists_the_units(two_units, client):
    commune, _police = two_units
    client.force_login(member("leadership", commune=commune))
    body = client.get(reverse("dashboards:qd766", args=[commune.pk])).content.decode()
    table = body[body.index('id="qd766-units"') :]
    assert '40,96</td><td class="num">52,00' in table and '3,00</td><td class="num">6,00' in table
