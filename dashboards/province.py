"""The province view (issue 6): every commune running the same plan side by side, each at the
cumulative result of its latest closed period, with its report completeness and its rank."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from campaigns.models import Campaign, Participation, Period
from indicators.formatting import pct_value
from indicators.models import (
    Attainment,
    AttainmentStatus,
    ComputeRun,
    FormElement,
    Indicator,
    Qd766ThresholdChange,
    ScopeKind,
    WindowKind,
)
from indicators.qd766 import communes_ytd
from org.models import Province, Unit
from reporting.models import UnitReport
from reporting.selectors import Completeness

from .page_cache import cached_page, digest
from .tiles import desc_key, latest_closed, pct, primary_cadence


@dataclass
class CampaignGroup:
    """Campaigns of several communes running the same plan (same kind and dates)."""

    key: str
    kind: str
    start: date
    end: date
    campaigns: list[Campaign]

    @property
    def label(self) -> str:
        first = self.campaigns[0]
        return f"{first.get_kind_display()} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y} ({len(self.campaigns)} xã)"


def campaign_groups(province: Province) -> list[CampaignGroup]:
    """The province's campaigns grouped by kind and dates; most communes first, then latest."""
    groups: dict[str, CampaignGroup] = {}
    qs = Campaign.objects.filter(commune__province=province).select_related("commune").order_by("commune__name")
    for c in qs:
        key = f"{c.kind}-{c.start:%Y%m%d}-{c.end:%Y%m%d}"
        groups.setdefault(key, CampaignGroup(key, c.kind, c.start, c.end, [])).campaigns.append(c)
    return sorted(groups.values(), key=lambda g: (-len(g.campaigns), -g.end.toordinal(), g.key))


@dataclass
class CommuneRow:
    campaign: Campaign
    period: Period | None
    cells: dict[str, Attainment] = field(default_factory=dict)
    completeness: Completeness | None = None
    rank: int | None = None
    cell_list: list[Attainment | None] = field(default_factory=list)
    # the QĐ 766 estimate (issue 18): year to date at the commune's latest month with figures
    qd766_score: Decimal | None = None
    qd766_band: str | None = None
    qd766_month: date | None = None

    def counts(self) -> Counter:
        return Counter(a.status for a in self.cells.values())

    @property
    def met(self) -> int:
        c = self.counts()
        return c[AttainmentStatus.DAT] + c[AttainmentStatus.DAT_TOI_THIEU]

    @property
    def with_data(self) -> int:
        return sum(1 for a in self.cells.values() if a.status != AttainmentStatus.KHONG_CO_SO_LIEU)

    @property
    def score(self) -> Decimal | None:
        return pct(self.met, self.with_data)


def _completeness_many(
    *, campaigns: list[Campaign], cadences: dict[int, str], now, periods_of: dict[int, list[Period]] | None = None
) -> dict[int, Completeness]:
    """Each campaign's report completeness over its periods of ``cadences[campaign]`` started by
    ``now`` (the same rule as ``reporting.selectors.completeness``), for every campaign in four
    queries whatever their number (issue 19: no query per commune)."""
    today = timezone.localdate(now)
    ids = [c.pk for c in campaigns if c.pk in cadences]
    periods: dict[int, list[Period]] = defaultdict(list)
    if periods_of is None:  # the caller's periods (every period of each campaign, by start) spare a query
        found = Period.objects.filter(campaign_id__in=ids, start__lte=today).order_by("start")
    else:
        found = [p for cid in ids for p in periods_of.get(cid, []) if p.start <= today]
    for p in found:
        if p.cadence == cadences[p.campaign_id]:
            periods[p.campaign_id].append(p)
    forms: dict[int, list[FormElement]] = defaultdict(list)
    for f in FormElement.objects.filter(campaign_id__in=ids).only("campaign_id", "cadence", "unit_id", "unit_kind"):
        if f.cadence == cadences[f.campaign_id]:
            forms[f.campaign_id].append(f)
    units: dict[int, list[Unit]] = defaultdict(list)
    for part in Participation.objects.filter(campaign_id__in=ids, unit__active=True).select_related("unit"):
        unit_ids = {f.unit_id for f in forms[part.campaign_id] if f.unit_id}
        kinds = {f.unit_kind for f in forms[part.campaign_id] if f.unit_id is None}
        if part.unit_id in unit_ids or part.unit.kind in kinds:
            units[part.campaign_id].append(part.unit)
    wanted = [p.pk for ps in periods.values() for p in ps]
    reports = {
        (r.unit_id, r.period_id): r
        for r in UnitReport.objects.filter(campaign_id__in=ids, period_id__in=wanted).only(
            "id", "unit_id", "period_id", "first_submitted_at", "late"
        )
    }
    out: dict[int, Completeness] = {}
    for cid in ids:
        total = Completeness()
        for p in periods[cid]:
            due = p.deadline < now
            for u in units[cid]:
                r = reports.get((u.pk, p.pk))
                total.add(received=r is not None and r.first_submitted_at is not None, late=bool(r and r.late), due=due)
        out[cid] = total
    return out


@dataclass
class TotalCell:
    """The province's figure for one indicator: the ratio of the communes' sums (Σ numerators ×
    100 / Σ denominators), never an average of their rates; a count is the sum."""

    indicator: Indicator
    numerator: Decimal | None
    denominator: Decimal | None

    @property
    def value(self) -> Decimal | None:
        if not self.indicator.is_ratio:
            return self.numerator
        return pct_value(self.numerator, self.denominator)


@dataclass
class ProvinceTotal:
    cells: list[TotalCell]
    completeness: Completeness
    met: int
    with_data: int

    @property
    def score(self) -> Decimal | None:
        return pct(self.met, self.with_data)


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def province_total(rows: list[CommuneRow], indicators: list[Indicator]) -> ProvinceTotal:
    """The total row: per indicator the ratio of the communes' sums; completeness and "chỉ tiêu
    đạt" as sums of counts over sums of counts."""
    cells = []
    for i, ind in enumerate(indicators):
        got = [r.cell_list[i] for r in rows if r.cell_list and r.cell_list[i] is not None]
        cells.append(TotalCell(ind, _sum([a.numerator for a in got]), _sum([a.denominator for a in got])))
    comp = Completeness()
    for r in rows:
        if r.completeness is not None:
            for name in ("expected", "due", "decided", "received", "on_time", "late", "missing", "pending"):
                setattr(comp, name, getattr(comp, name) + getattr(r.completeness, name))
    return ProvinceTotal(
        cells=cells, completeness=comp, met=sum(r.met for r in rows), with_data=sum(r.with_data for r in rows)
    )


def province_version(*, campaign_ids: list[int], now) -> str:
    """The dashboard's version stamp over every campaign of the group, in one query: it changes
    with every recompute, report status change, passing deadline and day."""
    if not campaign_ids:
        return f"{timezone.localdate(now)}|-"
    run, rep, per = ComputeRun._meta.db_table, UnitReport._meta.db_table, Period._meta.db_table
    part, form = Participation._meta.db_table, FormElement._meta.db_table
    marks = ", ".join(["%s"] * len(campaign_ids))
    where = f"WHERE campaign_id IN ({marks})"
    selects = [
        f"SELECT COUNT(*) FROM {run} {where}",
        f"SELECT MAX(id) FROM {run} {where}",
        f"SELECT MAX(started_at) FROM {run} {where}",
        f"SELECT MAX(finished_at) FROM {run} {where}",
        f"SELECT COUNT(*) FROM {rep} {where}",
        f"SELECT MAX(updated_at) FROM {rep} {where}",
        f"SELECT SUM(version) FROM {rep} {where}",
        f"SELECT COUNT(*) FROM {per} {where} AND deadline < %s",
        f"SELECT COUNT(*) FROM {part} {where}",
        f"SELECT MAX(id) FROM {part} {where}",
        f"SELECT COUNT(*) FROM {form} {where}",
        f"SELECT MAX(id) FROM {form} {where}",
        f"SELECT MAX(id) FROM {Qd766ThresholdChange._meta.db_table}",  # a threshold the centre changed
    ]
    params: list = []
    for q in selects:
        if where in q:
            params += campaign_ids
        if "deadline" in q:
            params.append(connection.ops.adapt_datetimefield_value(now))
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"({q})" for q in selects), params)
        row = cursor.fetchone()
    return "|".join(str(v) for v in (timezone.localdate(now), *campaign_ids, *row))


def province_overview(*, province: Province, group_key: str = "", now=None) -> dict:
    """Every commune of the province side by side on the indicators their campaigns share,
    each at the cumulative result of its latest closed period, with its report completeness,
    and the province's total row. A fixed number of queries whatever the number of communes,
    cached under the group's version stamp (a changed figure is read at once; while one request
    rebuilds, the others get the previous page marked with its time, ``dashboards.page_cache``)."""
    now = now or timezone.now()
    groups = campaign_groups(province)
    group = next((g for g in groups if g.key == group_key), None) or (groups[0] if groups else None)
    if group is None:
        return {"province": province, "groups": [], "group": None, "rows": [], "indicators": [], "total": None}
    campaign_ids = [c.pk for c in group.campaigns]
    stamp = province_version(campaign_ids=campaign_ids, now=now)
    served = cached_page(
        f"dashboards:province:{province.pk}:{digest(group.key)}", stamp, lambda: _overview(group=group, now=now)
    )
    return {"province": province, "groups": groups, "group": group, "served": served, **served.value}


def _overview(*, group: CampaignGroup, now) -> dict:
    today = timezone.localdate(now)
    campaign_ids = [c.pk for c in group.campaigns]
    periods_by_campaign: dict[int, list[Period]] = defaultdict(list)
    for p in Period.objects.filter(campaign_id__in=campaign_ids).order_by("start"):
        periods_by_campaign[p.campaign_id].append(p)
    rows: list[CommuneRow] = []
    chosen: dict[int, Period] = {}
    for c in group.campaigns:
        ps = periods_by_campaign.get(c.pk, [])
        cadence = primary_cadence(ps)
        p = latest_closed([x for x in ps if x.cadence == cadence], today)
        rows.append(CommuneRow(campaign=c, period=p))
        if p is not None:
            chosen[c.pk] = p
    results = Attainment.objects.filter(
        campaign_id__in=campaign_ids,
        scope_kind=ScopeKind.COMMUNE,
        window_kind=WindowKind.CUMULATIVE,
        period_id__in=[p.pk for p in chosen.values()],
    ).select_related("indicator")
    by_campaign: dict[int, dict[str, Attainment]] = defaultdict(dict)
    indicators: dict[str, Indicator] = {}
    for a in results:
        by_campaign[a.campaign_id][a.indicator.code] = a
        indicators.setdefault(a.indicator.code, a.indicator)
    comp = _completeness_many(
        campaigns=group.campaigns,
        cadences={cid: p.cadence for cid, p in chosen.items()},
        now=now,
        periods_of=periods_by_campaign,
    )
    qd766 = communes_ytd([c.commune for c in group.campaigns], today=today)
    for row in rows:
        row.cells = by_campaign.get(row.campaign.pk, {})
        row.completeness = comp.get(row.campaign.pk)
        est = qd766.get(row.campaign.commune_id)
        if est is not None:
            row.qd766_score, row.qd766_band, row.qd766_month = est.score, est.band, est.end
    # shared: the indicators every commune of the group has a result for
    shared = [
        ind
        for code, ind in indicators.items()
        if all(code in r.cells for r in rows if r.cells) and any(r.cells for r in rows)
    ]
    shared.sort(key=lambda i: (i.order, i.code))
    for r in rows:
        r.cells = {ind.code: r.cells[ind.code] for ind in shared if ind.code in r.cells}
        r.cell_list = [r.cells.get(ind.code) for ind in shared]
    ordered = sorted(
        rows,
        key=lambda r: (
            r.score is None,
            desc_key(r.score),
            desc_key(r.completeness.on_time_rate if r.completeness else None),
            r.campaign.commune.name,
        ),
    )
    rank, previous = 0, None
    for i, r in enumerate(ordered, start=1):
        if r.score is None:
            break
        key = (r.score, r.completeness.on_time_rate if r.completeness else None)
        if key != previous:
            rank, previous = i, key
        r.rank = rank
    return {"rows": ordered, "indicators": shared, "total": province_total(ordered, shared)}
