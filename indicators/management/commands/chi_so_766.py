"""``python manage.py chi_so_766 COMMUNE_CODE [--month YYYY-MM]`` (docs/design.md section 8)

Prints the commune's QĐ 766/QĐ-TTg estimate for the year to date of the month as CSV
``nhom,chi_so,ty_le,nguong,diem,diem_toi_da``: one row per sub-indicator (``ty_le`` and
``diem`` empty where there are no figures), then ``tong,,,,SCORE,100``, then the band on its
own line (a window without any figure: an empty total and "Không có số liệu"). Without ``--month``: the latest month with figures. Numbers with "." as the decimal
point (a machine format), 2 decimals, rounded once (indicators.formatting).
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from indicators.qd766 import commune_estimate, latest_month, rounded
from org.models import Commune

HEADER = ["nhom", "chi_so", "ty_le", "nguong", "diem", "diem_toi_da"]
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _fixed(value) -> str:
    exact = rounded(value) if value is not None else None
    return "" if exact is None else str(exact)


def _plain(value: Decimal) -> str:
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else format(value.normalize(), "f")


class Command(BaseCommand):
    help = "Điểm Chỉ số QĐ 766/QĐ-TTg ước tính của xã (lũy kế từ đầu năm đến hết tháng), CSV."

    def add_arguments(self, parser):
        parser.add_argument("commune_code")
        parser.add_argument("--month", help="YYYY-MM; mặc định: tháng mới nhất có số liệu")

    def handle(self, *args, **options):
        code = options["commune_code"].strip()
        commune = Commune.objects.filter(code__iexact=code).first()
        if commune is None:
            raise CommandError(f"Không có xã mã «{code}».")
        if options["month"]:
            match = MONTH.match(options["month"].strip())
            if not match or not 1 <= int(match[2]) <= 12:
                raise CommandError(f"Tháng không hợp lệ: «{options['month']}». Dùng dạng YYYY-MM, ví dụ 2026-03.")
            year, month = int(match[1]), int(match[2])
        else:
            found = latest_month(commune=commune)
            if found is None:
                raise CommandError(f"Xã {commune.name} chưa có số liệu nào để ước tính điểm QĐ 766.")
            year, month = found
        result = commune_estimate(commune=commune, year=year, month=month).ytd
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(HEADER)
        for item in result.items:
            writer.writerow(
                [
                    item.line.group_code,
                    item.line.code,
                    _fixed(item.rate),
                    _plain(item.line.threshold),
                    _fixed(item.points),
                    _plain(item.line.max_points),
                ]
            )
        # a window without figures has no score (not 0): the total is empty, the band says why
        writer.writerow(["tong", "", "", "", "" if result.score is None else str(result.score), "100"])
        self.stdout.write(result.band or "Không có số liệu")
