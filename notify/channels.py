"""Channels behind one interface: ``send(message, recipient) -> DeliveryResult``.

Each adapter reads its settings from the environment (config/settings/base.py, block
"Notifications"); ``outcome`` is ``sent`` only when the channel accepted the message, ``retry``
for what may pass later (5xx, timeouts, a documented "try again" code), ``give_up`` for what
never will (a bad address, a refused template, an expired token)."""

from __future__ import annotations

import base64
import json
import smtplib
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from .models import Channel
from .phones import phone_international

SENT, RETRY, GIVE_UP = "sent", "retry", "give_up"


@dataclass(frozen=True)
class Message:
    subject: str
    text: str  # short enough for one SMS (link included)
    body: str
    link: str = ""
    params: dict = field(default_factory=dict)  # ZNS template parameters
    tracking_id: str = ""


@dataclass(frozen=True)
class Recipient:
    user_id: int
    name: str
    email: str = ""
    phone: str = ""
    zalo_user_id: str = ""


@dataclass(frozen=True)
class DeliveryResult:
    outcome: str  # SENT | RETRY | GIVE_UP
    reason: str = ""
    provider_id: str = ""


class EmailChannel:
    """Django's mail backend (SMTP in production: ``DJANGO_EMAIL_BACKEND``, ``EMAIL_HOST`` …)."""

    name = Channel.EMAIL

    def configured(self) -> bool:
        return True

    def address(self, recipient: Recipient) -> str:
        return recipient.email

    def send(self, message: Message, recipient: Recipient) -> DeliveryResult:
        if not recipient.email:
            return DeliveryResult(GIVE_UP, "Chưa có địa chỉ thư điện tử.")
        try:
            connection = get_connection(timeout=settings.XTD_CHANNEL_TIMEOUT)
            sent = EmailMessage(message.subject, message.body, None, [recipient.email], connection=connection).send()
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            return DeliveryResult(
                RETRY if 400 <= code < 500 else GIVE_UP, f"Máy chủ thư từ chối người nhận ({code}: {_short(text)})."
            )
        except smtplib.SMTPResponseException as exc:
            kind = RETRY if 400 <= exc.smtp_code < 500 else GIVE_UP
            return DeliveryResult(kind, f"Máy chủ thư trả lỗi {exc.smtp_code}: {_short(exc.smtp_error)}.")
        except (smtplib.SMTPException, OSError) as exc:  # connection refused, timeout, dropped
            return DeliveryResult(RETRY, f"Không kết nối được máy chủ thư ({type(exc).__name__}).")
        if not sent:
            return DeliveryResult(RETRY, "Máy chủ thư không nhận thư.")
        return DeliveryResult(SENT)


# Zalo Notification Service (ZNS), "Gửi ZNS" by phone number:
#   POST https://business.openapi.zalo.me/message/template
#   header  access_token: <OA access token>
#   body    {"phone": "84912345678", "template_id": "...", "template_data": {...}, "tracking_id": "..."}
#   answer  {"error": 0, "message": "Success", "data": {"msg_id": "...", ...}}
# Error codes from the ZNS guide "Cách xử lý mã lỗi" (https://zalo.cloud/zns/guidelines/handle-error-code):
# -100 unknown error, "try again later" (retry); -108 phone number invalid, -109 template id invalid,
# -111/-112 template data empty/invalid, -114 user inactive or refusing ZNS, -115 out of quota,
# -117 no permission for the template, -118 Zalo account not existed, -119 account cannot receive
# (give up); -124 access token invalid/expired (give up, the commune must renew the token);
# -133 outside the hours ZNS may be sent, -144 daily quota exceeded (retry later).
ZNS_RETRY = {-100, -133, -144}
ZNS_TOKEN = {-124}
ZNS_REASONS = {
    -108: "Số điện thoại không hợp lệ với Zalo",
    -109: "Mã mẫu ZNS không hợp lệ",
    -111: "Mẫu ZNS thiếu dữ liệu",
    -112: "Dữ liệu mẫu ZNS không hợp lệ",
    -114: "Người nhận không nhận ZNS (tài khoản không hoạt động hoặc đã từ chối)",
    -115: "Tài khoản ZNS hết số dư",
    -117: "OA không có quyền dùng mẫu ZNS này",
    -118: "Số điện thoại chưa có tài khoản Zalo",
    -119: "Tài khoản Zalo không nhận được tin",
    -124: "Mã truy cập Zalo (access token) hết hạn hoặc không hợp lệ: cần cấp lại XTD_ZALO_ACCESS_TOKEN",
    -133: "Ngoài khung giờ được gửi ZNS",
    -144: "Vượt hạn mức gửi ZNS trong ngày",
}
TOKEN_EXPIRED = "zalo_token"


class ZaloChannel:
    """ZNS: an approved template (``XTD_ZALO_TEMPLATE_ID``) filled with ``message.params``;
    the OA's access token in ``XTD_ZALO_ACCESS_TOKEN``. ZNS addresses a person by phone."""

    name = Channel.ZALO

    def configured(self) -> bool:
        return bool(settings.XTD_ZALO_ACCESS_TOKEN and settings.XTD_ZALO_TEMPLATE_ID)

    def address(self, recipient: Recipient) -> str:
        return phone_international(recipient.phone) if recipient.phone else ""

    def send(self, message: Message, recipient: Recipient) -> DeliveryResult:
        phone = self.address(recipient)
        if not phone:
            return DeliveryResult(GIVE_UP, "Chưa có số điện thoại để gửi Zalo.")
        body = {"phone": phone, "template_id": settings.XTD_ZALO_TEMPLATE_ID, "template_data": message.params}
        if message.tracking_id:
            body["tracking_id"] = message.tracking_id
        status, answer, failure = _post_json(
            settings.XTD_ZALO_ZNS_URL, body, headers={"access_token": settings.XTD_ZALO_ACCESS_TOKEN}
        )
        if failure:
            return failure
        if not isinstance(answer, dict) or "error" not in answer:
            return DeliveryResult(RETRY, f"Zalo trả lời không đúng định dạng (HTTP {status}).")
        code = int(answer["error"])
        if code == 0:
            return DeliveryResult(SENT, provider_id=str((answer.get("data") or {}).get("msg_id", "")))
        reason = f"Zalo lỗi {code}: {ZNS_REASONS.get(code, _short(str(answer.get('message', ''))))}."
        if code in ZNS_TOKEN:
            return DeliveryResult(GIVE_UP, reason, provider_id=TOKEN_EXPIRED)
        return DeliveryResult(RETRY if code in ZNS_RETRY else GIVE_UP, reason)


class SmsChannel:
    """A brandname SMS gateway over HTTP, as Vietnamese gateways work: POST JSON built from
    ``XTD_SMS_BODY_TEMPLATE`` (placeholders {phone} {phone84} {text} {brandname} {username}
    {password} {id}) to ``XTD_SMS_URL``, HTTP basic auth when ``XTD_SMS_USERNAME`` is set and
    the template does not carry the credentials itself; the answer's ``XTD_SMS_CODE_FIELD``
    must be one of ``XTD_SMS_SUCCESS_CODES`` (codes in ``XTD_SMS_RETRY_CODES`` are retried)."""

    name = Channel.SMS

    def configured(self) -> bool:
        return bool(settings.XTD_SMS_URL)

    def address(self, recipient: Recipient) -> str:
        return recipient.phone

    def send(self, message: Message, recipient: Recipient) -> DeliveryResult:
        if not recipient.phone:
            return DeliveryResult(GIVE_UP, "Chưa có số điện thoại để gửi SMS.")
        text = ascii_fold(message.text) if settings.XTD_SMS_ASCII else message.text
        values = {
            "phone": recipient.phone,
            "phone84": phone_international(recipient.phone),
            "text": text,
            "brandname": settings.XTD_SMS_BRANDNAME,
            "username": settings.XTD_SMS_USERNAME,
            "password": settings.XTD_SMS_PASSWORD,
            "id": message.tracking_id,
        }
        template = settings.XTD_SMS_BODY_TEMPLATE
        body = _fill(json.loads(template), values)
        headers = {}
        if settings.XTD_SMS_USERNAME and "{username}" not in template:
            token = f"{settings.XTD_SMS_USERNAME}:{settings.XTD_SMS_PASSWORD}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
        status, answer, failure = _post_json(settings.XTD_SMS_URL, body, headers=headers)
        if failure:
            return failure
        code = _dig(answer, settings.XTD_SMS_CODE_FIELD)
        if code is None:
            return DeliveryResult(SENT)  # a 2xx with no code field: the gateway took it
        code = str(code)
        if code in _codes(settings.XTD_SMS_SUCCESS_CODES):
            return DeliveryResult(SENT, provider_id=str(_dig(answer, settings.XTD_SMS_ID_FIELD) or ""))
        reason = f"Cổng SMS trả mã {code}" + (
            f": {_short(str(_dig(answer, 'message')))}" if _dig(answer, "message") else ""
        )
        return DeliveryResult(RETRY if code in _codes(settings.XTD_SMS_RETRY_CODES) else GIVE_UP, reason + ".")


class InboxChannel:
    """The portal's own inbox: always on, written by ``notify.services`` in the same
    transaction as the delivery row."""

    name = Channel.INBOX

    def configured(self) -> bool:
        return True

    def address(self, recipient: Recipient) -> str:
        return f"user:{recipient.user_id}"


CHANNELS = {c.name: c for c in (EmailChannel(), ZaloChannel(), SmsChannel())}


def channel_for(name: str):
    return CHANNELS[name]


# --- helpers ------------------------------------------------------------------------------


def _post_json(url: str, body: dict, *, headers: dict) -> tuple[int, object, DeliveryResult | None]:
    """POST ``body`` as JSON; (status, parsed answer, None) on 2xx, or a failure result:
    5xx and timeouts retry, 401/403 and other 4xx give up."""
    data = json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.XTD_CHANNEL_TIMEOUT) as response:  # noqa: S310
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        if exc.code >= 500 or exc.code == 429:
            return exc.code, None, DeliveryResult(RETRY, f"Máy chủ trả lỗi HTTP {exc.code}.")
        if exc.code in (401, 403):
            return exc.code, None, DeliveryResult(GIVE_UP, f"Sai thông tin xác thực (HTTP {exc.code}).")
        return exc.code, None, DeliveryResult(GIVE_UP, f"Yêu cầu bị từ chối (HTTP {exc.code}).")
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        return 0, None, DeliveryResult(RETRY, f"Không kết nối được ({_short(str(getattr(exc, 'reason', exc)))}).")
    try:
        return status, json.loads(raw.decode() or "null"), None
    except (UnicodeDecodeError, json.JSONDecodeError):
        return status, None, None


def _fill(node, values: dict):
    if isinstance(node, str):
        for key, value in values.items():
            node = node.replace("{" + key + "}", str(value))
        return node
    if isinstance(node, dict):
        return {k: _fill(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill(v, values) for v in node]
    return node


def _dig(answer, path: str):
    node = answer
    for part in path.split(".") if path else []:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _codes(text: str) -> set[str]:
    return {c.strip() for c in text.split(",") if c.strip()}


def _short(text, limit: int = 120) -> str:
    text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ascii_fold(text: str) -> str:
    """Vietnamese without diacritics (one SMS of 160 characters instead of 70)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
