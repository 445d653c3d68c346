"""Survey rounds, village returns (Mẫu biểu số 02) and the household visit register (docs/design.md
sections 2 and 5, issue #7).

Rules live in ``households.services`` (writes) and ``households.selectors`` (reads); the models
only hold the data and the database constraints that make retries safe.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import Campaign, Period
from org.models import Unit

# The seven figures of Mẫu 02, in the form's order: (field name, label as the form prints it,
# data element code of docs/design.md section 6).
FIGURES: list[tuple[str, str, str]] = [
    ("so_ho", "Số hộ", "M02_SO_HO"),
    ("so_khau", "Số khẩu", "M02_SO_KHAU"),
    ("co_vneid", "Người có VNeID", "M02_CO_VNEID"),
    ("chua_vneid", "Người chưa có", "M02_CHUA_VNEID"),
    ("hs_truc_tuyen", "Hồ sơ DVC trực tuyến", "M02_HS_TRUC_TUYEN"),
    ("hs_kq_dien_tu", "Hồ sơ có kết quả điện tử", "M02_HS_KQ_DIEN_TU"),
    ("ho_danh_gia", "Hộ đã đánh giá hài lòng", "M02_HO_DANH_GIA"),
]
FIGURE_NAMES: list[str] = [f for f, _, _ in FIGURES]
FIGURE_LABELS: dict[str, str] = {f: label for f, label, _ in FIGURES}


class RoundStatus(models.TextChoices):
    OPEN = "open", "Đang rà soát"
    CLOSED = "closed", "Đã khóa sổ"


class SurveyRound(models.Model):
    """Đợt rà soát: the window the survey covers and the day it is due.

    Each round owns a ``Period`` (cadence "survey") so the M02_ DataValues have a period; the
    period's deadline is the end of the due day in Asia/Ho_Chi_Minh (rule 7).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="survey_rounds")
    period = models.OneToOneField(Period, on_delete=models.PROTECT, related_name="survey_round")
    title = models.CharField("tên đợt rà soát", max_length=300)
    window_start = models.DateField("rà soát từ ngày")
    window_end = models.DateField("đến ngày")
    due_date = models.DateField("hạn nộp")
    status = models.CharField("trạng thái", max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    visits_enabled = models.BooleanField("cho phép sổ thăm hộ", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đợt rà soát (Mẫu 02)"
        verbose_name_plural = "đợt rà soát (Mẫu 02)"
        ordering = ["-window_start", "id"]
        constraints = [
            models.CheckConstraint(
                name="survey_round_window_ordered",
                condition=Q(window_end__gte=models.F("window_start")),
                violation_error_message="Ngày kết thúc rà soát phải sau ngày bắt đầu.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Nháp"
    SUBMITTED = "submitted", "Đã nộp"
    APPROVED = "approved", "Đã duyệt"
    RETURNED = "returned", "Trả lại"


COUNTED_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED)


class VillageReturn(models.Model):
    """One village's row of Mẫu 02 in one round."""

    survey_round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="returns")
    village = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="survey_returns")
    so_ho = models.PositiveIntegerField("Số hộ", null=True, blank=True)
    so_khau = models.PositiveIntegerField("Số khẩu", null=True, blank=True)
    co_vneid = models.PositiveIntegerField("Người có VNeID", null=True, blank=True)
    chua_vneid = models.PositiveIntegerField("Người chưa có", null=True, blank=True)
    hs_truc_tuyen = models.PositiveIntegerField("Hồ sơ DVC trực tuyến", null=True, blank=True)
    hs_kq_dien_tu = models.PositiveIntegerField("Hồ sơ có kết quả điện tử", null=True, blank=True)
    ho_danh_gia = models.PositiveIntegerField("Hộ đã đánh giá hài lòng", null=True, blank=True)
    ghi_chu = models.TextField("Ghi chú", blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT)
    from_visits = models.BooleanField("tính từ sổ thăm hộ", default=False)
    # Bumped on every change: a form posts the version it showed, so two people never
    # silently overwrite each other (rule 8).
    version = models.PositiveIntegerField("phiên bản", default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    is_late = models.BooleanField("nộp muộn", default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    review_reason = models.TextField("lý do trả lại / mở lại", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Mẫu 02 của thôn"
        verbose_name_plural = "Mẫu 02 của thôn"
        ordering = ["survey_round_id", "village__order", "village__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey_round", "village"],
                name="village_return_unique",
                violation_error_message="Thôn này đã có Mẫu 02 trong đợt rà soát.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.village} – {self.survey_round}"

    @property
    def counted(self) -> bool:
        return self.status in COUNTED_STATUSES

    @property
    def flagged(self) -> bool:
        """Hồ sơ có kết quả điện tử above Hồ sơ DVC trực tuyến: allowed, but the centre checks it."""
        return (self.hs_kq_dien_tu or 0) > (self.hs_truc_tuyen or 0)

    def figures(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in FIGURE_NAMES}


class SubmissionKey(models.Model):
    """An idempotency key sent by the browser with a submission.

    The unique constraint on ``key`` is what makes a retried or double-tapped submit store
    once: the second insert of the same key fails in the database, whatever the timing.
    ``fingerprint`` is a hash of the figures sent, so the same key with other figures is
    refused (409), never merged.
    """

    key = models.CharField(max_length=64, unique=True)
    village_return = models.ForeignKey(VillageReturn, on_delete=models.CASCADE, related_name="submission_keys")
    fingerprint = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "khóa gửi Mẫu 02"
        verbose_name_plural = "khóa gửi Mẫu 02"


class ReturnLogAction(models.TextChoices):
    CHANGE = "change", "Sửa số liệu"
    SUBMIT = "submit", "Nộp"
    APPROVE = "approve", "Duyệt"
    RETURN = "return", "Trả lại"
    REOPEN = "reopen", "Mở lại"
    IMPORT = "import", "Nhập từ Excel"


class VillageReturnLog(models.Model):
    """The history of a return: every status change and every figure change (who, when, old,
    new), rule 8."""

    village_return = models.ForeignKey(VillageReturn, on_delete=models.CASCADE, related_name="log")
    action = models.CharField(max_length=10, choices=ReturnLogAction.choices)
    field = models.CharField("ô", max_length=20, blank=True)
    old = models.CharField("giá trị cũ", max_length=2000, blank=True)
    new = models.CharField("giá trị mới", max_length=2000, blank=True)
    reason = models.TextField("lý do", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        verbose_name = "lịch sử Mẫu 02"
        verbose_name_plural = "lịch sử Mẫu 02"
        ordering = ["village_return_id", "at", "id"]


class HouseholdVisit(models.Model):
    """One household visited door to door ("đi từng ngõ, gõ từng nhà").

    Personal data stays in the commune: only the head's name and a household code, visible
    to that village and the centre.
    """

    survey_round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="visits")
    village = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="household_visits")
    household_code = models.CharField("Mã hộ / số nhà", max_length=40)
    head_name = models.CharField("Tên chủ hộ", max_length=120)
    members = models.PositiveIntegerField("Số khẩu")
    members_vneid = models.PositiveIntegerField("Số người có VNeID")
    online_dossiers = models.PositiveIntegerField("Hồ sơ DVC trực tuyến", default=0)
    e_results = models.PositiveIntegerField("Hồ sơ có kết quả điện tử", default=0)
    rated = models.BooleanField("Đã đánh giá hài lòng", default=False)
    note = models.CharField("Ghi chú", max_length=300, blank=True)
    visited_on = models.DateField("Ngày thăm")
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The phone outbox's idempotency key: a visit sent twice (a retry, a second tab) is stored once.
    idempotency_key = models.CharField("mã gửi", max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = "hộ đã thăm"
        verbose_name_plural = "sổ thăm hộ"
        ordering = ["survey_round_id", "village_id", "household_code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey_round", "village", "household_code"],
                name="household_visit_unique_code",
                violation_error_message="Mã hộ này đã có trong sổ.",
            ),
            models.CheckConstraint(
                name="household_visit_vneid_le_members",
                condition=Q(members_vneid__lte=models.F("members")),
                violation_error_message="Số người có VNeID không được lớn hơn số khẩu của hộ.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_code} – {self.head_name}"
