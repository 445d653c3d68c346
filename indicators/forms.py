"""Input forms of the indicator set-up pages: the targets form (one row per target, the fields of
``indicators.validation.TargetRow``). They only parse; ``targets_save`` validates and saves."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from org.models import Unit, UnitKind

from .models import Comparator, Field, Indicator, Target, TargetAppliesTo, TargetWindow
from .reading import NumberInvalid
from .validation import milestones_text, number_text, parse_decimal, parse_milestones


class DecimalText(forms.CharField):
    """A number typed the Vietnamese way ("92,5") or with a dot."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in ("", None):
            return None
        try:
            return parse_decimal(value)
        except NumberInvalid as exc:
            raise ValidationError(f"{str(exc)[:1].upper()}{str(exc)[1:]}.") from None
        except ValueError:
            raise ValidationError(f"“{value}” không phải là số.") from None


class TargetForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    indicator = forms.ModelChoiceField(label="Chỉ tiêu", queryset=Indicator.objects.none())
    comparator = forms.ChoiceField(label="So sánh", choices=Comparator.choices, initial=Comparator.GE)
    value = DecimalText(label="Giá trị", required=False)
    floor = DecimalText(label="Mức tối thiểu", required=False)
    milestones = forms.CharField(
        label="Mốc theo năm", required=False, help_text="Ví dụ: 2026: 80; 2030: 100 (mức tối thiểu sau dấu /)"
    )
    unit = forms.ModelChoiceField(label="Riêng cho đơn vị", queryset=Unit.objects.none(), required=False)
    field = forms.ModelChoiceField(label="Riêng cho lĩnh vực", queryset=Field.objects.all(), required=False)
    note = forms.CharField(label="Trích kế hoạch", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # rule 6 (issue 12): on what window the target is judged and whom it binds
    window = forms.ChoiceField(
        label="Xét theo", choices=TargetWindow.choices, initial=TargetWindow.PERIOD, required=False
    )
    applies_to = forms.ChoiceField(
        label="Áp dụng cho", choices=TargetAppliesTo.choices, initial=TargetAppliesTo.AUTO, required=False
    )
    unit_kind = forms.ChoiceField(
        label="Loại đơn vị",
        choices=[("", "Mọi loại"), *UnitKind.choices],
        required=False,
        help_text="Chỉ dùng khi áp dụng cho từng đơn vị (mỗi thôn, mỗi phòng).",
    )

    def __init__(self, *args, campaign, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(
            Q(commune__isnull=True) | Q(commune=campaign.commune_id)
        ).order_by("order", "code")
        self.fields["unit"].queryset = Unit.objects.filter(commune=campaign.commune_id, active=True).order_by(
            "order", "code"
        )

    def clean_milestones(self):
        return parse_milestones(self.cleaned_data.get("milestones") or "")


def target_formset():
    return forms.formset_factory(TargetForm, extra=3, can_delete=True)


def targets_initial(campaign) -> list[dict]:
    rows = []
    for t in Target.objects.filter(campaign=campaign).prefetch_related("milestones").order_by("indicator__order", "id"):
        rows.append(
            {
                "id": t.pk,
                "indicator": t.indicator_id,
                "comparator": t.comparator,
                "value": None if t.value is None else number_text(t.value),
                "floor": None if t.floor is None else number_text(t.floor),
                "milestones": milestones_text(sorted(t.milestones.all(), key=lambda m: m.year)),
                "unit": t.unit_id,
                "field": t.field_id,
                "note": t.note,
                "window": t.window,
                "applies_to": t.applies_to,
                "unit_kind": t.unit_kind,
            }
        )
    return rows
