"""``python manage.py seed_demo [--bare]``: the demo communes from the five plans (docs/design.md section 8).

Each app contributes one step (a module with ``seed(bare=..., log=...)``), run in dependency
order; running the command twice leaves the same data.
"""

from __future__ import annotations

import importlib

from django.core.management.base import BaseCommand

# Steps in dependency order. A step module may be missing while its issue is not built yet.
STEPS = ["demo.seed_campaigns", "demo.seed_reports", "demo.seed_households", "demo.seed_indicators"]


class Command(BaseCommand):
    help = "Tạo dữ liệu demo: các xã của năm kế hoạch, đơn vị, thôn, tài khoản, kế hoạch, số liệu."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--bare", action="store_true", help="Chỉ tạo xã, đơn vị, tài khoản, kế hoạch; không có số liệu."
        )

    def handle(self, *args, bare: bool = False, **options) -> None:
        from demo import plans as demo_plans
        from demo import seed_org as org_demo

        def log(message: str) -> None:
            self.stdout.write(message)

        org_demo.seed(provinces=demo_plans.PROVINCES, communes=demo_plans.COMMUNES, units=demo_plans.UNITS, log=log)
        for name in STEPS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name == name:
                    continue
                raise
            module.seed(bare=bare, log=log)
        self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu demo."))
