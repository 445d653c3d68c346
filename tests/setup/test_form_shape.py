"""Issue 15 item 7, "forms that keep their shape": an error sits beside its field and the layout
holds. At 360 px and at 1366 px, after a bad entry is posted, no label is broken one word per line
and the page is not (nearly) twice as tall as before. Real Chromium against live_server."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tests.browser import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VN = ZoneInfo("Asia/Ho_Chi_Minh")

# the box, its label and its error: sizes in CSS pixels, lines from the label's line height
MEASURE = """(id) => {
  const box = document.getElementById(id);
  const label = document.querySelector(`label[for="${id}"]`);
  const cell = box.closest("td, .field");
  const error = cell ? cell.querySelector(".field-error") : null;
  const r = (el) => { const b = el.getBoundingClientRect(); return {x: b.left, y: b.top, w: b.width, h: b.height, bottom: b.bottom, right: b.right}; };
  const line = parseFloat(getComputedStyle(label).lineHeight);
  return {box: r(box), label: r(label), lines: Math.round(label.getBoundingClientRect().height / line),
          words: label.textContent.trim().split(/\\s+/).length,
          error: error ? r(error) : null, errorText: error ? error.textContent : "",
          page: document.documentElement.scrollHeight, scrollWidth: document.documentElement.scrollWidth};
}"""


def _label_lines_ok(m) -> bool:
    """A label is never one word per line: fewer lines than words (one-word labels aside)."""
    return m["words"] == 1 or m["lines"] < m["words"]


@pytest.mark.parametrize("width", [360, 1366])
def test_a_bad_figure_shows_its_error_beside_the_box_and_the_form_keeps_its_shape(page, width):
    import time_machine

    from demo.seed_org import DEMO_PASSWORD
    from indicators.models import DataElement

    call_command("seed_demo", "--bare", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    ids = {e.code: f"id_v_{e.pk}" for e in DataElement.objects.filter(commune__isnull=True)}
    page.set_viewport_size({"width": width, "height": 800})
    with time_machine.travel(datetime(2025, 11, 11, 9, 0, tzinfo=VN), tick=True):
        login(page, "vanphong", DEMO_PASSWORD)
        page.goto("/bao-cao/cua-toi/")
        target = ids["HS_TIEP_NHAN"]
        before = page.evaluate(MEASURE, target)
        page.fill(f"#{target}", "12,3,4 hồ sơ")
        page.fill(f"#{ids['HS_TRUC_TUYEN']}", "99999999999999999")
        page.click("button[name=save]")
        page.wait_for_load_state("networkidle")
        assert "Báo cáo chưa được lưu" in page.content()
        after = page.evaluate(MEASURE, target)
        other = page.evaluate(MEASURE, ids["HS_TRUC_TUYEN"])
        screenshot(page, f"form_shape_error_{width}")
    print(width, before, after, other)
    # the message is shown, right under its own box, not somewhere else on the page
    assert after["error"] is not None and after["errorText"].strip()
    assert other["error"] is not None and "quá lớn" in other["errorText"]
    for m in (after, other):
        assert 0 <= m["error"]["y"] - m["box"]["bottom"] < 12
        assert abs(m["error"]["x"] - m["box"]["x"]) < 4
        assert m["error"]["w"] <= max(m["box"]["w"], 240) + 1  # it wraps within the box's column
    # the label keeps its width and its lines; the page does not double
    for m in (before, after, other):
        assert _label_lines_ok(m), m
        assert m["label"]["w"] >= min(0.5 * width, 280), m
        assert m["scrollWidth"] <= width
    assert after["label"]["w"] >= before["label"]["w"] - 1
    assert after["lines"] == before["lines"]
    assert after["page"] < 1.3 * before["page"], (before["page"], after["page"])


@pytest.mark.parametrize("width", [360, 1366])
def test_a_bad_target_on_the_set_up_page_shows_its_error_under_its_box(page, width):
    from campaigns.models import Campaign
    from demo.seed_org import DEMO_PASSWORD

    call_command("seed_demo", "--bare", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    campaign = Campaign.objects.get(code="PL-45N-2025")
    page.set_viewport_size({"width": width, "height": 800})
    login(page, "trungtam", DEMO_PASSWORD)
    page.goto(f"/ke-hoach/{campaign.pk}/chi-tieu/thiet-lap/")
    before = page.evaluate(MEASURE, "id_t-0-floor")
    page.fill("#id_t-0-floor", "chín mươi")
    page.click("text=Lưu chỉ tiêu giao")
    page.wait_for_load_state("networkidle")
    after = page.evaluate(MEASURE, "id_t-0-floor")
    screenshot(page, f"form_shape_targets_{width}")
    assert "không phải là số" in after["errorText"]
    assert 0 <= after["error"]["y"] - after["box"]["bottom"] < 12
    assert abs(after["error"]["x"] - after["box"]["x"]) < 4
    for m in (before, after):
        assert _label_lines_ok(m) and m["lines"] == 1, m
        assert m["scrollWidth"] <= width
    assert after["label"]["w"] >= before["label"]["w"] - 1
    # the error list on top and the one line under the box: a few lines more, never twice the page
    assert after["page"] < before["page"] + 400, (before["page"], after["page"])
