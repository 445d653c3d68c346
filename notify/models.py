"""Who is told what, on which channel, and whether the channel took it (issue 17).

A ``Delivery`` is one message to one person on one channel. It is unique per unit × topic ×
kind × person × channel (``topic`` names the thing reminded about, e.g. ``period:12``), so a
reminder run repeated, or two runs at once, never make a second row; "sent" is written only
when the channel accepted the message."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from org.models import Commune, Unit


class Channel(models.TextChoices):
    INBOX = "inbox", "Hộp thư trên cổng"
    EMAIL = "email", "Thư điện tử"
    ZALO = "zalo", "Zalo (ZNS)"
    SMS = "sms", "Tin nhắn SMS"


EXTERNAL_CHANNELS = (Channel.EMAIL, Channel.ZALO, Channel.SMS)


class DeliveryState(models.TextChoices):
    QUEUED = "queued", "Chờ gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Lỗi, sẽ thử lại"
    GIVEN_UP = "given_up", "Không gửi được"


class CommuneChannels(models.Model):
    """The commune's default channels, for people who did not choose their own."""

    commune = models.OneToOneField(Commune, on_delete=models.CASCADE, related_name="channel_defaults")
    email = models.BooleanField("thư điện tử", default=True)
    zalo = models.BooleanField("Zalo", default=False)
    sms = models.BooleanField("SMS", default=False)

    class Meta:
        verbose_name = "kênh thông báo mặc định của xã"
        verbose_name_plural = "kênh thông báo mặc định của xã"


class PersonChannels(models.Model):
    """A person's own choice of channels; an empty choice follows the commune's default."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channels")
    email = models.BooleanField("thư điện tử", null=True, blank=True)
    zalo = models.BooleanField("Zalo", null=True, blank=True)
    sms = models.BooleanField("SMS", null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "kênh thông báo của người dùng"
        verbose_name_plural = "kênh thông báo của người dùng"


class InboxItem(models.Model):
    """A message in the person's in-app inbox (every reminder lands here, whatever else)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox")
    subject = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung")
    link = models.CharField("đường dẫn", max_length=500, blank=True)
    created_at = models.DateTimeField(db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "thông báo trong hộp thư"
        verbose_name_plural = "thông báo trong hộp thư"
        ordering = ["-created_at", "-id"]


class Run(models.Model):
    """One reminder run for one commune: what it found to say, and the units nobody could be
    reached in (``unreachable``: a list of {"unit": name, "unit_id": id, "what": text})."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="notify_runs")
    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    unreachable = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "lần chạy nhắc việc"
        verbose_name_plural = "lần chạy nhắc việc"
        ordering = ["-started_at", "-id"]


class Delivery(models.Model):
    run = models.ForeignKey(Run, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="deliveries")
    topic = models.CharField("nhắc về", max_length=60)
    kind = models.CharField("loại nhắc", max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField("kênh", max_length=10, choices=Channel.choices)
    address = models.CharField("địa chỉ", max_length=254, blank=True)
    subject = models.CharField("tiêu đề", max_length=200)
    text = models.CharField("nội dung ngắn", max_length=480)
    body = models.TextField("nội dung")
    link = models.CharField(max_length=500, blank=True)
    params = models.JSONField("tham số mẫu ZNS", default=dict, blank=True)
    state = models.CharField("trạng thái", max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED)
    reason = models.CharField("lý do", max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    provider_id = models.CharField("mã tin của kênh", max_length=100, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "lượt gửi"
        verbose_name_plural = "lượt gửi"
        ordering = ["unit_id", "user_id", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "topic", "kind", "user", "channel"], name="delivery_once_per_person_channel"
            )
        ]
        indexes = [models.Index(fields=["state", "updated_at"], name="delivery_state_idx")]
