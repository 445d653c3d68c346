"""Celery job for documents (issue #8): thin, takes an id, idempotent (the record is claimed
with a conditional UPDATE inside ``export_run``)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="documents.export_run", acks_late=True)
def export_run_task(record_id: int) -> str:
    from .services import export_run  # services imports this module to queue the job (a cycle)

    return export_run(record_id=record_id).status


@shared_task(name="documents.tasks.exports_sweep", acks_late=True)
def exports_sweep() -> int:
    """Every minute: send again the documents whose job was lost or whose worker died."""
    from .services import exports_sweep as sweep  # services imports this module (a cycle)

    return sweep()
