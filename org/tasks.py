from celery import shared_task


@shared_task(name="org.tasks.ping")
def ping() -> str:
    """A round trip through the broker and a worker (used by /healthz tests and CI)."""
    return "pong"


@shared_task(name="org.tasks.login_failures_purge")
def login_failures_purge() -> int:
    """Beat, daily: drop login throttling counters past their retention (org.auth)."""
    from .auth import login_failures_purge as purge

    return purge()
