"""The pages and the JSON submit endpoint: answers, messages and who may do what (rule 9)."""

import json

import pytest
from django.urls import reverse

from households.models import HouseholdVisit, VillageReturn
from indicators.models import DataValue
from tests.org.factories import PASSWORD

from .factories import GOOD

pytestmark = pytest.mark.django_db


def api(client, m02, village=None, key="key-1", **changes):
    village = village or m02.w.a1_v1
    url = reverse("households:submit_api", args=[m02.round.pk, village.pk])
    body = {"idempotency_key": key, "figures": {**GOOD, **changes}, "ghi_chu": ""}
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def head_client(client, m02):
    client.login(username=m02.w.head.username, password=PASSWORD)
    return client


def test_submit_api_answers_201_then_200_then_409(head_client, m02):
    first = api(head_client, m02)
    assert first.status_code == 201
    assert first.json()["status_label"] == "Đã nộp"
    assert api(head_client, m02).status_code == 200
    conflict = api(head_client, m02, so_ho=121)
    assert conflict.status_code == 409
    assert "số liệu khác" in conflict.json()["message"]
    assert VillageReturn.objects.get().so_ho == 120


def test_submit_api_bad_input_gives_field_messages_and_stores_nothing(head_client, m02):
    res = api(head_client, m02, so_ho=-3, chua_vneid=10)
    assert res.status_code == 400
    errors = res.json()["errors"]
    assert errors["so_ho"] == ["Số hộ không được là số âm."]
    assert "phải bằng Số khẩu (450)" in errors["chua_vneid"][0]
    assert VillageReturn.objects.count() == 0 and DataValue.objects.count() == 0


def test_submit_api_flags_more_e_results_than_online_dossiers(head_client, m02):
    res = api(head_client, m02, hs_truc_tuyen=5, hs_kq_dien_tu=8)
    assert res.status_code == 201
    assert "Trung tâm sẽ kiểm tra lại" in res.json()["warnings"]["hs_kq_dien_tu"][0]
    assert VillageReturn.objects.get().flagged


def test_village_head_lands_on_own_form_with_village_word(head_client, m02):
    res = head_client.get(reverse("households:home"))
    assert res.status_code == 302
    assert res.url == reverse("households:return_form", args=[m02.round.pk, m02.w.a1_v1.pk])
    page = head_client.get(res.url).content.decode()
    assert f"Xóm: {m02.w.a1_v1.name}" in page
    assert 'inputmode="numeric"' in page and "Người có VNeID" in page


def test_village_head_cannot_read_or_write_another_village(head_client, m02):
    w = m02.w
    for village, survey_round in ((w.a1_v2, m02.round), (w.a2_v1, m02.round_a2), (w.a2_v1, m02.round)):
        form = reverse("households:return_form", args=[survey_round.pk, village.pk])
        assert head_client.get(form).status_code == 404
        assert head_client.post(form, {**GOOD, "idempotency_key": "x1"}).status_code == 404
        url = reverse("households:submit_api", args=[survey_round.pk, village.pk])
        body = json.dumps({"idempotency_key": "x2", "figures": GOOD})
        assert head_client.post(url, data=body, content_type="application/json").status_code == 404
        assert head_client.get(reverse("households:visits", args=[survey_round.pk, village.pk])).status_code == 404
    # guessed ids that do not exist, a department instead of a village
    assert head_client.get(reverse("households:return_form", args=[m02.round.pk, 999999])).status_code == 404
    assert head_client.get(reverse("households:return_form", args=[m02.round.pk, w.a1_dept.pk])).status_code == 404
    assert head_client.get(reverse("households:tong", args=[m02.round.pk])).status_code == 404
    assert head_client.get(reverse("households:export_xlsx", args=[m02.round.pk])).status_code == 404
    assert VillageReturn.objects.count() == 0 and DataValue.objects.count() == 0


def test_tampered_form_fields_cannot_redirect_a_submission(head_client, m02):
    """Extra fields naming another village are ignored: the URL's village, checked, decides."""
    url = reverse("households:submit_api", args=[m02.round.pk, m02.w.a1_v1.pk])
    body = {"idempotency_key": "t1", "figures": GOOD, "village": m02.w.a1_v2.pk, "village_id": m02.w.a1_v2.pk}
    assert head_client.post(url, data=json.dumps(body), content_type="application/json").status_code == 201
    assert list(VillageReturn.objects.values_list("village_id", flat=True)) == [m02.w.a1_v1.pk]


def test_leadership_and_province_read_the_table_but_cannot_submit_or_see_households(client, m02):
    w = m02.w
    for user in (w.leader, w.province):
        client.force_login(user)
        assert client.get(reverse("households:tong", args=[m02.round.pk])).status_code == 200
        assert api(client, m02).status_code == 403
        assert client.get(reverse("households:visits", args=[m02.round.pk, w.a1_v1.pk])).status_code == 403
    client.force_login(w.centre)
    assert client.get(reverse("households:visits", args=[m02.round.pk, w.a1_v1.pk])).status_code == 200
    assert VillageReturn.objects.count() == 0


def test_form_without_javascript_shows_message_beside_field_and_stores_nothing(head_client, m02):
    url = reverse("households:return_form", args=[m02.round.pk, m02.w.a1_v1.pk])
    res = head_client.post(url, {**GOOD, "so_ho": "451", "idempotency_key": "nojs"})
    assert res.status_code == 400
    html = res.content.decode()
    assert 'id="err_so_ho"' in html and "Số hộ (451) không được lớn hơn Số khẩu (450)" in html
    assert VillageReturn.objects.count() == 0
    res = head_client.post(url, {**GOOD, "idempotency_key": "nojs2"}, follow=True)
    assert "Đã nộp Mẫu 02 của" in res.content.decode()
    assert VillageReturn.objects.get().status == "submitted"


def test_household_visits_add_next_loop_and_submit_from_visits(head_client, m02):
    w = m02.w
    url = reverse("households:visits", args=[m02.round.pk, w.a1_v1.pk])
    rows = [("H1", "Lê Văn An", 4, 3, 2, 3, "1"), ("H2", "Đỗ Thị Bình", 2, 2, 0, 0, "")]
    for code, name, members, vneid, online, eres, rated in rows:
        res = head_client.post(
            url,
            {
                "household_code": code,
                "head_name": name,
                "members": members,
                "members_vneid": vneid,
                "online_dossiers": online,
                "e_results": eres,
                "rated": rated,
            },
        )
        assert res.status_code == 302 and res.url == url
    bad = head_client.post(url, {"household_code": "H3", "head_name": "X", "members": 2, "members_vneid": 3})
    assert bad.status_code == 400
    assert "Số người có VNeID (3) không được lớn hơn Số khẩu của hộ (2)." in bad.content.decode()
    dup = head_client.post(url, {"household_code": "H1", "head_name": "Y", "members": 1, "members_vneid": 0})
    assert "Hộ “H1” đã có trong sổ." in dup.content.decode()
    assert HouseholdVisit.objects.count() == 2
    res = head_client.post(
        reverse("households:submit_visits", args=[m02.round.pk, w.a1_v1.pk]), {"idempotency_key": "v1"}
    )
    assert res.status_code == 302
    ret = VillageReturn.objects.get()
    assert ret.from_visits
    assert ret.figures() == {
        "so_ho": 2,
        "so_khau": 6,
        "co_vneid": 5,
        "chua_vneid": 1,
        "hs_truc_tuyen": 2,
        "hs_kq_dien_tu": 3,
        "ho_danh_gia": 1,
    }
    assert ret.flagged  # 3 e-results from 2 online dossiers: flagged, not refused
    form = head_client.get(reverse("households:return_form", args=[m02.round.pk, w.a1_v1.pk])).content.decode()
    assert "Số liệu tính từ sổ thăm hộ (2 hộ)" in form and 'id="m02"' not in form


def test_centre_home_lists_rounds_and_review_buttons_approve_and_return(client, m02):
    w = m02.w
    client.force_login(w.centre)
    home = client.get(reverse("households:home")).content.decode()
    assert reverse("households:tong", args=[m02.round.pk]) in home
    assert reverse("households:tong", args=[m02.round_a2.pk]) not in home  # another commune
    assert api(client, m02).status_code == 201  # the centre may enter for a village
    url = reverse("households:review", args=[m02.round.pk, w.a1_v1.pk])
    res = client.post(url, {"action": "return", "reason": ""}, follow=True)
    assert "Cần ghi lý do trả lại." in res.content.decode()
    assert VillageReturn.objects.get().status == "submitted"
    client.post(url, {"action": "approve"})
    assert VillageReturn.objects.get().status == "approved"
    client.force_login(w.head)
    assert client.post(url, {"action": "reopen", "reason": "x"}).status_code == 403
    assert VillageReturn.objects.get().status == "approved"


def test_centre_closes_the_round_and_submissions_are_refused(client, m02):
    client.force_login(m02.w.leader)
    url = reverse("households:round_status", args=[m02.round.pk])
    assert client.post(url, {"status": "closed"}).status_code == 403
    client.force_login(m02.w.centre)
    client.post(url, {"status": "closed"})
    res = api(client, m02)
    assert res.status_code == 400
    assert res.json()["errors"]["__all__"] == ["Đợt rà soát đã khóa sổ: không nhận thêm hoặc sửa Mẫu 02."]
    assert VillageReturn.objects.filter(status="submitted").count() == 0
