"""Demo step of ``seed_demo``: the unit reports of every demo campaign, as of the demo's day.

* ``PL-45N-2025`` (Phú Lạc, issue 4 item 8): every unit that reports gets all seven weeks through
  the same services the pages use; weeks 1–4 approved, week 5 with one report returned with a
  reason (VHXH), weeks 5–7 otherwise submitted and waiting for review, some late, one missing
  (the last village in week 6).
* The three other Thái Nguyên pushes (``LB-45N-2025`` ahead, ``PX-45N-2025`` in the middle,
  ``QC-45N-2025`` behind, so the province ranking means something): every week for every unit,
  a few late, all approved.
* The 2026 plans (``CL-TD-2026``, ``DT-TD-2026-2030``, ``NLB-DVC-2026-2030``, ``VP-KSTTHC-2026``):
  every period whose deadline has passed on the demo's day, for the units their forms name; the
  latest one a mix (most in and waiting for review, some late, one returned with a reason, one
  missing), the one before it approved but for one report still waiting, the older ones
  approved. A period that has ended but is not yet due has the early reports of a few units; the
  period still running has none (it is open and due). Nguyễn Lương Bằng's centre and Phòng Kinh tế
  break dossiers and ratings down by field so the plan's field targets have figures.

Figures come from ``demo.figures``. The engine is told once per campaign (``facts_deferred``).
Random draws are seeded per campaign, cadence and unit (figures, drawn period after period so
stocks carry over) and per campaign, cadence and period (who is late, missing, returned), so a
period's story does not depend on what else is seeded; a second run with the same day finds each
report and changes nothing. ``bare=True``: nothing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign, Period
from campaigns.periods import VN
from indicators.facts import facts_deferred
from indicators.models import Aggregation, DataElement, Field
from org.models import Membership, Role
from reporting.models import ReportStatus, UnitReport
from reporting.selectors import cadences_of, form_elements, units_reporting
from reporting.services import (
    unit_report_approve,
    unit_report_open,
    unit_report_return,
    unit_report_submit,
)
from reporting.validation import ratio_pairs

from .figures import (
    DIFFICULTIES,
    FIELD_CAMPAIGNS,
    HIGHLIGHTS,
    PROFILES,
    Profile,
    at,
    clamp,
    fields,
    period_figures,
    week_figures,
)

CAMPAIGN_CODE = "PL-45N-2025"
WEEKS = 6  # the issue-4 weeks: week 5 has the returned report, week 6 the missing one
SEED = 20251030
DAY_TIME = time(7, 0)  # the demo's day starts at 07:00: what is due later that day is still ahead
RETURN_REASONS = [
    "Số hồ sơ trực tuyến chưa khớp với hệ thống một cửa điện tử, đề nghị rà soát lại.",
    "Số hồ sơ giải quyết đúng hạn lớn hơn số hồ sơ đã giải quyết, đề nghị kiểm tra lại.",
    "Thiếu phần khó khăn, vướng mắc; đề nghị bổ sung trước khi tổng hợp.",
]


def seed(*, bare: bool, today: date | None = None, log=print, only: set[str] | None = None) -> None:
    """``today``: the demo's day (default: today in Asia/Ho_Chi_Minh); ``only``: the campaign
    codes to fill (tests), default every demo campaign."""
    if bare:
        return
    today = today or timezone.now().astimezone(VN).date()
    now = datetime.combine(today, DAY_TIME, tzinfo=VN)
    admin = get_user_model().objects.filter(username="admin").first()
    wanted = {CAMPAIGN_CODE, *PROFILES} if only is None else set(only)
    for campaign in Campaign.objects.filter(code=CAMPAIGN_CODE, code__in=wanted).select_related("commune"):
        _seed_phu_lac(campaign, log=log)
    codes = [c for c in PROFILES if c in wanted]
    for campaign in Campaign.objects.filter(code__in=codes).select_related("commune").order_by("pk"):
        _seed_campaign(campaign, PROFILES[campaign.code], user=_centre(campaign.commune, admin), now=now, log=log)
    if CAMPAIGN_CODE in wanted and not Campaign.objects.filter(code=CAMPAIGN_CODE).exists():
        log(f"Không có kế hoạch {CAMPAIGN_CODE}: bỏ qua số liệu báo cáo demo của Phú Lạc.")


def _staff(commune) -> dict[int, object]:
    """Unit id → the account that sends its reports: the first demo's accounts (``vanphong``,
    ``truongxom1``) before the commune's own (``pl.vanphong``), so Phú Lạc keeps its story."""
    staff: dict[int, object] = {}
    members = Membership.objects.filter(unit__commune=commune).select_related("user")
    for m in sorted(members, key=lambda m: ("." in m.user.username, m.user.username)):
        staff.setdefault(m.unit_id, m.user)
    return staff


def _centre(commune, fallback):
    """The commune's centre account (it reviews the reports), the superuser where there is none;
    Phú Lạc's is the first demo's ``trungtam``."""
    members = Membership.objects.filter(commune=commune, role=Role.CENTRE).select_related("user")
    users = sorted((m.user for m in members), key=lambda u: ("." in u.username, u.username))
    return users[0] if users else fallback


def _pairs(campaign) -> list[tuple[str, str]]:
    code_of = dict(DataElement.objects.values_list("pk", "code"))
    return [(code_of[n], code_of[d]) for n, d in ratio_pairs(commune_id=campaign.commune_id)]


def _seed_phu_lac(campaign, *, log) -> None:
    """Seven weeks of Phú Lạc: the issue-4 story in weeks 1–6, week 7 from every unit."""
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
                values = clamp(week_figures(list(elements), rng, week=week, centre=unit.code == "TTPVHCC"), pairs)
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


def _progress(campaign, period) -> float:
    """How much of the campaign has passed at the period's end (0–1)."""
    span = max(1, (campaign.end - campaign.start).days)
    return max(0.0, min(1.0, (period.end - campaign.start).days / span))


def _story(campaign, period, units: list, *, k: int, profile: Profile) -> tuple[dict[int, str], set[int]]:
    """Who does what in a period (unit id → missing / returned / waiting / approved) and who is
    late; ``k`` counts the due periods back from the latest (0), -1 for ended but not yet due."""
    rng = random.Random(f"{SEED}-{campaign.code}-{period.cadence}-{period.start}")
    ids = [u.pk for u in units]
    late = {pk for pk in ids if rng.random() < profile.late}
    if profile.approve_all:
        return dict.fromkeys(ids, "approved"), late
    if k < 0:  # not due yet: a few units sent early
        return {pk: "waiting" if rng.random() < 0.35 else "missing" for pk in ids}, set()
    fate = dict.fromkeys(ids, "waiting" if k == 0 else "approved")
    picked = rng.sample(ids, min(2, len(ids)))
    if k == 0 and len(ids) >= 2:
        fate[picked[0]] = "returned"
    if k == 0 and len(ids) >= 3:
        fate[picked[1]] = "missing"
        late.add(picked[0])  # the returned one had come in late too
    if k == 1:
        fate[picked[0]] = "waiting"
    return fate, late


def _seed_campaign(campaign, profile: Profile, *, user, now: datetime, log) -> None:
    """Every period of every cadence of one campaign up to ``now``, for every unit its forms name."""
    if user is None:
        return
    stocks = set(DataElement.objects.filter(aggregation=Aggregation.LAST).values_list("code", flat=True))
    field_pk = dict(Field.objects.values_list("code", "pk"))
    staff = _staff(campaign.commune)
    pairs = _pairs(campaign)
    done = set(UnitReport.objects.filter(campaign=campaign).values_list("unit_id", "period_id"))
    count = {"reports": 0, "new": 0, "periods": 0}
    today = now.astimezone(VN).date()
    with transaction.atomic(), facts_deferred():
        for cadence in cadences_of(campaign):
            periods = list(campaign.periods.filter(cadence=cadence, end__lt=today).order_by("start"))
            due = [p for p in periods if p.deadline <= now]
            units = units_reporting(campaign=campaign, cadence=cadence)
            count["periods"] += len(periods)
            stories = {}
            for p in periods:
                k = len(due) - 1 - due.index(p) if p in due else -1
                stories[p.pk] = _story(campaign, p, units, k=k, profile=profile)
            for unit in units:
                elements = {e.code: e.pk for e in form_elements(campaign=campaign, unit=unit, cadence=cadence)}
                rng = random.Random(f"{SEED}-{campaign.code}-{cadence}-{unit.code}")
                state: dict[str, int] = {}
                for period in periods:
                    values = clamp(
                        period_figures(
                            list(elements),
                            rng,
                            stocks=stocks,
                            state=state,
                            progress=_progress(campaign, period),
                            profile=profile,
                            cadence=cadence,
                            centre=unit.code == "TTPVHCC",
                        ),
                        pairs,
                    )
                    keyed = (
                        fields(values, rng, unit_code=unit.code)
                        if campaign.code in FIELD_CAMPAIGNS
                        else {(c, None): v for c, v in values.items()}
                    )
                    narrative = {
                        "highlights": rng.choice(HIGHLIGHTS).format(label=period.label),
                        "difficulties": rng.choice(DIFFICULTIES) if rng.random() < 0.3 else "",
                    }
                    fate, late = stories[period.pk]
                    sent = at(period, rng, late=unit.pk in late, now=now)
                    if fate[unit.pk] == "missing":
                        continue
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
                        now=sent,
                    )
                    count["new"] += 1
                    _review(report, fate[unit.pk], user=user, sent=sent, now=now, rng=rng)
    late = UnitReport.objects.filter(campaign=campaign, late=True).count()
    log(
        f"Báo cáo {campaign.code}: {count['reports']} báo cáo ({count['periods']} kỳ đã kết thúc), "
        f"{late} nộp muộn; {count['new']} báo cáo mới."
    )


def _review(report, fate: str, *, user, sent: datetime, now: datetime, rng: random.Random) -> None:
    """The centre's answer to a report just submitted: approve it or return it with a reason."""
    if report.status != ReportStatus.SUBMITTED:
        return
    when = min(sent + timedelta(hours=rng.randint(3, 30)), now - timedelta(minutes=30))
    if fate == "approved":
        unit_report_approve(report=report, user=user, expected_version=report.version, now=when)
    elif fate == "returned":
        unit_report_return(
            report=report, user=user, reason=rng.choice(RETURN_REASONS), expected_version=report.version, now=when
        )
