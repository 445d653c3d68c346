"""Computed criteria read from the engine's verdicts and the reports' timeliness, by hand."""

from datetime import UTC, date, datetime
from decimal import Decimal as D

from campaigns.models import Period
from emulation.models import Criterion, CriterionKind
from emulation.scoring import results_for
from indicators.models import FormElement
from reporting.models import UnitReport
from tests.indicators.factories import element, put, target

from .conftest import NOW


def test_targets_met_share(emu):
    c = emu.campaign
    Criterion.objects.all().delete()
    Criterion.objects.create(
        campaign=c, code="CT", name="Đạt và vượt chỉ tiêu", kind=CriterionKind.TARGETS_MET, threshold=D(60), weight=D(3)
    )
    mar = Period.objects.get(campaign=c, cadence="monthly", start=date(2026, 3, 1))
    # three rate targets of the commune, binding every unit (rule 6); the units' figures of March
    target(c, "TL_DUNG_HAN", 90)
    target(c, "TL_KQ_DIEN_TU", 90)
    target(c, "TL_HS_TRUC_TUYEN", 80)
    for unit, on_time, e_result, online in ((emu.vp, 95, 50, 85), (emu.ca, 95, 50, 70)):
        put(c, mar, unit, "HS_GIAI_QUYET", 100)
        put(c, mar, unit, "HS_DUNG_HAN", on_time)  # 95 % ≥ 90: đạt (both)
        put(c, mar, unit, "KQ_DIEN_TU", e_result)  # 50 % < 90: chưa đạt (both)
        put(c, mar, unit, "HS_TIEP_NHAN", 100)
        put(c, mar, unit, "HS_TRUC_TUYEN", online)  # VP 85 % ≥ 80 đạt; CA 70 % chưa đạt
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
