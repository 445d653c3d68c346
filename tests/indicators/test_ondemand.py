"""Unit rows computed on demand (issue 19) agree with the rows the engine stored before (every
scope written by one pass), field by field, on generated data; a unit without figures has no row
("không có số liệu"), never a 0."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.engine import ALL_SCOPES, ATTAINMENT_COLUMNS, build_rows, load
from indicators.models import Attainment
from indicators.ondemand import UnitSource, unit_rows
from indicators.runs import campaign_recompute
from indicators.targets import TargetBook

from .dataset import build, canonical_rows
from .factories import make_campaign, put, target, unit, weeks

pytestmark = pytest.mark.django_db


def _old_way(campaign) -> list[tuple]:
    """The unit rows as a recompute stored them before issue 19: one pass over every scope."""
    data = load(campaign)
    rows = [
        dict(zip(ATTAINMENT_COLUMNS, r, strict=True)) for r in build_rows(data, TargetBook(campaign), scopes=ALL_SCOPES)
    ]
    built = []
    for values in rows:
        if values["scope_kind"] != "unit":
            continue
        a = Attainment(**values)
        built.append(a)
    return canonical_rows(built)


def _compare(campaign) -> int:
    old = _old_way(campaign)
    new = canonical_rows(unit_rows(campaign))
    assert len(old) > 0
    assert new == old
    return len(old)


def test_on_demand_unit_rows_equal_the_stored_ones_of_before_on_the_generated_campaign():
    campaign = build(7)
    assert _compare(campaign) > 1000
    # the recompute no longer stores them, and the slices the pages ask for are the same rows
    campaign_recompute(campaign_id=campaign.pk)
    assert not Attainment.objects.filter(campaign=campaign, scope_kind="unit").exists()
    whole = canonical_rows(unit_rows(campaign))
    source = UnitSource(campaign)
    period = sorted({a.period for a in unit_rows(campaign)}, key=lambda p: p.end)[5]
    sliced = source.rows(period_ids=[period.pk], window_kinds=["cumulative"])
    assert sliced and all(a.period_id == period.pk and a.window_kind == "cumulative" for a in sliced)
    assert set(canonical_rows(sliced)) <= set(whole)
    one = sliced[0].unit_id
    assert canonical_rows(source.rows(unit_ids=[one])) == [r for r in whole if r[6] == sliced[0].unit.code]


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_on_demand_agrees_with_the_old_pass_for_any_seed(seed):
    campaign = build(seed)
    _compare(campaign)
    campaign.delete()


def test_a_unit_without_figures_has_no_row_it_says_khong_co_so_lieu():
    c = make_campaign()
    (w,) = weeks(c, date(2026, 1, 5), 1)
    busy, idle = unit(c, "A"), unit(c, "B")
    put(c, w, busy, "HS_TIEP_NHAN", 10)
    put(c, w, busy, "HS_TRUC_TUYEN", 0)  # a real 0 is a figure: 0 %, chưa đạt
    target(c, "TL_HS_TRUC_TUYEN", 50)
    rows = unit_rows(c, period_ids=[w.pk], window_kinds=["period"])
    by_unit = {(a.unit_id, a.indicator.code): a for a in rows}
    assert by_unit[(busy.pk, "TL_HS_TRUC_TUYEN")].value == 0
    assert by_unit[(busy.pk, "TL_HS_TRUC_TUYEN")].status == "chua_dat"
    assert not [a for a in rows if a.unit_id == idle.pk]  # no row, never 0
    assert unit_rows(c, unit_ids=[idle.pk]) == []
    # a denominator without its numerator is no figure for the ratio either: still no row
    put(c, w, idle, "HS_TIEP_NHAN", 5)
    assert not [a for a in unit_rows(c, unit_ids=[idle.pk]) if a.indicator.code == "TL_HS_TRUC_TUYEN"]
