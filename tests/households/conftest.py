"""A Mẫu 02 round in the ``world`` fixture's commune A1 (villages V01, V02; ``world.head`` heads V01)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.households.factories import PushFactory, SurveyRoundFactory


@pytest.fixture
def m02(world):
    """``world`` plus ``m02.round`` (commune A1) and ``m02.round_a2`` (commune A2), each the
    round over 01/7–30/11/2025 of a 45-day push, due 10/12/2025."""
    return SimpleNamespace(
        w=world,
        round=SurveyRoundFactory(campaign=PushFactory(commune=world.a1, code="PL-45N-2025")),
        round_a2=SurveyRoundFactory(campaign=PushFactory(commune=world.a2, code="A2-45N")),
    )
