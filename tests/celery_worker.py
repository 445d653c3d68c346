"""A real Celery worker for the tests that need one (a pytest plugin: tests/conftest.py
lists it in ``pytest_plugins``).

With ``CELERY_BROKER_URL`` set (scripts/test.sh starts Redis and PostgreSQL), the
``celery_worker_proc`` fixture runs ``celery -A config.celery_app worker --pool=solo`` in a
subprocess, on the same broker and on the test database this process uses, so tasks sent
with ``.delay()`` run for real. The worker is another process with its own connection: use
the fixture in ``transactional_db`` tests, where rows are committed and the worker sees them.

Without a broker the fixture skips (the embedded default: Celery runs eagerly), unless
``XTD_REAL_SERVICES=1`` (set by scripts/test.sh), where a missing broker is a failure.

One worker serves the whole session. Under pytest-xdist each xdist process gets its own
worker, its own queue (``celery.gw0`` ...) and its own test database.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from kombu.exceptions import OperationalError

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
LOG_TAIL_LINES = 200


def _real_services_required() -> bool:
    return os.environ.get("XTD_REAL_SERVICES") == "1"


def _skip_or_fail(reason: str) -> None:
    if _real_services_required():
        pytest.fail(f"XTD_REAL_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def database_url(settings_dict: dict) -> str:
    """A postgres:// URL for a Django connection's settings (as django-environ reads it)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(str(settings_dict.get("PASSWORD") or ""), safe="")
    host = settings_dict.get("HOST") or "localhost"
    host = quote(host, safe="") if host.startswith("/") else host  # a socket directory
    port = settings_dict.get("PORT") or ""
    name = quote(settings_dict["NAME"], safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{auth}{host}{':' + str(port) if port else ''}/{name}"


@dataclass
class CeleryWorker:
    """The running worker: its process, log file, queue and node name."""

    process: subprocess.Popen
    log_path: Path
    hostname: str
    queue: str
    database_url: str
    env: dict = field(repr=False, default_factory=dict)

    def alive(self) -> bool:
        return self.process.poll() is None

    def log(self, tail: int = LOG_TAIL_LINES) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no worker log)"
        return "\n".join(lines[-tail:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


@pytest.fixture(scope="session")
def _celery_worker_session(django_db_setup, tmp_path_factory):
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    if not broker_url:
        _skip_or_fail("embedded default chosen: no broker")

    from django.db import connection

    from config.celery_app import app

    settings_dict = connection.settings_dict
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        _skip_or_fail(f"a real worker needs the test database on PostgreSQL, not {settings_dict['ENGINE']}")
    db_url = database_url(settings_dict)

    xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    queue = f"celery.{xdist_worker}" if xdist_worker else "celery"
    hostname = f"xtd-test-{xdist_worker or 'main'}-{os.getpid()}@localhost"
    log_path = tmp_path_factory.mktemp("celery-worker") / "worker.log"

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        CELERY_BROKER_URL=broker_url,
        CELERY_TASK_ALWAYS_EAGER="0",
        DATABASE_URL=db_url,
        PYTHONUNBUFFERED="1",
    )
    # Results must come back through the backend this process reads.
    if app.conf.result_backend:
        env["CELERY_RESULT_BACKEND"] = str(app.conf.result_backend)
    cmd = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config.celery_app",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-l",
        "info",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "-Q",
        queue,
        "-n",
        hostname,
    ]
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    worker = CeleryWorker(process, log_path, hostname, queue, db_url, env)

    old_default_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        deadline = time.monotonic() + START_TIMEOUT
        last_error = ""
        while True:
            if not worker.alive():
                pytest.fail(
                    f"the Celery worker exited with code {process.returncode}:\n{worker.log()}",
                    pytrace=False,
                )
            try:
                if app.control.ping(destination=[hostname], timeout=0.5):
                    break
            except (OSError, OperationalError) as exc:  # the broker is not there (yet)
                last_error = f"{type(exc).__name__}: {exc}"
                time.sleep(0.5)
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the Celery worker did not answer a ping within {START_TIMEOUT:.0f} s"
                    f" (broker {broker_url}; last error: {last_error or 'none'}):\n{worker.log()}",
                    pytrace=False,
                )
        yield worker
    finally:
        app.conf.task_default_queue = old_default_queue
        worker.stop()


@pytest.fixture
def celery_worker_proc(request, _celery_worker_session):
    """A real Celery worker on the broker and this test database (see the module docstring)."""
    worker = _celery_worker_session
    if not worker.alive():
        pytest.fail(f"the Celery worker has exited:\n{worker.log()}", pytrace=False)
    yield worker
    if request.node.stash.get(_CALL_FAILED, False):
        # Shown with the failure report ("Captured stdout teardown").
        print(f"----- Celery worker log ({worker.log_path}), last {LOG_TAIL_LINES} lines -----")
        print(worker.log())
