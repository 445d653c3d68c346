"""The campaign pages that show indicators (under /ke-hoach/, mounted from indicators/urls.py):
the campaign page (the campaign's own part from ``campaigns.selectors``, its targets and report
forms from ``indicators.selectors``) and "start from a plan" by copy, which copies forms and
targets too. The old targets address only points to the set-up page (``setup_views``), which
saves behind the version check and writes the trail. They sit on this floor because campaigns
may not import indicators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from campaigns.forms import CampaignCopyForm, apply_errors
from campaigns.selectors import campaign_detail_context, campaign_get_for_user
from org.access import Action

from . import setup_services
from .selectors import campaign_page_indicators, campaign_progress, untracked_targets


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
            campaign = setup_services.campaign_copy_audited(
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
            return redirect("campaigns:setup_edit", pk=campaign.pk)
    return render(request, "campaigns/campaign_copy.html", {"form": form, "source": source})


@login_required
def campaign_targets(request: HttpRequest, pk: int) -> HttpResponse:
    """The old targets address: the set-up page saves targets (version check, audit), this points there."""
    campaign = campaign_get_for_user(request.user, pk, Action.MANAGE)
    return redirect("indicators:setup_targets", pk=campaign.pk)
