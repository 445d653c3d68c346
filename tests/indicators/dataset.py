"""A generated data set for comparing engines (SQLite vs PostgreSQL vs a pure-Python reference).

Deterministic for a seed: the same figures on any database. ``canonical(campaign)`` gives the
engine's results as plain strings, independent of ids and of the database's decimal formats.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from indicators.models import Attainment
from indicators.ondemand import unit_rows
from org.models import UnitKind

from .factories import add_period, make_campaign, months, put, target, unit, weeks

HS = ["HS_TIEP_NHAN", "HS_TRUC_TUYEN", "HS_SO_HOA", "HS_BO_SUNG_NHIEU_LAN"]


def build(seed: int = 7):
    rng = random.Random(seed)
    c = make_campaign(code="GEN", start=date(2026, 1, 5), end=date(2026, 6, 28))
    weekly = weeks(c, date(2026, 1, 5), 16)
    monthly = months(c, 2026, [1, 2, 3, 4])
    add_period(c, date(2026, 1, 1), date(2026, 3, 31), cadence="quarterly")
    depts = [unit(c, f"D{i}") for i in range(4)]
    late = unit(c, "D9", joined_on=date(2026, 2, 16))
    villages = [unit(c, f"V0{i}", kind=UnitKind.VILLAGE) for i in range(1, 4)]
    for w in weekly:
        for u in [*depts, late]:
            if rng.random() < 0.15:
                continue  # a gap: no report this week
            counted = rng.random() > 0.1  # some drafts
            received = rng.randint(0, 300)
            put(c, w, u, "HS_TIEP_NHAN", received, counted=counted)
            put(c, w, u, "HS_TRUC_TUYEN", rng.randint(0, received), counted=counted)
            put(c, w, u, "HS_SO_HOA", rng.randint(0, received), counted=counted)
            put(c, w, u, "HS_BO_SUNG_NHIEU_LAN", rng.randint(0, max(received // 10, 0)), counted=counted)
            for f in ("DAT_DAI", "HO_TICH"):
                total = rng.randint(0, 40)
                put(c, w, u, "DG_TONG", total, field_code=f, counted=counted)
                put(c, w, u, "DG_HAI_LONG", rng.randint(0, total), field_code=f, counted=counted)
            if rng.random() < 0.3:
                put(c, w, u, "SANG_KIEN", rng.randint(0, 2), counted=counted)
        for v in villages:
            if rng.random() < 0.7:
                put(c, w, v, "BUOI_TUYEN_TRUYEN", rng.randint(0, 2))
    for m in monthly:
        eligible = 100 + rng.randint(0, 20)
        put(c, m, depts[0], "TTHC_DU_DIEU_KIEN", eligible)
        put(c, m, depts[0], "TTHC_TOAN_TRINH", rng.randint(50, eligible))
        put(c, m, depts[1], "CBCC_TONG", 20)
        put(c, m, depts[1], "CBCC_CHU_KY_SO", rng.randint(10, 20))
    target(c, "TL_HS_TRUC_TUYEN", 50, floor=45)
    target(c, "TL_SO_HOA", milestones=[(2025, 40), (2027, 60)])
    target(c, "TL_BO_SUNG_NHIEU_LAN", 5, comparator="<=")
    target(c, "TL_HAI_LONG", 60)
    target(c, "TL_HAI_LONG", 55, field_code="DAT_DAI")
    target(c, "TL_DVC_TOAN_TRINH", 80, comparator=">")
    target(c, "TL_THON_TUYEN_TRUYEN", 100, floor=60)
    target(c, "SO_SANG_KIEN", 3)
    target(c, "TL_HS_TRUC_TUYEN", 40, unit=depts[2])
    return c


def _s(value) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    return format(value.normalize(), "f") if value else "0"


def canonical(campaign, *, units: bool = True) -> list[tuple]:
    """Every row of the engine as plain strings: the stored ones (commune, field) and, with
    ``units``, the unit rows computed on demand (issue 19)."""
    rows = list(Attainment.objects.filter(campaign=campaign).select_related("indicator", "period", "unit", "field"))
    if units:
        rows += unit_rows(campaign)
    return canonical_rows(rows)


def canonical_rows(rows) -> list[tuple]:
    return sorted(
        (
            a.indicator.code,
            a.window_kind,
            a.period.cadence,
            a.start.isoformat(),
            a.end.isoformat(),
            a.scope_kind,
            a.unit.code if a.unit else "",
            a.field.code if a.field else "",
            _s(a.numerator),
            _s(a.denominator),
            _s(a.value),
            _s(a.target),
            _s(a.floor),
            a.comparator,
            a.status,
            _s(a.gap),
            _s(a.change),
            _s(a.projected_value),
            a.projected_status,
        )
        for a in rows
    )
