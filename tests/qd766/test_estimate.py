"""The QĐ 766 estimate against hand-computed scores (issue 18, part 1)."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.models import Qd766Group, Qd766Item
from indicators.qd766 import Line, band_of, commune_estimate, estimate, item_points, table_for

from .conftest import JANUARY

D = Decimal


def _by_code(est):
    return {i.line.code: i for i in est.items}


def _groups(est):
    return {g.code: g.points for g in est.groups}


def test_the_shipped_table_adds_up(db):
    groups = {g.code: g.total_points for g in Qd766Group.objects.all()}
    assert groups == {"CKMB": 18, "TDGQ": 20, "SOHOA": 22, "DVCTT": 22, "HAILONG": 18}
    for code, total in groups.items():
        assert sum(i.max_points for i in Qd766Item.objects.filter(group__code=code)) == total
    assert all(i.threshold > 0 for i in Qd766Item.objects.all())
    assert all(i.note for i in Qd766Item.objects.filter(indicator_code=""))  # each gap says what is assumed


def test_a_table_whose_maxima_do_not_add_up_is_refused():
    from importlib import import_module

    migration = import_module("indicators.migrations.0005_qd766_table")
    bad = [*migration.ITEMS]
    bad[0] = ("CKMB", "1.1", "x", "", "0", "5", "")
    errors = migration.table_errors(migration.GROUPS, bad)
    assert "Chỉ số 1.1: ngưỡng phải lớn hơn 0." in errors
    assert any(e.startswith("Nhóm CKMB: điểm tối đa các chỉ số cộng lại 17") for e in errors)
    assert migration.table_errors(migration.GROUPS, migration.ITEMS) == []


def test_january_hand_computed(setup):
    commune, _c, periods, figures = setup
    figures(periods[1], **JANUARY)
    est = commune_estimate(commune=commune, year=2026, month=1).month_estimate
    items = _by_code(est)
    assert items["3.3"].points == 6  # exactly at the 50% threshold
    assert items["2.1"].points == 16  # 10 supplemented more than once count late: 80 of 100
    assert items["4.4"].points == 1 and items["3.1"].points == 1
    assert items["3.6"].points == D("4.56")
    assert items["5.3"].points == D("5.4")
    assert _groups(est) == {"CKMB": None, "TDGQ": 16, "SOHOA": 8, "DVCTT": D("11.56"), "HAILONG": D("5.4")}
    assert est.score == D("40.96") and est.band == "Yếu"
    assert est.items_with_data == 8 and len(est.items) == 21


def test_above_the_threshold_is_capped(setup):
    commune, _c, periods, figures = setup
    figures(periods[1], HS_TIEP_NHAN=100, HS_TRUC_TUYEN=80)  # 80% against 50%: 9,6 capped at 6
    item = _by_code(commune_estimate(commune=commune, year=2026, month=1).month_estimate)["3.3"]
    assert item.rate == 80 and item.points == 6 and item.fix is None


def test_supplemented_more_than_once_counts_late(setup):
    commune, _c, periods, figures = setup
    figures(periods[1], HS_GIAI_QUYET=100, HS_DUNG_HAN=100)
    assert _by_code(commune_estimate(commune=commune, year=2026, month=1).month_estimate)["2.1"].points == 20
    figures(periods[2], HS_GIAI_QUYET=100, HS_DUNG_HAN=100, HS_BO_SUNG_NHIEU_LAN=25)
    feb = _by_code(commune_estimate(commune=commune, year=2026, month=2).month_estimate)["2.1"]
    assert feb.rate == 75 and feb.points == 15


def test_a_group_with_no_data_gives_no_points_and_says_so(setup):
    commune, _c, periods, figures = setup
    figures(periods[1], HS_TIEP_NHAN=100, HS_TRUC_TUYEN=50)
    est = commune_estimate(commune=commune, year=2026, month=1).month_estimate
    hailong = next(g for g in est.groups if g.code == "HAILONG")
    assert hailong.points is None and hailong.items_with_data == 0  # no score, not 0
    assert all(not i.has_data for i in hailong.items)
    assert est.score == D("6.00") and est.items_with_data == 1
    assert {i.line.code for i in est.missing()} >= {"5.1", "5.2", "5.3", "2.1"}


def test_a_month_with_no_figures_has_no_score_not_zero(setup):
    commune, _c, periods, figures = setup
    figures(periods[1], **JANUARY)
    result = commune_estimate(commune=commune, year=2026, month=3, trend=True)
    assert result.month_estimate.score is None and result.month_estimate.band is None
    assert result.ytd.score == D("40.96")  # the year to date still has January
    assert result.trend == [(1, D("40.96")), (2, None), (3, None)]


def test_year_to_date_adds_flows_and_takes_the_latest_stock(setup):
    commune, _c, periods, figures = setup
    figures(periods[1], HS_TIEP_NHAN=100, HS_TRUC_TUYEN=50, TTHC_DU_DIEU_KIEN=10, TTHC_TOAN_TRINH=4)
    figures(periods[2], HS_TIEP_NHAN=100, HS_TRUC_TUYEN=10, TTHC_DU_DIEU_KIEN=10, TTHC_TOAN_TRINH=8)
    result = commune_estimate(commune=commune, year=2026, month=2)
    month, ytd = _by_code(result.month_estimate), _by_code(result.ytd)
    assert month["3.3"].points == D("1.2")  # 10% × 6 ÷ 50
    assert ytd["3.3"].rate == 30 and ytd["3.3"].points == D("3.6")  # 60 of 200, not an average
    assert ytd["3.1"].points == 2  # the latest stock 8 of 10 = 80%, not 12 of 20


def test_what_to_fix_first_with_the_exact_figure(setup):
    commune, _c, periods, figures = setup
    figures(periods[1], **JANUARY)
    est = commune_estimate(commune=commune, year=2026, month=1).month_estimate
    ranked = est.fix_first()
    assert [i.line.code for i in ranked[:3]] == ["2.1", "4.1", "3.6"]  # 4 lost, 3 lost, 1,44 lost
    pay = next(i for i in ranked if i.line.code == "3.6")
    assert pay.fix.count == 24  # 76 + 24 = 100 of 100; 23 would give 99%
    assert pay.fix.text("trong tháng") == "thêm 24 hồ sơ thanh toán phí, lệ phí trực tuyến trong tháng → +1,44 điểm"
    on_time = next(i for i in ranked if i.line.code == "2.1")
    assert on_time.fix.count == 20  # (80 + 20) of 100


def _line(**kw):
    base = dict(
        group_code="G",
        group_name="G",
        group_total=D(100),
        group_order=1,
        code="9.1",
        name="x",
        indicator_code="X",
        direction="higher",
        threshold=D(100),
        max_points=D(100),
        applies_from=2022,
        note="",
        source="",
        item_id=0,
        adjusted=False,
    )
    return Line(**{**base, **kw})


@pytest.mark.parametrize(
    ("on_time", "band"),
    [
        (7999, "Khá"),
        (8000, "Tốt"),
        (8999, "Tốt"),
        (9000, "Xuất sắc"),
        (6999, "Trung bình"),
        (7000, "Khá"),
        (4999, "Yếu"),
        (5000, "Trung bình"),
    ],
)
def test_band_edges(on_time, band):
    from indicators.qd766 import Terms

    est = estimate(
        [_line()],
        {"X": Terms(("N",), ("D",))},
        {"N": D(on_time), "D": D(10000)},
        start=date(2026, 1, 1),
        end=date(2026, 1, 31),
    )
    assert est.score == D(on_time) / 100 and est.band == band
    assert band_of(D("79.99")) == "Khá" and band_of(D("80.00")) == "Tốt"


def test_lower_is_better_scores_full_at_or_under_the_threshold():
    line = _line(direction="lower", threshold=D(5), max_points=D(4))
    from fractions import Fraction

    assert item_points(Fraction(5), line) == 4 and item_points(Fraction(0), line) == 4
    assert item_points(Fraction(10), line) == 2  # 4 × 5 ÷ 10


def test_table_for_a_year_takes_the_latest_row(setup):
    commune, *_ = setup
    assert next(line for line in table_for(commune=commune, year=2026) if line.code == "3.3").threshold == 50
