"""The centre's "Lập từ kế hoạch mẫu" page (issue 15): the five real plans, and a draft campaign of
the commune from one of them (``plan_setup.campaign_create_from_plan``). Only the centre of the
commune and superusers open it (``org.access.setup_commune_get_for_user``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from campaigns.forms import apply_errors
from org.access import setup_commune_get_for_user

from . import plan_setup


class PlanForm(forms.Form):
    code = forms.CharField(label="Mã kế hoạch mới", max_length=40, help_text="Mã chưa có trong xã.")


@login_required
def setup_from_plan(request: HttpRequest, pk: int) -> HttpResponse:
    commune = setup_commune_get_for_user(request.user, pk)
    plans = plan_setup.plan_summaries()
    chosen = request.POST.get("chon", "") if request.method == "POST" else ""
    cards = []
    for n, plan in enumerate(plans):
        bound = chosen == str(n)
        form = PlanForm(request.POST if bound else None, prefix=f"k{n}", initial={"code": plan.code})
        cards.append({"n": n, "plan": plan, "form": form})
        if bound and form.is_valid():
            try:
                campaign = plan_setup.campaign_create_from_plan(
                    commune=commune, plan_code=plan.code, code=form.cleaned_data["code"], user=request.user
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Đã lập dự thảo {campaign.code} từ kế hoạch mẫu {plan.code}: {campaign.periods.count()} kỳ "
                    f"báo cáo, {campaign.targets.count()} chỉ tiêu giao, {campaign.tasks.count()} nhiệm vụ.",
                )
                return redirect(f"{reverse('campaigns:setup_campaigns')}?xa={commune.pk}")
    return render(request, "demo/plans.html", {"commune": commune, "cards": cards})
