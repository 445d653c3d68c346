"""Scores, ranks and candidates, computed by hand (see conftest)."""

from decimal import Decimal as D

from emulation.scoring import candidates, results_for
from emulation.windows import window_of

from .conftest import NOW


def _rows(emu):
    res = results_for(emu.campaign, emu.year, now=NOW)
    by = {r.key: r for r in res.all_rows}
    return res, by


def test_scores_ranks_and_gap_by_hand(emu):
    res, by = _rows(emu)
    vp, ca, v1 = by[f"u{emu.vp.pk}"], by[f"u{emu.ca.pk}"], by[f"u{emu.v1.pk}"]
    # VP: NV 50 % ≥ 50 (2) + QH none overdue (1) + MH attested (1,5) + SK 2 ≥ 1 (0,5) = 5,00
    assert [x.met for x in vp.results] == [True, True, True, True]
    assert vp.score == D("5.00") and vp.possible == D("5.00")
    # CA: NV 1/2 = 50 % (2) + QH one overdue task (0) + MH (1,5) + SK 0 < 1 (0) = 3,50
    assert [x.met for x in ca.results] == [True, False, True, False]
    assert ca.score == D("3.50")
    assert (vp.rank, ca.rank) == (1, 2)
    assert vp.gap is None and ca.gap == D("1.50")
    # the village is ranked apart: no task due (NV not met), nothing overdue (QH 1) = 1,00
    assert v1.score == D("1.00") and v1.rank == 1 and v1.group != vp.group
    assert [g for g, _rows in res.groups] == ["Phòng, ban, đơn vị", "Thôn, xóm, tổ dân phố"]


def test_missing_one_must_pass_is_not_a_candidate(emu):
    res, by = _rows(emu)
    ca = by[f"u{emu.ca.pk}"]
    assert ca.missing_must == [emu.c2]
    assert not ca.is_candidate
    keys = [r.key for r in candidates(res)]
    assert keys == [f"u{emu.vp.pk}", f"o{emu.o1.pk}"]  # VP, and the official attested on CN
    # VP meets every criterion and ranks first: proposed to the upper level
    assert by[f"u{emu.vp.pk}"].proposed_award == "cap_tren"


def test_quarter_window(emu):
    q1 = window_of(emu.campaign, 2026, 1)
    res = results_for(emu.campaign, q1, now=NOW)
    ca = next(r for r in res.all_rows if r.unit == emu.ca)
    # Q1 of CA: same tasks (due in Q1): 50 % (2), overdue (0), MH not attested for the quarter (0), SK 0 (0)
    assert ca.score == D("2.00")
    assert ca.results[2].text == "Chưa xác nhận"
