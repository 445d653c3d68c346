"""The outbox in real Chromium at 360 × 740 (issue 13): what the village head typed is sent once,
through a lost link, a reload offline, an expired session and a failing server. Each test checks
the database, not only the page."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command

from demo.seed_org import DEMO_PASSWORD
from households.models import SubmissionKey, SurveyRound, VillageReturn
from org.models import Unit
from tests.browser import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIGURES = {
    "so_ho": "120",
    "so_khau": "450",
    "co_vneid": "400",
    "chua_vneid": "50",
    "hs_truc_tuyen": "30",
    "hs_kq_dien_tu": "25",
    "ho_danh_gia": "100",
}
MSG = "document.getElementById('m02-msg').textContent"
OUTBOX = "document.getElementById('xtd-outbox')"


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--bare", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    survey_round = SurveyRound.objects.get(campaign__code="PL-45N-2025")
    village = Unit.objects.get(commune=survey_round.campaign.commune, code="V01")
    return survey_round, village


def form_url(demo) -> str:
    survey_round, village = demo
    return f"/ra-soat/dot/{survey_round.pk}/thon/{village.pk}/"


def open_form(page, demo):
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, "truongxom1", DEMO_PASSWORD)
    page.goto(form_url(demo))
    page.wait_for_selector("#m02")


def wait_for_worker(page, demo):
    """The worker controls the page and keeps a copy of the form page."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    for _ in range(100):
        if page.evaluate(
            "caches.open('xtd-pages-v1').then(c => c.match(location.origin + location.pathname)).then(Boolean)"
        ):
            return
        time.sleep(0.1)
    raise AssertionError("the form page was not kept by the service worker")


def fill_and_send(page, figures=FIGURES):
    for name, value in figures.items():
        page.fill(f"#id_{name}", value)
    page.click("#m02 button[type=submit]")


def queued(page) -> int:
    return page.evaluate("XTDOutbox.all().then(a => a.length)")


def wait_until(check, timeout=40.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def assert_one_return(village):
    ret = VillageReturn.objects.get()
    figures = {name: str(getattr(ret, name)) for name in FIGURES}
    assert (ret.village_id, ret.status, figures) == (village.pk, "submitted", FIGURES)
    assert SubmissionKey.objects.count() == 1


def test_a_fill_and_send_online_stores_one_row_and_empties_the_outbox(page, demo):
    open_form(page, demo)
    fill_and_send(page)
    page.wait_for_function(f"{MSG}.indexOf('Máy chủ đã xác nhận') >= 0", timeout=20_000)
    assert_one_return(demo[1])
    assert queued(page) == 0
    assert page.is_hidden("#m02 button[type=submit]")  # "Nộp" does not stay on screen
    screenshot(page, "outbox-360-sent")


def test_b_offline_entry_survives_a_reload_offline_and_is_sent_once_online(page, browser_context, demo):
    open_form(page, demo)
    wait_for_worker(page, demo)
    browser_context.set_offline(True)
    fill_and_send(page)
    page.wait_for_function(f"{MSG}.indexOf('Chưa có mạng') >= 0")
    response = page.reload()  # offline: only the service worker's copy can answer
    assert response.from_service_worker and "x-xtd-kept" in response.headers
    page.wait_for_selector("#m02")
    page.wait_for_function(f"{OUTBOX} && {OUTBOX}.textContent.indexOf('1 bản chờ gửi') >= 0")
    assert page.input_value("#id_so_khau") == "450"
    assert "nhập lúc" in page.inner_text("#xtd-outbox")
    screenshot(page, "outbox-360-offline-reloaded")
    assert VillageReturn.objects.count() == 0 and queued(page) == 1

    browser_context.set_offline(False)
    page.wait_for_function(f"{OUTBOX}.textContent.indexOf('Đã gửi và máy chủ đã xác nhận') >= 0", timeout=40_000)
    assert queued(page) == 0
    assert_one_return(demo[1])


def test_d_expired_session_keeps_the_entry_and_sends_it_once_after_login(page, demo):
    open_form(page, demo)
    Session.objects.all().delete()  # the session expired while the phone was in the pocket
    fill_and_send(page)
    expired = "Phiên đăng nhập đã hết hạn — đăng nhập lại, bản nháp vẫn còn."
    page.wait_for_function(f"{MSG}.indexOf('{expired}') >= 0")
    assert expired in page.inner_text("#xtd-outbox")
    screenshot(page, "outbox-360-session-expired")
    assert VillageReturn.objects.count() == 0 and queued(page) == 1

    page.click("#xtd-outbox a:has-text('Đăng nhập lại')")
    page.fill("#id_username", "truongxom1")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    wait_until(lambda: VillageReturn.objects.filter(status="submitted").exists())
    page.wait_for_function(f"{OUTBOX} && {OUTBOX}.textContent.indexOf('Đã gửi') >= 0", timeout=20_000)
    assert queued(page) == 0
    assert_one_return(demo[1])


def test_e_server_errors_then_success_sends_once(page, browser_context, demo):
    calls = []

    def fail_three_times(route):
        calls.append(route.request.headers.get("idempotency-key"))
        if len(calls) <= 3:
            route.fulfill(status=500, content_type="text/html", body="<h1>Server Error (500)</h1>")
        else:
            route.continue_()

    open_form(page, demo)
    browser_context.route("**/nop/", fail_three_times)  # the context's route also sees the worker's sends
    fill_and_send(page)
    page.wait_for_function(f"{MSG}.indexOf('lỗi tạm thời') >= 0")
    assert VillageReturn.objects.count() == 0 and queued(page) == 1
    page.wait_for_function(f"{MSG}.indexOf('Máy chủ đã xác nhận') >= 0", timeout=40_000)
    assert len(calls) >= 4 and len(set(calls)) == 1
    assert queued(page) == 0
    assert_one_return(demo[1])
