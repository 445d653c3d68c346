"""``python manage.py seed_demo [--bare] [--today YYYY-MM-DD]``: the demo communes from the five
plans (docs/design.md section 8), as of a day.

The plans' campaigns keep their real dates and codes. ``--today`` (default: today in
Asia/Ho_Chi_Minh) is the day the demo stands on: a campaign running then has its figures up to
that day (the current period open and due), one that ended before it a full past season. Each
step is a module with ``seed(bare=..., today=..., log=...)``, run in dependency order; running the
command twice with the same day leaves the same data.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from campaigns.periods import VN
from demo import plans as demo_plans
from demo import seed_campaigns, seed_emulation, seed_households, seed_indicators, seed_org, seed_reports, seed_tasks

# Steps in dependency order (accounts and communes come first, the engine's recompute last).
STEPS = [seed_campaigns, seed_tasks, seed_reports, seed_households, seed_indicators, seed_emulation]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: “{text}” (cần dạng YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = "Tạo dữ liệu demo: các xã của năm kế hoạch, đơn vị, thôn, tài khoản, kế hoạch, số liệu."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--bare", action="store_true", help="Chỉ tạo xã, đơn vị, tài khoản, kế hoạch; không có số liệu."
        )
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            help="Ngày của dữ liệu demo, dạng YYYY-MM-DD (mặc định: hôm nay theo giờ Việt Nam).",
        )

    def handle(self, *args, bare: bool = False, today: date | None = None, **options) -> None:
        today = today or timezone.now().astimezone(VN).date()

        def log(message: str) -> None:
            self.stdout.write(message)

        log(f"Dữ liệu demo tính đến ngày {today:%d/%m/%Y}.")
        seed_org.seed(provinces=demo_plans.PROVINCES, communes=demo_plans.COMMUNES, units=demo_plans.UNITS, log=log)
        for step in STEPS:
            step.seed(bare=bare, today=today, log=log)
        self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu demo."))
