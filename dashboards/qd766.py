"""The commune's QĐ 766 page (issue 18, part 1): what the view shows, built from
``indicators.qd766`` (the estimate) and ``dashboards.charts`` (the trend line)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from indicators.formatting import number_text
from indicators.models import Qd766ThresholdChange
from indicators.qd766 import (
    BAND_LINES,
    CommuneEstimate,
    Estimate,
    ThresholdError,
    band_of,
    commune_estimate,
    latest_month,
    points_text,
    rate_text,
    table_for,
)
from indicators.qd766_thresholds import qd766_thresholds_set
from indicators.qd766_units import unit_estimates
from org.access import can_adjust_qd766, commune_get_for_user
from org.models import Commune

from .charts import line_chart

WIDTH, HEIGHT, PAD = 360, 160, 6


@dataclass
class Qd766Page:
    result: CommuneEstimate | None
    trend_svg: SafeString | None
    trend_rows: list[tuple[str, str, str]]
    groups: list[dict]
    fixes: list[str]
    missing: list[str]
    score_text: str = ""
    units: list[dict] = field(default_factory=list)  # per unit, where the figures allow


def _trend_svg(scores: list, label: str) -> SafeString:
    chart = line_chart(scores, is_ratio=True, width=WIDTH, height=HEIGHT, pad=PAD)
    inner_h = HEIGHT - 2 * PAD
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none" role="img" '
        f'aria-label="{escape(label)}">',
        f'<line x1="0" x2="{WIDTH}" y1="{chart.baseline_y:.1f}" y2="{chart.baseline_y:.1f}" class="axis"/>',
    ]
    for line in BAND_LINES:  # the band edges, on the same 0–100 scale as the score
        y = PAD + inner_h - float(line) / float(chart.y_top_label) * inner_h
        parts.append(f'<line x1="0" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}" class="line-target"/>')
        parts.append(f'<text x="2" y="{y - 2:.1f}" class="tick">{line}</text>')
    parts.append(f'<path d="{chart.value_path}" class="line-value"/>')
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" class="dot"/>' for x, y in chart.dots]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (numbers and escaped text only)


def qd766_page(*, commune: Commune, year: int | None = None, month: int | None = None) -> Qd766Page:
    """The latest month with figures unless a month is asked for."""
    if month is None or year is None:
        found = latest_month(commune=commune)
        if found is None:
            return Qd766Page(None, None, [], [], [], [])
        year, month = found
    result = commune_estimate(commune=commune, year=year, month=month, trend=True)
    scores = [score for _m, score in result.trend]
    rows = [(f"{m:02d}/{year}", _score(s), band_of(s) or "") for m, s in result.trend]
    svg = _trend_svg(scores, f"Điểm QĐ 766 theo tháng năm {year}") if any(s is not None for s in scores) else None
    ytd = result.ytd
    return Qd766Page(
        result,
        svg,
        rows,
        _groups(ytd),
        [
            f"{i.line.code} {i.line.name}: "
            + (i.fix.text("từ đầu năm") if i.fix else f"mất {points_text(i.lost)} điểm")
            for i in ytd.fix_first()
        ],
        [f"{i.line.code} {i.line.name}" for i in ytd.missing()],
        _score(ytd.score),
        [
            {
                "name": u.unit.name,
                "points": points_text(u.points),
                "possible": points_text(u.possible),
                "items": u.estimate.items_with_data,
            }
            for u in unit_estimates(commune=commune, year=year, month=month)
        ],
    )


def _score(value) -> str:
    return "Không có số liệu" if value is None else points_text(value)


def _groups(est: Estimate) -> list[dict]:
    return [
        {
            "code": g.code,
            "name": g.name,
            "points": points_text(g.points),
            "total": points_text(g.total),
            "with_data": g.items_with_data,
            "items": [
                {
                    "code": i.line.code,
                    "name": i.line.name,
                    "rate": rate_text(i.rate),
                    "threshold": rate_text(i.line.threshold),
                    "points": points_text(i.points),
                    "max": points_text(i.line.max_points),
                    "note": i.line.note,
                }
                for i in g.items
            ],
        }
        for g in est.groups
    ]


# ------------------------------------------------------------------ the centre adjusts thresholds


def thresholds_page(request: HttpRequest, commune_pk: int) -> HttpResponse:
    """GET: the table in force for a year, each threshold editable, and the audit trail; POST:
    save the thresholds changed (all or nothing, each change audited). The centre only."""
    commune = commune_get_for_user(request.user, commune_pk)
    if not can_adjust_qd766(request.user, commune):
        raise Http404("Không tìm thấy.")
    raw_year = request.POST.get("nam") if request.method == "POST" else request.GET.get("nam")
    year = (
        int(raw_year)
        if raw_year
        and (raw_year.isascii() and raw_year.isdigit() and len(raw_year) < 10)
        and 2000 <= int(raw_year) <= 2100
        else date.today().year
    )
    url = f"{reverse('dashboards:qd766_thresholds', args=[commune.pk])}?nam={year}"
    if request.method == "POST":
        codes = [line.code for line in table_for(commune=commune, year=year)]
        typed = {c: request.POST[f"t_{c}"] for c in codes if f"t_{c}" in request.POST}
        read = {c: request.POST[f"was_{c}"] for c in codes if f"was_{c}" in request.POST}
        try:
            changed = qd766_thresholds_set(commune=commune, year=year, typed=typed, read=read, user=request.user)
        except ThresholdError as exc:
            messages.error(request, f"Chưa lưu: {exc}")
        else:
            messages.success(
                request,
                f"Đã lưu ngưỡng năm {year}: {', '.join(changed)}." if changed else "Không có ngưỡng nào thay đổi.",
            )
        return redirect(url)
    changes = Qd766ThresholdChange.objects.filter(commune=commune).select_related("changed_by")[:50]
    return render(
        request,
        "dashboards/qd766_thresholds.html",
        {
            "commune": commune,
            "year": year,
            "lines": [
                (line, number_text(line.threshold, 2), str(line.threshold))
                for line in table_for(commune=commune, year=year)
            ],
            "changes": changes,
        },
    )


__all__ = ["Qd766Page", "qd766_page", "thresholds_page"]
