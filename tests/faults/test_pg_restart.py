"""PostgreSQL restarted under load (issue 14 item 7): gunicorn keeps answering; while the database
is away a request gets the Vietnamese 503 page, and once it is back no request answers 500 or
503 (``CONN_HEALTH_CHECKS`` replaces the connections the restart cut).

The test runs its own PostgreSQL and Redis (``scripts/services.sh`` with a private directory),
so stopping the database never touches the suite's; gunicorn runs the portal on them with
``DEBUG`` off, two workers each keeping its connection (``CONN_MAX_AGE``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.celery_worker import REPO, _skip_or_fail
from tests.faults.stack import free_port, wait_for

pytestmark = [pytest.mark.real_services]

SERVICES = REPO / "scripts" / "services.sh"
SESSION_SNIPPET = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.create_superuser("quantri", "qt@xa.example", "Khong-doan-duoc-2026")
s = SessionStore()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
print("SESSION=" + s.session_key)
"""


@dataclass
class Answer:
    started: float
    url: str
    status: int  # 0: no HTTP answer (connection refused or reset)
    body: str


def _services(svc_dir: Path, *args: str) -> None:
    env = {**os.environ, "XTD_SERVICES_DIR": str(svc_dir)}
    subprocess.run(["bash", str(SERVICES), *args], env=env, check=True, capture_output=True, timeout=120)


def _env_file(svc_dir: Path) -> dict[str, str]:
    out = {}
    for line in (svc_dir / "env").read_text().splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        out[key] = value
    return out


def _get(base: str, path: str, session: str) -> Answer:
    started = time.monotonic()
    req = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={session}"})
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return Answer(started, path, r.status, r.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as e:
        return Answer(started, path, e.code, e.read().decode("utf-8", "replace"))
    except OSError as e:
        return Answer(started, path, 0, str(e))


@pytest.fixture
def portal():
    """(base URL, session key, services dir): gunicorn on a private PostgreSQL and Redis."""
    if not (shutil.which("redis-server") and Path("/usr/lib/postgresql/15/bin/pg_ctl").exists()):
        _skip_or_fail("PostgreSQL 15 or redis-server is not installed")
    svc_dir = Path(tempfile.mkdtemp(prefix="xtd-pgr-", dir="/tmp"))
    svc_dir.chmod(0o755)
    gunicorn = None
    try:
        _services(svc_dir, "start")
        env = {
            **os.environ,
            **_env_file(svc_dir),
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_DEBUG": "0",
            "CONN_MAX_AGE": "600",  # workers keep their connection: the restart cuts it under them
        }
        env.pop("CACHE_URL", None)
        manage = [sys.executable, str(REPO / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, capture_output=True, timeout=300)
        out = subprocess.run(
            [*manage, "shell", "-c", SESSION_SNIPPET], env=env, check=True, capture_output=True, text=True, timeout=60
        ).stdout
        session = next(line for line in out.splitlines() if line.startswith("SESSION=")).split("=", 1)[1]
        port = free_port()
        log = open(svc_dir / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "30"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        wait_for("gunicorn answers", lambda: _get(base, "/healthz", session).status == 200, 40)
        yield base, session, svc_dir
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        _services(svc_dir, "stop")
        shutil.rmtree(svc_dir, ignore_errors=True)


def test_postgresql_restart_under_load_gives_503_while_away_and_no_error_once_back(portal):
    base, session, svc_dir = portal
    answers: list[Answer] = []
    lock = threading.Lock()
    stop = threading.Event()

    def load(paths: tuple[str, ...]) -> None:
        i = 0
        while not stop.is_set():
            a = _get(base, paths[i % len(paths)], session)
            with lock:
                answers.append(a)
            i += 1
            time.sleep(0.02)

    # pages that read the session, the user and the commune tables, and the health check
    threads = [threading.Thread(target=load, args=(paths,)) for paths in [("/",), ("/healthz",), ("/ke-hoach/",)]]
    for t in threads:
        t.start()
    try:
        time.sleep(2)  # every worker holds a live connection
        down_at = time.monotonic()
        _services(svc_dir, "pg-stop")
        time.sleep(2)
        _services(svc_dir, "pg-start")  # returns once PostgreSQL accepts connections
        back_at = time.monotonic()
        time.sleep(5)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    print(
        f"answers: {len(answers)}; down {back_at - down_at:.1f} s; statuses while away:",
        sorted({a.status for a in answers if down_at <= a.started < back_at}),
    )
    before = [a for a in answers if a.started < down_at - 0.5]  # answered before the stop began
    away = [a for a in answers if down_at <= a.started < back_at]
    after = [a for a in answers if a.started >= back_at]
    assert before and {(a.url, a.status) for a in before if a.status != 200} == set()
    assert len(after) >= 30, len(after)
    assert [(a.url, a.status) for a in after if a.status != 200] == []  # not one 500 or 503 once back
    assert all(a.status != 500 for a in answers)
    # while away: the Vietnamese "busy" page (or the health check's 503), never a traceback
    busy = [a for a in away if a.status == 503]
    assert busy, [(a.url, a.status) for a in away]
    pages = [a for a in busy if a.url != "/healthz"]
    assert pages and all("Hệ thống đang bận" in a.body and "Traceback" not in a.body for a in pages)
