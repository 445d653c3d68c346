"""Issue 14 failure 5: Mẫu 02 bodies the phone's outbox would retry for ever on a 500. Each is
a 400 with a Vietnamese message on the field, and nothing is stored."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from households.models import SubmissionKey, VillageReturn, VillageReturnLog
from tests.households.factories import GOOD
from tests.org.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(client, m02):
    client.login(username=m02.w.head.username, password=PASSWORD)
    return client


def _post(client, m02, body: bytes | str):
    url = reverse("households:submit_api", args=[m02.round.pk, m02.w.a1_v1.pk])
    return client.post(url, data=body, content_type="application/json")


def _body(key="k-1", note="", **changes) -> str:
    return json.dumps({"idempotency_key": key, "figures": {**GOOD, **changes}, "ghi_chu": note}, ensure_ascii=False)


def _nothing_stored() -> bool:
    return not (VillageReturn.objects.exists() or SubmissionKey.objects.exists() or VillageReturnLog.objects.exists())


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("²", "Số hộ: “²” không phải là số: chỉ dùng chữ số 0–9."),
        ("①", "Số hộ: “①” không phải là số: chỉ dùng chữ số 0–9."),
        ("١٢٠", "Số hộ: “١٢٠” không phải là số: chỉ dùng chữ số 0–9."),
        ("1 2 0", "Số hộ: “1 2 0” không phải là số: không để dấu cách giữa các chữ số."),
        ("9" * 5000, "Số hộ quá lớn (tối đa 10.000.000)."),
        ("NaN", "Số hộ: “NaN” không phải là số."),
    ],
    ids=["superscript", "circled", "arabic-indic", "spaced", "5000-digit-text", "nan"],
)
def test_a_figure_that_is_not_ascii_digits_is_a_400_on_its_field(head, m02, raw, message):
    res = _post(head, m02, _body(so_ho=raw))
    assert res.status_code == 400
    assert res.json()["errors"]["so_ho"] == [message]
    assert _nothing_stored()


def test_a_5000_digit_json_number_is_a_400_naming_the_limit(head, m02):
    body = _body().replace('"so_ho": 120', '"so_ho": ' + "9" * 5000)
    assert "9" * 5000 in body
    res = _post(head, m02, body)
    assert res.status_code == 400
    assert res.json()["errors"]["so_ho"] == ["Số hộ quá lớn (tối đa 10.000.000)."]
    assert _nothing_stored()


@pytest.mark.parametrize("depth", [7, 100, 30_000])
def test_deeply_nested_json_is_a_400(head, m02, depth):
    res = _post(head, m02, "[" * depth + "]" * depth)
    assert res.status_code == 400
    assert res.json()["message"] == "Dữ liệu gửi lên lồng nhau quá sâu (quá 6 lớp): không đọc được."
    assert _nothing_stored()


def test_a_body_over_64_kb_is_a_400(head, m02):
    res = _post(head, m02, _body(note="x" * 70_000))
    assert res.status_code == 400
    assert res.json()["message"].startswith("Dữ liệu gửi lên quá lớn (")
    assert _nothing_stored()


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("trước\x00sau", "Ghi chú có ký tự điều khiển không được phép (U+0000, vị trí 6)."),
        ("\x07", "Ghi chú có ký tự điều khiển không được phép (U+0007, vị trí 1)."),
        ("a\ud800b", "Ghi chú có ký tự điều khiển không được phép (U+D800, vị trí 2)."),
        ({"x": 1}, "Ghi chú phải là một đoạn chữ."),
    ],
    ids=["nul", "bell", "lone-surrogate", "object"],
)
def test_a_control_character_in_ghi_chu_is_a_400_on_the_field(head, m02, note, message):
    body = json.dumps({"idempotency_key": "k-1", "figures": GOOD, "ghi_chu": note})
    res = _post(head, m02, body)
    assert res.status_code == 400
    assert res.json()["errors"]["ghi_chu"] == [message]
    assert _nothing_stored()


@pytest.mark.parametrize("key", ["k\x00ey", "k\ud800", "k" * 65, ["k"]], ids=["nul", "surrogate", "too-long", "list"])
def test_a_bad_idempotency_key_is_a_400_on_the_key(head, m02, key):
    res = _post(head, m02, json.dumps({"idempotency_key": key, "figures": GOOD, "ghi_chu": ""}))
    assert res.status_code == 400
    assert list(res.json()["errors"]) == ["idempotency_key"]
    assert res.json()["errors"]["idempotency_key"][0].startswith("Mã gửi (idempotency key) ")
    assert _nothing_stored()


def test_multiline_note_and_grouped_thousands_are_accepted(head, m02):
    # the one number rule: "1.200" is one thousand two hundred, as the weekly form reads it
    res = _post(head, m02, _body(note="Dòng 1\nDòng 2", so_khau="1.200", co_vneid="1.100", chua_vneid="100"))
    assert res.status_code == 201, res.json()
    ret = VillageReturn.objects.get()
    assert (ret.so_khau, ret.co_vneid, ret.ghi_chu) == (1200, 1100, "Dòng 1\nDòng 2")


def test_a_nul_in_the_visit_register_is_refused_on_its_field():
    from households.validation import clean_visit

    _, errors = clean_visit(
        {"household_code": "H\x0001", "head_name": "Nguyễn Văn A", "members": "3", "members_vneid": "2"}
    )
    assert errors == {"household_code": ["Mã hộ có ký tự điều khiển không được phép (U+0000, vị trí 2)."]}
