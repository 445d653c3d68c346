"""The demo step: six weeks of Phú Lạc, some late, one returned, one missing; idempotent."""

import pytest

from reporting.models import ReportStatus, UnitReport

pytestmark = pytest.mark.django_db


def _seed(bare=False):
    from campaigns import demo as campaigns_demo
    from campaigns import demo_plans
    from org import demo as org_demo
    from reporting import demo

    quiet = lambda message: None  # noqa: E731
    org_demo.seed(provinces=demo_plans.PROVINCES, communes=demo_plans.COMMUNES, units=demo_plans.UNITS, log=quiet)
    campaigns_demo.seed(bare=bare, log=quiet)
    demo.seed(bare=bare, log=quiet)


def test_demo_fills_six_weeks_with_late_returned_and_missing_and_runs_twice_the_same():
    from reporting.selectors import completeness, units_reporting

    _seed()
    reports = UnitReport.objects.filter(campaign__code="PL-45N-2025")
    campaign = reports.first().campaign
    units = units_reporting(campaign=campaign, cadence="weekly")
    assert reports.values("period").distinct().count() == 6
    assert reports.count() == 6 * len(units) - 1  # one missing
    assert reports.filter(status=ReportStatus.RETURNED).count() == 1
    assert reports.filter(late=True).exists()
    comp = completeness(campaign=campaign)
    assert comp.total.missing >= 1
    before = list(reports.order_by("pk").values_list("pk", "status", "version", "late"))
    _seed()
    assert list(reports.order_by("pk").values_list("pk", "status", "version", "late")) == before


def test_bare_demo_has_no_reports():
    _seed(bare=True)
    assert not UnitReport.objects.exists()
