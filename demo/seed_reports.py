"""Demo step of ``seed_demo``: a season of plausible figures for every demo campaign.

* ``PL-45N-2025`` (Phú Lạc, issue 4 item 8): every unit that reports gets all seven weeks through
  the same services the pages use; weeks 1–4 approved, week 5 with one report returned with a
  reason (VHXH), weeks 5–7 otherwise submitted and waiting for review, some late, one missing
  (the last village in week 6). Weeks 1–6 are the figures of the first version of this step.
* The three other Thái Nguyên pushes (``LB-45N-2025`` ahead, ``PX-45N-2025`` in the middle,
  ``QC-45N-2025`` behind, so the province ranking means something): every week for every unit,
  a few late, all approved.
* The 2026 plans (``CL-TD-2026``, ``DT-TD-2026-2030``, ``NLB-DVC-2026-2030``, ``VP-KSTTHC-2026``):
  every period of every cadence that has ended by ``timezone.now()``, for the units their forms
  name; flows vary per period, stocks (TTHC, CBCC, adults) only grow; Nguyễn Lương Bằng's centre
  and Phòng Kinh tế break dossiers and ratings down by field (đất đai, xây dựng, đầu tư …) so
  the plan's field targets have figures. The latest period of each cadence waits for review.

Values keep rule 10 (numerator ≤ denominator, fields add up to the total). The engine is told
once per campaign (``facts_deferred``). Fixed random seed; a second run finds each report and
changes nothing (the draws are still made, so the sequence stays in step). ``bare=True``: nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

CAMPAIGN_CODE = "PL-45N-2025"
WEEKS = 6  # the issue-4 weeks: week 5 has the returned report, week 6 the missing one
SEED = 20251030
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

# --- the other campaigns ------------------------------------------------------------------

# lower-is-better numerators: a commune ahead has fewer of them
LOWER_BETTER = {"HS_BO_SUNG_NHIEU_LAN": (0.005, 0.07), "HS_DI_LAI_NHIEU_LAN": (0.0, 0.045)}
# wider ranges than the Phú Lạc weeks so a commune ahead can reach 100 % and one behind visibly lags
WIDE = {
    "TTHC_TOAN_TRINH": ("TTHC_DU_DIEU_KIEN", 0.72, 1.0),
    "CBCC_CHU_KY_SO": ("CBCC_TONG", 0.7, 1.0),
    "CBCC_KY_NANG_SO": ("CBCC_TONG", 0.6, 1.0),
    "NGUOI_DUNG_DVC": ("NGUOI_TRUONG_THANH", 0.3, 0.85),
    "PAKN_DUNG_HAN": ("PAKN_TONG", 0.75, 1.0),
    "PAKN_HAI_LONG": ("PAKN_DUNG_HAN", 0.7, 1.0),
    "HS_TAI_SU_DUNG": ("HS_TIEP_NHAN", 0.4, 0.9),
}
FLOW_BASE = {"HS_TIEP_NHAN": (25, 70), "PAKN_TONG": (0, 4), "NGUOI_DEN_GIAO_DICH": (120, 320)}
STOCK_BASE = {"TTHC_DU_DIEU_KIEN": (96, 132), "NGUOI_TRUONG_THANH": (6200, 14500), "CBCC_TONG": (8, 16)}
# how many weeks of work one period of a cadence holds
SCALE = {"weekly": 1.0, "monthly": 4.3, "quarterly": 13.0, "half_yearly": 26.0, "yearly": 52.0}
# Nguyễn Lương Bằng's field breakdown: (field, weight, satisfaction share lo, hi)
FIELD_SPLIT = {
    "TTPVHCC": [
        ("HO_TICH", 5, 0.93, 1.0),
        ("CHUNG_THUC", 4, 0.93, 1.0),
        ("DAT_DAI", 3, 0.74, 0.9),
        ("XAY_DUNG", 2, 0.82, 0.96),
        ("DAU_TU", 1, 0.88, 1.0),
        ("HO_KINH_DOANH", 2, 0.9, 1.0),
    ],
    "KT": [
        ("DAT_DAI", 5, 0.72, 0.9),
        ("XAY_DUNG", 3, 0.8, 0.96),
        ("DAU_TU", 1, 0.88, 1.0),
        ("HO_KINH_DOANH", 2, 0.9, 1.0),
    ],
}
FIELD_CAMPAIGNS = {"NLB-DVC-2026-2030"}


@dataclass(frozen=True)
class Profile:
    """How a commune does: ``bias`` shifts every share (+ ahead, − behind), ``late`` is the
    chance a report comes after its deadline, ``size`` scales its dossier flows."""

    bias: float
    late: float
    size: float
    approve_all: bool


PROFILES: dict[str, Profile] = {
    "LB-45N-2025": Profile(bias=0.3, late=0.04, size=0.8, approve_all=True),
    "PX-45N-2025": Profile(bias=0.0, late=0.1, size=1.0, approve_all=True),
    "QC-45N-2025": Profile(bias=-0.35, late=0.22, size=0.7, approve_all=True),
    "CL-TD-2026": Profile(bias=0.1, late=0.08, size=1.1, approve_all=False),
    "DT-TD-2026-2030": Profile(bias=0.05, late=0.1, size=1.3, approve_all=False),
    "NLB-DVC-2026-2030": Profile(bias=-0.05, late=0.12, size=0.9, approve_all=False),
    "VP-KSTTHC-2026": Profile(bias=0.15, late=0.08, size=1.0, approve_all=False),
}

HIGHLIGHTS = [
    "{label}: tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến tại Bộ phận Một cửa.",
    "{label}: Tổ công nghệ số cộng đồng hỗ trợ người dân cài đặt, kích hoạt VNeID.",
    "{label}: số hóa hồ sơ, kết quả giải quyết TTHC ngay khi tiếp nhận.",
    "{label}: rà soát, cập nhật danh mục TTHC trực tuyến toàn trình.",
]
DIFFICULTIES = [
    "Một số người cao tuổi chưa dùng được điện thoại thông minh.",
    "Đường truyền mạng ở một số thôn, xóm còn chập chờn.",
    "Hồ sơ đất đai phức tạp, người dân còn ngại nộp trực tuyến.",
]


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


def _unit(x: float) -> float:
    return max(0.0, min(1.0, x))


def _period_figures(
    codes: list[str],
    rng: random.Random,
    *,
    stocks: set[str],
    state: dict[str, int],
    progress: float,
    profile: Profile,
    cadence: str,
    centre: bool,
) -> dict[str, int]:
    """One period's figures of one unit. ``state`` carries the unit's stocks from period to
    period (they only grow); ``progress`` runs from 0 (first period) to 1 (last one so far)."""
    scale = SCALE.get(cadence, 1.0) * profile.size
    out: dict[str, int] = {}
    for code in codes:
        if code in FLOW_BASE:
            lo, hi = (140, 260) if code == "HS_TIEP_NHAN" and centre else FLOW_BASE[code]
            out[code] = max(0, round(rng.randint(lo, hi) * scale))
        elif code in STOCK_BASE:
            if code not in state:
                state[code] = rng.randint(*STOCK_BASE[code])
            out[code] = state[code]
        elif code == "BUOI_TUYEN_TRUYEN":
            if cadence == "weekly":
                out[code] = rng.randint(0, 3)
            else:  # a village behind skips a month now and then (rule: at least once a month)
                skip = rng.random() < 0.08 - profile.bias * 0.2
                out[code] = 0 if skip else rng.randint(1, 2 + int(scale // 4))
        elif code == "SANG_KIEN":
            out[code] = int(rng.random() < 0.35 + profile.bias)
        elif code == "KIEN_NGHI_CCHC":
            out[code] = rng.randint(0, 2)
        elif code == "KHAO_SAT":
            out[code] = int(rng.random() < 0.5)
    pending = [c for c in codes if c not in out]
    for _ in range(4):  # numerators whose denominator is itself a numerator come later
        for code in list(pending):
            den, lo, hi = WIDE.get(code) or SHARES.get(code, ("", 0.0, 0.0))
            if not den or den not in codes:
                out[code] = rng.randint(0, 5)
            elif den in out:
                if code in stocks:
                    p = _unit(0.2 + 0.7 * progress + profile.bias + 0.1 * rng.random())
                    share = lo + (hi - lo) * p
                    out[code] = min(out[den], max(state.get(code, 0), int(out[den] * share)))
                    state[code] = out[code]
                else:
                    p = _unit(0.15 + 0.45 * rng.random() + 0.35 * progress + profile.bias)
                    if code in LOWER_BETTER:
                        lo, hi = LOWER_BETTER[code]
                        p = 1.0 - p
                    out[code] = min(out[den], round(out[den] * (lo + (hi - lo) * p)))
            else:
                continue
            pending.remove(code)
    return out


def _split(total: int, weights: list[int], rng: random.Random) -> list[int]:
    """``total`` in parts roughly by ``weights`` (jittered), adding up exactly."""
    jittered = [w * (0.7 + 0.6 * rng.random()) for w in weights]
    whole = sum(jittered)
    parts = [int(total * w / whole) for w in jittered]
    parts[0] += total - sum(parts)
    return parts


def _fields(values: dict[str, int], rng: random.Random, *, unit_code: str) -> dict[tuple[str, str | None], int]:
    """Dossiers and ratings of one report by field: each field's ratings satisfied at its own
    level (đất đai lowest); the totals become the sums of the fields."""
    out: dict[tuple[str, str | None], int] = {(c, None): v for c, v in values.items()}
    split = FIELD_SPLIT.get(unit_code)
    if not split or "DG_TONG" not in values or "HS_TIEP_NHAN" not in values:
        return out
    weights = [w for _, w, _, _ in split]
    received = _split(values["HS_TIEP_NHAN"], weights, rng)
    rated = _split(values["DG_TONG"], weights, rng)
    online_share = values.get("HS_TRUC_TUYEN", 0) / values["HS_TIEP_NHAN"] if values["HS_TIEP_NHAN"] else 0
    totals = {"HS_TRUC_TUYEN": 0, "DG_HAI_LONG": 0}
    for (field, _, lo, hi), rec, rat in zip(split, received, rated, strict=True):
        online = min(rec, round(rec * online_share))
        happy = min(rat, int(rat * (lo + (hi - lo) * rng.random())))
        out[("HS_TIEP_NHAN", field)] = rec
        out[("DG_TONG", field)] = rat
        if "HS_TRUC_TUYEN" in values:
            out[("HS_TRUC_TUYEN", field)] = online
            totals["HS_TRUC_TUYEN"] += online
        if "DG_HAI_LONG" in values:
            out[("DG_HAI_LONG", field)] = happy
            totals["DG_HAI_LONG"] += happy
    for code, total in totals.items():
        if code in values:
            out[(code, None)] = total
    return out


def _at(period, rng: random.Random, *, late: bool, now: datetime) -> datetime:
    """When the report went in: a little before its deadline (not before the period's last
    day) or, when late, some hours to days after it; never after ``now``."""
    from campaigns.periods import VN

    if period.cadence == "weekly":
        at = period.deadline + (timedelta(hours=rng.randint(2, 30)) if late else -timedelta(hours=rng.randint(2, 40)))
    else:
        at = period.deadline + (
            timedelta(hours=rng.randint(6, 72)) if late else -timedelta(hours=rng.randint(2, 24 * 4))
        )
    floor = datetime.combine(period.end, time(7, 30), tzinfo=VN)
    return min(max(at, floor), now - timedelta(hours=1))


def seed(*, bare: bool, log=print, only: set[str] | None = None) -> None:
    """``only``: the campaign codes to fill (tests); default every demo campaign."""
    if bare:
        return
    from campaigns.models import Campaign

    now = timezone.now()
    User = get_user_model()
    admin = User.objects.filter(username="admin").first()
    wanted = {CAMPAIGN_CODE, *PROFILES} if only is None else set(only)
    for campaign in Campaign.objects.filter(code=CAMPAIGN_CODE, code__in=wanted).select_related("commune"):
        _seed_phu_lac(campaign, log=log)
    codes = [c for c in PROFILES if c in wanted]
    campaigns = Campaign.objects.filter(code__in=codes).select_related("commune").order_by("pk")
    for campaign in campaigns:
        _seed_campaign(campaign, PROFILES[campaign.code], user=admin, now=now, log=log)
    if CAMPAIGN_CODE in wanted and not Campaign.objects.filter(code=CAMPAIGN_CODE).exists():
        log(f"Không có kế hoạch {CAMPAIGN_CODE}: bỏ qua số liệu báo cáo demo của Phú Lạc.")


def _staff(commune) -> dict[int, object]:
    User = get_user_model()
    return {
        m.unit_id: m.user
        for u in User.objects.filter(memberships__unit__commune=commune).prefetch_related("memberships")
        for m in u.memberships.all()
        if m.unit_id
    }


def _pairs(campaign) -> list[tuple[str, str]]:
    from indicators.models import DataElement
    from reporting.validation import ratio_pairs

    code_of = dict(DataElement.objects.values_list("pk", "code"))
    return [(code_of[n], code_of[d]) for n, d in ratio_pairs(commune_id=campaign.commune_id)]


def _seed_phu_lac(campaign, *, log) -> None:
    """Seven weeks of Phú Lạc: the issue-4 story in weeks 1–6, week 7 from every unit."""
    from campaigns.models import Period
    from reporting.models import ReportStatus, UnitReport
    from reporting.selectors import form_elements, units_reporting
    from reporting.services import (
        facts_deferred,
        unit_report_approve,
        unit_report_open,
        unit_report_return,
        unit_report_submit,
    )

    User = get_user_model()
    centre = User.objects.get(username="trungtam")
    staff = _staff(campaign.commune)
    periods = list(Period.objects.filter(campaign=campaign, cadence="weekly").order_by("start"))
    units = units_reporting(campaign=campaign, cadence="weekly")
    pairs = _pairs(campaign)
    done = set(UnitReport.objects.filter(campaign=campaign).values_list("unit_id", "period_id"))
    forms = {u.pk: {e.code: e.pk for e in form_elements(campaign=campaign, unit=u, cadence="weekly")} for u in units}
    rng = random.Random(SEED)
    returned_done = False
    count = {"submitted": 0, "late": 0, "new": 0}
    with transaction.atomic(), facts_deferred():
        for week, period in enumerate(periods, start=1):
            for unit in units:
                elements = forms[unit.pk]
                # the one missing report: the last village, week 6
                if week == WEEKS and unit == units[-1]:
                    continue
                values = _clamp(_week_figures(list(elements), rng, week=week, centre=unit.code == "TTPVHCC"), pairs)
                late = rng.random() < 0.12
                at = period.deadline + (
                    timedelta(hours=rng.randint(2, 30)) if late else -timedelta(hours=rng.randint(2, 40))
                )
                narrative = {
                    "highlights": f"Tuần {week}: tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến."
                    if rng.random() < 0.6
                    else "",
                    "difficulties": "Một số người cao tuổi chưa dùng được điện thoại thông minh."
                    if rng.random() < 0.3
                    else "",
                }
                count["submitted"] += 1
                if (unit.pk, period.pk) in done:
                    continue
                user = staff.get(unit.pk, centre)
                report = unit_report_open(campaign=campaign, unit=unit, period=period)
                unit_report_submit(
                    report=report,
                    user=user,
                    expected_version=report.version,
                    values={(elements[c], None): Decimal(v) for c, v in values.items()},
                    narrative=narrative,
                    now=at,
                )
                count["new"] += 1
                if not returned_done and week == WEEKS - 1 and unit.code == "VHXH":
                    unit_report_return(
                        report=report,
                        user=centre,
                        reason="Số hồ sơ trực tuyến chưa khớp với hệ thống một cửa điện tử, đề nghị rà soát lại.",
                        expected_version=report.version,
                        now=at + timedelta(hours=3),
                    )
                    returned_done = True
                elif week <= WEEKS - 2 and report.status == ReportStatus.SUBMITTED:
                    unit_report_approve(
                        report=report, user=centre, expected_version=report.version, now=at + timedelta(days=1)
                    )
    late = UnitReport.objects.filter(campaign=campaign, late=True).count()
    log(
        f"Báo cáo tuần {CAMPAIGN_CODE}: {count['submitted']} báo cáo của {len(units)} đơn vị trong {len(periods)} tuần "
        f"({late} nộp muộn, 1 bị trả lại, 1 chưa nộp; {count['new']} báo cáo mới)."
    )


def _seed_campaign(campaign, profile: Profile, *, user, now: datetime, log) -> None:
    """Every ended period of every cadence of one campaign, for every unit its forms name."""
    from campaigns.periods import VN
    from indicators.models import Aggregation, DataElement, Field
    from reporting.models import ReportStatus, UnitReport
    from reporting.selectors import cadences_of, form_elements, units_reporting
    from reporting.services import facts_deferred, unit_report_approve, unit_report_open, unit_report_submit

    if user is None:
        return
    today = now.astimezone(VN).date()
    stocks = set(DataElement.objects.filter(aggregation=Aggregation.LAST).values_list("code", flat=True))
    field_pk = dict(Field.objects.values_list("code", "pk"))
    staff = _staff(campaign.commune)
    pairs = _pairs(campaign)
    done = set(UnitReport.objects.filter(campaign=campaign).values_list("unit_id", "period_id"))
    rng = random.Random(f"{SEED}-{campaign.code}")
    count = {"reports": 0, "new": 0, "units": 0, "periods": 0}
    with transaction.atomic(), facts_deferred():
        for cadence in cadences_of(campaign):
            periods = list(campaign.periods.filter(cadence=cadence, end__lt=today).order_by("start"))
            units = units_reporting(campaign=campaign, cadence=cadence)
            count["units"] += len(units)
            count["periods"] += len(periods)
            for unit in units:
                elements = {e.code: e.pk for e in form_elements(campaign=campaign, unit=unit, cadence=cadence)}
                state: dict[str, int] = {}
                for i, period in enumerate(periods):
                    progress = i / (len(periods) - 1) if len(periods) > 1 else 1.0
                    values = _clamp(
                        _period_figures(
                            list(elements),
                            rng,
                            stocks=stocks,
                            state=state,
                            progress=progress,
                            profile=profile,
                            cadence=cadence,
                            centre=unit.code == "TTPVHCC",
                        ),
                        pairs,
                    )
                    keyed = (
                        _fields(values, rng, unit_code=unit.code)
                        if campaign.code in FIELD_CAMPAIGNS
                        else {(c, None): v for c, v in values.items()}
                    )
                    late = rng.random() < profile.late
                    at = _at(period, rng, late=late, now=now)
                    narrative = {
                        "highlights": rng.choice(HIGHLIGHTS).format(label=period.label),
                        "difficulties": rng.choice(DIFFICULTIES) if rng.random() < 0.3 else "",
                    }
                    count["reports"] += 1
                    if (unit.pk, period.pk) in done:
                        continue
                    report = unit_report_open(campaign=campaign, unit=unit, period=period)
                    unit_report_submit(
                        report=report,
                        user=staff.get(unit.pk, user),
                        expected_version=report.version,
                        values={(elements[c], field_pk[f] if f else None): Decimal(v) for (c, f), v in keyed.items()},
                        narrative=narrative,
                        now=at,
                    )
                    count["new"] += 1
                    last = i == len(periods) - 1
                    if (profile.approve_all or not last) and report.status == ReportStatus.SUBMITTED:
                        unit_report_approve(
                            report=report,
                            user=user,
                            expected_version=report.version,
                            now=min(at + timedelta(days=1), now - timedelta(minutes=30)),
                        )
    late = UnitReport.objects.filter(campaign=campaign, late=True).count()
    log(
        f"Báo cáo {campaign.code}: {count['reports']} báo cáo ({count['periods']} kỳ đã kết thúc), "
        f"{late} nộp muộn; {count['new']} báo cáo mới."
    )
