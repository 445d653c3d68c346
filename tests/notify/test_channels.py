"""Each channel against a local server answering as the real one does: e-mail through
Django's SMTP backend to an aiosmtpd server; Zalo ZNS and a brandname SMS gateway over HTTP
(success, a "try again" answer, a permanent error, an expired token)."""

from __future__ import annotations

import email
import email.policy

import pytest

from notify.channels import GIVE_UP, RETRY, SENT, EmailChannel, Message, Recipient, SmsChannel, ZaloChannel

from .servers import ScriptedHttp, free_port, smtp_server

MSG = Message(
    subject="[Xã Thi Đua] Nhắc nộp báo cáo Tuần 3",
    text="Nhắc: Văn phòng nộp báo cáo Tuần 3 trước 10:00 20/11/2025. http://x/bao-cao/1/",
    body="Nhắc: Văn phòng nộp báo cáo Tuần 3.\n\nXem: http://x/bao-cao/1/",
    link="http://x/bao-cao/1/",
    params={"don_vi": "Văn phòng", "noi_dung": "Báo cáo Tuần 3", "han": "10:00 20/11/2025", "duong_dan": "http://x/"},
    tracking_id="xtd-7",
)


def _to(**kw) -> Recipient:
    return Recipient(user_id=1, name="Lê Thị Thu", **kw)


@pytest.fixture
def smtp(settings):
    controller, recorder = smtp_server()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield recorder
    controller.stop()


def test_email_reaches_a_real_smtp_server(smtp):
    result = EmailChannel().send(MSG, _to(email="thu@xathidua.example"))
    assert result.outcome == SENT
    [(rcpt, content)] = smtp.messages
    assert rcpt == ["thu@xathidua.example"]
    received = email.message_from_bytes(content, policy=email.policy.default)
    assert received["Subject"].strip() == "[Xã Thi Đua] Nhắc nộp báo cáo Tuần 3"
    assert received.get_content().startswith("Nhắc: Văn phòng nộp báo cáo Tuần 3.")


def test_email_refused_mailbox_gives_up_and_busy_mailbox_retries(smtp):
    refused = EmailChannel().send(MSG, _to(email="refuse@xathidua.example"))
    busy = EmailChannel().send(MSG, _to(email="busy@xathidua.example"))
    assert (refused.outcome, busy.outcome) == (GIVE_UP, RETRY)
    assert "550" in refused.reason and "451" in busy.reason
    assert smtp.messages == []


def test_email_with_the_server_down_retries(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    result = EmailChannel().send(MSG, _to(email="thu@xathidua.example"))
    assert result.outcome == RETRY
    assert result.reason.startswith("Không kết nối được máy chủ thư")


# --- Zalo ZNS ------------------------------------------------------------------------------

ZNS_ANSWERS = {
    "84912000001": (
        200,
        {"error": 0, "message": "Success", "data": {"msg_id": "a1b2c3", "sent_time": "1700000000000"}},
    ),
    "84912000002": (200, {"error": -100, "message": "Unknown error"}),
    "84912000003": (200, {"error": -108, "message": "Phone number invalid"}),
    "84912000004": (200, {"error": -124, "message": "Access token invalid"}),
    "84912000005": (503, {"error": -1, "message": "Service Unavailable"}),
}


@pytest.fixture
def zns(settings):
    server = ScriptedHttp(lambda body, headers: ZNS_ANSWERS[body["phone"]])
    settings.XTD_ZALO_ZNS_URL = server.url + "/message/template"
    settings.XTD_ZALO_ACCESS_TOKEN = "oa-token-123"
    settings.XTD_ZALO_TEMPLATE_ID = "248079"
    yield server
    server.stop()


def test_zalo_success_sends_the_template_with_the_token(zns):
    result = ZaloChannel().send(MSG, _to(phone="0912000001"))
    assert (result.outcome, result.provider_id) == (SENT, "a1b2c3")
    [req] = zns.requests
    assert req["path"] == "/message/template"
    assert req["headers"]["access_token"] == "oa-token-123"
    assert req["body"] == {
        "phone": "84912000001",
        "template_id": "248079",
        "template_data": MSG.params,
        "tracking_id": "xtd-7",
    }


def test_zalo_unknown_error_and_5xx_retry_invalid_phone_gives_up(zns):
    assert ZaloChannel().send(MSG, _to(phone="0912000002")).outcome == RETRY
    assert ZaloChannel().send(MSG, _to(phone="0912000005")).outcome == RETRY
    bad = ZaloChannel().send(MSG, _to(phone="0912000003"))
    assert bad.outcome == GIVE_UP
    assert bad.reason == "Zalo lỗi -108: Số điện thoại không hợp lệ với Zalo."


def test_zalo_expired_token_gives_up_with_a_clear_state(zns):
    result = ZaloChannel().send(MSG, _to(phone="0912000004"))
    assert (result.outcome, result.provider_id) == (GIVE_UP, "zalo_token")
    assert "access token" in result.reason and "XTD_ZALO_ACCESS_TOKEN" in result.reason


def test_zalo_is_off_without_token_or_template(settings):
    settings.XTD_ZALO_ACCESS_TOKEN, settings.XTD_ZALO_TEMPLATE_ID = "", "248079"
    assert not ZaloChannel().configured()


# --- SMS gateway ---------------------------------------------------------------------------

# As eSMS answers (https://developers.esms.vn/en/esms-api/table-of-error-codes): CodeResult
# 100 accepted, 101 wrong ApiKey/SecretKey, 103 balance too low, 108 phone format.
SMS_ANSWERS = {
    "0912000001": (200, {"CodeResult": "100", "SMSID": "sms-42"}),
    "0912000002": (200, {"CodeResult": "103", "ErrorMessage": "Balance not enough"}),
    "0912000003": (200, {"CodeResult": "108", "ErrorMessage": "Phone not valid"}),
    "0912000004": (500, {"message": "Internal error"}),
}


@pytest.fixture
def sms(settings):
    server = ScriptedHttp(lambda body, headers: SMS_ANSWERS[body["Phone"]])
    settings.XTD_SMS_URL = server.url + "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
    settings.XTD_SMS_USERNAME, settings.XTD_SMS_PASSWORD = "api-key", "secret"
    settings.XTD_SMS_BRANDNAME = "UBND XA"
    settings.XTD_SMS_BODY_TEMPLATE = (
        '{"ApiKey": "{username}", "SecretKey": "{password}", "Phone": "{phone}", "Content": "{text}",'
        ' "Brandname": "{brandname}", "SmsType": "2", "RequestId": "{id}"}'
    )
    settings.XTD_SMS_CODE_FIELD, settings.XTD_SMS_ID_FIELD = "CodeResult", "SMSID"
    settings.XTD_SMS_SUCCESS_CODES, settings.XTD_SMS_RETRY_CODES = "100", "103"
    yield server
    server.stop()


def test_sms_success_posts_the_body_template_without_diacritics(sms):
    result = SmsChannel().send(MSG, _to(phone="0912000001"))
    assert (result.outcome, result.provider_id) == (SENT, "sms-42")
    [req] = sms.requests
    assert req["body"]["Content"] == "Nhac: Van phong nop bao cao Tuan 3 truoc 10:00 20/11/2025. http://x/bao-cao/1/"
    assert req["body"]["ApiKey"] == "api-key" and req["body"]["RequestId"] == "xtd-7"
    assert "authorization" not in req["headers"]  # the credentials travel in the body here
    assert len(req["body"]["Content"]) <= 160


def test_sms_retry_code_and_5xx_retry_bad_phone_gives_up(sms):
    assert SmsChannel().send(MSG, _to(phone="0912000002")).outcome == RETRY
    assert SmsChannel().send(MSG, _to(phone="0912000004")).outcome == RETRY
    bad = SmsChannel().send(MSG, _to(phone="0912000003"))
    assert bad.outcome == GIVE_UP
    assert bad.reason == "Cổng SMS trả mã 108."


def test_sms_default_template_uses_basic_auth(settings):
    server = ScriptedHttp(lambda body, headers: (200, {"code": "0", "id": "m1"}))
    try:
        settings.XTD_SMS_URL = server.url + "/send"
        settings.XTD_SMS_USERNAME, settings.XTD_SMS_PASSWORD = "xa", "pw"
        assert SmsChannel().send(MSG, _to(phone="0912000001")).outcome == SENT
        assert server.requests[0]["headers"]["authorization"] == "Basic eGE6cHc="
        assert server.requests[0]["body"]["to"] == "0912000001"
    finally:
        server.stop()
