"""The province view (issue 6): every commune running the same plan side by side, each at the
cumulative result of its latest closed period, with its report completeness and its rank."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from campaigns.models import Campaign, Period
from indicators.models import Attainment, AttainmentStatus, Indicator, ScopeKind, WindowKind
from org.models import Province
from reporting.selectors import Completeness, completeness

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


def province_overview(*, province: Province, group_key: str = "", now=None) -> dict:
    """Every commune of the province side by side on the indicators their campaigns share,
    each at the cumulative result of its latest closed period, with its report completeness."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    groups = campaign_groups(province)
    group = next((g for g in groups if g.key == group_key), None) or (groups[0] if groups else None)
    if group is None:
        return {"province": province, "groups": [], "group": None, "rows": [], "indicators": []}
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
    for row in rows:
        row.cells = by_campaign.get(row.campaign.pk, {})
        if row.period is not None:
            row.completeness = completeness(campaign=row.campaign, now=now, cadence=row.period.cadence).total
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
    return {"province": province, "groups": groups, "group": group, "rows": ordered, "indicators": shared}
