"""Login throttling counters (org.LoginFailure) do not pile up: beat purges those whose window
started more than LOGIN_FAILURE_RETENTION_DAYS (30) ago; a counter still counting is kept."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from org.models import LoginFailure
from org.tasks import login_failures_purge
from tests.factories import UserFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
pytestmark = pytest.mark.django_db


def _fail(username: str, ip: str) -> None:
    Client(REMOTE_ADDR=ip).post(reverse("login"), {"username": username, "password": "sai-mat-khau"})


def test_old_counters_are_purged_and_recent_ones_kept():
    UserFactory(username="nguoi.a")
    UserFactory(username="nguoi.b")
    with time_machine.travel(T0, tick=False):
        _fail("nguoi.a", "10.0.0.1")
    old = set(LoginFailure.objects.values_list("key", flat=True))
    assert len(old) == 3  # the account from the address, the account, the address
    with time_machine.travel(T0 + timedelta(days=20), tick=False):
        _fail("nguoi.b", "10.0.0.2")
    with time_machine.travel(T0 + timedelta(days=29, hours=23), tick=False):
        assert login_failures_purge.delay().get() == 0  # 29 days 23 h: still within retention
    with time_machine.travel(T0 + timedelta(days=30, minutes=1), tick=False):
        assert login_failures_purge.delay().get() == 3
    left = set(LoginFailure.objects.values_list("key", flat=True))
    assert left and not (left & old)
    assert all("nguoi.b" in k or "10.0.0.2" in k for k in left)


def test_retention_is_never_shorter_than_the_window(settings):
    settings.LOGIN_FAILURE_RETENTION_DAYS = 0
    UserFactory(username="nguoi.c")
    with time_machine.travel(T0, tick=False):
        _fail("nguoi.c", "10.0.0.3")
    with time_machine.travel(T0 + timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS - 60), tick=False):
        assert login_failures_purge.delay().get() == 0  # still counting: a purge would unlock it
    with time_machine.travel(T0 + timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS + 60), tick=False):
        assert login_failures_purge.delay().get() == 3


def test_the_purge_runs_daily_in_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["org-login-failures-purge"]
    assert entry["task"] == "org.tasks.login_failures_purge"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({3}, {10})
