"""Unit reports (báo cáo của đơn vị): status and narrative of one unit for one period, their
history, the reminders sent and the figure files imported (issue 4, docs/design.md rules 7, 8, 10).

Figures live only in ``indicators.DataValue``; a report holds status and narrative.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from campaigns.models import Campaign, Period
from indicators.models import DataElement, Field
from org.models import Unit


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Nháp"
    SUBMITTED = "submitted", "Đã nộp"
    APPROVED = "approved", "Đã duyệt"
    RETURNED = "returned", "Trả lại"


# Statuses whose figures count (DataValue.counted is True exactly while the report is in one).
COUNTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
# Statuses in which the unit (or the centre) may still change the figures.
EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class UnitReport(models.Model):
    """One unit's report for one period (rule 8: draft → submitted → approved, or returned)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="unit_reports")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="unit_reports", verbose_name="đơn vị")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="unit_reports", verbose_name="kỳ")
    status = models.CharField("trạng thái", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    highlights = models.TextField("Kết quả nổi bật", blank=True)
    difficulties = models.TextField("Khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("Kiến nghị, đề xuất", blank=True)
    # The first submission decides timeliness (rule 7); a resubmission after a return does not.
    first_submitted_at = models.DateTimeField("nộp lần đầu lúc", null=True, blank=True)
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    late = models.BooleanField("nộp muộn", default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    review_comment = models.TextField("ý kiến người duyệt", blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField("phiên bản", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "báo cáo của đơn vị"
        verbose_name_plural = "báo cáo của đơn vị"
        ordering = ["-period__start", "unit__order"]
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="unit_report_unique_period")]
        indexes = [models.Index(fields=["campaign", "period"], name="unit_report_campaign_period")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def display_status(self) -> str:
        """The CSS/status word of the grid: late submissions show as late until approved."""
        if self.status == ReportStatus.SUBMITTED and self.late:
            return "late"
        return self.status


class ReportAction(models.TextChoices):
    SAVE_DRAFT = "save_draft", "Lưu nháp"
    SUBMIT = "submit", "Nộp báo cáo"
    APPROVE = "approve", "Duyệt"
    RETURN = "return", "Trả lại"
    REOPEN = "reopen", "Mở lại báo cáo đã duyệt"
    UPLOAD = "upload", "Tải lên tệp Excel"
    IMPORT = "import", "Nhập tệp số liệu"


class ReportEvent(models.Model):
    """One step in a report's history: who did what, when, and why."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("thao tác", max_length=12, choices=ReportAction.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField("lúc")
    comment = models.TextField("lý do, ghi chú", blank=True)
    status_after = models.CharField(max_length=10, choices=ReportStatus.choices)

    class Meta:
        verbose_name = "lịch sử báo cáo"
        verbose_name_plural = "lịch sử báo cáo"
        ordering = ["report_id", "at", "id"]


class FigureChangeLog(models.Model):
    """Every change of a figure (rule 8): who, when, old, new, and why (the event)."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="figure_changes")
    event = models.ForeignKey(ReportEvent, on_delete=models.CASCADE, related_name="figure_changes")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="+")
    field = models.ForeignKey(Field, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    old = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    new = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = "thay đổi số liệu"
        verbose_name_plural = "thay đổi số liệu"
        ordering = ["report_id", "event_id", "id"]


class NarrativeChangeLog(models.Model):
    """Every change of a narrative section (highlights, difficulties, proposals): who and when
    (the event), old → new, like ``FigureChangeLog`` for figures."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="narrative_changes")
    event = models.ForeignKey(ReportEvent, on_delete=models.CASCADE, related_name="narrative_changes")
    section = models.CharField("mục", max_length=20)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)

    class Meta:
        verbose_name = "thay đổi phần lời"
        verbose_name_plural = "thay đổi phần lời"
        ordering = ["report_id", "event_id", "id"]


class ImportBatch(models.Model):
    """A figures file imported (upload page or ``import_figures``), kept for the record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField()
    filename = models.CharField(max_length=255)
    checksum = models.CharField("SHA-256", max_length=64)
    rows = models.PositiveIntegerField(default=0)
    reports = models.PositiveIntegerField("số báo cáo", default=0)
    changed = models.PositiveIntegerField("số liệu thay đổi", default=0)

    class Meta:
        verbose_name = "tệp số liệu đã nhập"
        verbose_name_plural = "tệp số liệu đã nhập"
        ordering = ["-at"]
