"""Emulation (thi đua) criteria of a campaign, the officials of each unit, the centre's
attestations and its decisions on award (khen thưởng) candidates (issue 18, part 2).

Results are never stored: ``emulation.scoring`` computes them from the figures, reports and
tasks each time a page or a document asks, so they always agree with the engine."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from campaigns.models import Campaign
from org.models import Unit


class Subject(models.TextChoices):
    UNIT = "tap_the", "Tập thể"
    PERSON = "ca_nhan", "Cá nhân"


class CriterionKind(models.TextChoices):
    TARGETS_MET = "chi_tieu", "Tỷ lệ chỉ tiêu đạt (%)"
    REPORTS_ON_TIME = "bao_cao", "Tỷ lệ báo cáo đúng hạn (%)"
    TASKS_ON_TIME = "nhiem_vu", "Tỷ lệ nhiệm vụ hoàn thành đúng hạn (%)"
    NO_OVERDUE = "khong_qua_han", "Không có hồ sơ, nhiệm vụ quá hạn"
    INITIATIVES = "sang_kien", "Số sáng kiến được áp dụng (SO_SANG_KIEN)"
    ATTESTED = "xac_nhan", "Trung tâm xác nhận (có ghi chú, minh chứng)"


# The kinds whose threshold is a share in per cent (0 < threshold ≤ 100), a count (≥ 1), or none.
SHARE_KINDS = (CriterionKind.TARGETS_MET, CriterionKind.REPORTS_ON_TIME, CriterionKind.TASKS_ON_TIME)
COUNT_KINDS = (CriterionKind.INITIATIVES,)


class Criterion(models.Model):
    """One criterion (tiêu chuẩn) of a campaign's emulation, for a tập thể or a cá nhân, in the
    plan's words; computed from the figures with a threshold, or attested by the centre."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criteria", verbose_name="kế hoạch")
    subject = models.CharField("đối tượng", max_length=10, choices=Subject.choices, default=Subject.UNIT)
    code = models.CharField("mã", max_length=20)
    name = models.TextField("tiêu chuẩn (nguyên văn kế hoạch)")
    kind = models.CharField("cách đánh giá", max_length=20, choices=CriterionKind.choices)
    threshold = models.DecimalField("ngưỡng", max_digits=8, decimal_places=2, null=True, blank=True)
    weight = models.DecimalField("điểm", max_digits=6, decimal_places=2, default=1)
    must_pass = models.BooleanField("bắt buộc để được đề nghị khen thưởng", default=True)
    source = models.CharField("nguồn", max_length=300, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "tiêu chuẩn thi đua"
        verbose_name_plural = "tiêu chuẩn thi đua"
        ordering = ["campaign_id", "subject", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="criterion_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name[:60]}"

    @property
    def is_attested(self) -> bool:
        return self.kind == CriterionKind.ATTESTED


class Official(models.Model):
    """A person of a unit proposed as a cá nhân: name and position only (no other personal data)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="officials", verbose_name="đơn vị")
    name = models.CharField("họ và tên", max_length=100)
    position = models.CharField("chức vụ", max_length=100)
    active = models.BooleanField("đang công tác", default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "cán bộ, công chức"
        verbose_name_plural = "cán bộ, công chức"
        ordering = ["unit__order", "unit__code", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} – {self.position}"


class Attestation(models.Model):
    """The centre's tick on an attested criterion for a unit or an official in one window (a
    quarter 1–4, or 0 for the whole year), with its required note and optional evidence link."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="attestations")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    official = models.ForeignKey(Official, null=True, blank=True, on_delete=models.CASCADE, related_name="attestations")
    year = models.PositiveSmallIntegerField("năm")
    quarter = models.PositiveSmallIntegerField("quý (0 = cả năm)", default=0)
    met = models.BooleanField("đạt", default=False)
    note = models.TextField("ghi chú")
    evidence_url = models.URLField("đường dẫn minh chứng", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "xác nhận tiêu chuẩn"
        verbose_name_plural = "xác nhận tiêu chuẩn"
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "unit", "year", "quarter"],
                condition=models.Q(official__isnull=True),
                name="attestation_unit_unique",
            ),
            models.UniqueConstraint(
                fields=["criterion", "official", "year", "quarter"],
                condition=models.Q(unit__isnull=True),
                name="attestation_official_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(unit__isnull=True, official__isnull=False)
                | models.Q(unit__isnull=False, official__isnull=True),
                name="attestation_one_subject",
            ),
        ]


class Award(models.TextChoices):
    GIAY_KHEN = "giay_khen", "Giấy khen của Chủ tịch UBND xã"
    CAP_TREN = "cap_tren", "Đề nghị cấp trên khen thưởng"


class DecisionStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Đã xác nhận đề nghị"
    REMOVED = "removed", "Đã loại khỏi danh sách"


class CandidateDecision(models.Model):
    """The centre's decision on one award candidate of a campaign's year."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="award_decisions")
    year = models.PositiveSmallIntegerField("năm")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    official = models.ForeignKey(Official, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField("quyết định", max_length=10, choices=DecisionStatus.choices)
    award = models.CharField("hình thức khen thưởng", max_length=10, choices=Award.choices)
    reason = models.TextField("lý do", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "đề nghị khen thưởng"
        verbose_name_plural = "đề nghị khen thưởng"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "year", "unit"],
                condition=models.Q(official__isnull=True),
                name="decision_unit_unique",
            ),
            models.UniqueConstraint(
                fields=["campaign", "year", "official"],
                condition=models.Q(unit__isnull=True),
                name="decision_official_unique",
            ),
        ]
