"""Run bookkeeping of the attainment engine: claims with a lease, the recompute as a job, the
writing of its rows, the sending of its task and the sweeper that recovers lost runs.

A run is a small state machine: queued → running → done / failed.

* **Claim.** A conditional UPDATE takes a run that is queued, or running with an expired
  lease (its worker died), to running and counts the attempt; two deliveries never both win.
* **Lease.** While a worker computes, a heartbeat thread (its own database connection, so it
  commits while the rows are written in one long transaction) refreshes ``heartbeat_at``
  every quarter of ``XTD_JOB_LEASE_SECONDS``. A run whose heartbeat is older than the lease
  is presumed dead and may be claimed again; a duplicate is skipped only while the other is
  alive. The result is committed only by the holder of the latest claim.
* **Sending.** A task is sent after the transaction commits, never raising into a request and
  with short broker timeouts (config/settings/base.py); ``enqueued_at`` records when it
  last reached the broker (empty: not yet).
* **Sweeper** (``runs_sweep``, a beat job every ``XTD_SWEEP_SECONDS``): sends again the runs
  whose task never reached the broker or seems lost, and those whose lease expired; after
  ``XTD_JOB_MAX_ATTEMPTS`` claims it gives up with the reason, in Vietnamese.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from campaigns.models import Campaign

from .engine import ATTAINMENT_COLUMNS, iter_rows, load
from .models import Attainment, ComputeRun, ComputeRunState
from .targets import TargetBook

log = logging.getLogger(__name__)

GAVE_UP = (
    "Lượt tính bị gián đoạn {n} lần (máy chạy nền dừng giữa chừng) nên đã dừng lại. "
    "Kết quả cũ vẫn được giữ; lần thay đổi số liệu sau hoặc lượt tính hằng đêm sẽ tính lại."
)


class RecomputeBusy(Exception):
    """Another recompute of the same campaign is running; try again later."""


# ------------------------------------------------------------------ leases (shared with documents)


def lease() -> timedelta:
    return timedelta(seconds=getattr(settings, "XTD_JOB_LEASE_SECONDS", 120))


def max_attempts() -> int:
    return getattr(settings, "XTD_JOB_MAX_ATTEMPTS", 3)


def lost_after() -> timedelta:
    """A queued job whose task was sent this long ago and has not started is sent again."""
    return timedelta(seconds=getattr(settings, "XTD_JOB_LOST_SECONDS", 300))


def step_pause() -> None:
    """Test hook: ``XTD_JOB_STEP_DELAY`` seconds between the steps of a job (0 in production),
    so that the fault tests can kill a worker in the middle of one."""
    delay = getattr(settings, "XTD_JOB_STEP_DELAY", 0)
    if delay:
        time.sleep(delay)


def expired_q(status_field: str, running: str, now: datetime) -> Q:
    """Running with a heartbeat older than the lease (a row from before leases: its start)."""
    stale = now - lease()
    return Q(**{status_field: running}) & (
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, started_at__lt=stale)
    )


@contextmanager
def heartbeat(beat: QuerySet, *, status_field: str, running: str):
    """Refresh ``heartbeat_at`` of ``beat`` (one row, while it is ``running``) from a thread
    with its own database connection until the block ends."""
    stop = threading.Event()
    interval = max(lease().total_seconds() / 4, 0.5)

    def run() -> None:
        try:
            while not stop.wait(interval):
                try:
                    beat.filter(**{status_field: running}).update(heartbeat_at=timezone.now())
                except Exception:  # noqa: BLE001 - a missed beat only shortens the lease
                    log.warning("heartbeat failed", exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=run, name="xtd-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


def send_safely(send: Callable[[], object], *, what: str) -> bool:
    """Send a task; False (logged) when the broker cannot be reached. Never raises."""
    try:
        send()
    except Exception:  # noqa: BLE001 - the broker is down: the job stays queued, the sweeper resends
        log.warning("could not send %s: the broker is unreachable", what, exc_info=True)
        return False
    return True


# ------------------------------------------------------------------ sending a run's task


def run_send(*, run_id: int, campaign_id: int, countdown: int | None = None) -> bool:
    """Send the task of one run and record whether it reached the broker."""
    from .tasks import campaign_recompute_task  # tasks imports this module

    if countdown is None:
        countdown = getattr(settings, "XTD_RECOMPUTE_COUNTDOWN", 10)
    ok = send_safely(
        lambda: campaign_recompute_task.apply_async(args=[campaign_id], kwargs={"run_id": run_id}, countdown=countdown),
        what=f"the recompute of campaign {campaign_id}",
    )
    ComputeRun.objects.filter(pk=run_id).update(enqueued_at=timezone.now() if ok else None)
    return ok


# ------------------------------------------------------------------ claims


def _retire_expired(campaign_id: int, now: datetime) -> None:
    """Another run of the campaign is running with an expired lease: it gives way to this one,
    which takes over its windows (at most one run per campaign is running)."""
    for stale in ComputeRun.objects.filter(expired_q("state", ComputeRunState.RUNNING, now), campaign_id=campaign_id):
        queued = ComputeRun.objects.filter(campaign_id=campaign_id, state=ComputeRunState.QUEUED).first()
        if queued is not None and queued.incremental_from is not None:
            since = None if stale.incremental_from is None else min(stale.incremental_from, queued.incremental_from)
            ComputeRun.objects.filter(pk=queued.pk).update(incremental_from=since)
        ComputeRun.objects.filter(expired_q("state", ComputeRunState.RUNNING, now), pk=stale.pk).update(
            state=ComputeRunState.FAILED,
            finished_at=now,
            error="Lượt tính bị gián đoạn (máy chạy nền dừng giữa chừng); lượt sau tính lại thay.",
        )


def _claim(*, campaign_id: int, incremental_from: date | None, run_id: int | None, reason: str) -> ComputeRun | None:
    """Claim the campaign for this run: at most one run per campaign is ``running`` (a partial
    unique constraint). ``run_id`` is claimed when it is queued, or running with an expired
    lease; None when another delivery holds it (alive) or it is finished."""
    now = timezone.now()
    try:
        with transaction.atomic():
            if run_id is not None:
                mine = ComputeRun.objects.filter(pk=run_id, campaign_id=campaign_id)
                if not mine.filter(state=ComputeRunState.RUNNING).exists():
                    _retire_expired(campaign_id, now)
                claimed = mine.filter(
                    Q(state=ComputeRunState.QUEUED) | expired_q("state", ComputeRunState.RUNNING, now)
                ).update(state=ComputeRunState.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1)
                if not claimed:
                    return None
                return ComputeRun.objects.get(pk=run_id)
            _retire_expired(campaign_id, now)
            return ComputeRun.objects.create(
                campaign_id=campaign_id,
                state=ComputeRunState.RUNNING,
                incremental_from=incremental_from,
                reason=reason[:100],
                requested_at=now,
                started_at=now,
                heartbeat_at=now,
                attempts=1,
                enqueued_at=now,
            )
    except IntegrityError:
        raise RecomputeBusy(f"campaign {campaign_id}: another recompute is running")


# ------------------------------------------------------------------ writing

COPY_CHUNK = 4000  # rows per COPY message: PostgreSQL ingests one while the next is computed


_COPY_LINE = "\t".join(["%s"] * len(ATTAINMENT_COLUMNS))


def _copy_lines(rows: list[tuple]) -> str:
    """Rows in COPY's text format. Every value is a number, a date, a timestamp, None or one of
    the engine's codes (``period``, ``dat``, ``>=`` …): no tabs, newlines or backslashes to
    escape, and the only "None" in the text is a None value, written as \\N."""
    return ("\n".join([_COPY_LINE % row for row in rows]) + "\n").replace("None", "\\N")


def _insert(rows: Iterable[tuple]) -> int:
    """Write result rows; returns how many. PostgreSQL: one COPY (text format, written in
    chunks once every row is computed); elsewhere (SQLite): one executemany."""
    table = Attainment._meta.db_table
    cols = ", ".join(connection.ops.quote_name(c) for c in ATTAINMENT_COLUMNS)
    if connection.vendor == "postgresql":
        count = 0
        # Computed before the COPY opens: a row computation that queried the database on this
        # connection while the COPY is open would wait forever on psycopg's connection lock.
        rows = list(rows)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({cols}) FROM STDIN") as copy:
                chunk: list[tuple] = []
                for row in rows:
                    chunk.append(row)
                    if len(chunk) == COPY_CHUNK:
                        copy.write(_copy_lines(chunk))
                        count += len(chunk)
                        chunk = []
                if chunk:
                    copy.write(_copy_lines(chunk))
                    count += len(chunk)
        return count
    # elsewhere (SQLite): one executemany, values prepared by the fields themselves
    fields = [Attainment._meta.get_field(c[:-3] if c.endswith("_id") else c) for c in ATTAINMENT_COLUMNS]
    marks = ", ".join(["%s"] * len(ATTAINMENT_COLUMNS))
    prepared = [
        [None if v is None else f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
        for row in rows
    ]
    if prepared:
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {connection.ops.quote_name(table)} ({cols}) VALUES ({marks})", prepared)
    return len(prepared)


class _Superseded(Exception):
    """Our lease expired and another delivery claimed the run: roll our rows back."""


# ------------------------------------------------------------------ the recompute as a job


def campaign_recompute(
    *, campaign_id: int, incremental_from: date | None = None, run_id: int | None = None, reason: str = ""
) -> ComputeRun:
    """Recompute the attainment of one campaign and record the run.

    ``incremental_from``: rewrite only the windows ending on or after that day (the rest is
    kept). ``run_id``: a queued ComputeRun to claim (from ``engine_hooks``), or a running one
    whose lease expired; its own ``incremental_from`` applies. Raises ``RecomputeBusy`` while
    another run of the campaign is running and alive. A run that fails leaves the previous
    results in place (one transaction)."""
    run = _claim(campaign_id=campaign_id, incremental_from=incremental_from, run_id=run_id, reason=reason)
    if run is None:  # a duplicate delivery of a run already done, or running and alive: nothing twice
        return ComputeRun.objects.get(pk=run_id)
    mine = ComputeRun.objects.filter(pk=run.pk, attempts=run.attempts)
    try:
        with heartbeat(mine, status_field="state", running=ComputeRunState.RUNNING):
            campaign = Campaign.objects.get(pk=campaign_id)
            since = run.incremental_from
            data = load(campaign, roll_up=True)  # no unit row is stored: the units are added up first
            book = TargetBook(campaign)
            step_pause()
            rows = iter_rows(data, book, since=since)  # computed while they are written
            with transaction.atomic():
                # lock the campaign row: writers of one campaign's results go one at a time
                Campaign.objects.select_for_update().filter(pk=campaign_id).values_list("pk", flat=True).first()
                old = Attainment.objects.filter(campaign_id=campaign_id)
                if since is not None:
                    old = old.filter(end__gte=since)
                old._raw_delete(old.db)
                written = _insert(rows)
                step_pause()
                finished = timezone.now()
                if not mine.filter(state=ComputeRunState.RUNNING).update(
                    state=ComputeRunState.DONE, finished_at=finished, rows=written
                ):
                    raise _Superseded
                run.state, run.finished_at, run.rows = ComputeRunState.DONE, finished, written
    except _Superseded:
        log.warning("run %s was taken over by another delivery; its result is dropped here", run.pk)
        return ComputeRun.objects.get(pk=run.pk)
    except Exception as exc:
        mine.update(
            state=ComputeRunState.FAILED, finished_at=timezone.now(), error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    return run


# ------------------------------------------------------------------ the sweeper


def runs_sweep(*, now: datetime | None = None) -> int:
    """Recover lost runs; returns how many tasks were sent again.

    Queued runs whose task did not reach the broker, or was sent ``XTD_JOB_LOST_SECONDS`` ago
    without starting, are sent again; running runs whose lease expired are sent again (their
    delivery claims them), or failed with the reason after ``XTD_JOB_MAX_ATTEMPTS`` claims."""
    now = now or timezone.now()
    sent = 0
    expired = ComputeRun.objects.filter(expired_q("state", ComputeRunState.RUNNING, now))
    for run in expired.filter(attempts__gte=max_attempts()):
        expired.filter(pk=run.pk).update(
            state=ComputeRunState.FAILED, finished_at=now, error=GAVE_UP.format(n=run.attempts)
        )
    queued = ComputeRun.objects.filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - lost_after()), state=ComputeRunState.QUEUED
    )
    for run_id, campaign_id in [*expired.values_list("pk", "campaign_id"), *queued.values_list("pk", "campaign_id")]:
        sent += run_send(run_id=run_id, campaign_id=campaign_id, countdown=0)
    return sent
