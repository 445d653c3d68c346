"""The province page (issue 15 item 6, issue 19 item 3): the total row is the ratio of the
communes' sums, the page downloads as xlsx and CSV with numerator, denominator and rate in their
own numeric columns, it is read in a fixed number of queries however many communes, and its
cache never outlives a change of the figures."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.province import _completeness_many, campaign_groups
from indicators.models import Attainment, ComputeRun
from reporting.selectors import completeness
from tests.dashboards.builders import VN, campaign_with_weeks, indicator, row
from tests.indicators.factories import ComputeRunFactory, FormElementFactory, element, put
from tests.org.factories import CommuneFactory, UnitFactory
from tests.qd766.conftest import JANUARY
from tests.reporting.factories import UnitReportFactory

PERFECT = {code: 10 if code.startswith("TTHC") else 100 for code in JANUARY} | {"HS_BO_SUNG_NHIEU_LAN": 0}

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 11, 27, 15, 0, tzinfo=VN)  # weeks 1–4 are over
URL = reverse("dashboards:province_home")


def get(client, user, **params):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(URL, params)


def ratio_row(campaign, period, code, num, den, status="chua_dat"):
    a = row(campaign, indicator(code), period, value=Decimal(num) * 100 / Decimal(den), status=status)
    a.numerator, a.denominator = Decimal(num), Decimal(den)
    return a


@pytest.fixture
def two(world):
    """A1 online 90/100 (90 %), A2 10/50 (20 %): the province is 100/150 = 66,67 %, while an
    average of the rates would say 55 %."""
    c1, p1 = campaign_with_weeks(world.a1, code="PUSH1")
    c2, p2 = campaign_with_weeks(world.a2, code="PUSH2")
    Attainment.objects.bulk_create(
        [
            ratio_row(c1, p1[3], "TL_HS_TRUC_TUYEN", 90, 100),
            ratio_row(c2, p2[3], "TL_HS_TRUC_TUYEN", 10, 50),
        ]
    )
    return (c1, p1), (c2, p2)


def test_total_row_is_the_ratio_of_the_communes_sums_not_the_average_of_rates(client, world, two):
    html = get(client, world.province).content.decode()
    total = html[html.index('id="province-total"') : html.index("</tfoot>")]
    assert "66,67%" in total and "100/150" in total
    assert "55,00%" not in total
    assert "90,00%" in html and "20,00%" in html and "90/100" in html


def test_xlsx_has_numerator_denominator_and_rate_in_numeric_columns_and_the_total_row(client, world, two):
    world.a2.name = '=HYPERLINK("http://x.example","Bấm")'
    world.a2.save()
    r = get(client, world.province, _export="xlsx")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.xlsx"')
    ws = load_workbook(io.BytesIO(r.content)).active
    head = [c.value for c in ws[2]]
    name = indicator("TL_HS_TRUC_TUYEN").name
    num, den, rate = (head.index(f"{name} – {w}") + 1 for w in ("tử số", "mẫu số", "tỷ lệ (%)"))
    lines = {ws.cell(i, 1).value: i for i in range(3, ws.max_row + 1)}
    a1, total = lines[world.a1.name], lines["Toàn tỉnh (tỷ lệ của tổng các xã)"]
    assert (ws.cell(a1, num).value, ws.cell(a1, den).value, ws.cell(a1, rate).value) == (90, 100, 90)
    assert (ws.cell(total, num).value, ws.cell(total, den).value, ws.cell(total, rate).value) == (100, 150, 66.67)
    assert ws.cell(total, rate).data_type == "n"
    hostile = ws.cell(lines[world.a2.name], 1)
    assert hostile.data_type == "s" and hostile.value.startswith("=HYPERLINK")  # text shown, never run
    assert ws.freeze_panes == "B3"


def test_csv_has_the_same_numeric_columns_and_total(client, world, two):
    r = get(client, world.province, _export="csv")
    assert r["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    name = indicator("TL_HS_TRUC_TUYEN").name
    col = lines[0].index(f"{name} – tỷ lệ (%)")
    by_name = {line[0]: line for line in lines[1:]}
    total = by_name["Toàn tỉnh (tỷ lệ của tổng các xã)"]
    assert total[col - 2 : col + 1] == ["100", "150", "66.67"]
    assert by_name[world.a2.name][col - 2 : col + 1] == ["10", "50", "20"]


def test_sticky_commune_column_and_download_links(client, world, two):
    html = get(client, world.province).content.decode()
    table = html[html.index('id="province-table"') :]
    assert table.index('<th class="sticky" scope="col">Xã</th>') < table.index("Hạng")
    assert "_export=xlsx" in html and "_export=csv" in html


def test_a_changed_figure_is_visible_on_the_next_read(client, world, two):
    (c1, p1), _ = two
    assert "90,00%" in get(client, world.province).content.decode()  # now cached
    # the engine writes every result inside a compute run: the run changes the version stamp
    a = Attainment.objects.get(campaign=c1, period=p1[3])
    a.numerator, a.value = Decimal(95), Decimal(95)
    a.save()
    ComputeRunFactory(campaign=c1, state="done")
    html = get(client, world.province).content.decode()
    assert "95,00%" in html and "90,00%" not in html
    total = html[html.index('id="province-total"') : html.index("</tfoot>")]
    assert "70,00%" in total  # (95 + 10) / 150


def test_a_warm_read_does_not_rebuild(client, world, two, django_assert_max_num_queries):
    get(client, world.province)
    client.force_login(world.province)
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200


def _big_province(world, n: int, qd766: bool = False):
    """``n`` communes of province A running the same push, each with two units, two indicators
    and reports in two of its four closed weeks; with ``qd766`` the QĐ 766 figures of week 2:
    commune 0 the hand-computed January of tests/qd766 (40,96 Yếu), commune 1 every rate at
    100 % (52,00 Trung bình: the items the figures allow), the others none."""
    vneid = indicator("TL_VNEID")
    rows, reports = [], []
    for i in range(n):
        commune = CommuneFactory(province=world.province_a, name=f"Xã {i:03d}")
        units = [UnitFactory(commune=commune, code=f"U{i}A"), UnitFactory(commune=commune, code=f"U{i}B")]
        campaign, periods = campaign_with_weeks(commune, code=f"P{i:03d}", units=units)
        if qd766 and i < 2:
            for code, value in (JANUARY if i == 0 else PERFECT).items():
                put(campaign, periods[1], units[0], code, value)
        FormElementFactory(campaign=campaign, element=element("HS_TIEP_NHAN"), unit_kind="department")
        rows.append(ratio_row(campaign, periods[3], "TL_HS_TRUC_TUYEN", 50 + i % 50, 100))
        rows.append(row(campaign, vneid, periods[3], value=Decimal(i % 7), status="dat"))
        for p in periods[:2]:
            reports.append(
                UnitReportFactory.build(
                    campaign=campaign, unit=units[0], period=p, status="submitted", first_submitted_at=p.deadline
                )
            )
    Attainment.objects.bulk_create(rows)
    from reporting.models import UnitReport

    UnitReport.objects.bulk_create(reports)


def test_province_of_100_communes_reads_in_at_most_15_queries(client, world, django_assert_max_num_queries):
    _big_province(world, 100)
    client.force_login(world.province)
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(15):
        r = client.get(URL)
    html = r.content.decode()
    assert html.count("<tr data-commune=") == 100
    # Σ (50 … 99) over Σ 100 × 100: 7450 / 10000 = 74,50 %
    total = html[html.index('id="province-total"') : html.index("</tfoot>")]
    assert "74,50%" in total and "7.450/10.000" in total


def test_batched_completeness_agrees_with_the_per_commune_one(world):
    _big_province(world, 5)
    with time_machine.travel(NOW, tick=False):
        group = campaign_groups(world.province_a)[0]
        many = _completeness_many(
            campaigns=group.campaigns, cadences={c.pk: "weekly" for c in group.campaigns}, now=NOW
        )
        for c in group.campaigns:
            one = completeness(campaign=c, now=NOW, cadence="weekly").total
            assert many[c.pk] == one
            assert (one.expected, one.received) == (2 * 5, 2)  # two units × five started weeks; two sent
    assert ComputeRun.objects.count() == 0


def _queries(client, user, **params) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as ctx:
        r = client.get(URL, params)
    assert r.status_code == 200
    return len(ctx.captured_queries), r.content.decode()


def _qd766_cell(html: str, name: str) -> str:
    start = html.index(f">{name}</a>")
    cell = html[html.index('class="num qd766"', start) :]
    return cell[: cell.index("</td>")]


@pytest.fixture
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_qd766_band_column_in_the_page_in_the_same_queries_for_3_and_6_communes(client, world, fresh_cache):
    counts = []
    for n in (3, 6):
        from campaigns.models import Campaign

        Campaign.objects.filter(commune__province=world.province_a).delete()
        _big_province(world, n, qd766=True)
        count, html = _queries(client, world.province)
        counts.append(count)
        assert html.count("<tr data-commune=") == n
        first, second = _qd766_cell(html, "Xã 000"), _qd766_cell(html, "Xã 001")
        assert "40,96" in first and "Yếu" in first and "đến hết 11/2025" in first
        assert "52,00" in second and "Trung bình" in second
        assert "Không có số liệu" in _qd766_cell(html, "Xã 002")
    assert counts[0] == counts[1] and counts[0] <= 15, counts


def test_qd766_band_in_the_xlsx_and_csv(client, world, fresh_cache):
    _big_province(world, 3, qd766=True)
    from dashboards.province_export import QD766_BAND, QD766_SCORE

    ws = load_workbook(io.BytesIO(get(client, world.province, _export="xlsx").content)).active
    head = [c.value for c in ws[2]]
    score, band = head.index(QD766_SCORE) + 1, head.index(QD766_BAND) + 1
    lines = {ws.cell(i, 1).value: i for i in range(3, ws.max_row + 1)}
    assert (ws.cell(lines["Xã 000"], score).value, ws.cell(lines["Xã 000"], band).value) == (40.96, "Yếu")
    assert (ws.cell(lines["Xã 001"], score).value, ws.cell(lines["Xã 001"], band).value) == (52, "Trung bình")
    assert (ws.cell(lines["Xã 002"], score).value, ws.cell(lines["Xã 002"], band).value) == (None, "Không có số liệu")
    assert ws.cell(lines["Xã 000"], score).data_type == "n"
    rows = list(csv.reader(io.StringIO(get(client, world.province, _export="csv").content.decode("utf-8-sig"))))
    by_name = {line[0]: line for line in rows[1:]}
    col = rows[0].index(QD766_SCORE)
    assert by_name["Xã 000"][col : col + 2] == ["40.96", "Yếu"]
    assert by_name["Xã 002"][col : col + 2] == ["", "Không có số liệu"]


def test_province_while_another_request_rebuilds_serves_the_previous_page_marked(client, world, two, fresh_cache):
    from django.core.cache import cache

    from dashboards import page_cache
    from dashboards.province import campaign_groups, province_version

    (c1, p1), _ = two
    assert "90,00%" in get(client, world.province).content.decode()
    a = Attainment.objects.get(campaign=c1, period=p1[3])
    a.numerator, a.value = Decimal(95), Decimal(95)
    a.save()
    ComputeRunFactory(campaign=c1, state="done")
    group = campaign_groups(world.province_a)[0]
    with time_machine.travel(NOW, tick=False):
        stamp = province_version(campaign_ids=[c.pk for c in group.campaigns], now=NOW)
    key = f"dashboards:province:{world.province_a.pk}:{page_cache.digest(group.key)}"
    lock = page_cache.lock_key(key, stamp)
    assert cache.add(lock, 1, 30)  # another request is rebuilding
    html = get(client, world.province).content.decode()
    assert "90,00%" in html and "Số liệu mới đang được cập nhật; trang này tính lúc 15:00 27/11/2025" in html
    cache.delete(lock)  # it finished (or died): the next read builds the new page
    html = get(client, world.province).content.decode()
    assert "95,00%" in html and "Tính lúc 15:00 27/11/2025" in html and "đang được cập nhật" not in html
