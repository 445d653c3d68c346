"""Issue 15: a campaign from one of the five real plans, in the centre's commune, as a draft, with
its rules and periods, report forms, targets (milestones, fields, windows, scope), tasks and an
audit entry. The numbers are counted by hand from demo/plans.py."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import Campaign, Task
from indicators.models import FormElement, Target, TargetMilestone, UntrackedTarget
from org.models import AuditEntry, UnitKind
from tests.org.factories import UnitFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _url(commune) -> str:
    return reverse("demo:setup_from_plan", args=[commune.pk])


def _post(client, commune, n: int, code: str):
    return client.post(_url(commune), {"chon": str(n), f"k{n}-code": code})


def test_the_page_lists_the_five_plans_with_their_counts(setup_world):
    body = client_for(setup_world.centre).get(_url(setup_world.a1)).content.decode()
    for code in ("CL-TD-2026", "DT-TD-2026-2030", "PL-45N-2025", "NLB-DVC-2026-2030", "VP-KSTTHC-2026"):
        assert f'id="mau-{code}"' in body
    # Nguyễn Lương Bằng: 9 targets, 7 of them with a 2026 and a 2030 milestone, 2 untracked, 2 tasks
    assert "9 (14 mốc theo năm); 2 chỉ tiêu chưa theo dõi bằng số liệu" in body
    assert "11/06/2026 – 31/12/2030" in body


def test_the_nguyen_luong_bang_plan_in_another_commune(setup_world):
    """Commune A1 has VP, CA, V01, V02 and no centre unit: the plan's TTPVHCC task goes to VP (the
    plan's lead unit), its VHXH and KT rows report nothing, CA and the villages keep theirs."""
    w = setup_world
    response = _post(client_for(w.centre), w.a1, 3, "NLB-MOI-2026")
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(commune=w.a1, code="NLB-MOI-2026")
    assert (campaign.status, campaign.lead_unit, campaign.units.count()) == ("draft", w.a1_dept, 4)
    assert campaign.notes.startswith("Lập từ kế hoạch mẫu NLB-DVC-2026-2030 của xã Nguyễn Lương Bằng.")
    # one monthly rule due the 5th at 17:00: June 2026 … December 2030 = 7 + 4 × 12 = 55 periods
    assert list(campaign.rules.values_list("cadence", "due_day", "due_time")) == [("monthly", 5, time(17, 0))]
    assert campaign.periods.count() == 55
    # 9 targets; 7 with milestones 2026 and 2030; 3 by field (đất đai, xây dựng, đầu tư)
    targets = Target.objects.filter(campaign=campaign)
    assert targets.count() == 9
    assert TargetMilestone.objects.filter(target__campaign=campaign).count() == 14
    assert sorted(targets.exclude(field=None).values_list("field__code", flat=True)) == [
        "DAT_DAI",
        "DAU_TU",
        "XAY_DUNG",
    ]
    online = targets.get(indicator__code="TL_HS_XU_LY_TOAN_TRINH")
    assert online.value is None
    assert sorted(online.milestones.values_list("year", "value")) == [(2026, Decimal("80")), (2030, Decimal("100"))]
    assert UntrackedTarget.objects.filter(campaign=campaign).count() == 2
    # forms: VP 11 of its own + 14 dossier elements the plans complete = 25; CA 2; the villages 1
    forms = FormElement.objects.filter(campaign=campaign)
    assert forms.filter(unit=w.a1_dept).count() == 25
    assert forms.filter(unit=w.a1_police).count() == 2
    assert list(forms.filter(unit_kind=UnitKind.VILLAGE).values_list("element__code", flat=True)) == [
        "BUOI_TUYEN_TRUYEN"
    ]
    assert forms.count() == 28
    # 2 tasks, both recurring monthly, both led by VP now; no coordinating unit the commune has
    tasks = list(Task.objects.filter(campaign=campaign).order_by("order"))
    assert [(t.order, t.lead_unit, t.deadline_kind) for t in tasks] == [
        (1, w.a1_dept, "recurring"),
        (2, w.a1_dept, "recurring"),
    ]
    assert tasks[0].note.startswith("Kế hoạch giao: Trung tâm Phục vụ hành chính công (xã chưa có đơn vị này).")
    assert [t.coordinating_units.count() for t in tasks] == [0, 0]
    entry = AuditEntry.objects.get(campaign_id=campaign.pk)
    assert entry.action == "Lập kế hoạch từ kế hoạch mẫu" and entry.user == w.centre
    assert entry.changes["chỉ tiêu giao"] == ["", "9"]
    assert entry.changes["nhiệm vụ"] == ["", "2"]
    assert entry.changes["kỳ báo cáo"] == ["", "55"]
    assert entry.changes[f"giao cho {w.a1_dept.name}"] == ["", "Trung tâm Phục vụ hành chính công"]


def test_the_chi_lang_plan_gives_each_village_its_task_and_keeps_windows_and_scope(setup_world):
    w = setup_world
    centre = UnitFactory(commune=w.a1, code="TTPVHCC", kind=UnitKind.CENTRE, order=0)
    assert _post(client_for(w.centre), w.a1, 0, "CL-2026").status_code == 302
    campaign = Campaign.objects.get(commune=w.a1, code="CL-2026")
    # monthly Jun–Dec 7, quarters II–IV 3, halves 2, the year 1
    assert campaign.periods.count() == 13
    assert campaign.targets.count() == 12
    each_village = campaign.targets.get(indicator__code="SO_BUOI_TUYEN_TRUYEN")
    assert (each_village.window, each_village.applies_to, each_village.unit_kind) == ("month", "each_unit", "village")
    # the centre's task, then the villages' task once per village: 1 + 2
    leads = list(Task.objects.filter(campaign=campaign).order_by("order", "lead_unit__code").values_list("lead_unit"))
    assert leads == [(centre.pk,), (w.a1_v1.pk,), (w.a1_v2.pk,)]
    assert campaign.lead_unit == centre


def test_a_code_that_exists_is_refused_beside_its_field_and_nothing_is_saved(setup_world):
    w = setup_world
    client = client_for(w.centre)
    assert _post(client, w.a1, 3, "NLB-MOI").status_code == 302
    before = (Campaign.objects.count(), Target.objects.count(), Task.objects.count(), AuditEntry.objects.count())
    response = _post(client, w.a1, 3, "nlb-moi")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Mã kế hoạch “nlb-moi” đã có trong xã; hãy chọn mã khác." in body
    assert 'class="field has-error"' in body
    assert (
        Campaign.objects.count(),
        Target.objects.count(),
        Task.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_a_commune_without_units_is_told_to_add_them_first(setup_world):
    w = setup_world
    w.a1.units.update(active=False)
    body = _post(client_for(w.centre), w.a1, 1, "DT-MOI").content.decode()
    assert "Xã chưa có đơn vị nào: hãy thêm Trung tâm, các phòng, các thôn trước khi lập kế hoạch." in body
    assert not Campaign.objects.exists()


def test_only_the_centre_of_the_commune_and_superusers_open_it(setup_world):
    w = setup_world
    for user in (w.centre_a2, w.leader, w.staff, w.head, w.province, w.outsider):
        client = client_for(user)
        assert client.get(_url(w.a1)).status_code == 404, user
        assert _post(client, w.a1, 3, "NLB-X").status_code == 404, user
    assert client_for(w.centre).get(_url(w.b1)).status_code == 404
    assert not Campaign.objects.exists()
    assert client_for(w.superuser).get(_url(w.a1)).status_code == 200
    body = client_for(w.centre).get(reverse("campaigns:setup_campaigns") + f"?xa={w.a1.pk}").content.decode()
    assert _url(w.a1) in body
