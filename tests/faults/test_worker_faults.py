"""Faults on the real services (issue 14 items 1–2): a worker SIGKILLed in the middle of a
recompute or of a PDF, and Redis stopped while people submit, read the dashboard and ask for
a document. Each test runs its own Redis, workers and beat (tests/faults/stack.py) with a
lease of a few seconds and the sweepers every 2 seconds.
"""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from documents.models import ExportRecord, ExportStatus
from documents.services import (
    WAITING_FOR_QUEUE,
    export_generate_now,
    export_request,
    params_clean,
    record_file_bytes,
)
from indicators.engine_hooks import enqueue_recompute
from indicators.models import Attainment, ComputeRun
from indicators.ondemand import unit_rows
from indicators.runs import campaign_recompute
from tests.documents.conftest import add_figure, build_campaign
from tests.documents.helpers import pdf_text
from tests.reporting.conftest import rw  # noqa: F401 - the fixture

from .stack import Stack, current_db_url, point_app_at, restore_app, wait_for

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]

LEASE = 3
SWEEP = 2


@pytest.fixture
def stack(transactional_db, tmp_path, settings, request):
    from django.db import connection

    from config.celery_app import app

    if connection.vendor != "postgresql":
        pytest.skip("the fault tests need the test database on PostgreSQL (scripts/test.sh)")
    s = Stack(tmp_path, current_db_url(), queue=f"faults-{request.node.name[:40]}")
    s.env_extra = {
        "XTD_JOB_LEASE_SECONDS": LEASE,
        "XTD_SWEEP_SECONDS": SWEEP,
        "XTD_RECOMPUTE_COUNTDOWN": 0,
        "XTD_RECOMPUTE_BUSY_RETRY_SECONDS": 1,
        "XTD_JOB_LOST_SECONDS": 30,
        "DJANGO_MEDIA_ROOT": settings.MEDIA_ROOT,  # the files the workers write, read here
    }
    settings.XTD_JOB_LEASE_SECONDS = LEASE
    settings.XTD_RECOMPUTE_COUNTDOWN = 0
    s.redis_start()
    old_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    old = point_app_at(app, s.redis_url, s.queue)
    try:
        yield s
    finally:
        s.shutdown()
        print(s.logs())  # shown by pytest only when the test failed
        restore_app(app, old)
        app.conf.task_always_eager = old_eager


def attainment_rows(campaign) -> list[tuple]:
    return sorted(
        Attainment.objects.filter(campaign=campaign).values_list(
            "indicator_id", "window_kind", "period_id", "scope_kind", "unit_id", "field_id", "numerator",
            "denominator", "value", "status",
        ),
        key=repr,
    )  # fmt: skip


def commune_rate(campaign, period):
    return Attainment.objects.get(
        campaign=campaign,
        indicator__code="TL_HS_TRUC_TUYEN",
        period=period,
        window_kind="period",
        scope_kind="commune",
    ).value


@pytest.mark.parametrize("later_change", [False, True], ids=["alone", "with a change queued behind it"])
def test_a_recompute_killed_mid_run_is_finished_by_the_next_worker_with_the_right_result(world, stack, later_change):
    campaign, periods = build_campaign(world)
    stack.beat()
    first = stack.worker("slow", XTD_JOB_STEP_DELAY=4)
    add_figure(campaign, periods[2], world.a1_dept, "HS_TIEP_NHAN", 20)
    add_figure(campaign, periods[2], world.a1_dept, "HS_TRUC_TUYEN", 19)
    run_id = enqueue_recompute(campaign_id=campaign.pk, reason="fault test")
    wait_for("the run is claimed", lambda: ComputeRun.objects.filter(pk=run_id, state="running").exists(), 15)
    # alone: killed after its rows are written, before its transaction commits (the pause after
    # the COPY); with a change behind it: killed in the pause after loading the figures
    time.sleep(1 if later_change else 5.5)
    first.kill()
    ids = [run_id]
    if later_change:  # a change while the dead run holds the campaign: the next run queues behind it
        add_figure(campaign, periods[3], world.a1_police, "HS_TIEP_NHAN", 10)
        add_figure(campaign, periods[3], world.a1_police, "HS_TRUC_TUYEN", 10)
        ids.append(enqueue_recompute(campaign_id=campaign.pk, reason="fault test, later change"))
    assert ComputeRun.objects.get(pk=run_id).state == "running"
    killed_at = time.monotonic()
    stack.worker("fresh")
    finished = ("done", "failed")
    wait_for(
        "the runs finished",
        lambda: ComputeRun.objects.filter(pk__in=ids, state__in=finished).count() == len(ids),
        30,
    )
    took = time.monotonic() - killed_at
    run = ComputeRun.objects.get(pk=run_id)
    if later_change:
        nxt = ComputeRun.objects.get(pk=ids[1])
        assert nxt.state == "done"
        # the dead run was either taken over by its own redelivery (a second claim) or, when
        # the next run's delivery came first, retired in its favour, the next covering its windows
        if run.state != "done":
            assert "lượt sau tính lại thay" in run.error and nxt.incremental_from is None
        assert commune_rate(campaign, periods[3]) == 100  # the later change is in too
    if run.state == "done" or not later_change:
        assert (run.state, run.attempts) == ("done", 2) and run.rows > 0  # taken over after its lease expired
    assert not ComputeRun.objects.filter(campaign=campaign, state__in=["queued", "running"]).exists()
    print(
        f"recompute finished {took:.1f} s after the SIGKILL (lease {LEASE} s, sweeper every {SWEEP} s): "
        f"killed run {run.state} after {run.attempts} claims"
    )
    assert commune_rate(campaign, periods[2]) == 95  # 19 / 20
    by_worker = attainment_rows(campaign)
    campaign_recompute(campaign_id=campaign.pk)  # a clean run, in this process
    assert attainment_rows(campaign) == by_worker


def test_a_pdf_killed_mid_render_is_rendered_by_the_next_worker(world, stack):
    campaign, _ = build_campaign(world)
    stack.beat()
    first = stack.worker("slow", XTD_JOB_STEP_DELAY=4)
    params = params_clean(kind="weekly", campaign=campaign, fmt="pdf", period="2026-01-05")
    record = export_request(user=world.centre, campaign=campaign, params=params)
    wait_for(
        "the render is under way",
        lambda: ExportRecord.objects.filter(pk=record.pk, status="running", progress__gte=30).exists(),
        30,
    )
    first.kill()
    record.refresh_from_db()
    assert (record.status, record.file.name) == ("running", "")
    killed_at = time.monotonic()
    stack.worker("fresh")
    wait_for("the document is done", lambda: ExportRecord.objects.filter(pk=record.pk, status="done").exists(), 30)
    took = time.monotonic() - killed_at
    record.refresh_from_db()
    print(f"document finished {took:.1f} s after the SIGKILL")
    assert record.attempts == 2 and record.progress == 100
    clean = export_generate_now(user=world.centre, campaign=campaign, params=params)
    text = pdf_text(record_file_bytes(record))
    assert "75,00%" in text and text == pdf_text(record_file_bytes(clean))


def test_with_redis_down_submits_are_fast_pages_answer_and_jobs_follow_once_it_is_back(
    rw,  # noqa: F811
    stack,
    client,
    settings,
):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.TolerantRedisCache",
            "LOCATION": stack.redis_url.replace("/0", "/1"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    stack.beat()
    stack.worker()
    stack.redis_stop()

    el = rw.el
    client.force_login(rw.w.staff)
    url = reverse("reporting:report_edit", args=[rw.report.pk])
    data = {"version": rw.report.version, f"v_{el['HS_TIEP_NHAN'].pk}": "100", f"v_{el['HS_TRUC_TUYEN'].pk}": "90"}
    started = time.monotonic()
    response = client.post(url, {**data, "submit": "1"})
    submit_took = time.monotonic() - started
    rw.report.refresh_from_db()
    assert response.status_code == 302 and rw.report.status == "submitted"
    run = ComputeRun.objects.get(campaign=rw.campaign, state="queued")
    assert run.enqueued_at is None  # saved, marked not sent

    client.force_login(rw.w.centre)
    started = time.monotonic()
    dashboard = client.get(f"/bao-cao/bang-dieu-hanh/{rw.campaign.pk}/")
    dashboard_took = time.monotonic() - started
    assert dashboard.status_code == 200

    form = {"campaign": rw.campaign.pk, "kind": "tasks", "fmt": "xlsx", "period": "", "quarter": "", "number": ""}
    started = time.monotonic()
    asked = client.post("/bao-cao/van-ban/tao/", form)
    request_took = time.monotonic() - started
    record = ExportRecord.objects.get()
    assert asked.status_code == 302 and (record.status, record.enqueued_at) == (ExportStatus.QUEUED, None)
    page = client.get(asked.url)
    assert page.status_code == 200 and WAITING_FOR_QUEUE in page.content.decode()
    print(
        f"Redis down: submit {submit_took * 1000:.0f} ms, dashboard {dashboard_took * 1000:.0f} ms, "
        f"document request {request_took * 1000:.0f} ms"
    )
    assert submit_took < 1.0 and request_took < 1.0 and dashboard_took < 3.0

    time.sleep(1)
    stack.redis_start()
    back = time.monotonic()
    wait_for("the recompute is done", lambda: ComputeRun.objects.filter(pk=run.pk, state="done").exists(), 30)
    recompute_after = time.monotonic() - back
    wait_for("the document is done", lambda: ExportRecord.objects.filter(pk=record.pk, status="done").exists(), 30)
    document_after = time.monotonic() - back
    print(f"after Redis returned: recompute done in {recompute_after:.1f} s, document in {document_after:.1f} s")
    assert Attainment.objects.filter(campaign=rw.campaign, period=rw.periods[0]).exists()  # the recompute wrote
    # the unit's own row is computed on demand (issue 19)
    own = unit_rows(rw.campaign, unit_ids=[rw.w.a1_dept.pk], period_ids=[rw.periods[0].pk])
    assert [a.value for a in own if a.indicator.code == "TL_HS_TRUC_TUYEN"][:1] == [90]
