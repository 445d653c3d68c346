"""A submission → recompute → result round trip through Redis and a real Celery worker.

Skipped in the embedded default (no broker); scripts/test.sh runs it against real services."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from indicators.facts import datavalues_set_counted, facts_changed
from indicators.models import Attainment, ComputeRun

from .factories import make_campaign, put, target, unit, weeks

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def not_eager(settings):
    from config.celery_app import app

    settings.XTD_RECOMPUTE_COUNTDOWN = 1
    old = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield app
    app.conf.task_always_eager = old


def _wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = predicate()
        if got:
            return got
        time.sleep(0.2)
    return None


def test_a_submission_is_recomputed_by_a_real_worker(transactional_db, celery_worker_proc, not_eager):
    c = make_campaign()
    (w,) = weeks(c, date(2026, 1, 5), 1)
    a, b = unit(c, "A"), unit(c, "B")
    target(c, "TL_HS_TRUC_TUYEN", 90)
    put(c, w, a, "HS_TIEP_NHAN", 100)
    put(c, w, a, "HS_TRUC_TUYEN", 95)
    put(c, w, b, "HS_TIEP_NHAN", 100, counted=False)  # B's report is still a draft
    put(c, w, b, "HS_TRUC_TUYEN", 80, counted=False)

    with transaction.atomic():  # A's report is submitted
        facts_changed(campaign_id=c.pk)
    done = _wait_for(lambda: ComputeRun.objects.filter(campaign=c, state="done").first())
    assert done, celery_worker_proc.log()
    row = Attainment.objects.get(
        campaign=c, indicator__code="TL_HS_TRUC_TUYEN", window_kind="period", scope_kind="commune"
    )
    assert (row.value, row.status) == (Decimal(95), "dat")

    with transaction.atomic():  # then B submits: 175 / 200 = 87.5%
        datavalues_set_counted(unit_id=b.pk, period_id=w.pk, counted=True)
        for _ in range(30):  # a burst of changes collapses into one queued run
            facts_changed(campaign_id=c.pk)
    assert ComputeRun.objects.filter(campaign=c, state="queued").count() == 1

    def recomputed():
        r = Attainment.objects.get(
            campaign=c, indicator__code="TL_HS_TRUC_TUYEN", window_kind="period", scope_kind="commune"
        )
        return r if r.value == Decimal("87.5") else None

    row = _wait_for(recomputed)
    assert row, celery_worker_proc.log()
    assert row.status == "chua_dat"
    assert ComputeRun.objects.filter(campaign=c).count() == 2
    assert "indicators.tasks.campaign_recompute_task" in celery_worker_proc.log()
