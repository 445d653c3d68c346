"""The figures of the demo's unit reports: plausible values that keep rule 10 (numerator ≤
denominator, fields add up to the total), per commune profile (ahead, in the middle, behind).

Flows (dossiers, people served) are drawn anew each period; stocks (elements with aggregation
"last": TTHC_, NGUOI_TRUONG_THANH, CBCC_) carry over from period to period in a ``state`` and move
in small steps, never down. Pure functions of a ``random.Random`` the caller seeds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from campaigns.periods import VN

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
    # issue 12: the elements of targets that had no figure
    "HS_XU_LY_TOAN_TRINH": ("HS_TRUC_TUYEN", 0.78, 0.99),
    "HS_TOAN_TRINH": ("HS_TIEP_NHAN", 0.45, 0.7),
    "HS_TOAN_TRINH_GIAY": ("HS_TOAN_TRINH", 0.0, 0.05),
    "HS_CHUNG_THUC_DIEN_TU": ("HS_CHUNG_THUC", 0.6, 1.0),
    "HS_DONG_BO_DVCQG": ("HS_GIAI_QUYET", 0.9, 1.0),
    "TG_RUT_NGAN": ("TG_QUY_DINH", 0.12, 0.32),
    "TTHC_NIEM_YET_TRUC_TUYEN": ("TTHC_DU_DIEU_KIEN", 0.8, 1.0),
    "TTHC_KHONG_DIA_GIOI": ("TTHC_THAM_QUYEN", 0.85, 1.0),
    "THON_CO_TO_CNS": ("THON_TONG", 0.7, 1.0),
    "VB_NOI_BO_DIEN_TU": ("VB_NOI_BO", 0.85, 1.0),
}
BASE = {
    "HS_TIEP_NHAN": (25, 70),
    "PAKN_TONG": (0, 4),
    "TTHC_DU_DIEU_KIEN": (118, 118),
    "NGUOI_DEN_GIAO_DICH": (120, 320),
    "NGUOI_TRUONG_THANH": (9350, 9350),
    "BUOI_TUYEN_TRUYEN": (0, 3),
    "CBCC_TONG": (8, 14),
    "HS_CHUNG_THUC": (5, 30),
}

# --- the other campaigns ------------------------------------------------------------------

# lower-is-better numerators: a commune ahead has fewer of them
LOWER_BETTER = {
    "HS_BO_SUNG_NHIEU_LAN": (0.005, 0.07),
    "HS_DI_LAI_NHIEU_LAN": (0.0, 0.045),
    "HS_TOAN_TRINH_GIAY": (0.0, 0.04),
}
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
FLOW_BASE = {
    "HS_TIEP_NHAN": (25, 70),
    "PAKN_TONG": (0, 4),
    "NGUOI_DEN_GIAO_DICH": (120, 320),
    "HS_CHUNG_THUC": (5, 30),
    "TG_QUY_DINH": (60, 200),
    "VB_NOI_BO": (20, 60),
}
STOCK_BASE = {
    "TTHC_DU_DIEU_KIEN": (96, 132),
    "NGUOI_TRUONG_THANH": (6200, 14500),
    "CBCC_TONG": (8, 16),
    "TTHC_THAM_QUYEN": (180, 240),
    "THON_TONG": (10, 14),
}
# how far a stock may grow from one period to the next (when it grows at all)
STOCK_STEP = {
    "TTHC_DU_DIEU_KIEN": (1, 2),
    "NGUOI_TRUONG_THANH": (2, 15),
    "CBCC_TONG": (0, 1),
    "TTHC_THAM_QUYEN": (0, 1),
    "THON_TONG": (0, 0),
}
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
FIELD_CAMPAIGNS = {"NLB-DVC-2026-2030", "DT-TD-2026-2030"}


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


def week_figures(codes: list[str], rng: random.Random, *, week: int, centre: bool) -> dict[str, int]:
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


def clamp(values: dict[str, int], pairs: list[tuple[str, str]]) -> dict[str, int]:
    """Any other numerator ≤ its denominator (a commune's own ratio indicators)."""
    for _ in range(3):
        for num, den in pairs:
            if num in values and den in values and values[num] > values[den]:
                values[num] = values[den]
    return values


def _unit(x: float) -> float:
    return max(0.0, min(1.0, x))


def period_figures(
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
    period (they only grow, in small steps); ``progress`` is how much of the campaign has passed
    by the period's end (0 at its start, 1 at its end), so a period's figures do not depend on
    the day the demo is seeded."""
    scale = SCALE.get(cadence, 1.0) * profile.size
    out: dict[str, int] = {}
    for code in codes:
        if code in FLOW_BASE:
            lo, hi = (140, 260) if code == "HS_TIEP_NHAN" and centre else FLOW_BASE[code]
            out[code] = max(0, round(rng.randint(lo, hi) * scale))
        elif code in STOCK_BASE:
            if code not in state:
                state[code] = rng.randint(*STOCK_BASE[code])
            else:  # a stock moves in small steps, never down
                lo, hi = STOCK_STEP[code]
                state[code] += rng.randint(lo, hi) if rng.random() < 0.3 else 0
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
        elif code == "RA_SOAT_TTHC":  # "ít nhất 02 lần trong một năm": about one a half-year
            out[code] = int(rng.random() < 0.45)
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


def split_total(total: int, weights: list[int], rng: random.Random) -> list[int]:
    """``total`` in parts roughly by ``weights`` (jittered), adding up exactly."""
    jittered = [w * (0.7 + 0.6 * rng.random()) for w in weights]
    whole = sum(jittered)
    parts = [int(total * w / whole) for w in jittered]
    parts[0] += total - sum(parts)
    return parts


def fields(values: dict[str, int], rng: random.Random, *, unit_code: str) -> dict[tuple[str, str | None], int]:
    """Dossiers and ratings of one report by field: each field's ratings satisfied at its own
    level (đất đai lowest); the totals become the sums of the fields."""
    out: dict[tuple[str, str | None], int] = {(c, None): v for c, v in values.items()}
    by_field = FIELD_SPLIT.get(unit_code)
    if not by_field or "DG_TONG" not in values or "HS_TIEP_NHAN" not in values:
        return out
    weights = [w for _, w, _, _ in by_field]
    received = split_total(values["HS_TIEP_NHAN"], weights, rng)
    rated = split_total(values["DG_TONG"], weights, rng)
    online_share = values.get("HS_TRUC_TUYEN", 0) / values["HS_TIEP_NHAN"] if values["HS_TIEP_NHAN"] else 0
    totals = {"HS_TRUC_TUYEN": 0, "DG_HAI_LONG": 0}
    for (field, _, lo, hi), rec, rat in zip(by_field, received, rated, strict=True):
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
    if "TG_QUY_DINH" in values and "TG_RUT_NGAN" in values:  # handling time, by the same fields
        days = split_total(values["TG_QUY_DINH"], weights, rng)
        saved = 0
        for (field, *_), d in zip(by_field, days, strict=True):
            part = min(d, round(d * (0.1 + 0.25 * rng.random())))
            out[("TG_QUY_DINH", field)] = d
            out[("TG_RUT_NGAN", field)] = part
            saved += part
        out[("TG_RUT_NGAN", None)] = saved
    return out


def at(period, rng: random.Random, *, late: bool, now: datetime) -> datetime:
    """When the report went in: a little before its deadline (not before the period's last
    day) or, when late, some hours to days after it; never after ``now``."""
    if period.cadence == "weekly":
        at = period.deadline + (timedelta(hours=rng.randint(2, 30)) if late else -timedelta(hours=rng.randint(2, 40)))
    else:
        at = period.deadline + (
            timedelta(hours=rng.randint(6, 72)) if late else -timedelta(hours=rng.randint(2, 24 * 4))
        )
    floor = datetime.combine(period.end, time(7, 30), tzinfo=VN)
    return min(max(at, floor), now - timedelta(hours=1))
