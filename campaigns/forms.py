"""Input forms of the campaign pages. They only parse; the services validate and save."""

from __future__ import annotations

from datetime import time

from django import forms
from django.core.exceptions import ValidationError

from org.models import Commune, Unit

from .models import Cadence, Campaign, CampaignKind, CampaignStatus, DeadlineKind, TaskStatus
from .periods import WEEKDAYS
from .services import CAMPAIGN_FIELDS, RuleInput

WEEKDAY_CHOICES = [("", "—")] + [(str(i), name) for i, name in enumerate(WEEKDAYS)]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RULE_CADENCES = [Cadence.WEEKLY, Cadence.MONTHLY, Cadence.QUARTERLY, Cadence.HALF_YEARLY, Cadence.YEARLY]


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, on its field when the form has one."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                for message in error.messages:
                    form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _units(commune: Commune):
    return Unit.objects.filter(commune=commune, active=True).order_by("order", "code")


class CampaignForm(forms.Form):
    code = forms.CharField(label="Mã kế hoạch", max_length=40, help_text="Ví dụ: PL-45N-2025")
    kind = forms.ChoiceField(label="Loại", choices=CampaignKind.choices)
    title = forms.CharField(label="Tên kế hoạch", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False, help_text="Ví dụ: 91/KH-UBND")
    issued_on = forms.DateField(label="Ngày ban hành", required=False, widget=DATE_WIDGET)
    issued_month = forms.IntegerField(
        label="Tháng ban hành (khi kế hoạch để trống ngày)", min_value=1, max_value=12, required=False
    )
    issued_year = forms.IntegerField(
        label="Năm ban hành (khi kế hoạch để trống ngày)", min_value=2000, max_value=2100, required=False
    )
    legal_basis = forms.CharField(label="Căn cứ", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    start = forms.DateField(label="Ngày bắt đầu", widget=DATE_WIDGET)
    end = forms.DateField(label="Ngày kết thúc", widget=DATE_WIDGET)
    lead_unit = forms.ModelChoiceField(label="Đơn vị chủ trì", queryset=Unit.objects.none(), required=False)
    status = forms.ChoiceField(label="Trạng thái", choices=CampaignStatus.choices, initial=CampaignStatus.DRAFT)
    notes = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    units = forms.ModelMultipleChoiceField(
        label="Đơn vị tham gia",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Để trống: mọi đơn vị của xã.",
    )

    # one block per cadence: <cadence>_on, _week_start, _due_weekday, _due_day, _due_time, _due_offset
    def __init__(self, *args, commune: Commune, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.commune = commune
        self.fields["lead_unit"].queryset = _units(commune)
        self.fields["units"].queryset = _units(commune)
        for cadence in RULE_CADENCES:
            label = Cadence(cadence).label
            self.fields[f"{cadence}_on"] = forms.BooleanField(label=f"Báo cáo {label.lower()}", required=False)
            if cadence == Cadence.WEEKLY:
                self.fields[f"{cadence}_week_start"] = forms.TypedChoiceField(
                    label="Tuần bắt đầu từ", choices=WEEKDAY_CHOICES, coerce=int, empty_value=None, required=False
                )
                self.fields[f"{cadence}_due_weekday"] = forms.TypedChoiceField(
                    label="Hạn nộp vào", choices=WEEKDAY_CHOICES, coerce=int, empty_value=None, required=False
                )
            else:
                self.fields[f"{cadence}_due_day"] = forms.IntegerField(
                    label="Hạn nộp ngày", min_value=1, max_value=31, required=False
                )
            self.fields[f"{cadence}_due_time"] = forms.TimeField(
                label="Giờ hạn nộp", required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
            )
            self.fields[f"{cadence}_due_offset"] = forms.IntegerField(
                label="Nộp sau kỳ (tuần/tháng)", min_value=0, max_value=12, initial=1, required=False
            )
            self.fields[f"{cadence}_keep_day_off"] = forms.BooleanField(
                label="Giữ hạn cả khi trùng Thứ Bảy, Chủ Nhật, ngày lễ", required=False
            )

    def rule_blocks(self) -> list[dict]:
        """For the template: the fields of each cadence block."""
        blocks = []
        for cadence in RULE_CADENCES:
            names = [n for n in self.fields if n.startswith(f"{cadence}_")]
            blocks.append({"cadence": cadence, "label": Cadence(cadence).label, "fields": [self[n] for n in names]})
        return blocks

    def rules(self) -> list[RuleInput]:
        out: list[RuleInput] = []
        data = self.cleaned_data
        for cadence in RULE_CADENCES:
            if not data.get(f"{cadence}_on"):
                continue
            offset = data.get(f"{cadence}_due_offset")
            out.append(
                RuleInput(
                    cadence=cadence,
                    due_time=data.get(f"{cadence}_due_time") or time(17, 0),
                    week_start=data.get(f"{cadence}_week_start"),
                    due_weekday=data.get(f"{cadence}_due_weekday"),
                    due_day=data.get(f"{cadence}_due_day"),
                    due_offset=1 if offset is None else offset,
                    working_days_only=not data.get(f"{cadence}_keep_day_off"),
                )
            )
        return out

    def campaign_values(self) -> dict:
        """The campaign's own fields (``services.CAMPAIGN_FIELDS``) as the services take them."""
        values = {n: self.cleaned_data.get(n) for n in CAMPAIGN_FIELDS}
        values["notes"] = values["notes"] or ""
        return values

    @staticmethod
    def initial_for(campaign: Campaign) -> dict:
        initial = {n: getattr(campaign, n) for n in CAMPAIGN_FIELDS if n != "lead_unit"}
        initial["lead_unit"] = campaign.lead_unit_id
        initial["units"] = list(campaign.units.values_list("pk", flat=True))
        for rule in campaign.rules.all():
            c = rule.cadence
            initial.update(
                {
                    f"{c}_on": True,
                    f"{c}_week_start": rule.week_start,
                    f"{c}_due_weekday": rule.due_weekday,
                    f"{c}_due_day": rule.due_day,
                    f"{c}_due_time": rule.due_time,
                    f"{c}_due_offset": rule.due_offset,
                    f"{c}_keep_day_off": not rule.working_days_only,
                }
            )
        return initial


class CampaignCopyForm(forms.Form):
    code = forms.CharField(label="Mã kế hoạch mới", max_length=40)
    title = forms.CharField(label="Tên kế hoạch mới", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    start = forms.DateField(label="Ngày bắt đầu", widget=DATE_WIDGET)
    end = forms.DateField(label="Ngày kết thúc", widget=DATE_WIDGET)


class TaskForm(forms.Form):
    group = forms.CharField(label="Nhóm nhiệm vụ", max_length=300, required=False)
    order = forms.IntegerField(label="Thứ tự", min_value=0, initial=0, required=False)
    content = forms.CharField(label="Nội dung nhiệm vụ", widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = forms.ModelChoiceField(label="Cơ quan chủ trì", queryset=Unit.objects.none())
    coordinating_units = forms.ModelMultipleChoiceField(
        label="Cơ quan phối hợp", queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    start = forms.DateField(label="Thời gian bắt đầu", required=False, widget=DATE_WIDGET)
    deadline_kind = forms.ChoiceField(label="Loại thời hạn", choices=DeadlineKind.choices)
    due_date = forms.DateField(
        label="Thời hạn hoàn thành",
        required=False,
        widget=DATE_WIDGET,
        help_text="Với thời hạn theo tháng hoặc quý: chọn một ngày bất kỳ trong tháng, quý đó.",
    )
    report_rhythm = forms.CharField(label="Báo cáo định kỳ", max_length=100, required=False)
    expected_output = forms.CharField(
        label="Kết quả / sản phẩm đầu ra", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, commune: Commune, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units(commune)
        self.fields["coordinating_units"].queryset = _units(commune)

    def task_values(self) -> dict:
        values = dict(self.cleaned_data)
        values.pop("coordinating_units", None)
        values["order"] = values.get("order") or 0
        return values


class TaskProgressForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=TaskStatus.choices)
    completed_on = forms.DateField(label="Ngày hoàn thành", required=False, widget=DATE_WIDGET)
    result = forms.CharField(label="Kết quả thực hiện", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Tệp minh chứng", required=False)
    url = forms.URLField(label="hoặc đường dẫn", required=False, assume_scheme="https")
    note = forms.CharField(label="Mô tả", max_length=300, required=False)


class CheckInForm(forms.Form):
    """One unit's report on its part of a task for one period."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.ChoiceField(label="Trạng thái", choices=TaskStatus.choices)
    result = forms.CharField(label="Kết quả thực hiện", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(
        label="Tệp minh chứng",
        required=False,
        help_text="PDF, ảnh JPG/PNG, Word, Excel, ODT/ODS; tối đa 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,.odt,.ods"}),
    )
    url = forms.URLField(
        label="hoặc đường dẫn minh chứng",
        required=False,
        assume_scheme="https",
        help_text="Xoá trắng ô này rồi gửi để bỏ đường dẫn đã ghi.",
    )
