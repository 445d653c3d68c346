"""The send protocol of the phone's outbox (issue 13 item 1): every answer is JSON naming the key
and the hash of the figures as stored; an expired session is 401, never the login page."""

import hashlib
import json

import pytest
from django.urls import reverse

from households.models import SubmissionKey, VillageReturn
from tests.factories import PASSWORD
from tests.households.factories import GOOD

pytestmark = pytest.mark.django_db

# The canonical JSON the phone hashes, written out by hand for GOOD and an empty note.
CANONICAL = (
    '{"chua_vneid":50,"co_vneid":400,"ghi_chu":"","ho_danh_gia":100,"hs_kq_dien_tu":25,'
    '"hs_truc_tuyen":30,"so_ho":120,"so_khau":450}'
)
GOOD_HASH = hashlib.sha256(CANONICAL.encode()).hexdigest()


def post(client, m02, key="key-1", note="", user=None, **changes):
    url = reverse("households:submit_api", args=[m02.round.pk, m02.w.a1_v1.pk])
    body = {"idempotency_key": key, "figures": {**GOOD, **changes}, "ghi_chu": note}
    if user is not None:
        body["user"] = user
    return client.post(url, data=json.dumps(body), content_type="application/json", HTTP_ACCEPT="application/json")


@pytest.fixture
def head_client(client, m02):
    client.login(username=m02.w.head.username, password=PASSWORD)
    return client


def test_201_names_the_stored_row_its_key_and_the_hash_of_the_figures(head_client, m02):
    res = post(head_client, m02)
    assert res.status_code == 201
    body = res.json()
    ret = VillageReturn.objects.get()
    assert (body["ok"], body["id"], body["key"], body["hash"]) == (True, ret.pk, "key-1", GOOD_HASH)
    assert body["created"] is True


def test_200_for_the_same_key_and_figures_with_the_same_hash(head_client, m02):
    post(head_client, m02)
    again = post(head_client, m02)
    assert again.status_code == 200
    assert (again.json()["key"], again.json()["hash"], again.json()["created"]) == ("key-1", GOOD_HASH, False)
    assert VillageReturn.objects.count() == 1 and SubmissionKey.objects.count() == 1


def test_the_hash_covers_the_note_as_stored_trimmed(head_client, m02):
    body = post(head_client, m02, note="  Đã rà soát đủ  ").json()
    canonical = CANONICAL.replace('"ghi_chu":""', '"ghi_chu":"Đã rà soát đủ"')
    assert body["hash"] == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert VillageReturn.objects.get().ghi_chu == "Đã rà soát đủ"


def test_409_for_the_key_with_other_figures_changes_nothing(head_client, m02):
    post(head_client, m02)
    res = post(head_client, m02, so_ho=121)
    assert res.status_code == 409
    assert res.json()["ok"] is False and "số liệu khác" in res.json()["message"]
    assert "hash" not in res.json()
    assert VillageReturn.objects.get().so_ho == 120


def test_400_gives_vietnamese_errors_per_field_and_no_hash(head_client, m02):
    res = post(head_client, m02, so_ho=-3, chua_vneid=10)
    assert res.status_code == 400
    body = res.json()
    assert body["errors"]["so_ho"] == ["Số hộ không được là số âm."]
    assert "phải bằng Số khẩu (450)" in body["errors"]["chua_vneid"][0]
    assert "hash" not in body and VillageReturn.objects.count() == 0


def test_401_json_not_a_redirect_when_the_session_is_gone(client, m02):
    res = post(client, m02)
    assert res.status_code == 401
    assert res["Content-Type"].startswith("application/json")
    assert res.json()["message"] == "Phiên đăng nhập đã hết hạn — đăng nhập lại, bản nháp vẫn còn."
    assert res.json()["login_url"] == reverse("login")
    assert VillageReturn.objects.count() == 0


def test_an_entry_typed_under_another_account_is_refused(head_client, m02):
    res = post(head_client, m02, user="truongxom9")
    assert res.status_code == 403 and res.json()["code"] == "other_user"
    assert VillageReturn.objects.count() == 0
    assert post(head_client, m02, user=m02.w.head.username).status_code == 201


def test_session_state_gives_a_token_and_who_is_logged_in(client, m02):
    url = reverse("households:session_state")
    anonymous = client.get(url).json()
    assert (anonymous["authenticated"], anonymous["user"]) == (False, "")
    assert anonymous["csrf_token"]
    client.login(username=m02.w.head.username, password=PASSWORD)
    assert client.get(url).json()["user"] == m02.w.head.username


def test_service_worker_is_served_at_the_root_as_javascript(client):
    res = client.get("/sw.js")
    assert res.status_code == 200
    assert res["Content-Type"].startswith("text/javascript")
    assert res["Service-Worker-Allowed"] == "/"
    assert "importScripts(" in res.content.decode() and "households/outbox.js" in res.content.decode()


def test_an_idle_expired_session_answers_401_json_to_the_outbox_and_keeps_nothing(head_client, m02):
    """A phone left 31 minutes: the outbox's send gets 401 JSON naming the login page (the
    session middleware must not answer it with a redirect), and no row is written."""
    assert head_client.get(reverse("village_home")).status_code == 200
    session = head_client.session
    session["xtd_seen_at"] -= 31 * 60
    session.save()
    res = post(head_client, m02)
    assert res.status_code == 401
    assert res.json()["login_url"] == reverse("login")
    assert res.json()["message"].startswith("Phiên làm việc đã hết hạn (không thao tác quá 30 phút)")
    assert "Bản nháp vẫn còn trên máy." in res.json()["message"]
    assert VillageReturn.objects.count() == 0
