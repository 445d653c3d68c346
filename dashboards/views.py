"""Leadership dashboards (issue 6): a campaign's dashboard, the unit view, the province view.

Permissions come from ``org.access`` only (docs/design.md rule 9): a commune's dashboard needs
``require_whole_commune`` (centre, leadership, the province's viewer, superuser); the unit view
shows a unit's own results to its staff (``unit_get_for_user``); the ranking of units is what
the commune publishes to all its members.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from campaigns.models import Campaign
from campaigns.selectors import campaign_get_for_user, overdue_tasks
from indicators.models import Indicator
from org.access import (
    access_for,
    can_adjust_qd766,
    can_read_whole_commune,
    commune_get_for_user,
    reads_only,
    require_whole_commune,
    unit_get_for_user,
)

from .indicator import indicator_page
from .page_cache import cached_page, digest
from .province import province_overview
from .province_export import province_csv, province_xlsx
from .qd766 import qd766_page
from .selectors import (
    DashboardFilters,
    campaign_dashboard,
    dashboard_version,
    days_left,
    unit_dashboard,
)
from .tables import DashboardFilterForm, RankingTable, UnitKindFilter

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
        return redirect("dashboards:dashboard", pk=campaigns[0].pk)
    return render(request, "dashboards/dashboard_home.html", {"campaigns": campaigns, "today": timezone.localdate()})


DASHBOARD_PARTS = ("status", "lead", "top", "lag_head", "lag_lists", "bottom")


def _assemble(request: HttpRequest, campaign: Campaign, filters: DashboardFilters, now) -> tuple[dict, RankingTable]:
    """The dashboard's data (the engine's results, completeness) and its ranking table."""
    unit_kind, kind_invalid = "", False
    if filters.unit_kind:
        # the ranking, the Mẫu 02 chart and the late lists over one kind of unit: django-filter
        # checks the choice; the units on the page carry their kind, so no query is needed
        unit_filter = UnitKindFilter({"loai_don_vi": filters.unit_kind}, queryset=campaign.commune.units.none())
        if unit_filter.is_valid():
            unit_kind = unit_filter.form.cleaned_data["loai_don_vi"]
        else:
            kind_invalid = True
    ctx = campaign_dashboard(campaign=campaign, filters=filters, unit_kind=unit_kind, now=now)
    ctx["kind_invalid"] = kind_invalid

    table = RankingTable(ctx["ranking"], campaign_pk=campaign.pk)
    RequestConfig(request, paginate=False).configure(table)
    return ctx, table


def _render_parts(request: HttpRequest, ctx: dict, table: RankingTable, filters: DashboardFilters) -> dict[str, str]:
    """The dashboard's heavy HTML (filters, tiles, lists, ranking, charts), one string per part."""
    ctx.update(
        {
            "form": DashboardFilterForm(request.GET or None, periods=ctx["periods"]),
            "table": table,
            "field_invalid": bool(filters.field_code) and not ctx["field_name"],
            "query": filters.as_query(),
        }
    )
    return {name: get_template(f"dashboards/dashboard_{name}.html").render(ctx, request) for name in DASHBOARD_PARTS}


def _page_key(request: HttpRequest, kind: str, *ids: int) -> str:
    """One key per page and GET parameters (filters, table sort); the stamp lives in the entry."""
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    return f"dashboards:{kind}:{':'.join(str(i) for i in ids)}:{digest(query)}"


def _short(text: str, limit: int = 120) -> str:
    """As the ``truncatechars`` filter: at most ``limit`` characters, the last one "…"."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def group_overdue(tasks: list) -> list[tuple[object, list]]:
    """One row per task: the plan gives one task to each village as separate rows (same content,
    same deadline); they are listed once with their lead units. Oldest deadline first."""
    groups: dict[tuple[str, object], list] = {}
    for t in tasks:
        groups.setdefault((t.content.strip(), t.due_date), []).append(t)
    return [(rows[0], [r.lead_unit for r in rows]) for rows in groups.values()]


def _units_text(units: list, limit: int = 6) -> str:
    names = [u.name for u in units]
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} và {len(names) - limit} đơn vị khác"


def _overdue_html(groups: list[tuple[object, list]]) -> str:
    """The overdue tasks list, built once in Python (read live on every view: tasks change
    without a recompute and carry no change stamp)."""
    if not groups:
        return format_html('<p class="muted">{}</p>', "Không có.")
    items = format_html_join(
        "",
        '<li>{} <span class="muted">– {}, hạn {}</span> <span class="status status-overdue">Quá hạn</span></li>',
        ((_short(t.content), _units_text(units), f"{t.due_date:%d/%m/%Y}") for t, units in groups),
    )
    return format_html('<ul class="list">{}</ul>', items)


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """A campaign's dashboard. Its heavy parts are cached under a key that changes with every
    recompute, report status change, passing deadline and day (``dashboard_version``), so a
    cached page shows what a fresh one would; overdue tasks and the header are read live."""
    campaign = campaign_get_for_user(request.user, pk)
    require_whole_commune(request.user, campaign.commune)
    filters = _filters(request)
    now = timezone.now()
    export = request.GET.get("_export")
    if export in EXPORT_FORMATS:
        ctx, table = _assemble(request, campaign, filters, now)
        selected = ctx["selected_period"]
        stamp = selected.start.strftime("%Y%m%d") if selected else "chua-co-ky"
        return TableExport(export, table, exclude_columns=()).response(
            f"xep-hang-don-vi-{campaign.code}-{stamp}.{export}"
        )
    # the figures: one query for the version stamp, then one cache read (issue 19 item 3)
    stamp = dashboard_version(campaign=campaign, now=now)
    served = cached_page(
        _page_key(request, "dashboard", campaign.pk),
        stamp,
        lambda: _render_parts(request, *_assemble(request, campaign, filters, now), filters),
    )
    parts = served.value
    today = timezone.localdate(now)
    groups = group_overdue(overdue_tasks(campaign, today))
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "campaign": campaign,
            "parts": {name: mark_safe(html) for name, html in parts.items()},  # noqa: S308 (our own rendering)
            "overdue_count": len(groups),
            "overdue_html": _overdue_html(groups),
            "days_left": days_left(campaign, today),
            "read_only": reads_only(request.user, commune=campaign.commune),
            "served": served,
        },
    )


@login_required
def indicator_detail(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Where a tile's number comes from (issue 15): whoever reads the commune's dashboard, read-only."""
    campaign = campaign_get_for_user(request.user, pk)
    require_whole_commune(request.user, campaign.commune)
    # the shared catalogue or the commune's own; another commune's indicator is not found
    indicator = (
        Indicator.objects.filter(pk=indicator_pk).filter(Q(commune=None) | Q(commune=campaign.commune_id)).first()
    )
    if indicator is None:
        raise Http404("Không tìm thấy chỉ tiêu.")
    filters = _filters(request)
    ctx = indicator_page(
        campaign=campaign,
        indicator=indicator,
        period_id=filters.period_id,
        cumulative=filters.cumulative,
    )
    ctx["read_only"] = reads_only(request.user, commune=campaign.commune)
    ctx["can_open_reports"] = can_read_whole_commune(request.user, campaign.commune)
    return render(request, "dashboards/indicator.html", ctx)


@login_required
def unit_view_home(request: HttpRequest) -> HttpResponse:
    """Unit staff: my unit(s) × the campaigns they take part in; with one, open it."""
    units = access_for(request.user).own_units()
    if not units.exists():
        raise Http404("Không tìm thấy.")
    pairs = []
    for c in (
        Campaign.objects.filter(participations__unit__in=units).select_related("commune").distinct().order_by("-start")
    ):
        for u in c.units.filter(pk__in=units).order_by("order", "code"):
            pairs.append((c, u))
    if len(pairs) == 1:
        return redirect("dashboards:unit_view", pk=pairs[0][0].pk, unit_pk=pairs[0][1].pk)
    return render(request, "dashboards/unit_view_home.html", {"pairs": pairs})


@login_required
def unit_view(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """One unit's own results: its staff (and whoever reads the whole commune) only."""
    unit = unit_get_for_user(request.user, unit_pk)
    campaign = campaign_get_for_user(request.user, pk)
    if unit.commune_id != campaign.commune_id:
        raise Http404("Không tìm thấy.")
    now = timezone.now()
    # cached like the dashboard under the campaign's stamp; the unit's overdue tasks are read live
    served = cached_page(
        f"dashboards:unit:{campaign.pk}:{unit.pk}",
        dashboard_version(campaign=campaign, now=now),
        lambda: {
            k: v for k, v in unit_dashboard(campaign=campaign, unit=unit, now=now).items() if k != "overdue_tasks"
        },
    )
    ctx = {**served.value, "served": served}
    ctx["overdue_tasks"] = overdue_tasks(campaign, timezone.localdate(now), unit=unit)
    return render(request, "dashboards/unit_view.html", ctx)


@login_required
def province_home(request: HttpRequest) -> HttpResponse:
    """Every commune of my province side by side (read-only)."""
    provinces = list(access_for(request.user).provinces())
    if not provinces:
        raise Http404("Không tìm thấy.")
    chosen = request.GET.get("tinh")
    province = next((p for p in provinces if str(p.pk) == chosen), provinces[0])
    ctx = province_overview(province=province, group_key=request.GET.get("dot", ""))
    ctx["provinces"] = provinces
    export = request.GET.get("_export")
    if export in EXPORT_FORMATS and ctx["group"] is not None:
        stamp = timezone.localdate().strftime("%Y%m%d")
        name = f"toan-tinh-{province.pk}-{ctx['group'].key}-{stamp}.{export}"
        if export == "xlsx":
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            response = HttpResponse(province_xlsx(ctx), content_type=content_type)
        else:
            response = HttpResponse(province_csv(ctx), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    ctx["query"] = urlencode({k: v for k, v in request.GET.items() if k in ("tinh", "dot")})
    return render(request, "dashboards/province.html", ctx)


@login_required
def qd766(request: HttpRequest, commune_pk: int) -> HttpResponse:
    """The commune's QĐ 766/QĐ-TTg estimate (issue 18): readable by whoever reads the commune."""
    commune = commune_get_for_user(request.user, commune_pk)
    year = month = None
    raw = request.GET.get("thang", "").strip()
    month_invalid = False
    if raw:
        try:
            year, month = (int(p) for p in raw.split("-"))
            date(year, month, 1)
        except ValueError:
            year = month = None
            month_invalid = True
    page = qd766_page(commune=commune, year=year, month=month)
    ctx = {"commune": commune, "page": page, "month_invalid": month_invalid}
    ctx["can_adjust"] = can_adjust_qd766(request.user, commune)  # the thresholds page (issue 18)
    return render(request, "dashboards/qd766.html", ctx)
