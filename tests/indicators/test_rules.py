"""docs/design.md section 4, rules 1–6, at their edges, with hand-computed expectations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from indicators.models import Attainment
from indicators.runs import campaign_recompute
from org.models import UnitKind
from tests.households.factories import SurveyRoundFactory

from .factories import add_period, att, make_campaign, months, put, target, unit, weeks

pytestmark = pytest.mark.django_db

D = Decimal


def recompute(campaign):
    return campaign_recompute(campaign_id=campaign.pk)


def test_ratio_is_ratio_of_sums_not_mean_of_ratios():
    c = make_campaign()
    (w,) = weeks(c, date(2026, 1, 5), 1)
    small, big = unit(c, "A"), unit(c, "B")
    put(c, w, small, "HS_TIEP_NHAN", 2)
    put(c, w, small, "HS_TRUC_TUYEN", 2)
    put(c, w, big, "HS_TIEP_NHAN", 200)
    put(c, w, big, "HS_TRUC_TUYEN", 100)
    target(c, "TL_HS_TRUC_TUYEN", 75)
    recompute(c)
    a = att(c, "TL_HS_TRUC_TUYEN", w)
    # 102 / 202 = 50.495…%, not (100% + 50%) / 2 = 75%
    assert (a.numerator, a.denominator) == (D(102), D(202))
    assert a.value == D("50.4950")
    assert a.status == "chua_dat"
    assert att(c, "TL_HS_TRUC_TUYEN", w, scope="unit", unit=small).value == D(100)
    assert att(c, "TL_HS_TRUC_TUYEN", w, scope="unit", unit=big).value == D(50)


def test_flows_sum_and_stocks_take_the_latest_value_over_a_quarter():
    c = make_campaign()
    jan, feb, mar = months(c, 2026, [1, 2, 3])
    q1 = add_period(c, date(2026, 1, 1), date(2026, 3, 31), cadence="quarterly")
    a, b = unit(c, "A"), unit(c, "B")
    for p, received, online, eligible, full in ((jan, 10, 5, 100, 50), (feb, 20, 10, 100, 80), (mar, 30, 15, 120, 90)):
        put(c, p, a, "HS_TIEP_NHAN", received)
        put(c, p, a, "HS_TRUC_TUYEN", online)
        put(c, p, a, "TTHC_DU_DIEU_KIEN", eligible)
        put(c, p, a, "TTHC_TOAN_TRINH", full)
    # unit B reports the stock in January and February only: its latest is February's
    put(c, jan, b, "TTHC_DU_DIEU_KIEN", 40)
    put(c, jan, b, "TTHC_TOAN_TRINH", 10)
    put(c, feb, b, "TTHC_DU_DIEU_KIEN", 50)
    put(c, feb, b, "TTHC_TOAN_TRINH", 40)
    recompute(c)
    flow = att(c, "TL_HS_TRUC_TUYEN", q1)
    assert (flow.numerator, flow.denominator, flow.value) == (D(30), D(60), D(50))
    stock = att(c, "TL_DVC_TOAN_TRINH", q1)
    # A's March (90 / 120) + B's February (40 / 50), not a sum over months
    assert (stock.numerator, stock.denominator) == (D(130), D(170))
    assert stock.value == D("76.4706")
    assert att(c, "TL_DVC_TOAN_TRINH", q1, scope="unit", unit=a).value == D(75)
    # the quarter's cumulative window is the same three months
    assert att(c, "TL_DVC_TOAN_TRINH", q1, kind="cumulative").numerator == D(130)


@pytest.mark.parametrize(
    ("code", "comparator", "goal", "num", "status"),
    [
        ("TL_BO_SUNG_NHIEU_LAN", "<=", 5, 5, "dat"),  # exactly 5% meets ≤ 5%
        ("TL_BO_SUNG_NHIEU_LAN", "<=", 5, 6, "chua_dat"),
        ("TL_DI_LAI_NHIEU_LAN", "<", 3, 3, "chua_dat"),  # exactly 3% does not meet < 3%
        ("TL_DI_LAI_NHIEU_LAN", "<", 3, 2, "dat"),
        ("TL_HS_TRUC_TUYEN", ">=", 92, 92, "dat"),  # 92 of 100 meets ≥ 92%
        ("TL_HS_TRUC_TUYEN", ">=", 92, 91, "chua_dat"),
        ("TL_HS_TRUC_TUYEN", ">", 92, 92, "chua_dat"),  # strict: 92% is not above 92%
        ("TL_HS_TRUC_TUYEN", ">=", 57, 57, "dat"),  # 0.57 * 100 == 56.99999999999999 in floats
    ],
)
def test_direction_and_exact_comparison(code, comparator, goal, num, status):
    c = make_campaign()
    (w,) = weeks(c, date(2026, 1, 5), 1)
    u = unit(c, "A")
    put(c, w, u, "HS_TIEP_NHAN", 100)
    element = {"TL_BO_SUNG_NHIEU_LAN": "HS_BO_SUNG_NHIEU_LAN", "TL_DI_LAI_NHIEU_LAN": "HS_DI_LAI_NHIEU_LAN"}
    put(c, w, u, element.get(code, "HS_TRUC_TUYEN"), num)
    target(c, code, goal, comparator=comparator)
    recompute(c)
    a = att(c, code, w)
    assert a.value == D(num)
    assert a.status == status
    assert a.comparator == comparator


def test_exact_comparison_with_a_repeating_fraction():
    c = make_campaign()
    (w,) = weeks(c, date(2026, 1, 5), 1)
    u = unit(c, "A")
    put(c, w, u, "HS_TIEP_NHAN", 3)
    put(c, w, u, "HS_TRUC_TUYEN", 2)
    target(c, "TL_HS_TRUC_TUYEN", "66.67")
    recompute(c)
    a = att(c, "TL_HS_TRUC_TUYEN", w)
    # 66.666…% shows as 66.67 but is below 66.67: 200 < 66.67 × 3 = 200.01
    assert a.value == D("66.6667")
    assert a.status == "chua_dat"


@pytest.mark.parametrize(
    ("num", "status"), [(100, "dat"), (96, "dat_toi_thieu"), (95, "dat_toi_thieu"), (94, "chua_dat")]
)
def test_floor_beside_the_stretch_target(num, status):
    c = make_campaign()
    (w,) = weeks(c, date(2026, 1, 5), 1)
    u = unit(c, "A")
    put(c, w, u, "HS_TIEP_NHAN", 100)
    put(c, w, u, "HS_TRUC_TUYEN", num)
    target(c, "TL_HS_TRUC_TUYEN", 100, floor=95)
    recompute(c)
    a = att(c, "TL_HS_TRUC_TUYEN", w)
    assert (a.status, a.target, a.floor) == (status, D(100), D(95))
    assert (
        a.get_status_display()
        == {
            "dat": "Đạt",
            "dat_toi_thieu": "Đạt mức tối thiểu",
            "chua_dat": "Chưa đạt",
        }[status]
    )


def test_no_data_is_not_zero():
    c = make_campaign()
    w1, w2, w3 = weeks(c, date(2026, 1, 5), 3)
    u = unit(c, "A")
    put(c, w1, u, "HS_TIEP_NHAN", 0)  # a denominator of 0
    put(c, w1, u, "HS_TRUC_TUYEN", 0)
    put(c, w2, u, "HS_TIEP_NHAN", 50, counted=False)  # a draft does not count
    put(c, w2, u, "HS_TRUC_TUYEN", 50, counted=False)
    target(c, "TL_HS_TRUC_TUYEN", 50)
    target(c, "SO_SANG_KIEN", 1)
    recompute(c)
    for p in (w1, w2, w3):
        a = att(c, "TL_HS_TRUC_TUYEN", p)
        assert (a.status, a.value) == ("khong_co_so_lieu", None)
        assert a.get_status_display() == "Không có số liệu"
        assert att(c, "SO_SANG_KIEN", p).status == "khong_co_so_lieu"  # a count with no report is not 0
    assert att(c, "TL_HS_TRUC_TUYEN", w3, kind="cumulative").status == "khong_co_so_lieu"


def test_a_count_reported_as_zero_is_zero():
    c = make_campaign()
    (w,) = weeks(c, date(2026, 1, 5), 1)
    put(c, w, unit(c, "A"), "SANG_KIEN", 0)
    target(c, "SO_SANG_KIEN", 1)
    recompute(c)
    a = att(c, "SO_SANG_KIEN", w)
    assert (a.value, a.status, a.denominator) == (D(0), "chua_dat", None)


def test_figures_without_a_target_show_the_value_with_no_status_to_compare():
    c = make_campaign()
    (w,) = weeks(c, date(2026, 1, 5), 1)
    u = unit(c, "A")
    put(c, w, u, "HS_TIEP_NHAN", 10)
    put(c, w, u, "HS_TRUC_TUYEN", 9)
    recompute(c)
    a = att(c, "TL_HS_TRUC_TUYEN", w)
    assert (a.value, a.target, a.status, a.gap) == (D(90), None, "khong_co_so_lieu", None)


def test_yearly_milestones_interpolate_between_2026_and_2030():
    c = make_campaign(start=date(2026, 1, 1), end=date(2030, 12, 31))
    years = [add_period(c, date(y, 1, 1), date(y, 12, 31), cadence="yearly", index=y - 2025) for y in range(2026, 2032)]
    u = unit(c, "A")
    for p in years:
        put(c, p, u, "HS_TIEP_NHAN", 100)
        put(c, p, u, "HS_TRUC_TUYEN", 90)
    target(c, "TL_HS_TRUC_TUYEN", milestones=[(2026, 80), (2030, 100)])
    recompute(c)
    got = [(att(c, "TL_HS_TRUC_TUYEN", p).target, att(c, "TL_HS_TRUC_TUYEN", p).status) for p in years]
    assert got == [
        (D(80), "dat"),
        (D(85), "dat"),  # 2027
        (D(90), "dat"),  # 2028: exactly at the interpolated target
        (D(95), "chua_dat"),  # 2029
        (D(100), "chua_dat"),
        (D(100), "chua_dat"),  # after the last milestone the last holds
    ]
    assert att(c, "TL_HS_TRUC_TUYEN", years[3]).gap == D(-5)


def test_field_target_is_computed_over_that_fields_figures_only():
    c = make_campaign()
    (w,) = weeks(c, date(2026, 1, 5), 1)
    u = unit(c, "A")
    put(c, w, u, "DG_TONG", 100, field_code="DAT_DAI")
    put(c, w, u, "DG_HAI_LONG", 86, field_code="DAT_DAI")
    put(c, w, u, "DG_TONG", 100, field_code="HO_TICH")
    put(c, w, u, "DG_HAI_LONG", 89, field_code="HO_TICH")
    target(c, "TL_HAI_LONG", 90)
    target(c, "TL_HAI_LONG", 85, field_code="DAT_DAI")
    target(c, "TL_HAI_LONG", 85, field_code="XAY_DUNG")
    recompute(c)
    commune = att(c, "TL_HAI_LONG", w)  # the breakdown adds up when no total was entered
    assert (commune.numerator, commune.denominator, commune.value, commune.status) == (
        D(175),
        D(200),
        D("87.5"),
        "chua_dat",
    )
    land = att(c, "TL_HAI_LONG", w, scope="field", field_code="DAT_DAI")
    assert (land.value, land.target, land.status) == (D(86), D(85), "dat")
    civil = att(c, "TL_HAI_LONG", w, scope="field", field_code="HO_TICH")  # held to the commune's 90
    assert (civil.value, civil.target, civil.status) == (D(89), D(90), "chua_dat")
    building = att(c, "TL_HAI_LONG", w, scope="field", field_code="XAY_DUNG")
    assert (building.value, building.status) == (None, "khong_co_so_lieu")


def test_a_total_wins_over_its_field_breakdown():
    c = make_campaign()
    (w,) = weeks(c, date(2026, 1, 5), 1)
    u = unit(c, "A")
    put(c, w, u, "HS_TIEP_NHAN", 100)
    put(c, w, u, "HS_TIEP_NHAN", 30, field_code="DAT_DAI")
    put(c, w, u, "HS_TRUC_TUYEN", 40)
    recompute(c)
    assert att(c, "TL_HS_TRUC_TUYEN", w).denominator == D(100)


def test_unit_target_replaces_the_communes_and_other_units_are_held_to_the_communes():
    c = make_campaign()
    (w,) = weeks(c, date(2026, 1, 5), 1)
    a, b = unit(c, "A"), unit(c, "B")
    for u in (a, b):
        put(c, w, u, "HS_TIEP_NHAN", 100)
        put(c, w, u, "HS_TRUC_TUYEN", 70)
    target(c, "TL_HS_TRUC_TUYEN", 80)
    target(c, "TL_HS_TRUC_TUYEN", 60, unit=a)
    recompute(c)
    assert att(c, "TL_HS_TRUC_TUYEN", w, scope="unit", unit=a).status == "dat"
    assert att(c, "TL_HS_TRUC_TUYEN", w, scope="unit", unit=b).status == "chua_dat"


def test_cumulative_window_differs_from_the_period_window():
    c = make_campaign()
    w1, w2 = weeks(c, date(2026, 1, 5), 2)
    u = unit(c, "A")
    put(c, w1, u, "HS_TIEP_NHAN", 100)
    put(c, w1, u, "HS_TRUC_TUYEN", 50)
    put(c, w2, u, "HS_TIEP_NHAN", 100)
    put(c, w2, u, "HS_TRUC_TUYEN", 100)
    target(c, "TL_HS_TRUC_TUYEN", 80)
    recompute(c)
    period = att(c, "TL_HS_TRUC_TUYEN", w2)
    cumulative = att(c, "TL_HS_TRUC_TUYEN", w2, kind="cumulative")
    assert (period.start, period.end, period.value, period.status) == (
        date(2026, 1, 12),
        date(2026, 1, 18),
        D(100),
        "dat",
    )
    assert (cumulative.start, cumulative.end) == (date(2026, 1, 1), date(2026, 1, 18))
    assert (cumulative.numerator, cumulative.denominator, cumulative.value) == (D(150), D(200), D(75))
    assert cumulative.status == "chua_dat"
    assert period.change == D(50)  # 100% after 50% the week before
    assert period.gap == D(20)


def test_a_huge_value_is_exact():
    c = make_campaign()
    (w,) = weeks(c, date(2026, 1, 5), 1)
    u = unit(c, "A")
    put(c, w, u, "HS_TIEP_NHAN", 10**12)
    put(c, w, u, "HS_TRUC_TUYEN", 10**12 - 1)
    put(c, w, u, "SANG_KIEN", 10**12)
    target(c, "TL_HS_TRUC_TUYEN", 100)
    target(c, "SO_SANG_KIEN", 10**11)
    recompute(c)
    a = att(c, "TL_HS_TRUC_TUYEN", w)
    assert a.numerator == D(10**12 - 1)
    assert a.status == "chua_dat"  # 99.9999999999% shows as 100.00 but is below 100%
    assert att(c, "SO_SANG_KIEN", w).status == "dat"


def test_a_unit_that_joined_late_counts_only_from_then():
    c = make_campaign()
    jan, feb = months(c, 2026, [1, 2])
    early, late = unit(c, "A"), unit(c, "B", joined_on=date(2026, 2, 1))
    for p in (jan, feb):
        put(c, p, early, "HS_TIEP_NHAN", 10)
        put(c, p, early, "HS_TRUC_TUYEN", 10)
        put(c, p, late, "HS_TIEP_NHAN", 10)
        put(c, p, late, "HS_TRUC_TUYEN", 0)
    recompute(c)
    assert att(c, "TL_HS_TRUC_TUYEN", jan).value == D(100)  # B's January figures are ignored
    assert att(c, "TL_HS_TRUC_TUYEN", feb).value == D(50)
    assert att(c, "TL_HS_TRUC_TUYEN", feb, kind="cumulative").denominator == D(30)


def test_village_share_counts_villages_reaching_the_threshold_each_month():
    c = make_campaign()
    jan, feb = months(c, 2026, [1, 2])
    w1, w2, w3, w4, w5 = weeks(c, date(2026, 1, 5), 5)  # w4 = 26/01–01/02 belongs to February
    v1, v2, v3 = (unit(c, f"V0{i}", kind=UnitKind.VILLAGE) for i in (1, 2, 3))
    unit(c, "V04", kind=UnitKind.VILLAGE, joined_on=date(2026, 2, 15))
    put(c, w1, v1, "BUOI_TUYEN_TRUYEN", 1)
    put(c, w2, v2, "BUOI_TUYEN_TRUYEN", 0)
    put(c, w4, v3, "BUOI_TUYEN_TRUYEN", 2)
    put(c, w5, v1, "BUOI_TUYEN_TRUYEN", 1)
    target(c, "TL_THON_TUYEN_TRUYEN", 100)
    recompute(c)
    january = att(c, "TL_THON_TUYEN_TRUYEN", jan)
    assert (january.numerator, january.denominator) == (D(1), D(3))  # V04 joined later
    assert january.value == D("33.3333")
    february = att(c, "TL_THON_TUYEN_TRUYEN", feb)
    # V01 and V03 of four: V04 joined on 15/02 and is judged on February
    assert (february.numerator, february.denominator) == (D(2), D(4))
    week2 = att(c, "TL_THON_TUYEN_TRUYEN", w2)  # month to date: 01/01–18/01
    assert (week2.numerator, week2.denominator) == (D(1), D(3))
    # cumulative to February: only V01 reached the threshold in both months
    assert att(c, "TL_THON_TUYEN_TRUYEN", feb, kind="cumulative").numerator == D(1)
    assert att(c, "TL_THON_TUYEN_TRUYEN", w1, scope="unit", unit=v1).value == D(100)


def test_incremental_recompute_rewrites_only_windows_from_the_given_day():
    c = make_campaign()
    w1, w2 = weeks(c, date(2026, 1, 5), 2)
    u = unit(c, "A")
    put(c, w1, u, "HS_TIEP_NHAN", 10)
    put(c, w1, u, "HS_TRUC_TUYEN", 5)
    late = put(c, w2, u, "HS_TIEP_NHAN", 10)
    put(c, w2, u, "HS_TRUC_TUYEN", 5)
    recompute(c)
    before = att(c, "TL_HS_TRUC_TUYEN", w1)
    late.value = D(5)
    late.save()
    run = campaign_recompute(campaign_id=c.pk, incremental_from=w2.start)
    assert run.state == "done" and run.incremental_from == w2.start
    assert att(c, "TL_HS_TRUC_TUYEN", w1).computed_at == before.computed_at
    assert att(c, "TL_HS_TRUC_TUYEN", w2).value == D(100)
    assert att(c, "TL_HS_TRUC_TUYEN", w2, kind="cumulative").value == D("66.6667")
    # no window is duplicated
    assert Attainment.objects.filter(campaign=c, indicator__code="TL_HS_TRUC_TUYEN", scope_kind="commune").count() == 4


def test_a_survey_round_opens_no_window_and_its_stocks_show_where_its_last_day_falls():
    """Phú Lạc's shape: weekly reports, a Mẫu 02 round over 01/7–30/11 that starts before the push."""
    c = make_campaign(start=date(2025, 10, 30), end=date(2025, 12, 15))
    w1, w2, w3, w4, w5, w6 = weeks(c, date(2025, 10, 30), 6)  # w5 = 27/11–03/12 contains 30/11
    survey = SurveyRoundFactory(campaign=c, window_start=date(2025, 7, 1), window_end=date(2025, 11, 30)).period
    v1, v2 = unit(c, "V01", UnitKind.VILLAGE), unit(c, "V02", UnitKind.VILLAGE)
    for v, people, vneid in ((v1, 400, 300), (v2, 100, 90)):
        put(c, survey, v, "M02_SO_KHAU", people)
        put(c, survey, v, "M02_CO_VNEID", vneid)
    centre = unit(c, "TTPVHCC")
    put(c, w1, centre, "HS_TIEP_NHAN", 10)
    put(c, w1, centre, "HS_TRUC_TUYEN", 9)
    recompute(c)
    assert not Attainment.objects.filter(campaign=c, period=survey).exists()
    # 390 of 500 people = 78%, in the week containing 30/11 and cumulatively from then on
    assert att(c, "TL_VNEID", w5).value == D(78)
    assert att(c, "TL_VNEID", w5, kind="cumulative").value == D(78)
    assert att(c, "TL_VNEID", w6, kind="cumulative").value == D(78)
    assert att(c, "TL_VNEID", w6).status == "khong_co_so_lieu"  # nothing surveyed that week
    assert att(c, "TL_VNEID", w4, kind="cumulative").status == "khong_co_so_lieu"  # before 30/11
    # the weekly flows are not summed over the survey's window
    assert att(c, "TL_HS_TRUC_TUYEN", w2, kind="cumulative").denominator == D(10)
