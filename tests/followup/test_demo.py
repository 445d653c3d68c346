"""Over the demo seeded on Wednesday 19/11/2025 (the Thái Nguyên 45-day pushes running; La
Bằng's week 3 due Thursday 20/11 at 10:00 and not yet sent): a reminder run reaches every unit
that has an account in the inbox and by e-mail exactly once, however often it runs, and names
every unit without one; "Việc cần làm" shows ``lb.vanphong`` its report due with a countdown,
``lanhdao`` Phú Lạc's late counts, and the block of ``truongxom1`` its open Mẫu 02 rounds.

(Phú Lạc's own story is filled up front, every week sent whatever the seeding day, so the
legacy ``vanphong`` has nothing due on any day; La Bằng's ``lb.vanphong`` stands in for it.)"""

from __future__ import annotations

import io
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from campaigns.models import Campaign, Period
from campaigns.selectors import overdue_tasks
from followup.selectors import todo_for_user
from notify.channels import ascii_fold
from notify.models import Channel, Delivery, DeliveryState, InboxItem
from notify.selectors import unit_people
from reporting.models import COUNTED_STATUSES, UnitReport
from reporting.selectors import units_reporting

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SEED_DAY = "2025-11-19"
MORNING = datetime(2025, 11, 19, 9, 0, tzinfo=VN)
RUN_AT = datetime(2025, 11, 20, 9, 30, tzinfo=VN)  # the deadline's morning, after the 07:00 lead time


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--today", SEED_DAY, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def remind(demo, db, django_capture_on_commit_callbacks):
    from followup.services import reminders_run

    def go(now):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_run(now=now)

    return go


def _due_period():
    campaign = Campaign.objects.get(code="LB-45N-2025")
    period = Period.objects.get(campaign=campaign, deadline=datetime(2025, 11, 20, 10, 0, tzinfo=VN))
    return campaign, period


def test_a_run_reaches_every_unit_with_an_account_once_in_the_inbox_and_by_email(remind):
    campaign, period = _due_period()
    done = set(UnitReport.objects.filter(period=period, status__in=COUNTED_STATUSES).values_list("unit_id", flat=True))
    owing = [u for u in units_reporting(campaign=campaign, cadence=period.cadence) if u.pk not in done]
    assert owing, "the demo leaves some of the week due on Thursday to be sent"
    remind(RUN_AT)
    runs = remind(RUN_AT)  # run twice: nothing new
    assert [r for r in runs if r.commune_id == campaign.commune_id] == []
    topic = f"period:{period.pk}"
    with_people = [u for u in owing if unit_people(u)]
    assert {u.code for u in with_people} == {"VP", "CA", "V01"}  # the units with demo accounts
    for unit in with_people:
        for user in unit_people(unit):
            inbox = Delivery.objects.filter(unit=unit, topic=topic, user=user, channel=Channel.INBOX)
            email = Delivery.objects.get(unit=unit, topic=topic, user=user, channel=Channel.EMAIL)
            assert inbox.count() == 1 and inbox[0].state == DeliveryState.SENT
            assert email.state == DeliveryState.SENT, email.reason
            assert Counter(tuple(m.to) for m in mail.outbox if period.label in m.subject)[(user.email,)] == 1
            assert InboxItem.objects.filter(user=user, subject__contains=period.label).count() == 1
    # every message of the run (reports, tasks, Mẫu 02 rounds of every commune) fits one SMS
    texts = set(Delivery.objects.values_list("text", flat=True))
    assert len(texts) > 10
    assert max(len(ascii_fold(t)) for t in texts) <= 160, max(texts, key=len)
    # a unit without any account is not skipped in silence: the run that reminded it warns of it
    without = {u.pk for u in owing if not unit_people(u)}
    warned = set()
    from notify.models import Run

    for run in Run.objects.filter(commune_id=campaign.commune_id):
        warned |= {w["unit_id"] for w in run.unreachable}
    assert without <= warned


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_vanphong_lands_on_what_is_due_with_a_countdown(demo, db, client):
    _, period = _due_period()
    with time_machine.travel(MORNING, tick=False):
        response = client.post(reverse("login"), {"username": "lb.vanphong", "password": "ThiDua@2025"})
        assert response.status_code == 302 and response["Location"] == reverse("dashboards:todo")
        text = client.get(reverse("dashboards:todo")).content.decode()
    assert "Việc cần làm" in text
    assert f"Báo cáo {period.label}</a> – Văn phòng HĐND-UBND" in text
    assert "hạn 10:00 20/11/2025" in text
    assert "còn 1 ngày 1 giờ" in text  # Wednesday 09:00 → Thursday 10:00


def test_lanhdao_sees_the_communes_late_counts_with_links(demo, db, client):
    _login(client, "lanhdao")
    with time_machine.travel(MORNING, tick=False):
        todo = todo_for_user(get_user_model().objects.get(username="lanhdao"))
        text = client.get(reverse("dashboards:todo")).content.decode()
    [phu_lac] = todo.communes
    assert "Việc chậm của xã" in text
    assert f"{phu_lac['missing']} báo cáo chưa nộp khi hết hạn" in text
    assert f"{phu_lac['overdue_tasks']} nhiệm vụ quá hạn" in text
    assert phu_lac["returned"] == 1  # the story: VHXH's week 5 returned with a reason
    as_of = MORNING.date()
    expected_overdue = sum(
        len(overdue_tasks(c, as_of))
        for c in Campaign.objects.filter(commune=phu_lac["commune"]).exclude(status="closed")
    )
    assert phu_lac["overdue_tasks"] == expected_overdue > 0
    assert reverse("reporting:review_home") in text


def test_truongxom1_block_shows_the_villages_work(demo, db):
    user = get_user_model().objects.get(username="truongxom1")
    with time_machine.travel(MORNING, tick=False):
        todo = todo_for_user(user)
        request = RequestFactory().get("/")
        request.user = user
        html = Template("{% load followup_todo %}{% todo_block %}").render(Context({"request": request}))
    assert {(r["village"].code, r["countdown"]) for r in todo.rounds} == {
        ("V01", "còn 21 ngày"),
        ("V01", "còn 52 ngày"),
    }
    assert "Việc cần làm" in html
    for item in todo.reports_due:
        assert item["url"] in html
    for item in todo.rounds:
        assert item["url"] in html and item["village"].name in html
