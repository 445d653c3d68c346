"""Geometry of the dashboards' server-rendered SVG charts (issue 6).

No numbers are computed here: the values come from the engine's Attainment rows; this only
maps them to coordinates. SVG keeps the portal working on a closed network (no CDN, no
script), prints sharply, and every chart has a text equivalent in its template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


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
