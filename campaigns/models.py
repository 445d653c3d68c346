"""Campaigns (kế hoạch), their reporting rules and periods, participating units and tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from org.models import Commune, Unit


class CampaignKind(models.TextChoices):
    MOVEMENT = "movement", "Phong trào thi đua (nhiều năm)"
    ANNUAL = "annual", "Kế hoạch năm"
    PUSH = "push", "Đợt cao điểm"


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ACTIVE = "active", "Đang thực hiện"
    CLOSED = "closed", "Đã kết thúc"


class Campaign(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="campaigns", verbose_name="xã")
    code = models.CharField("mã kế hoạch", max_length=40)
    kind = models.CharField("loại", max_length=20, choices=CampaignKind.choices)
    title = models.CharField("tên kế hoạch", max_length=500)
    # As the plan has them (issue 12.7): "/KH-UBND" when the number is left blank in the
    # original; ``issued_on`` only when the whole date is known, else the month and year that
    # are ("ngày … tháng 6 năm 2026"). See ``number_display`` and ``issued_display``.
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issued_month = models.PositiveSmallIntegerField("tháng ban hành (khi chưa ghi ngày)", null=True, blank=True)
    issued_year = models.PositiveSmallIntegerField("năm ban hành (khi chưa ghi ngày)", null=True, blank=True)
    legal_basis = models.TextField("căn cứ", blank=True)
    start = models.DateField("ngày bắt đầu")
    end = models.DateField("ngày kết thúc")
    lead_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_campaigns",
        verbose_name="đơn vị chủ trì",
    )
    units = models.ManyToManyField(
        Unit, through="Participation", related_name="campaigns", blank=True, verbose_name="đơn vị tham gia"
    )
    status = models.CharField("trạng thái", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    notes = models.TextField("ghi chú", blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies", verbose_name="sao từ kế hoạch"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-start", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "code"],
                name="campaign_code_unique_in_commune",
                violation_error_message="Mã kế hoạch này đã có trong xã.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"

    @property
    def number_display(self) -> str:
        """ "91/KH-UBND"; "…/KH-UBND" for a number left blank in the plan; "" when none."""
        return plan_number_text(self.number)

    @property
    def issued_display(self) -> str:
        """ "ngày 03 tháng 11 năm 2025", "ngày … tháng 6 năm 2026", "ngày … tháng … năm 2026", or "" (none)."""
        return plan_date_text(self.issued_on, month=self.issued_month, year=self.issued_year)


BLANK = "…"


def plan_number_text(number: str) -> str:
    number = (number or "").strip()
    if not number:
        return ""
    return BLANK + number if number.startswith("/") else number


def plan_date_text(day, *, month: int | None = None, year: int | None = None) -> str:
    """A plan's date line as written, blanks kept ("ngày … tháng 6 năm 2026"): the day and month
    stay blank when the plan was signed without them."""
    if day is not None:
        return f"ngày {day:%d} tháng {_month(day.month)} năm {day.year}"
    if year is None:
        return ""
    return f"ngày {BLANK} tháng {_month(month) if month else BLANK} năm {year}"


def _month(month: int) -> str:
    """Nghị định 30/2020/NĐ-CP: a day below 10 and the months 1 and 2 take a leading 0."""
    return f"{month:02d}" if month <= 2 else str(month)


class Participation(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="participations")
    joined_on = models.DateField("tham gia từ", null=True, blank=True)

    class Meta:
        verbose_name = "đơn vị tham gia"
        verbose_name_plural = "đơn vị tham gia"
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="participation_unique")]


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Hằng tuần"
    MONTHLY = "monthly", "Hằng tháng"
    QUARTERLY = "quarterly", "Hằng quý"
    HALF_YEARLY = "half_yearly", "6 tháng"
    YEARLY = "yearly", "Hằng năm"
    SURVEY = "survey", "Đợt rà soát (Mẫu 02)"


class ReportingRule(models.Model):
    """One cadence of a campaign and when its reports are due (docs/design.md rule 7).

    weekly: the reporting week starts on ``week_start`` (Monday=0); the report is due on
    ``due_weekday`` at ``due_time`` in the week ``due_offset`` weeks after the period's own
    week (Phú Lạc: weeks Thursday–Wednesday, due Thursday 10:00 the next day). Monthly and
    longer: due on ``due_day`` of the month ``due_offset`` months after the period's last
    month, at ``due_time`` (Vĩnh Phong: before the 20th of the next month). See
    ``campaigns.periods``.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="rules")
    cadence = models.CharField("kỳ báo cáo", max_length=12, choices=Cadence.choices)
    week_start = models.PositiveSmallIntegerField("tuần bắt đầu từ (0=Thứ Hai)", null=True, blank=True)
    due_weekday = models.PositiveSmallIntegerField("hạn nộp vào thứ (0=Thứ Hai)", null=True, blank=True)
    due_day = models.PositiveSmallIntegerField("hạn nộp ngày (tháng sau)", null=True, blank=True)
    due_time = models.TimeField("giờ hạn nộp")
    # 1 = the week (month) after the period's own week (last month); 0 = within it, which is
    # only valid while the deadline still falls after the period ends (validated on save).
    due_offset = models.PositiveSmallIntegerField("nộp sau kỳ (số tuần / tháng)", default=1)
    # A deadline that falls on a Saturday, Sunday or public holiday moves to the next working
    # day (campaigns.workdays) unless the rule says otherwise.
    working_days_only = models.BooleanField("dời hạn rơi vào ngày nghỉ sang ngày làm việc kế tiếp", default=True)

    class Meta:
        verbose_name = "quy định báo cáo"
        verbose_name_plural = "quy định báo cáo"
        constraints = [models.UniqueConstraint(fields=["campaign", "cadence"], name="rule_unique_cadence")]


class Period(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="periods")
    cadence = models.CharField("kỳ báo cáo", max_length=12, choices=Cadence.choices)
    index = models.PositiveIntegerField("số thứ tự kỳ", default=1)
    label = models.CharField("tên kỳ", max_length=100)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    deadline = models.DateTimeField("hạn nộp")

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["campaign_id", "cadence", "start"]
        constraints = [models.UniqueConstraint(fields=["campaign", "cadence", "start"], name="period_unique_start")]
        indexes = [models.Index(fields=["campaign", "end"], name="period_campaign_end")]

    def __str__(self) -> str:
        return self.label


class DeadlineKind(models.TextChoices):
    DATE = "date", "Ngày"
    MONTH = "month", "Tháng"
    QUARTER = "quarter", "Quý"
    RECURRING = "recurring", "Thường xuyên"


class TaskStatus(models.TextChoices):
    """Typed status. "Quá hạn" (overdue) is computed, never typed."""

    TODO = "todo", "Chưa thực hiện"
    DOING = "doing", "Đang thực hiện"
    DONE = "done", "Hoàn thành"


class Task(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks")
    group = models.CharField("nhóm nhiệm vụ", max_length=300, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    content = models.TextField("nội dung nhiệm vụ")
    lead_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="led_tasks", verbose_name="cơ quan chủ trì"
    )
    coordinating_units = models.ManyToManyField(
        Unit, blank=True, related_name="coordinated_tasks", verbose_name="cơ quan phối hợp"
    )
    start = models.DateField("thời gian bắt đầu", null=True, blank=True)
    deadline_kind = models.CharField(
        "loại thời hạn", max_length=10, choices=DeadlineKind.choices, default=DeadlineKind.DATE
    )
    # The last day the task may be finished: the date itself, the month's last day, the
    # quarter's last day; empty for recurring tasks.
    due_date = models.DateField("thời hạn hoàn thành", null=True, blank=True)
    deadline_text = models.CharField("thời hạn (như kế hoạch ghi)", max_length=100, blank=True)
    report_rhythm = models.CharField("báo cáo định kỳ", max_length=100, blank=True)
    expected_output = models.TextField("kết quả / sản phẩm đầu ra", blank=True)
    note = models.TextField("ghi chú", blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=TaskStatus.choices, default=TaskStatus.TODO)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    result = models.TextField("kết quả thực hiện", blank=True)

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["campaign_id", "order", "id"]

    def __str__(self) -> str:
        return self.content[:80]


class TaskEvidence(models.Model):
    """Minh chứng: a file or a link."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("tệp", upload_to="evidence/%Y/%m/", blank=True)
    url = models.URLField("đường dẫn", blank=True)
    note = models.CharField("mô tả", max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"


class CheckInCadence(models.TextChoices):
    ONCE = "once", "Một lần (theo thời hạn nhiệm vụ)"
    MONTHLY = "monthly", "Hằng tháng"
    QUARTERLY = "quarterly", "Hằng quý"
    YEARLY = "yearly", "Hằng năm"


class TaskCheckIn(models.Model):
    """One unit's report on its part of a task for one period (issue 15.4): the lead and every
    coordinating unit each have their own, and each is overdue on its own. A recurring task
    ("Thường xuyên", "Hằng tháng", "Hằng quý", "Hằng năm") has one per period; a task with a
    deadline one, due on that deadline. ``due_date`` is a working day (campaigns.workdays)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="checkins")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="task_checkins", verbose_name="đơn vị")
    cadence = models.CharField("nhịp báo cáo", max_length=10, choices=CheckInCadence.choices)
    label = models.CharField("kỳ", max_length=60)
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    due_date = models.DateField("hạn báo cáo")
    status = models.CharField("trạng thái", max_length=10, choices=TaskStatus.choices, default=TaskStatus.TODO)
    result = models.TextField("kết quả thực hiện", blank=True)
    file = models.FileField("tệp minh chứng", upload_to="checkins/%Y/%m/", blank=True)
    url = models.URLField("đường dẫn minh chứng", blank=True)
    reported_on = models.DateField("ngày báo cáo", null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "báo cáo nhiệm vụ của đơn vị"
        verbose_name_plural = "báo cáo nhiệm vụ của đơn vị"
        ordering = ["task_id", "period_start", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "period_start"], name="checkin_unique_period"),
        ]
        indexes = [models.Index(fields=["due_date", "status"], name="checkin_due_status")]

    def __str__(self) -> str:
        return f"{self.task_id} · {self.unit_id} · {self.label}"
