"""The embedded default runs the schedule: a real Celery worker with beat on kombu's
filesystem transport (no broker server) and a SQLite file, as scripts/demo.sh starts them.
Beat's sweep picks up a queued e-mail delivery, the worker sends it (file backend) and the row
says "sent"."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETUP = """
from datetime import timedelta
from django.utils import timezone
from notify.models import Delivery
from tests.factories import build_world
w = build_world()
w.staff.email = "vp@xa.test"; w.staff.save()
old = timezone.now() - timedelta(hours=1)
d = Delivery.objects.create(unit=w.a1_dept, topic="period:1", kind="due-1d1600", user=w.staff, channel="email",
    address="vp@xa.test", subject="[Xã Thi Đua] Nhắc nộp báo cáo Tuần 9", text="t", body="Nhắc: nộp báo cáo Tuần 9.",
    created_at=old, updated_at=old)
print(d.pk)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the worker is started as scripts/demo.sh does, on Linux")
def test_beat_and_a_worker_on_the_filesystem_broker_send_a_queued_delivery(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DATABASE_URL", "DJANGO_SETTINGS"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://",
        "XTD_CELERY_FS_DIR": str(tmp_path / "celery"),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "XTD_DELIVERY_SWEEP_SECONDS": "1",
        "XTD_JOB_LOST_SECONDS": "60",
    }
    py = sys.executable

    def manage(*args, code=None):
        cmd = [py, "manage.py", *args] + (["-c", code] if code else [])
        return subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=180).stdout

    manage("migrate", "-v0")
    manage("shell", code=SETUP)
    worker = subprocess.Popen(
        [py, "-m", "celery", "-A", "config.celery_app", "worker", "--beat", "--pool=threads", "--concurrency=2",
         "--scheduler", "celery.beat:PersistentScheduler", "--schedule", str(tmp_path / "beat-schedule"),
         "--loglevel", "info", "--logfile", str(tmp_path / "worker.log")],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        state = ""
        while time.monotonic() < deadline:
            time.sleep(1)
            with sqlite3.connect(tmp_path / "db.sqlite3", timeout=5) as db:
                state = db.execute("SELECT state FROM notify_delivery").fetchone()[0]
            if state == "sent":
                break
        assert state == "sent", (tmp_path / "worker.log").read_text()[-2000:]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    [sent] = list((tmp_path / "mail").iterdir())
    assert "vp@xa.test" in sent.read_text()
    assert "Sending due task notify-deliveries-sweep" in (tmp_path / "worker.log").read_text()
    assert (tmp_path / "celery" / "control" / "celery.exchange").exists()  # nothing left in the checkout
