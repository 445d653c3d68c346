"""Thin Celery tasks: load, call one service, own retries."""

from __future__ import annotations

from celery import shared_task

from .reminders import reminders_run


@shared_task(bind=True, max_retries=3, default_retry_delay=120, acks_late=True)
def reminders_send(self) -> int:
    """Beat job (every 15 minutes): reminders before each deadline and notices of missing
    reports after it. Idempotent: ``ReminderLog`` allows one message per unit, period, kind."""
    try:
        return reminders_run()
    except Exception as exc:  # noqa: BLE001 - retried, then surfaced by Celery
        raise self.retry(exc=exc)
