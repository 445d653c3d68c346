"""Celery jobs of the attainment engine. Thin: they take ids, call ``indicators.runs``, and
own the retries. Safe to run twice: a run is claimed with a lease before it computes, and the
sweeper sends again the runs that were lost (see indicators.runs)."""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, OperationalError
from django.utils import timezone

from campaigns.models import Campaign, Period

from . import runs
from .engine_hooks import enqueue_recompute
from .models import ComputeRun, ComputeRunState
from .runs import RecomputeBusy, campaign_recompute


@shared_task(
    bind=True,
    name="indicators.tasks.campaign_recompute_task",
    acks_late=True,
    autoretry_for=(OperationalError, DatabaseError),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def campaign_recompute_task(self, campaign_id: int, incremental_from: str | None = None, run_id: int | None = None):
    """Recompute one campaign (``incremental_from``: ISO date, windows ending from that day).
    Returns the ComputeRun id."""

    since = date.fromisoformat(incremental_from) if incremental_from else None
    try:
        run = campaign_recompute(campaign_id=campaign_id, incremental_from=since, run_id=run_id, reason="Celery")
    except RecomputeBusy as exc:
        # another run of this campaign is writing; ours stays queued and tries again
        raise self.retry(exc=exc, countdown=settings.XTD_RECOMPUTE_BUSY_RETRY_SECONDS, max_retries=60)
    except Campaign.DoesNotExist:
        return None
    return run.pk


@shared_task(name="indicators.tasks.recompute_all_nightly", acks_late=True)
def recompute_all_nightly() -> int:
    """Nightly: a full recompute of every campaign running or ended in the last 31 days."""
    today = timezone.localdate()
    ids = list(
        Campaign.objects.filter(start__lte=today, end__gte=today - timedelta(days=31)).values_list("pk", flat=True)
    )
    for campaign_id in ids:
        enqueue_recompute(campaign_id=campaign_id, since=None, reason="Tính lại hằng đêm")
    return len(ids)


@shared_task(name="indicators.tasks.recompute_after_deadlines", acks_late=True)
def recompute_after_deadlines() -> int:
    """Every few minutes: campaigns with a period whose deadline passed since their last
    finished run get a recompute from that period on (late / missing reports are now final)."""
    now = timezone.now()
    passed = Period.objects.filter(deadline__lte=now, deadline__gt=now - timedelta(days=2)).values_list(
        "campaign_id", "start", "deadline"
    )
    earliest: dict[int, date] = {}
    for campaign_id, start, deadline in passed:
        last = (
            ComputeRun.objects.filter(campaign_id=campaign_id, state=ComputeRunState.DONE)
            .order_by("-started_at")
            .values_list("started_at", flat=True)
            .first()
        )
        if last is None or last < deadline:
            earliest[campaign_id] = min(start, earliest.get(campaign_id, start))
    for campaign_id, since in earliest.items():
        enqueue_recompute(campaign_id=campaign_id, since=since, reason="Sau hạn nộp báo cáo")
    return len(earliest)


@shared_task(name="indicators.tasks.runs_sweep", acks_late=True)
def runs_sweep() -> int:
    """Every minute: send again the runs whose task was lost or whose worker died."""
    return runs.runs_sweep()
