"""Attainment for a window that is not one of the campaign's periods (a calendar quarter of a
weekly campaign, for the quarterly report to the province), computed by the engine itself and
never stored.

The engine computes every window that a period of the campaign closes. For a quarter that is
not a period, this module adds the quarter (and the quarter before it, for the comparison) as
temporary quarterly periods inside a savepoint, runs the engine's own ``load`` /
``build_rows`` on the campaign, keeps the rows of those two windows and rolls the savepoint
back: the same rules 1–6, the same code, nothing written. Where the campaign already has a
quarterly period for the quarter, its stored Attainment rows are returned instead.

Read-only for callers; issue #8 owns this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from campaigns.models import Cadence, Campaign, Period

from .engine import ATTAINMENT_COLUMNS, build_rows, load
from .models import Attainment, ScopeKind, WindowKind
from .ondemand import unit_rows
from .targets import TargetBook


@dataclass(frozen=True)
class WindowResult:
    """The rows of one window (commune scope unless asked), keyed by indicator id."""

    start: date
    end: date
    rows: dict[int, Attainment]
    previous: dict[int, Attainment]
    stored: bool  # True when these are the engine's stored rows of a real period


class _Rollback(Exception):
    pass


def _stored(campaign: Campaign, start: date, end: date, scope_kind: str) -> dict[int, Attainment] | None:
    period = Period.objects.filter(campaign=campaign, cadence=Cadence.QUARTERLY, start=start, end=end).first()
    if period is None:
        return None
    if scope_kind == ScopeKind.UNIT:  # not stored (issue 19): the engine's rows, on demand
        found = unit_rows(campaign, period_ids=[period.pk], window_kinds=[WindowKind.PERIOD])
        return {a.indicator_id: a for a in found}
    rows = Attainment.objects.filter(
        campaign=campaign, period=period, window_kind=WindowKind.PERIOD, scope_kind=scope_kind
    ).select_related("indicator")
    return {a.indicator_id: a for a in rows}


def window_attainments(
    *,
    campaign: Campaign,
    start: date,
    end: date,
    previous: tuple[date, date] | None = None,
    scope_kind: str = "commune",
) -> WindowResult:
    """Attainment of every indicator of ``campaign`` over [start, end] (and over ``previous``,
    for the comparison), at ``scope_kind`` (commune, unit or field).

    Rows are unsaved :class:`Attainment` instances (``period`` empty when the window is not a
    stored period); ``change`` compares with the previous window when it is given."""
    stored = _stored(campaign, start, end, scope_kind)
    stored_prev = _stored(campaign, *previous, scope_kind) if previous else {}
    if stored is not None and stored_prev is not None:
        return WindowResult(start, end, stored, stored_prev, True)
    rows, prev_rows = _compute(campaign, start, end, previous, scope_kind)
    return WindowResult(start, end, rows, prev_rows, False)


def _compute(
    campaign: Campaign, start: date, end: date, previous: tuple[date, date] | None, scope_kind: str
) -> tuple[dict[int, Attainment], dict[int, Attainment]]:
    wanted: list[tuple[date, date]] = ([previous] if previous else []) + [(start, end)]
    result: dict[tuple[date, date], dict[int, Attainment]] = {}
    indicators = {}
    try:
        with transaction.atomic():
            temp_ids: dict[int, tuple[date, date]] = {}
            for s, e in wanted:
                existing = Period.objects.filter(campaign=campaign, cadence=Cadence.QUARTERLY, start=s).first()
                if existing is not None and existing.end == e:
                    temp_ids[existing.pk] = (s, e)
                    continue
                if existing is not None:
                    continue  # a quarterly period with other bounds: leave the window empty
                p = Period.objects.create(
                    campaign=campaign,
                    cadence=Cadence.QUARTERLY,
                    index=0,
                    label="(tạm)",
                    start=s,
                    end=e,
                    deadline=timezone.make_aware(datetime.combine(e, time(23, 59))),
                )
                temp_ids[p.pk] = (s, e)
            data = load(campaign)
            indicators = {i.pk: i for i in data.indicators}
            rows = build_rows(
                data, TargetBook(campaign), since=min(s for s, _ in wanted), scopes=frozenset({str(scope_kind)})
            )
            for row in rows:
                values = dict(zip(ATTAINMENT_COLUMNS, row, strict=True))
                key = temp_ids.get(values["period_id"])
                if key is None or values["window_kind"] != WindowKind.PERIOD or values["scope_kind"] != scope_kind:
                    continue
                values["period_id"] = None
                att = Attainment(**values)
                att.indicator = indicators[att.indicator_id]
                result.setdefault(key, {})[att.indicator_id] = att
            raise _Rollback
    except _Rollback:
        pass
    return result.get((start, end), {}), (result.get(previous, {}) if previous else {})


__all__ = ["WindowResult", "window_attainments", "ScopeKind"]
