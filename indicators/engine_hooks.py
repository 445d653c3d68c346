"""Where the attainment engine plugs into the writes: ``facts_changed`` calls
``schedule_recompute`` inside the transaction that changed a campaign's counted figures.

Bursts collapse: at most one ComputeRun per campaign is ``queued`` (a partial unique
constraint). The first change after a run started queues a run and sends its task with a
countdown (``XTD_RECOMPUTE_COUNTDOWN`` seconds, default 10); later changes find that run still
queued and only widen its window (``incremental_from``). Thirty submissions in a minute thus
cause a handful of recomputes, not thirty. Nothing is sent before the transaction commits.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ComputeRun, ComputeRunState
from .runs import run_send

log = logging.getLogger(__name__)


def schedule_recompute(*, campaign_id: int, since: date | None = None, reason: str = "Số liệu thay đổi") -> None:
    """Queue a recompute of one campaign after the current transaction commits.

    ``since``: the first day whose windows changed (None: the whole campaign)."""
    transaction.on_commit(lambda: enqueue_recompute(campaign_id=campaign_id, since=since, reason=reason))


def enqueue_recompute(*, campaign_id: int, since: date | None = None, reason: str = "") -> int | None:
    """Make sure a queued run covers ``since`` and its task is on its way. Returns the run id.
    Never raises when the broker is down: the run stays queued with no ``enqueued_at`` and the
    next change or the sweeper (``indicators.runs.runs_sweep``) sends it."""
    now = timezone.now()
    queued = ComputeRun.objects.filter(campaign_id=campaign_id, state=ComputeRunState.QUEUED).first()
    if queued is not None:
        if queued.incremental_from is not None and (since is None or since < queued.incremental_from):
            ComputeRun.objects.filter(pk=queued.pk, state=ComputeRunState.QUEUED).update(incremental_from=since)
        if queued.enqueued_at is None:  # its task never reached the broker: try again now
            run_send(run_id=queued.pk, campaign_id=campaign_id)
        return queued.pk
    try:
        with transaction.atomic():
            run = ComputeRun.objects.create(
                campaign_id=campaign_id,
                state=ComputeRunState.QUEUED,
                incremental_from=since,
                reason=reason[:100],
                requested_at=now,
            )
    except IntegrityError:  # another process queued one a moment ago: it covers this change
        return None
    run_send(run_id=run.pk, campaign_id=campaign_id)
    return run.pk
