"""Benchmark of the attainment engine on a synthetic province (issue 5). Not part of the tests.

    source <services dir>/env            # DATABASE_URL of a PostgreSQL server
    .venv/bin/python benchmarks/engine.py [--scale 1.0] [--keep]

Creates a throwaway database ``<name>_bench`` on the server of DATABASE_URL (dropped at the
end unless --keep), migrates it, and builds with COPY: ``100 × scale`` communes, each with one
campaign of 52 weekly periods, 25 units (15 offices, 10 villages) reporting every data element
of the catalogue except Mẫu 02 (33) with about 15% of reports missing and 5% still drafts:
≈ 3.6 million values at scale 1. Then it times

  (a) one raw SQL statement that materialises the same numerators and denominators the engine
      stores for every indicator × period × unit, per period and cumulative (GROUP BY over
      DataValue ⋈ IndicatorTerm, then a running SUM window), into a temporary table;
  (b) the engine's full recompute of every campaign (``campaign_recompute``), one after another;
  (c) an incremental recompute after one unit's report of the last week changes, and the
      same for a report in the middle of the campaign;
  (d) the on-demand unit rows (issue 19: unit scope is not stored): the ranking's slice and
      one unit's page;

and prints one table: each with its ratio to (a) and the rows written, with the load average.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_url(url: str) -> tuple[str, str]:
    parts = urlparse(url)
    name = parts.path.lstrip("/") + "_bench"
    return urlunparse(parts._replace(path="/" + name)), name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the 100 communes (0.1 = 10)")
    parser.add_argument("--units", type=int, default=25)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--reuse", action="store_true", help="reuse a database kept by --keep (skip building)")
    parser.add_argument(
        "--workers", type=int, default=2, help="processes for (b'), the full recompute one campaign per task (0: skip)"
    )
    args = parser.parse_args()

    source = os.environ.get("DATABASE_URL", "")
    if not source.startswith("postgres"):
        sys.exit("DATABASE_URL must point at a PostgreSQL server (source <services dir>/env).")
    url, name = bench_url(source)
    import psycopg

    admin = psycopg.connect(source, autocommit=True)
    if not args.reuse:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    try:
        run(args)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def run(args) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from campaigns.models import Campaign
    from indicators.models import Attainment, DataValue
    from org.models import Unit

    communes_n = max(1, round(100 * args.scale))
    print(f"# {communes_n} communes × {args.units} units × {args.weeks} weeks, PostgreSQL", flush=True)
    if args.reuse:
        from indicators.models import ComputeRun

        campaigns = list(Campaign.objects.filter(code="BENCH").order_by("pk"))
        by_campaign_units = {
            cp.pk: list(Unit.objects.filter(commune_id=cp.commune_id).order_by("pk")) for cp in campaigns
        }
        Attainment.objects.all()._raw_delete("default")
        ComputeRun.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE indicators_attainment")
        print(f"reusing {DataValue.objects.count():,} values", flush=True)
    else:
        campaigns, by_campaign_units = build(args, communes_n)
    measure(args, campaigns, by_campaign_units)


def build(args, communes_n: int):
    from django.db import connection
    from django.utils import timezone

    from campaigns.models import Campaign, Participation, Period
    from indicators.models import DataElement, Indicator, Target
    from org.models import Commune, Province, Unit, UnitKind

    rng = random.Random(2026)
    start = date(2026, 1, 5)
    t0 = time.perf_counter()
    province = Province.objects.create(code="BEN", name="Tỉnh thử tải")
    communes = Commune.objects.bulk_create(
        [Commune(province=province, code=f"B{i:04d}", name=f"Xã {i}") for i in range(communes_n)]
    )
    villages_n = min(10, args.units // 2)
    units = Unit.objects.bulk_create(
        [
            Unit(
                commune=c,
                code=(f"V{j - (args.units - villages_n) + 1:02d}" if j >= args.units - villages_n else f"U{j:02d}"),
                name=f"Đơn vị {j}",
                kind=UnitKind.VILLAGE if j >= args.units - villages_n else UnitKind.DEPARTMENT,
                order=j,
            )
            for c in communes
            for j in range(args.units)
        ]
    )
    campaigns = Campaign.objects.bulk_create(
        [
            Campaign(
                commune=c,
                code="BENCH",
                kind="annual",
                title="Thử tải",
                start=start,
                end=start + timedelta(weeks=args.weeks) - timedelta(days=1),
                status="active",
            )
            for c in communes
        ]
    )
    Participation.objects.bulk_create(
        [Participation(campaign=cp, unit=u) for cp in campaigns for u in units if u.commune_id == cp.commune_id]
    )
    deadline = timezone.now()
    periods = Period.objects.bulk_create(
        [
            Period(
                campaign=cp,
                cadence="weekly",
                index=k + 1,
                label=f"Tuần {k + 1}",
                start=start + timedelta(weeks=k),
                end=start + timedelta(weeks=k, days=6),
                deadline=deadline,
            )
            for cp in campaigns
            for k in range(args.weeks)
        ]
    )
    indicators = {i.code: i for i in Indicator.objects.filter(commune__isnull=True)}
    targets = []
    for cp in campaigns:
        for code, value, comp in (
            ("TL_HS_TRUC_TUYEN", 80, ">="),
            ("TL_SO_HOA", 90, ">="),
            ("TL_HAI_LONG", 95, ">="),
            ("TL_DUNG_HAN", 100, ">="),
            ("TL_BO_SUNG_NHIEU_LAN", 5, "<="),
            ("TL_DI_LAI_NHIEU_LAN", 3, "<"),
            ("TL_THON_TUYEN_TRUYEN", 100, ">="),
            ("SO_SANG_KIEN", 10, ">="),
        ):
            targets.append(Target(campaign=cp, indicator=indicators[code], value=value, comparator=comp))
    Target.objects.bulk_create(targets)
    elements = list(DataElement.objects.filter(commune__isnull=True).exclude(code__startswith="M02_"))
    by_campaign_units: dict[int, list] = {}
    for cp in campaigns:
        by_campaign_units[cp.pk] = [u for u in units if u.commune_id == cp.commune_id]
    now = timezone.now()
    values = 0
    cols = "campaign_id, period_id, unit_id, element_id, field_id, value, counted, source_kind, source_id, entered_by_id, entered_at"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY indicators_datavalue ({cols}) FROM STDIN") as copy:
            for p in periods:
                for u in by_campaign_units[p.campaign_id]:
                    if rng.random() < 0.15:
                        continue  # a missing report
                    counted = rng.random() > 0.05
                    base = rng.randint(20, 400)
                    for e in elements:
                        copy.write_row(
                            (
                                p.campaign_id,
                                p.pk,
                                u.pk,
                                e.pk,
                                None,
                                rng.randint(0, base),
                                counted,
                                "import",
                                None,
                                None,
                                now,
                            )
                        )
                        values += 1
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    build = time.perf_counter() - t0
    print(f"built {values:,} values in {build:.1f} s; peak RSS {rss_mb():.0f} MB", flush=True)
    return campaigns, by_campaign_units


def _recompute_one(campaign_id: int) -> int:
    from indicators.runs import campaign_recompute

    return campaign_recompute(campaign_id=campaign_id, reason="benchmark").rows


def measure(args, campaigns, by_campaign_units) -> None:
    from django.db import connection

    from campaigns.models import Period
    from indicators.models import Attainment, DataValue
    from indicators.ondemand import UnitSource
    from indicators.runs import campaign_recompute

    table: list[tuple[str, float, str]] = []  # (measure, seconds, rows)

    # (a) the raw SQL baseline
    sql_a = """
        CREATE TEMP TABLE bench_a AS
        WITH per AS (
            SELECT dv.campaign_id, t.indicator_id, t.role, dv.unit_id, p."end", dv.period_id, SUM(dv.value) AS s
            FROM indicators_datavalue dv
            JOIN indicators_indicatorterm t ON t.element_id = dv.element_id
            JOIN campaigns_period p ON p.id = dv.period_id
            WHERE dv.counted AND dv.field_id IS NULL
            GROUP BY 1, 2, 3, 4, 5, 6
        )
        SELECT campaign_id, indicator_id, role, unit_id, period_id, s,
               SUM(s) OVER (PARTITION BY campaign_id, indicator_id, role, unit_id ORDER BY "end") AS cumulative
        FROM per
    """
    with connection.cursor() as cursor:
        t = time.perf_counter()
        cursor.execute(sql_a)
        a = time.perf_counter() - t
        cursor.execute("SELECT count(*) FROM bench_a")
        a_rows = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_a")
        cursor.execute("EXPLAIN " + sql_a)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    gather = "Gather" in plan
    table.append((f"(a) raw SQL GROUP BY ({'parallel' if gather else 'one'} server process)", a, f"{a_rows:,}"))

    # (b) the engine, every campaign, one after another in this process
    t = time.perf_counter()
    rows = 0
    for cp in campaigns:
        rows += campaign_recompute(campaign_id=cp.pk, reason="benchmark").rows
    b = time.perf_counter() - t
    table.append(("(b) full recompute, every campaign", b, f"{rows:,}"))

    # (b') the same with N worker processes taking one campaign each (as N Celery workers do
    # with the nightly job, which queues one task per campaign), on an emptied result table
    if args.workers > 0:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from django.db import connections

        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE indicators_attainment")
        connections.close_all()  # the workers open their own
        t = time.perf_counter()
        with ProcessPoolExecutor(args.workers, mp_context=multiprocessing.get_context("fork")) as pool:
            rows_p = sum(pool.map(_recompute_one, [cp.pk for cp in campaigns]))
        bp = time.perf_counter() - t
        table.append((f"(b') full recompute, {args.workers} processes", bp, f"{rows_p:,}"))

    # (c) one unit's report of the last week (and of the middle week) changes
    cp = campaigns[0]
    for k in (args.weeks - 1, args.weeks // 2):
        p = Period.objects.get(campaign=cp, index=k + 1)
        unit = by_campaign_units[cp.pk][0]
        DataValue.objects.filter(period=p, unit=unit).update(value=7, counted=True)
        t = time.perf_counter()
        run = campaign_recompute(campaign_id=cp.pk, incremental_from=p.start, reason="benchmark")
        c = time.perf_counter() - t
        table.append((f"(c) incremental after one report of week {k + 1}", c, f"{run.rows:,}"))

    # on-demand unit rows (not stored since issue 19): what the ranking and the unit page compute
    last = Period.objects.filter(campaign=cp).order_by("-end").first()
    t = time.perf_counter()
    ranked = UnitSource(cp).rows(period_ids=[last.pk], window_kinds=["cumulative"])
    table.append(
        ("(d) on demand: ranking, every unit, one cumulative window", time.perf_counter() - t, f"{len(ranked):,}")
    )
    t = time.perf_counter()
    own = UnitSource(cp).rows(unit_ids=[by_campaign_units[cp.pk][0].pk])
    table.append(("(d) on demand: one unit, every window", time.perf_counter() - t, f"{len(own):,}"))

    total = Attainment.objects.count()
    load = os.getloadavg()
    print()
    print(
        f"{len(campaigns)} communes × {args.units} units × {args.weeks} weeks, PostgreSQL; {datetime.now():%Y-%m-%d %H:%M}; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)"
    )
    print()
    print("| measure | seconds | × (a) | rows |")
    print("|---|---:|---:|---:|")
    for label, seconds, count in table:
        print(f"| {label} | {seconds:.2f} | {seconds / a:.2f} | {count} |")
    print()
    print(f"attainment table: {total:,} rows; peak RSS {rss_mb():.0f} MB", flush=True)


if __name__ == "__main__":
    main()
