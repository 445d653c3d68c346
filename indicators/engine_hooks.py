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
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ComputeRun, ComputeRunState

log = logging.getLogger(__name__)

# A queued run whose task never arrived (broker down when it was sent) is sent again after this.
LOST_AFTER = timedelta(minutes=10)


def schedule_recompute(*, campaign_id: int, since: date | None = None, reason: str = "Số liệu thay đổi") -> None:
    """Queue a recompute of one campaign after the current transaction commits.

    ``since``: the first day whose windows changed (None: the whole campaign)."""
    transaction.on_commit(lambda: enqueue_recompute(campaign_id=campaign_id, since=since, reason=reason))


def enqueue_recompute(*, campaign_id: int, since: date | None = None, reason: str = "") -> int | None:
    """Make sure a queued run covers ``since`` and its task is on its way. Returns the run id."""
    now = timezone.now()
    queued = ComputeRun.objects.filter(campaign_id=campaign_id, state=ComputeRunState.QUEUED).first()
    if queued is not None:
        if queued.incremental_from is not None and (since is None or since < queued.incremental_from):
            ComputeRun.objects.filter(pk=queued.pk, state=ComputeRunState.QUEUED).update(incremental_from=since)
        if queued.requested_at >= now - LOST_AFTER:
            return queued.pk
        _send(queued.pk, campaign_id)  # its task seems lost: send it again (claiming makes it run once)
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
    _send(run.pk, campaign_id)
    return run.pk


def _send(run_id: int, campaign_id: int) -> None:
    from .tasks import campaign_recompute_task  # a cycle: the task module calls back into this one

    countdown = getattr(settings, "XTD_RECOMPUTE_COUNTDOWN", 10)
    try:
        campaign_recompute_task.apply_async(args=[campaign_id], kwargs={"run_id": run_id}, countdown=countdown)
    except Exception:  # noqa: BLE001 - the broker is down: the run stays queued, the nightly run or the next change resends
        log.exception("could not send the recompute of campaign %s", campaign_id)
