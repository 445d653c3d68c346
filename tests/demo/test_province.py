"""The whole ``seed_demo`` as the province sees it: four Thái Nguyên communes with figures, the
engine's results ranking them, Mẫu 02 returns from most villages at different levels, and a
second run that leaves the same data."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _seed():
    with time_machine.travel(datetime(2026, 11, 22, 9, 0, tzinfo=VN), tick=True):
        call_command("seed_demo", stdout=io.StringIO())


def _results():
    from indicators.models import Attainment

    return sorted(
        (
            (c, i, str(p), str(n), str(d), str(v), s)
            for c, i, p, n, d, v, s in Attainment.objects.filter(
                scope_kind="commune", window_kind="cumulative"
            ).values_list(
                "campaign__code", "indicator__code", "period__start", "numerator", "denominator", "value", "status"
            )
        ),
    )


def test_province_sees_four_pushes_with_figures_ranked_and_a_second_run_changes_nothing():
    from campaigns.models import Campaign
    from households.models import VillageReturn
    from indicators.models import Attainment
    from indicators.selectors import latest_closed_period

    _seed()
    status = {}
    for code in ("PL-45N-2025", "LB-45N-2025", "PX-45N-2025", "QC-45N-2025"):
        campaign = Campaign.objects.get(code=code)
        period = latest_closed_period(campaign)
        rows = {
            a.indicator.code: a
            for a in Attainment.objects.filter(
                campaign=campaign, window_kind="cumulative", scope_kind="commune", period=period
            ).select_related("indicator")
        }
        # every target of the push has a figure: no "không có số liệu" in the province view
        assert all(r.status != "khong_co_so_lieu" for r in rows.values() if r.target is not None), code
        status[code] = sum(r.status == "dat" for r in rows.values())
        returns = VillageReturn.objects.filter(survey_round__campaign=campaign)
        villages = campaign.commune.units.filter(kind="village").count()
        assert returns.count() == villages - 1, code  # most villages: all but V01
        if code != "PL-45N-2025":
            assert not returns.filter(submitted_by__username="trungtam").exists()  # Phú Lạc's centre
    assert status["LB-45N-2025"] > status["PX-45N-2025"] >= status["QC-45N-2025"]

    def vneid(code):
        r = VillageReturn.objects.filter(survey_round__campaign__code=code)
        return sum(x.co_vneid for x in r) / sum(x.so_khau for x in r)

    assert vneid("LB-45N-2025") > vneid("PX-45N-2025") > vneid("QC-45N-2025")

    # Mẫu 02 coverage is shown from two places (the Tổng table / quarterly report, and the engine's
    # TL_VNEID on dashboards): both must be Σ có VNeID × 100 ÷ Σ số khẩu of the counted returns.
    from decimal import ROUND_HALF_UP, Decimal

    from households.models import SurveyRound
    from households.selectors import round_table

    for code in ("PL-45N-2025", "QC-45N-2025"):
        counted = VillageReturn.objects.filter(survey_round__campaign__code=code, status__in=["submitted", "approved"])
        by_hand = (Decimal(sum(r.co_vneid for r in counted)) * 100 / sum(r.so_khau for r in counted)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        table = round_table(survey_round=SurveyRound.objects.get(campaign__code=code))
        assert table.vneid_rate == by_hand, code
        campaign = Campaign.objects.get(code=code)
        engine = Attainment.objects.get(
            campaign=campaign,
            indicator__code="TL_VNEID",
            window_kind="cumulative",
            scope_kind="commune",
            period=latest_closed_period(campaign),
        )
        assert engine.value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == by_hand, code

    before = _results()
    _seed()
    assert _results() == before
