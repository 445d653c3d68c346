"""Load benchmark of the campaign dashboard (issue 6): gunicorn + PostgreSQL on loopback.

    source /tmp/pg-x/env                      # DATABASE_URL of a throwaway PostgreSQL
    .venv/bin/python benchmarks/dashboard_load.py [--seed] [--users 20] [--seconds 20]

``--seed`` migrates and runs ``seed_demo`` first. The script starts gunicorn on a free
127.0.0.1 port (DEBUG off), logs ``lanhdao`` in by creating a session, then drives the Phú Lạc
push dashboard with ``--users`` concurrent connections for ``--seconds`` seconds using wrk
(``apt-get install wrk``) or, without wrk, a bounded pool of Python threads. It prints the
request count, errors and p50 / p95 latency, and stops gunicorn. Only loopback is targeted.

The dashboard caches its rendered parts in Django's ``CACHES``: per gunicorn worker by default,
shared with ``CACHE_URL=redis://127.0.0.1:PORT/N``; ``CACHE_URL=dummycache://`` measures the
page without the cache (every request a miss). The backend is printed with the result.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["DJANGO_DEBUG"] = "0"

LUA = """
wrk.headers["Cookie"] = "sessionid=%s"
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%%d errors=%%d p50_ms=%%.1f p95_ms=%%.1f\\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup(seed: bool) -> tuple[str, str]:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    if seed:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from campaigns.models import Campaign

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        print("note: not PostgreSQL (set DATABASE_URL); measuring anyway", file=sys.stderr)
    user = get_user_model().objects.get(username="lanhdao")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    campaign = Campaign.objects.get(code="PL-45N-2025")
    return session.session_key, f"/bao-cao/bang-dieu-hanh/{campaign.pk}/"


def run_wrk(url: str, session_key: str, users: int, seconds: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA % session_key)
    out = subprocess.run(
        ["wrk", f"-t{min(2, users)}", f"-c{users}", f"-d{seconds}s", "--timeout", "10s", "-s", f.name, url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    os.unlink(f.name)
    m = re.search(r"RESULT requests=(\d+) errors=(\d+) p50_ms=([\d.]+) p95_ms=([\d.]+)", out)
    if not m:
        raise SystemExit(f"wrk gave no result:\n{out}")
    return {"tool": "wrk", "requests": int(m[1]), "errors": int(m[2]), "p50": float(m[3]), "p95": float(m[4])}


def run_threads(url: str, session_key: str, users: int, seconds: int) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user_loop() -> None:
        while time.monotonic() < deadline:
            req = urllib.request.Request(url, headers={"Cookie": f"sessionid={session_key}"})
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=10) as r:
                    r.read()
                    ok = r.status == 200
            except OSError:
                ok = False
            with lock:
                if ok:
                    latencies.append((time.perf_counter() - t0) * 1000)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=user_loop) for _ in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {"tool": "python", "requests": len(latencies), "errors": errors[0], "p50": q[49], "p95": q[94]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", action="store_true", help="migrate and run seed_demo first")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()
    session_key, path = setup(args.seed)
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    port = free_port()
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_DEBUG": "0"},
    )
    url = f"http://127.0.0.1:{port}{path}"
    try:
        for _ in range(100):
            try:
                req = urllib.request.Request(url, headers={"Cookie": f"sessionid={session_key}"})
                with urllib.request.urlopen(req, timeout=10) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer")
        runner = run_wrk if shutil.which("wrk") else run_threads
        res = runner(url, session_key, args.users, args.seconds)
        print(
            f"dashboard {path} via {res['tool']}, cache {backend}: {args.users} users, {args.seconds} s, "
            f"{args.workers} gunicorn workers: "
            f"{res['requests']} requests, {res['errors']} errors, "
            f"{res['requests'] / args.seconds:.1f} req/s, p50 {res['p50']:.0f} ms, p95 {res['p95']:.0f} ms"
        )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


if __name__ == "__main__":
    main()
