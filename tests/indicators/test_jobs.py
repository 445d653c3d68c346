"""Runs, claims, collapsing, the Celery tasks, the CLI table and the read API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction

from indicators import runs
from indicators.facts import facts_changed
from indicators.models import Attainment, ComputeRun
from indicators.runs import RecomputeBusy, campaign_recompute
from indicators.selectors import (
    attainment_series,
    attainments,
    last_run,
    latest_closed_period,
    run_in_progress,
    unit_ranking,
)
from indicators.tasks import campaign_recompute_task, recompute_after_deadlines, recompute_all_nightly

from .factories import ComputeRunFactory, att, make_campaign, put, target, unit, weeks

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def small():
    c = make_campaign(code="KH-01")
    w1, w2 = weeks(c, date(2026, 1, 5), 2)
    a, b = unit(c, "A"), unit(c, "B")
    put(c, w1, a, "HS_TIEP_NHAN", 2)
    put(c, w1, a, "HS_TRUC_TUYEN", 2)
    put(c, w1, b, "HS_TIEP_NHAN", 200)
    put(c, w1, b, "HS_TRUC_TUYEN", 100)
    put(c, w2, a, "HS_TIEP_NHAN", 10)
    put(c, w2, a, "HS_TRUC_TUYEN", 9)
    put(c, w1, a, "SANG_KIEN", 3)
    target(c, "TL_HS_TRUC_TUYEN", 90, floor=50)
    target(c, "SO_SANG_KIEN", 2)
    return c, (w1, w2), (a, b)


def run_cli(*args) -> list[str]:
    out = StringIO()
    call_command("attainment", *args, stdout=out)
    return out.getvalue().splitlines()


def test_cli_prints_the_table_of_one_period(small):
    c, (w1, _), _ = small
    lines = run_cli("KH-01", "--period", "2026-01-05")
    assert lines[0] == "ma_chi_tieu,pham_vi,tu_ngay,den_ngay,tu_so,mau_so,gia_tri,chi_tieu,muc_toi_thieu,trang_thai"
    code = c.commune.code
    assert f"TL_HS_TRUC_TUYEN,{code},2026-01-05,2026-01-11,102,202,50.50,90.00,50.00,dat_toi_thieu" in lines
    assert f"SO_SANG_KIEN,{code},2026-01-05,2026-01-11,3,,3,2,,dat" in lines
    assert len(lines) == 3  # only indicators with a target or figures


def test_cli_cumulative_every_period_and_by_unit(small):
    c, _, _ = small
    lines = run_cli("KH-01", "--cumulative")
    code = c.commune.code
    assert f"TL_HS_TRUC_TUYEN,{code},2026-01-01,2026-01-18,111,212,52.36,90.00,50.00,dat_toi_thieu" in lines
    by_unit = run_cli("KH-01", "--by", "unit", "--period", "2026-01-12")
    assert "TL_HS_TRUC_TUYEN,A,2026-01-12,2026-01-18,9,10,90.00,90.00,50.00,dat" in by_unit
    # B reported in week 1 only: its row for week 2 says so
    assert "TL_HS_TRUC_TUYEN,B,2026-01-12,2026-01-18,,,,90.00,50.00,khong_co_so_lieu" in by_unit
    no_data = run_cli("KH-01", "--period", "2026-01-12")
    assert f"SO_SANG_KIEN,{code},2026-01-12,2026-01-18,,,,2,,khong_co_so_lieu" in no_data


def test_cli_refuses_an_unknown_campaign_or_period_in_vietnamese(small):
    with pytest.raises(CommandError, match="Không tìm thấy kế hoạch"):
        run_cli("KHONG-CO")
    with pytest.raises(CommandError, match="không có kỳ báo cáo nào bắt đầu ngày 06/01/2026"):
        run_cli("KH-01", "--period", "2026-01-06")


def test_a_run_is_recorded_and_the_read_api_answers(small, django_assert_max_num_queries):
    c, (w1, w2), (a, b) = small
    with django_assert_max_num_queries(25):
        run = campaign_recompute(campaign_id=c.pk)
    assert (run.state, run.rows > 0, run.error) == ("done", True, "")
    assert last_run(c) == run and not run_in_progress(c)
    rows = list(attainments(campaign=c, cumulative=False, period=w1))
    assert [r.indicator.code for r in rows] == ["TL_HS_TRUC_TUYEN", "SO_SANG_KIEN"]  # catalogue order
    series = attainment_series(campaign=c, indicator=rows[0].indicator)
    assert [s.value for s in series] == [D("50.4950"), D(90)]
    with time_machine.travel(date(2026, 1, 20)):
        assert latest_closed_period(c) == w2
    with time_machine.travel(date(2026, 1, 15)):
        assert latest_closed_period(c) == w1
    ranking = unit_ranking(campaign=c, period=w2)
    # A: online rate 11/12 = 91.7% (dat); its 3 initiatives are not judged: the commune's count
    # target (≥ 2 sáng kiến) binds no unit (rule 6). B: 50% → đạt mức tối thiểu, also met
    assert [(r.unit.code, r.rank, r.met, r.total) for r in ranking] == [("A", 1, 1, 1), ("B", 1, 1, 1)]


def test_recompute_query_count_does_not_grow_with_the_data(django_assert_max_num_queries):
    c = make_campaign()
    periods = weeks(c, date(2026, 1, 5), 12)
    units = [unit(c, f"U{i}") for i in range(6)]
    for p in periods:
        for u in units:
            put(c, p, u, "HS_TIEP_NHAN", 10)
            put(c, p, u, "HS_TRUC_TUYEN", 7)
    target(c, "TL_HS_TRUC_TUYEN", 70)
    with django_assert_max_num_queries(25):
        run = campaign_recompute(campaign_id=c.pk)
    # 12 weeks × 2 windows × the commune (unit rows are computed on demand, issue 19)
    assert run.rows == 12 * 2


def test_a_failing_run_keeps_the_previous_results(small):
    c, (w1, _), _ = small
    campaign_recompute(campaign_id=c.pk)
    before = att(c, "TL_HS_TRUC_TUYEN", w1)
    with mock.patch.object(runs, "_insert", side_effect=RuntimeError("ổ đĩa đầy")), pytest.raises(RuntimeError):
        campaign_recompute(campaign_id=c.pk)
    failed = ComputeRun.objects.filter(campaign=c).order_by("-id").first()
    assert failed.state == "failed" and "ổ đĩa đầy" in failed.error
    assert att(c, "TL_HS_TRUC_TUYEN", w1).pk == before.pk  # the old rows are still there
    assert campaign_recompute(campaign_id=c.pk).state == "done"  # and the next run completes


def test_a_second_run_while_one_is_running_is_refused_and_a_stale_one_is_taken_over(small):
    c, _, _ = small
    with time_machine.travel("2026-01-20 08:00 +0700"):
        ComputeRunFactory(campaign=c, state="running", requested_at="2026-01-20T01:00Z", started_at="2026-01-20T01:00Z")
        with pytest.raises(RecomputeBusy):
            campaign_recompute(campaign_id=c.pk)
    with time_machine.travel("2026-01-20 09:00 +0700"):  # 60 minutes later the first is presumed dead
        assert campaign_recompute(campaign_id=c.pk).state == "done"
    assert ComputeRun.objects.filter(campaign=c, state="failed").count() == 1


def test_a_queued_run_delivered_twice_runs_once(small):
    c, _, _ = small
    run = ComputeRunFactory(campaign=c, state="queued", requested_at="2026-01-20T01:00Z")
    first = campaign_recompute_task.apply(args=[c.pk], kwargs={"run_id": run.pk}).get()
    rows = Attainment.objects.filter(campaign=c).count()
    with mock.patch.object(runs, "iter_rows") as build:
        second = campaign_recompute_task.apply(args=[c.pk], kwargs={"run_id": run.pk}).get()
    assert first == second == run.pk
    build.assert_not_called()
    assert Attainment.objects.filter(campaign=c).count() == rows


def test_thirty_submissions_in_a_minute_queue_one_recompute(small, django_capture_on_commit_callbacks):
    c, _, _ = small
    with mock.patch("indicators.tasks.campaign_recompute_task.apply_async") as send:
        for _ in range(30):
            with django_capture_on_commit_callbacks(execute=True):
                with transaction.atomic():
                    facts_changed(campaign_id=c.pk)
    assert send.call_count == 1
    assert send.call_args.kwargs["countdown"] == 10
    assert ComputeRun.objects.filter(campaign=c, state="queued").count() == 1
    assert run_in_progress(c)


def test_nothing_is_queued_before_the_transaction_commits(small, django_capture_on_commit_callbacks):
    c, _, _ = small
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        facts_changed(campaign_id=c.pk)
    assert len(callbacks) == 1 and not ComputeRun.objects.exists()


@pytest.fixture
def eager():
    """Celery as in the embedded default (tasks run in place), even with a broker configured."""
    from config.celery_app import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


def test_a_submission_is_recomputed_on_commit_in_the_embedded_default(small, eager, django_capture_on_commit_callbacks):
    c, (w1, w2), (a, b) = small
    put(c, w2, b, "HS_TIEP_NHAN", 10)
    put(c, w2, b, "HS_TRUC_TUYEN", 1)
    with django_capture_on_commit_callbacks(execute=True):  # Celery runs eagerly here
        facts_changed(campaign_id=c.pk)
    assert att(c, "TL_HS_TRUC_TUYEN", w2).value == D(50)  # (9 + 1) / (10 + 10)
    assert last_run(c).state == "done"


def test_nightly_and_after_deadline_jobs_queue_the_campaigns_due(small):
    c, (w1, w2), _ = small
    make_campaign(code="CU", start=date(2024, 1, 1), end=date(2024, 12, 31))
    with mock.patch("indicators.tasks.campaign_recompute_task.apply_async"):
        with time_machine.travel("2026-01-13 12:00 +0700"):  # week 1 closed 12/01 10:00
            assert recompute_all_nightly() == 1  # the 2024 campaign is long over
            ComputeRun.objects.all().delete()
            assert recompute_after_deadlines() == 1
            assert ComputeRun.objects.get(campaign=c).incremental_from == w1.start
            ComputeRun.objects.filter(campaign=c).update(state="done", started_at="2026-01-13T05:00Z")
            assert recompute_after_deadlines() == 0  # already computed after that deadline
