"""A recompute that failed after its attempts is said on the dashboard (issue 14), not hidden
behind the older figures; a later run in progress or done takes the notice away."""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.urls import reverse

from indicators.runs import GAVE_UP, runs_sweep
from tests.dashboards.builders import VN
from tests.dashboards.test_dashboard_pages import NOW, tile
from tests.indicators.factories import ComputeRunFactory

FAILED_AT = datetime(2025, 11, 27, 14, 50, tzinfo=VN)


def _html(client, campaign) -> str:
    with time_machine.travel(NOW, tick=False):
        r = client.get(reverse("dashboards:dashboard", args=[campaign.pk]))
    assert r.status_code == 200
    return r.content.decode()


def _gave_up_run(campaign, settings):
    """A run claimed XTD_JOB_MAX_ATTEMPTS times whose worker died each time: the sweeper fails it."""
    run = ComputeRunFactory(
        campaign=campaign,
        state="running",
        attempts=settings.XTD_JOB_MAX_ATTEMPTS,
        started_at=datetime(2025, 11, 27, 14, 40, tzinfo=VN),
        heartbeat_at=datetime(2025, 11, 27, 14, 40, tzinfo=VN),
    )
    with time_machine.travel(FAILED_AT, tick=False):
        runs_sweep()
    run.refresh_from_db()
    assert run.state == "failed" and run.error == GAVE_UP.format(n=settings.XTD_JOB_MAX_ATTEMPTS)
    return run


def test_a_failed_recompute_is_said_with_its_time_and_what_happens_next(client, world, push, settings):
    campaign, _ = push
    client.force_login(world.leader)
    assert "Tính lại không thành công" not in _html(client, campaign)  # cached without a notice
    _gave_up_run(campaign, settings)
    html = _html(client, campaign)
    notice = html[html.index('id="recompute-failed"') : html.index("</p>", html.index('id="recompute-failed"'))]
    assert "Tính lại không thành công lúc 14:50 ngày 27/11/2025" in notice
    assert "kết quả của lần tính thành công trước (14:35 27/11/2025)" in notice
    assert "sẽ thử lại" in notice and "liên hệ" in notice
    assert "92,50%" in tile(html, "TL_HS_TRUC_TUYEN")  # the previous figures stay readable


def test_a_new_run_after_the_failure_replaces_the_notice(client, world, push, settings):
    campaign, _ = push
    client.force_login(world.leader)
    _gave_up_run(campaign, settings)
    ComputeRunFactory(campaign=campaign, state="queued")
    html = _html(client, campaign)
    assert "Tính lại không thành công" not in html and "Đang tính lại" in html
    campaign.compute_runs.filter(state="queued").update(state="done", finished_at=NOW)
    assert "Tính lại không thành công" not in _html(client, campaign)
