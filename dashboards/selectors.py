"""What the leadership dashboards show (issue 6), assembled from stored results only.

Every number comes from the attainment engine's rows (``indicators.models.Attainment``) or from
the completeness selector (``reporting.selectors.completeness`` / ``missing_and_late``): a
number on a dashboard, in the PDF and in the Excel file is the same number (docs/design.md
section 3). Nothing here sums raw figures or compares a value with a target; the only
arithmetic is counting statuses the engine already decided, to rank units and communes.

The campaign dashboard reads in a fixed number of queries whatever the campaign's size
(25 units × 52 periods × 25 indicators included): one for the commune's (or a field's)
series, one for the units' rows of the chosen window, one for the running recompute, the
completeness selector's and one for overdue tasks.

Here: the campaign and unit dashboards and the cache stamp; their pieces (tiles, ranking,
village coverage) are in ``dashboards.tiles``, the province view in ``dashboards.province``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from campaigns.models import Campaign, Participation, Period
from campaigns.selectors import overdue_tasks
from indicators.catalogue import FIELDS
from indicators.models import (
    NO_TARGET,
    STATUS_LABELS,
    Attainment,
    AttainmentStatus,
    ComputeRun,
    ComputeRunState,
    FormElement,
    Indicator,
    ScopeKind,
    WindowKind,
)
from indicators.ondemand import UnitSource
from indicators.selectors import IN_PROGRESS_STATES, paces, run_in_progress, unit_ranking
from org.models import Unit
from reporting.models import UnitReport
from reporting.selectors import completeness, missing_and_late

from .tiles import HOUSEHOLDS_RATED, VNEID, latest_closed, primary_cadence, rank_rows, tiles_for, village_coverage

FIELD_NAMES = dict(FIELDS)
RUNNING_STATES = IN_PROGRESS_STATES  # the rule of indicators.selectors.run_in_progress, in a subquery


# --- filters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard's filter bar chose. ``period_id`` None = the latest closed period."""

    period_id: int | None = None
    cumulative: bool = True
    field_code: str = ""
    unit_kind: str = ""

    def as_query(self) -> dict[str, str]:
        q = {"cach_tinh": "luy_ke" if self.cumulative else "trong_ky"}
        if self.period_id:
            q["ky"] = str(self.period_id)
        if self.field_code:
            q["linh_vuc"] = self.field_code
        if self.unit_kind:
            q["loai_don_vi"] = self.unit_kind
        return q


def field_choices() -> list[tuple[str, str]]:
    return list(FIELDS)


# --- the campaign dashboard ----------------------------------------------------------------


def _series_rows(*, campaign: Campaign, field_code: str) -> QuerySet[Attainment]:
    """The commune's (or one field's) rows of every period and both windows, in one query (the
    villages' rows are computed on demand: ``_village_rows``)."""
    if field_code:
        scope = Q(scope_kind=ScopeKind.FIELD, field__code=field_code)
    else:
        scope = Q(scope_kind=ScopeKind.COMMUNE)
    # whether a recompute is queued or running rides along on every row (one query less)
    running = ComputeRun.objects.filter(campaign=OuterRef("campaign"), state__in=RUNNING_STATES)
    # and so does the latest run's state and end (a failed last run is said on the page)
    latest = ComputeRun.objects.filter(campaign=OuterRef("campaign")).order_by("-id")
    return (
        Attainment.objects.filter(scope, campaign=campaign)
        .select_related("indicator", "period", "unit")
        .annotate(
            recompute_running=Exists(running),
            last_run_state=Subquery(latest.values("state")[:1]),
            last_run_finished_at=Subquery(latest.values("finished_at")[:1]),
        )
        .order_by("period__start", "indicator__order", "indicator__code")
    )


_RELATED = {"indicator": Indicator, "period": Period, "unit": Unit}


def _fetch_rows(qs: QuerySet[Attainment]) -> list[Attainment]:
    """The rows of ``qs`` with their indicator, period and unit, in the same single query as
    ``select_related`` but building each indicator, period and unit once and sharing it between
    the rows that name it (``select_related`` builds one per row: 25 indicators × 52 weeks × 2
    windows made ~8,000 model instances, the largest cost of an uncached view)."""
    own = [f.attname for f in Attainment._meta.concrete_fields]
    related = {name: [f.attname for f in model._meta.concrete_fields] for name, model in _RELATED.items()}
    pk_at = {name: related[name].index(model._meta.pk.attname) for name, model in _RELATED.items()}
    extra = ["recompute_running", "last_run_state", "last_run_finished_at"]
    columns = [*own, *(f"{name}__{col}" for name, cols in related.items() for col in cols), *extra]
    built: dict[str, dict[int, object]] = {name: {} for name in _RELATED}
    out = []
    for values in qs.values_list(*columns):
        row = Attainment.from_db(qs.db, own, values[: len(own)])
        at = len(own)
        for name, model in _RELATED.items():
            cols = related[name]
            part = values[at : at + len(cols)]
            at += len(cols)
            pk = part[pk_at[name]]
            obj = None
            if pk is not None:
                obj = built[name].get(pk)
                if obj is None:
                    obj = built[name][pk] = model.from_db(qs.db, cols, part)
            # where select_related leaves a related object: reading row.indicator runs no query
            row._state.fields_cache[name] = obj
        row.recompute_running, row.last_run_state, row.last_run_finished_at = values[-3:]
        out.append(row)
    return out


def days_left(campaign: Campaign, today: date) -> int | None:
    """Days left in the campaign, today included; None once it is over."""
    if today > campaign.end:
        return None
    return (campaign.end - max(today, campaign.start)).days + 1


def _village_rows(source: UnitSource, until: date | None) -> list[Attainment]:
    """The villages' cumulative Mẫu 02 coverage rows (TL_VNEID, TL_HO_DANH_GIA) up to ``until``,
    computed on demand (unit rows are not stored, issue 19)."""
    wanted = [i.pk for i in source.frame.indicators if i.code in (VNEID, HOUSEHOLDS_RATED)]
    if not wanted:
        return []
    # every unit, like the ranking's rows (one read of the facts); village_coverage keeps villages
    return source.rows(indicator_ids=wanted, window_kinds=[WindowKind.CUMULATIVE], end_upto=until)


def attach_paces(campaign: Campaign, tiles: list, today: date, source: UnitSource | None = None) -> None:
    """The required pace beside each tile's projection (issue 12 item 8), while the campaign runs."""
    rows = [t.pace_row for t in tiles if t.pace_row is not None]
    found = paces(campaign=campaign, rows=rows, today=today, source=source)
    for t in tiles:
        t.pace = found.get(t.pace_row.pk) if t.pace_row is not None else None


def campaign_dashboard(
    *,
    campaign: Campaign,
    filters: DashboardFilters,
    unit_ids: set[int] | None = None,
    unit_kind: str = "",
    now=None,
) -> dict:
    """Everything the campaign dashboard shows but its overdue tasks (``overdue_tasks``, read live
    beside the cached parts). ``unit_ids``, when given, are the units the unit-kind filter keeps
    (django-filter, see ``dashboards.tables``); ``unit_kind`` keeps the units of that kind without
    a query. Either way ranks stay the commune's."""
    now = now or timezone.now()

    def kept(unit: Unit | None) -> bool:
        if unit is None:
            return False
        return (unit_ids is None or unit.pk in unit_ids) and (not unit_kind or unit.kind == unit_kind)

    today = timezone.localdate(now)
    fetched = _fetch_rows(_series_rows(campaign=campaign, field_code=filters.field_code))
    rows = fetched
    all_periods = sorted({r.period_id: r.period for r in rows}.values(), key=lambda p: (p.start, p.cadence))
    cadence = primary_cadence(all_periods)
    periods = [p for p in all_periods if p.cadence == cadence]
    selected = next((p for p in all_periods if p.pk == filters.period_id), None)
    period_invalid = filters.period_id is not None and selected is None
    if selected is None:
        selected = latest_closed(periods, today)
    tiles = tiles_for(
        [r for r in rows if r.period.cadence == (selected.cadence if selected else cadence)],
        periods=[p for p in all_periods if selected is None or p.cadence == selected.cadence],
        selected=selected,
        cumulative=filters.cumulative,
    )
    source = UnitSource(campaign, now=now)  # unit rows on demand (issue 19), one frame per page
    attach_paces(campaign, tiles, today, source=source)
    ranks = (
        unit_ranking(campaign=campaign, period=selected, cumulative=filters.cumulative, source=source)
        if selected
        else []
    )
    if unit_ids is not None or unit_kind:
        ranks = [r for r in ranks if kept(r.unit)]
    comp = completeness(campaign=campaign, now=now, cadence=(selected.cadence if selected else cadence) or "weekly")
    lags = missing_and_late(campaign=campaign, period=selected, now=now) if selected else []
    if unit_ids is not None or unit_kind:
        lags = [lag for lag in lags if kept(lag.unit)]
    computed_at: datetime | None = max((r.computed_at for r in rows), default=None)
    counts = Counter(t.row.display_status if t.row else t.status for t in tiles)
    return {
        "campaign": campaign,
        "filters": filters,
        "periods": periods,
        "selected_period": selected,
        "period_invalid": period_invalid,
        "field_name": FIELD_NAMES.get(filters.field_code, ""),
        "tiles": tiles,
        "off_target_tiles": [t for t in tiles if t.off_target],
        "untargeted_count": sum(1 for t in tiles if not t.has_target),
        "status_counts": [
            (s, STATUS_LABELS[s], counts.get(s, 0))
            for s in [*AttainmentStatus.values, NO_TARGET]
            if s != NO_TARGET or counts.get(s)
        ],
        "ranking": rank_rows(ranks, comp.by_unit, [u for u in comp.units if kept(u)] if selected else []),
        "villages": village_coverage(
            (r for r in _village_rows(source, selected.end if selected else None) if kept(r.unit)),
            until=selected.end if selected else None,
        ),
        "completeness": comp,
        "period_completeness": comp.by_period.get(selected.pk) if selected else None,
        "missing": [lag for lag in lags if lag.state == "missing"],
        "late": [lag for lag in lags if lag.state == "late"],
        "pending": [lag for lag in lags if lag.state == "pending"],
        "days_left": days_left(campaign, today),
        "today": today,
        "computed_at": computed_at,
        "recompute_running": fetched[0].recompute_running if fetched else run_in_progress(campaign),
        "recompute_failed_at": _failed_at(fetched[0] if fetched else None, campaign),
    }


def _failed_at(row: Attainment | None, campaign: Campaign) -> datetime | None:
    """When the campaign's latest recompute failed (after its attempts), if it is the latest:
    the page says so instead of showing the older figures silently (issue 14)."""
    if row is None:
        latest = ComputeRun.objects.filter(campaign=campaign).order_by("-id").only("state", "finished_at").first()
        state, finished = (latest.state, latest.finished_at) if latest else (None, None)
    else:
        state, finished = row.last_run_state, row.last_run_finished_at
    return finished if state == ComputeRunState.FAILED else None


# --- what the cached dashboard depends on ---------------------------------------------------

# Backstop only: every change that moves a figure is in ``dashboard_version``; set-up edits that
# are not (a unit renamed, a form element edited in place) show within this many seconds.
DASHBOARD_CACHE_SECONDS = 300


def _version_sql() -> str:
    """One statement of scalar subqueries over the campaign's rows (raw: compiling twelve ORM
    subqueries cost more than running them)."""
    run, rep, per = ComputeRun._meta.db_table, UnitReport._meta.db_table, Period._meta.db_table
    part, form = Participation._meta.db_table, FormElement._meta.db_table
    selects = [
        f"SELECT COUNT(*) FROM {run} WHERE campaign_id = %(c)s",
        f"SELECT MAX(id) FROM {run} WHERE campaign_id = %(c)s",
        f"SELECT MAX(started_at) FROM {run} WHERE campaign_id = %(c)s",
        f"SELECT MAX(finished_at) FROM {run} WHERE campaign_id = %(c)s",
        f"SELECT COUNT(*) FROM {rep} WHERE campaign_id = %(c)s",
        f"SELECT MAX(updated_at) FROM {rep} WHERE campaign_id = %(c)s",
        f"SELECT SUM(version) FROM {rep} WHERE campaign_id = %(c)s",
        f"SELECT COUNT(*) FROM {per} WHERE campaign_id = %(c)s AND deadline < %(now)s",
        f"SELECT COUNT(*) FROM {part} WHERE campaign_id = %(c)s",
        f"SELECT MAX(id) FROM {part} WHERE campaign_id = %(c)s",
        f"SELECT COUNT(*) FROM {form} WHERE campaign_id = %(c)s",
        f"SELECT MAX(id) FROM {form} WHERE campaign_id = %(c)s",
    ]
    return "SELECT " + ", ".join(f"({q})" for q in selects)


def dashboard_version(*, campaign: Campaign, now: datetime) -> str:
    """A stamp that changes whenever anything the campaign dashboard shows may change, in one query.

    Figures change only through a recompute (every write of ``Attainment`` is a ``ComputeRun``:
    created queued, started, finished) and completeness only through a report's status change
    (``UnitReport.updated_at`` / ``version``, count) or a deadline passing (count of deadlines
    before ``now``); which units report comes from participations and form elements; "latest
    closed period" and "days left" turn with the local date. Overdue tasks are read live."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), {"c": campaign.pk, "now": connection.ops.adapt_datetimefield_value(now)})
        row = cursor.fetchone()
    return "|".join(str(v) for v in (timezone.localdate(now), campaign.pk, *row))


# --- the unit view -------------------------------------------------------------------------


def unit_dashboard(*, campaign: Campaign, unit: Unit, now=None) -> dict:
    """A unit's own results against the targets, its report completeness and its place in the
    commune's published ranking (other units: name, rank and published rates only)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    source = UnitSource(campaign, now=now)  # unit rows are computed on demand (issue 19)
    own = sorted(
        source.rows(unit_ids=[unit.pk]),
        key=lambda r: (r.period.start, r.indicator.order, r.indicator.code),
    )
    all_periods = sorted({r.period_id: r.period for r in own}.values(), key=lambda p: (p.start, p.cadence))
    cadence = primary_cadence(all_periods)
    periods = [p for p in all_periods if p.cadence == cadence]
    selected = latest_closed(periods, today)
    tiles = tiles_for(
        [r for r in own if r.period.cadence == cadence], periods=periods, selected=selected, cumulative=True
    )
    attach_paces(campaign, tiles, today, source=source)
    comp = completeness(campaign=campaign, now=now, cadence=cadence or "weekly")
    ranking = rank_rows(
        unit_ranking(campaign=campaign, period=selected, source=source) if selected else [],
        comp.by_unit,
        comp.units if selected else [],
    )
    mine = next((r for r in ranking if r.unit.pk == unit.pk), None)
    return {
        "campaign": campaign,
        "unit": unit,
        "selected_period": selected,
        "tiles": tiles,
        "completeness": comp.by_unit.get(unit.pk),
        "ranking": ranking,
        "my_rank": mine,
        "ranked_count": sum(1 for r in ranking if r.rank is not None),
        "overdue_tasks": overdue_tasks(campaign, today, unit=unit),
        # where the unit's figures come from: its reports, newest first, each a link (issue 15)
        "reports": list(
            UnitReport.objects.filter(campaign=campaign, unit=unit)
            .select_related("period")
            .order_by("-period__start")[:12]
        ),
        "days_left": days_left(campaign, today),
        "computed_at": max((r.computed_at for r in own), default=None),
    }
