"""A Mẫu 02 round in the ``world`` fixture's commune A1 (villages V01, V02; ``world.head`` heads V01)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from campaigns.models import Campaign
from households.services import survey_round_create

GOOD = {
    "so_ho": 120,
    "so_khau": 450,
    "co_vneid": 400,
    "chua_vneid": 50,
    "hs_truc_tuyen": 30,
    "hs_kq_dien_tu": 25,
    "ho_danh_gia": 100,
}


def make_round(commune, *, code: str = "PL-45N-2025", visits_enabled: bool = True):
    campaign = Campaign.objects.create(
        commune=commune,
        code=code,
        kind="push",
        title="Đợt cao điểm 45 ngày đêm",
        start=dt.date(2025, 11, 3),
        end=dt.date(2025, 12, 17),
        status="active",
    )
    return survey_round_create(
        campaign=campaign,
        title="Rà soát Mẫu 02",
        window_start=dt.date(2025, 7, 1),
        window_end=dt.date(2025, 11, 30),
        due_date=dt.date(2025, 12, 10),
        visits_enabled=visits_enabled,
    )


@pytest.fixture
def m02(world):
    """``world`` plus ``m02.round`` (commune A1) and ``m02.round_a2`` (commune A2)."""
    return SimpleNamespace(w=world, round=make_round(world.a1), round_a2=make_round(world.a2, code="A2-45N"))
