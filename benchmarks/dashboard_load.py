"""Load benchmark of the pages that answer at once (issue 19 item 4): gunicorn + PostgreSQL +
Redis on loopback, every figure beside its baseline measured by the same load generator in the
same run.

    source <services dir>/env          # DATABASE_URL (PostgreSQL) and REDIS_URL of scripts/services.sh
    .venv/bin/python benchmarks/dashboard_load.py [--scale 0.1 --scale 1.0] [--users 20] [--seconds 10]
                                                  [--keep] [--reuse]

For each ``--scale`` (default 0.1 and 1.0: 10 and 100 communes) it builds, in a database
``<name>_dash<communes>`` on the server of DATABASE_URL, the synthetic province of
``benchmarks/engine.py`` (communes × 25 units × 52 weeks, ≈ 36,400 values per commune) and the
engine's results (a full recompute, two processes), or reuses it (``--reuse``, kept by
``--keep``). Then it starts gunicorn (``--workers``, DEBUG off, the cache in Redis database 2 of
REDIS_URL, as in production) on a free 127.0.0.1 port and, with one load generator (wrk, or a
bounded pool of Python threads without it), ``--users`` concurrent connections for
``--seconds`` seconds each:

  * ``/healthz``: the baseline of the same gunicorn;
  * the campaign dashboard of commune 0, warm (its page in the cache);
  * the burst right after a recompute: the engine recomputes commune 0 incrementally (one
    unit's last week changed: the version stamp moves) and the users hit the page at once,
    ``--bursts`` times, ``--burst-seconds`` each (p95 and the slowest request);
  * the province view of all communes, warm; its query count (cold build and warm read) and
    its cold build time, measured in this process with Django's test client.

It prints one table: each figure at each scale, its baseline in the same run, the figure before
issue 19 and the goal (dashboard warm p95 ≤ 150 ms and ≤ 4 × /healthz; burst p95 ≤ 300 ms;
province ≤ 15 queries and ≤ 150 ms warm), and the machine's load (``uptime``) before and after.
Only loopback is targeted.
"""

from __future__ import annotations

import argparse
import json
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
from types import SimpleNamespace
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SETTINGS = "config.settings.local"

LUA = """
wrk.headers["Cookie"] = "sessionid=%s"
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%%d errors=%%d non2xx=%%d p50_ms=%%.1f p95_ms=%%.1f max_ms=%%.1f\\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency.max / 1000))
end
"""

BEFORE = {  # issue 19's table: the figures before this work, on this machine
    "healthz": "16",
    "warm": "250–314",
    "burst": "926–962",
    "province_warm": "870–1,170 (not cached)",
    "province_queries": "407 (4 per commune)",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


# ------------------------------------------------------------------ the load generator


def run_wrk(url: str, session_key: str, users: int, seconds: float) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA % session_key)
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, users)}",
            f"-c{users}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            f.name,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    os.unlink(f.name)
    m = re.search(
        r"RESULT requests=(\d+) errors=(\d+) non2xx=(\d+) p50_ms=([\d.]+) p95_ms=([\d.]+) max_ms=([\d.]+)", out
    )
    if not m:
        raise SystemExit(f"wrk gave no result:\n{out}")
    return {
        "tool": "wrk",
        "requests": int(m[1]),
        "errors": int(m[2]) + int(m[3]),
        "p50": float(m[4]),
        "p95": float(m[5]),
        "max": float(m[6]),
    }


def run_threads(url: str, session_key: str, users: int, seconds: float) -> dict:
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
    return {
        "tool": "python",
        "requests": len(latencies),
        "errors": errors[0],
        "p50": q[49],
        "p95": q[94],
        "max": max(latencies, default=0),
    }


LOAD = run_wrk if shutil.which("wrk") else run_threads


# ------------------------------------------------------------------ one scale, in its own process


def _recompute_one(campaign_id: int) -> int:
    from indicators.runs import campaign_recompute

    return campaign_recompute(campaign_id=campaign_id, reason="benchmark").rows


def _province(communes: int) -> tuple[list, dict]:
    """Build (or reuse) the province and the engine's results; returns the campaigns."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from django.core.management import call_command
    from django.db import connections

    from campaigns.models import Campaign
    from indicators.models import ComputeRun, ComputeRunState
    from org.models import Unit

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import engine as engine_bench  # noqa: PLC0415 (the engine benchmark's province builder)

    call_command("migrate", verbosity=0)
    campaigns = list(Campaign.objects.filter(code="BENCH").order_by("pk"))
    if not campaigns:
        t = time.perf_counter()
        campaigns, _units = engine_bench.build(SimpleNamespace(units=25, weeks=52), communes)
        print(f"  built the province in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    done = set(ComputeRun.objects.filter(state=ComputeRunState.DONE).values_list("campaign_id", flat=True))
    todo = [c.pk for c in campaigns if c.pk not in done]
    if todo:
        t = time.perf_counter()
        connections.close_all()
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            rows = sum(pool.map(_recompute_one, todo))
        print(
            f"  full recompute of {len(todo)} campaigns (2 processes): {time.perf_counter() - t:.0f} s, {rows:,} rows",
            file=sys.stderr,
            flush=True,
        )
    units = {c.pk: list(Unit.objects.filter(commune_id=c.commune_id).order_by("pk")) for c in campaigns}
    return campaigns, units


def _users(campaign):
    """A leader of commune 0 and a viewer of the province, each with a session."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from org.models import Membership, Role

    out = {}
    for name, role, where in (
        ("bench_lanhdao", Role.LEADERSHIP, {"commune": campaign.commune}),
        ("bench_tinh", Role.PROVINCE_VIEWER, {"province": campaign.commune.province}),
    ):
        user, _ = get_user_model().objects.get_or_create(username=name)
        Membership.objects.get_or_create(user=user, role=role, **where)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        out[name] = (user, session.session_key)
    return out


def _client_queries(user, path: str) -> tuple[int, float, int, float]:
    """(queries, seconds) of a cold build and of a warm read of ``path`` in this process."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    cache.clear()
    out = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            r = client.get(path)
            took = time.perf_counter() - t
        assert r.status_code == 200, r.status_code
        out += [len(ctx.captured_queries), took]
    return tuple(out)


def measure_scale(args) -> dict:
    import django

    django.setup()
    from django.core.cache import cache
    from django.urls import reverse

    from indicators.models import DataValue
    from indicators.runs import campaign_recompute

    communes = max(1, round(100 * args.scale))
    campaigns, units = _province(communes)
    c0 = campaigns[0]
    users = _users(c0)
    dash_path = reverse("dashboards:dashboard", args=[c0.pk])
    prov_path = reverse("dashboards:province_home")
    prov_cold_q, prov_cold_s, prov_warm_q, prov_warm_s = _client_queries(users["bench_tinh"][0], prov_path)
    dash_cold_q, dash_cold_s, dash_warm_q, dash_warm_s = _client_queries(users["bench_lanhdao"][0], dash_path)
    cache.clear()

    port = free_port()
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SETTINGS_MODULE": SETTINGS}
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
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    leader, province = users["bench_lanhdao"][1], users["bench_tinh"][1]
    out: dict = {"communes": communes, "tool": LOAD.__name__}
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=10) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer")

        def prime(path: str, key: str) -> None:
            for _ in range(args.workers * 2):
                req = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={key}"})
                with urllib.request.urlopen(req, timeout=60) as r:
                    r.read()

        out["healthz"] = LOAD(base + "/healthz", "", args.users, args.seconds)
        prime(dash_path, leader)
        out["warm"] = LOAD(base + dash_path, leader, args.users, args.seconds)
        bursts = []
        unit, weeks = units[c0.pk][0], 52
        from campaigns.models import Period

        last = Period.objects.get(campaign=c0, index=weeks)
        for k in range(args.bursts):
            DataValue.objects.filter(period=last, unit=unit).update(value=7 + k, counted=True)
            t = time.perf_counter()
            campaign_recompute(campaign_id=c0.pk, incremental_from=last.start, reason="benchmark")
            recompute_s = time.perf_counter() - t
            res = LOAD(base + dash_path, leader, args.users, args.burst_seconds)
            res["recompute_s"] = recompute_s
            bursts.append(res)
        out["burst"] = {
            "p95": max(b["p95"] for b in bursts),
            "max": max(b["max"] for b in bursts),
            "requests": sum(b["requests"] for b in bursts),
            "errors": sum(b["errors"] for b in bursts),
            "recompute_s": statistics.median(b["recompute_s"] for b in bursts),
            "each": [round(b["p95"]) for b in bursts],
        }
        prime(prov_path, province)
        out["province_warm"] = LOAD(base + prov_path, province, args.users, args.seconds)
        out["province_queries"] = {
            "cold": prov_cold_q,
            "warm": prov_warm_q,
            "cold_s": prov_cold_s,
            "warm_s": prov_warm_s,
        }
        out["dashboard_queries"] = {
            "cold": dash_cold_q,
            "warm": dash_warm_q,
            "cold_s": dash_cold_s,
            "warm_s": dash_warm_s,
        }
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    return out


# ------------------------------------------------------------------ the table


def _ms(res: dict) -> str:
    return f"{res['p95']:.0f}"


def table(results: list[dict], load_before: str, load_after: str, args) -> str:
    cols = [f"{r['communes']} communes" for r in results]
    lines = [
        f"# pages that answer at once — {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
        f"gunicorn {args.workers} workers, {args.users} users × {args.seconds} s, load generator "
        f"{results[0]['tool'].removeprefix('run_')}",
        f"# load before: {load_before}",
        f"# load after:  {load_after}",
        "",
        "| measure | " + " | ".join(cols) + " | baseline in the same run | before (issue 19) | goal |",
        "|---|" + "---|" * len(cols) + "---|---|---|",
    ]

    def row(name: str, cells: list[str], baseline: str, before: str, goal: str) -> None:
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {baseline} | {before} | {goal} |")

    hz = [r["healthz"]["p95"] for r in results]
    row("`/healthz` p95 (ms)", [f"{h:.0f}" for h in hz], "–", BEFORE["healthz"], "–")
    cells = []
    for r in results:
        w, h = r["warm"]["p95"], r["healthz"]["p95"]
        ok = w <= 150 and w <= 4 * h
        cells.append(
            f"**{w:.0f}** ({w / h:.1f} × healthz, {r['warm']['requests'] / args.seconds:.0f} req/s) {'✓' if ok else '✗'}"
        )
    row("dashboard warm p95, 20 users (ms)", cells, "`/healthz` p95", BEFORE["warm"], "≤ 150 and ≤ 4 × `/healthz`")
    cells = []
    for r in results:
        b = r["burst"]
        cells.append(
            f"**{b['p95']:.0f}** (rounds {', '.join(map(str, b['each']))}; slowest {b['max']:.0f}; "
            f"recompute {b['recompute_s']:.2f} s) {'✓' if b['p95'] <= 300 else '✗'}"
        )
    row("dashboard burst after a recompute, p95 (ms)", cells, "warm p95 (row above)", BEFORE["burst"], "≤ 300")
    cells = []
    for r in results:
        p = r["province_warm"]["p95"]
        cells.append(
            f"**{p:.0f}** ({r['province_warm']['requests'] / args.seconds:.0f} req/s) {'✓' if p <= 150 else '✗'}"
        )
    row("province view warm p95 (ms)", cells, "`/healthz` p95", BEFORE["province_warm"], "≤ 150")
    cells = []
    for r in results:
        q = r["province_queries"]
        ok = q["cold"] <= 15
        cells.append(f"**{q['cold']}** built ({q['cold_s']:.2f} s), {q['warm']} warm {'✓' if ok else '✗'}")
    row("province view queries", cells, "–", BEFORE["province_queries"], "≤ 15")
    cells = []
    for r in results:
        q = r["dashboard_queries"]
        cells.append(f"{q['cold']} built ({q['cold_s']:.2f} s), {q['warm']} warm ({q['warm_s'] * 1000:.0f} ms)")
    row("dashboard queries (one request, in-process)", cells, "–", "6 warm", "warm: one cache read")
    errors = sum(r[k]["errors"] for r in results for k in ("healthz", "warm", "burst", "province_warm"))
    lines.append("")
    lines.append(f"errors (non-200 or failed requests) over all runs: {errors}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, action="append", help="fraction of 100 communes (repeatable)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--bursts", type=int, default=3)
    parser.add_argument("--burst-seconds", type=float, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    parser.add_argument("--reuse", action="store_true", help="reuse a database kept by --keep")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a child: one scale
    args = parser.parse_args()
    args.scale = args.scale or [0.1, 1.0]

    if args.one:
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
        os.environ["DJANGO_DEBUG"] = "0"
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
        print("RESULT " + json.dumps(measure_scale(SimpleNamespace(**{**vars(args), "scale": args.scale[0]}))))
        return

    source, redis = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not source.startswith("postgres") or not redis.startswith("redis"):
        sys.exit("DATABASE_URL (PostgreSQL) and REDIS_URL are needed: source <services dir>/env")
    import psycopg

    admin = psycopg.connect(source, autocommit=True)
    load_before = uptime()
    results = []
    for scale in args.scale:
        communes = max(1, round(100 * scale))
        parts = urlparse(source)
        name = f"{parts.path.lstrip('/')}_dash{communes}"
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not (args.reuse and exists):
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        env = {
            **os.environ,
            "DATABASE_URL": urlunparse(parts._replace(path="/" + name)),
            "CACHE_URL": redis.rsplit("/", 1)[0] + "/2",
        }
        print(f"# {communes} communes: database {name}", file=sys.stderr, flush=True)
        cmd = [sys.executable, __file__, "--one", "--scale", str(scale)]
        for flag in ("users", "seconds", "bursts", "burst_seconds", "workers"):
            cmd += [f"--{flag.replace('_', '-')}", str(getattr(args, flag))]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        sys.stderr.write(done.stderr[-4000:])
        line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            sys.exit(f"no result for {communes} communes:\n{done.stdout[-2000:]}")
        results.append(json.loads(line[7:]))
        if not args.keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(table(results, load_before, uptime(), args))


if __name__ == "__main__":
    main()
