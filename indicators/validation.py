"""A campaign's targets as the centre enters them: parse, validate, save, and the table the
campaign page shows (docs/design.md rules 3, 6 and 10).

Bad input is refused whole: ``targets_save`` raises one ``ValidationError`` listing every
problem by row and field, in Vietnamese, and writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from org.models import UnitKind

from . import engine_hooks
from .models import (
    Comparator,
    Direction,
    Field,
    Indicator,
    IndicatorKind,
    Target,
    TargetAppliesTo,
    TargetMilestone,
    TargetWindow,
)
from .reading import read_number

HUNDRED = Decimal(100)


@dataclass
class MilestoneInput:
    year: int
    value: Decimal
    floor: Decimal | None = None


@dataclass
class TargetRow:
    indicator: Indicator | None  # None only on a row that deletes
    comparator: str = Comparator.GE
    value: Decimal | None = None
    floor: Decimal | None = None
    unit: object | None = None  # org.models.Unit
    field: Field | None = None
    milestones: list[MilestoneInput] = dc_field(default_factory=list)
    note: str = ""
    id: int | None = None
    delete: bool = False
    # rule 6 (issue 12); None keeps what the target has (a new one: the defaults)
    window: str | None = None  # TargetWindow
    applies_to: str | None = None  # TargetAppliesTo
    unit_kind: str | None = None  # UnitKind or "" (with applies_to each_unit)


def parse_decimal(text: str) -> Decimal:
    """A target as the centre types it, by the one number rule (``reading.numbers``): "92,5",
    "92.5", "1.000" is one thousand; a "%" after it is allowed. Raises ``ValueError``."""
    value = read_number(str(text).strip().removesuffix("%"), integer=False, places=2, negative=True)
    if value is None:
        raise ValueError(text)
    return value


MILESTONE = re.compile(r"^\s*(\d{4})\s*:\s*([^/()]+?)\s*(?:(?:/|\(\s*tối thiểu)\s*([^)]+?)\s*\)?)?\s*$", re.IGNORECASE)


def parse_milestones(text: str) -> list[MilestoneInput]:
    """ "2026: 80; 2030: 100" or one per line; a floor after a slash: "2030: 100 / 95"."""
    out: list[MilestoneInput] = []
    for part in re.split(r"[;\n]+", text or ""):
        if not part.strip():
            continue
        m = MILESTONE.match(part)
        if not m:
            raise ValidationError(f"Mốc “{part.strip()}” không đúng dạng “năm: giá trị” (ví dụ “2026: 80; 2030: 100”).")
        try:
            value = parse_decimal(m.group(2))
            floor = parse_decimal(m.group(3)) if m.group(3) else None
        except ValueError:
            raise ValidationError(f"Mốc “{part.strip()}”: giá trị không phải là số.") from None
        out.append(MilestoneInput(year=int(m.group(1)), value=value, floor=floor))
    return out


def milestones_text(milestones) -> str:
    parts = []
    for m in milestones:
        text = f"{m.year}: {number_text(m.value)}"
        if m.floor is not None:
            text += f" / {number_text(m.floor)}"
        parts.append(text)
    return "; ".join(parts)


def number_text(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def _row_problems(*, campaign, row: TargetRow, n: int) -> list[str]:
    problems: list[str] = []
    ind = row.indicator
    where = f"Dòng {n} ({ind.code})"
    if ind.commune_id not in (None, campaign.commune_id):
        problems.append(f"{where}, chỉ tiêu: không thuộc danh mục của xã.")
    if row.comparator not in Comparator.values:
        problems.append(f"{where}, so sánh: phải là ≥, >, ≤ hoặc <.")
    if row.value is None and not row.milestones:
        problems.append(f"{where}, giá trị: cần nhập giá trị cho cả kế hoạch hoặc các mốc theo năm.")
    if row.value is not None and row.milestones:
        problems.append(f"{where}, giá trị: đã có mốc theo năm thì để trống giá trị chung.")
    lower = row.comparator in (Comparator.LE, Comparator.LT)
    if ind.direction == Direction.LOWER and row.comparator in (Comparator.GE, Comparator.GT):
        problems.append(f"{where}, so sánh: chỉ tiêu càng thấp càng tốt phải dùng ≤ hoặc <.")
    if ind.direction == Direction.HIGHER and lower:
        problems.append(f"{where}, so sánh: chỉ tiêu càng cao càng tốt phải dùng ≥ hoặc >.")

    def check_number(label: str, value: Decimal | None) -> None:
        if value is None:
            return
        if ind.is_ratio and not (0 <= value <= HUNDRED):
            problems.append(f"{where}, {label}: tỷ lệ phải từ 0 đến 100 (đang là {number_text(value)}).")
        elif value < 0:
            problems.append(f"{where}, {label}: không được âm (đang là {number_text(value)}).")

    def check_floor(label: str, value: Decimal | None, floor: Decimal | None) -> None:
        if value is None or floor is None:
            return
        if (not lower and floor > value) or (lower and floor < value):
            word = "không được cao hơn" if not lower else "không được thấp hơn"
            problems.append(
                f"{where}, {label}: mức tối thiểu ({number_text(floor)}) {word} giá trị phấn đấu ({number_text(value)})."
            )

    check_number("giá trị", row.value)
    check_number("mức tối thiểu", row.floor)
    check_floor("mức tối thiểu", row.value, row.floor)
    first, last = campaign.start.year, campaign.end.year
    years: set[int] = set()
    for m in row.milestones:
        if not (first <= m.year <= last):
            span = str(first) if first == last else f"{first}–{last}"
            problems.append(f"{where}, mốc theo năm: năm {m.year} nằm ngoài thời gian kế hoạch ({span}).")
        if m.year in years:
            problems.append(f"{where}, mốc theo năm: năm {m.year} được nhập hai lần.")
        years.add(m.year)
        check_number(f"mốc {m.year}", m.value)
        check_number(f"mức tối thiểu mốc {m.year}", m.floor)
        check_floor(f"mốc {m.year}", m.value, m.floor if m.floor is not None else row.floor)
    if row.unit is not None and row.field is not None:
        problems.append(f"{where}, phạm vi: chỉ chọn một đơn vị hoặc một lĩnh vực, không chọn cả hai.")
    if row.unit is not None and row.unit.commune_id != campaign.commune_id:
        problems.append(f"{where}, đơn vị: không thuộc xã của kế hoạch.")
    if row.field is not None:
        terms = list(ind.terms.select_related("element"))
        if not terms or any(not t.element.allows_field_breakdown for t in terms):
            problems.append(f"{where}, lĩnh vực: số liệu của chỉ tiêu này không nhập theo lĩnh vực.")
    return problems


@transaction.atomic
def targets_save(*, campaign, rows: list[TargetRow], user=None) -> list[Target]:
    """Create, change or delete the campaign's targets in one go. Rows with ``id`` change that
    target (of this campaign only); ``delete`` removes it. Nothing is saved if any row is bad."""
    problems: list[str] = []
    keys: dict[tuple, int] = {}
    own = {t.pk: t for t in Target.objects.filter(campaign=campaign)}
    for n, row in enumerate(rows, start=1):
        if row.id is not None and row.id not in own:
            problems.append(f"Dòng {n}: chỉ tiêu giao không thuộc kế hoạch này.")
            continue
        if row.delete:
            continue
        problems.extend(_row_problems(campaign=campaign, row=row, n=n))
        if row.window is not None and row.window not in TargetWindow.values:
            problems.append(f"Dòng {n} ({row.indicator.code}), xét theo: giá trị «{row.window}» không hợp lệ.")
        if row.applies_to is not None and row.applies_to not in TargetAppliesTo.values:
            problems.append(f"Dòng {n} ({row.indicator.code}), áp dụng cho: giá trị «{row.applies_to}» không hợp lệ.")
        if row.unit_kind and row.unit_kind not in UnitKind.values:
            problems.append(f"Dòng {n} ({row.indicator.code}), loại đơn vị: «{row.unit_kind}» không hợp lệ.")
        existing = own.get(row.id) if row.id is not None else None
        applies_to = row.applies_to if row.applies_to is not None else getattr(existing, "applies_to", "auto")
        unit_kind = row.unit_kind if row.unit_kind is not None else getattr(existing, "unit_kind", "")
        window = row.window if row.window is not None else getattr(existing, "window", TargetWindow.PERIOD)
        key = (
            row.indicator.pk,
            getattr(row.unit, "pk", None),
            getattr(row.field, "pk", None),
            window,
            applies_to == TargetAppliesTo.EACH_UNIT,
            unit_kind if applies_to == TargetAppliesTo.EACH_UNIT else "",
        )
        if key in keys:
            problems.append(
                f"Dòng {n} ({row.indicator.code}), phạm vi: trùng với dòng {keys[key]} (cùng chỉ tiêu, cùng phạm vi)."
            )
        else:
            keys[key] = n
    if problems:
        raise ValidationError(problems)
    saved: list[Target] = []
    for row in rows:
        if row.delete:
            if row.id is not None:
                own[row.id].delete()
            continue
        target = own.get(row.id) if row.id is not None else Target(campaign=campaign)
        target.indicator = row.indicator
        target.comparator = row.comparator
        target.value = row.value
        target.floor = row.floor
        target.unit = row.unit
        target.field = row.field
        target.note = row.note
        for name in ("window", "applies_to", "unit_kind"):
            if getattr(row, name) is not None:
                setattr(target, name, getattr(row, name))
        target.save()
        target.milestones.exclude(year__in=[m.year for m in row.milestones]).delete()
        for m in row.milestones:
            TargetMilestone.objects.update_or_create(
                target=target, year=m.year, defaults={"value": m.value, "floor": m.floor}
            )
        saved.append(target)
    _recompute(campaign)
    return saved


def _recompute(campaign) -> None:
    # the hook itself waits for the commit
    engine_hooks.schedule_recompute(campaign_id=campaign.pk)


def targets_table(*, campaign) -> list[Target]:
    """The campaign's targets for display, with ``milestone_list`` and ``scope_label``."""
    targets = list(
        Target.objects.filter(campaign=campaign)
        .select_related("indicator", "unit", "field")
        .prefetch_related("milestones")
        .order_by("indicator__order", "indicator__code", "unit__order", "field__order", "id")
    )
    for t in targets:
        t.milestone_list = sorted(t.milestones.all(), key=lambda m: m.year)
        t.milestones_display = milestones_text(t.milestone_list)
        if t.unit_id:
            t.scope_label = t.unit.name
        elif t.field_id:
            t.scope_label = f"Lĩnh vực {t.field.name}"
        elif t.applies_to == TargetAppliesTo.EACH_UNIT:
            kind = UnitKind(t.unit_kind).label.lower() if t.unit_kind in UnitKind.values else "đơn vị"
            t.scope_label = f"Từng {kind}" if t.unit_kind else "Từng đơn vị"
        elif t.applies_to == TargetAppliesTo.COMMUNE or t.indicator.kind == IndicatorKind.COUNT:
            t.scope_label = "Tổng toàn xã"
        else:
            t.scope_label = "Toàn xã và từng đơn vị"
        t.window_label = WINDOW_WORDS.get(t.window, "")
    return targets


WINDOW_WORDS = {
    TargetWindow.PERIOD: "Từng kỳ và lũy kế",
    TargetWindow.YEAR: "Mỗi năm",
    TargetWindow.QUARTER: "Mỗi quý",
    TargetWindow.MONTH: "Mỗi tháng",
    TargetWindow.CAMPAIGN: "Cả kế hoạch",
}
