"""The documents' archive (docs/design.md rule 11): one row per generated document."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from campaigns.models import Campaign


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang tạo"
    DONE = "done", "Hoàn thành"
    FAILED = "failed", "Lỗi"


def export_upload_to(instance: ExportRecord, filename: str) -> str:
    # The record id and a random part keep every generation in its own file: never overwritten.
    return f"exports/{instance.created_at:%Y/%m}/{instance.pk}-{uuid.uuid4().hex[:8]}-{filename}"


class ExportRecord(models.Model):
    """One generated document (DESIGN.md rule 11): what was asked, by whom, when, and the file
    exactly as generated with its SHA-256. A done record never changes; generating again makes
    a new record. Written only by ``documents.services``."""

    commune = models.ForeignKey("org.Commune", on_delete=models.CASCADE, related_name="exports", verbose_name="xã")
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="exports", verbose_name="kế hoạch"
    )
    kind = models.CharField("loại văn bản", max_length=20)
    fmt = models.CharField("định dạng", max_length=5)
    parameters = models.JSONField("tham số", default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("trạng thái", max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    error = models.TextField("lý do lỗi", blank=True)
    file = models.FileField("tệp", upload_to=export_upload_to, max_length=300, blank=True)
    filename = models.CharField("tên tệp", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("kích thước (byte)", null=True, blank=True)
    created_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True)
    started_at = models.DateTimeField("bắt đầu", null=True, blank=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    # The lease (as indicators.runs): the rendering worker refreshes heartbeat_at; attempts
    # counts claims; enqueued_at stays empty while the job has not reached the broker.
    heartbeat_at = models.DateTimeField("tín hiệu sống lúc", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=0)
    enqueued_at = models.DateTimeField("gửi vào hàng đợi lúc", null=True, blank=True)

    class Meta:
        db_table = "reporting_exportrecord"  # moved from reporting; the table keeps its name
        verbose_name = "văn bản đã xuất"
        verbose_name_plural = "văn bản đã xuất"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["commune", "created_at"], name="export_commune_created")]

    def __str__(self) -> str:
        return f"{self.kind} {self.fmt} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
