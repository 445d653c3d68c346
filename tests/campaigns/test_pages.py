"""Campaign pages: who may do what (rule 9), forms end to end, query counts."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import Campaign, Task, TaskStatus
from campaigns.services import RuleInput, task_create
from campaigns.setup_services import campaign_version
from indicators.models import Indicator, Target, TargetMilestone
from indicators.reporting_forms import form_elements_for, units_reporting
from indicators.services import campaign_copy
from indicators.setup_services import targets_version
from indicators.validation import MilestoneInput, TargetRow, targets_save
from org.models import AuditEntry
from tests.indicators.factories import FormElementFactory, element

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def push(world):
    rule = RuleInput(cadence="weekly", week_start=3, due_weekday=3, due_time=time(10, 0))
    return CampaignFactory(
        commune=world.a1,
        code="PL-45N-2025",
        start=date(2025, 10, 30),
        end=date(2025, 12, 15),
        rules=[rule],
        kind="push",
    )


@pytest.fixture
def other(world):
    return CampaignFactory(commune=world.b1, code="B-1")


def _login(client, user):
    client.force_login(user)
    return client


CREATE_POST = {
    "code": "KH-MOI",
    "kind": "annual",
    "title": "Kế hoạch kiểm soát TTHC năm 2027",
    "start": "2027-01-01",
    "end": "2027-12-31",
    "status": "draft",
    "monthly_on": "on",
    "monthly_due_day": "20",
    "monthly_due_time": "00:00",
    "monthly_due_offset": "1",
}


def test_unit_staff_cannot_create_or_edit_campaigns(client, world, push):
    _login(client, world.staff)
    assert client.get(reverse("campaigns:create")).status_code == 403
    assert client.post(reverse("campaigns:create") + f"?xa={world.a1.pk}", CREATE_POST).status_code == 403
    assert client.get(reverse("campaigns:edit", args=[push.pk])).status_code == 403
    assert client.post(reverse("indicators:campaign_targets", args=[push.pk]), {}).status_code == 403
    assert client.get(reverse("indicators:campaign_copy", args=[push.pk])).status_code == 403
    assert Campaign.objects.count() == 1


def test_unit_staff_and_village_heads_read_their_communes_campaign(client, world, push):
    for user in (world.staff, world.head, world.leader, world.province):
        _login(client, user)
        assert client.get(reverse("indicators:campaign_detail", args=[push.pk])).status_code == 200


def test_another_communes_campaign_is_404_for_everyone_outside_it(client, world, other):
    for user in (world.centre, world.leader, world.staff, world.head, world.province, world.outsider):
        _login(client, user)
        for name in (
            "indicators:campaign_detail",
            "campaigns:edit",
            "indicators:campaign_targets",
            "campaigns:tasks",
            "indicators:campaign_copy",
        ):
            assert client.get(reverse(name, args=[other.pk])).status_code == 404, (user, name)
    assert client.get(reverse("campaigns:list") + f"?xa={world.b1.pk}").status_code == 404


def test_leadership_reads_but_cannot_edit(client, world, push):
    _login(client, world.leader)
    assert client.get(reverse("campaigns:edit", args=[push.pk])).status_code == 403


def test_list_shows_only_the_users_communes(client, world, push, other):
    _login(client, world.staff)
    body = client.get(reverse("campaigns:list")).content.decode()
    assert "PL-45N-2025" in body and "B-1" not in body


def test_the_old_addresses_lead_to_the_set_up_pages_and_write_nothing(client, world, push):
    """The old create / edit / targets pages wrote without a version check or an audit entry:
    they only point to the set-up pages now, a POST to them included."""
    _login(client, world.centre)
    for method in (client.get, client.post):
        response = method(reverse("campaigns:create"), CREATE_POST)
        assert (response.status_code, response.url) == (302, reverse("campaigns:setup_create", args=[world.a1.pk]))
        response = method(reverse("campaigns:edit", args=[push.pk]), CREATE_POST)
        assert (response.status_code, response.url) == (302, reverse("campaigns:setup_edit", args=[push.pk]))
        response = method(reverse("indicators:campaign_targets", args=[push.pk]), {"t-TOTAL_FORMS": "1"})
        assert (response.status_code, response.url) == (302, reverse("indicators:setup_targets", args=[push.pk]))
    assert list(Campaign.objects.values_list("code", flat=True)) == ["PL-45N-2025"]
    push.refresh_from_db()
    assert push.title != CREATE_POST["title"] and not Target.objects.exists()
    body = client.get(reverse("indicators:campaign_detail", args=[push.pk])).content.decode()
    assert reverse("campaigns:setup_edit", args=[push.pk]) in body
    assert reverse("indicators:setup_targets", args=[push.pk]) in body


def test_centre_creates_a_campaign_with_its_monthly_periods(client, world):
    _login(client, world.centre)
    response = client.post(reverse("campaigns:setup_create", args=[world.a1.pk]), CREATE_POST)
    campaign = Campaign.objects.get(code="KH-MOI")
    assert response.status_code == 302
    assert campaign.periods.count() == 12
    assert campaign.units.count() == 4  # every unit of the commune
    assert AuditEntry.objects.filter(action="Lập kế hoạch", campaign_id=campaign.pk).count() == 1


def test_create_form_shows_the_vietnamese_error_and_saves_nothing(client, world, push):
    _login(client, world.centre)
    data = dict(CREATE_POST, code="PL-45N-2025", end="2026-12-31", start="2027-01-01")
    body = client.post(reverse("campaigns:setup_create", args=[world.a1.pk]), data).content.decode()
    assert "Mã kế hoạch “PL-45N-2025” đã có trong xã; hãy chọn mã khác." in body
    assert "Ngày kết thúc (31/12/2026) đứng trước ngày bắt đầu (01/01/2027)." in body
    assert Campaign.objects.count() == 1


def test_targets_page_saves_milestones_and_refuses_a_bad_row_whole(client, world, push):
    _login(client, world.centre)
    online = Indicator.objects.get(code="TL_HS_TRUC_TUYEN", commune__isnull=True)
    rating = Indicator.objects.get(code="TL_HAI_LONG", commune__isnull=True)
    url = reverse("indicators:setup_targets", args=[push.pk])
    base = {"t-TOTAL_FORMS": "2", "t-INITIAL_FORMS": "0", "t-MIN_NUM_FORMS": "0", "t-MAX_NUM_FORMS": "1000"}
    base["version"] = targets_version(push)
    bad = dict(base, **{"t-0-indicator": online.pk, "t-0-comparator": ">=", "t-0-value": "92"})
    bad.update({"t-1-indicator": rating.pk, "t-1-comparator": ">=", "t-1-value": "190"})
    body = client.post(url, bad).content.decode()
    assert "Dòng 2 (TL_HAI_LONG), giá trị: tỷ lệ phải từ 0 đến 100 (đang là 190)." in body
    assert not Target.objects.exists()
    good = dict(bad, **{"t-1-value": "90,5"})
    assert client.post(url, good).status_code == 302
    assert sorted(Target.objects.values_list("indicator__code", "value")) == [
        ("TL_HAI_LONG", Decimal("90.50")),
        ("TL_HS_TRUC_TUYEN", Decimal("92.00")),
    ]
    # the edit form shows them back; the detail page lists them
    assert "90,5" in client.get(url).content.decode()
    assert (
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến"
        in client.get(reverse("indicators:campaign_detail", args=[push.pk])).content.decode()
    )


def test_lead_unit_staff_update_progress_others_cannot(client, world, push):
    task = task_create(campaign=push, content="Tuyên truyền", lead_unit=world.a1_dept, due_date=date(2025, 11, 10))
    url = reverse("campaigns:task_edit", args=[task.pk])
    _login(client, world.head)  # a village head of the same commune: not the lead unit
    assert client.post(url, {"save_progress": "1", "status": "doing"}).status_code == 403
    _login(client, world.staff)
    response = client.post(url, {"save_progress": "1", "status": "done", "completed_on": "2025-11-09"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.completed_on) == (TaskStatus.DONE, date(2025, 11, 9))
    # staff may not rewrite the task itself
    assert client.post(url, {"save_task": "1", "content": "Khác", "lead_unit": world.a1_dept.pk}).status_code == 403


def test_task_list_flags_overdue_in_few_queries(client, world, push, django_assert_max_num_queries):
    for i in range(30):
        task_create(campaign=push, content=f"Nhiệm vụ {i}", lead_unit=world.a1_dept, due_date=date(2025, 11, 5))
    task_create(campaign=push, content="Thường xuyên", lead_unit=world.a1_v1, deadline_kind="recurring")
    _login(client, world.centre)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("campaigns:tasks", args=[push.pk])).content.decode()
    assert body.count("Quá hạn") == 30  # it is 2026 now; the recurring one is not overdue
    assert "31 quá hạn" not in body and "30 quá hạn" in body


def test_detail_page_query_count_does_not_grow_with_rows(client, world, push, django_assert_max_num_queries):
    for i in range(20):
        task_create(campaign=push, content=f"Nhiệm vụ {i}", lead_unit=world.a1_dept, due_date=date(2025, 11, 5))
    online = Indicator.objects.get(code="TL_HS_TRUC_TUYEN", commune__isnull=True)
    targets_save(campaign=push, rows=[TargetRow(indicator=online, value=Decimal("92"))])
    _login(client, world.centre)
    # 16 + the plan's untracked targets + the latest cumulative result (rule 6, issue 12)
    with django_assert_max_num_queries(18):
        body = client.get(reverse("indicators:campaign_detail", args=[push.pk])).content.decode()
    assert "Tuần 7 (11/12–15/12/2025)" in body and "10:00 18/12/2025" in body


def test_forms_by_unit_and_kind(world, push):
    sessions, received, online = element("BUOI_TUYEN_TRUYEN"), element("HS_TIEP_NHAN"), element("HS_TRUC_TUYEN")
    FormElementFactory(campaign=push, element=sessions, unit_kind="village", order=1)
    FormElementFactory(campaign=push, element=online, unit=world.a1_dept, order=2)
    FormElementFactory(campaign=push, element=received, unit=world.a1_dept, order=1)
    assert form_elements_for(campaign=push, unit=world.a1_dept, cadence="weekly") == [received, online]
    assert form_elements_for(campaign=push, unit=world.a1_v2, cadence="weekly") == [sessions]
    assert form_elements_for(campaign=push, unit=world.a1_police, cadence="weekly") == []
    assert units_reporting(campaign=push, cadence="weekly") == [
        world.a1_v1,
        world.a1_v2,
        world.a1_dept,
    ]  # by order, then code
    world.a1_v2.active = False
    world.a1_v2.save()
    assert units_reporting(campaign=push, cadence="weekly") == [world.a1_v1, world.a1_dept]
    assert units_reporting(campaign=push, cadence="monthly") == []


def test_start_from_a_plan_copies_units_rules_forms_targets_and_tasks(world):
    source = CampaignFactory(commune=world.a1, code="NLB-2026", start=date(2026, 6, 11), end=date(2030, 12, 31))
    online = Indicator.objects.get(code="TL_HS_TRUC_TUYEN", commune__isnull=True)
    targets_save(
        campaign=source,
        rows=[
            TargetRow(
                indicator=online,
                milestones=[MilestoneInput(2026, Decimal("80")), MilestoneInput(2030, Decimal("100"))],
            )
        ],
    )
    FormElementFactory(campaign=source, cadence="monthly", element=element("HS_TIEP_NHAN"), unit_kind="village")
    task_create(
        campaign=source,
        content="Rà soát",
        lead_unit=world.a1_dept,
        start=date(2026, 6, 11),
        deadline_kind="quarter",
        due_date=date(2026, 9, 1),
    )
    copy = campaign_copy(
        source=source, start=date(2031, 1, 1), end=date(2035, 12, 31), code="NLB-2031", user=world.centre
    )
    assert (copy.status, copy.copied_from, copy.units.count()) == ("draft", source, 4)
    assert copy.periods.filter(cadence="monthly").count() == 60
    assert list(TargetMilestone.objects.filter(target__campaign=copy).values_list("year", "value")) == [
        (2031, Decimal("80.00")),
        (2035, Decimal("100.00")),
    ]
    assert copy.form_elements.count() == 1
    task = Task.objects.get(campaign=copy)
    # moved by the days between the starts (11/6/2026 → 1/1/2031), then to the quarter's end
    assert (task.start, task.due_date, task.status) == (date(2031, 1, 1), date(2031, 6, 30), "todo")
    assert Task.objects.filter(campaign=source).count() == 1


def test_editing_a_campaign_keeps_its_mau_02_round_rule(client, world, push):
    """The edit page shows the reporting rules, not the Mẫu 02 round rule: saving it must not delete
    the survey rule (and with it the rounds' periods)."""
    from campaigns.models import Cadence, ReportingRule

    _login(client, world.centre)
    client.post(reverse("campaigns:setup_create", args=[world.a1.pk]), CREATE_POST)
    campaign = Campaign.objects.get(code="KH-MOI")
    ReportingRule.objects.create(campaign=campaign, cadence=Cadence.SURVEY, due_day=25, due_time=time(17, 0))
    data = dict(CREATE_POST, title="Kế hoạch kiểm soát TTHC năm 2027 (sửa)", version=campaign_version(campaign))
    assert client.post(reverse("campaigns:setup_edit", args=[campaign.pk]), data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.title.endswith("(sửa)")
    assert sorted(campaign.rules.values_list("cadence", flat=True)) == ["monthly", "survey"]
