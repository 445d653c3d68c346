"""Bounded reading of a JSON body and of the text fields in it (issue 14 item 4).

The phone's outbox retries every 500 forever, so every hostile body must get a 400 with a
Vietnamese message: a body over ``max_bytes``, nested deeper than ``max_depth`` (counted before
``json.loads``, which would otherwise recurse until it fails), a number of more than
``MAX_TEXT`` digits (kept as text, so the field's own check says "quá lớn" with its limit),
NaN / Infinity, a text with a control character (NUL breaks PostgreSQL) or a lone surrogate.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from .files import UploadRefused
from .numbers import MAX_TEXT

MAX_BODY = 64 * 1024
MAX_DEPTH = 6
UNREADABLE = "Dữ liệu gửi lên không đọc được."


def _depth(raw: bytes, limit: int) -> None:
    depth = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                raise UploadRefused(f"Dữ liệu gửi lên lồng nhau quá sâu (quá {limit} lớp): không đọc được.")
        elif byte in (0x5D, 0x7D):
            depth -= 1


def _number(text: str) -> Any:
    # an over-long number stays text: the field's check refuses it with its limit
    return text if len(text) > MAX_TEXT else (float(text) if any(c in text for c in ".eE") else int(text))


def json_body(raw: bytes, *, max_bytes: int = MAX_BODY, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """The JSON object in ``raw``; raises :class:`UploadRefused` with the reason."""
    if len(raw) > max_bytes:
        raise UploadRefused(f"Dữ liệu gửi lên quá lớn ({len(raw) // 1024} KB; tối đa {max_bytes // 1024} KB).")
    _depth(raw, max_depth)
    try:
        payload = json.loads(
            raw.decode("utf-8") or "{}",
            parse_int=_number,
            parse_float=_number,
            parse_constant=lambda name: name,  # NaN, Infinity: text, refused as not a number
        )
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise UploadRefused(UNREADABLE) from None
    if not isinstance(payload, dict):
        raise UploadRefused(UNREADABLE)
    return payload


def control_refusal(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` cannot be stored (a control character, a lone surrogate), or None.
    ``multiline`` allows line breaks and tabs (a note)."""
    allowed = "\n\r\t" if multiline else ""
    for i, ch in enumerate(text):
        if ch in allowed:
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs"):
            return f"có ký tự điều khiển không được phép (U+{ord(ch):04X}, vị trí {i + 1})"
    return None


def clean_text(value: Any, *, max_length: int, multiline: bool = False) -> str:
    """A text field of a body: a string (numbers are accepted as their text), no control
    characters, at most ``max_length`` characters. Raises ``ValueError`` with the reason."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("phải là một đoạn chữ")
    text = str(value).strip()
    if len(text) > max_length:
        raise ValueError(f"dài quá {max_length} ký tự")
    problem = control_refusal(text, multiline=multiline)
    if problem:
        raise ValueError(problem)
    return text


# --- the JSON endpoints' shared preamble (the phone's outbox: households.api, reporting.api) ----

SESSION_GONE = "Phiên đăng nhập đã hết hạn — đăng nhập lại, bản nháp vẫn còn."


class JsonRefused(Exception):
    """A JSON endpoint's refusal before its own work: answered as :func:`json_error` by
    :func:`json_endpoint` (the status, the Vietnamese message, errors per field, extra keys)."""

    def __init__(self, status: int, message: str, errors: dict | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.message, self.errors, self.extra = status, message, errors, extra


def json_response(body: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def json_error(status: int, message: str, errors: dict | None = None, **extra: Any) -> JsonResponse:
    body = {"ok": False, "message": message, **extra}
    if errors is not None:
        body["errors"] = errors
    return json_response(body, status)


def json_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the outbox's JSON endpoints: no session is 401 JSON (never the login page, whose 200
    a script could take for success), and a :class:`JsonRefused` raised by the view is its JSON
    answer."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return json_error(401, SESSION_GONE, code="login_required", login_url=reverse("login"))
        try:
            return view(request, *args, **kwargs)
        except JsonRefused as exc:
            return json_error(exc.status, exc.message, exc.errors, **exc.extra)

    return wrapper


def json_request_body(request: HttpRequest) -> dict[str, Any]:
    """The JSON object an outbox entry sent, read with the limits of every body (``json_body``),
    and typed under the account sending it: an entry queued on a shared phone is sent only by
    the account that typed it. Raises :class:`JsonRefused` (400, 403)."""
    try:
        payload = json_body(request.body)
    except UploadRefused as exc:
        raise JsonRefused(400, exc.message, {"__all__": [exc.message]}) from None
    typed_by = payload.get("user")
    if typed_by and typed_by != request.user.get_username():
        raise JsonRefused(
            403,
            f"Bản nháp này do tài khoản “{typed_by}” nhập: hãy đăng nhập bằng tài khoản đó để gửi.",
            code="other_user",
        )
    return payload
