"""The centre adjusts the QĐ 766 thresholds for a year on a page (issue 18, part 1): the score
follows, every change is audited, bad input (0, not a number, a stale page) saves nothing, and
only the centre gets the page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Qd766ThresholdChange
from indicators.qd766 import commune_estimate, table_for
from tests.factories import member

from .conftest import JANUARY


@pytest.fixture
def centre_page(setup, client):
    commune, _c, periods, figures = setup
    figures(periods[1], **JANUARY)
    user = member("centre", commune=commune)
    client.force_login(user)
    return commune, client, user, reverse("dashboards:qd766_thresholds", args=[commune.pk])


def _post(client, url, **typed):
    data = {"nam": "2026"}
    for code, (was, new) in typed.items():
        data[f"t_{code}"], data[f"was_{code}"] = new, was
    return client.post(url, data, follow=True)


def test_the_centre_raises_a_threshold_the_score_follows_and_the_change_is_audited(centre_page):
    commune, client, user, url = centre_page
    page = client.get(url).content.decode()
    assert 'name="t_3.3" value="50,00"' in page
    r = _post(client, url, **{"3.3": ("50.00", "62,5"), "2.1": ("100.00", "100")})
    assert "Đã lưu ngưỡng năm 2026: 3.3." in r.content.decode()
    # 3.3: 50 % of 62,5 → 6 × 50 ÷ 62,5 = 4,80 instead of 6,00: 40,96 − 1,20 = 39,76
    est = commune_estimate(commune=commune, year=2026, month=1).month_estimate
    assert est.score == Decimal("39.76")
    change = Qd766ThresholdChange.objects.get()
    assert (change.code, change.year, change.old_threshold, change.new_threshold, change.changed_by) == (
        "3.3",
        2026,
        Decimal("50"),
        Decimal("62.5"),
        user,
    )
    assert '50,00%</td><td class="num">62,50%' in client.get(url).content.decode()  # the audit trail on the page
    # the year before keeps the shipped threshold
    assert next(line for line in table_for(commune=commune, year=2025) if line.code == "3.3").threshold == 50


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "Chỉ số 3.3: ngưỡng phải lớn hơn 0 và không quá 100%."),
        ("120", "Chỉ số 3.3: ngưỡng phải lớn hơn 0 và không quá 100%."),
        ("năm mươi", "Chỉ số 3.3: ngưỡng “năm mươi” không phải là số"),
        ("1.234,5", "Chỉ số 3.3: ngưỡng “1.234,5” không đúng dạng số"),
    ],
)
def test_a_bad_threshold_is_refused_naming_the_line_and_nothing_is_saved(centre_page, typed, message):
    commune, client, _user, url = centre_page
    # 2.1 is typed correctly on the same page: all or nothing
    r = _post(client, url, **{"2.1": ("100.00", "90"), "3.3": ("50.00", typed)})
    assert r.status_code == 200 and message in r.content.decode()
    assert not Qd766ThresholdChange.objects.exists()
    assert {line.code: line.threshold for line in table_for(commune=commune, year=2026)}["2.1"] == 100


def test_a_page_read_before_someone_else_changed_the_threshold_is_refused(centre_page):
    commune, client, _user, url = centre_page
    _post(client, url, **{"3.3": ("50.00", "60")})
    r = _post(client, url, **{"3.3": ("50.00", "70")})  # the stale page still showed 50
    assert "Chỉ số 3.3: ngưỡng vừa được người khác sửa (nay là 60,00%)" in r.content.decode()
    assert Qd766ThresholdChange.objects.count() == 1
    assert next(line for line in table_for(commune=commune, year=2026) if line.code == "3.3").threshold == 60


def test_only_the_centre_gets_the_page_and_the_link(setup, client):
    commune, *_ = setup
    url = reverse("dashboards:qd766_thresholds", args=[commune.pk])
    client.force_login(member("leadership", commune=commune))
    assert client.get(url).status_code == 404
    assert client.post(url, {"nam": "2026", "t_3.3": "1", "was_3.3": "50.00"}).status_code == 404
    assert 'id="qd766-adjust"' not in client.get(reverse("dashboards:qd766", args=[commune.pk])).content.decode()
    assert not Qd766ThresholdChange.objects.exists()
    client.force_login(member("centre", commune=commune))
    assert 'id="qd766-adjust"' in client.get(reverse("dashboards:qd766", args=[commune.pk])).content.decode()
