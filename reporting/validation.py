"""Checking a unit's figures before anything is saved (docs/design.md rule 10).

Plain functions shared by the web form, the form's Excel upload and the bulk figures file:
each caller turns a :class:`FigureError` into its own wording (a form box, a row and column).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from indicators.models import DataElement, Field, IndicatorKind, IndicatorTerm, TermRole, ValueType
from indicators.reading import read_number

Key = tuple[int, int | None]  # (element_id, field_id)

MAX_FIGURE = Decimal("999999999999")  # the largest figure accepted (inclusive)


@dataclass(frozen=True)
class FigureError:
    """A problem with one figure (``key``); ``others`` are the figures it was compared with."""

    key: Key
    message: str
    others: tuple[Key, ...] = ()


def parse_figure(raw: object, element: DataElement) -> Decimal | None:
    """A typed or uploaded value as a Decimal (``None`` when empty), by the one number rule of
    ``indicators.reading.numbers`` ("1.000" is one thousand, as the pages print it).

    Raises ``ValueError`` with a Vietnamese message: text, a negative number, a decimal where
    the element counts whole things, or a value over ``MAX_FIGURE`` (the limit is named)."""
    return read_number(raw, integer=element.value_type == ValueType.INTEGER, limit=MAX_FIGURE, places=4)


def ratio_pairs(*, commune_id: int | None) -> list[tuple[int, int]]:
    """(numerator element, denominator element) of every simple ratio indicator: within one
    report the first may never exceed the second (online dossiers ≤ dossiers received)."""
    terms: dict[int, dict[str, list[int]]] = defaultdict(lambda: {TermRole.NUMERATOR: [], TermRole.DENOMINATOR: []})
    qs = IndicatorTerm.objects.filter(indicator__kind=IndicatorKind.RATIO).values_list(
        "indicator_id", "indicator__commune_id", "element_id", "role"
    )
    for indicator_id, ind_commune, element_id, role in qs:
        if ind_commune is None or ind_commune == commune_id:
            terms[indicator_id][role].append(element_id)
    pairs = set()
    for t in terms.values():
        if len(t[TermRole.NUMERATOR]) == 1 and len(t[TermRole.DENOMINATOR]) == 1:
            pairs.add((t[TermRole.NUMERATOR][0], t[TermRole.DENOMINATOR][0]))
    return sorted(pairs)


def figures_check(
    *,
    values: dict[Key, Decimal | None],
    elements: dict[int, DataElement],
    fields: dict[int, Field],
    pairs: list[tuple[int, int]],
) -> list[FigureError]:
    """Cross-figure rules of one report: numerator ≤ denominator (per field too), and a field
    breakdown adds up to the total when both are given."""
    errors: list[FigureError] = []
    present = {k: v for k, v in values.items() if v is not None}
    for num, den in pairs:
        for key, value in present.items():
            if key[0] != num:
                continue
            den_key = (den, key[1])
            if den_key in present and value > present[den_key]:
                where = f" (lĩnh vực {fields[key[1]].name})" if key[1] is not None and key[1] in fields else ""
                errors.append(
                    FigureError(
                        key,
                        f"{elements[num].name}{where} ({_fmt(value)}) lớn hơn {elements[den].name} "
                        f"({_fmt(present[den_key])})",
                        (den_key,),
                    )
                )
    by_element: dict[int, list[Key]] = defaultdict(list)
    for key in present:
        if key[1] is not None:
            by_element[key[0]].append(key)
    for element_id, keys in by_element.items():
        total = present.get((element_id, None))
        if total is None:
            continue
        breakdown = sum((present[k] for k in keys), Decimal(0))
        if breakdown != total:
            errors.append(
                FigureError(
                    (element_id, None),
                    f"{elements[element_id].name}: tổng theo lĩnh vực ({_fmt(breakdown)}) khác tổng số ({_fmt(total)})",
                    tuple(sorted(keys, key=lambda k: k[1] or 0)),
                )
            )
    return errors


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")
