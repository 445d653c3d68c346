"""Geometry of the dashboards' server-rendered SVG charts (issue 6).

No numbers are computed here: the values come from the engine's Attainment rows; this only
maps them to coordinates. SVG keeps the portal working on a closed network (no CDN, no
script), prints sharply, and every chart has a text equivalent in its template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from indicators.formatting import number_text


def _scale_max(values: Sequence[Decimal | None], *, is_ratio: bool) -> Decimal:
    seen = [v for v in values if v is not None]
    top = max(seen) if seen else Decimal(0)
    if is_ratio:
        return max(Decimal(100), top)
    if top <= 0:
        return Decimal(1)
    return top * Decimal("1.1")


def _path(points: Sequence[tuple[float, float] | None]) -> str:
    """An SVG path through the points; ``None`` breaks the line (no data is not zero)."""
    parts: list[str] = []
    pen_down = False
    for pt in points:
        if pt is None:
            pen_down = False
            continue
        x, y = pt
        parts.append(f"{'L' if pen_down else 'M'}{x:.1f},{y:.1f}")
        pen_down = True
    return " ".join(parts)


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    value_path: str
    target_path: str
    floor_path: str
    dots: list[tuple[float, float]]
    last: tuple[float, float] | None
    y_top_label: Decimal
    baseline_y: float
    pad_left: int

    @property
    def has_line(self) -> bool:
        return bool(self.value_path)


def line_chart(
    values: Sequence[Decimal | None],
    *,
    targets: Sequence[Decimal | None] = (),
    floors: Sequence[Decimal | None] = (),
    is_ratio: bool = True,
    width: int = 320,
    height: int = 140,
    pad_left: int = 0,
    pad: int = 6,
) -> LineChart:
    """Coordinates of a value line with the target (and floor) as lines, one x step per period."""
    scale = _scale_max([*values, *targets, *floors], is_ratio=is_ratio)
    n = max(len(values), 1)
    inner_w = width - pad_left - 2 * pad
    inner_h = height - 2 * pad

    def xy(i: int, v: Decimal | None) -> tuple[float, float] | None:
        if v is None:
            return None
        x = pad_left + pad + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)
        y = pad + inner_h - float(v / scale) * inner_h
        return (x, y)

    pts = [xy(i, v) for i, v in enumerate(values)]
    dots = [p for p in pts if p is not None]
    return LineChart(
        width=width,
        height=height,
        value_path=_path(pts),
        target_path=_path([xy(i, v) for i, v in enumerate(targets)]),
        floor_path=_path([xy(i, v) for i, v in enumerate(floors)]),
        dots=dots if len(values) <= 60 else [],
        last=dots[-1] if dots else None,
        y_top_label=scale.quantize(Decimal(1)),
        baseline_y=pad + inner_h,
        pad_left=pad_left,
    )


def sparkline(values: Sequence[Decimal | None], *, targets: Sequence[Decimal | None] = (), is_ratio: bool = True):
    return line_chart(values, targets=targets, is_ratio=is_ratio, width=120, height=32, pad=3)


# --- markup: built once in Python (a template loop per dot and per period cost more than the
# page's queries); every text that is not a number is escaped.


def _dots(points: Sequence[tuple[float, float]], r: str) -> str:
    return "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" class="dot"/>' for x, y in points)


def trend_svg(chart: LineChart, *, label: str, is_ratio: bool) -> SafeString:
    """The trend chart: value line, target (dashed) and floor (dotted) lines, axis, top tick."""
    base = f"{chart.baseline_y:.1f}"
    parts = [
        f'<svg class="chart" viewBox="0 0 {chart.width} {chart.height}" preserveAspectRatio="none" role="img" '
        f'aria-label="{escape(label)}">',
        f'<line x1="{chart.pad_left}" x2="{chart.width}" y1="{base}" y2="{base}" class="axis"/>',
        f'<text x="2" y="12" class="tick">{number_text(chart.y_top_label)}{"%" if is_ratio else ""}</text>',
        f'<text x="2" y="{base}" class="tick">0</text>',
    ]
    if chart.floor_path:
        parts.append(f'<path d="{chart.floor_path}" class="line-floor"/>')
    if chart.target_path:
        parts.append(f'<path d="{chart.target_path}" class="line-target"/>')
    parts.append(f'<path d="{chart.value_path}" class="line-value"/>')
    parts.append(_dots(chart.dots, "2.2"))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (numbers and escaped text only)


def spark_svg(chart: LineChart, *, label: str) -> SafeString:
    """The tile's sparkline: the cumulative value, the target, a dot on the latest value."""
    parts = [
        f'<svg class="spark" preserveAspectRatio="none" viewBox="0 0 {chart.width} {chart.height}" '
        f'width="{chart.width}" height="{chart.height}" role="img" aria-label="{escape(label)}">'
    ]
    if chart.target_path:
        parts.append(f'<path d="{chart.target_path}" class="line-target"/>')
    parts.append(f'<path d="{chart.value_path}" class="line-value"/>')
    if chart.last:
        parts.append(_dots([chart.last], "2.5"))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (numbers and escaped text only)
