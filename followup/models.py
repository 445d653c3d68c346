"""What the commune sets about reminders (issue 17): when before a deadline units hear of it."""

from __future__ import annotations

from django.db import models

from org.models import Commune

DEFAULT_LEAD_TIMES = "1 16:00; 0 07:00"


class FollowupSettings(models.Model):
    """``lead_times``: "days-before HH:MM" entries separated by ";" — "1 16:00; 0 07:00" is the
    day before at 16:00 and the morning of the deadline day at 07:00 (``followup.rules.lead_times_parse``)."""

    commune = models.OneToOneField(Commune, on_delete=models.CASCADE, related_name="followup_settings")
    lead_times = models.CharField("nhắc trước hạn", max_length=100, default=DEFAULT_LEAD_TIMES)
    missing_days = models.PositiveSmallIntegerField("số ngày nhắc báo cáo chưa nộp sau hạn", default=3)
    task_lead_days = models.PositiveSmallIntegerField("nhắc nhiệm vụ trước hạn (ngày)", default=3)
    round_closing_days = models.PositiveSmallIntegerField("nhắc Mẫu 02 trước hạn (ngày)", default=2)

    class Meta:
        verbose_name = "thiết lập nhắc việc của xã"
        verbose_name_plural = "thiết lập nhắc việc của xã"
