"""What one unit's form holds and the rule 10 checks on a full set of its figures (docs/design.md
rule 10): shared by the report pages, the services that write figures and the Excel/CSV
readers in ``reporting.excel``, so a figure typed, uploaded or imported passes the same checks."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from campaigns.models import Campaign, Period
from indicators.models import DataElement, Field
from org.models import Unit

from .selectors import form_elements
from .validation import FigureError, Key, figures_check, ratio_pairs


@dataclass(frozen=True)
class FormSpec:
    """The boxes of one unit's form: elements and the fields each may be broken down by."""

    elements: list[DataElement]
    fields: list[Field]

    @property
    def keys(self) -> list[Key]:
        keys: list[Key] = []
        for e in self.elements:
            keys.append((e.pk, None))
            if e.allows_field_breakdown:
                keys.extend((e.pk, f.pk) for f in self.fields)
        return keys


def form_spec(*, campaign: Campaign, unit: Unit, cadence: str) -> FormSpec:
    return FormSpec(
        elements=form_elements(campaign=campaign, unit=unit, cadence=cadence), fields=list(Field.objects.all())
    )


def figures_validate(
    *, campaign: Campaign, spec: FormSpec, values: dict[Key, Decimal | None], new_keys: set[Key] | None = None
) -> list[FigureError]:
    """Every rule 10 check on a report's full set of figures (already parsed); ``new_keys``:
    the figures being written now (default: all), which must be boxes of the form."""
    elements = {e.pk: e for e in spec.elements}
    fields = {f.pk: f for f in spec.fields}
    allowed = set(spec.keys)
    errors: list[FigureError] = []
    for key, value in values.items():
        if value is None:
            continue
        if key not in allowed and new_keys is not None and key not in new_keys:
            continue  # an older figure outside today's form: leave it alone
        if key not in allowed:
            errors.append(FigureError(key, "Số liệu này không thuộc biểu mẫu của đơn vị trong kỳ này"))
        elif value < 0:
            errors.append(FigureError(key, f"{elements[key[0]].name}: không được là số âm"))
    if errors:
        return errors
    in_form = {k: v for k, v in values.items() if k in allowed}
    return figures_check(
        values=in_form, elements=elements, fields=fields, pairs=ratio_pairs(commune_id=campaign.commune_id)
    )


@dataclass(frozen=True)
class ReportFigures:
    """Figures from a file for one unit's report of one period (already validated)."""

    campaign: Campaign
    unit: Unit
    period: Period
    values: dict[Key, Decimal]
