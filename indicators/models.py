"""The catalogue (data elements, fields, indicators), targets, report forms and the one
fact table of raw figures, DataValue (docs/design.md sections 3, 4 and 6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import Cadence, Campaign, Period
from org.models import Commune, Unit, UnitKind


class ValueType(models.TextChoices):
    INTEGER = "integer", "Số nguyên"
    DECIMAL = "decimal", "Số thập phân"


class Aggregation(models.TextChoices):
    """How an element aggregates over time (rule 2). Over units both sum."""

    SUM = "sum", "Cộng dồn (lưu lượng)"
    LAST = "last", "Lấy giá trị mới nhất (tồn lượng)"


class ElementSource(models.TextChoices):
    UNIT_REPORT = "unit_report", "Báo cáo đơn vị"
    MAU_02 = "mau_02", "Mẫu biểu số 02"


class DataElement(models.Model):
    commune = models.ForeignKey(
        Commune,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="data_elements",
        verbose_name="xã (trống = danh mục chung)",
    )
    code = models.CharField("mã số liệu", max_length=40)
    name = models.CharField("tên số liệu", max_length=300)
    value_type = models.CharField("kiểu giá trị", max_length=10, choices=ValueType.choices, default=ValueType.INTEGER)
    aggregation = models.CharField(
        "tổng hợp theo thời gian", max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    allows_field_breakdown = models.BooleanField("chi tiết theo lĩnh vực", default=False)
    source = models.CharField("nguồn", max_length=20, choices=ElementSource.choices, default=ElementSource.UNIT_REPORT)
    group = models.CharField("nhóm", max_length=200, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "số liệu thành phần"
        verbose_name_plural = "số liệu thành phần"
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(commune__isnull=True), name="element_code_unique_shipped"
            ),
            models.UniqueConstraint(fields=["commune", "code"], name="element_code_unique_in_commune"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Field(models.Model):
    """Lĩnh vực."""

    code = models.CharField("mã lĩnh vực", max_length=40, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=200)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class IndicatorKind(models.TextChoices):
    RATIO = "ratio", "Tỷ lệ (%)"
    COUNT = "count", "Số lượng"
    VILLAGE_SHARE = "village_share", "Tỷ lệ thôn đạt ngưỡng"


class Direction(models.TextChoices):
    HIGHER = "higher", "Càng cao càng tốt"
    LOWER = "lower", "Càng thấp càng tốt"


class Indicator(models.Model):
    """A figure computed from data elements.

    ratio: Σ numerator elements × 100 / Σ denominator elements; count: Σ numerator elements;
    village_share: villages whose Σ numerator elements in the window ≥ ``threshold``, × 100 /
    villages taking part.
    """

    commune = models.ForeignKey(
        Commune,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name="xã (trống = danh mục chung)",
    )
    code = models.CharField("mã chỉ tiêu", max_length=40)
    name = models.CharField("tên chỉ tiêu", max_length=300)
    kind = models.CharField("loại", max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.RATIO)
    direction = models.CharField("chiều", max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    decimals = models.PositiveSmallIntegerField("số chữ số thập phân", default=2)
    threshold = models.DecimalField("ngưỡng (tỷ lệ thôn)", max_digits=12, decimal_places=2, null=True, blank=True)
    group = models.CharField("nhóm", max_length=200, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    elements = models.ManyToManyField(DataElement, through="IndicatorTerm", related_name="indicators")

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(commune__isnull=True), name="indicator_code_unique_shipped"
            ),
            models.UniqueConstraint(fields=["commune", "code"], name="indicator_code_unique_in_commune"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def is_ratio(self) -> bool:
        return self.kind in (IndicatorKind.RATIO, IndicatorKind.VILLAGE_SHARE)


class TermRole(models.TextChoices):
    NUMERATOR = "num", "Tử số"
    DENOMINATOR = "den", "Mẫu số"


class IndicatorTerm(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="terms")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="terms")
    role = models.CharField(max_length=3, choices=TermRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "element", "role"], name="term_unique")]


class Comparator(models.TextChoices):
    GE = ">=", "≥"
    GT = ">", ">"
    LE = "<=", "≤"
    LT = "<", "<"


class TargetWindow(models.TextChoices):
    """On what window a target is judged (rule 6; decisions in ``indicators.rules``)."""

    PERIOD = "period", "Từng kỳ báo cáo và lũy kế (tỷ lệ phải đạt ở mọi kỳ)"
    YEAR = "year", "Mỗi năm (năm dương lịch; lũy kế nhiều năm cộng chỉ tiêu các năm)"
    QUARTER = "quarter", "Mỗi quý (quý dương lịch)"
    MONTH = "month", "Mỗi tháng (tháng dương lịch)"
    CAMPAIGN = "campaign", "Cả kế hoạch (xét khi kết thúc kế hoạch)"


class TargetAppliesTo(models.TextChoices):
    """Whom a target binds (rule 6; decisions in ``indicators.targets``)."""

    AUTO = "auto", "Theo loại chỉ tiêu (tỷ lệ: toàn xã và mọi đơn vị chưa có chỉ tiêu riêng; số lượng: tổng toàn xã)"
    COMMUNE = "commune", "Chỉ tổng của toàn xã"
    EACH_UNIT = "each_unit", "Từng đơn vị (mỗi đơn vị thuộc loại đã chọn, không xét tổng toàn xã)"


class Target(models.Model):
    """What an indicator must reach in a campaign (rule 6). Read only through ``TargetBook``.

    Either ``value`` holds for the whole campaign, or the milestones hold per year. An
    optional floor (tối thiểu) sits beside the stretch value. ``unit`` or ``field`` narrows
    the scope to a named unit or a field; ``applies_to`` says whether a commune target binds
    the units too (a rate does, a count is the commune's total) or whether the target holds
    for each unit of ``unit_kind``; ``window`` says on what window it is judged.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    comparator = models.CharField("so sánh", max_length=2, choices=Comparator.choices, default=Comparator.GE)
    value = models.DecimalField("giá trị", max_digits=14, decimal_places=2, null=True, blank=True)
    floor = models.DecimalField("mức tối thiểu", max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, verbose_name="riêng cho đơn vị")
    field = models.ForeignKey(Field, null=True, blank=True, on_delete=models.PROTECT, verbose_name="riêng cho lĩnh vực")
    note = models.TextField("trích kế hoạch", blank=True)
    window = models.CharField(
        "xét theo",
        max_length=10,
        choices=TargetWindow.choices,
        default=TargetWindow.PERIOD,
        help_text="“Mỗi năm”: xét trên từng năm dương lịch; trong năm đang chạy chỉ báo tiến độ, "
        "“chưa đạt” khi hết năm. Để mặc định cho chỉ tiêu tỷ lệ.",
    )
    applies_to = models.CharField(
        "áp dụng cho",
        max_length=10,
        choices=TargetAppliesTo.choices,
        default=TargetAppliesTo.AUTO,
        help_text="Chỉ tiêu số lượng (≥ 10 buổi, ≥ 2 sáng kiến) là tổng của xã; chọn “Từng đơn vị” "
        "khi kế hoạch ghi “mỗi thôn”, “mỗi phòng”.",
    )
    unit_kind = models.CharField(
        "loại đơn vị",
        max_length=20,
        choices=UnitKind.choices,
        blank=True,
        help_text="Với “Từng đơn vị”: chỉ các đơn vị loại này (để trống: mọi đơn vị).",
    )

    class Meta:
        verbose_name = "chỉ tiêu giao"
        verbose_name_plural = "chỉ tiêu giao"
        ordering = ["campaign_id", "indicator__order", "id"]


class UntrackedTarget(models.Model):
    """A target of the plan that no figure can compute ("chưa theo dõi bằng số liệu"): kept with
    the plan's own words so it is listed on the campaign page and in the documents, never dropped
    (docs/design.md rule 6)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="untracked_targets")
    quote = models.TextField("chỉ tiêu (nguyên văn kế hoạch)")
    reason = models.CharField("vì sao chưa theo dõi bằng số liệu", max_length=300, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "chỉ tiêu chưa theo dõi bằng số liệu"
        verbose_name_plural = "chỉ tiêu chưa theo dõi bằng số liệu"
        ordering = ["campaign_id", "order", "id"]

    def __str__(self) -> str:
        return self.quote[:80]


class TargetMilestone(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField("năm")
    value = models.DecimalField("giá trị", max_digits=14, decimal_places=2)
    floor = models.DecimalField("mức tối thiểu", max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "mốc chỉ tiêu theo năm"
        verbose_name_plural = "mốc chỉ tiêu theo năm"
        ordering = ["target_id", "year"]
        constraints = [models.UniqueConstraint(fields=["target", "year"], name="milestone_unique_year")]


class FormElement(models.Model):
    """Which unit (or kind of unit) reports which data element in which cadence of a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="form_elements")
    cadence = models.CharField("kỳ báo cáo", max_length=12, choices=Cadence.choices)
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="form_uses")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE)
    unit_kind = models.CharField(max_length=20, choices=UnitKind.choices, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "số liệu đơn vị phải báo cáo"
        verbose_name_plural = "số liệu đơn vị phải báo cáo"
        ordering = ["campaign_id", "cadence", "order", "id"]
        constraints = [
            models.CheckConstraint(
                name="form_element_unit_or_kind",
                condition=(Q(unit__isnull=False, unit_kind="") | Q(unit__isnull=True) & ~Q(unit_kind="")),
            )
        ]


class SourceKind(models.TextChoices):
    UNIT_REPORT = "unit_report", "Báo cáo đơn vị"
    SURVEY_RETURN = "survey_return", "Mẫu 02"
    IMPORT = "import", "Nhập từ tệp"


class DataValue(models.Model):
    """The one fact table: every raw figure anywhere ends here (docs/design.md section 3).

    ``counted`` is true while the report (or survey return) it belongs to is submitted or
    approved: the engine reads only counted values. The reporting / households services keep
    it in step with their report's status; this app does not import them.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="data_values")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="data_values")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="data_values")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="values")
    field = models.ForeignKey(Field, null=True, blank=True, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(max_digits=20, decimal_places=4)
    counted = models.BooleanField(default=False)
    source_kind = models.CharField(max_length=20, choices=SourceKind.choices)
    source_id = models.BigIntegerField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField()

    class Meta:
        verbose_name = "số liệu"
        verbose_name_plural = "số liệu"
        constraints = [
            models.UniqueConstraint(
                fields=["element", "unit", "period"], condition=Q(field__isnull=True), name="datavalue_unique_total"
            ),
            models.UniqueConstraint(
                fields=["element", "unit", "period", "field"],
                condition=Q(field__isnull=False),
                name="datavalue_unique_field",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "counted", "element"], name="datavalue_engine"),
            models.Index(fields=["unit", "period"], name="datavalue_unit_period"),
        ]


# --- The attainment engine's results (issue 5; indicators/engine.py writes them) -------------


class WindowKind(models.TextChoices):
    PERIOD = "period", "Trong kỳ"
    CUMULATIVE = "cumulative", "Lũy kế từ đầu kế hoạch"
    YEAR = "year", "Lũy kế từ đầu năm"


class ScopeKind(models.TextChoices):
    COMMUNE = "commune", "Toàn xã"
    UNIT = "unit", "Đơn vị"
    FIELD = "field", "Lĩnh vực"


class AttainmentStatus(models.TextChoices):
    DAT = "dat", "Đạt"
    DAT_TOI_THIEU = "dat_toi_thieu", "Đạt mức tối thiểu"
    CHUA_DAT = "chua_dat", "Chưa đạt"
    KHONG_CO_SO_LIEU = "khong_co_so_lieu", "Không có số liệu"
    CHUA_HET_KY = "chua_het_ky", "Chưa hết kỳ đánh giá"


NO_TARGET = "chua_giao_chi_tieu"
# The one map of the five status words (docs/design.md section 8) to what people read; the CSS
# class of each is ``status-<word>`` (``indicators.formatting.status_badge``, static/css/app.css).
STATUS_LABELS = {**dict(AttainmentStatus.choices), NO_TARGET: "Chưa giao chỉ tiêu"}


class Attainment(models.Model):
    """One indicator of one campaign in one window (a period, or cumulative from the campaign's
    start to the end of ``period``) for one scope (the commune, a unit or a field), against the
    target in force (docs/design.md rules 1–6). Written only by ``indicators.engine``."""

    # A derived table, rewritten in bulk by the engine alone: no database FK constraints (they
    # are checked at commit, row by row, and tripled the write time) and no single-column
    # indexes beyond the composite ones below. Deletes still cascade through Django.
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="attainments", db_constraint=False, db_index=False
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="attainments", db_constraint=False, db_index=False
    )
    window_kind = models.CharField("cách tính", max_length=10, choices=WindowKind.choices)
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="attainments", db_constraint=False, db_index=False
    )
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    scope_kind = models.CharField("phạm vi", max_length=10, choices=ScopeKind.choices)
    # unit-scope rows are computed on demand and not stored (issue 19, ``indicators.ondemand``):
    # the column stays for the on-demand instances, without an index to maintain
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attainments",
        db_constraint=False,
        db_index=False,
    )
    field = models.ForeignKey(
        Field, null=True, blank=True, on_delete=models.CASCADE, related_name="attainments", db_constraint=False
    )
    numerator = models.DecimalField("tử số", max_digits=28, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField("mẫu số", max_digits=28, decimal_places=4, null=True, blank=True)
    value = models.DecimalField("giá trị", max_digits=28, decimal_places=4, null=True, blank=True)
    target = models.DecimalField("chỉ tiêu", max_digits=14, decimal_places=2, null=True, blank=True)
    floor = models.DecimalField("mức tối thiểu", max_digits=14, decimal_places=2, null=True, blank=True)
    comparator = models.CharField("so sánh", max_length=2, blank=True)
    status = models.CharField("kết quả", max_length=20, choices=AttainmentStatus.choices)
    gap = models.DecimalField("chênh lệch so với chỉ tiêu", max_digits=28, decimal_places=4, null=True, blank=True)
    change = models.DecimalField("thay đổi so với kỳ trước", max_digits=28, decimal_places=4, null=True, blank=True)
    projected_value = models.DecimalField(
        "dự báo cuối kế hoạch", max_digits=28, decimal_places=4, null=True, blank=True
    )
    projected_status = models.CharField("dự báo kết quả", max_length=20, choices=AttainmentStatus.choices, blank=True)
    computed_at = models.DateTimeField("tính lúc")

    class Meta:
        verbose_name = "kết quả thực hiện chỉ tiêu"
        verbose_name_plural = "kết quả thực hiện chỉ tiêu"
        ordering = ["campaign_id", "end", "scope_kind", "indicator__order", "id"]
        indexes = [
            models.Index(fields=["campaign", "window_kind", "scope_kind", "period"], name="attainment_window"),
            models.Index(fields=["campaign", "indicator", "window_kind", "scope_kind"], name="attainment_series"),
            models.Index(fields=["campaign", "end"], name="attainment_end"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.start}–{self.end} {self.scope_kind}: {self.status}"

    @property
    def is_no_data(self) -> bool:
        return self.status == AttainmentStatus.KHONG_CO_SO_LIEU

    @property
    def display_status(self) -> str:
        """The status people and the CSV read. With a value but no target in force the stored
        status says ``khong_co_so_lieu`` (the engine decides nothing without a target); the CSV,
        pages and documents say ``chua_giao_chi_tieu`` "Chưa giao chỉ tiêu" instead of "no data"
        beside a number."""
        if self.value is not None and self.target is None:
            return NO_TARGET
        return self.status

    @property
    def display_status_label(self) -> str:
        return STATUS_LABELS[self.display_status]


class ComputeRunState(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang tính"
    DONE = "done", "Hoàn thành"
    FAILED = "failed", "Lỗi"


class ComputeRun(models.Model):
    """One recompute of one campaign: queued → running → done / failed.

    At most one run per campaign is queued (bursts of submissions collapse into it) and at most
    one is running (the claim), both enforced by partial unique constraints."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="compute_runs")
    state = models.CharField("trạng thái", max_length=10, choices=ComputeRunState.choices)
    incremental_from = models.DateField("tính lại từ ngày", null=True, blank=True)
    reason = models.CharField("lý do", max_length=100, blank=True)
    requested_at = models.DateTimeField("yêu cầu lúc")
    started_at = models.DateTimeField("bắt đầu", null=True, blank=True)
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    rows = models.PositiveIntegerField("số dòng kết quả", default=0)
    error = models.TextField("lỗi", blank=True)
    # The lease (indicators.runs): a running run's worker refreshes heartbeat_at; once it is
    # older than the lease, the run may be claimed again. attempts counts claims; enqueued_at
    # says when its task last reached the broker (empty: not yet; the sweeper sends it).
    heartbeat_at = models.DateTimeField("tín hiệu sống lúc", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=0)
    enqueued_at = models.DateTimeField("gửi vào hàng đợi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "lượt tính kết quả"
        verbose_name_plural = "lượt tính kết quả"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign"], condition=Q(state="queued"), name="computerun_one_queued"),
            models.UniqueConstraint(fields=["campaign"], condition=Q(state="running"), name="computerun_one_running"),
        ]
        indexes = [models.Index(fields=["campaign", "state"], name="computerun_campaign_state")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.state} {self.requested_at:%d/%m/%Y %H:%M}"


# ------------------------------------------------------------------ QĐ 766 scoring table (issue 18)


class Qd766Group(models.Model):
    """One of the five groups of the index of Quyết định 766/QĐ-TTg (100 points in all)."""

    code = models.CharField("mã nhóm", max_length=20, unique=True)
    name = models.CharField("tên nhóm", max_length=200)
    total_points = models.DecimalField("điểm tối đa của nhóm", max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "nhóm chỉ số QĐ 766"
        verbose_name_plural = "nhóm chỉ số QĐ 766"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.total_points})"


class Qd766Item(models.Model):
    """A sub-indicator: rate × max ÷ threshold, capped at max (higher is better; a lower-is-better
    one scores max × threshold ÷ rate, capped). ``indicator_code`` names the catalogue indicator it
    reads (empty: the commune's figures cannot give it; ``note`` says what is assumed). A row holds
    from ``applies_from`` until a later row of the same code; ``commune`` empty = the shipped table,
    set = that commune's centre adjusted the threshold for that year (the change is logged)."""

    group = models.ForeignKey(Qd766Group, on_delete=models.PROTECT, related_name="items")
    commune = models.ForeignKey(
        Commune,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="qd766_items",
        verbose_name="xã (trống = bảng chung)",
    )
    code = models.CharField("mã chỉ số", max_length=20)
    name = models.CharField("tên chỉ số", max_length=300)
    indicator_code = models.CharField("chỉ tiêu trong danh mục", max_length=40, blank=True)
    direction = models.CharField("chiều", max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    threshold = models.DecimalField("ngưỡng (%)", max_digits=6, decimal_places=2)
    max_points = models.DecimalField("điểm tối đa", max_digits=5, decimal_places=2)
    applies_from = models.PositiveSmallIntegerField("áp dụng từ năm")
    source = models.TextField("nguồn", blank=True)
    note = models.TextField("ghi chú, giả định", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "chỉ số thành phần QĐ 766"
        verbose_name_plural = "chỉ số thành phần QĐ 766"
        ordering = ["group__order", "order", "code", "applies_from"]
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gt=0), name="qd766item_threshold_positive"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="qd766item_max_positive"),
            models.UniqueConstraint(
                fields=["code", "applies_from"], condition=Q(commune__isnull=True), name="qd766item_unique_shipped"
            ),
            models.UniqueConstraint(fields=["commune", "code", "applies_from"], name="qd766item_unique_in_commune"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name} ({self.applies_from})"


class Qd766ThresholdChange(models.Model):
    """The audit trail of a threshold adjusted by a commune's centre: who, when, old → new."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="qd766_changes")
    code = models.CharField("mã chỉ số", max_length=20)
    year = models.PositiveSmallIntegerField("năm")
    old_threshold = models.DecimalField("ngưỡng cũ (%)", max_digits=6, decimal_places=2)
    new_threshold = models.DecimalField("ngưỡng mới (%)", max_digits=6, decimal_places=2)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField("lúc")

    class Meta:
        verbose_name = "thay đổi ngưỡng QĐ 766"
        verbose_name_plural = "thay đổi ngưỡng QĐ 766"
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.code} {self.year}: {self.old_threshold} → {self.new_threshold}"
