from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from notify.models import Run
from notify.selectors import runs_for_communes
from org.access import reminder_communes

from .selectors import run_page, unreachable_units


@login_required
@require_GET
def runs(request: HttpRequest) -> HttpResponse:
    """The centre's page: the reminder runs, and the units nobody can be reached in now."""
    communes = list(reminder_communes(request.user).order_by("name")[:50])
    if not communes:
        raise Http404("Không tìm thấy trang.")
    ids = [c.pk for c in communes]
    return render(
        request,
        "followup/runs.html",
        {
            "runs": runs_for_communes(ids),
            "unreachable": [(c, unreachable_units(c)) for c in communes],
        },
    )


@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = Run.objects.select_related("commune").filter(pk=pk).first()
    if run is None or not reminder_communes(request.user).filter(pk=run.commune_id).exists():
        raise Http404("Không tìm thấy lần chạy nhắc việc.")
    return render(request, "followup/run_detail.html", run_page(run))
