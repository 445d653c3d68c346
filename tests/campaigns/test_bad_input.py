"""Bad input gets a Vietnamese message naming the field, and nothing is saved (rule 10)."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import Campaign, Period, ReportingRule, Task
from campaigns.services import RuleInput, campaign_create, task_create
from indicators.models import Indicator, Target, TargetMilestone
from indicators.validation import MilestoneInput, TargetRow, parse_milestones, targets_save

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db


def _indicator(code):
    return Indicator.objects.get(code=code, commune__isnull=True)


@pytest.fixture
def campaign(world):
    return CampaignFactory(commune=world.a1, code="NLB", start=date(2026, 6, 11), end=date(2030, 12, 31))


def test_end_before_start_is_refused_and_nothing_is_created(world):
    with pytest.raises(ValidationError) as exc:
        CampaignFactory(commune=world.a1, code="X", start=date(2026, 6, 1), end=date(2026, 5, 31))
    assert exc.value.message_dict["end"] == ["Ngày kết thúc (31/05/2026) đứng trước ngày bắt đầu (01/06/2026)."]
    assert not Campaign.objects.exists() and not Period.objects.exists()


def test_a_duplicate_code_in_the_commune_is_refused_but_another_commune_may_use_it(world):
    CampaignFactory(commune=world.a1, code="PL-45N-2025")
    with pytest.raises(ValidationError) as exc:
        CampaignFactory(commune=world.a1, code="pl-45n-2025")
    assert exc.value.message_dict["code"] == ["Mã kế hoạch “pl-45n-2025” đã có trong xã; hãy chọn mã khác."]
    assert Campaign.objects.count() == 1
    CampaignFactory(commune=world.a2, code="PL-45N-2025")


def test_a_weekly_deadline_inside_its_own_week_is_refused(world):
    # weeks Thursday–Wednesday, due Wednesday 10:00 of the same week: before the week ends
    rule = RuleInput(cadence="weekly", week_start=3, due_weekday=2, due_time=time(10, 0), due_offset=0)
    with pytest.raises(ValidationError) as exc:
        CampaignFactory(commune=world.a1, code="X", start=date(2025, 10, 30), end=date(2025, 12, 15), rules=[rule])
    (message,) = exc.value.message_dict["rules"]
    assert message.startswith("Quy định báo cáo Hằng tuần: Hạn nộp 10:00 05/11/2025 của kỳ Tuần 1 (30/10–05/11/2025)")
    assert not Campaign.objects.exists() and not ReportingRule.objects.exists()


def test_a_monthly_deadline_in_the_same_month_is_refused(world):
    rule = RuleInput(cadence="monthly", due_day=20, due_time=time(0, 0), due_offset=0)
    with pytest.raises(ValidationError) as exc:
        CampaignFactory(commune=world.a1, code="X", start=date(2026, 1, 1), end=date(2026, 12, 31), rules=[rule])
    assert "Hạn nộp 00:00 20/01/2026 của kỳ Tháng 01/2026" in exc.value.message_dict["rules"][0]
    assert not Campaign.objects.exists()


def test_a_weekly_rule_without_its_weekday_is_refused(world):
    rule = RuleInput(cadence="weekly", due_time=time(10, 0))
    with pytest.raises(ValidationError) as exc:
        CampaignFactory(commune=world.a1, code="X", rules=[rule])
    assert exc.value.message_dict["rules"] == [
        "Quy định báo cáo Hằng tuần: Kỳ hằng tuần cần ngày bắt đầu tuần và thứ hạn nộp."
    ]


def test_a_task_deadline_before_its_start_is_refused(campaign, world):
    with pytest.raises(ValidationError) as exc:
        task_create(
            campaign=campaign, content="A", lead_unit=world.a1_dept, start=date(2026, 7, 1), due_date=date(2026, 6, 30)
        )
    assert exc.value.message_dict["due_date"] == [
        "Thời hạn hoàn thành (30/06/2026) đứng trước thời gian bắt đầu (01/07/2026)."
    ]
    assert not Task.objects.exists()


def test_a_task_led_by_another_communes_unit_is_refused(campaign, world):
    with pytest.raises(ValidationError) as exc:
        task_create(campaign=campaign, content="A", lead_unit=world.a2_dept, due_date=date(2026, 7, 1))
    assert exc.value.message_dict["lead_unit"] == ["Cơ quan chủ trì phải thuộc xã của kế hoạch."]


def test_a_ratio_target_above_100_is_refused_with_its_row_and_field(campaign):
    rows = [
        TargetRow(indicator=_indicator("TL_HS_TRUC_TUYEN"), value=Decimal("92")),
        TargetRow(indicator=_indicator("TL_SO_HOA"), value=Decimal("100.5")),
    ]
    with pytest.raises(ValidationError) as exc:
        targets_save(campaign=campaign, rows=rows)
    assert exc.value.messages == ["Dòng 2 (TL_SO_HOA), giá trị: tỷ lệ phải từ 0 đến 100 (đang là 100,5)."]
    assert not Target.objects.exists()


def test_a_negative_ratio_floor_is_refused(campaign):
    rows = [TargetRow(indicator=_indicator("TL_DUNG_HAN"), value=Decimal("100"), floor=Decimal("-1"))]
    with pytest.raises(ValidationError) as exc:
        targets_save(campaign=campaign, rows=rows)
    assert exc.value.messages == ["Dòng 1 (TL_DUNG_HAN), mức tối thiểu: tỷ lệ phải từ 0 đến 100 (đang là -1)."]


def test_a_count_target_may_exceed_100(campaign):
    targets_save(
        campaign=campaign, rows=[TargetRow(indicator=_indicator("SO_BUOI_TUYEN_TRUYEN"), value=Decimal("120"))]
    )
    assert Target.objects.get().value == Decimal("120")


def test_a_milestone_year_outside_the_campaign_is_refused(campaign):
    rows = [
        TargetRow(
            indicator=_indicator("TL_HS_TRUC_TUYEN"),
            milestones=[MilestoneInput(2026, Decimal("80")), MilestoneInput(2031, Decimal("100"))],
        )
    ]
    with pytest.raises(ValidationError) as exc:
        targets_save(campaign=campaign, rows=rows)
    assert exc.value.messages == [
        "Dòng 1 (TL_HS_TRUC_TUYEN), mốc theo năm: năm 2031 nằm ngoài thời gian kế hoạch (2026–2030)."
    ]
    assert not Target.objects.exists() and not TargetMilestone.objects.exists()


def test_a_floor_above_the_stretch_value_is_refused(campaign):
    rows = [TargetRow(indicator=_indicator("TL_DUNG_HAN"), value=Decimal("95"), floor=Decimal("100"))]
    with pytest.raises(ValidationError) as exc:
        targets_save(campaign=campaign, rows=rows)
    assert exc.value.messages == [
        "Dòng 1 (TL_DUNG_HAN), mức tối thiểu: mức tối thiểu (100) không được cao hơn giá trị phấn đấu (95)."
    ]


def test_lower_is_better_needs_at_most(campaign):
    rows = [TargetRow(indicator=_indicator("TL_BO_SUNG_NHIEU_LAN"), comparator=">=", value=Decimal("5"))]
    with pytest.raises(ValidationError) as exc:
        targets_save(campaign=campaign, rows=rows)
    assert "so sánh: chỉ tiêu càng thấp càng tốt phải dùng ≤ hoặc <" in exc.value.messages[0]
    targets_save(campaign=campaign, rows=[TargetRow(indicator=rows[0].indicator, comparator="<=", value=Decimal("5"))])


def test_two_targets_for_the_same_scope_are_refused(campaign):
    ind = _indicator("TL_HAI_LONG")
    rows = [TargetRow(indicator=ind, value=Decimal("90")), TargetRow(indicator=ind, value=Decimal("95"))]
    with pytest.raises(ValidationError) as exc:
        targets_save(campaign=campaign, rows=rows)
    assert exc.value.messages == ["Dòng 2 (TL_HAI_LONG), phạm vi: trùng với dòng 1 (cùng chỉ tiêu, cùng phạm vi)."]


def test_milestones_are_parsed_the_vietnamese_way():
    got = parse_milestones("2026: 80; 2030: 100 / 95\n2028: 92,5")
    assert [(m.year, m.value, m.floor) for m in got] == [
        (2026, Decimal("80"), None),
        (2030, Decimal("100"), Decimal("95")),
        (2028, Decimal("92.5"), None),
    ]
    with pytest.raises(ValidationError) as exc:
        parse_milestones("năm 2026 là 80")
    assert exc.value.messages == ["Mốc “năm 2026 là 80” không đúng dạng “năm: giá trị” (ví dụ “2026: 80; 2030: 100”)."]


def test_a_campaign_with_an_unknown_kind_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        campaign_create(
            commune=world.a1, code="X", kind="nope", title="T", start=date(2026, 1, 1), end=date(2026, 2, 1)
        )
    assert exc.value.message_dict["kind"] == ["Loại kế hoạch không hợp lệ."]
