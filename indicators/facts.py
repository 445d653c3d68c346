"""Writing the one fact table, DataValue (docs/design.md section 3).

Every figure from any source (a unit report, a Mẫu 02 return, an import) lands here through
these functions, so the engine has one table to read. Callers own validation; these
functions only store, report what changed (for the audit trail), and flip ``counted`` as
the report's status changes (only submitted / approved reports count).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import engine_hooks
from .models import DataValue


@dataclass(frozen=True)
class FigureChange:
    element_id: int
    field_id: int | None
    old: Decimal | None
    new: Decimal | None


def datavalues_for(*, unit_id: int, period_id: int) -> dict[tuple[int, int | None], Decimal]:
    """{(element_id, field_id): value} of one unit in one period."""
    rows = DataValue.objects.filter(unit_id=unit_id, period_id=period_id).values_list("element_id", "field_id", "value")
    return {(e, f): v for e, f, v in rows}


@transaction.atomic
def datavalues_replace(
    *,
    campaign_id: int,
    period_id: int,
    unit_id: int,
    values: dict[tuple[int, int | None], Decimal | None],
    source_kind: str,
    source_id: int | None,
    user,
    counted: bool,
    only: Iterable[tuple[int, int | None]] | None = None,
) -> list[FigureChange]:
    """Make the unit's figures for the period equal ``values`` ({(element_id, field_id): value};
    ``None`` deletes). Keys not in ``values`` are left alone unless listed in ``only`` (the
    boxes the form showed), in which case a missing key deletes that figure.
    Returns the changes, old → new."""
    now = timezone.now()
    existing = {
        (dv.element_id, dv.field_id): dv
        for dv in DataValue.objects.select_for_update().filter(unit_id=unit_id, period_id=period_id)
    }
    keys = set(values) | (set(only) if only is not None else set())
    changes: list[FigureChange] = []
    to_create: list[DataValue] = []
    for key in sorted(keys, key=lambda k: (k[0], k[1] or 0)):
        new = values.get(key)
        current = existing.get(key)
        old = current.value if current is not None else None
        if new is None:
            if current is not None:
                current.delete()
                changes.append(FigureChange(key[0], key[1], old, None))
            continue
        if current is None:
            to_create.append(
                DataValue(
                    campaign_id=campaign_id,
                    period_id=period_id,
                    unit_id=unit_id,
                    element_id=key[0],
                    field_id=key[1],
                    value=new,
                    counted=counted,
                    source_kind=source_kind,
                    source_id=source_id,
                    entered_by=user,
                    entered_at=now,
                )
            )
            changes.append(FigureChange(key[0], key[1], None, new))
        elif old != new or current.counted != counted:
            if old != new:
                changes.append(FigureChange(key[0], key[1], old, new))
            current.value, current.counted = new, counted
            current.source_kind, current.source_id = source_kind, source_id
            current.entered_by, current.entered_at = user, now
            current.save(update_fields=["value", "counted", "source_kind", "source_id", "entered_by", "entered_at"])
    DataValue.objects.bulk_create(to_create)
    return changes


def datavalues_set_counted(*, unit_id: int, period_id: int, counted: bool) -> int:
    """Count (or stop counting) the unit's figures of the period: called when its report is
    submitted / approved (True) or returned / reopened to draft (False)."""
    return (
        DataValue.objects.filter(unit_id=unit_id, period_id=period_id).exclude(counted=counted).update(counted=counted)
    )


_deferred: ContextVar[set[int] | None] = ContextVar("indicators_facts_deferred", default=None)


@contextmanager
def facts_deferred() -> Iterator[None]:
    """Tell the engine once per campaign at the end of a batch (the demo seed's Mẫu 02 returns)
    instead of after every change."""
    token = _deferred.set(set())
    try:
        yield
        campaigns = _deferred.get() or set()
    finally:
        _deferred.reset(token)
    for campaign_id in sorted(campaigns):
        facts_changed(campaign_id=campaign_id)


def facts_changed(*, campaign_id: int) -> None:
    """Tell the engine that a campaign's counted figures changed (a report or survey return was
    submitted, approved, returned or reopened, or figures were imported).

    Call inside the transaction that changed them: the engine schedules its recompute on
    commit and collapses bursts. The engine module replaces this body (issue: attainment engine).
    """
    pending = _deferred.get()
    if pending is not None:
        pending.add(campaign_id)
        return
    engine_hooks.schedule_recompute(campaign_id=campaign_id)
