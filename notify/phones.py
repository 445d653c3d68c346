"""Vietnamese phone numbers: what is accepted when a person's number is saved."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

PHONE_FORMAT = (
    "Số điện thoại di động Việt Nam gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 "
    "(ví dụ 0912 345 678), hoặc viết +84 rồi 9 chữ số (ví dụ +84 912 345 678)"
)
_MOBILE = re.compile(r"0[35789]\d{8}")


def phone_normalise(raw: str) -> str:
    """``raw`` as 0xxxxxxxxx (spaces, dots and dashes dropped; +84 / 84 turned into 0), or a
    ``ValidationError`` naming the format."""
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not _MOBILE.fullmatch(digits):
        raise ValidationError(f"Số điện thoại “{raw}” không hợp lệ. {PHONE_FORMAT}.", code="phone")
    return digits


def phone_international(phone: str) -> str:
    """0912345678 → 84912345678 (the form ZNS takes)."""
    digits = re.sub(r"\D", "", phone or "")
    return "84" + digits[1:] if digits.startswith("0") else digits
