"""The reminder run over a small weekly campaign (due Thursday 10:00): the day before at
16:00 and the morning itself, missing after the deadline to the unit and the centre, a
returned report with its reason, tasks due and overdue, a Mẫu 02 round; once per unit ×
period × kind × person × channel, however often or however concurrently it runs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection

from campaigns.models import Task
from followup import services as followup_services
from followup.models import FollowupSettings
from followup.services import reminders_run
from notify.models import Channel, Delivery, DeliveryState, InboxItem
from notify.tasks import delivery_send
from org.models import Person
from reporting import services
from tests.reporting.conftest import figures

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db
EVE = datetime(2025, 11, 12, 16, 5, tzinfo=VN)  # the day before Thursday 13/11/2025 10:00


def _submit(rw, unit, period, at):
    report = services.unit_report_open(campaign=rw.campaign, unit=unit, period=period)
    code = "HS_TIEP_NHAN" if unit == rw.w.a1_dept else "BUOI_TUYEN_TRUYEN"
    return services.unit_report_submit(
        report=report, user=rw.w.centre, expected_version=report.version, values=figures(rw, **{code: 3}), now=at
    )


def _mails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_the_day_before_at_16_the_units_not_in_hear_once_by_inbox_and_email(rw, remind):
    _submit(rw, rw.w.a1_v2, rw.periods[0], datetime(2025, 11, 10, 9, 0, tzinfo=VN))
    assert remind(EVE - timedelta(minutes=10)) == []  # 15:55: not yet
    remind(EVE)
    remind(EVE)
    remind(EVE + timedelta(minutes=15))
    vp = _mails_to("vp@xa.test")
    assert len(vp) == 1
    assert "10:00 13/11/2025" in vp[0].subject
    assert "/bao-cao/don-vi/" in vp[0].body
    # VP's staff and V01's head each get one inbox item; V02 sent already, the police report nothing
    assert sorted(InboxItem.objects.values_list("user__username", flat=True)) == sorted(
        [rw.w.staff.username, rw.w.head.username]
    )
    # the head has no e-mail address: reported as not sent, never "sent"
    head_mail = Delivery.objects.get(user=rw.w.head, channel=Channel.EMAIL)
    assert head_mail.state == DeliveryState.GIVEN_UP
    assert head_mail.reason == "Chưa có địa chỉ thư điện tử."


def test_the_morning_of_the_deadline_is_a_second_reminder(rw, remind):
    remind(EVE)
    remind(datetime(2025, 11, 13, 7, 0, tzinfo=VN))
    assert len(_mails_to("vp@xa.test")) == 2


def test_the_commune_sets_its_own_lead_times(rw, remind):
    FollowupSettings.objects.create(commune=rw.w.a1, lead_times="2 08:00")
    assert remind(datetime(2025, 11, 11, 7, 55, tzinfo=VN)) == []
    remind(datetime(2025, 11, 11, 8, 0, tzinfo=VN))  # two days before at 08:00
    remind(EVE)  # the day before at 16:00 is no longer a lead time
    assert len(_mails_to("vp@xa.test")) == 1


def test_after_the_deadline_the_unit_and_the_centre_hear_once_per_missing_unit(rw, remind):
    now = datetime(2025, 11, 13, 10, 5, tzinfo=VN)
    remind(now)
    remind(now)
    to_vp = [m for m in _mails_to("vp@xa.test") if "chưa nộp báo cáo" in m.subject]
    to_centre = [m for m in _mails_to("tt@xa.test") if "chưa nộp báo cáo" in m.subject]
    assert len(to_vp) == 1
    assert len(to_centre) == 3  # VP, V01, V02: none of them sent week 1


def test_a_returned_report_tells_its_unit_the_reason(rw, remind):
    report = _submit(rw, rw.w.a1_dept, rw.periods[0], datetime(2025, 11, 12, 9, 0, tzinfo=VN))
    services.unit_report_return(
        report=report, user=rw.w.centre, expected_version=report.version, reason="Thiếu số hồ sơ trực tuyến",
        now=datetime(2025, 11, 13, 11, 0, tzinfo=VN),
    )  # fmt: skip
    remind(datetime(2025, 11, 13, 11, 5, tzinfo=VN))
    returned = [m for m in _mails_to("vp@xa.test") if "trả lại" in m.subject]
    assert len(returned) == 1
    assert "Thiếu số hồ sơ trực tuyến" in returned[0].body


def test_tasks_due_and_overdue_reach_lead_and_coordinating_units(rw, remind):
    task = Task.objects.create(
        campaign=rw.campaign, content="Số hóa hồ sơ một cửa", lead_unit=rw.w.a1_dept, due_date=date(2025, 11, 14)
    )
    task.coordinating_units.add(rw.w.a1_v1)
    remind(datetime(2025, 11, 11, 9, 0, tzinfo=VN))  # 3 days before: due
    remind(datetime(2025, 11, 15, 9, 0, tzinfo=VN))  # the day after: overdue
    kinds = sorted(
        Delivery.objects.filter(topic=f"task:{task.pk}", channel=Channel.INBOX).values_list("kind", "unit__code")
    )
    codes = (rw.w.a1_dept.code, rw.w.a1_v1.code)
    assert kinds == sorted([("task-due", c) for c in codes] + [("task-overdue", c) for c in codes])


def test_a_coordinating_unit_that_reported_its_part_of_a_one_off_task_is_not_reminded_again(rw, remind):
    """The task is not done yet (its lead still works on it), but V01 reported its part done on
    10/11: only the lead hears "due" and then "overdue"."""
    from campaigns.checkins import checkin_report, checkins_generate
    from campaigns.models import TaskCheckIn, TaskStatus

    task = Task.objects.create(
        campaign=rw.campaign, content="Số hóa hồ sơ một cửa", lead_unit=rw.w.a1_dept, due_date=date(2025, 11, 14)
    )
    task.coordinating_units.add(rw.w.a1_v1)
    checkins_generate(campaign=rw.campaign, tasks=[task])
    part = TaskCheckIn.objects.get(task=task, unit=rw.w.a1_v1)
    checkin_report(
        checkin=part, user=rw.w.head, version=part.version, status=TaskStatus.DONE,
        result="Đã số hóa 120 hồ sơ của thôn", on=date(2025, 11, 10),
    )  # fmt: skip
    remind(datetime(2025, 11, 11, 9, 0, tzinfo=VN))
    remind(datetime(2025, 11, 15, 9, 0, tzinfo=VN))
    kinds = sorted(
        Delivery.objects.filter(topic=f"task:{task.pk}", channel=Channel.INBOX).values_list("kind", "unit__code")
    )
    assert kinds == [("task-due", rw.w.a1_dept.code), ("task-overdue", rw.w.a1_dept.code)]


def test_a_monthly_check_in_reaches_each_unit_whose_part_is_late_and_not_the_one_that_reported(rw, remind):
    """A "Hằng tháng" task: one check-in per unit for November 2025 from the campaign's start, 03/11 (campaigns.checkins). Ten
    days before its due date nobody is reminded; the day before, both units are ("due"); after it,
    only the unit that has not reported is ("overdue")."""
    from campaigns.checkins import checkins_generate
    from campaigns.models import DeadlineKind, TaskCheckIn, TaskStatus

    task = Task.objects.create(
        campaign=rw.campaign,
        content="Cập nhật hồ sơ số hóa lên kho dữ liệu",
        lead_unit=rw.w.a1_dept,
        deadline_kind=DeadlineKind.RECURRING,
        report_rhythm="Hằng tháng",
    )
    task.coordinating_units.add(rw.w.a1_v1)
    checkins_generate(campaign=rw.campaign, tasks=[task])
    november = {ci.unit_id: ci for ci in TaskCheckIn.objects.filter(task=task, period_start=date(2025, 11, 3))}
    assert set(november) == {rw.w.a1_dept.pk, rw.w.a1_v1.pk}
    due = november[rw.w.a1_dept.pk].due_date

    def kinds():
        return sorted(
            Delivery.objects.filter(topic__startswith="checkin:", channel=Channel.INBOX).values_list(
                "kind", "unit__code"
            )
        )

    remind(datetime.combine(due - timedelta(days=10), datetime.min.time(), tzinfo=VN).replace(hour=9))
    assert kinds() == []
    remind(datetime.combine(due - timedelta(days=1), datetime.min.time(), tzinfo=VN).replace(hour=9))
    assert kinds() == sorted([("checkin-due", rw.w.a1_dept.code), ("checkin-due", rw.w.a1_v1.code)])
    TaskCheckIn.objects.filter(pk=november[rw.w.a1_dept.pk].pk).update(status=TaskStatus.DONE, reported_on=due)
    remind(datetime.combine(due + timedelta(days=1), datetime.min.time(), tzinfo=VN).replace(hour=9))
    assert ("checkin-overdue", rw.w.a1_v1.code) in kinds()
    assert ("checkin-overdue", rw.w.a1_dept.code) not in kinds()


def test_a_unit_nobody_can_be_reached_in_is_a_warning_before_the_deadline(rw, remind):
    runs = remind(EVE)
    warned = {u["unit"] for u in runs[0].unreachable}
    assert rw.w.a1_v1.name in warned  # its head has no e-mail, no phone
    assert rw.w.a1_v2.name in warned  # nobody has an account there
    assert rw.w.a1_dept.name not in warned


def test_a_run_that_overlaps_another_sends_each_message_once(rw, remind, monkeypatch):
    """Run B does everything between run A finding its reminders and writing them: A meets B's
    rows (the unique constraint) and writes nothing."""
    real = followup_services.reminders_due
    state = {"inner": False}

    def interleaved(now):
        found = list(real(now))
        if not state["inner"]:
            state["inner"] = True
            reminders_run(now=now)
        return found

    monkeypatch.setattr(followup_services, "reminders_due", interleaved)
    remind(EVE)
    assert len(_mails_to("vp@xa.test")) == 1
    assert InboxItem.objects.filter(user=rw.w.staff).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_on_postgresql_send_each_message_once(rw):
    if connection.vendor != "postgresql":
        pytest.skip("threads writing at once need a server database (SQLite serialises them)")
    import threading

    barrier = threading.Barrier(2)
    errors = []

    def one():
        try:
            barrier.wait()
            reminders_run(now=EVE)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(_mails_to("vp@xa.test")) == 1
    assert InboxItem.objects.filter(user=rw.w.staff).count() == 1


def test_sms_and_zalo_follow_the_persons_choice_and_the_phone(rw, remind, settings):
    settings.XTD_SMS_URL = "http://127.0.0.1:9/"  # nothing listens: the send is retried, never "sent"
    settings.XTD_DELIVERY_MAX_ATTEMPTS = 2
    Person.objects.create(user=rw.w.staff, phone="0912345678")
    from notify.models import PersonChannels

    PersonChannels.objects.create(user=rw.w.staff, sms=True)
    remind(EVE)
    sms = Delivery.objects.get(user=rw.w.staff, channel=Channel.SMS)
    assert (sms.state, sms.attempts) == (DeliveryState.FAILED, 1)  # to be tried again after the backoff
    assert "Không kết nối được" in sms.reason
    delivery_send.delay(sms.pk)  # the retry (or the sweeper)
    sms.refresh_from_db()
    assert (sms.state, sms.attempts) == (DeliveryState.GIVEN_UP, 2)
    assert sms.reason.endswith("Đã thử 2 lần.")
    assert not Delivery.objects.filter(channel=Channel.ZALO).exists()  # Zalo has no token: off
