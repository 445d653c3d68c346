"""``python manage.py attainment CAMPAIGN_CODE [--period YYYY-MM-DD] [--cumulative] [--year-to-date] [--by commune|unit|field]``

Prints the attainment table as CSV (docs/design.md section 8), header
``ma_chi_tieu,pham_vi,tu_ngay,den_ngay,tu_so,mau_so,gia_tri,chi_tieu,muc_toi_thieu,trang_thai``;
``trang_thai`` is one of the five status words: ``dat``, ``dat_toi_thieu``, ``chua_dat``,
``khong_co_so_lieu`` (no figures) and ``chua_giao_chi_tieu`` (figures, no target in force).
The campaign is recomputed first (``--no-recompute`` prints the stored results as they are).
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Campaign, Period
from indicators.formatting import round_half_up
from indicators.models import IndicatorKind, ScopeKind, WindowKind
from indicators.ondemand import UnitSource
from indicators.runs import RecomputeBusy, campaign_recompute
from indicators.selectors import attainments

HEADER = [
    "ma_chi_tieu",
    "pham_vi",
    "tu_ngay",
    "den_ngay",
    "tu_so",
    "mau_so",
    "gia_tri",
    "chi_tieu",
    "muc_toi_thieu",
    "trang_thai",
]


def plain(value: Decimal | None) -> str:
    """A figure without exponent or trailing zeros: 102, 12.5."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def fixed(value: Decimal | None, decimals: int) -> str:
    """The value at ``decimals`` places, half up (indicators.formatting), "." as the decimal
    point (a machine format); empty for none."""
    exact = round_half_up(value, decimals)
    return "" if exact is None else str(exact)


def parse_day(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ: «{text}». Dùng dạng YYYY-MM-DD, ví dụ 2026-01-05.")


class Command(BaseCommand):
    help = "In bảng kết quả thực hiện chỉ tiêu của một kế hoạch (CSV)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("campaign_code", help="Mã kế hoạch, ví dụ PL-45N-2025")
        parser.add_argument("--period", help="Ngày bắt đầu của kỳ báo cáo (YYYY-MM-DD): chỉ in kỳ này")
        parser.add_argument(
            "--cumulative",
            action="store_true",
            help="Lũy kế từ ngày bắt đầu kế hoạch đến hết kỳ (mọi kỳ nếu không có --period)",
        )
        parser.add_argument(
            "--year-to-date",
            action="store_true",
            help="Lũy kế từ đầu năm đến hết kỳ: chỉ các chỉ tiêu “mỗi năm” (quy tắc 6)",
        )
        parser.add_argument(
            "--by", choices=["commune", "unit", "field"], default="commune", help="Phạm vi: xã, đơn vị, lĩnh vực"
        )
        parser.add_argument("--xa", dest="commune_code", help="Mã xã, khi nhiều xã có cùng mã kế hoạch")
        parser.add_argument("--no-recompute", action="store_true", help="Không tính lại, in kết quả đã lưu")

    def handle(self, *args, campaign_code: str, period=None, cumulative=False, by="commune", **options) -> None:
        campaigns = Campaign.objects.filter(code=campaign_code).select_related("commune")
        if options.get("commune_code"):
            campaigns = campaigns.filter(commune__code=options["commune_code"])
        found = list(campaigns)
        if not found:
            raise CommandError(f"Không tìm thấy kế hoạch có mã «{campaign_code}».")
        if len(found) > 1:
            codes = ", ".join(c.commune.code for c in found)
            raise CommandError(f"Nhiều xã có kế hoạch mã «{campaign_code}» ({codes}): chọn một xã bằng --xa MA_XA.")
        campaign = found[0]
        periods: list[Period] | None = None
        if period:
            day = parse_day(period)
            periods = list(Period.objects.filter(campaign=campaign, start=day).exclude(cadence="survey"))
            if not periods:
                raise CommandError(f"Kế hoạch «{campaign_code}» không có kỳ báo cáo nào bắt đầu ngày {day:%d/%m/%Y}.")
        if not options.get("no_recompute"):
            try:
                campaign_recompute(campaign_id=campaign.pk, reason="Lệnh attainment")
            except RecomputeBusy:
                self.stderr.write("Đang có lượt tính khác chạy: in kết quả đã lưu.")
        rows = []
        source = UnitSource(campaign)  # unit rows are computed on demand: the frame read once
        for p in periods or [None]:
            rows.extend(
                attainments(
                    campaign=campaign,
                    cumulative=cumulative,
                    period=p,
                    scope_kind=by,
                    window_kind=WindowKind.YEAR if options.get("year_to_date") else None,
                    source=source,
                )
            )
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(HEADER)
        for a in rows:
            ind = a.indicator
            decimals = ind.decimals if ind.kind == IndicatorKind.COUNT else 2
            if by == ScopeKind.UNIT:
                scope = a.unit.code
            elif by == ScopeKind.FIELD:
                scope = a.field.code
            else:
                scope = campaign.commune.code
            writer.writerow(
                [
                    ind.code,
                    scope,
                    a.start.isoformat(),
                    a.end.isoformat(),
                    plain(a.numerator),
                    plain(a.denominator) if ind.kind != IndicatorKind.COUNT else "",
                    fixed(a.value, decimals),
                    fixed(a.target, decimals),
                    fixed(a.floor, decimals),
                    # figures but no target in force: chua_giao_chi_tieu, not khong_co_so_lieu
                    a.display_status,
                ]
            )
