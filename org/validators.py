"""Password rules with Vietnamese messages (settings.AUTH_PASSWORD_VALIDATORS).

The common-password rule knows Vietnamese: Django's list of 20,000 plus
``org/data/common_passwords_vi.txt``, compared without accents, case, spaces or punctuation,
and also with the digits and symbols at the end removed, so "thidua2025", "Xã Thi Đua" and
"MatKhau@123" are refused.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError

VI_LIST_PATH = Path(__file__).resolve().parent / "data" / "common_passwords_vi.txt"
# A stem shorter than this is not looked up ("ab2025" is judged as a whole).
MIN_STEM = 4


def password_fold(text: str) -> str:
    """Lower case, no accents (đ → d), letters and digits only: "Xã Thi Đua" → "xathidua"."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", text)


def password_stem(text: str) -> str:
    """The folded password without the digits at its end: "thidua2025" → "thidua"."""
    return re.sub(r"[0-9]+$", "", password_fold(text))


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu phải có ít nhất {self.min_length} ký tự."


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu quá giống với %(verbose_name)s."

    def get_help_text(self) -> str:
        return "Mật khẩu không được quá giống tên đăng nhập, họ tên hoặc thư điện tử."


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu không được chỉ gồm chữ số."

    def get_help_text(self) -> str:
        return "Mật khẩu không được chỉ gồm chữ số."


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    """Django's list and the Vietnamese one, both folded."""

    def __init__(self, password_list_path=django_validation.CommonPasswordValidator.DEFAULT_PASSWORD_LIST_PATH):
        super().__init__(password_list_path)
        lines = VI_LIST_PATH.read_text(encoding="utf-8").splitlines()
        words = [w.strip() for w in lines if w.strip() and not w.startswith("#")]
        self.passwords |= {w.casefold() for w in words}
        self.folded = {password_fold(w) for w in self.passwords} - {""}

    def validate(self, password: str, user=None) -> None:
        folded, stem = password_fold(password), password_stem(password)
        if (
            password.casefold().strip() in self.passwords
            or folded in self.folded
            or (len(stem) >= MIN_STEM and stem in self.folded)
        ):
            raise ValidationError(self.get_error_message(), code="password_too_common")

    def get_error_message(self) -> str:
        return "Mật khẩu này quá phổ biến, dễ bị đoán (ví dụ “matkhau”, “123456a@”, tên cơ quan kèm năm)."

    def get_help_text(self) -> str:
        return "Mật khẩu không được là mật khẩu phổ biến hay tên cơ quan, địa phương kèm vài chữ số."
