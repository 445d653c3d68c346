"""A commune with one department and monthly figures for January and February 2026."""

from datetime import date

import pytest

from tests.indicators.factories import make_campaign, months, put, unit


@pytest.fixture
def setup(db):
    campaign = make_campaign(start=date(2026, 1, 1), end=date(2026, 12, 31))
    jan, feb, mar = months(campaign, 2026, [1, 2, 3])
    dept = unit(campaign, "VP")

    def figures(period, **values):
        for code, value in values.items():
            put(campaign, period, dept, code, value)

    return campaign.commune, campaign, {1: jan, 2: feb, 3: mar}, figures


# January, hand-computed (threshold and maximum of the shipped table in brackets):
#   3.3 HS_TRUC_TUYEN 50 / HS_TIEP_NHAN 100 = 50%  [50, 6]  → 6,00 (exactly at the threshold)
#   2.1 (HS_DUNG_HAN 90 − HS_BO_SUNG_NHIEU_LAN 10) / HS_GIAI_QUYET 100 = 80% [100, 20] → 16,00
#   4.1 KQ_DIEN_TU 50 / 100 = 50% [100, 6] → 3,00;  4.2 HS_SO_HOA 100 / 100 [100, 4] → 4,00
#   4.4 HS_TAI_SU_DUNG 40 / 100 = 40% [80, 2] → 1,00
#   3.6 HS_THANH_TOAN_TRUC_TUYEN 76 / HS_CO_PHI 100 = 76% [100, 6] → 4,56 (24 more → 6)
#   5.3 DG_HAI_LONG 81 / DG_TONG 100 = 81% [90, 6] → 5,40
#   3.1 TTHC_TOAN_TRINH 4 / TTHC_DU_DIEU_KIEN 10 = 40% [80, 2] → 1,00
#   groups: CKMB 0 (no figures possible), TDGQ 16, SOHOA 8, DVCTT 11,56, HAILONG 5,40 → 40,96 Yếu
JANUARY = dict(
    HS_TIEP_NHAN=100,
    HS_TRUC_TUYEN=50,
    HS_GIAI_QUYET=100,
    HS_DUNG_HAN=90,
    HS_BO_SUNG_NHIEU_LAN=10,
    KQ_DIEN_TU=50,
    HS_SO_HOA=100,
    HS_TAI_SU_DUNG=40,
    HS_CO_PHI=100,
    HS_THANH_TOAN_TRUC_TUYEN=76,
    DG_TONG=100,
    DG_HAI_LONG=81,
    TTHC_DU_DIEU_KIEN=10,
    TTHC_TOAN_TRINH=4,
)
