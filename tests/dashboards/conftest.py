from decimal import Decimal

import pytest
from django.core.cache import cache

from indicators.models import Attainment, Field
from tests.dashboards.builders import campaign_with_weeks, indicator, row


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
    # units, cumulative to week 4
    rows.append(row(campaign, online, periods[3], unit=w.a1_dept, value=Decimal("95"), status="dat"))
    rows.append(row(campaign, online, periods[3], unit=w.a1_police, value=Decimal("50"), status="chua_dat"))
    rows.append(row(campaign, vneid, periods[3], unit=w.a1_v1, value=Decimal("71.25"), status="chua_dat"))
    rows.append(row(campaign, vneid, periods[3], unit=w.a1_v2, value=Decimal("85"), status="dat"))
    # a field: đất đai
    land = Field.objects.get(code="DAT_DAI")
    rows.append(row(campaign, online, periods[3], field=land, value=Decimal("61.10"), status="chua_dat"))
    Attainment.objects.bulk_create(rows)
    return campaign, periods
