from decimal import Decimal

import pytest
from django.core.cache import cache

from indicators.models import Attainment, Field
from tests.dashboards.builders import campaign_with_weeks, indicator, row
from tests.indicators.factories import put, target


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: SQLite reuses ids after a rolled-back test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def push(world):
    w = world
    campaign, periods = campaign_with_weeks(w.a1, units=[w.a1_dept, w.a1_police, w.a1_v1, w.a1_v2])
    online, vneid = indicator("TL_HS_TRUC_TUYEN"), indicator("TL_VNEID")
    rows = []
    # commune, per period: 80, (no data), 91.99, 92 → cumulative to week 4: 92.50 đạt
    for p, v, s in zip(
        periods[:4], ["80", None, "91.99", "92"], ["chua_dat", "khong_co_so_lieu", "chua_dat", "dat"], strict=True
    ):
        rows.append(row(campaign, online, p, value=v and Decimal(v), status=s, cumulative=False))
    for p, v, s in zip(
        periods[:4], ["80", "80", "88", "92.5"], ["chua_dat", "chua_dat", "chua_dat", "dat"], strict=True
    ):
        rows.append(row(campaign, online, p, value=Decimal(v), status=s, change=Decimal("4.5")))
    # VNeID: no data anywhere (rule 5: shown as "không có số liệu", not 0%)
    rows.append(row(campaign, vneid, periods[3], value=None, status="khong_co_so_lieu", target=Decimal("80")))
    # units, cumulative to week 4: computed on demand from their figures (issue 19), against
    # the commune's rate targets (≥ 92 %, ≥ 80 %), which bind every unit (rule 6)
    target(campaign, "TL_HS_TRUC_TUYEN", 92)
    target(campaign, "TL_VNEID", 80)
    for u, online_n, received in ((w.a1_dept, 95, 100), (w.a1_police, 50, 100)):  # 95 % đạt, 50 % chưa đạt
        put(campaign, periods[3], u, "HS_TRUC_TUYEN", online_n)
        put(campaign, periods[3], u, "HS_TIEP_NHAN", received)
    for u, with_id, people in ((w.a1_v1, 57, 80), (w.a1_v2, 85, 100)):  # 71.25 % chưa đạt, 85 % đạt
        put(campaign, periods[3], u, "M02_CO_VNEID", with_id)
        put(campaign, periods[3], u, "M02_SO_KHAU", people)
    # a field: đất đai
    land = Field.objects.get(code="DAT_DAI")
    rows.append(row(campaign, online, periods[3], field=land, value=Decimal("61.10"), status="chua_dat"))
    Attainment.objects.bulk_create(rows)
    return campaign, periods
