from celery import shared_task


@shared_task(name="org.tasks.ping")
def ping() -> str:
    """A round trip through the broker and a worker (used by /healthz tests and CI)."""
    return "pong"
