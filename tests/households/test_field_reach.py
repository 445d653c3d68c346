"""Issue 13 items 3–6 without a browser: the household visit and the village's weekly report
through the outbox protocol (201/200 with key and hash, 400, 401, 409), the derived Mẫu 02 row,
the village head's home, "Ghi nhớ trên máy này", compressed pages and AA status colours."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from households.models import HouseholdVisit, ReturnStatus, VillageReturn
from indicators.models import DataElement
from reporting.models import ReportAction, ReportEvent, UnitReport
from reporting.services import unit_report_open, unit_report_return, unit_report_submit
from tests.factories import PASSWORD
from tests.reporting.conftest import build_campaign

pytestmark = pytest.mark.django_db

VISIT = {
    "household_code": "H01",
    "head_name": "Nguyễn Văn Ánh",
    "members": 4,
    "members_vneid": 3,
    "online_dossiers": 2,
    "e_results": 1,
    "rated": True,
    "note": "",
}
# The canonical JSON the phone hashes for VISIT, written out by hand (keys sorted, UTF-8).
VISIT_CANONICAL = (
    '{"e_results":1,"ghi_chu":"","head_name":"Nguyễn Văn Ánh","household_code":"H01","members":4,'
    '"members_vneid":3,"note":"","online_dossiers":2,"rated":true}'
)


def post_json(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json", HTTP_ACCEPT="application/json")


@pytest.fixture
def head(client, m02):
    client.login(username=m02.w.head.username, password=PASSWORD)
    return client


def visit_url(m02):
    return reverse("households:visit_add_api", args=[m02.round.pk, m02.w.a1_v1.pk])


def send_visit(client, m02, key="v-1", **changes):
    return post_json(client, visit_url(m02), {"idempotency_key": key, "figures": {**VISIT, **changes}, "ghi_chu": ""})


# --- the household visit --------------------------------------------------------------------


def test_a_visit_is_stored_once_and_named_by_key_and_hash(head, m02):
    first = send_visit(head, m02)
    assert first.status_code == 201
    body = first.json()
    assert body["key"] == "v-1"
    assert body["hash"] == hashlib.sha256(VISIT_CANONICAL.encode()).hexdigest()
    again = send_visit(head, m02)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert HouseholdVisit.objects.filter(village=m02.w.a1_v1).count() == 1


def test_the_derived_mau02_row_is_recomputed_from_the_register(head, m02):
    send_visit(head, m02, key="v-1")
    res = send_visit(
        head, m02, key="v-2", household_code="H02", members=3, members_vneid=1, online_dossiers=0, rated=False
    )
    # 2 households, 4 + 3 = 7 people, 3 + 1 = 4 with VNeID, 3 without, 2 + 0 dossiers, 1 + 1 e-results, 1 rated
    expected = dict(so_ho=2, so_khau=7, co_vneid=4, chua_vneid=3, hs_truc_tuyen=2, hs_kq_dien_tu=2, ho_danh_gia=1)
    assert res.json()["derived"] == expected
    ret = VillageReturn.objects.get(survey_round=m02.round, village=m02.w.a1_v1)
    assert {k: getattr(ret, k) for k in expected} == expected
    assert ret.status == ReturnStatus.DRAFT and ret.from_visits


def test_the_same_household_with_other_figures_from_a_second_phone_is_409(head, m02):
    send_visit(head, m02, key="phone-a")
    res = send_visit(head, m02, key="phone-b", members=6)
    assert res.status_code == 409
    assert "Hộ “H01” đã có trong sổ với số khác" in res.json()["message"]
    assert HouseholdVisit.objects.get(village=m02.w.a1_v1).members == 4


def test_a_key_reused_for_another_visit_is_409_and_changes_nothing(head, m02):
    send_visit(head, m02, key="k")
    res = send_visit(head, m02, key="k", household_code="H09")
    assert res.status_code == 409
    assert list(HouseholdVisit.objects.values_list("household_code", flat=True)) == ["H01"]


def test_a_bad_visit_is_400_per_field(head, m02):
    res = send_visit(head, m02, members_vneid=9)
    assert res.status_code == 400
    assert res.json()["errors"]["members_vneid"] == ["Số người có VNeID (9) không được lớn hơn Số khẩu của hộ (4)."]
    assert not HouseholdVisit.objects.exists()


def test_a_visit_without_session_is_401_json(client, m02):
    res = send_visit(client, m02)
    assert res.status_code == 401 and res.json()["code"] == "login_required"


# --- the village's weekly report ----------------------------------------------------------


@pytest.fixture
def week(m02):
    w = m02.w
    campaign, periods = build_campaign(w.a1, [w.a1_dept, w.a1_v1, w.a1_v2], code="PL-W")
    return campaign, periods[0]


def week_url(m02, period):
    return reverse("village_week:submit", args=[m02.w.a1_v1.pk, period.pk])


def test_the_weekly_report_is_submitted_once_with_key_and_hash(head, m02, week):
    _, period = week
    body = {"idempotency_key": "w-1", "version": 0, "figures": {"BUOI_TUYEN_TRUYEN": 2}, "ghi_chu": ""}
    first = post_json(head, week_url(m02, period), body)
    assert first.status_code == 201
    assert first.json()["hash"] == hashlib.sha256(b'{"BUOI_TUYEN_TRUYEN":2,"ghi_chu":""}').hexdigest()
    assert first.json()["key"] == "w-1"
    for _ in range(3):
        again = post_json(head, week_url(m02, period), body)
        assert again.status_code == 200
    report = UnitReport.objects.get(unit=m02.w.a1_v1, period=period)
    assert ReportEvent.objects.filter(report=report, action=ReportAction.SUBMIT).count() == 1


def test_a_second_phone_with_other_weekly_figures_gets_409_and_a_clear_message(head, m02, week):
    _, period = week
    post_json(head, week_url(m02, period), {"idempotency_key": "a", "version": 0, "figures": {"BUOI_TUYEN_TRUYEN": 2}})
    res = post_json(
        head, week_url(m02, period), {"idempotency_key": "b", "version": 0, "figures": {"BUOI_TUYEN_TRUYEN": 5}}
    )
    assert res.status_code == 409
    assert "vừa được nộp hoặc sửa từ máy khác với số khác" in res.json()["message"]
    assert "Số buổi tuyên truyền, hướng dẫn tại thôn: 2" in res.json()["message"]


def test_a_weekly_figure_that_is_not_a_number_is_400_naming_it(head, m02, week):
    _, period = week
    res = post_json(head, week_url(m02, period), {"idempotency_key": "a", "figures": {"BUOI_TUYEN_TRUYEN": "-1"}})
    assert res.status_code == 400
    assert "không được là số âm" in res.json()["errors"]["BUOI_TUYEN_TRUYEN"][0]
    assert not UnitReport.objects.filter(unit=m02.w.a1_v1, submitted_at__isnull=False).exists()


def test_another_village_is_404_and_no_session_is_401(client, head, m02, week):
    _, period = week
    other = reverse("village_week:submit", args=[m02.w.a1_v2.pk, period.pk])
    assert post_json(head, other, {"idempotency_key": "a", "figures": {"BUOI_TUYEN_TRUYEN": 1}}).status_code in (
        403,
        404,
    )
    head.logout()
    assert post_json(head, week_url(m02, period), {"idempotency_key": "a"}).status_code == 401


# --- the village head's home ---------------------------------------------------------------


@time_machine.travel("2025-11-07 09:00 +0700")
def test_a_village_head_lands_on_the_round_the_week_due_and_what_was_returned(head, m02, week):
    campaign, period = week  # week 1: 03–09/11/2025, due Thursday 13/11/2025 10:00
    element = DataElement.objects.get(code="BUOI_TUYEN_TRUYEN", commune__isnull=True)
    report = unit_report_open(campaign=campaign, unit=m02.w.a1_v1, period=period)
    unit_report_submit(report=report, user=m02.w.head, expected_version=None, values={(element.pk, None): Decimal(1)})
    unit_report_return(
        report=report, user=m02.w.centre, expected_version=report.version, reason="Thiếu buổi ngày 04/11"
    )
    res = head.get(reverse("home"), follow=True)
    assert res.redirect_chain[-1][0] == reverse("village_home")
    page = res.content.decode()
    assert m02.round.title in page and "Mở Mẫu 02" in page
    assert period.label in page and "hạn 10:00 13/11/2025" in page
    assert "lý do: Thiếu buổi ngày 04/11" in page
    assert 'id="xtd-outbox"' in page


# --- "Ghi nhớ trên máy này" ------------------------------------------------------------------


def login(client, user, remember: bool):
    data = {"username": user.username, "password": PASSWORD}
    if remember:
        data["remember"] = "1"
    return client.post(reverse("login"), data)


def test_a_remembered_village_head_outlives_the_staff_limits_but_not_30_days(client, m02):
    with time_machine.travel("2025-11-01 08:00 +0700", tick=False) as clock:
        login(client, m02.w.head, remember=True)
        assert client.session.get_expiry_age() == 30 * 86400
        clock.shift(13 * 86400)  # 13 days without use: still signed in (staff: 30 min)
        assert client.get(reverse("village_home")).status_code == 200
        clock.shift(13 * 86400)  # 26 days after sign-in, 13 days idle
        assert client.get(reverse("village_home")).status_code == 200
        clock.shift(5 * 86400)  # 31 days after sign-in
        res = client.get(reverse("village_home"))
        assert res.status_code == 302 and SESSION_KEY not in client.session


def test_the_remember_tick_changes_nothing_for_staff(client, m02):
    with time_machine.travel("2025-11-01 08:00 +0700", tick=False) as clock:
        login(client, m02.w.centre, remember=True)
        assert client.session.get_expiry_age() == 12 * 3600
        clock.shift(31 * 60)
        assert client.get(reverse("home")).status_code == 302
        assert SESSION_KEY not in client.session


def test_without_the_tick_a_village_head_keeps_the_30_minutes(client, m02):
    with time_machine.travel("2025-11-01 08:00 +0700", tick=False) as clock:
        login(client, m02.w.head, remember=False)
        clock.shift(31 * 60)
        assert client.get(reverse("village_home")).status_code == 302


# --- weight and polish -----------------------------------------------------------------------


def test_pages_are_sent_gzipped_to_a_phone_that_accepts_it(head, m02):
    res = head.get(reverse("village_home"), HTTP_ACCEPT_ENCODING="gzip")
    assert res["Content-Encoding"] == "gzip"


def test_every_page_names_a_favicon_that_exists(client):
    page = client.get(reverse("login")).content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    assert href.endswith("favicon.svg")
    assert (Path(__file__).resolve().parents[2] / "static" / "favicon.svg").exists()


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_contrast_formula_against_known_pairs():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # the classic "just fails AA" grey


def test_every_status_chip_colour_pair_passes_wcag_aa():
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "app.css").read_text()
    var = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b", css))
    pairs = re.findall(r"\.status-[^{]+\{\s*background:\s*var\(--([a-z-]+)\);\s*color:\s*var\(--([a-z-]+)\);", css)
    assert len(pairs) >= 5
    for bg, fg in pairs:
        assert contrast(var[fg], var[bg]) >= 4.5, (fg, bg, contrast(var[fg], var[bg]))
    # text on the page, links, the top bar
    assert contrast(var["muted"], var["bg"]) >= 4.5
    assert contrast(var["link"], "#ffffff") >= 4.5
    assert contrast("#ffffff", var["primary"]) >= 4.5  # --primary-fg: #fff


# --- the three outbox endpoints answer the same preamble ----------------------------------


def test_the_three_outbox_endpoints_refuse_alike_before_their_own_work(client, m02, week):
    """Mẫu 02, the household visit and the village week share one preamble
    (``indicators.reading.json_endpoint`` / ``json_request_body``): no session → 401 JSON
    naming the login page; a body nested too deep → 400 with the same message; an entry typed
    under another account → 403 "other_user". Nothing is stored by any of them."""
    _, period = week
    urls = [
        reverse("households:submit_api", args=[m02.round.pk, m02.w.a1_v1.pk]),
        visit_url(m02),
        week_url(m02, period),
    ]
    gone = [post_json(client, url, {"idempotency_key": "a"}) for url in urls]
    assert [(r.status_code, r.json()["code"], r.json()["login_url"]) for r in gone] == [
        (401, "login_required", reverse("login"))
    ] * 3
    client.login(username=m02.w.head.username, password=PASSWORD)
    deep = "[" * 7 + "]" * 7
    deep_answers = [client.post(url, data=f'{{"x": {deep}}}', content_type="application/json") for url in urls]
    assert {(r.status_code, r.json()["message"]) for r in deep_answers} == {
        (400, "Dữ liệu gửi lên lồng nhau quá sâu (quá 6 lớp): không đọc được.")
    }
    other = [post_json(client, url, {"idempotency_key": "b", "user": "nguoi-khac"}) for url in urls]
    assert {(r.status_code, r.json()["code"]) for r in other} == {(403, "other_user")}
    assert "“nguoi-khac”" in other[2].json()["message"]
    assert not (VillageReturn.objects.exists() or HouseholdVisit.objects.exists() or UnitReport.objects.exists())
