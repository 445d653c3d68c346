"""The Tổng table: sums, rates from summed counts (rule 1), no data is not zero (rule 5)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from households import services
from households.selectors import round_table
from tests.org.factories import UnitFactory

from .factories import GOOD

pytestmark = pytest.mark.django_db


def put(m02, village, key, **figures):
    services.village_return_submit(
        user=m02.w.centre, survey_round=m02.round, village=village, figures=figures, idempotency_key=key
    )


def test_empty_round_has_no_data_rates_not_zero(m02):
    table = round_table(survey_round=m02.round)
    assert table.vneid_rate is None and table.rated_rate is None
    assert [r.status for r in table.rows] == ["overdue", "overdue"]  # the due day (10/12/2025) has passed
    assert table.total["so_khau"] is None  # rule 5: no counted village is no data, not a Tổng of 0


def test_rates_come_from_summed_counts_not_averages(m02):
    small = dict(so_ho=1, so_khau=2, co_vneid=1, chua_vneid=1, hs_truc_tuyen=0, hs_kq_dien_tu=0, ho_danh_gia=0)
    big = dict(so_ho=50, so_khau=200, co_vneid=150, chua_vneid=50, hs_truc_tuyen=9, hs_kq_dien_tu=9, ho_danh_gia=50)
    put(m02, m02.w.a1_v1, "a", **small)
    put(m02, m02.w.a1_v2, "b", **big)
    table = round_table(survey_round=m02.round)
    assert [r.vneid_rate for r in table.rows] == [Decimal("50.00"), Decimal("75.00")]
    # 151 / 202 = 74.75 %, not the average of 50 % and 75 % (62.5 %)
    assert table.vneid_rate == Decimal("74.75")
    # 50 / 51 = 98.04 %
    assert table.rated_rate == Decimal("98.04")
    assert table.total == {
        "so_ho": 51,
        "so_khau": 202,
        "co_vneid": 151,
        "chua_vneid": 51,
        "hs_truc_tuyen": 9,
        "hs_kq_dien_tu": 9,
        "ho_danh_gia": 50,
    }


@time_machine.travel(dt.datetime(2025, 12, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
def test_returned_village_leaves_the_total_and_is_listed_as_not_submitted(m02):
    put(m02, m02.w.a1_v1, "a", **GOOD)
    put(m02, m02.w.a1_v2, "b", **GOOD)
    ret = m02.w.a1_v2.survey_returns.get()
    services.village_return_send_back(user=m02.w.centre, village_return=ret, reason="Sai số hộ")
    table = round_table(survey_round=m02.round)
    assert table.total["so_khau"] == 450
    assert table.missing == [m02.w.a1_v2]
    assert [r.status_label for r in table.rows] == ["Đã nộp", "Trả lại"]


def test_tong_page_query_count_does_not_grow_with_villages(client, m02, django_assert_max_num_queries):
    for i in range(3, 40):
        village = UnitFactory(commune=m02.w.a1, code=f"V{i:02d}", kind="village", order=100 + i)
        put(m02, village, f"k{i}", **GOOD)
    client.force_login(m02.w.centre)
    with django_assert_max_num_queries(12):
        res = client.get(reverse("households:tong", args=[m02.round.pk]))
    assert res.status_code == 200
    html = res.content.decode()
    assert "Đã nộp 37/39 xóm" in html
    # 37 × 400 / (37 × 450) = 88,89 %
    assert "88,89%" in html
