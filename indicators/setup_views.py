"""Indicator set-up pages of the centre (issue 15), under /ke-hoach/<pk>/: which unit reports
which data element (a grid units × elements, defaults by unit kind), and the targets table as
xlsx (a template to download, an all-or-nothing upload with errors by row and column). The
targets form (``indicators.forms.TargetForm``) is saved here too, behind the version check."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from campaigns.models import Cadence
from campaigns.selectors import campaign_get_for_user
from org.access import Action
from org.audit import audit_entries

from . import setup_services as services
from .forms import target_formset, targets_initial
from .setup_xlsx import MAX_BYTES
from .validation import TargetRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TargetsUploadForm(forms.Form):
    file = forms.FileField(label="Tệp chỉ tiêu giao (.xlsx)")
    version = forms.CharField(widget=forms.HiddenInput, required=False)


def _cadences(campaign) -> list[tuple[str, str]]:
    have = set(campaign.rules.exclude(cadence=Cadence.SURVEY).values_list("cadence", flat=True))
    return [(c.value, c.label) for c in Cadence if c.value in have]


@login_required
def setup_elements(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(request.user, pk, Action.MANAGE)
    cadences = _cadences(campaign)
    cadence = request.POST.get("ky") or request.GET.get("ky") or (cadences[0][0] if cadences else "")
    if cadence and cadence not in dict(cadences):
        cadence = cadences[0][0] if cadences else ""
    units = services.grid_units(campaign)
    elements = services.grid_elements(campaign=campaign, cadence=cadence) if cadence else []
    errors: list[str] = []
    cells = services.grid_cells(campaign=campaign, cadence=cadence, units=units) if cadence else set()
    defaults = False
    if cadence and not cells and elements:
        kinds = services.default_kinds(elements, commune_id=campaign.commune_id)
        cells = {(u.pk, e.pk) for u in units for e in elements if u.kind in kinds[e.pk]}
        defaults = True
    if request.method == "POST" and cadence:
        ticked: set[tuple[int, int]] = set()
        for name in request.POST:
            if name.startswith("c-"):
                parts = name.split("-")
                if (
                    len(parts) == 3
                    and (parts[1].isascii() and parts[1].isdigit() and len(parts[1]) < 10)
                    and (parts[2].isascii() and parts[2].isdigit() and len(parts[2]) < 10)
                ):
                    ticked.add((int(parts[1]), int(parts[2])))
        try:
            n = services.form_elements_set(
                campaign=campaign,
                cadence=cadence,
                cells=ticked,
                expected_version=request.POST.get("version"),
                user=request.user,
            )
        except ValidationError as exc:
            errors = exc.messages
            cells = ticked
        else:
            messages.success(request, f"Đã lưu số liệu đơn vị báo cáo ({n} dòng biểu mẫu).")
            return redirect(f"{request.path}?ky={cadence}")
    rows = [(u, [(e, (u.pk, e.pk) in cells) for e in elements]) for u in units]
    return render(
        request,
        "indicators/setup/elements.html",
        {
            "campaign": campaign,
            "cadences": cadences,
            "cadence": cadence,
            "elements": elements,
            "rows": rows,
            "defaults": defaults,
            "errors": errors,
            "version": services.grid_version(campaign=campaign, cadence=cadence),
            "audit": audit_entries(commune=campaign.commune, campaign_id=campaign.pk, limit=20),
        },
    )


def _rows_from_formset(formset) -> list[TargetRow]:
    """The formset of ``indicators.forms.TargetForm`` as rows for ``targets_save``. Every field
    the form shows reaches the row by name (the ``TargetRow`` attributes): a new target field is a
    field on the form and on ``TargetRow``, nothing here."""
    rows: list[TargetRow] = []
    names = {f.name for f in dataclass_fields(TargetRow)}
    for form in formset.forms:
        data = form.cleaned_data
        if data.get("DELETE") and data.get("id"):
            rows.append(TargetRow(id=data["id"], indicator=data.get("indicator"), delete=True))
            continue
        if not data or not data.get("indicator") or data.get("DELETE"):
            continue
        values = {k: v for k, v in data.items() if k in names and k != "delete"}
        values["milestones"] = values.get("milestones") or []
        values["note"] = values.get("note") or ""
        for choice in ("window", "applies_to"):  # left empty: what the target has (a new one: the default)
            values[choice] = values.get(choice) or None
        rows.append(TargetRow(**values))
    return rows


@login_required
def setup_targets(request: HttpRequest, pk: int) -> HttpResponse:
    """Targets with years, milestones, floors, fields and units: the targets form of
    ``indicators.forms`` (its fields listed from the form), behind the version check, audited."""
    campaign = campaign_get_for_user(request.user, pk, Action.MANAGE)
    formset = target_formset()(
        request.POST or None,
        initial=targets_initial(campaign),
        form_kwargs={"campaign": campaign},
        prefix="t",
    )
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        try:
            services.targets_set_checked(
                campaign=campaign,
                rows=_rows_from_formset(formset),
                expected_version=request.POST.get("version"),
                user=request.user,
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "Đã lưu chỉ tiêu giao.")
            return redirect("indicators:setup_targets", pk=campaign.pk)
    elif request.method == "POST":
        for n, form in enumerate(formset.forms, start=1):
            for name, field_errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                errors.extend(f"Dòng {n}, {label.lower()}: {e}" for e in field_errors)
        errors.extend(formset.non_form_errors())
    return render(
        request,
        "indicators/setup/targets.html",
        {
            "campaign": campaign,
            "formset": formset,
            "errors": errors,
            "version": services.targets_version(campaign),
            "audit": audit_entries(commune=campaign.commune, campaign_id=campaign.pk, limit=20),
        },
    )


@login_required
@require_GET
def setup_targets_template(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(request.user, pk, Action.MANAGE)
    response = HttpResponse(services.targets_template(campaign), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-{campaign.pk}.xlsx"'
    return response


@login_required
def setup_targets_upload(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(request.user, pk, Action.MANAGE)
    form = TargetsUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            errors = [f"Tệp quá lớn ({upload.size // 1024} KB); giới hạn là {MAX_BYTES // 1024} KB."]
        else:
            try:
                saved = services.targets_upload(
                    campaign=campaign,
                    content=upload.read(),
                    expected_version=form.cleaned_data["version"],
                    user=request.user,
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, f"Đã lưu {len(saved)} chỉ tiêu giao từ tệp.")
                return redirect("indicators:campaign_detail", pk=campaign.pk)
    elif request.method == "POST":
        errors = [e for es in form.errors.values() for e in es]
    return render(
        request,
        "indicators/setup/targets_upload.html",
        {
            "campaign": campaign,
            "form": form,
            "errors": errors,
            "version": services.targets_version(campaign),
            "columns": services.TARGET_COLUMNS,
            "audit": audit_entries(commune=campaign.commune, campaign_id=campaign.pk, limit=20),
        },
    )
