"""Leases, re-claims, the sweepers and sending without a broker, on any database (issue 14
items 1–2). The same faults on a real worker, Redis and PostgreSQL: tests/faults/test_worker_faults.py."""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from documents.models import ExportRecord, ExportStatus
from documents.services import WAITING_FOR_QUEUE, export_run, exports_sweep
from indicators.engine_hooks import enqueue_recompute
from indicators.models import Attainment, ComputeRun
from indicators.runs import GAVE_UP, campaign_recompute, runs_sweep
from indicators.tasks import campaign_recompute_task
from tests.documents.conftest import build_campaign
from tests.indicators.factories import make_campaign, put, target, unit, weeks

pytestmark = pytest.mark.django_db

SEND = "indicators.tasks.campaign_recompute_task.apply_async"
SEND_EXPORT = "documents.tasks.export_run_task.delay"


@pytest.fixture
def small():
    c = make_campaign(code="KH-01")
    (w1,) = weeks(c, date(2026, 1, 5), 1)
    a = unit(c, "A")
    put(c, w1, a, "HS_TIEP_NHAN", 10)
    put(c, w1, a, "HS_TRUC_TUYEN", 9)
    target(c, "TL_HS_TRUC_TUYEN", 90)
    return c


def running(campaign, *, beat_ago: timedelta, attempts: int = 1) -> ComputeRun:
    """A run left "running" by a worker whose last heartbeat was ``beat_ago``."""
    beat = timezone.now() - beat_ago
    return ComputeRun.objects.create(
        campaign=campaign,
        state="running",
        requested_at=beat,
        started_at=beat,
        heartbeat_at=beat,
        attempts=attempts,
        enqueued_at=beat,
    )


def test_a_redelivered_run_whose_worker_died_is_taken_over_and_finishes(small, settings):
    settings.XTD_JOB_LEASE_SECONDS = 60
    run = running(small, beat_ago=timedelta(seconds=61))
    assert campaign_recompute_task.apply(args=[small.pk], kwargs={"run_id": run.pk}).get() == run.pk
    run.refresh_from_db()
    assert (run.state, run.attempts) == ("done", 2)
    assert Attainment.objects.filter(campaign=small, indicator__code="TL_HS_TRUC_TUYEN").first().value == 90


def test_a_duplicate_is_skipped_while_the_other_worker_is_alive(small, settings):
    settings.XTD_JOB_LEASE_SECONDS = 60
    run = running(small, beat_ago=timedelta(seconds=30))
    assert campaign_recompute(campaign_id=small.pk, run_id=run.pk).state == "running"
    run.refresh_from_db()
    assert run.attempts == 1 and not Attainment.objects.exists()


def test_a_queued_run_behind_a_dead_one_takes_over_and_covers_its_windows(small, settings):
    settings.XTD_JOB_LEASE_SECONDS = 60
    dead = running(small, beat_ago=timedelta(minutes=5))
    dead.incremental_from = date(2026, 1, 5)
    dead.save()
    nxt = ComputeRun.objects.create(
        campaign=small, state="queued", requested_at=timezone.now(), incremental_from=date(2026, 3, 1)
    )
    assert campaign_recompute(campaign_id=small.pk, run_id=nxt.pk).state == "done"
    dead.refresh_from_db()
    nxt.refresh_from_db()
    assert dead.state == "failed" and "gián đoạn" in dead.error
    assert nxt.incremental_from == date(2026, 1, 5)  # widened to the dead run's windows


def test_the_sweeper_resends_lost_runs_and_gives_up_after_the_attempts(small, settings):
    settings.XTD_JOB_LEASE_SECONDS = 60
    settings.XTD_JOB_MAX_ATTEMPTS = 3
    other = make_campaign(code="KH-02")
    third = make_campaign(code="KH-03")
    hopeless = running(small, beat_ago=timedelta(minutes=2), attempts=3)
    dead = running(other, beat_ago=timedelta(minutes=2), attempts=1)
    never_sent = ComputeRun.objects.create(campaign=third, state="queued", requested_at=timezone.now())
    with mock.patch(SEND) as send:
        assert runs_sweep() == 2
    assert sorted(call.kwargs["kwargs"]["run_id"] for call in send.call_args_list) == sorted([dead.pk, never_sent.pk])
    hopeless.refresh_from_db()
    never_sent.refresh_from_db()
    assert hopeless.state == "failed" and hopeless.error == GAVE_UP.format(n=3)
    assert "gián đoạn 3 lần" in hopeless.error
    assert never_sent.enqueued_at is not None
    with mock.patch(SEND) as send:
        assert runs_sweep() == 1  # only the dead one still waits for its delivery
        assert send.call_args.kwargs["kwargs"]["run_id"] == dead.pk


def test_a_change_with_the_broker_down_queues_the_run_unsent_and_the_sweeper_sends_it(small):
    with mock.patch(SEND, side_effect=BrokerDown("Connection refused")):
        run_id = enqueue_recompute(campaign_id=small.pk, reason="test")
    run = ComputeRun.objects.get(pk=run_id)
    assert run.state == "queued" and run.enqueued_at is None
    with mock.patch(SEND) as send:
        assert runs_sweep() == 1
    assert send.call_args.kwargs["countdown"] == 0
    run.refresh_from_db()
    assert run.enqueued_at is not None


@pytest.fixture
def campaign(world):
    return build_campaign(world)


def test_a_document_requested_with_the_broker_down_waits_says_so_and_is_sent_later(
    world, campaign, client, django_capture_on_commit_callbacks
):
    c, _ = campaign
    client.force_login(world.centre)
    data = {"campaign": c.pk, "kind": "tasks", "fmt": "xlsx", "period": "", "quarter": "", "number": ""}
    with mock.patch(SEND_EXPORT, side_effect=BrokerDown("Connection refused")):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/bao-cao/van-ban/tao/", data)
    record = ExportRecord.objects.get()
    assert response.status_code == 302 and (record.status, record.enqueued_at) == ("queued", None)
    page = client.get(response.url)
    assert page.status_code == 200 and WAITING_FOR_QUEUE in page.content.decode()
    with mock.patch(SEND_EXPORT) as send:
        assert exports_sweep() == 1
    send.assert_called_once_with(record.pk)
    record.refresh_from_db()
    assert record.enqueued_at is not None and WAITING_FOR_QUEUE not in client.get(response.url).content.decode()


def test_a_document_whose_worker_died_is_rendered_by_the_next_delivery(world, campaign, settings):
    settings.XTD_JOB_LEASE_SECONDS = 60
    c, _ = campaign
    beat = timezone.now() - timedelta(seconds=90)
    record = ExportRecord.objects.create(
        commune_id=c.commune_id,
        campaign=c,
        kind="tasks",
        fmt="xlsx",
        parameters={"kind": "tasks", "campaign_id": c.pk, "fmt": "xlsx"},
        status=ExportStatus.RUNNING,
        progress=60,
        started_at=beat,
        heartbeat_at=beat,
        attempts=1,
    )
    done = export_run(record_id=record.pk)
    assert (done.status, done.attempts, done.progress) == ("done", 2, 100) and done.sha256


def test_a_document_given_up_after_the_attempts_says_why(world, campaign, settings):
    settings.XTD_JOB_LEASE_SECONDS = 60
    c, _ = campaign
    beat = timezone.now() - timedelta(seconds=90)
    record = ExportRecord.objects.create(
        commune_id=c.commune_id, campaign=c, kind="tasks", fmt="xlsx", status="running", heartbeat_at=beat, attempts=3
    )
    with mock.patch(SEND_EXPORT) as send:
        assert exports_sweep() == 0
    send.assert_not_called()
    record.refresh_from_db()
    assert record.status == "failed" and "bị gián đoạn 3 lần" in record.error


def test_the_cache_without_redis_is_a_miss_not_an_error():
    from config.cache import TolerantRedisCache

    cache = TolerantRedisCache("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    cache.set("k", 1)
    assert cache.get("k", "miss") == "miss" and cache.get_many(["k"]) == {} and cache.add("k", 1) is False
