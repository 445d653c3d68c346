"""A campaign's reporting rules with a preview of its periods, and the units × elements grid
(issue 15)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from campaigns.models import Cadence
from campaigns.setup_services import rules_version
from indicators.models import FormElement
from indicators.setup_services import grid_version
from org.models import AuditEntry, UnitKind
from tests.campaigns.factories import CampaignFactory
from tests.indicators.factories import element, ensure_catalogue, target

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def q1(setup_world):
    """A campaign over the first quarter of 2026 with no rule yet, every A1 unit taking part."""
    ensure_catalogue()
    return CampaignFactory(
        commune=setup_world.a1, code="KH-Q1", start=date(2026, 1, 1), end=date(2026, 3, 31), rules=[]
    )


MONTHLY = {"monthly_on": "on", "monthly_due_day": "5", "monthly_due_time": "17:00", "monthly_due_offset": "1"}


def test_preview_lists_the_periods_and_saves_nothing(setup_world, q1):
    client = client_for(setup_world.centre)
    url = reverse("campaigns:setup_rules", args=[q1.pk])
    page = client.post(url, MONTHLY | {"preview": "1", "version": rules_version(q1)}).content.decode()
    assert "Xem trước: 3 kỳ (chưa lưu)" in page
    for label, deadline in (
        ("Tháng 01/2026", "17:00 05/02/2026"),
        ("Tháng 02/2026", "17:00 05/03/2026"),
        ("Tháng 03/2026", "17:00 06/04/2026"),  # 05/04/2026 is a Sunday: the next working day
    ):
        assert label in page and deadline in page
    assert q1.rules.count() == 0 and q1.periods.count() == 0


def test_saving_the_rule_generates_the_periods_and_is_audited(setup_world, q1):
    client = client_for(setup_world.centre)
    url = reverse("campaigns:setup_rules", args=[q1.pk])
    assert client.post(url, MONTHLY | {"save": "1", "version": rules_version(q1)}).status_code == 302
    periods = list(q1.periods.order_by("start"))
    assert [p.label for p in periods] == ["Tháng 01/2026", "Tháng 02/2026", "Tháng 03/2026"]
    assert [p.deadline.date() for p in periods] == [date(2026, 2, 5), date(2026, 3, 5), date(2026, 4, 6)]
    entry = AuditEntry.objects.get()
    assert entry.campaign_id == q1.pk and entry.action == "Sửa quy định báo cáo"
    assert entry.changes["Hằng tháng"][0] == ""


def test_a_rule_set_with_no_periods_is_refused(setup_world, q1):
    client = client_for(setup_world.centre)
    url = reverse("campaigns:setup_rules", args=[q1.pk])
    page = client.post(url, {"save": "1", "version": rules_version(q1)}).content.decode()
    assert "Quy định báo cáo: cần chọn ít nhất một kỳ báo cáo" in page
    page = client.post(url, {"generate": "1"}).content.decode()
    assert "cần chọn ít nhất một kỳ báo cáo" in page
    assert q1.periods.count() == 0 and not AuditEntry.objects.exists()


def test_a_deadline_before_the_period_ends_is_refused(setup_world, q1):
    client = client_for(setup_world.centre)
    url = reverse("campaigns:setup_rules", args=[q1.pk])
    bad = MONTHLY | {"monthly_due_offset": "0", "save": "1", "version": rules_version(q1)}
    page = client.post(url, bad).content.decode()
    assert "Quy định báo cáo Hằng tháng: Hạn nộp 17:00 05/01/2026 của kỳ Tháng 01/2026" in page
    assert q1.rules.count() == 0 and q1.periods.count() == 0


def test_a_stale_rules_page_is_refused(setup_world, q1):
    client = client_for(setup_world.centre)
    url = reverse("campaigns:setup_rules", args=[q1.pk])
    old = rules_version(q1)
    assert client.post(url, MONTHLY | {"save": "1", "version": old}).status_code == 302
    weekly = {"weekly_on": "on", "weekly_week_start": "0", "weekly_due_weekday": "0", "weekly_due_time": "10:00"}
    page = client.post(url, weekly | {"save": "1", "version": old}).content.decode()
    assert "vừa được người khác thay đổi" in page
    assert list(q1.rules.values_list("cadence", flat=True)) == ["monthly"]


def _grid_post(client, campaign, cells, version):
    data = {"ky": "monthly", "version": version}
    data.update({f"c-{u.pk}-{e.pk}": "on" for u, e in cells})
    return client.post(reverse("indicators:setup_elements", args=[campaign.pk]), data)


def test_grid_saves_a_kind_row_when_every_unit_of_the_kind_is_ticked(setup_world):
    w = setup_world
    ensure_catalogue()
    campaign = CampaignFactory(commune=w.a1, code="KH-G")  # monthly by the 5th
    target(campaign, "TL_HS_TRUC_TUYEN", 80)  # elements HS_TRUC_TUYEN / HS_TIEP_NHAN
    online, received = element("HS_TRUC_TUYEN"), element("HS_TIEP_NHAN")
    client = client_for(w.centre)
    cells = [(w.a1_v1, online), (w.a1_v2, online), (w.a1_v1, received), (w.a1_dept, received)]
    version = grid_version(campaign=campaign, cadence=Cadence.MONTHLY)
    assert _grid_post(client, campaign, cells, version).status_code == 302
    rows = {
        (f.element.code, f.unit.code if f.unit_id else "", f.unit_kind)
        for f in FormElement.objects.filter(campaign=campaign).select_related("element", "unit")
    }
    # both villages report online files: one row for the kind; only V01 of the villages
    # reports received files; the department is the only department: a kind row too
    assert rows == {
        ("HS_TRUC_TUYEN", "", UnitKind.VILLAGE),
        ("HS_TIEP_NHAN", "V01", ""),
        ("HS_TIEP_NHAN", "", UnitKind.DEPARTMENT),
    }
    assert AuditEntry.objects.get().changes == {"HS_TIEP_NHAN": ["", "V01, VP"], "HS_TRUC_TUYEN": ["", "V01, V02"]}
    # the same version again is stale: nothing changes
    page = _grid_post(client, campaign, [], version).content.decode()
    assert "vừa được người khác thay đổi" in page
    assert FormElement.objects.filter(campaign=campaign).count() == 3


def test_grid_suggests_defaults_by_unit_kind_from_other_campaigns(setup_world):
    w = setup_world
    ensure_catalogue()
    online, received, digitised = element("HS_TRUC_TUYEN"), element("HS_TIEP_NHAN"), element("HS_SO_HOA")
    older = CampaignFactory(commune=w.a1, code="KH-OLD")
    FormElement.objects.create(campaign=older, cadence="monthly", element=online, unit_kind=UnitKind.POLICE)
    elsewhere = CampaignFactory(commune=w.a2, code="KH-A2")
    FormElement.objects.create(campaign=elsewhere, cadence="monthly", element=received, unit_kind=UnitKind.POLICE)
    FormElement.objects.create(campaign=elsewhere, cadence="monthly", element=received, unit=w.a2_v1)
    FormElement.objects.create(campaign=elsewhere, cadence="monthly", element=online, unit=w.a2_dept)
    campaign = CampaignFactory(commune=w.a1, code="KH-NEW")
    target(campaign, "TL_HS_TRUC_TUYEN", 80)  # HS_TRUC_TUYEN / HS_TIEP_NHAN
    target(campaign, "TL_SO_HOA", 60)  # HS_SO_HOA / HS_TIEP_NHAN
    page = client_for(w.centre).get(reverse("indicators:setup_elements", args=[campaign.pk])).content.decode()
    assert "gợi ý theo loại đơn vị" in page

    def ticked(unit, el) -> bool:
        box = f'name="c-{unit.pk}-{el.pk}" aria-label="{unit.name} báo cáo {el.code}"'
        assert box in page
        return f"{box} checked" in page

    # the commune's own campaign wins: online files by the police only (not A2's department)
    assert [ticked(u, online) for u in (w.a1_police, w.a1_dept, w.a1_v1)] == [True, False, False]
    # not in the commune's campaigns: every kind another commune uses (police and villages)
    assert [ticked(u, received) for u in (w.a1_police, w.a1_dept, w.a1_v1, w.a1_v2)] == [True, False, True, True]
    # used nowhere: the villages
    assert [ticked(u, digitised) for u in (w.a1_police, w.a1_dept, w.a1_v1)] == [False, False, True]
    assert not FormElement.objects.filter(campaign=campaign).exists()  # a GET saves nothing


def _blank():
    return {
        "code": "KH-MOI",
        "kind": "annual",
        "title": "Kế hoạch năm 2026",
        "start": "2026-01-01",
        "end": "2026-06-30",
        "status": "draft",
    }


def test_a_campaign_from_a_blank_page_gets_its_periods_and_an_audit_entry(setup_world):
    w = setup_world
    client = client_for(w.centre)
    url = reverse("campaigns:setup_create", args=[w.a1.pk])
    page = client.post(url, _blank()).content.decode()
    assert "Quy định báo cáo: cần chọn ít nhất một kỳ báo cáo" in page
    assert not w.a1.campaigns.exists()
    quarterly = {"quarterly_on": "on", "quarterly_due_day": "10", "quarterly_due_time": "17:00"}
    assert client.post(url, _blank() | quarterly).status_code == 302
    campaign = w.a1.campaigns.get(code="KH-MOI")
    assert [p.label for p in campaign.periods.order_by("start")] == ["Quý I/2026", "Quý II/2026"]
    entry = AuditEntry.objects.get()
    assert entry.action == "Lập kế hoạch" and entry.changes["mã"] == ["", "KH-MOI"]
    assert entry.changes["đơn vị tham gia"] == ["", "CA, V01, V02, VP"]


def test_editing_a_campaign_checks_its_version_and_records_old_and_new(setup_world, q1):
    from campaigns.setup_services import campaign_version

    w = setup_world
    client = client_for(w.centre)
    url = reverse("campaigns:setup_edit", args=[q1.pk])
    version = campaign_version(q1)
    data = {"code": "KH-Q1", "kind": "movement", "title": "Đợt quý I", "start": "2026-01-01", "end": "2026-03-31"}
    data |= {"status": "active", "version": version} | MONTHLY
    assert client.post(url, data).status_code == 302
    q1.refresh_from_db()
    assert (q1.title, q1.status, q1.periods.count()) == ("Đợt quý I", "active", 3)
    changes = AuditEntry.objects.get().changes
    assert changes["tên"] == ["Kế hoạch thử", "Đợt quý I"]
    assert changes["trạng thái"] == ["Dự thảo", "Đang thực hiện"]
    page = client.post(url, data | {"title": "Tab cũ"}).content.decode()
    assert "vừa được người khác thay đổi" in page
    q1.refresh_from_db()
    assert q1.title == "Đợt quý I"


def _targets_form(campaign, rows, version):
    data = {"t-TOTAL_FORMS": str(len(rows)), "t-INITIAL_FORMS": "0", "version": version}
    for n, row in enumerate(rows):
        data.update({f"t-{n}-{k}": v for k, v in row.items()})
    return data


def test_targets_form_refuses_a_floor_above_the_target_and_a_milestone_outside(setup_world):
    from indicators.models import Indicator, Target
    from indicators.setup_services import targets_version

    w = setup_world
    ensure_catalogue()
    campaign = CampaignFactory(commune=w.a1, code="KH-T")  # 2026–2030
    online = Indicator.objects.get(code="TL_HS_TRUC_TUYEN", commune__isnull=True)
    client = client_for(w.centre)
    url = reverse("indicators:setup_targets", args=[campaign.pk])
    version = targets_version(campaign)
    bad_floor = {"indicator": online.pk, "comparator": ">=", "value": "80", "floor": "85"}
    page = client.post(url, _targets_form(campaign, [bad_floor], version)).content.decode()
    assert (
        "Dòng 1 (TL_HS_TRUC_TUYEN), mức tối thiểu: mức tối thiểu (85) không được cao hơn giá trị phấn đấu (80)." in page
    )
    outside = {"indicator": online.pk, "comparator": ">=", "milestones": "2026: 60; 2032: 100"}
    page = client.post(url, _targets_form(campaign, [outside], version)).content.decode()
    assert "Dòng 1 (TL_HS_TRUC_TUYEN), mốc theo năm: năm 2032 nằm ngoài thời gian kế hoạch (2026–2030)." in page
    assert not Target.objects.filter(campaign=campaign).exists() and not AuditEntry.objects.exists()
    good = {"indicator": online.pk, "comparator": ">=", "milestones": "2026: 60 / 50; 2030: 100", "floor": ""}
    assert client.post(url, _targets_form(campaign, [good], version)).status_code == 302
    target_row = Target.objects.get(campaign=campaign)
    assert [(m.year, m.value, m.floor) for m in target_row.milestones.order_by("year")] == [
        (2026, 60, 50),
        (2030, 100, None),
    ]
    assert AuditEntry.objects.get().changes == {
        "TL_HS_TRUC_TUYEN": [
            "",
            "mốc 2026: 60 / 50; 2030: 100; xét theo từng kỳ và lũy kế; phạm vi: Toàn xã và từng đơn vị",
        ]
    }
    page = client.post(url, _targets_form(campaign, [good | {"milestones": "2026: 70"}], version)).content.decode()
    assert "vừa được người khác thay đổi" in page
