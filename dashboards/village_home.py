"""The village head's home (issue 13 item 5): the page a village head lands on after signing in,
leading to the work — the open survey round (Mẫu 02, sổ thăm hộ), the weekly reports due with
their deadlines, the outbox of this phone (drawn by households/outbox-page.js into the marked
spot) and what the centre returned, with its reason.

It stands on the dashboards floor because it only reads, and reads two siblings below it:
``households`` (the survey round) and ``reporting`` (the weekly reports), each through its
selectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Period
from households import selectors as household_selectors
from households.models import ReturnStatus
from org.access import own_villages, reads_only_own_villages
from org.models import Unit
from reporting import selectors as report_selectors
from reporting.models import ReportStatus, UnitReport


@dataclass
class WeekDue:
    campaign: Campaign
    period: Period
    report: UnitReport | None
    countdown: str
    overdue: bool
    url: str


@dataclass
class VillageWork:
    village: Unit
    survey_round: object | None = None
    village_return: object | None = None
    round_url: str = ""
    visits_url: str = ""
    weeks: list[WeekDue] = field(default_factory=list)
    returned: list[tuple[str, str, str]] = field(default_factory=list)  # (what, reason, url)


def _weeks(village: Unit, now: datetime) -> tuple[list[WeekDue], list[tuple[str, str, str]]]:
    due, returned = [], []
    campaigns = Campaign.objects.filter(participations__unit=village, commune=village.commune).order_by("-start")
    for campaign in campaigns:
        for cadence in report_selectors.cadences_of(campaign):
            if not report_selectors.form_elements(campaign=campaign, unit=village, cadence=cadence):
                continue
            period = report_selectors.period_to_fill(campaign=campaign, cadence=cadence, now=now)
            if period is None or period.start > timezone.localdate(now):
                continue
            report = report_selectors.report_for(unit=village, period=period)
            text, overdue = report_selectors.countdown(period.deadline, now)
            url = reverse("village_week:form", args=[village.pk, period.pk])
            submitted = report is not None and report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
            due.append(WeekDue(campaign, period, report, text, overdue and not submitted, url))
    for report in UnitReport.objects.filter(unit=village, status=ReportStatus.RETURNED).select_related("period"):
        url = reverse("village_week:form", args=[village.pk, report.period_id])
        returned.append((f"Báo cáo {report.period.label}", report.review_comment, url))
    return due, returned


def village_work(village: Unit, now: datetime) -> VillageWork:
    work = VillageWork(village=village)
    survey_round = household_selectors.open_round_for_village(village=village)
    if survey_round is not None:
        work.survey_round = survey_round
        work.village_return = household_selectors.village_return_for(survey_round=survey_round, village=village)
        work.round_url = reverse("households:return_form", args=[survey_round.pk, village.pk])
        if survey_round.visits_enabled:
            work.visits_url = reverse("households:visits", args=[survey_round.pk, village.pk])
        ret = work.village_return
        if ret is not None and ret.status == ReturnStatus.RETURNED:
            work.returned.append((f"Mẫu 02 – {survey_round.title}", ret.review_reason, work.round_url))
    weeks, returned = _weeks(village, now)
    work.weeks = weeks
    work.returned.extend(returned)
    return work


@login_required
def village_home(request: HttpRequest) -> HttpResponse:
    if not reads_only_own_villages(request.user):
        return redirect("home")
    now = timezone.now()
    villages = list(own_villages(request.user).select_related("commune").order_by("commune_id", "order"))
    return render(request, "dashboards/village_home.html", {"works": [village_work(v, now) for v in villages]})
