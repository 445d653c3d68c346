"""Rule 6, windows and scope: "mỗi năm" targets judged on each calendar year (never shrunk by a
cumulative window), per-village monthly targets, and a commune count target that binds no unit.
Every expectation below is counted by hand in the comment beside it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from indicators.engine import build_rows, load
from indicators.models import Attainment
from indicators.runs import campaign_recompute
from indicators.targets import TargetBook
from org.models import UnitKind
from tests.indicators.factories import add_period, att, make_campaign, months, put, target, unit

pytestmark = pytest.mark.django_db


def _quarters(campaign, years):
    out = {}
    for y in years:
        for q in range(4):
            start = date(y, 3 * q + 1, 1)
            end = date(y, 3 * q + 3, {0: 31, 1: 30, 2: 30, 3: 31}[q])
            out[(y, q + 1)] = add_period(campaign, start, end, "quarterly", index=len(out) + 1)
    return out


def _row(campaign, code, period, kind, **scope):
    a = att(campaign, code, period, kind=kind, **scope)
    return a.value, a.target, a.status


def test_a_yearly_count_over_five_years_sums_the_years_on_the_cumulative_window():
    c = make_campaign(start=date(2026, 1, 1), end=date(2030, 12, 31), code="DT-5Y")
    q = _quarters(c, range(2026, 2031))
    vp = unit(c, "VP")
    # sáng kiến: 2026 Q1 1, Q3 1 (= 2); 2027 Q2 1 (= 1); 2028 Q1 3; 2029 Q2 2; 2030 Q4 2 → 10 in all
    for key, n in {(2026, 1): 1, (2026, 3): 1, (2027, 2): 1, (2028, 1): 3, (2029, 2): 2, (2030, 4): 2}.items():
        put(c, q[key], vp, "SANG_KIEN", n)
    target(c, "SO_SANG_KIEN", 2, window="year")  # "Mỗi năm có ít nhất 02 sáng kiến"
    campaign_recompute(campaign_id=c.pk)

    # campaign to date: 2 a year → 2, 4, 6, 8, 10 by the end of each year
    assert _row(c, "SO_SANG_KIEN", q[(2026, 4)], "cumulative") == (D(2), D(2), "dat")
    assert _row(c, "SO_SANG_KIEN", q[(2027, 4)], "cumulative") == (D(3), D(4), "chua_dat")  # 3 < 4
    assert _row(c, "SO_SANG_KIEN", q[(2028, 4)], "cumulative") == (D(6), D(6), "dat")
    assert _row(c, "SO_SANG_KIEN", q[(2029, 4)], "cumulative") == (D(8), D(8), "dat")
    assert _row(c, "SO_SANG_KIEN", q[(2030, 4)], "cumulative") == (D(10), D(10), "dat")
    # inside 2027, on the cumulative window: 2 of 4, the year still runs → not yet "chưa đạt"
    assert _row(c, "SO_SANG_KIEN", q[(2027, 1)], "cumulative") == (D(2), D(4), "chua_het_ky")
    # the year to date: 2027 ends with 1 of 2; 2028 reaches 2 in Q1 already (3)
    assert _row(c, "SO_SANG_KIEN", q[(2027, 4)], "year") == (D(1), D(2), "chua_dat")
    assert _row(c, "SO_SANG_KIEN", q[(2027, 2)], "year") == (D(1), D(2), "chua_het_ky")
    assert _row(c, "SO_SANG_KIEN", q[(2028, 1)], "year") == (D(3), D(2), "dat")
    # a quarter alone never fails a yearly target
    assert _row(c, "SO_SANG_KIEN", q[(2026, 3)], "period") == (D(1), D(2), "chua_het_ky")
    # the target book holds 2 for every year: only the cumulative window sums them
    indicator_id = att(c, "SO_SANG_KIEN", q[(2030, 4)]).indicator_id
    assert TargetBook(c).get(indicator_id, date(2030, 1, 1)).value == D(2)


def test_first_quarter_of_a_year_gives_no_chua_dat_yet_and_the_year_end_does():
    c = make_campaign(start=date(2026, 1, 1), end=date(2026, 12, 31), code="DT-Q1")
    q = _quarters(c, [2026])
    vp, vhxh = unit(c, "VP"), unit(c, "VHXH")
    put(c, q[(2026, 1)], vp, "SANG_KIEN", 1)  # 1 of "≥ 2 mỗi năm"
    put(c, q[(2026, 1)], vhxh, "BUOI_TUYEN_TRUYEN", 4)  # 4 of "≥ 10 buổi mỗi năm"
    target(c, "SO_SANG_KIEN", 2, window="year")
    target(c, "SO_BUOI_TUYEN_TRUYEN", 10, window="year")
    campaign_recompute(campaign_id=c.pk)
    assert _row(c, "SO_SANG_KIEN", q[(2026, 1)], "period") == (D(1), D(2), "chua_het_ky")
    assert _row(c, "SO_SANG_KIEN", q[(2026, 1)], "cumulative") == (D(1), D(2), "chua_het_ky")
    assert _row(c, "SO_BUOI_TUYEN_TRUYEN", q[(2026, 1)], "cumulative") == (D(4), D(10), "chua_het_ky")
    # Q4 closes the year: the cumulative window is the whole year, still 1 of 2 and 4 of 10
    assert _row(c, "SO_SANG_KIEN", q[(2026, 4)], "cumulative") == (D(1), D(2), "chua_dat")
    assert _row(c, "SO_BUOI_TUYEN_TRUYEN", q[(2026, 4)], "cumulative") == (D(4), D(10), "chua_dat")
    # a campaign in one year has no separate year-to-date rows (the cumulative window is it)
    assert not Attainment.objects.filter(campaign=c, window_kind="year").exists()


def test_a_per_village_monthly_target_with_one_village_short():
    c = make_campaign(start=date(2026, 6, 1), end=date(2026, 12, 31), code="CL-THON")
    june, july = months(c, 2026, [6, 7])
    v1, v2, v3 = (unit(c, f"V0{i}", kind=UnitKind.VILLAGE) for i in (1, 2, 3))
    dept = unit(c, "VHXH")
    # June: V01 2 buổi, V02 1, V03 0; the department held 0 (it is no village)
    for u, n in ((v1, 2), (v2, 1), (v3, 0), (dept, 0)):
        put(c, june, u, "BUOI_TUYEN_TRUYEN", n)
    # "mỗi thôn … ít nhất 01 lần/tháng"
    target(c, "SO_BUOI_TUYEN_TRUYEN", 1, window="month", applies_to="each_unit", unit_kind=UnitKind.VILLAGE)
    campaign_recompute(campaign_id=c.pk)
    assert _row(c, "SO_BUOI_TUYEN_TRUYEN", june, "period", scope="unit", unit=v1) == (D(2), D(1), "dat")
    assert _row(c, "SO_BUOI_TUYEN_TRUYEN", june, "period", scope="unit", unit=v2) == (D(1), D(1), "dat")
    assert _row(c, "SO_BUOI_TUYEN_TRUYEN", june, "period", scope="unit", unit=v3) == (D(0), D(1), "chua_dat")
    # the department is not a village; the commune's 3 buổi carry no target of their own
    dept_row = att(c, "SO_BUOI_TUYEN_TRUYEN", june, scope="unit", unit=dept)
    assert (dept_row.target, dept_row.display_status) == (None, "chua_giao_chi_tieu")
    commune = att(c, "SO_BUOI_TUYEN_TRUYEN", june)
    assert (commune.value, commune.target, commune.display_status) == (D(3), None, "chua_giao_chi_tieu")
    # a month target says nothing of the June–July cumulative window
    assert att(c, "SO_BUOI_TUYEN_TRUYEN", july, kind="cumulative", scope="unit", unit=v3).target is None


def test_a_commune_count_target_binds_no_unit_but_a_rate_target_binds_every_unit():
    c = make_campaign(start=date(2026, 1, 1), end=date(2026, 12, 31), code="PL-SCOPE")
    (jan,) = months(c, 2026, [1])
    v1, v2, v3 = (unit(c, f"V0{i}", kind=UnitKind.VILLAGE) for i in (1, 2, 3))
    centre = unit(c, "TTPVHCC", kind=UnitKind.CENTRE)
    for v in (v1, v2, v3):
        put(c, jan, v, "BUOI_TUYEN_TRUYEN", 3)  # 9 in the commune
    put(c, jan, centre, "HS_TIEP_NHAN", 50)
    put(c, jan, centre, "HS_TRUC_TUYEN", 44)  # 88 %
    target(c, "SO_BUOI_TUYEN_TRUYEN", 10)  # "ít nhất 10 buổi": the commune's total
    target(c, "TL_HS_TRUC_TUYEN", 90)  # a rate: every unit
    campaign_recompute(campaign_id=c.pk)
    assert _row(c, "SO_BUOI_TUYEN_TRUYEN", jan, "period") == (D(9), D(10), "chua_dat")
    for v in (v1, v2, v3):  # before rule 6 said so, each village was held to 10 and failed
        row = att(c, "SO_BUOI_TUYEN_TRUYEN", jan, scope="unit", unit=v)
        assert (row.value, row.target, row.display_status) == (D(3), None, "chua_giao_chi_tieu")
    assert _row(c, "TL_HS_TRUC_TUYEN", jan, "period", scope="unit", unit=centre) == (D(88), D(90), "chua_dat")


def test_engine_rows_are_the_same_whether_streamed_or_listed_with_year_windows():
    c = make_campaign(start=date(2026, 10, 1), end=date(2027, 12, 31), code="DT-2Y")
    q = _quarters(c, [2027])
    q4 = add_period(c, date(2026, 10, 1), date(2026, 12, 31), "quarterly", index=0)
    vp = unit(c, "VP")
    put(c, q4, vp, "SANG_KIEN", 2)
    put(c, q[(2027, 1)], vp, "SANG_KIEN", 1)
    target(c, "SO_SANG_KIEN", 2, window="year")
    data = load(c)
    rows = build_rows(data, TargetBook(c))
    year_rows = [r for r in rows if r[2] == "year" and r[6] == "commune"]
    # 2027 starts after the campaign: its year to date from 01/01/2027, 1 of 2 in Q1
    first = sorted(year_rows, key=lambda r: r[5])[0]
    assert (first[4], first[5], first[9], first[12], first[15]) == (
        date(2027, 1, 1),
        date(2027, 3, 31),
        D(1),
        D(2),
        "chua_het_ky",
    )
    # cumulative to Q1 2027 covers 2026 (2) and 2027 (2): 3 of 4
    cum = [r for r in rows if r[2] == "cumulative" and r[6] == "commune" and r[5] == date(2027, 3, 31)][0]
    assert (cum[9], cum[12], cum[15]) == (D(3), D(4), "chua_het_ky")


def test_the_set_up_service_saves_window_and_scope_refuses_a_bad_choice_and_keeps_what_a_row_omits():
    from django.core.exceptions import ValidationError

    from indicators.models import Target
    from indicators.validation import TargetRow, targets_save
    from tests.indicators.factories import indicator

    c = make_campaign(code="DT-SETUP")
    initiatives = indicator("SO_SANG_KIEN")
    with pytest.raises(ValidationError, match="Dòng 1 \\(SO_SANG_KIEN\\), xét theo: giá trị «thap_ky» không hợp lệ"):
        targets_save(campaign=c, rows=[TargetRow(indicator=initiatives, value=D(2), window="thap_ky")])
    assert not Target.objects.filter(campaign=c).exists()
    commune, each = targets_save(
        campaign=c,
        rows=[
            TargetRow(indicator=initiatives, value=D(2), window="year"),
            TargetRow(indicator=initiatives, value=D(1), window="year", applies_to="each_unit", unit_kind="department"),
        ],
    )
    assert (each.applies_to, each.unit_kind, each.window) == ("each_unit", "department", "year")
    # the existing page's form does not send the window: saving again keeps "mỗi năm"
    targets_save(campaign=c, rows=[TargetRow(indicator=initiatives, value=D(3), id=commune.pk)])
    commune.refresh_from_db()
    assert (commune.value, commune.window) == (D(3), "year")
