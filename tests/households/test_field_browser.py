"""Issue 13 done-when tests (c), (f), (g) in real Chromium at 360 × 740; each checks the database.

(c) close the browser (persistent profile) with an entry queued, reopen online: sent once;
(f) 20 sends of one entry from two tabs at once: one row on the server;
(g) a household visit entered offline arrives, and the derived Mẫu 02 row is right."""

import json

import pytest
from django.db import connection

from households.models import HouseholdVisit, SubmissionKey, VillageReturn
from tests.browser import CHROMIUM_ARGS, chromium_path, login, screenshot
from tests.households.test_outbox_browser import (
    FIGURES,
    MSG,
    OUTBOX,
    assert_one_return,
    demo,  # noqa: F401 - fixture
    fill_and_send,
    form_url,
    open_form,
    queued,
    wait_for_worker,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_c_a_closed_browser_sends_the_entry_once_when_reopened_online(_playwright_browser, live_server, demo, tmp_path):  # noqa: F811
    from demo.seed_org import DEMO_PASSWORD

    profile = tmp_path / "profile"

    def launch():
        ctx = _playwright_browser.browser_type.launch_persistent_context(
            str(profile),
            executable_path=chromium_path(),
            args=CHROMIUM_ARGS,
            headless=True,
            base_url=live_server.url,
            viewport={"width": 360, "height": 740},
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
        )
        ctx.set_default_timeout(15_000)
        return ctx

    ctx = launch()
    page = ctx.pages[0] if ctx.pages else ctx.new_page()
    login(page, "truongxom1", DEMO_PASSWORD)
    page.goto(form_url(demo))
    page.wait_for_selector("#m02")
    wait_for_worker(page, demo)
    ctx.set_offline(True)
    fill_and_send(page)
    page.wait_for_function(f"{MSG}.indexOf('Chưa có mạng') >= 0")
    assert queued(page) == 1
    ctx.close()  # the phone's browser is closed with the entry queued
    assert VillageReturn.objects.count() == 0

    ctx = launch()  # reopened, online
    page = ctx.pages[0] if ctx.pages else ctx.new_page()
    page.goto("/thon/")
    page.wait_for_function(
        f"{OUTBOX} && {OUTBOX}.textContent.indexOf('Đã gửi') >= 0", timeout=90_000
    )  # the reopened service worker retries on its own clock; a loaded CI machine is slow
    screenshot(page, "outbox-360-reopened")
    assert queued(page) == 0
    ctx.close()
    assert_one_return(demo[1])


SEND = """([url, body]) => fetch('/ra-soat/phien/', {credentials: 'same-origin'}).then(r => r.json()).then(s =>
  Promise.all(Array.from({length: 10}, () => fetch(url, {method: 'POST', credentials: 'same-origin',
    headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRFToken': s.csrf_token},
    body: JSON.stringify(body)}).then(r => r.status))))"""


SEND_ONE = SEND.replace("length: 10", "length: 1")


def test_f_twenty_sends_of_one_entry_from_two_tabs_store_one_row(page, browser_context, demo):  # noqa: F811
    open_form(page, demo)
    other = browser_context.new_page()
    other.goto(form_url(demo))
    other.wait_for_selector("#m02")
    survey_round, village = demo
    url = f"/ra-soat/dot/{survey_round.pk}/thon/{village.pk}/nop/"
    body = {
        "idempotency_key": "one-entry",
        "version": 0,
        "ghi_chu": "",
        "figures": {k: int(v) for k, v in FIGURES.items()},
    }
    if connection.vendor == "postgresql":
        # both tabs at the same time: the first tab's sends are started, not awaited
        page.evaluate("([send, args]) => { window.__sent = eval(send)(args); }", [SEND, [url, body]])
        second = other.evaluate(SEND, [url, body])
        statuses = page.evaluate("window.__sent") + second
    else:
        # the in-memory SQLite of the test server refuses parallel writers ("table is locked"):
        # the two tabs take turns, ten rounds
        statuses = []
        for _ in range(10):
            statuses += page.evaluate(SEND_ONE, [url, body]) + other.evaluate(SEND_ONE, [url, body])
    assert len(statuses) == 20 and set(statuses) <= {200, 201}
    assert statuses.count(201) == 1
    assert_one_return(village)
    assert SubmissionKey.objects.get().key == "one-entry"

    # and the outbox of two tabs: one entry queued, both tabs flush at once, one send stores it
    page.evaluate(
        "b => XTDOutbox.hash(b.figures, b.ghi_chu).then(h => XTDOutbox.put({key: b.idempotency_key, kind: 'mau02', "
        "url: arguments[0], store: 's', label: 'x', body: b, hash: h, state: 'queued', created: new Date().toISOString()}))".replace(
            "arguments[0]", json.dumps(url)
        ),
        body,
    )
    page.evaluate(
        "() => { window.__f = Promise.all([XTDOutbox.flush({force: true}), XTDOutbox.flush({force: true})]); }"
    )
    other.evaluate("Promise.all([XTDOutbox.flush({force: true}), XTDOutbox.flush({force: true})])")
    page.evaluate("window.__f.then(() => true)")
    assert queued(page) == 0 and queued(other) == 0
    assert VillageReturn.objects.count() == 1 and SubmissionKey.objects.count() == 1


def test_g_a_visit_entered_offline_arrives_and_the_derived_row_is_right(page, browser_context, demo):  # noqa: F811
    from demo.seed_org import DEMO_PASSWORD

    survey_round, village = demo
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, "truongxom1", DEMO_PASSWORD)
    page.goto(f"/ra-soat/dot/{survey_round.pk}/thon/{village.pk}/so-tham-ho/")
    page.wait_for_selector("#visit-form")
    wait_for_worker(page, demo)
    browser_context.set_offline(True)
    page.fill("#id_household_code", "H-07")
    page.fill("#id_head_name", "Hoàng Thị Lý")
    page.fill("#id_members", "5")
    page.fill("#id_members_vneid", "4")
    page.fill("#id_online_dossiers", "2")
    page.fill("#id_e_results", "1")
    page.check("input[name=rated]")
    page.click("#visit-form button[type=submit]")
    page.wait_for_function(f"{OUTBOX} && {OUTBOX}.textContent.indexOf('1 bản chờ gửi') >= 0")
    response = page.reload()  # offline: the kept copy answers, the visit still waits
    assert response.from_service_worker
    page.wait_for_function(f"{OUTBOX} && {OUTBOX}.textContent.indexOf('Sổ thăm hộ – hộ H-07') >= 0")
    screenshot(page, "visits-360-offline-queued")
    assert HouseholdVisit.objects.count() == 0

    browser_context.set_offline(False)
    page.wait_for_function(f"{OUTBOX}.textContent.indexOf('Đã gửi và máy chủ đã xác nhận') >= 0", timeout=40_000)
    assert queued(page) == 0
    visit = HouseholdVisit.objects.get()
    assert (visit.household_code, visit.head_name, visit.members, visit.members_vneid, visit.rated) == (
        "H-07",
        "Hoàng Thị Lý",
        5,
        4,
        True,
    )
    ret = VillageReturn.objects.get(survey_round=survey_round, village=village)
    # one household of 5 people, 4 with VNeID, 1 without, 2 online dossiers, 1 e-result, rated
    assert (
        ret.so_ho,
        ret.so_khau,
        ret.co_vneid,
        ret.chua_vneid,
        ret.hs_truc_tuyen,
        ret.hs_kq_dien_tu,
        ret.ho_danh_gia,
    ) == (
        1,
        5,
        4,
        1,
        2,
        1,
        1,
    )
    assert ret.from_visits and ret.status == "draft"


def _phone(browser, live_server):
    ctx = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    ctx.set_default_timeout(15_000)
    return ctx


def test_two_phones_with_different_figures_the_second_gets_409_and_a_clear_message(
    _playwright_browser,
    live_server,
    demo,  # noqa: F811
):
    phones = [_phone(_playwright_browser, live_server) for _ in range(2)]
    pages = [ctx.new_page() for ctx in phones]
    for p in pages:  # both phones open the form before either sends
        open_form(p, demo)
    fill_and_send(pages[0])
    pages[0].wait_for_function(f"{MSG}.indexOf('Máy chủ đã xác nhận') >= 0", timeout=20_000)
    other = {**FIGURES, "so_khau": "460", "co_vneid": "410"}
    fill_and_send(pages[1], other)
    pages[1].wait_for_function(f"{MSG}.indexOf('từ máy khác') >= 0", timeout=20_000)
    assert "chưa ghi đè" in pages[1].evaluate(MSG)
    screenshot(pages[1], "outbox-360-second-phone-409")
    assert queued(pages[1]) == 1  # kept, not deleted: the head decides
    for ctx in phones:
        ctx.close()
    assert_one_return(demo[1])  # the first phone's figures, untouched


def test_storage_nearly_full_is_told_before_typing(page, browser_context, demo):  # noqa: F811
    browser_context.add_init_script(
        "if (navigator.storage) navigator.storage.estimate = () => Promise.resolve({quota: 50e6, usage: 48e6});"
    )
    open_form(page, demo)
    page.wait_for_selector("#xtd-storage")
    assert "Bộ nhớ trên máy sắp đầy (còn khoảng 1,9 MB)" in page.inner_text("#xtd-storage")
    assert page.input_value("#id_so_ho") == ""  # told before anything is typed
