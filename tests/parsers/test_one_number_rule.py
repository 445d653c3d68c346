"""Issue 15 item 7: one number-reading rule for every form: the weekly entry form and the Excel
uploads (``reporting.validation.parse_figure``), Mẫu 02's form, JSON and Excel import
(``households.validation.parse_count``), the targets form (``indicators.validation.parse_decimal``).
The same text is the same number on each, or refused on each; "quá lớn" names the limit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from households.validation import parse_count
from indicators.models import DataElement, ValueType
from indicators.validation import parse_decimal
from reporting.validation import parse_figure

WHOLE = DataElement(code="HS", name="Hồ sơ", value_type=ValueType.INTEGER)
DECIMAL = DataElement(code="X", name="Tỷ lệ", value_type=ValueType.DECIMAL)

# text → the whole number every form reads (hand-computed)
WHOLE_NUMBERS = {
    "1.000": 1000,  # the dot groups thousands, as the pages print 1.000
    "1.234": 1234,  # it was refused on Mẫu 02 and read as 1,234 on the targets form
    "1.234.567": 1234567,
    "2 500": 2500,
    "1000": 1000,
    " 42 ": 42,
}


@pytest.mark.parametrize(("text", "expected"), WHOLE_NUMBERS.items())
def test_every_form_reads_the_same_whole_number(text, expected):
    assert parse_figure(text, WHOLE) == Decimal(expected)
    assert parse_figure(text, DECIMAL) == Decimal(expected)
    assert parse_count(text, "Số hộ") == (expected, None)
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize(("text", "expected"), [("12,5", "12.5"), ("1.234,5", "1234.5"), ("92.5", "92.5")])
def test_decimals_read_the_same_where_decimals_are_allowed(text, expected):
    assert parse_figure(text, DECIMAL) == Decimal(expected)
    assert parse_decimal(text) == Decimal(expected)
    assert parse_count(text, "Số hộ")[1].startswith("Số hộ")  # a count is whole
    with pytest.raises(ValueError, match="phải là số nguyên"):
        parse_figure(text, WHOLE)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1 0 0", "“1 0 0” không phải là số: không để dấu cách giữa các chữ số"),
        ("١٠٠", "“١٠٠” không phải là số: chỉ dùng chữ số 0–9"),
        ("²", "“²” không phải là số: chỉ dùng chữ số 0–9"),
        ("①", "“①” không phải là số: chỉ dùng chữ số 0–9"),
        ("１００", "“１００” không phải là số: chỉ dùng chữ số 0–9"),  # full-width
        ("1e3", "“1e3” không phải là số"),
        ("1.2.3", "“1.2.3” không phải là số"),
    ],
)
def test_every_form_refuses_the_same_text_with_the_same_reason(text, reason):
    for element in (WHOLE, DECIMAL):
        with pytest.raises(ValueError) as exc:
            parse_figure(text, element)
        assert str(exc.value) == reason
    assert parse_count(text, "Số hộ") == (None, f"Số hộ: {reason}.")
    with pytest.raises(ValueError) as exc:
        parse_decimal(text)
    assert str(exc.value) == reason


def test_too_large_names_the_limit_on_every_form():
    with pytest.raises(ValueError) as exc:
        parse_figure("1.000.000.000.000", WHOLE)
    assert str(exc.value) == "quá lớn (tối đa 999.999.999.999)"
    assert parse_figure("999.999.999.999", WHOLE) == Decimal(999999999999)
    assert parse_count("10.000.001", "Số hộ") == (None, "Số hộ quá lớn (tối đa 10.000.000).")
    assert parse_count("10.000.000", "Số hộ") == (10_000_000, None)
    assert parse_count("9" * 5000, "Số hộ") == (None, "Số hộ quá lớn (tối đa 10.000.000).")
    with pytest.raises(ValueError) as exc:
        parse_figure("9" * 5000, DECIMAL)
    assert str(exc.value) == "quá lớn (tối đa 999.999.999.999)"
