"""A private job stack for the fault tests: its own Redis (so it can be stopped and started
again without touching the suite's), Celery workers that can be SIGKILLed and replaced, and a
beat running the sweepers every ``XTD_SWEEP_SECONDS``. All on the test database of this
process (PostgreSQL, ``transactional_db``), on a queue of their own.

This process's Celery app and cache are pointed at the private Redis for the test and back
afterwards.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.celery_worker import REPO, database_url

START_TIMEOUT = 40.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, check: Callable[[], object], timeout: float, every: float = 0.2):
    """Poll ``check`` until it returns something truthy; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(every)


@dataclass
class Proc:
    name: str
    process: subprocess.Popen
    log_path: Path

    def log(self, tail: int = 80) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-tail:])
        except OSError:
            return "(no log)"

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement, no cleanup (a dead machine)."""
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Stack:
    tmp: Path
    db_url: str
    queue: str
    redis_port: int = field(default_factory=free_port)
    procs: list[Proc] = field(default_factory=list)
    redis: Proc | None = None
    env_extra: dict = field(default_factory=dict)

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    # --- Redis ---------------------------------------------------------------------------

    def redis_start(self) -> None:
        log_path = self.tmp / "redis.log"
        cmd = [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.redis_port),
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        with open(log_path, "ab") as log:
            self.redis = Proc("redis", subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), log_path)

        def answers() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.redis_port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    return s.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_for("redis answers", answers, 10)

    def redis_stop(self) -> None:
        if self.redis is not None:
            self.redis.kill()

    # --- Celery processes ----------------------------------------------------------------

    def env(self, **extra) -> dict:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.test",
            DATABASE_URL=self.db_url,
            CELERY_BROKER_URL=self.redis_url,
            CELERY_RESULT_BACKEND=self.redis_url,
            CELERY_TASK_ALWAYS_EAGER="0",
            CELERY_TASK_DEFAULT_QUEUE=self.queue,
            PYTHONUNBUFFERED="1",
        )
        env.update({k: str(v) for k, v in {**self.env_extra, **extra}.items()})
        return env

    def _spawn(self, name: str, args: list[str], ready: str, **extra) -> Proc:
        log_path = self.tmp / f"{name}-{len(self.procs)}.log"
        cmd = [sys.executable, "-m", "celery", "-A", "config.celery_app", *args]
        with open(log_path, "wb") as log:
            process = subprocess.Popen(cmd, cwd=REPO, env=self.env(**extra), stdout=log, stderr=subprocess.STDOUT)
        proc = Proc(name, process, log_path)
        self.procs.append(proc)

        def started() -> bool:
            if not proc.alive():
                raise AssertionError(f"{name} exited with {process.returncode}:\n{proc.log()}")
            return ready in proc.log(tail=400)

        wait_for(f"{name} ready", started, START_TIMEOUT)
        return proc

    def worker(self, name: str = "worker", **extra) -> Proc:
        args = [
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-l",
            "info",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            self.queue,
            "-n",
            f"{name}-{len(self.procs)}-{os.getpid()}@localhost",
        ]
        return self._spawn(name, args, " ready.", **extra)

    def beat(self, **extra) -> Proc:
        args = [
            "beat",
            "-l",
            "info",
            "-S",
            "celery.beat:PersistentScheduler",
            "-s",
            str(self.tmp / "beat-schedule"),
            "--pidfile=",
        ]
        return self._spawn("beat", args, "beat: Starting", **extra)

    def logs(self) -> str:
        parts = [f"----- {p.name} ({p.log_path}) -----\n{p.log()}" for p in self.procs]
        if self.redis is not None:
            parts.append(f"----- redis -----\n{self.redis.log(20)}")
        return "\n".join(parts)

    def shutdown(self) -> None:
        for proc in self.procs:
            proc.kill()
        self.redis_stop()


_ENV = {"broker_url": "CELERY_BROKER_URL", "result_backend": "CELERY_RESULT_BACKEND"}


def point_app_at(app, url: str, queue: str) -> dict:
    """Send this process's tasks to ``url`` / ``queue``; returns what to restore. Celery reads
    the broker and result URLs from the environment before its configuration, so both change."""
    old = {key: (app.conf.get(key), os.environ.get(name)) for key, name in _ENV.items()}
    old["task_default_queue"] = (app.conf.task_default_queue, None)
    _reset(app, {"broker_url": (url, url), "result_backend": (url, url), "task_default_queue": (queue, None)})
    return old


def _reset(app, conf: dict) -> None:
    for key, (value, env_value) in conf.items():
        setattr(app.conf, key, value)
        if key in _ENV:
            if env_value is None:
                os.environ.pop(_ENV[key], None)
            else:
                os.environ[_ENV[key]] = env_value
    # Drop the references only: kombu keeps one pool per URL and hands the same one back later.
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


def restore_app(app, old: dict) -> None:
    _reset(app, old)


def current_db_url() -> str:
    from django.db import connection

    return database_url(connection.settings_dict)
