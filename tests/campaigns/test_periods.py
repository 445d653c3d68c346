"""Period generation and deadlines (docs/design.md rule 7), Asia/Ho_Chi_Minh."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from campaigns.models import Period
from campaigns.services import RuleInput, periods_generate

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=VN)


def rows(campaign, cadence):
    return [
        (p.index, p.label, p.start, p.end, p.deadline.astimezone(VN))
        for p in campaign.periods.filter(cadence=cadence).order_by("start")
    ]


PHU_LAC_WEEKLY = RuleInput(cadence="weekly", week_start=3, due_weekday=3, due_time=time(10, 0))


def test_phu_lac_push_weeks_run_thursday_to_wednesday_due_thursday_10(world):
    push = CampaignFactory(
        commune=world.a1, code="PL-45N-2025", start=date(2025, 10, 30), end=date(2025, 12, 15), rules=[PHU_LAC_WEEKLY]
    )
    assert rows(push, "weekly") == [
        (1, "Tuần 1 (30/10–05/11/2025)", date(2025, 10, 30), date(2025, 11, 5), vn(2025, 11, 6, 10)),
        (2, "Tuần 2 (06/11–12/11/2025)", date(2025, 11, 6), date(2025, 11, 12), vn(2025, 11, 13, 10)),
        (3, "Tuần 3 (13/11–19/11/2025)", date(2025, 11, 13), date(2025, 11, 19), vn(2025, 11, 20, 10)),
        (4, "Tuần 4 (20/11–26/11/2025)", date(2025, 11, 20), date(2025, 11, 26), vn(2025, 11, 27, 10)),
        (5, "Tuần 5 (27/11–03/12/2025)", date(2025, 11, 27), date(2025, 12, 3), vn(2025, 12, 4, 10)),
        (6, "Tuần 6 (04/12–10/12/2025)", date(2025, 12, 4), date(2025, 12, 10), vn(2025, 12, 11, 10)),
        # the last week is short (Thursday–Monday) and still due the Thursday after
        (7, "Tuần 7 (11/12–15/12/2025)", date(2025, 12, 11), date(2025, 12, 15), vn(2025, 12, 18, 10)),
    ]
    # 10:00 in Vietnam is 03:00 UTC
    assert push.periods.get(index=1).deadline == datetime(2025, 11, 6, 3, 0, tzinfo=ZoneInfo("UTC"))


def test_a_push_starting_on_thursday_has_a_short_first_week_when_weeks_start_monday(world):
    rule = RuleInput(cadence="weekly", week_start=0, due_weekday=3, due_time=time(10, 0))
    push = CampaignFactory(commune=world.a1, code="X", start=date(2025, 10, 30), end=date(2025, 11, 16), rules=[rule])
    assert rows(push, "weekly") == [
        (1, "Tuần 1 (30/10–02/11/2025)", date(2025, 10, 30), date(2025, 11, 2), vn(2025, 11, 6, 10)),
        (2, "Tuần 2 (03/11–09/11/2025)", date(2025, 11, 3), date(2025, 11, 9), vn(2025, 11, 13, 10)),
        (3, "Tuần 3 (10/11–16/11/2025)", date(2025, 11, 10), date(2025, 11, 16), vn(2025, 11, 20, 10)),
    ]


def test_vinh_phong_monthly_is_due_before_the_20th_of_the_next_month(world):
    rule = RuleInput(cadence="monthly", due_day=20, due_time=time(0, 0))
    plan = CampaignFactory(commune=world.a1, code="VP", start=date(2026, 1, 1), end=date(2026, 12, 31), rules=[rule])
    got = rows(plan, "monthly")
    assert len(got) == 12
    # "trước ngày 20" is 00:00 on the 20th, so the 19th is the last day to send: 19/02/2026 is
    # the third day of Tết (16–20/02 off), so January's report is due by the end of Monday 23/02
    assert got[0] == (1, "Tháng 01/2026", date(2026, 1, 1), date(2026, 1, 31), vn(2026, 2, 24, 0))
    assert got[1] == (2, "Tháng 02/2026", date(2026, 2, 1), date(2026, 2, 28), vn(2026, 3, 20, 0))
    # 19/04/2026 is a Sunday: by the end of Monday 20/04
    assert got[2][4] == vn(2026, 4, 21, 0)
    assert got[11] == (12, "Tháng 12/2026", date(2026, 12, 1), date(2026, 12, 31), vn(2027, 1, 20, 0))


def test_vinh_phong_weekly_is_closed_friday_16_the_day_after_the_week(world):
    # weeks Friday–Thursday (the plan's "chốt số liệu tuần vào 16h thứ Sáu"); 1/1/2026 is a Thursday
    rule = RuleInput(cadence="weekly", week_start=4, due_weekday=4, due_time=time(16, 0))
    plan = CampaignFactory(commune=world.a1, code="VP", start=date(2026, 1, 1), end=date(2026, 12, 31), rules=[rule])
    got = rows(plan, "weekly")
    assert got[0] == (1, "Tuần 1 (01/01–01/01/2026)", date(2026, 1, 1), date(2026, 1, 1), vn(2026, 1, 2, 16))
    assert got[1] == (2, "Tuần 2 (02/01–08/01/2026)", date(2026, 1, 2), date(2026, 1, 8), vn(2026, 1, 9, 16))
    # the last week is due Friday 01/01/2027, New Year's Day: moved to Monday 04/01/2027
    assert got[-1][2:] == (date(2026, 12, 25), date(2026, 12, 31), vn(2027, 1, 4, 16))
    assert len(got) == 53


def test_quarters_halves_and_years_are_cut_to_the_campaign(world):
    rules = [
        RuleInput(cadence="quarterly", due_day=10, due_time=time(17, 0)),
        RuleInput(cadence="half_yearly", due_day=10, due_time=time(17, 0)),
        RuleInput(cadence="yearly", due_day=10, due_time=time(17, 0)),
    ]
    plan = CampaignFactory(commune=world.a1, code="CL", start=date(2026, 6, 1), end=date(2026, 12, 31), rules=rules)
    assert [(label, s, e, d) for _, label, s, e, d in rows(plan, "quarterly")] == [
        ("Quý II/2026", date(2026, 6, 1), date(2026, 6, 30), vn(2026, 7, 10, 17)),
        # 10/10/2026 is a Saturday, 10/01/2027 a Sunday: both move to the Monday after
        ("Quý III/2026", date(2026, 7, 1), date(2026, 9, 30), vn(2026, 10, 12, 17)),
        ("Quý IV/2026", date(2026, 10, 1), date(2026, 12, 31), vn(2027, 1, 11, 17)),
    ]
    assert [r[1] for r in rows(plan, "half_yearly")] == ["6 tháng đầu năm 2026", "6 tháng cuối năm 2026"]
    assert rows(plan, "yearly") == [(1, "Năm 2026", date(2026, 6, 1), date(2026, 12, 31), vn(2027, 1, 11, 17))]


def test_a_week_across_new_year_names_both_years(world):
    rule = RuleInput(cadence="weekly", week_start=0, due_weekday=0, due_time=time(9, 0))
    plan = CampaignFactory(commune=world.a1, code="Y", start=date(2025, 12, 29), end=date(2026, 1, 4), rules=[rule])
    assert rows(plan, "weekly")[0][1] == "Tuần 1 (29/12/2025–04/01/2026)"


def test_generating_twice_changes_nothing_and_new_dates_follow(world):
    push = CampaignFactory(
        commune=world.a1, code="PL", start=date(2025, 10, 30), end=date(2025, 12, 15), rules=[PHU_LAC_WEEKLY]
    )
    before = list(Period.objects.filter(campaign=push).values_list("pk", "label", "start", "end", "deadline"))
    periods_generate(campaign=push)
    periods_generate(campaign=push)
    after = list(Period.objects.filter(campaign=push).values_list("pk", "label", "start", "end", "deadline"))
    assert after == before
    push.end = date(2025, 12, 3)
    push.save()
    periods_generate(campaign=push)
    assert [p.label for p in push.periods.order_by("start")][-1] == "Tuần 5 (27/11–03/12/2025)"
    assert push.periods.count() == 5
