"""The centre adjusts a threshold for a year: the estimate uses it, the change is logged."""

from decimal import Decimal

import pytest

from indicators.models import Qd766Item, Qd766ThresholdChange
from indicators.qd766 import ThresholdError, commune_estimate, qd766_threshold_set, table_for
from tests.factories import UserFactory


def test_adjusted_threshold_for_a_year_is_used_and_audited(setup):
    commune, _c, periods, figures = setup
    figures(periods[1], HS_TIEP_NHAN=100, HS_TRUC_TUYEN=30)  # 30% of 50% → 3,60
    user = UserFactory()
    qd766_threshold_set(commune=commune, code="3.3", year=2026, threshold=Decimal(60), user=user)
    est = commune_estimate(commune=commune, year=2026, month=1).month_estimate
    assert est.score == Decimal("3.00")  # 30 × 6 ÷ 60
    change = Qd766ThresholdChange.objects.get()
    assert (change.code, change.year, change.old_threshold, change.new_threshold, change.changed_by) == (
        "3.3",
        2026,
        Decimal(50),
        Decimal(60),
        user,
    )
    assert next(ln for ln in table_for(commune=commune, year=2025) if ln.code == "3.3").threshold == 50
    assert next(ln for ln in table_for(commune=None, year=2026) if ln.code == "3.3").threshold == 50  # others keep it


@pytest.mark.parametrize("bad", [Decimal(0), Decimal(-5), Decimal(101)])
def test_a_threshold_of_zero_or_beyond_100_is_refused_and_nothing_saved(setup, bad):
    commune, *_ = setup
    before = Qd766Item.objects.count()
    with pytest.raises(ThresholdError, match="Ngưỡng phải lớn hơn 0"):
        qd766_threshold_set(commune=commune, code="3.3", year=2026, threshold=bad, user=None)
    assert Qd766Item.objects.count() == before and not Qd766ThresholdChange.objects.exists()
