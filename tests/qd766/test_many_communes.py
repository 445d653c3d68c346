"""The province page's QĐ 766 column (issue 18 part 1, issue 19 item 3): every commune's year to
date at its latest month with figures, read for all communes in a fixed number of queries, gives
the same score as each commune's own page."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.qd766 import commune_estimate, communes_ytd, latest_month
from tests.indicators.factories import make_campaign, months, put, unit
from tests.org.factories import CommuneFactory

from .conftest import JANUARY

pytestmark = pytest.mark.django_db


def _commune(i: int):
    commune = CommuneFactory(name=f"Xã {i}")
    campaign = make_campaign(commune=commune, code=f"KH-{i}")
    jan, feb, mar = months(campaign, 2026, [1, 2, 3])
    a, b = unit(campaign, f"VP{i}"), unit(campaign, f"CA{i}")
    for code, value in JANUARY.items():
        put(campaign, jan, a, code, value)
    if i % 2:  # February too: flows add up, the stock takes the latest month
        for code, value in JANUARY.items():
            put(campaign, feb, b, code, value + i)
        put(campaign, feb, a, "TTHC_TOAN_TRINH", 8)
        put(campaign, feb, a, "TTHC_DU_DIEU_KIEN", 10)
    if i % 3 == 2:  # a figure not counted (a draft) changes nothing
        put(campaign, mar, a, "HS_TRUC_TUYEN", 100, counted=False)
    return commune


@pytest.mark.parametrize("n", [3, 6])
def test_batched_estimate_equals_each_communes_own_in_a_fixed_number_of_queries(n):
    communes = [_commune(i) for i in range(n)] + [CommuneFactory(name="Xã không số liệu")]
    with CaptureQueriesContext(connection) as ctx:
        many = communes_ytd(communes, today=date(2026, 3, 15))
    assert len(ctx.captured_queries) == 4
    for c in communes[:-1]:
        year, month = latest_month(commune=c)
        own = commune_estimate(commune=c, year=year, month=month).ytd
        assert (many[c.pk].start, many[c.pk].end) == (own.start, own.end)
        assert many[c.pk].exact == own.exact and many[c.pk].band == own.band
        assert [i.points for i in many[c.pk].items] == [i.points for i in own.items]
    assert many[communes[-1].pk] is None
    # hand-computed: Xã 0 has January only — the January estimate, 40,96 Yếu
    assert many[communes[0].pk].score == Decimal("40.96") and many[communes[0].pk].band == "Yếu"
