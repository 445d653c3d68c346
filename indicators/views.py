"""The campaign pages that show indicators (under /ke-hoach/, mounted from indicators/urls.py):
the campaign page (the campaign's own part from ``campaigns.selectors``, its targets and report
forms from ``indicators.selectors``), its targets form, and "start from a plan", which copies
forms and targets too. They sit on this floor because campaigns may not import indicators."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from campaigns.forms import CampaignCopyForm, apply_errors
from campaigns.selectors import campaign_detail_context, campaign_get_for_user
from org.access import Action
from org.models import Unit, UnitKind

from . import services
from .models import Comparator, Field, Indicator, Target, TargetAppliesTo, TargetWindow
from .reading import NumberInvalid
from .selectors import campaign_page_indicators, campaign_progress, untracked_targets
from .validation import TargetRow, milestones_text, number_text, parse_decimal, parse_milestones, targets_save


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


def _formset_class():
    return forms.formset_factory(TargetForm, extra=3, can_delete=True)


def _initial(campaign) -> list[dict]:
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


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(request.user, pk, Action.READ)
    context = campaign_detail_context(campaign, user=request.user, now=timezone.now())
    context.update(campaign_page_indicators(campaign=campaign, units=context["units"]))
    today = timezone.localdate()
    context["progress_period"], context["progress"] = campaign_progress(campaign=campaign, today=today)
    context["untracked_targets"] = untracked_targets(campaign)
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
def campaign_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = campaign_get_for_user(request.user, pk, Action.MANAGE)
    form = CampaignCopyForm(request.POST or None, initial={"title": source.title})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_copy(
                source=source,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                code=form.cleaned_data["code"],
                title=form.cleaned_data["title"],
                user=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Đã tạo dự thảo {campaign.code} từ kế hoạch {source.code}.")
            return redirect("campaigns:edit", pk=campaign.pk)
    return render(request, "campaigns/campaign_copy.html", {"form": form, "source": source})


@login_required
def campaign_targets(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(request.user, pk, Action.MANAGE)
    FormSet = _formset_class()
    formset = FormSet(request.POST or None, initial=_initial(campaign), form_kwargs={"campaign": campaign}, prefix="t")
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        rows: list[TargetRow] = []
        for form in formset.forms:
            data = form.cleaned_data
            if data.get("DELETE") and data.get("id"):
                rows.append(TargetRow(id=data["id"], indicator=data.get("indicator"), delete=True))
                continue
            if not data or not data.get("indicator") or data.get("DELETE"):
                continue
            rows.append(
                TargetRow(
                    id=data.get("id"),
                    indicator=data["indicator"],
                    comparator=data["comparator"],
                    value=data.get("value"),
                    floor=data.get("floor"),
                    unit=data.get("unit"),
                    field=data.get("field"),
                    milestones=data.get("milestones") or [],
                    note=data.get("note") or "",
                    window=data.get("window") or None,
                    applies_to=data.get("applies_to") or None,
                    unit_kind=data.get("unit_kind") or "",
                    delete=bool(data.get("DELETE")),
                )
            )
        try:
            targets_save(campaign=campaign, rows=rows, user=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "Đã lưu chỉ tiêu giao.")
            return redirect("indicators:campaign_detail", pk=campaign.pk)
    elif request.method == "POST":
        for n, form in enumerate(formset.forms, start=1):
            for name, field_errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                errors.extend(f"Dòng {n}, {label.lower()}: {e}" for e in field_errors)
        errors.extend(formset.non_form_errors())
    return render(request, "campaigns/targets_form.html", {"campaign": campaign, "formset": formset, "errors": errors})
