"""Figures typed or uploaded as a Vietnamese user writes them (rule 10: never silently misread)."""

from decimal import Decimal

import pytest

from indicators.models import DataElement, ValueType
from reporting.validation import parse_figure

WHOLE = DataElement(code="HS_TIEP_NHAN", name="Tổng số hồ sơ tiếp nhận", value_type=ValueType.INTEGER)
DECIMAL = DataElement(code="X", name="Một số thập phân", value_type=ValueType.DECIMAL)


@pytest.mark.parametrize(
    ("raw", "element", "expected"),
    [
        ("1000", WHOLE, Decimal(1000)),
        ("1.000", WHOLE, Decimal(1000)),  # the dot groups thousands, as the pages print figures
        ("1.234.567", WHOLE, Decimal(1234567)),
        (" 2 500 ", WHOLE, Decimal(2500)),
        ("1000.0", WHOLE, Decimal(1000)),  # a program's decimal point
        ("12,5", DECIMAL, Decimal("12.5")),
        ("1.234,5", DECIMAL, Decimal("1234.5")),
        ("", WHOLE, None),
        (7, WHOLE, Decimal(7)),
        (7.0, WHOLE, Decimal(7)),
    ],
)
def test_accepted(raw, element, expected):
    assert parse_figure(raw, element) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1,000", "phải là số nguyên"),  # an English thousands comma is not guessed
        ("12,5", "phải là số nguyên"),
        ("12.5", "phải là số nguyên"),
        ("1e3", "không phải là số"),
        ("mười", "không phải là số"),
        ("1.50", "phải là số nguyên"),
        ("1.2.3", "không phải là số"),
        ("-3", "không được là số âm"),
    ],
)
def test_refused_for_a_whole_number_element(raw, message):
    with pytest.raises(ValueError) as excinfo:
        parse_figure(raw, WHOLE)
    assert message in str(excinfo.value)
