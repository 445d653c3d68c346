"""Reminders (issue 4 item 7): before each deadline the units whose report is not in hear
about it; after the deadline the unit and the centre hear that it is missing. Run every 15
minutes by ``reporting.tasks.reminders_send``; one message per unit, period and kind."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.models import Cadence, CampaignStatus, Period
from org.models import Unit

from .models import COUNTED_STATUSES, ReminderKind, ReminderLog, UnitReport
from .notifications import centre_people, notify, unit_people
from .selectors import units_reporting


def _claim_reminder(*, unit: Unit, period: Period, kind: str, now: datetime):
    """Insert the ReminderLog row first: the unique constraint makes a second run (or a second
    beat process at the same moment) skip this unit, period and kind."""
    try:
        with transaction.atomic():
            return ReminderLog.objects.create(unit=unit, period=period, kind=kind, created_at=now)
    except IntegrityError:
        return None


def reminders_run(*, now: datetime | None = None) -> int:
    """Before each deadline (``XTD_REMINDER_HOURS_BEFORE`` hours, default 24) email the staff of
    units whose report is not submitted; after the deadline (up to
    ``XTD_MISSING_NOTICE_DAYS`` days later) tell the unit and the centre that it is missing.
    Each message goes once per unit, period and kind. Returns the number of messages sent."""
    now = now or timezone.now()
    lead = timedelta(hours=getattr(settings, "XTD_REMINDER_HOURS_BEFORE", 24))
    window = timedelta(days=getattr(settings, "XTD_MISSING_NOTICE_DAYS", 3))
    periods = (
        Period.objects.filter(deadline__gt=now - window, deadline__lte=now + lead)
        .exclude(campaign__status=CampaignStatus.CLOSED)
        .exclude(cadence=Cadence.SURVEY)
        .select_related("campaign", "campaign__commune")
        .order_by("deadline")
    )
    sent = 0
    for period in periods:
        campaign = period.campaign
        due = period.deadline > now
        received = set(
            UnitReport.objects.filter(period=period, first_submitted_at__isnull=False).values_list("unit_id", flat=True)
        )
        if due:
            received |= set(
                UnitReport.objects.filter(period=period, status__in=COUNTED_STATUSES).values_list("unit_id", flat=True)
            )
        deadline_text = timezone.localtime(period.deadline).strftime("%H:%M ngày %d/%m/%Y")
        for unit in units_reporting(campaign=campaign, cadence=period.cadence):
            if unit.pk in received:
                continue
            kind = ReminderKind.BEFORE_DEADLINE if due else ReminderKind.MISSING
            log = _claim_reminder(unit=unit, period=period, kind=kind, now=now)
            if log is None:
                continue
            if due:
                users = unit_people(unit)
                subject = f"[Xã Thi Đua] Nhắc nộp báo cáo {period.label} trước {deadline_text}"
                body = (
                    f"Kính gửi {unit.name},\n\nBáo cáo {period.label} của kế hoạch {campaign.code} "
                    f"chưa được nộp. Hạn nộp: {deadline_text}.\n\nXin cảm ơn."
                )
            else:
                users = unit_people(unit) + centre_people(campaign.commune_id)
                subject = f"[Xã Thi Đua] {unit.name} chưa nộp báo cáo {period.label}"
                body = (
                    f"Báo cáo {period.label} của {unit.name} (kế hoạch {campaign.code}) chưa được nộp "
                    f"khi hết hạn lúc {deadline_text}. Đề nghị đơn vị nộp ngay."
                )
            try:
                reached = notify(users=users, subject=subject, body=body)
            except Exception:
                log.delete()  # let a later run try again
                raise
            log.sent_at = timezone.now()
            log.recipients = ", ".join(reached)
            log.save(update_fields=["sent_at", "recipients"])
            sent += 1
    return sent
