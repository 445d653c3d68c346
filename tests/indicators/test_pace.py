"""Required pace (issue 12 item 8): how much is still needed by the end, beside the projection.
Exact; a number needed is rounded up, an allowance down. Every number is worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from fractions import Fraction

import pytest

from dashboards.tiles import rank_rows
from indicators.pace import required
from indicators.runs import campaign_recompute
from indicators.selectors import paces, unit_ranking
from org.models import UnitKind
from reporting.selectors import Completeness
from tests.indicators.factories import att, make_campaign, months, put, target, unit, weeks


def test_a_rate_needs_its_share_of_the_dossiers_still_expected():
    # 500 of 560 online; the last 4 weeks received 100, 110, 120, 90 → 105 a week; 2 weeks left:
    # 560 + 210 = 770 expected; 92 % of 770 = 708,4 → 709 online, 709 − 500 = 209, 105 a week
    p = required(
        comparator=">=",
        target=D(92),
        numerator=D(500),
        denominator=D(560),
        is_ratio=True,
        remaining=2,
        recent_denominators=[D(100), D(110), D(120), D(90)],
        what="hồ sơ tiếp nhận trực tuyến",
        of_what="hồ sơ tiếp nhận",
    )
    assert (p.mode, p.amount, p.per_period, p.expected_denominator, p.reachable) == (
        "need",
        209,
        105,
        Fraction(770),
        True,
    )
    assert p.text == (
        "Cần thêm 209 hồ sơ tiếp nhận trực tuyến trong 2 tuần còn lại đến hết kế hoạch, bình quân 105 "
        "mỗi tuần (trên khoảng 770 hồ sơ tiếp nhận dự kiến)."
    )


def test_a_count_needs_the_rest_rounded_up_per_period():
    # 4 of ≥ 10 buổi, 3 quarters left: 6, 2 a quarter
    p = required(
        comparator=">=",
        target=D(10),
        numerator=D(4),
        denominator=None,
        is_ratio=False,
        remaining=3,
        recent_denominators=[],
        cadence="quarterly",
    )
    assert (p.amount, p.per_period) == (6, 2)
    # 5 sessions in 2 quarters: 3 a quarter (2,5 rounded up)
    p = required(
        comparator=">=", target=D(10), numerator=D(5), denominator=None, is_ratio=False, remaining=2,
        recent_denominators=[],
    )  # fmt: skip
    assert (p.amount, p.per_period) == (5, 3)


def test_strictly_above_needs_the_next_whole_number():
    # > 90 %: 90 of 100, then 50 a period for 1 period → 150; 90 % of 150 = 135, above it 136 → 46
    p = required(
        comparator=">", target=D(90), numerator=D(90), denominator=D(100), is_ratio=True, remaining=1,
        recent_denominators=[D(50), D(50)],
    )  # fmt: skip
    assert (p.amount, p.reachable) == (46, True)


def test_a_lower_is_better_rate_gives_an_allowance_rounded_down():
    # ≤ 5 %: 3 of 100, 20 a period for 5 periods → 200 expected; 5 % of 200 = 10 → 7 more allowed
    p = required(
        comparator="<=", target=D(5), numerator=D(3), denominator=D(100), is_ratio=True, remaining=5,
        recent_denominators=[D(20)] * 4, what="hồ sơ phải bổ sung quá một lần",
    )  # fmt: skip
    assert (p.mode, p.amount) == ("allow", 7)
    assert p.text == "Còn được phép thêm tối đa 7 hồ sơ phải bổ sung quá một lần trong 5 tuần còn lại đến hết kế hoạch."


def test_more_than_the_dossiers_expected_cannot_be_reached():
    # 100 %: 90 of 100, 10 expected in the last week: 110 in all, all online → 20 > 10
    p = required(
        comparator=">=", target=D(100), numerator=D(90), denominator=D(100), is_ratio=True, remaining=1,
        recent_denominators=[D(10)],
    )  # fmt: skip
    assert (p.amount, p.reachable) == (20, False)
    assert p.text.endswith("; với nhịp hiện tại không thể đạt.")


@pytest.mark.django_db
def test_pace_of_a_running_campaign_from_its_stored_results_and_none_once_closed():
    c = make_campaign(start=date(2026, 1, 5), end=date(2026, 2, 1), code="PL-PACE")
    w1, w2, _w3, _w4 = weeks(c, date(2026, 1, 5), 4)
    centre = unit(c, "TTPVHCC", kind=UnitKind.CENTRE)
    for w, received, online in ((w1, 100, 90), (w2, 120, 110)):
        put(c, w, centre, "HS_TIEP_NHAN", received)
        put(c, w, centre, "HS_TRUC_TUYEN", online)
    target(c, "TL_HS_TRUC_TUYEN", 92)
    campaign_recompute(campaign_id=c.pk)
    row = att(c, "TL_HS_TRUC_TUYEN", w2, kind="cumulative")
    # 200 of 220; 110 a week for the 2 weeks left → 440; 92 % of 440 = 404,8 → 405; 205, 103 a week
    p = paces(campaign=c, rows=[row], today=date(2026, 1, 20))[row.pk]
    assert (p.amount, p.remaining, p.per_period, p.expected_denominator) == (205, 2, 103, Fraction(440))
    assert p.text.startswith("Cần thêm 205 hồ sơ tiếp nhận trực tuyến trong 2 tuần còn lại")
    assert paces(campaign=c, rows=[row], today=date(2026, 3, 1)) == {}


@pytest.mark.django_db
def test_a_unit_without_a_target_of_its_own_is_ranked_on_its_reports_after_the_others():
    c = make_campaign(code="PL-RANK")
    (jan,) = months(c, 2026, [1])
    centre = unit(c, "TTPVHCC", kind=UnitKind.CENTRE)
    v1, v2 = unit(c, "V01", kind=UnitKind.VILLAGE), unit(c, "V02", kind=UnitKind.VILLAGE)
    put(c, jan, centre, "HS_TIEP_NHAN", 10)
    put(c, jan, centre, "HS_TRUC_TUYEN", 10)
    for v in (v1, v2):
        put(c, jan, v, "BUOI_TUYEN_TRUYEN", 3)
    target(c, "TL_HS_TRUC_TUYEN", 90)
    target(c, "SO_BUOI_TUYEN_TRUYEN", 10)  # the commune's total: no village is held to it
    campaign_recompute(campaign_id=c.pk)
    ranks = unit_ranking(campaign=c, period=jan)
    assert [(r.unit.code, r.met, r.total) for r in ranks] == [("TTPVHCC", 1, 1)]
    comp = {
        centre.pk: Completeness(expected=1, decided=1, received=1, on_time=1),
        v1.pk: Completeness(expected=2, decided=2, received=2, on_time=1),  # 50 % on time
        v2.pk: Completeness(expected=2, decided=2, received=2, on_time=2),  # 100 % on time
    }
    rows = rank_rows(ranks, comp, [centre, v1, v2])
    assert [(r.unit.code, r.rank, r.by_reports) for r in rows] == [
        ("TTPVHCC", 1, False),
        ("V02", 2, True),
        ("V01", 3, True),
    ]


def test_a_ratio_of_stocks_needs_the_missing_items_now_without_an_expected_flow():
    # 104 of 127 eligible TTHC offered toàn trình, ≥ 90 %: 90 % of 127 = 114,3 → 115; 11 more
    p = required(
        comparator=">=", target=D(90), numerator=D(104), denominator=D(127), is_ratio=True, remaining=17,
        recent_denominators=[D(127)] * 4, what="TTHC đã cung cấp trực tuyến toàn trình", cadence="quarterly",
        stock=True,
    )  # fmt: skip
    assert (p.amount, p.per_period, p.expected_denominator, p.reachable) == (11, 1, None, True)
    assert p.text == (
        "Cần thêm 11 TTHC đã cung cấp trực tuyến toàn trình trong 17 quý còn lại đến hết kế hoạch, bình quân 1 mỗi quý."
    )
