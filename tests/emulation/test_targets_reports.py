"""Computed criteria read from the engine's verdicts and the reports' timeliness, by hand."""

from datetime import UTC, date, datetime
from decimal import Decimal as D

from django.utils import timezone

from campaigns.models import Period
from emulation.models import Criterion, CriterionKind
from emulation.scoring import results_for
from indicators.models import Attainment, FormElement
from reporting.models import UnitReport
from tests.indicators.factories import element, indicator

from .conftest import NOW


def _att(campaign, period, unit, code, status):
    Attainment.objects.create(
        campaign=campaign,
        indicator=indicator(code),
        window_kind="cumulative",
        period=period,
        start=campaign.start,
        end=period.end,
        scope_kind="unit",
        unit=unit,
        status=status,
        value=D(1),
        target=D(1),
        computed_at=timezone.now(),
    )


def test_targets_met_share(emu):
    c = emu.campaign
    Criterion.objects.all().delete()
    Criterion.objects.create(
        campaign=c, code="CT", name="Đạt và vượt chỉ tiêu", kind=CriterionKind.TARGETS_MET, threshold=D(60), weight=D(3)
    )
    mar = Period.objects.get(campaign=c, cadence="monthly", start=date(2026, 3, 1))
    for code, vp, ca in (
        ("TL_DUNG_HAN", "dat", "dat"),
        ("SO_SANG_KIEN", "dat_toi_thieu", "chua_dat"),
        ("TL_KQ_DIEN_TU", "chua_dat", "chua_dat"),
    ):
        _att(c, mar, emu.vp, code, vp)
        _att(c, mar, emu.ca, code, ca)
    res = results_for(c, emu.year, now=NOW)
    by = {r.unit: r for _g, rows in res.groups for r in rows}
    vp, ca = by[emu.vp].results[0], by[emu.ca].results[0]
    # VP: 2 of 3 met = 66,67 % ≥ 60 → 3 points; CA: 1 of 3 = 33,33 % → 0
    assert (vp.met, vp.value, ca.met, ca.value) == (True, D("66.67"), False, D("33.33"))
    assert by[emu.vp].score == D("3.00") and by[emu.ca].score == D("0")
    assert len(vp.evidence) == 3 and all("/chi-tieu/" in e.url for e in vp.evidence)
    assert by[emu.v1].results[0].text == "Chưa có số liệu"


def test_reports_on_time_share(emu):
    c = emu.campaign
    Criterion.objects.all().delete()
    Criterion.objects.create(
        campaign=c, code="BC", name="Báo cáo đúng hạn", kind=CriterionKind.REPORTS_ON_TIME, threshold=D(60), weight=D(1)
    )
    FormElement.objects.create(campaign=c, cadence="monthly", element=element("SANG_KIEN"), unit=emu.vp)
    periods = list(Period.objects.filter(campaign=c, cadence="monthly").order_by("start"))
    sent = datetime(2026, 2, 1, 1, 0, tzinfo=UTC)
    # Jan on time, Feb late, Mar missing → 1 of 3 = 33,33 % < 60
    UnitReport.objects.create(campaign=c, unit=emu.vp, period=periods[0], status="submitted", first_submitted_at=sent)
    UnitReport.objects.create(
        campaign=c, unit=emu.vp, period=periods[1], status="submitted", first_submitted_at=sent, late=True
    )
    res = results_for(c, emu.year, now=NOW)
    vp = next(r for r in res.all_rows if r.unit == emu.vp).results[0]
    assert (vp.met, vp.value) == (False, D("33.33"))
    assert vp.text.startswith("1/3 báo cáo đúng hạn")
    assert any("nộp muộn" in e.label for e in vp.evidence) and any("1 kỳ chưa nộp" in e.label for e in vp.evidence)
