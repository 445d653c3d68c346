"""Campaign set-up pages of the centre (issue 15): the commune's campaigns with their set-up
steps, and the reporting rules with a preview of the periods they give. Targets, their xlsx
upload and the report forms grid edit indicators, a floor up (``indicators.setup_views``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from org.access import Action, setup_commune_get_for_user, setup_communes
from org.audit import audit_entries

from . import setup_services
from .forms import RULE_CADENCES, CampaignForm, apply_errors
from .models import Campaign
from .selectors import campaign_get_for_user


class RulesForm(CampaignForm):
    """Only the reporting-rule blocks of the campaign form, with the version of the rules."""

    def __init__(self, *args, commune, **kwargs) -> None:
        super().__init__(*args, commune=commune, **kwargs)
        for name in list(self.fields):
            if not name.startswith(tuple(f"{c}_" for c in RULE_CADENCES)):
                del self.fields[name]
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)


class CampaignSetupForm(CampaignForm):
    """The campaign form with the version of the campaign it edits."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


@login_required
def setup_campaign_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A campaign from a blank page: its fields, rules (periods generated) and units, audited."""
    commune = setup_commune_get_for_user(request.user, pk)
    form = CampaignSetupForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = setup_services.campaign_create_from_blank(
                commune=commune,
                rules=form.rules(),
                units=list(form.cleaned_data["units"]) or None,
                user=request.user,
                **form.campaign_values(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Đã tạo kế hoạch {campaign.code} với {campaign.periods.count()} kỳ báo cáo.")
            return redirect(f"{reverse('campaigns:setup_campaigns')}?xa={commune.pk}")
    return render(request, "campaigns/setup/campaign_form.html", {"form": form, "commune": commune, "campaign": None})


@login_required
def setup_campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(request.user, pk, Action.MANAGE)
    initial = CampaignForm.initial_for(campaign) | {"version": setup_services.campaign_version(campaign)}
    form = CampaignSetupForm(request.POST or None, commune=campaign.commune, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            setup_services.campaign_update_checked(
                campaign=campaign,
                expected_version=form.cleaned_data.get("version"),
                rules=form.rules(),
                units=list(form.cleaned_data["units"]) or list(campaign.commune.units.filter(active=True)),
                user=request.user,
                **form.campaign_values(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Đã lưu kế hoạch.")
            return redirect(f"{reverse('campaigns:setup_campaigns')}?xa={campaign.commune_id}")
    return render(
        request,
        "campaigns/setup/campaign_form.html",
        {"form": form, "commune": campaign.commune, "campaign": campaign},
    )


@login_required
def setup_campaigns(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("xa")
    if raw:
        if not (raw.isascii() and raw.isdigit() and len(raw) < 10):
            raise Http404("Không tìm thấy xã.")
        commune = setup_commune_get_for_user(request.user, int(raw))
    else:
        communes = list(setup_communes(request.user)[:2])
        if len(communes) != 1:
            raise Http404("Hãy chọn xã (tham số ?xa=).")
        commune = communes[0]
    campaigns = Campaign.objects.filter(commune=commune).order_by("-start", "code")
    return render(request, "campaigns/setup/campaigns.html", {"commune": commune, "campaigns": campaigns})


@login_required
def campaign_rules(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(request.user, pk, Action.MANAGE)
    initial = CampaignForm.initial_for(campaign)
    initial["version"] = setup_services.rules_version(campaign)
    form = RulesForm(request.POST or None, commune=campaign.commune, initial=initial)
    preview = None
    errors: list[str] = []
    if request.method == "POST" and "generate" in request.POST:
        try:
            n = setup_services.campaign_periods_generate(campaign=campaign, user=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"Đã tạo {n} kỳ báo cáo.")
            return redirect("campaigns:setup_rules", pk=campaign.pk)
    elif request.method == "POST" and form.is_valid():
        rules = form.rules()
        if "preview" in request.POST:
            errors = setup_services.rules_problems(campaign=campaign, rules=rules)
            preview = setup_services.rules_preview(campaign=campaign, rules=rules)
        else:
            try:
                setup_services.campaign_rules_set(
                    campaign=campaign, rules=rules, expected_version=form.cleaned_data.get("version"), user=request.user
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, f"Đã lưu quy định báo cáo; kế hoạch có {campaign.periods.count()} kỳ.")
                return redirect("campaigns:setup_rules", pk=campaign.pk)
    periods = list(campaign.periods.order_by("cadence", "start"))
    return render(
        request,
        "campaigns/setup/rules.html",
        {
            "campaign": campaign,
            "form": form,
            "preview": preview,
            "errors": errors,
            "periods": periods,
            "audit": audit_entries(commune=campaign.commune, campaign_id=campaign.pk, limit=30),
        },
    )
