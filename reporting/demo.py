"""Demo step of ``seed_demo`` (issue 4 item 8): six weeks of plausible Phú Lạc figures.

Every unit that reports in the ``PL-45N-2025`` push gets weeks 1–6 through the same services
the pages use: most on time and approved, some late, one returned with a reason, one missing.
Fixed random seed; a second run finds the reports and changes nothing. ``bare=True``: nothing.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

CAMPAIGN_CODE = "PL-45N-2025"
WEEKS = 6
# numerator: (denominator, lowest share, highest share) — keeps every ratio of rule 10 true
SHARES: dict[str, tuple[str, float, float]] = {
    "HS_TRUC_TUYEN": ("HS_TIEP_NHAN", 0.84, 0.97),
    "HS_TRUC_TUYEN_MUC_3_4": ("HS_TRUC_TUYEN", 0.80, 0.98),
    "HS_SO_HOA": ("HS_TIEP_NHAN", 0.88, 1.0),
    "HS_TAI_SU_DUNG": ("HS_TIEP_NHAN", 0.35, 0.70),
    "HS_GIAI_QUYET": ("HS_TIEP_NHAN", 0.85, 1.0),
    "HS_DUNG_HAN": ("HS_GIAI_QUYET", 0.94, 1.0),
    "HS_BO_SUNG_NHIEU_LAN": ("HS_TIEP_NHAN", 0.0, 0.04),
    "HS_DI_LAI_NHIEU_LAN": ("HS_TIEP_NHAN", 0.0, 0.03),
    "HS_CO_PHI": ("HS_TIEP_NHAN", 0.2, 0.4),
    "HS_THANH_TOAN_TRUC_TUYEN": ("HS_CO_PHI", 0.65, 0.92),
    "KQ_DIEN_TU": ("HS_GIAI_QUYET", 0.88, 1.0),
    "DG_TONG": ("HS_GIAI_QUYET", 0.4, 0.8),
    "DG_HAI_LONG": ("DG_TONG", 0.86, 0.99),
    "PAKN_DUNG_HAN": ("PAKN_TONG", 0.8, 1.0),
    "PAKN_HAI_LONG": ("PAKN_DUNG_HAN", 0.6, 1.0),
    "TTHC_TOAN_TRINH": ("TTHC_DU_DIEU_KIEN", 0.7, 0.9),
    "NGUOI_DUOC_HUONG_DAN": ("NGUOI_DEN_GIAO_DICH", 0.6, 0.95),
    "NGUOI_DUOC_HO_TRO": ("NGUOI_DEN_GIAO_DICH", 0.2, 0.5),
    "NGUOI_TU_THAO_TAC": ("NGUOI_DUOC_HO_TRO", 0.5, 0.9),
    "NGUOI_DUNG_DVC": ("NGUOI_TRUONG_THANH", 0.3, 0.6),
    "CBCC_CHU_KY_SO": ("CBCC_TONG", 0.8, 1.0),
    "CBCC_KY_NANG_SO": ("CBCC_TONG", 0.7, 1.0),
    "CBCC_KY_NANG_SO_NANG_CAO": ("CBCC_KY_NANG_SO", 0.2, 0.5),
}
BASE = {
    "HS_TIEP_NHAN": (25, 70),
    "PAKN_TONG": (0, 4),
    "TTHC_DU_DIEU_KIEN": (118, 118),
    "NGUOI_DEN_GIAO_DICH": (120, 320),
    "NGUOI_TRUONG_THANH": (9350, 9350),
    "BUOI_TUYEN_TRUYEN": (0, 3),
    "CBCC_TONG": (8, 14),
}


def _week_figures(codes: list[str], rng: random.Random, *, week: int, centre: bool) -> dict[str, int]:
    out: dict[str, int] = {}
    for code in codes:
        if code in BASE:
            lo, hi = BASE[code]
            if code == "HS_TIEP_NHAN" and centre:
                lo, hi = 140, 260
            out[code] = rng.randint(lo, hi)
    pending = [c for c in codes if c not in out]
    for _ in range(3):  # numerators whose denominator is itself a numerator come later
        for code in list(pending):
            den, lo, hi = SHARES.get(code, ("", 0.0, 0.0))
            if den and den not in codes:
                out[code] = rng.randint(0, 10)
            elif den in out:
                share = lo + (hi - lo) * min(1.0, rng.random() * 0.7 + week * 0.05)
                out[code] = min(out[den], int(out[den] * share))
            elif not den:
                out[code] = rng.randint(0, 5)
            else:
                continue
            pending.remove(code)
    return out


def _clamp(values: dict[str, int], pairs: list[tuple[str, str]]) -> dict[str, int]:
    """Any other numerator ≤ its denominator (a commune's own ratio indicators)."""
    for _ in range(3):
        for num, den in pairs:
            if num in values and den in values and values[num] > values[den]:
                values[num] = values[den]
    return values


def seed(*, bare: bool, log=print) -> None:
    if bare:
        return
    from campaigns.models import Campaign, Period

    from .models import ReportStatus, UnitReport
    from .selectors import form_elements, units_reporting
    from .services import (
        facts_deferred,
        unit_report_approve,
        unit_report_open,
        unit_report_return,
        unit_report_submit,
    )

    campaign = Campaign.objects.filter(code=CAMPAIGN_CODE).select_related("commune").first()
    if campaign is None:
        log(f"Không có kế hoạch {CAMPAIGN_CODE}: bỏ qua số liệu báo cáo demo.")
        return
    if UnitReport.objects.filter(campaign=campaign).exists():
        log(f"Báo cáo demo của {CAMPAIGN_CODE} đã có: giữ nguyên.")
        return
    User = get_user_model()
    centre = User.objects.get(username="trungtam")
    staff = {
        m.unit_id: m.user
        for u in User.objects.filter(memberships__unit__commune=campaign.commune).prefetch_related("memberships")
        for m in u.memberships.all()
        if m.unit_id
    }
    periods = list(Period.objects.filter(campaign=campaign, cadence="weekly").order_by("start")[:WEEKS])
    units = units_reporting(campaign=campaign, cadence="weekly")
    from indicators.models import DataElement

    from .validation import ratio_pairs

    code_of = dict(DataElement.objects.values_list("pk", "code"))
    pairs = [(code_of[n], code_of[d]) for n, d in ratio_pairs(commune_id=campaign.commune_id)]
    rng = random.Random(20251030)
    returned_done = False
    count = {"submitted": 0, "late": 0}
    with transaction.atomic(), facts_deferred():
        for week, period in enumerate(periods, start=1):
            for unit in units:
                codes = [e.code for e in form_elements(campaign=campaign, unit=unit, cadence="weekly")]
                elements = {e.code: e.pk for e in form_elements(campaign=campaign, unit=unit, cadence="weekly")}
                # the one missing report: the last village, last week
                if week == len(periods) and unit == units[-1]:
                    continue
                values = _clamp(_week_figures(codes, rng, week=week, centre=unit.code == "TTPVHCC"), pairs)
                late = rng.random() < 0.12
                at = period.deadline + (
                    timedelta(hours=rng.randint(2, 30)) if late else -timedelta(hours=rng.randint(2, 40))
                )
                user = staff.get(unit.pk, centre)
                report = unit_report_open(campaign=campaign, unit=unit, period=period)
                unit_report_submit(
                    report=report,
                    user=user,
                    expected_version=report.version,
                    values={(elements[c], None): Decimal(v) for c, v in values.items()},
                    narrative={
                        "highlights": f"Tuần {week}: tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến."
                        if rng.random() < 0.6
                        else "",
                        "difficulties": "Một số người cao tuổi chưa dùng được điện thoại thông minh."
                        if rng.random() < 0.3
                        else "",
                    },
                    now=at,
                )
                count["submitted"] += 1
                count["late"] += int(report.late)
                if not returned_done and week == len(periods) - 1 and unit.code == "VHXH":
                    unit_report_return(
                        report=report,
                        user=centre,
                        reason="Số hồ sơ trực tuyến chưa khớp với hệ thống một cửa điện tử, đề nghị rà soát lại.",
                        expected_version=report.version,
                        now=at + timedelta(hours=3),
                    )
                    returned_done = True
                elif week <= len(periods) - 2 and report.status == ReportStatus.SUBMITTED:
                    unit_report_approve(
                        report=report, user=centre, expected_version=report.version, now=at + timedelta(days=1)
                    )
    log(
        f"Báo cáo tuần {CAMPAIGN_CODE}: {count['submitted']} báo cáo của {len(units)} đơn vị trong {len(periods)} tuần "
        f"({count['late']} nộp muộn, 1 bị trả lại, 1 chưa nộp)."
    )
