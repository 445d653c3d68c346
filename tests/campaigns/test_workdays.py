"""Working days and Vietnam's public holidays 2025–2030 (issue 12.7), and plans' dates as
written: a blank number or day stays blank."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from campaigns import workdays
from campaigns.models import plan_date_text, plan_number_text
from campaigns.periods import period_specs
from campaigns.services import RuleInput

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def d(text: str) -> date:
    day, month, year = (int(x) for x in text.split("/"))
    return date(year, month, day)


# Weekday days off of each year, read off the calendar by hand: Tết (giao thừa + the first
# four days of the lunar year, and the swapped / compensatory days), 1/1, Giỗ Tổ (10/3 âm
# lịch), 30/4, 1/5, 2/9 with the day beside it, and 24/11 from 2026.
WEEKDAYS_OFF = {
    2025: "01/01 27/01 28/01 29/01 30/01 31/01 07/04 30/04 01/05 02/05 01/09 02/09",
    2026: "01/01 16/02 17/02 18/02 19/02 20/02 27/04 30/04 01/05 31/08 01/09 02/09 24/11",
    2027: "01/01 04/02 05/02 08/02 09/02 10/02 16/04 30/04 03/05 02/09 03/09 24/11",
    2028: "03/01 24/01 25/01 26/01 27/01 28/01 04/04 01/05 02/05 01/09 04/09 24/11",
    2029: "01/01 12/02 13/02 14/02 15/02 16/02 23/04 30/04 01/05 03/09 04/09 26/11",
    2030: "01/01 31/01 01/02 04/02 05/02 06/02 12/04 30/04 01/05 02/09 03/09 25/11",
}
# The first day of the lunar year (mùng 1 Tết) and Giỗ Tổ Hùng Vương, by the lunar calendar.
# 2030: the new moon falls at 23:07 on 02/02 in Vietnam (UTC+7) but after midnight in China, so
# Tết Canh Tuất is Saturday 02/02/2030 here, a day before China's Spring Festival.
TET = {2025: "29/01", 2026: "17/02", 2027: "06/02", 2028: "26/01", 2029: "13/02", 2030: "02/02"}
GIO_TO = {2025: "07/04", 2026: "26/04", 2027: "16/04", 2028: "04/04", 2029: "23/04", 2030: "12/04"}


@pytest.mark.parametrize("year", range(2025, 2031))
def test_the_days_off_of_each_year(year):
    expected = {d(f"{text}/{year}") for text in WEEKDAYS_OFF[year].split()}
    weekday_holidays = {day for day in workdays.holidays_of(year) if day.weekday() < 5}
    assert weekday_holidays == expected
    assert workdays.holiday_name(d(f"{TET[year]}/{year}")) == "Tết Nguyên Đán"
    assert workdays.holiday_name(d(f"{GIO_TO[year]}/{year}")) == "Ngày Giỗ Tổ Hùng Vương"
    assert workdays.holiday_name(date(year, 9, 2)) == "Quốc khánh"
    assert any("Bộ luật Lao động 2019, Điều 112" in s for s in workdays.sources_of(year))


def test_a_working_day_is_monday_to_friday_outside_the_holidays():
    assert workdays.is_working_day(d("03/09/2025"))  # Wednesday after Quốc khánh
    assert not workdays.is_working_day(d("02/09/2025"))
    assert not workdays.is_working_day(d("06/12/2025"))  # Saturday
    assert workdays.holiday_name(d("07/12/2025")) == "Chủ Nhật"
    assert workdays.next_working_day(d("30/08/2025")) == d("03/09/2025")  # Sat → past 1–2/9
    assert workdays.next_working_day(d("10/12/2025")) == d("10/12/2025")


def _rule(**kw):
    return RuleInput(**{"cadence": "monthly", "due_time": time(17, 0), **kw})


def test_a_monthly_deadline_on_quoc_khanh_moves_to_the_next_working_day():
    # due on the 2nd of the next month: August 2025 is due Tuesday 02/09/2025 (Quốc khánh;
    # 01/09 also off) → Wednesday 03/09/2025
    specs = period_specs(cadence="monthly", start=d("01/08/2025"), end=d("30/09/2025"), rule=_rule(due_day=2))
    assert specs[0].deadline == datetime(2025, 9, 3, 17, 0, tzinfo=VN)
    # September is due Thursday 02/10/2025, a working day: unchanged
    assert specs[1].deadline == datetime(2025, 10, 2, 17, 0, tzinfo=VN)


def test_a_weekly_deadline_in_tet_moves_past_tet_unless_the_rule_keeps_it():
    # weeks Monday–Sunday due Tuesday of the next week: the week 09–15/02/2026 is due Tuesday
    # 17/02/2026, mùng 1 Tết; 16–20/02 are off and 21–22/02 the weekend → Monday 23/02
    rule = _rule(cadence="weekly", week_start=0, due_weekday=1)
    specs = period_specs(cadence="weekly", start=d("09/02/2026"), end=d("22/02/2026"), rule=rule)
    assert [s.deadline for s in specs] == [
        datetime(2026, 2, 23, 17, 0, tzinfo=VN),
        datetime(2026, 2, 24, 17, 0, tzinfo=VN),  # 16–22/02 due Tuesday 24/02: a working day
    ]
    kept = _rule(cadence="weekly", week_start=0, due_weekday=1, working_days_only=False)
    specs = period_specs(cadence="weekly", start=d("09/02/2026"), end=d("15/02/2026"), rule=kept)
    assert specs[0].deadline == datetime(2026, 2, 17, 17, 0, tzinfo=VN)


def test_a_deadline_on_a_sunday_moves_to_monday():
    # quarterly due the 10th: Q4/2026 is due Sunday 10/01/2027 → Monday 11/01/2027
    specs = period_specs(cadence="quarterly", start=d("01/10/2026"), end=d("31/12/2026"), rule=_rule(due_day=10))
    assert specs[0].deadline == datetime(2027, 1, 11, 17, 0, tzinfo=VN)


def test_a_blank_number_or_day_stays_blank():
    assert plan_number_text("/KH-UBND") == "…/KH-UBND"
    assert plan_number_text("91/KH-UBND") == "91/KH-UBND"
    assert plan_number_text("") == ""
    assert plan_date_text(None, month=6, year=2026) == "ngày … tháng 6 năm 2026"
    assert plan_date_text(None, year=2026) == "ngày … tháng … năm 2026"
    assert plan_date_text(d("03/11/2025")) == "ngày 03 tháng 11 năm 2025"
    # Nghị định 30/2020: a leading 0 for a day below 10 and for months 1 and 2 only
    assert plan_date_text(d("11/06/2026")) == "ngày 11 tháng 6 năm 2026"
    assert plan_date_text(d("10/02/2026")) == "ngày 10 tháng 02 năm 2026"
    assert plan_date_text(None) == ""


@pytest.mark.django_db
def test_a_plan_with_a_blank_number_and_day_prints_them_blank_on_its_page_and_in_documents(client, world):
    from documents.exporters.common import campaign_ref
    from tests.campaigns.factories import CampaignFactory

    plan = CampaignFactory(
        commune=world.a1, code="CL", title="Phát động phong trào thi đua", number="/KH-UBND",
        issued_month=6, issued_year=2026, start=d("01/06/2026"), end=d("31/12/2026"),
    )  # fmt: skip
    assert plan.issued_on is None  # no invented date
    assert campaign_ref(plan).startswith("Kế hoạch số …/KH-UBND ngày … tháng 6 năm 2026 của UBND xã")
    client.force_login(world.centre)
    page = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Số: …/KH-UBND, ngày … tháng 6 năm 2026" in page
