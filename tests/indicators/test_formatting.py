"""The one rounding and the one percentage (issue 12 item 3), against hand-computed values."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from indicators.formatting import number_text, pct_text, pct_value, round_half_up, status_badge, value_text


@pytest.mark.parametrize(
    ("numerator", "denominator", "value", "text"),
    [
        (2600, 3000, Decimal("86.67"), "86,67%"),  # 86,666… rounds up, never truncated to 86,66
        (1, 3, Decimal("33.33"), "33,33%"),
        (2, 3, Decimal("66.67"), "66,67%"),
        (1150, 1250, Decimal("92.00"), "92,00%"),
        (137, 160, Decimal("85.63"), "85,63%"),  # 85,625: half up, not the banker's 85,62
        (0, 40, Decimal("0.00"), "0,00%"),
    ],
)
def test_pct_value_and_text(numerator, denominator, value, text):
    assert pct_value(numerator, denominator) == value
    assert pct_text(pct_value(numerator, denominator)) == text


def test_no_denominator_is_no_value_not_zero():
    assert pct_value(5, 0) is None
    assert pct_value(None, 10) is None
    assert pct_text(pct_value(0, 0)) == "Không có số liệu"
    assert pct_text(None, empty="—") == "—"


def test_a_stored_value_reads_half_up_at_two_decimals():
    # the engine stores 4 decimals: 2600/3000 is kept as 86.6667, and 86,665 sits on the half
    assert pct_text(Decimal("86.6667")) == "86,67%"
    assert pct_text(Decimal("86.6650")) == "86,67%"
    assert pct_text(Decimal("86.6649")) == "86,66%"
    assert round_half_up(Decimal("2.5"), 0) == Decimal(3)


def test_vietnamese_separators():
    assert number_text(Decimal("1234567.5"), 2) == "1.234.567,50"
    assert number_text(1234) == "1.234"
    assert number_text(Decimal("-0.001"), 2) == "0,00"
    assert value_text(Decimal("1234.0000"), is_ratio=False) == "1.234"
    assert value_text(Decimal("12.5"), is_ratio=False, decimals=2) == "12,50"
    assert value_text(Decimal("100"), is_ratio=True) == "100,00%"


def test_template_filters_print_what_the_documents_print():
    html = Template("{% load figures %}{{ a|pct }} {{ b|pct }} {{ c|num }} {{ s|status_badge }}").render(
        Context({"a": Decimal("86.6667"), "b": None, "c": Decimal("12000"), "s": "chua_giao_chi_tieu"})
    )
    assert html == '86,67% — 12.000 <span class="status status-chua_giao_chi_tieu">Chưa giao chỉ tiêu</span>'
    assert status_badge("dat_toi_thieu") == '<span class="status status-dat_toi_thieu">Đạt mức tối thiểu</span>'
