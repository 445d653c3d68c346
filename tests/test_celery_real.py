"""A task round trip through the real broker and a real worker process.

Skipped in the embedded default (no broker); scripts/test.sh sets XTD_REAL_SERVICES=1, where
it must run.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def not_eager():
    """This process sends tasks to the broker instead of running them in place."""
    from config.celery_app import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        app.conf.task_always_eager = old


def test_ping_runs_on_a_real_worker(transactional_db, celery_worker_proc, not_eager):
    from org.tasks import ping

    result = ping.delay()
    assert result.get(timeout=20) == "pong"
    assert result.successful()
    assert celery_worker_proc.alive()
    assert f"org.tasks.ping[{result.id}]" in celery_worker_proc.log(), "the task did not run on the worker"
