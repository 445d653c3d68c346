"""The demo step: a season of figures for every demo campaign.

Phú Lạc keeps the issue-4 story (weeks 1–4 approved, VHXH returned in week 5, the last village
missing in week 6, some late) and now has its short week 7 too; the three other Thái Nguyên
pushes are complete and ranked (La Bằng ahead, Quân Chu behind); the 2026 plans have every
period that has ended by "today". Running the step twice changes nothing."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from indicators.models import DataValue
from reporting.models import FigureChangeLog, ReportEvent, ReportStatus, UnitReport

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime(2026, 11, 22, 9, 0, tzinfo=VN)
PUSHES = ["PL-45N-2025", "LB-45N-2025", "PX-45N-2025", "QC-45N-2025"]


def _seed(bare=False, only=None):
    from demo import plans as demo_plans
    from demo import seed_campaigns as campaigns_demo
    from demo import seed_org as org_demo
    from demo import seed_reports as demo

    quiet = lambda message: None  # noqa: E731
    with time_machine.travel(TODAY, tick=True):
        org_demo.seed(provinces=demo_plans.PROVINCES, communes=demo_plans.COMMUNES, units=demo_plans.UNITS, log=quiet)
        campaigns_demo.seed(bare=bare, log=quiet)
        demo.seed(bare=bare, log=quiet, only=only)


def _snapshot():
    return (
        list(UnitReport.objects.order_by("pk").values_list("pk", "status", "version", "late", "submitted_at")),
        list(DataValue.objects.order_by("pk").values_list("pk", "value", "counted")),
        ReportEvent.objects.count(),
        FigureChangeLog.objects.count(),
    )


def _sums(campaign_code: str, *codes: str) -> dict[str, Decimal]:
    """Σ of counted whole-unit figures of a campaign, by element code (read straight from the facts)."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for code, value in DataValue.objects.filter(
        campaign__code=campaign_code, element__code__in=codes, field__isnull=True, counted=True
    ).values_list("element__code", "value"):
        out[code] += value
    return out


def test_phu_lac_keeps_the_issue_4_story_and_has_week_7_and_runs_twice_the_same():
    from reporting.selectors import completeness, units_reporting

    _seed(only={"PL-45N-2025"})
    reports = UnitReport.objects.filter(campaign__code="PL-45N-2025")
    campaign = reports.first().campaign
    units = units_reporting(campaign=campaign, cadence="weekly")
    weeks = list(campaign.periods.filter(cadence="weekly").order_by("start"))
    assert len(weeks) == 7 and reports.values("period").distinct().count() == 7
    assert reports.count() == 7 * len(units) - 1  # one missing
    # the missing one: the last village in week 6; every unit sent week 7
    assert not reports.filter(period=weeks[5], unit=units[-1]).exists()
    assert reports.filter(period=weeks[6]).count() == len(units)
    returned = reports.get(status=ReportStatus.RETURNED)
    assert (returned.unit.code, returned.period_id) == ("VHXH", weeks[4].pk)
    assert returned.review_comment or returned.events.filter(comment__contains="rà soát").exists()
    for week in weeks[:4]:
        assert set(reports.filter(period=week).values_list("status", flat=True)) == {ReportStatus.APPROVED}
    assert set(reports.filter(period__in=weeks[5:]).values_list("status", flat=True)) == {ReportStatus.SUBMITTED}
    assert reports.filter(late=True).exists()
    assert reports.filter(unit__code="V01").first().submitted_by.username == "truongxom1"
    comp = completeness(campaign=campaign)
    assert comp.total.missing == 1
    # only OTHER pushes untouched when asked for Phú Lạc alone
    assert not UnitReport.objects.exclude(campaign=campaign).exists()

    before = _snapshot()
    _seed(only={"PL-45N-2025"})
    assert _snapshot() == before


def test_the_other_thai_nguyen_pushes_are_complete_and_rank_la_bang_ahead_quan_chu_behind():
    from campaigns.models import Campaign
    from reporting.selectors import units_reporting

    _seed(only=set(PUSHES[1:]))
    rate = {}
    for code in PUSHES[1:]:
        campaign = Campaign.objects.get(code=code)
        units = units_reporting(campaign=campaign, cadence="weekly")
        weeks = campaign.periods.filter(cadence="weekly").count()
        reports = UnitReport.objects.filter(campaign=campaign)
        assert weeks == 7 and reports.count() == weeks * len(units), code  # nobody missing
        assert set(reports.values_list("status", flat=True)) == {ReportStatus.APPROVED}, code
        late = reports.filter(late=True).count()
        assert 0 < late < reports.count() // 3, code  # a few late
        s = _sums(code, "HS_TRUC_TUYEN", "HS_TIEP_NHAN")
        rate[code] = s["HS_TRUC_TUYEN"] * 100 / s["HS_TIEP_NHAN"]  # rule 1: Σ over Σ
    assert rate["LB-45N-2025"] >= 92 > rate["QC-45N-2025"]  # the push's target: 92 %
    assert rate["LB-45N-2025"] > rate["PX-45N-2025"] > rate["QC-45N-2025"]
    assert (
        UnitReport.objects.filter(campaign__code="QC-45N-2025", late=True).count()
        > UnitReport.objects.filter(campaign__code="LB-45N-2025", late=True).count()
    )


def test_2026_plans_have_every_ended_period_with_consistent_stocks_flows_and_fields():
    from campaigns.models import Campaign
    from reporting.selectors import cadences_of, units_reporting

    codes = ["CL-TD-2026", "DT-TD-2026-2030", "NLB-DVC-2026-2030", "VP-KSTTHC-2026"]
    _seed(only=set(codes))
    today = date(2026, 11, 22)
    for code in codes:
        campaign = Campaign.objects.get(code=code)
        for cadence in cadences_of(campaign):
            ended = list(campaign.periods.filter(cadence=cadence, end__lt=today).order_by("start"))
            assert ended, (code, cadence)
            due = [p for p in ended if p.deadline <= datetime(2026, 11, 22, 7, 0, tzinfo=VN)]
            units = units_reporting(campaign=campaign, cadence=cadence)
            reports = UnitReport.objects.filter(campaign=campaign, period__cadence=cadence)
            assert not reports.filter(period__end__gte=today).exists()  # nothing for a period still running
            assert not reports.filter(submitted_at__gt=TODAY).exists()  # nothing sent in the future
            # the older due periods: every unit in, approved
            for period in due[:-2]:
                got = reports.filter(period=period)
                assert got.count() == len(units), (code, cadence, period.label)
                assert set(got.values_list("status", flat=True)) == {ReportStatus.APPROVED}
            # the one before the latest: every unit in, approved but for one still waiting
            if len(due) > 1 and len(units) > 1:
                statuses = sorted(reports.filter(period=due[-2]).values_list("status", flat=True))
                assert statuses == [ReportStatus.APPROVED] * (len(units) - 1) + [ReportStatus.SUBMITTED]
            # the latest due period: one returned with a reason, one missing, the rest waiting for review
            latest = reports.filter(period=due[-1])
            if len(units) >= 3:
                assert latest.count() == len(units) - 1, (code, cadence)
                returned = latest.get(status=ReportStatus.RETURNED)
                assert returned.review_comment and returned.events.filter(action="return").exists()
                assert latest.filter(status=ReportStatus.SUBMITTED).count() == len(units) - 2
    # Vĩnh Phong: weeks of 2026 up to the one that ended before 22/11 (47 weeks), 10 months
    vp = Campaign.objects.get(code="VP-KSTTHC-2026")
    assert UnitReport.objects.filter(campaign=vp, period__cadence="weekly").values("period").distinct().count() == 47
    assert UnitReport.objects.filter(campaign=vp, period__cadence="monthly").values("period").distinct().count() == 10

    # stocks only grow and stay under their whole; numerators under denominators
    by_report: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    for unit_id, period_id, code, value in DataValue.objects.filter(
        campaign__code__in=codes, field__isnull=True
    ).values_list("unit_id", "period_id", "element__code", "value"):
        by_report[(unit_id, period_id)][code] = value
    for v in by_report.values():
        for num, den in [
            ("CBCC_CHU_KY_SO", "CBCC_TONG"),
            ("CBCC_KY_NANG_SO", "CBCC_TONG"),
            ("TTHC_TOAN_TRINH", "TTHC_DU_DIEU_KIEN"),
            ("NGUOI_DUNG_DVC", "NGUOI_TRUONG_THANH"),
            ("HS_TRUC_TUYEN", "HS_TIEP_NHAN"),
            ("DG_HAI_LONG", "DG_TONG"),
        ]:
            if num in v and den in v:
                assert v[num] <= v[den], (num, v)
    ca = list(
        DataValue.objects.filter(campaign__code="NLB-DVC-2026-2030", unit__code="CA", element__code="NGUOI_DUNG_DVC")
        .order_by("period__start")
        .values_list("value", flat=True)
    )
    assert len(ca) >= 4 and ca == sorted(ca) and ca[-1] > ca[0]  # 5 quarters/months, the latest may be missing

    # Nguyễn Lương Bằng: ratings by field, adding up to the totals, đất đai below the rest
    nlb = DataValue.objects.filter(campaign__code="NLB-DVC-2026-2030")
    for unit_code in ("TTPVHCC", "KT"):
        for report in UnitReport.objects.filter(campaign__code="NLB-DVC-2026-2030", unit__code=unit_code):
            rows = nlb.filter(unit=report.unit, period=report.period, element__code="DG_TONG")
            total = rows.get(field__isnull=True).value
            parts = {r.field.code: r.value for r in rows.filter(field__isnull=False).select_related("field")}
            assert {"DAT_DAI", "XAY_DUNG", "DAU_TU"} <= set(parts) and sum(parts.values()) == total
    happy = defaultdict(Decimal)
    rated = defaultdict(Decimal)
    for field, code, value in nlb.filter(field__isnull=False, element__code__in=["DG_TONG", "DG_HAI_LONG"]).values_list(
        "field__code", "element__code", "value"
    ):
        (rated if code == "DG_TONG" else happy)[field] += value
    assert happy["DAT_DAI"] / rated["DAT_DAI"] < happy["HO_TICH"] / rated["HO_TICH"]

    # Chi Lăng: every village every ended month, most with at least one session
    cl = DataValue.objects.filter(campaign__code="CL-TD-2026", element__code="BUOI_TUYEN_TRUYEN")
    assert cl.count() == 10 * 5 - 1  # every village every ended month, one missing in the latest
    assert cl.filter(value__gte=1).count() >= 40


def test_every_campaign_twice_changes_nothing():
    _seed()
    assert UnitReport.objects.values("campaign").distinct().count() == 8
    before = _snapshot()
    _seed()
    assert _snapshot() == before


def test_bare_demo_has_no_reports():
    _seed(bare=True)
    assert not UnitReport.objects.exists()
    assert not DataValue.objects.exists()
