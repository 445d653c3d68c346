"""Writes of the indicator set-up pages (issue 15): which unit reports which data element (the
units × elements grid, saved as ``FormElement`` rows) and the targets table uploaded as xlsx.
Both are all-or-nothing, carry a version check and write the audit trail (``org.audit``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from campaigns.models import Campaign
from org.audit import StaleEdit, audit_record, diff, row_version
from org.models import Unit, UnitKind

from . import services as copy_services
from .models import (
    Comparator,
    DataElement,
    Direction,
    Field,
    FormElement,
    Indicator,
    Target,
    TargetAppliesTo,
    TargetWindow,
)
from .setup_xlsx import read_rows_bounded
from .validation import (
    TargetRow,
    _row_problems,
    milestones_text,
    number_text,
    parse_decimal,
    parse_milestones,
    targets_save,
    targets_table,
)

# --- which unit reports which element -------------------------------------------------------


def grid_elements(*, campaign: Campaign, cadence: str) -> list[DataElement]:
    """The grid's columns: the data elements of the campaign's indicators (those with a target),
    and any element already on a form of ``cadence``; unit-report elements only (Mẫu 02's come
    from the households' returns)."""
    from_targets = Q(terms__indicator__targets__campaign=campaign)
    on_forms = Q(form_uses__campaign=campaign, form_uses__cadence=cadence)
    return list(
        DataElement.objects.filter(from_targets | on_forms, source="unit_report").distinct().order_by("order", "code")
    )


def grid_units(campaign: Campaign) -> list[Unit]:
    return list(Unit.objects.filter(participations__campaign=campaign, active=True).order_by("kind", "order", "code"))


def grid_cells(*, campaign: Campaign, cadence: str, units: list[Unit]) -> set[tuple[int, int]]:
    """{(unit id, element id)} reported today (a kind row covers every unit of that kind)."""
    cells: set[tuple[int, int]] = set()
    rows = FormElement.objects.filter(campaign=campaign, cadence=cadence).values_list(
        "unit_id", "unit_kind", "element_id"
    )
    for unit_id, kind, element_id in rows:
        for u in units:
            if u.pk == unit_id or (unit_id is None and u.kind == kind):
                cells.add((u.pk, element_id))
    return cells


def default_kinds(elements: list[DataElement], *, commune_id: int) -> dict[int, set[str]]:
    """Sensible defaults by unit kind, for a cadence that has no form yet: each element goes to
    the kinds of unit that report it in the commune's other campaigns, else in any campaign;
    an element no campaign has used goes to the villages (they report most figures)."""
    ids = [e.pk for e in elements]
    found: dict[int, set[str]] = {}
    for scope in (Q(campaign__commune_id=commune_id), Q()):
        kinds: dict[int, set[str]] = {}
        rows = FormElement.objects.filter(scope, element_id__in=ids).values_list(
            "element_id", "unit_kind", "unit__kind"
        )
        for element_id, kind, unit_kind in rows:
            kinds.setdefault(element_id, set()).add(kind or unit_kind)
        for element_id, element_kinds in kinds.items():
            found.setdefault(element_id, element_kinds)
        if all(i in found for i in ids):
            break
    return {i: found.get(i, {UnitKind.VILLAGE}) for i in ids}


def grid_version(*, campaign: Campaign, cadence: str) -> str:
    rows = sorted(
        f"{u or ''}/{k}/{e}"
        for u, k, e in FormElement.objects.filter(campaign=campaign, cadence=cadence).values_list(
            "unit_id", "unit_kind", "element_id"
        )
    )
    return row_version({"rows": ";".join(rows)}, ["rows"])


@transaction.atomic
def form_elements_set(
    *, campaign: Campaign, cadence: str, cells: set[tuple[int, int]], expected_version: str | None, user
) -> int:
    """Save the grid: every participating unit of a kind ticked for an element → one row for the
    kind (a village added later reports it too); otherwise one row per ticked unit. Elements
    outside the grid's columns keep their rows."""
    Campaign.objects.select_for_update().get(pk=campaign.pk)
    if grid_version(campaign=campaign, cadence=cadence) != expected_version:
        raise StaleEdit()
    if cadence not in set(campaign.rules.values_list("cadence", flat=True)):
        raise ValidationError({"cadence": ["Kế hoạch không có kỳ báo cáo này; hãy lập quy định báo cáo trước."]})
    units = grid_units(campaign)
    elements = grid_elements(campaign=campaign, cadence=cadence)
    unit_ids, element_ids = {u.pk for u in units}, {e.pk for e in elements}
    if any(u not in unit_ids or e not in element_ids for u, e in cells):
        raise ValidationError({"cells": ["Ô không thuộc bảng của kế hoạch này."]})
    before = grid_cells(campaign=campaign, cadence=cadence, units=units)
    by_kind: dict[str, list[Unit]] = {}
    for u in units:
        by_kind.setdefault(u.kind, []).append(u)
    FormElement.objects.filter(campaign=campaign, cadence=cadence, element_id__in=element_ids).delete()
    new_rows: list[FormElement] = []
    for order, element in enumerate(elements, start=1):
        for kind, kind_units in by_kind.items():
            ticked = [u for u in kind_units if (u.pk, element.pk) in cells]
            if ticked and len(ticked) == len(kind_units):
                new_rows.append(
                    FormElement(campaign=campaign, cadence=cadence, element=element, unit_kind=kind, order=order)
                )
            else:
                new_rows += [
                    FormElement(campaign=campaign, cadence=cadence, element=element, unit=u, order=order)
                    for u in ticked
                ]
    FormElement.objects.bulk_create(new_rows)
    names = {u.pk: u.code for u in units}
    codes = {e.pk: e.code for e in elements}
    changes = {}
    for element_id in sorted(element_ids, key=lambda i: codes[i]):
        old = sorted(names[u] for u, e in before if e == element_id)
        new = sorted(names[u] for u, e in cells if e == element_id)
        if old != new:
            changes[codes[element_id]] = [", ".join(old), ", ".join(new)]
    audit_record(
        user=user,
        commune=campaign.commune,
        action="Sửa số liệu đơn vị báo cáo",
        obj=campaign,
        campaign_id=campaign.pk,
        changes=changes,
    )
    return len(new_rows)


# --- a campaign copied from another ----------------------------------------------------------


@transaction.atomic
def campaign_copy_audited(*, source: Campaign, user, **values) -> Campaign:
    """``indicators.services.campaign_copy`` (rules, units, tasks, forms, targets) plus its entry
    in the trail: what it was copied from and what it holds."""
    campaign = copy_services.campaign_copy(source=source, user=user, **values)
    audit_record(
        user=user,
        commune=campaign.commune,
        action="Sao chép kế hoạch",
        obj=campaign,
        campaign_id=campaign.pk,
        changes={
            "sao từ kế hoạch": ["", source.code],
            "kỳ báo cáo": ["", str(campaign.periods.count())],
            "chỉ tiêu giao": ["", str(campaign.targets.count())],
            "nhiệm vụ": ["", str(campaign.tasks.count())],
        },
    )
    return campaign


# --- the targets table as xlsx ----------------------------------------------------------------

COMPARATORS = {"≥": ">=", ">=": ">=", ">": ">", "≤": "<=", "<=": "<=", "<": "<"}


@dataclass(frozen=True)
class Column:
    """One column of the targets sheet: its header, the ``TargetRow`` attribute it fills, how a
    cell is read (raises ``ValueError`` with the Vietnamese reason), and the template's
    example. A new target field (window, scope) is one more entry in ``TARGET_COLUMNS``."""

    header: str
    attr: str
    parse: Callable[[Any, dict], Any]
    example: str = ""
    export: Callable[[Target], Any] = lambda t: ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _indicator(value: Any, ctx: dict) -> Indicator | None:
    code = _text(value)
    if not code:
        raise ValueError("cần mã chỉ tiêu.")
    indicator = ctx["indicators"].get(code.upper())
    if indicator is None:
        raise ValueError(f"không có chỉ tiêu mã “{code}” trong danh mục của xã.")
    return indicator


def _comparator(value: Any, ctx: dict) -> str | None:
    text = _text(value)
    if not text:
        return None  # from the indicator's direction
    if text not in COMPARATORS:
        raise ValueError(f"“{text}” không phải là ≥, >, ≤ hoặc <.")
    return COMPARATORS[text]


def _number(value: Any, ctx: dict) -> Decimal | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, bool):
        raise ValueError("không phải là số.")
    if isinstance(value, int | float):
        return Decimal(str(value))
    try:
        return parse_decimal(_text(value))
    except ValueError:
        raise ValueError(f"“{_text(value)}” không phải là số.") from None


def _milestones(value: Any, ctx: dict):
    try:
        return parse_milestones(_text(value))
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None


def _by_code(kind: str) -> Callable[[Any, dict], Any]:
    def parse(value: Any, ctx: dict):
        code = _text(value)
        if not code:
            return None
        found = ctx[kind].get(code.upper())
        if found is None:
            raise ValueError(f"không có {'đơn vị' if kind == 'units' else 'lĩnh vực'} mã “{code}”.")
        return found

    return parse


def _choice(choices, *, blank=None) -> Callable[[Any, dict], Any]:
    """A choice column: its code ("year", "each_unit", "village") or its label as the page shows
    it; empty keeps what the target has (``blank`` for a field whose empty value is a choice)."""

    def parse(value: Any, ctx: dict):
        text = _text(value)
        if not text:
            return blank
        for code, label in choices.choices:
            if text.lower() in (code.lower(), label.lower()):
                return code
        codes = ", ".join(code for code, _ in choices.choices)
        raise ValueError(f"“{text}” không phải là một lựa chọn ({codes}).")

    return parse


TARGET_COLUMNS: list[Column] = [
    Column("Mã chỉ tiêu", "indicator", _indicator, "CT01", lambda t: t.indicator.code),
    Column("So sánh", "comparator", _comparator, "≥", lambda t: dict(Comparator.choices)[t.comparator]),
    Column("Giá trị", "value", _number, "90", lambda t: "" if t.value is None else number_text(t.value)),
    Column("Mức tối thiểu", "floor", _number, "", lambda t: "" if t.floor is None else number_text(t.floor)),
    Column("Mốc theo năm", "milestones", _milestones, "", lambda t: milestones_text(t.milestone_list)),
    Column("Mã đơn vị", "unit", _by_code("units"), "", lambda t: t.unit.code if t.unit_id else ""),
    Column("Mã lĩnh vực", "field", _by_code("fields"), "", lambda t: t.field.code if t.field_id else ""),
    Column("Trích kế hoạch", "note", lambda v, ctx: _text(v), "", lambda t: t.note),
    Column("Xét theo", "window", _choice(TargetWindow), "", lambda t: t.window),
    Column("Áp dụng cho", "applies_to", _choice(TargetAppliesTo), "", lambda t: t.applies_to),
    Column("Loại đơn vị", "unit_kind", _choice(UnitKind), "", lambda t: t.unit_kind),
]


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _context(campaign: Campaign) -> dict:
    indicators = Indicator.objects.filter(Q(commune__isnull=True) | Q(commune=campaign.commune_id))
    return {
        "indicators": {i.code.upper(): i for i in indicators},
        "units": {u.code.upper(): u for u in Unit.objects.filter(commune=campaign.commune_id)},
        "fields": {f.code.upper(): f for f in Field.objects.all()},
    }


def targets_version(campaign: Campaign) -> str:
    rows = [
        f"{t.pk}:{t.indicator_id}:{t.comparator}:{t.value}:{t.floor}:{t.unit_id}:{t.field_id}:"
        f"{t.window}:{t.applies_to}:{t.unit_kind}:"
        + ",".join(f"{m.year}={m.value}/{m.floor}" for m in sorted(t.milestones.all(), key=lambda m: m.year))
        for t in Target.objects.filter(campaign=campaign).prefetch_related("milestones").order_by("pk")
    ]
    return row_version({"rows": ";".join(rows)}, ["rows"])


def targets_rows_from_xlsx(*, campaign: Campaign, content: bytes) -> list[TargetRow]:
    """Read the sheet into target rows, or raise one ``ValidationError`` listing every problem as
    "Dòng n, cột X (header): reason" (row numbers as the spreadsheet shows them)."""
    sheet = read_rows_bounded(content, max_cols=max(20, len(TARGET_COLUMNS)))
    if not sheet:
        raise ValidationError("Tệp không có dòng nào.")
    problems: list[str] = []
    header = [_text(v) for v in sheet[0]] + [""] * len(TARGET_COLUMNS)
    for i, column in enumerate(TARGET_COLUMNS):
        if header[i].casefold() != column.header.casefold():
            got = f"“{header[i]}”" if header[i] else "trống"
            problems.append(f"Dòng 1, cột {_letter(i)}: tiêu đề phải là “{column.header}” (đang là {got}).")
    if problems:
        problems.append("Hãy tải bảng mẫu và giữ nguyên dòng tiêu đề.")
        raise ValidationError(problems)
    ctx = _context(campaign)
    existing = list(Target.objects.filter(campaign=campaign))
    rows: list[TargetRow] = []
    seen: dict[tuple, int] = {}
    for n, raw in enumerate(sheet[1:], start=2):
        cells = list(raw) + [None] * len(TARGET_COLUMNS)
        if all(_text(v) == "" for v in cells[: len(TARGET_COLUMNS)]):
            continue
        values: dict[str, Any] = {}
        row_problems: list[str] = []
        for i, column in enumerate(TARGET_COLUMNS):
            try:
                values[column.attr] = column.parse(cells[i], ctx)
            except ValueError as exc:
                row_problems.append(f"Dòng {n}, cột {_letter(i)} ({column.header}): {exc}")
        if row_problems:
            problems += row_problems
            continue
        indicator = values["indicator"]
        if values.get("comparator") is None:
            values["comparator"] = Comparator.LE if indicator.direction == Direction.LOWER else Comparator.GE
        values["milestones"] = values.get("milestones") or []
        row = TargetRow(**values)
        try:
            row.id, key = _match(row, existing)
        except ValueError as exc:
            problems.append(f"Dòng {n} ({indicator.code}): {exc}")
            continue
        if key in seen:
            problems.append(
                f"Dòng {n} ({indicator.code}): trùng với dòng {seen[key]} (cùng chỉ tiêu, cùng phạm vi, cùng cách xét)."
            )
            continue
        seen[key] = n
        problems += _row_problems(campaign=campaign, row=row, n=n)
        rows.append(row)
    if problems:
        raise ValidationError(problems)
    if not rows:
        raise ValidationError("Tệp không có dòng chỉ tiêu nào dưới dòng tiêu đề.")
    return rows


def _scope(applies_to: str, unit_kind: str) -> tuple[bool, str]:
    """Whom a target binds, as the targets form tells two targets apart (``targets_save``): each
    unit (of a kind) or not."""
    each = applies_to == TargetAppliesTo.EACH_UNIT
    return each, unit_kind if each else ""


def target_key(t: Target) -> tuple:
    """What tells two targets of a campaign apart: indicator × unit × field × window × scope."""
    return (t.indicator_id, t.unit_id, t.field_id, t.window, *_scope(t.applies_to, t.unit_kind))


def _match(row: TargetRow, existing: list[Target]) -> tuple[int | None, tuple]:
    """(the id of the target a sheet row changes or None for a new one, the row's key). A row
    names its window and scope, or leaves them empty: an empty cell keeps what the one target of
    that indicator × unit × field has (a new target: the defaults); when several targets differ
    there only, the empty cell is ambiguous and refused (``ValueError``)."""
    unit_id, field_id = getattr(row.unit, "pk", None), getattr(row.field, "pk", None)
    candidates = [
        t
        for t in existing
        if (t.indicator_id, t.unit_id, t.field_id) == (row.indicator.pk, unit_id, field_id)
        and (row.window is None or t.window == row.window)
        and (row.applies_to is None or _scope(t.applies_to, t.unit_kind)[0] == _scope(row.applies_to, "")[0])
        and (
            row.unit_kind is None
            or row.applies_to is None
            or _scope(t.applies_to, t.unit_kind) == _scope(row.applies_to, row.unit_kind)
        )
    ]
    if len(candidates) > 1:
        raise ValueError(
            "kế hoạch có nhiều chỉ tiêu giao của chỉ tiêu này, khác nhau ở cột “Xét theo”, “Áp dụng cho” "
            "hoặc “Loại đơn vị”; hãy ghi rõ các cột đó để biết dòng này sửa chỉ tiêu nào."
        )
    found = candidates[0] if len(candidates) == 1 else None
    window = row.window if row.window is not None else getattr(found, "window", TargetWindow.PERIOD)
    applies_to = row.applies_to if row.applies_to is not None else getattr(found, "applies_to", TargetAppliesTo.AUTO)
    unit_kind = row.unit_kind if row.unit_kind is not None else getattr(found, "unit_kind", "")
    key = (row.indicator.pk, unit_id, field_id, window, *_scope(applies_to, unit_kind))
    if found is not None and target_key(found) != key:
        found = None  # e.g. the sheet names a kind the one each-unit target does not have: a new target
    return getattr(found, "pk", None), key


@transaction.atomic
def targets_upload(*, campaign: Campaign, content: bytes, expected_version: str | None, user) -> list[Target]:
    """All or nothing: every row of the sheet adds a target, or changes the campaign's target of
    the same indicator, unit, field, window and scope (``target_key``); targets not in the sheet
    are kept."""
    Campaign.objects.select_for_update().get(pk=campaign.pk)
    if targets_version(campaign) != expected_version:
        raise StaleEdit()
    rows = targets_rows_from_xlsx(campaign=campaign, content=content)
    return _save_audited(campaign=campaign, rows=rows, user=user, action="Tải chỉ tiêu giao từ tệp xlsx")


@transaction.atomic
def targets_set_checked(*, campaign: Campaign, rows: list[TargetRow], expected_version: str | None, user) -> list:
    """The targets form (``indicators.validation.targets_save``) behind the version check, audited."""
    Campaign.objects.select_for_update().get(pk=campaign.pk)
    if targets_version(campaign) != expected_version:
        raise StaleEdit()
    return _save_audited(campaign=campaign, rows=rows, user=user, action="Sửa chỉ tiêu giao")


def _label(t: Target) -> str:
    return t.indicator.code + (f" ({t.unit.code})" if t.unit_id else "") + (f" ({t.field.code})" if t.field_id else "")


def _window_scope(t: Target) -> str:
    """The window and scope in the targets page's words (``targets_table``)."""
    return f"xét theo {t.window_label.lower()}; phạm vi: {t.scope_label}"


def _audit_texts(targets: list[Target]) -> tuple[dict[str, str], dict[str, str]]:
    """({target id: its text}, {target id: its label}); two targets of one indicator and unit
    differing only in window or scope are told apart by their window and scope words."""
    labels = {str(t.pk): _label(t) for t in targets}
    twice = {label for label in labels.values() if list(labels.values()).count(label) > 1}
    for t in targets:
        if labels[str(t.pk)] in twice:
            labels[str(t.pk)] += f" ({_window_scope(t)})"
    return {str(t.pk): _target_text(t) for t in targets}, labels


def _save_audited(*, campaign: Campaign, rows: list[TargetRow], user, action: str) -> list[Target]:
    before, old_labels = _audit_texts(targets_table(campaign=campaign))
    saved = targets_save(campaign=campaign, rows=rows, user=user)
    after, labels = _audit_texts(targets_table(campaign=campaign))
    audit_record(
        user=user,
        commune=campaign.commune,
        action=action,
        obj=campaign,
        campaign_id=campaign.pk,
        changes=diff(before, after, {**old_labels, **labels}),
    )
    return saved


def _targets(campaign: Campaign) -> list[Target]:
    targets = list(
        Target.objects.filter(campaign=campaign)
        .select_related("indicator", "unit", "field")
        .prefetch_related("milestones")
    )
    for t in targets:
        t.milestone_list = sorted(t.milestones.all(), key=lambda m: m.year)
    return targets


def _target_text(t: Target) -> str:
    parts = [f"{dict(Comparator.choices)[t.comparator]} {number_text(t.value)}" if t.value is not None else ""]
    if t.floor is not None:
        parts.append(f"tối thiểu {number_text(t.floor)}")
    if t.milestone_list:
        parts.append(f"mốc {milestones_text(t.milestone_list)}")
    parts.append(_window_scope(t))
    return "; ".join(p for p in parts if p)


def targets_template(campaign: Campaign) -> bytes:
    """The sheet to fill: the header, the campaign's targets as they are (or one example row),
    and a second sheet listing the indicator, unit and field codes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from org.spreadsheet import neutralise_formula

    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu giao"
    ws.append([c.header for c in TARGET_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    targets = _targets(campaign)
    for t in targets:
        ws.append([c.export(t) for c in TARGET_COLUMNS])
    if not targets:
        ws.append([c.example for c in TARGET_COLUMNS])
    for i, _ in enumerate(TARGET_COLUMNS):
        ws.column_dimensions[_letter(i)].width = 18
    codes = wb.create_sheet("Danh mục mã")
    codes.append(["Loại", "Mã", "Tên"])
    ctx = _context(campaign)
    for kind, label in (("indicators", "Chỉ tiêu"), ("units", "Đơn vị"), ("fields", "Lĩnh vực")):
        for obj in sorted(ctx[kind].values(), key=lambda o: o.code):
            codes.append([label, obj.code, obj.name])
    for sheet in (ws, codes):
        for row in sheet.iter_rows():
            for cell in row:
                neutralise_formula(cell)
    import io

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
