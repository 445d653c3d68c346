"""Leadership dashboards (issue 6): a campaign's dashboard, the unit view, the province view.

Permissions come from ``org.access`` only (DESIGN.md rule 9): a commune's dashboard needs
``require_whole_commune`` (centre, leadership, the province's viewer, superuser); the unit view
shows a unit's own results to its staff (``unit_get_for_user``); the ranking of units is what
the commune publishes to all its members.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from campaigns.models import Campaign
from campaigns.selectors import campaign_get_for_user
from org.access import access_for, require_whole_commune, unit_get_for_user
from org.models import Province

from .dashboard_tables import DashboardFilterForm, RankingTable, UnitKindFilter
from .dashboards import (
    DashboardFilters,
    campaign_dashboard,
    province_overview,
    unit_dashboard,
)

EXPORT_FORMATS = ("csv", "xlsx")


def _filters(request: HttpRequest) -> DashboardFilters:
    """Read the filter bar; a value that is not one of the choices is ignored (and said so)."""
    raw = request.GET
    try:
        period_id = int(raw.get("ky")) if raw.get("ky") else None
    except ValueError:
        period_id = -1  # shown as an invalid period
    return DashboardFilters(
        period_id=period_id,
        cumulative=raw.get("cach_tinh", "luy_ke") != "trong_ky",
        field_code=raw.get("linh_vuc", "").strip().upper(),
        unit_kind=raw.get("loai_don_vi", "").strip(),
    )


@login_required
def dashboard_home(request: HttpRequest) -> HttpResponse:
    """Pick a campaign of my commune(s); with only one, go straight to its dashboard."""
    access = access_for(request.user)
    campaigns = list(
        Campaign.objects.filter(commune__in=access.communes())
        .select_related("commune", "commune__province")
        .order_by("commune__name", "-start", "code")
    )
    if not campaigns and not access.communes().exists():
        raise Http404("Không tìm thấy.")
    if len(campaigns) == 1:
        return redirect("reporting:dashboard", pk=campaigns[0].pk)
    return render(request, "reporting/dashboard_home.html", {"campaigns": campaigns, "today": timezone.localdate()})


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(request.user, pk)
    require_whole_commune(request.user, campaign.commune)
    filters = _filters(request)
    unit_ids, kind_invalid = None, False
    if filters.unit_kind:
        # the ranking, the Mẫu 02 chart and the late lists over one kind of unit (django-filter)
        unit_filter = UnitKindFilter({"loai_don_vi": filters.unit_kind}, queryset=campaign.commune.units.all())
        if unit_filter.is_valid():
            unit_ids = set(unit_filter.qs.values_list("pk", flat=True))
        else:
            kind_invalid = True
    ctx = campaign_dashboard(campaign=campaign, filters=filters, unit_ids=unit_ids)
    selected = ctx["selected_period"]
    table = RankingTable(ctx["ranking"])
    RequestConfig(request, paginate=False).configure(table)
    export = request.GET.get("_export")
    if export in EXPORT_FORMATS:
        stamp = selected.start.strftime("%Y%m%d") if selected else "chua-co-ky"
        return TableExport(export, table, exclude_columns=()).response(
            f"xep-hang-don-vi-{campaign.code}-{stamp}.{export}"
        )
    form = DashboardFilterForm(request.GET or None, periods=ctx["periods"])
    ctx.update(
        {
            "form": form,
            "table": table,
            "kind_invalid": kind_invalid,
            "field_invalid": bool(filters.field_code) and not ctx["field_name"],
            "query": filters.as_query(),
            "read_only": access_for(request.user).is_province_viewer,
        }
    )
    return render(request, "reporting/dashboard.html", ctx)


@login_required
def unit_view_home(request: HttpRequest) -> HttpResponse:
    """Unit staff: my unit(s) × the campaigns they take part in; with one, open it."""
    access = access_for(request.user)
    if not access.own_unit_ids:
        raise Http404("Không tìm thấy.")
    pairs = []
    for c in (
        Campaign.objects.filter(participations__unit_id__in=access.own_unit_ids)
        .select_related("commune")
        .distinct()
        .order_by("-start")
    ):
        for u in c.units.filter(id__in=access.own_unit_ids).order_by("order", "code"):
            pairs.append((c, u))
    if len(pairs) == 1:
        return redirect("reporting:unit_view", pk=pairs[0][0].pk, unit_pk=pairs[0][1].pk)
    return render(request, "reporting/unit_view_home.html", {"pairs": pairs})


@login_required
def unit_view(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """One unit's own results: its staff (and whoever reads the whole commune) only."""
    unit = unit_get_for_user(request.user, unit_pk)
    campaign = campaign_get_for_user(request.user, pk)
    if unit.commune_id != campaign.commune_id:
        raise Http404("Không tìm thấy.")
    ctx = unit_dashboard(campaign=campaign, unit=unit)
    return render(request, "reporting/unit_view.html", ctx)


@login_required
def province_home(request: HttpRequest) -> HttpResponse:
    """Every commune of my province side by side (read-only)."""
    access = access_for(request.user)
    provinces = list(
        Province.objects.all() if access.is_superuser else Province.objects.filter(pk__in=access.province_ids)
    )
    if not provinces:
        raise Http404("Không tìm thấy.")
    chosen = request.GET.get("tinh")
    province = next((p for p in provinces if str(p.pk) == chosen), provinces[0])
    ctx = province_overview(province=province, group_key=request.GET.get("dot", ""))
    ctx["provinces"] = provinces
    return render(request, "reporting/province.html", ctx)
