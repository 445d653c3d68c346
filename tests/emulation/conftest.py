"""A commune (the ``world``'s a1) with a campaign of 2026, two departments and a village, four
unit criteria and one person criterion; every figure below is hand-computed in the tests."""

from datetime import UTC, date, datetime
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from campaigns.models import Participation, Task, TaskStatus
from emulation.models import Criterion, CriterionKind, Official, Subject
from emulation.services import attestation_set
from emulation.windows import window_of
from tests.indicators.factories import make_campaign, months, put

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def emu(world):
    w = world
    campaign = make_campaign(commune=w.a1, start=date(2026, 1, 1), end=date(2026, 12, 31))
    vp, ca, v1 = w.a1_dept, w.a1_police, w.a1_v1
    for u in (vp, ca, v1):
        Participation.objects.create(campaign=campaign, unit=u)
    jan, feb, _mar = months(campaign, 2026, [1, 2, 3])

    def task(unit, due, status=TaskStatus.TODO, done=None):
        return Task.objects.create(
            campaign=campaign,
            lead_unit=unit,
            content=f"NV {unit.code} {due}",
            due_date=due,
            status=status,
            completed_on=done,
        )

    # VP: one task on time, one done late (not overdue) → 1/2 = 50 %
    task(vp, date(2026, 2, 10), TaskStatus.DONE, date(2026, 2, 9))
    task(vp, date(2026, 3, 10), TaskStatus.DONE, date(2026, 3, 12))
    # CA: one on time, one never done → 50 %, and one overdue task
    task(ca, date(2026, 2, 10), TaskStatus.DONE, date(2026, 2, 1))
    task(ca, date(2026, 3, 1))
    put(campaign, jan, vp, "SANG_KIEN", 2)
    put(campaign, feb, ca, "SANG_KIEN", 0)

    def crit(code, kind, threshold, weight, must, subject=Subject.UNIT, order=0):
        return Criterion.objects.create(
            campaign=campaign,
            code=code,
            name=f"Tiêu chuẩn {code}",
            kind=kind,
            subject=subject,
            threshold=D(threshold) if threshold else None,
            weight=D(weight),
            must_pass=must,
            order=order,
        )

    c1 = crit("NV", CriterionKind.TASKS_ON_TIME, "50", "2", True, order=1)
    c2 = crit("QH", CriterionKind.NO_OVERDUE, None, "1", True, order=2)
    c3 = crit("MH", CriterionKind.ATTESTED, None, "1.5", False, order=3)
    c4 = crit("SK", CriterionKind.INITIATIVES, "1", "0.5", False, order=4)
    p1 = crit("CN", CriterionKind.ATTESTED, None, "1", True, subject=Subject.PERSON, order=1)
    year = window_of(campaign, 2026)
    for u in (vp, ca):
        attestation_set(
            user=w.centre, criterion=c3, window=year, met=True, note="Có mô hình Zalo hỗ trợ", unit=u, version="0"
        )
    o1 = Official.objects.create(unit=vp, name="Nguyễn Văn An", position="Chánh Văn phòng")
    o2 = Official.objects.create(unit=ca, name="Trần Thị Bình", position="Phó trưởng Công an")
    attestation_set(
        user=w.centre, criterion=p1, window=year, met=True, note="Hướng dẫn cầm tay chỉ việc", official=o1, version="0"
    )
    return SimpleNamespace(
        w=w, campaign=campaign, vp=vp, ca=ca, v1=v1, c1=c1, c2=c2, c3=c3, c4=c4, p1=p1, o1=o1, o2=o2, year=year
    )
