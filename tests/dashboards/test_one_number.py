"""One number per figure (issue 12): 2600 of 3000 is 86,67% on the dashboard, in the CLI and in
the documents (the engine stores 86.6667; the page used to truncate it to 86,66%), and a value
without a target reads "Chưa giao chỉ tiêu", never "Không có số liệu" (issue 12, item 5)."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import time_machine
from django.core.management import call_command
from django.urls import reverse

from documents.exporters import fmt_pct
from indicators.models import Attainment
from indicators.rules import ratio_value
from tests.dashboards.builders import VN, campaign_with_weeks, indicator, row

NOW = datetime(2025, 11, 27, 15, 0, tzinfo=VN)


def _campaign(world):
    campaign, periods = campaign_with_weeks(world.a1, units=[world.a1_dept])
    online, sessions = indicator("TL_HS_TRUC_TUYEN"), indicator("SO_BUOI_TUYEN_TRUYEN")
    stored = ratio_value(Decimal(2600), Decimal(3000))
    assert stored == Decimal("86.6667")
    rows = []
    for p in periods[:4]:
        for cumulative in (True, False):
            rows.append(row(campaign, online, p, value=stored, status="chua_dat", cumulative=cumulative))
            # figures but no target in force: the engine stores khong_co_so_lieu with the value
            rows.append(
                row(
                    campaign,
                    sessions,
                    p,
                    value=Decimal(12),
                    target=None,
                    status="khong_co_so_lieu",
                    cumulative=cumulative,
                )
            )
    Attainment.objects.bulk_create(rows)
    return campaign, periods


def _indicator_page(client, campaign, code: str) -> str:
    """The indicator's page, where the trend table of every indicator lives (the dashboard keeps
    the charts of those off target only)."""
    url = reverse("dashboards:indicator_detail", args=[campaign.pk, indicator(code).pk])
    with time_machine.travel(NOW, tick=False):
        return client.get(url).content.decode()


def test_dashboard_cli_and_documents_print_86_67_for_2600_of_3000(client, world):
    campaign, periods = _campaign(world)
    client.force_login(world.leader)
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("dashboards:dashboard", args=[campaign.pk])).content.decode()
    assert "86,66" not in html
    start = html.index('data-indicator="TL_HS_TRUC_TUYEN"')
    assert "86,67%" in html[start : html.index("</article>", start)]  # the tile
    assert '<td class="num">86,67%</td>' in _indicator_page(client, campaign, "TL_HS_TRUC_TUYEN")  # trend table
    assert fmt_pct(Decimal("86.6667")) == "86,67%"  # the PDF's text
    out = io.StringIO()
    call_command("attainment", campaign.code, "--no-recompute", "--period", periods[3].start.isoformat(), stdout=out)
    assert f"TL_HS_TRUC_TUYEN,{campaign.commune.code}," in out.getvalue()
    assert ",86.67,92.00,," in out.getvalue()


def test_a_value_without_a_target_is_chua_giao_chi_tieu_in_the_csv_and_the_trend_table(client, world):
    campaign, periods = _campaign(world)
    out = io.StringIO()
    call_command("attainment", campaign.code, "--no-recompute", "--period", periods[3].start.isoformat(), stdout=out)
    code, day = campaign.commune.code, periods[3]
    assert (
        f"SO_BUOI_TUYEN_TRUYEN,{code},{day.start.isoformat()},{day.end.isoformat()},,,12,,,chua_giao_chi_tieu"
        in out.getvalue().splitlines()
    )
    client.force_login(world.leader)
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("dashboards:dashboard", args=[campaign.pk])).content.decode()
    # folded away under "chỉ số chưa giao chỉ tiêu", with its value (not "no data")
    folded = html[html.index('id="untargeted"') : html.index("</details>", html.index('id="untargeted"'))]
    assert "1 chỉ số chưa giao chỉ tiêu" in folded
    start = folded.index('data-indicator="SO_BUOI_TUYEN_TRUYEN"')
    row = folded[start : folded.index("</tr>", start)]
    assert '<td class="num">12</td>' in row and "Không có số liệu" not in row
    trend = _indicator_page(client, campaign, "SO_BUOI_TUYEN_TRUYEN")
    rows = [r for r in trend.split("<tr>") if r.startswith("<td>Tuần") and '<td class="num">12</td>' in r]
    assert len(rows) == 4
    assert all("Chưa giao chỉ tiêu" in r and "Không có số liệu" not in r for r in rows)
