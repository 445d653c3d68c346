"""The village head's phone: 360 × 740, a deliberate mistake, a lost connection, one stored return."""

import pytest
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
    "chua_vneid": "40",  # deliberate: 400 + 40 ≠ 450
    "hs_truc_tuyen": "30",
    "hs_kq_dien_tu": "25",
    "ho_danh_gia": "100",
}


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--bare", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    survey_round = SurveyRound.objects.get(campaign__code="PL-45N-2025")
    village = Unit.objects.get(commune=survey_round.campaign.commune, code="V01")
    return survey_round, village


def open_form(page):
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, "truongxom1", DEMO_PASSWORD)
    page.goto("/ra-soat/")
    page.wait_for_selector("#m02")


def fill(page, figures):
    for name, value in figures.items():
        page.fill(f"#id_{name}", value)


def test_phone_form_mistake_then_lost_network_ends_with_one_return(page, browser_context, demo):
    survey_round, village = demo
    open_form(page)
    assert "Xóm: Xóm 1" in page.inner_text("h1")
    fill(page, FIGURES)
    assert "phải bằng Số khẩu (450)" in page.inner_text("#err_chua_vneid")
    page.click("#m02 button[type=submit]")
    assert "hãy sửa các ô báo đỏ" in page.inner_text("#m02-msg")
    screenshot(page, "mau02-360-mistake")
    assert VillageReturn.objects.count() == 0
    page.fill("#id_chua_vneid", "50")
    assert page.inner_text("#err_chua_vneid").strip() == ""
    # what was typed is kept on the phone
    assert '"chua_vneid":"50"' in page.evaluate(f"localStorage.getItem('m02:{survey_round.pk}:{village.pk}')")

    browser_context.set_offline(True)
    page.click("#m02 button[type=submit]")
    page.wait_for_function("document.getElementById('m02-msg').textContent.indexOf('Chưa có mạng') >= 0")
    page.click("#m02 button[type=submit]")  # an impatient second tap while offline
    screenshot(page, "mau02-360-offline")
    assert VillageReturn.objects.count() == 0
    assert page.input_value("#id_so_khau") == "450"

    browser_context.set_offline(False)
    page.wait_for_function(
        "document.getElementById('m02-msg').textContent.indexOf('Đã nộp Mẫu 02 của Xóm 1') >= 0", timeout=40_000
    )
    screenshot(page, "mau02-360-saved")
    ret = VillageReturn.objects.get()
    assert (ret.village_id, ret.status, ret.so_khau, ret.chua_vneid) == (village.pk, "submitted", 450, 50)
    assert SubmissionKey.objects.count() == 1
    assert page.evaluate(f"localStorage.getItem('m02:{survey_round.pk}:{village.pk}')") is None
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_lost_answer_after_the_server_saved_is_retried_and_stored_once(page, browser_context, demo):
    """The request reaches the server but its answer never comes back: the retry carries the
    same key and the server answers 200 with the stored return."""
    open_form(page)
    calls = []

    def drop_first_answer(route):
        calls.append(route.request.headers.get("idempotency-key"))
        response = route.fetch()
        if len(calls) == 1:
            assert response.status == 201
            route.abort("internetdisconnected")
        else:
            route.fulfill(response=response)

    browser_context.route("**/nop/", drop_first_answer)  # the page's sends and the service worker's
    fill(page, {**FIGURES, "chua_vneid": "50"})
    page.click("#m02 button[type=submit]")
    page.wait_for_function(
        "document.getElementById('m02-msg').textContent.indexOf('Đã nộp Mẫu 02') >= 0", timeout=40_000
    )
    assert len(calls) == 2 and calls[0] == calls[1]
    assert VillageReturn.objects.count() == 1 and SubmissionKey.objects.count() == 1


def test_form_page_weight_is_under_60_kb(page, demo):
    survey_round, village = demo
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, "truongxom1", DEMO_PASSWORD)
    loaded = []
    page.on("response", lambda r: loaded.append(r))
    page.goto(f"/ra-soat/dot/{survey_round.pk}/thon/{village.pk}/")
    page.wait_for_load_state("networkidle")
    sizes = {
        r.url.split("/", 3)[-1]: len(r.body())
        for r in loaded
        if r.request.resource_type in ("document", "stylesheet", "script")
    }
    total = sum(sizes.values())
    print(f"\nMẫu 02 form page weight: {total} bytes ({total / 1024:.1f} KB) uncompressed: {sizes}")
    assert total < 60 * 1024
    assert any(u.endswith("mau02.js") for u in sizes) and any(u.endswith("app.css") for u in sizes)
