"""Thin Celery tasks: the reminder run (beat, every XTD_REMINDER_EVERY_SECONDS)."""

from __future__ import annotations

from celery import shared_task

from .services import reminders_run


@shared_task(bind=True, max_retries=3, default_retry_delay=120, acks_late=True)
def reminders_send(self) -> int:
    """Beat job: report, task and survey round reminders. Idempotent (see ``reminders_run``)."""
    try:
        return len(reminders_run())
    except Exception as exc:  # noqa: BLE001 - retried, then surfaced by Celery
        raise self.retry(exc=exc)
