"""Unit-scope attainment, computed on demand (issue 19): a recompute stores only the commune
and field rows (4 % of the rows, all that most pages read); a unit's rows are computed when a
page asks for them, from the same facts with the same code (``engine.load`` restricted to the
units asked, ``engine.iter_rows`` with ``scopes={"unit"}``): rules 1–6, the target book, the
projection and the change are the engine's own, not a copy.

The rows are unsaved :class:`Attainment` instances with every field a stored row had, their
``indicator``, ``period`` and ``unit`` attached (reading them runs no query) and a negative
``id`` unique in the process (callers key dictionaries by ``pk``). A unit without a counted
figure for an indicator has no row for it (pages say "không có số liệu"), never a 0.

Cost: a ``UnitSource`` reads its frame in three queries and the target book in two (three with
each-unit targets); each distinct (units, last day) it is asked for adds one GROUP BY over
DataValue filtered by unit and period, memoised for the source's life (one request).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from campaigns.models import Campaign
from org.models import Unit

from .engine import ATTAINMENT_COLUMNS, CampaignData, Frame, iter_rows, load, load_frame
from .models import Attainment, ScopeKind
from .targets import TargetBook

UNIT_SCOPE = frozenset({ScopeKind.UNIT.value})
_ids = itertools.count(1)


class UnitSource:
    """On-demand unit rows of one campaign: the frame and the target book read once, the facts
    per (units, last day) asked."""

    def __init__(self, campaign: Campaign, *, now=None) -> None:
        self.campaign = campaign
        self.now = now or timezone.now()
        self._frame: Frame | None = None
        self._book: TargetBook | None = None
        self._data: dict[tuple, CampaignData] = {}
        self._periods: dict | None = None

    @property
    def frame(self) -> Frame:
        if self._frame is None:
            self._frame = load_frame(self.campaign, lean=True)
        return self._frame

    @property
    def book(self) -> TargetBook:
        if self._book is None:
            self._book = TargetBook(self.campaign)
        return self._book

    def _facts(
        self, unit_ids: frozenset[int] | None, end_upto: date | None, elements: frozenset[int] | None
    ) -> CampaignData:
        key = (unit_ids, end_upto, elements)
        data = self._data.get(key)
        if data is None:
            # a wider load already read covers this one (the same units or all, up to a later
            # day, the same elements or all)
            for (units, upto, els), known in self._data.items():
                if (
                    (units is None or (unit_ids is not None and unit_ids <= units))
                    and (upto is None or (end_upto is not None and end_upto <= upto))
                    and (els is None or (elements is not None and elements <= els))
                ):
                    return known
            data = self._data[key] = load(
                self.campaign, frame=self.frame, unit_ids=unit_ids, end_upto=end_upto, element_ids=elements
            )
        return data

    def rows(
        self,
        *,
        unit_ids: Iterable[int] | None = None,
        indicator_ids: Iterable[int] | None = None,
        window_kinds: Iterable[str] | None = None,
        period_ids: Iterable[int] | None = None,
        end_upto: date | None = None,
        end_from: date | None = None,
    ) -> list[Attainment]:
        """The unit rows asked, ordered like ``selectors.attainments`` (window end, start
        descending, cadence, unit order and code, indicator order). Filters: ``unit_ids``,
        ``indicator_ids``, ``window_kinds`` (period / cumulative / year), ``period_ids``, and
        windows ending in [``end_from``, ``end_upto``]."""
        units = frozenset(unit_ids) if unit_ids is not None else None
        if units is not None and not units:
            return []
        kinds = {str(k) for k in window_kinds} if window_kinds is not None else None
        periods = set(period_ids) if period_ids is not None else None
        indicators = set(indicator_ids) if indicator_ids is not None else None
        if indicators is not None and not indicators:
            return []
        frame = self.frame
        if periods is not None and end_upto is None:  # nothing after the last period asked is read
            ends = [p.end for p in frame.periods if p.pk in periods]
            if not ends:
                return []
            end_upto = max(ends)

        def keep(w) -> bool:
            return (
                (kinds is None or str(w.kind) in kinds)
                and (periods is None or w.period.pk in periods)
                and (end_upto is None or w.end <= end_upto)
                and (end_from is None or w.end >= end_from)
            )

        elements = None
        if indicators is not None:  # only the facts of the indicators asked
            elements = frozenset(el for i in indicators for els in frame.terms.get(i, {}).values() for el in els)
        data = self._facts(units, end_upto, elements)
        out = self._build(
            iter_rows(
                data,
                self.book,
                now=self.now,
                scopes=UNIT_SCOPE,
                keep=keep,
                unit_ids=set(units) if units is not None else None,
                indicator_ids=indicators,
            )
        )
        out.sort(
            key=lambda a: (
                a.end,
                -a.start.toordinal(),
                a.period.cadence,
                a.unit.order,
                a.unit.code,
                a.indicator.order,
                a.indicator.code,
            )
        )
        return out

    def _build(self, tuples: Iterable[tuple]) -> list[Attainment]:
        frame = self.frame
        if self._periods is None:
            self._periods = {p.pk: p for p in frame.periods}
        indicators = {i.pk: i for i in frame.indicators}
        out: list[Attainment] = []
        for values in tuples:
            att = Attainment(**dict(zip(ATTAINMENT_COLUMNS, values, strict=True)))
            att.id = -next(_ids)  # never saved; unique, for callers that key rows by pk
            att.indicator = indicators[att.indicator_id]
            att.period = self._periods[att.period_id]
            out.append(att)
        missing = {a.unit_id for a in out if a.unit_id not in frame.units}
        if missing:  # figures of a unit that does not take part (or no participation at all)
            frame.units.update(Unit.objects.in_bulk(missing))
        for att in out:
            att.unit = frame.units[att.unit_id]
        return out


def unit_rows(campaign: Campaign, *, now=None, **filters) -> list[Attainment]:
    """On-demand unit rows of ``campaign`` (``UnitSource.rows`` filters): unsaved Attainment
    instances with the fields a stored row has. A unit with no counted figure for an indicator
    has no row for it."""
    return UnitSource(campaign, now=now).rows(**filters)


__all__ = ["UnitSource", "unit_rows", "UNIT_SCOPE"]
