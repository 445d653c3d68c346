"""A campaign's report forms: which unit reports which data elements in which cadence.

A ``FormElement`` names either one unit or a kind of unit (every village, say); a unit's form
is the union of both, in the rows' order, each element once.
"""

from __future__ import annotations

from collections import defaultdict

from org.models import Unit

from .models import DataElement, FormElement


def _rows(*, campaign, cadence: str | None = None):
    qs = FormElement.objects.filter(campaign=campaign).select_related("element")
    if cadence is not None:
        qs = qs.filter(cadence=cadence)
    return list(qs.order_by("order", "id"))


def _for_unit(rows, unit: Unit) -> list[DataElement]:
    seen: set[int] = set()
    out: list[DataElement] = []
    for row in rows:
        if row.unit_id == unit.pk or (row.unit_id is None and row.unit_kind == unit.kind):
            if row.element_id not in seen:
                seen.add(row.element_id)
                out.append(row.element)
    return out


def form_elements_for(*, campaign, unit: Unit, cadence: str) -> list[DataElement]:
    """The data elements ``unit`` reports in ``cadence`` of ``campaign``, in form order."""
    return _for_unit(_rows(campaign=campaign, cadence=cadence), unit)


def units_reporting(*, campaign, cadence: str) -> list[Unit]:
    """Participating active units with at least one element to report in ``cadence``."""
    rows = _rows(campaign=campaign, cadence=cadence)
    unit_ids = {r.unit_id for r in rows if r.unit_id}
    kinds = {r.unit_kind for r in rows if r.unit_id is None}
    units = Unit.objects.filter(participations__campaign=campaign, active=True).select_related("commune")
    return [u for u in units.order_by("order", "code") if u.pk in unit_ids or u.kind in kinds]


def forms_by_unit(*, campaign, units: list[Unit]) -> dict[int, dict[str, list[DataElement]]]:
    """{unit id: {cadence: [elements]}} for the campaign page, in one query."""
    rows = _rows(campaign=campaign)
    by_cadence: dict[str, list] = defaultdict(list)
    for row in rows:
        by_cadence[row.cadence].append(row)
    out: dict[int, dict[str, list[DataElement]]] = {}
    for unit in units:
        forms = {cadence: _for_unit(cadence_rows, unit) for cadence, cadence_rows in by_cadence.items()}
        out[unit.pk] = {c: els for c, els in forms.items() if els}
    return out
