"""The campaign dashboard's cache never shows a stale page: figures change through a recompute,
completeness through a report or a passing deadline, and each of those is seen at once."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import time_machine
from django.urls import reverse

from campaigns.models import Task
from indicators.models import Attainment, ComputeRun
from tests.campaigns.factories import TaskFactory
from tests.dashboards.builders import VN
from tests.dashboards.test_dashboard_pages import NOW, tile
from tests.indicators.factories import ComputeRunFactory, FormElementFactory, element
from tests.reporting.factories import UnitReportFactory


def _url(campaign) -> str:
    return reverse("dashboards:dashboard", args=[campaign.pk])


def _html(client, campaign, at=NOW, **params) -> str:
    with time_machine.travel(at, tick=False):
        r = client.get(_url(campaign), params)
    assert r.status_code == 200
    return r.content.decode()


def _lists(html: str) -> tuple[str, str]:
    lag = html[html.index('id="lag-title"') : html.index('id="rank-title"')]
    missing = lag[lag.index("Chưa nộp báo cáo") : lag.index("Nộp muộn")].split("Chưa đến hạn")[0]
    return missing, lag[lag.index("Nộp muộn") :]


def _reporting(world, campaign, *units):
    el = element("HS_TIEP_NHAN")
    for u in units:
        FormElementFactory(campaign=campaign, element=el, unit=u)


def test_repeat_view_is_served_from_cache_in_few_queries(client, world, push, django_assert_max_num_queries):
    campaign, _ = push
    client.force_login(world.leader)
    first = _html(client, campaign)
    # session, user, campaign, membership, the version stamp, the overdue tasks
    with django_assert_max_num_queries(6):
        second = _html(client, campaign)
    token = re.compile(r'name="csrfmiddlewaretoken" value="\w+"')
    assert token.sub("", second) == token.sub("", first)
    assert "92,50%" in tile(second, "TL_HS_TRUC_TUYEN")


def test_recompute_shows_new_figures_at_once(client, world, push):
    campaign, periods = push
    client.force_login(world.leader)
    assert "92,50%" in tile(_html(client, campaign), "TL_HS_TRUC_TUYEN")
    # the engine's next run: a queued run is announced, then its results replace the old ones
    run = ComputeRunFactory(campaign=campaign, state="queued", requested_at=NOW)
    assert "Đang tính lại kết quả" in _html(client, campaign)
    Attainment.objects.filter(
        campaign=campaign, indicator__code="TL_HS_TRUC_TUYEN", scope_kind="commune", window_kind="cumulative"
    ).filter(period=periods[3]).update(value=Decimal("91.00"), status="chua_dat")
    ComputeRun.objects.filter(pk=run.pk).update(state="done", started_at=NOW, finished_at=NOW)
    html = _html(client, campaign)
    assert "Đang tính lại kết quả" not in html
    t = tile(html, "TL_HS_TRUC_TUYEN")
    assert "91,00%" in t and "Chưa đạt" in t and "92,50%" not in t


def test_report_submitted_without_recompute_leaves_missing_list_at_once(client, world, push):
    campaign, periods = push
    _reporting(world, campaign, world.a1_dept, world.a1_police)
    client.force_login(world.leader)
    missing, _ = _lists(_html(client, campaign))
    assert world.a1_police.name in missing and world.a1_dept.name in missing
    # the police sends week 4 at 11:00 on 27/11, after the 10:00 deadline: late, no recompute yet
    UnitReportFactory(
        campaign=campaign,
        unit=world.a1_police,
        period=periods[3],
        status="submitted",
        first_submitted_at=datetime(2025, 11, 27, 11, 0, tzinfo=VN),
        late=True,
    )
    missing, late = _lists(_html(client, campaign))
    assert world.a1_police.name not in missing and world.a1_dept.name in missing
    assert world.a1_police.name in late


def test_passing_deadline_turns_pending_into_missing_the_same_day(client, world, push):
    campaign, _ = push
    _reporting(world, campaign, world.a1_dept)
    client.force_login(world.leader)
    # week 4 (20/11–26/11) is the latest closed period on 27/11; it is due that day at 10:00
    before = _html(client, campaign, at=datetime(2025, 11, 27, 9, 59, tzinfo=VN))
    missing, _ = _lists(before)
    assert world.a1_dept.name not in missing
    assert f"Chưa đến hạn, chưa nộp: {world.a1_dept.name}" in before
    after = _html(client, campaign, at=datetime(2025, 11, 27, 10, 1, tzinfo=VN))
    missing, _ = _lists(after)
    assert world.a1_dept.name in missing and "Chưa đến hạn" not in after


def test_task_done_leaves_overdue_list_without_recompute(client, world, push):
    campaign, _ = push
    task = TaskFactory(
        campaign=campaign, content="Rà soát TTHC toàn trình", lead_unit=world.a1_dept, due_date=date(2025, 11, 20)
    )
    client.force_login(world.leader)
    assert "Rà soát TTHC toàn trình" in _html(client, campaign)
    Task.objects.filter(pk=task.pk).update(status="done")
    assert "Rà soát TTHC toàn trình" not in _html(client, campaign)


def test_filters_do_not_share_a_cached_page(client, world, push):
    campaign, periods = push
    client.force_login(world.leader)
    assert "92,50%" in tile(_html(client, campaign), "TL_HS_TRUC_TUYEN")
    t = tile(_html(client, campaign, ky=periods[2].pk, cach_tinh="trong_ky"), "TL_HS_TRUC_TUYEN")
    assert "91,99%" in t and "Chưa đạt" in t
    assert "61,10%" in tile(_html(client, campaign, linh_vuc="DAT_DAI"), "TL_HS_TRUC_TUYEN")


def test_next_day_moves_to_the_newly_closed_period(client, world, push):
    campaign, _ = push
    client.force_login(world.leader)
    # on 26/11 week 4 (20/11–26/11) is not over yet: week 3's cumulative 88% is shown
    html = _html(client, campaign, at=datetime(2025, 11, 26, 23, 0, tzinfo=VN))
    assert "lũy kế đến hết Tuần 3" in html and "88,00%" in tile(html, "TL_HS_TRUC_TUYEN")
    html = _html(client, campaign, at=datetime(2025, 11, 27, 0, 30, tzinfo=VN))
    assert "lũy kế đến hết Tuần 4" in html and "92,50%" in tile(html, "TL_HS_TRUC_TUYEN")
