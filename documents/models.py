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
    """One generated document (docs/design.md rule 11): what was asked, by whom, when, and the file
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


# --- drafted, issued, sent (issue #16) -----------------------------------------------------


class SignerAuthority(models.TextChoices):
    """The line under "TM. ỦY BAN NHÂN DÂN" (Nghị định 30/2020, Phụ lục I): the chair signs for
    the committee (no line), a vice-chair signs for the chair (KT.), an acting chair (Q.)."""

    CHAIR = "", "Chủ tịch ký (TM.)"
    DEPUTY = "KT. CHỦ TỊCH", "Phó Chủ tịch ký thay (KT.)"
    ACTING = "Q. CHỦ TỊCH", "Quyền Chủ tịch (Q.)"


class DocumentDefaults(models.Model):
    """A commune's defaults for the documents it sends: Nơi nhận, one recipient a line. The
    signer comes from the commune itself (``org.Commune.signer_*``)."""

    commune = models.OneToOneField(
        "org.Commune", on_delete=models.CASCADE, related_name="document_defaults", verbose_name="xã"
    )
    recipients = models.TextField("nơi nhận (mỗi dòng một nơi)", blank=True)

    class Meta:
        verbose_name = "mặc định văn bản của xã"
        verbose_name_plural = "mặc định văn bản của xã"

    def __str__(self) -> str:
        return f"Mặc định văn bản – {self.commune}"


class DraftStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUING = "issuing", "Đang ban hành"  # its PDF and xlsx are being rendered (issue #16 item 5)
    ISSUED = "issued", "Đã ban hành"
    SENT = "sent", "Đã gửi"


def scan_upload_to(instance: DocumentDraft, filename: str) -> str:
    return f"signed/{instance.commune_id}/{instance.pk}-{uuid.uuid4().hex[:8]}-{filename[-80:]}"


class DocumentDraft(models.Model):
    """A document being prepared: its parameters, number, date, recipients, signer and written
    sections, editable until issued. Issuing freezes it into the archive (an :class:`ExportRecord`
    for the PDF and one for the xlsx, each with its SHA-256); marking it sent records the date,
    the outgoing number, to whom, and the signed scan. Written only by ``documents.services``."""

    commune = models.ForeignKey("org.Commune", on_delete=models.CASCADE, related_name="drafts", verbose_name="xã")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="drafts", verbose_name="kế hoạch")
    kind = models.CharField("loại văn bản", max_length=20)
    parameters = models.JSONField("tham số", default=dict)
    number = models.CharField("số văn bản", max_length=20, blank=True)
    issued_on = models.DateField("ngày văn bản", null=True, blank=True)
    recipients = models.TextField("nơi nhận", blank=True)
    signer_authority = models.CharField(
        "thẩm quyền ký", max_length=20, choices=SignerAuthority.choices, blank=True, default=SignerAuthority.DEPUTY
    )
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True)
    signer_name = models.CharField("người ký", max_length=100, blank=True)
    narratives = models.JSONField("các mục nội dung", default=dict)
    status = models.CharField("tình trạng", max_length=10, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField("ban hành lúc", null=True, blank=True)
    pdf_record = models.ForeignKey(
        ExportRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="bản PDF"
    )
    xlsx_record = models.ForeignKey(
        ExportRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="bản Excel"
    )
    sent_on = models.DateField("ngày gửi", null=True, blank=True)
    outgoing_number = models.CharField("số văn bản đi", max_length=40, blank=True)
    sent_to = models.CharField("gửi đến", max_length=300, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField("ghi nhận gửi lúc", null=True, blank=True)
    scan = models.FileField("bản ký, quét", upload_to=scan_upload_to, max_length=300, blank=True)
    scan_content_type = models.CharField(max_length=50, blank=True)
    scan_sha256 = models.CharField("SHA-256 bản quét", max_length=64, blank=True)

    class Meta:
        verbose_name = "văn bản (dự thảo, ban hành, gửi)"
        verbose_name_plural = "văn bản (dự thảo, ban hành, gửi)"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["commune", "status"], name="draft_commune_status")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
