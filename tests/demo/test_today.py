"""``seed_demo --today``: the demo is alive on the day it stands on. A Vĩnh Phong leader logs in
and sees a period due that week and not yet sent, a report returned with its reason, an overdue
task, a Mẫu 02 round open with one return sent back; every commune has its own role accounts;
stocks never go down; a second run with the same day leaves the same rows.

Seeding takes tens of seconds: each day is seeded once for the whole module, inside a
transaction rolled back at the end (every test runs in a savepoint of it)."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from campaigns.models import Campaign, Task, TaskStatus
from households.models import ReturnStatus, RoundStatus, SurveyRound, VillageReturn
from indicators.models import DataValue
from org.models import Membership, Person, Role
from reporting.models import ReportEvent, ReportStatus, UnitReport

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "ThiDua@2025"
LEGACY = ["admin", "trungtam", "lanhdao", "vanphong", "congan", "truongxom1", "tinh"]


@pytest.fixture(scope="module", params=[date(2026, 12, 2), date(2026, 3, 10)], ids=str)
def day(request, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--today", request.param.isoformat(), stdout=io.StringIO())
        yield request.param
        transaction.set_rollback(True)


@pytest.fixture
def leader(day, db, client):
    with time_machine.travel(datetime.combine(day, time(9, 0), tzinfo=VN), tick=False):
        assert client.login(username="vp.lanhdao", password=PASSWORD)
        yield client


def _text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _snapshot():
    return (
        sorted(UnitReport.objects.values_list("campaign__code", "unit_id", "period_id", "status", "late", "version")),
        DataValue.objects.count(),
        list(DataValue.objects.order_by("pk").values_list("pk", "unit_id", "period_id", "value", "counted")),
        ReportEvent.objects.count(),
        sorted(Task.objects.values_list("pk", "status", "completed_on", "result")),
        sorted(VillageReturn.objects.values_list("survey_round_id", "village_id", "status", "so_khau", "co_vneid")),
        sorted(SurveyRound.objects.values_list("campaign__code", "window_start", "status")),
        sorted(get_user_model().objects.values_list("username", "email", "password")),
        sorted(Person.objects.values_list("user__username", "phone")),
    )


def test_the_leader_sees_a_period_due_this_week_not_yet_sent(day, leader):
    vp = Campaign.objects.get(code="VP-KSTTHC-2026")
    now = datetime.combine(day, time(9, 0), tzinfo=VN)
    due = vp.periods.filter(deadline__gt=now, deadline__lte=now + timedelta(days=7)).order_by("deadline")
    assert due.exists()
    assert not UnitReport.objects.filter(period__in=due).exists()  # nobody has sent it yet
    page = _text(leader.get(f"/ke-hoach/{vp.pk}/"))
    first = due.first()
    assert first.label in page and f"{first.deadline.astimezone(VN):%d/%m/%Y}" in page


def test_the_leader_sees_a_returned_report_with_its_reason(day, leader):
    returned = UnitReport.objects.filter(campaign__code="VP-KSTTHC-2026", status=ReportStatus.RETURNED)
    assert returned.exists()
    report = returned.first()
    assert report.review_comment and report.events.filter(action="return").exists()
    assert report.review_comment in _text(leader.get(f"/bao-cao/{report.pk}/"))
    assert "Trả lại" in _text(leader.get(f"/bao-cao/duyet/ke-hoach/{report.campaign_id}/"))


def test_the_leader_sees_overdue_recurring_and_done_tasks(day, leader):
    vp = Campaign.objects.get(code="VP-KSTTHC-2026")
    overdue = vp.tasks.filter(due_date__lt=day).exclude(status=TaskStatus.DONE)
    assert overdue.exists()
    recurring = vp.tasks.filter(deadline_kind="recurring")
    assert recurring.exists() and all(t.status == TaskStatus.DOING for t in recurring)
    assert all(f"Tháng {day:%m/%Y}" in t.result for t in recurring)  # this month's check-in
    assert all(t.evidence.filter(added_at__date=day).exists() for t in recurring)
    for done in vp.tasks.filter(status=TaskStatus.DONE):
        assert done.completed_on <= day and done.evidence.exists()
    assert vp.tasks.filter(status=TaskStatus.DOING, due_date__gte=day).exists()  # in progress, on time
    page = _text(leader.get(f"/ke-hoach/{vp.pk}/nhiem-vu/"))
    assert f"{overdue.count()} quá hạn" in page and "Thường xuyên" in page


def test_the_leader_sees_an_open_mau_02_round_with_one_return_sent_back(day, leader):
    rounds = SurveyRound.objects.filter(campaign__code="VP-KSTTHC-2026")
    open_round = rounds.get(status=RoundStatus.OPEN)
    assert open_round.window_start <= day <= open_round.due_date
    returns = open_round.returns.all()
    villages = open_round.campaign.commune.units.filter(kind="village").count()
    assert 2 <= returns.count() < villages and returns.filter(status=ReturnStatus.RETURNED).count() == 1
    assert not returns.filter(village__code="V01").exists()  # vp.truongap1 fills it in
    assert all(r.submitted_at.astimezone(VN).date() <= day for r in returns)
    for past in rounds.exclude(pk=open_round.pk):
        assert past.status == RoundStatus.CLOSED and past.due_date < day
        assert set(past.returns.values_list("status", flat=True)) == {ReturnStatus.APPROVED}
        assert past.returns.count() == villages
    page = _text(leader.get(f"/ra-soat/dot/{open_round.pk}/tong/"))
    assert "Trả lại" in page


def test_every_commune_has_its_own_accounts_and_the_seven_stay(day, db, client):
    users = {u.username: u for u in get_user_model().objects.select_related("person")}
    for name in LEGACY:
        assert name in users and users[name].email == f"{name}@xathidua.example"
    assert Membership.objects.get(user=users["truongxom1"]).unit.commune.name == "Phú Lạc"
    assert Membership.objects.get(user=users["tinh"]).province.name == "Thái Nguyên"
    heads = {"cl": "thon", "dt": "thon", "pl": "xom", "nlb": "thon", "vp": "ap", "lb": "xom", "px": "xom", "qc": "xom"}
    for prefix, word in heads.items():
        for role in ("trungtam", "lanhdao", "vanphong", "congan", f"truong{word}1"):
            assert f"{prefix}.{role}" in users, (prefix, role)
    vp_head = Membership.objects.get(user=users["vp.truongap1"])
    assert (vp_head.role, vp_head.unit.code, vp_head.unit.commune.name) == (Role.VILLAGE_HEAD, "V01", "Vĩnh Phong")
    phones = [u.person.phone for u in users.values()]
    assert len(phones) == len(set(phones)) == 47 and all(re.fullmatch(r"09000000\d\d", p) for p in phones)
    assert all(u.email.endswith("@xathidua.example") for u in users.values())
    assert client.login(username="nlb.trungtam", password=PASSWORD)


def test_stocks_never_go_down(day, db):
    series: dict[tuple, list] = defaultdict(list)
    rows = DataValue.objects.filter(
        campaign__code__in=["VP-KSTTHC-2026", "DT-TD-2026-2030"], element__aggregation="last", field__isnull=True
    ).exclude(element__code__startswith="M02_")
    for unit, code, cadence, value in rows.order_by("period__start").values_list(
        "unit_id", "element__code", "period__cadence", "value"
    ):
        series[(unit, code, cadence)].append(value)
    assert series
    for key, values in series.items():
        assert values == sorted(values), key
        if key[1].startswith(("TTHC_DU", "NGUOI_TRUONG", "CBCC_TONG")):
            assert values[-1] - values[0] <= 2 + len(values) * 15, key  # small steps


def test_a_second_run_with_the_same_day_leaves_the_same_rows(day, db):
    before = _snapshot()
    call_command("seed_demo", "--today", day.isoformat(), stdout=io.StringIO())
    assert _snapshot() == before


def test_every_demo_dashboard_leads_and_stays_under_100_kb(day, client):
    """Issue 15: the first screen says what is off target and who is late; overdue tasks are one
    row per task (the villages listed in it); indicators with no target fold away; under 100 KB."""
    with time_machine.travel(datetime.combine(day, time(9, 0), tzinfo=VN), tick=False):
        assert client.login(username="admin", password=PASSWORD)
        for campaign in Campaign.objects.order_by("code"):
            response = client.get(f"/bao-cao/bang-dieu-hanh/{campaign.pk}/")
            assert response.status_code == 200
            html = response.content.decode()
            assert len(response.content) < 100_000, (campaign.code, len(response.content))
            assert "Chưa đạt chỉ tiêu:" in html and "Nhiệm vụ quá hạn:" in html
            overdue = re.findall(
                r"<li>([^<]+) <span class=\"muted\">– [^<]*, hạn ([0-9/]+)</span> <span class=\"status status-overdue\">",
                html,
            )
            assert len(overdue) == len(set(overdue)), campaign.code  # one row per task and deadline
