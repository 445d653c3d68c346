"""The reminder run: every rule's reminders turned into deliveries, one run row per commune."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from notify.models import Run
from notify.services import reminder_dispatch, run_finish, run_start

from .rules import Reminder, reminders_due


def reminders_run(*, now: datetime | None = None) -> list[Run]:
    """Run every rule as of ``now``; returns the runs kept (one per commune that had something
    new to say or a unit nobody can be reached in). Safe to run twice or twice at once: the
    delivery rows are unique per unit × topic × kind × person × channel."""
    now = now or timezone.now()
    by_commune: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in reminders_due(now):
        by_commune[reminder.commune_id].append(reminder)
    kept = []
    for commune_id, reminders in sorted(by_commune.items()):
        with transaction.atomic():
            run = run_start(commune_id=commune_id, now=now)
            unreachable: dict[int, dict] = {}
            for r in reminders:
                result = reminder_dispatch(
                    run=run, unit=r.unit, topic=r.topic, kind=r.kind, users=r.users, message=r.message, now=now
                )
                if r.before_deadline and not result.reachable and r.unit.pk not in unreachable:
                    why = "chưa có tài khoản" if not r.users else "không ai có thư điện tử, Zalo hay SMS"
                    unreachable[r.unit.pk] = {
                        "unit_id": r.unit.pk,
                        "unit": r.unit.name,
                        "what": r.message.subject,
                        "why": why,
                    }
            run = run_finish(run=run, unreachable=list(unreachable.values()))
        if run is not None:
            kept.append(run)
    return kept
