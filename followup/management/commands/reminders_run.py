"""``python manage.py reminders_run [--queue]``: one reminder run now (what beat does every
XTD_REMINDER_EVERY_SECONDS); ``--queue`` hands it to the worker instead."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from followup.services import reminders_run
from followup.tasks import reminders_send


class Command(BaseCommand):
    help = "Gửi nhắc việc ngay (báo cáo, nhiệm vụ, Mẫu 02)."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="gửi cho worker chạy thay vì chạy tại đây")

    def handle(self, *args, queue: bool = False, **options):
        if queue:
            reminders_send.delay()
            self.stdout.write("Đã đưa lần nhắc việc vào hàng đợi.")
            return
        runs = reminders_run()
        made = sum(run.deliveries.count() for run in runs)
        self.stdout.write(f"Nhắc việc: {len(runs)} xã, {made} lượt gửi mới.")
