"""THE rule for reading a number a person typed or uploaded (issue 14 item 4, issue 15 item 7).

Every door into the figures reads numbers here: the weekly entry form, the form's Excel upload,
the bulk figures file and ``import_figures``, the Mẫu 02 phone form and its JSON endpoint, the
Mẫu 02 Excel import, the targets form. One rule, so "1.234" means the same everywhere:

* only the ASCII digits 0–9 (never "١٠٠", "²", "①", full-width digits);
* "." groups thousands, "," marks the decimals, as the pages print numbers: "1.234" is one
  thousand two hundred and thirty-four, "1.234,5" and "12,5" have decimals;
* a program's decimal point is read when it cannot be a thousands group: "12.5", "1000.0";
* thousands grouped by single spaces in threes ("2 500") are read; any other space
  ("1 0 0") is refused;
* an integer element refuses decimals ("12,5"), and a comma it cannot read ("1,000");
* the limit is inclusive and named in the refusal ("quá lớn (tối đa 999.999.999.999)");
* a text longer than ``MAX_TEXT`` characters is refused before any conversion.

A refusal is a :class:`NumberInvalid` (a ``ValueError``) whose text is a Vietnamese fragment the
caller puts after the field's name ("Số hộ: không được là số âm").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from indicators.formatting import number_text

MAX_TEXT = 40
DEFAULT_LIMIT = Decimal("999999999999")

_GROUPED = re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?$", re.ASCII)  # 1.234 / 1.234,5
_SPACED = re.compile(r"^-?[0-9]{1,3}( [0-9]{3})+(,[0-9]+)?$", re.ASCII)  # 2 500
_PLAIN = re.compile(r"^-?[0-9]+(,[0-9]+)?$", re.ASCII)  # 1234 / 12,5
_POINT = re.compile(r"^-?[0-9]+\.[0-9]+$", re.ASCII)  # 12.5 written by a program
_NUMBERISH = re.compile(r"^[-0-9., ]+$", re.ASCII)
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2009": " "}


class NumberInvalid(ValueError):
    """A text that is not a number by the one rule; ``str()`` is the Vietnamese reason."""


def limit_text(limit: Decimal | int) -> str:
    return number_text(Decimal(limit), 0)


def _shown(text: str) -> str:
    return text if len(text) <= 30 else text[:20] + "…"


def _from_text(raw: str, *, integer: bool, limit: Decimal) -> Decimal | None:
    text = raw.translate(str.maketrans(_SPACES)).strip(" \t\r\n")  # not str.strip(): "\x1f" is no blank
    if text == "":
        return None
    shown = _shown(text)
    if len(text) > MAX_TEXT:
        if _NUMBERISH.match(text):
            raise NumberInvalid(f"quá lớn (tối đa {limit_text(limit)})")
        raise NumberInvalid(f"“{shown}” không phải là số")
    if any(ch.isdigit() and not ("0" <= ch <= "9") for ch in text):
        raise NumberInvalid(f"“{shown}” không phải là số: chỉ dùng chữ số 0–9")
    if _GROUPED.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _SPACED.match(text):
        text = text.replace(" ", "").replace(",", ".")
    elif _PLAIN.match(text):
        if integer and "," in text:
            raise NumberInvalid(
                f"“{shown}” phải là số nguyên: không có phần thập phân; hàng nghìn viết liền (1000) "
                "hoặc dùng dấu chấm (1.000)"
            )
        text = text.replace(",", ".")
    elif _POINT.match(text):
        pass
    elif " " in text and _NUMBERISH.match(text):
        raise NumberInvalid(f"“{shown}” không phải là số: không để dấu cách giữa các chữ số")
    else:
        raise NumberInvalid(f"“{shown}” không phải là số")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the shapes above are all valid Decimals
        raise NumberInvalid(f"“{shown}” không phải là số") from None


def read_number(
    raw: object,
    *,
    integer: bool,
    limit: Decimal | int = DEFAULT_LIMIT,
    places: int = 4,
    negative: bool = False,
) -> Decimal | None:
    """``raw`` (text from a form or a CSV; a number from an xlsx cell or JSON) as a Decimal,
    ``None`` when empty. Raises :class:`NumberInvalid` with the reason."""
    limit = Decimal(limit)
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NumberInvalid("phải là một số")
    if isinstance(raw, int):
        if abs(raw) > limit:  # before Decimal(): a 5000-digit int is refused cheaply
            raise NumberInvalid(f"quá lớn (tối đa {limit_text(limit)})")
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    elif isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, str):
        value = _from_text(raw, integer=integer, limit=limit)
        if value is None:
            return None
    else:
        raise NumberInvalid("phải là một số")
    if not value.is_finite():
        raise NumberInvalid("phải là một số")
    if value.is_signed() and not negative:  # "-0" too (found by hypothesis)
        raise NumberInvalid("không được là số âm")
    if value == 0:
        value = abs(value)  # never a stored "-0"
    if abs(value) > limit:
        raise NumberInvalid(f"quá lớn (tối đa {limit_text(limit)})")
    if integer:
        if value != value.to_integral_value():
            raise NumberInvalid("phải là số nguyên (không có phần thập phân)")
        return value.quantize(Decimal(1))
    if value.as_tuple().exponent < -places:  # type: ignore[operator]
        raise NumberInvalid(f"có nhiều nhất {places} chữ số thập phân")
    return value
