"""Thin Celery tasks: send one delivery (retry with backoff), sweep the lost ones."""

from __future__ import annotations

from celery import shared_task

from .channels import RETRY
from .models import Delivery
from .services import deliveries_lost, delivery_attempt, retry_countdown


@shared_task(bind=True, max_retries=None, acks_late=True)
def delivery_send(self, delivery_id: int) -> str | None:
    """Send delivery ``delivery_id``; on a "retry" answer try again after the backoff, until
    ``XTD_DELIVERY_MAX_ATTEMPTS`` attempts (then the row says "given up" with the reason)."""
    outcome = delivery_attempt(delivery_id=delivery_id)
    if outcome == RETRY:
        attempts = Delivery.objects.filter(pk=delivery_id).values_list("attempts", flat=True).first() or 1
        raise self.retry(countdown=retry_countdown(attempts))
    return outcome


@shared_task(acks_late=True)
def deliveries_sweep() -> int:
    """Beat job: send again what never reached a worker or was left half-sent."""
    ids = deliveries_lost()
    for pk in ids:
        delivery_send.delay(pk)
    return len(ids)
