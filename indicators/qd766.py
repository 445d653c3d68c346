"""The commune's QĐ 766/QĐ-TTg score estimated from its own figures (issue 18, part 1).

The scoring table is data (``Qd766Group`` / ``Qd766Item``, shipped by migration 0004; a centre
may adjust a threshold for a year). The estimate reads the same counted facts as the engine
(``DataValue``, submitted / approved reports only) and applies, per sub-indicator:

* rate = numerator × 100 ÷ denominator of its catalogue indicator, over the window;
* points = rate × max ÷ threshold, capped at max (higher is better); a lower-is-better item
  scores max × threshold ÷ rate, capped at max (full marks at or under the threshold);
* a dossier asked for supplements more than once counts as late: HS_BO_SUNG_NHIEU_LAN is
  subtracted from the on-time dossiers (HS_DUNG_HAN) before item 2.1 is scored;
* no figures (no counted value or a denominator of 0): no points, "không có số liệu"
  (docs/design.md rule 5); a group sums what it has and the score says how many items had data;
* a window without any figure has no score at all (not 0).

Arithmetic is exact (``Fraction``); the score is rounded once, at the end, through
``indicators.formatting`` and the band is read from that rounded score (the number people see).

Windows: a calendar month, or the year to date (1 January to the month's end). A flow reported
for a period belongs to the window its period ends in when the period is no longer than the
window (the engine's rule); a stock takes, per unit, its latest period ending in the window.
Figures of the same unit, element and dates entered in two campaigns of the commune count once.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from campaigns.models import Period
from org.models import Commune

from .formatting import number_text, round_half_up
from .models import (
    Aggregation,
    DataElement,
    DataValue,
    Direction,
    Indicator,
    IndicatorTerm,
    Qd766Item,
    Qd766ThresholdChange,
    TermRole,
)

SUPPLEMENTED = "HS_BO_SUNG_NHIEU_LAN"
ON_TIME_INDICATOR = "TL_DUNG_HAN"
ON_TIME_ELEMENT = "HS_DUNG_HAN"
SCORE_DECIMALS = 2
NO_DATA = "không có số liệu"

BANDS = [  # (lowest score, band), highest first
    (Decimal(90), "Xuất sắc"),
    (Decimal(80), "Tốt"),
    (Decimal(70), "Khá"),
    (Decimal(50), "Trung bình"),
    (Decimal(0), "Yếu"),
]
BAND_LINES = [Decimal(90), Decimal(80), Decimal(70), Decimal(50)]


def band_of(score: Decimal | None) -> str | None:
    """Xuất sắc ≥ 90, Tốt 80 to < 90, Khá 70 to < 80, Trung bình 50 to < 70, Yếu < 50."""
    if score is None:
        return None
    for lowest, word in BANDS:
        if score >= lowest:
            return word
    return BANDS[-1][1]


# ------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Line:
    """One line of the table in force for a commune and a year."""

    group_code: str
    group_name: str
    group_total: Decimal
    group_order: int
    code: str
    name: str
    indicator_code: str
    direction: str
    threshold: Decimal
    max_points: Decimal
    applies_from: int
    note: str
    source: str
    item_id: int
    adjusted: bool  # a threshold the commune's centre set


def table_for(*, commune: Commune | None, year: int) -> list[Line]:
    """Per code, the row with the latest ``applies_from`` ≤ ``year``; the commune's own row wins
    over the shipped one of the same year."""
    rows = (
        Qd766Item.objects.filter(applies_from__lte=year)
        .filter(Q(commune__isnull=True) | Q(commune=commune) if commune else Q(commune__isnull=True))
        .select_related("group")
    )
    return _lines(rows)


def _lines(rows) -> list[Line]:
    """The rows in force (already filtered by year and commune): per code the latest, the commune's own first."""
    best: dict[str, Qd766Item] = {}
    for row in rows:
        current = best.get(row.code)
        key = (row.applies_from, row.commune_id is not None)
        if current is None or key > (current.applies_from, current.commune_id is not None):
            best[row.code] = row
    lines = [
        Line(
            r.group.code,
            r.group.name,
            r.group.total_points,
            r.group.order,
            r.code,
            r.name,
            r.indicator_code,
            r.direction,
            r.threshold,
            r.max_points,
            r.applies_from,
            r.note,
            r.source,
            r.pk,
            r.commune_id is not None,
        )
        for r in best.values()
    ]
    return sorted(lines, key=lambda line: (line.group_order, _code_key(line.code)))


def _code_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in code.split("."))


@dataclass(frozen=True)
class Terms:
    """The element codes of a catalogue indicator, and the name of its first numerator element."""

    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    numerator_name: str = ""


def terms_for(codes: set[str], commune: Commune | None = None) -> dict[str, Terms]:
    """{indicator code: its terms}; a commune's own indicator of the same code wins."""
    found: dict[str, Terms] = {}
    indicators = (
        Indicator.objects.filter(code__in=codes)
        .filter(Q(commune__isnull=True) | Q(commune=commune) if commune else Q(commune__isnull=True))
        .prefetch_related("terms__element")
    )
    for ind in sorted(indicators, key=lambda i: i.commune_id is not None):  # the commune's own last: it wins
        num = [t.element for t in ind.terms.all() if t.role == TermRole.NUMERATOR]
        den = [t.element for t in ind.terms.all() if t.role == TermRole.DENOMINATOR]
        found[ind.code] = Terms(tuple(e.code for e in num), tuple(e.code for e in den), num[0].name if num else "")
    return found


# ------------------------------------------------------------------ the estimate (pure)


@dataclass(frozen=True)
class Fix:
    """What regains an item's lost points: ``count`` more (or fewer) of ``what`` in the window."""

    count: int
    what: str
    more: bool
    gain: Fraction

    def text(self, window_word: str) -> str:
        verb = "thêm" if self.more else "bớt"
        return f"{verb} {number_text(self.count)} {self.what} {window_word} → +{points_text(self.gain)} điểm"


@dataclass(frozen=True)
class ItemScore:
    line: Line
    numerator: Fraction | None
    denominator: Fraction | None
    rate: Fraction | None  # %, exact
    points: Fraction | None  # None: no figures
    fix: Fix | None

    @property
    def has_data(self) -> bool:
        return self.points is not None

    @property
    def lost(self) -> Fraction:
        return Fraction(self.line.max_points) - (self.points or 0)

    @property
    def computable(self) -> bool:
        return bool(self.line.indicator_code)


@dataclass(frozen=True)
class GroupScore:
    code: str
    name: str
    total: Decimal
    items: list[ItemScore]

    @property
    def points(self) -> Fraction | None:
        """None when no item of the group has figures: no score, not 0 (rule 5)."""
        if not self.items_with_data:
            return None
        return sum((i.points for i in self.items if i.points is not None), Fraction(0))

    @property
    def items_with_data(self) -> int:
        return sum(1 for i in self.items if i.has_data)


@dataclass(frozen=True)
class Estimate:
    start: date
    end: date
    groups: list[GroupScore]
    has_figures: bool

    @property
    def items(self) -> list[ItemScore]:
        return [i for g in self.groups for i in g.items]

    @property
    def items_with_data(self) -> int:
        return sum(g.items_with_data for g in self.groups)

    @property
    def exact(self) -> Fraction | None:
        if not self.has_figures:
            return None
        return sum((g.points for g in self.groups if g.points is not None), Fraction(0))

    @property
    def score(self) -> Decimal | None:
        """The score at 2 decimals, half up: the one rounding."""
        return None if self.exact is None else rounded(self.exact)

    @property
    def band(self) -> str | None:
        return band_of(self.score)

    def fix_first(self) -> list[ItemScore]:
        """Items with figures that lost points, the most lost first (then by code)."""
        losing = [i for i in self.items if i.has_data and i.lost > 0]
        return sorted(losing, key=lambda i: (-i.lost, _code_key(i.line.code)))

    def missing(self) -> list[ItemScore]:
        """Items the commune's figures could give but did not (no figures in the window)."""
        return [i for i in self.items if i.computable and not i.has_data]


def rounded(value: Fraction | None, decimals: int = SCORE_DECIMALS) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return round_half_up(value, decimals)
    # exact to 28 significant digits, then the one half-up rounding of indicators.formatting
    return round_half_up(Decimal(value.numerator) / Decimal(value.denominator), decimals)


def points_text(value: Fraction | None) -> str:
    return NO_DATA if value is None else number_text(rounded(value), SCORE_DECIMALS)


def rate_text(value: Fraction | None) -> str:
    return NO_DATA if value is None else number_text(rounded(value), 2) + "%"


def item_points(rate: Fraction, line: Line) -> Fraction:
    """rate × max ÷ threshold capped at max; lower is better: max × threshold ÷ rate, capped."""
    top, threshold = Fraction(line.max_points), Fraction(line.threshold)
    if line.direction == Direction.LOWER:
        return top if rate <= threshold else min(top, top * threshold / rate)
    return min(top, rate * top / threshold)


def _fix(line: Line, num: Fraction, den: Fraction, points: Fraction, what: str) -> Fix | None:
    """The smallest whole number of dossiers (of the same denominator) that reaches the threshold."""
    gain = Fraction(line.max_points) - points
    if gain <= 0:
        return None
    needed = Fraction(line.threshold) * den / 100
    if line.direction == Direction.LOWER:
        count = math.ceil(num - needed) if num > needed else 0
        return Fix(count, what, False, gain) if count > 0 else None
    count = math.ceil(needed - num)
    if count <= 0 or num + count > den:  # not reachable within the window's dossiers
        return None
    return Fix(count, what, True, gain)


def _what(name: str) -> str:
    """ "Số hồ sơ thanh toán phí, lệ phí trực tuyến" → "hồ sơ thanh toán phí, lệ phí trực tuyến"."""
    text = name.strip()
    if text.lower().startswith("số "):
        text = text[3:]
    return text[:1].lower() + text[1:]


def estimate(
    table: list[Line], terms: dict[str, Terms], figures: dict[str, Decimal], *, start: date, end: date
) -> Estimate:
    """The estimate for one window. ``figures``: {element code: value over the window} (an
    absent code has no figures)."""
    groups: dict[str, GroupScore] = {}
    for line in table:
        group = groups.setdefault(line.group_code, GroupScore(line.group_code, line.group_name, line.group_total, []))
        group.items.append(_score_line(line, terms.get(line.indicator_code), figures))
    used = {SUPPLEMENTED} | {c for t in terms.values() for c in (*t.numerator, *t.denominator)}
    has_figures = any(code in figures for code in used)
    return Estimate(start, end, list(groups.values()), has_figures)


def _sum(codes: tuple[str, ...], figures: dict[str, Decimal]) -> Fraction | None:
    present = [Fraction(figures[c]) for c in codes if c in figures]
    return sum(present, Fraction(0)) if present else None


def _score_line(line: Line, terms: Terms | None, figures: dict[str, Decimal]) -> ItemScore:
    if terms is None or not terms.numerator or not terms.denominator:
        return ItemScore(line, None, None, None, None, None)
    num, den = _sum(terms.numerator, figures), _sum(terms.denominator, figures)
    if num is None or den is None or den == 0:
        return ItemScore(line, num, den, None, None, None)
    if line.indicator_code == ON_TIME_INDICATOR and SUPPLEMENTED in figures:
        num = max(Fraction(0), num - Fraction(figures[SUPPLEMENTED]))
    rate = num * 100 / den
    points = item_points(rate, line)
    return ItemScore(line, num, den, rate, points, _fix(line, num, den, points, _what(terms.numerator_name)))


# ------------------------------------------------------------------ reading the facts


def month_end(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def element_codes(terms: dict[str, Terms]) -> set[str]:
    return {SUPPLEMENTED} | {c for t in terms.values() for c in (*t.numerator, *t.denominator)}


def commune_figures(
    *, commune: Commune, start: date, end: date, codes: set[str], unit_ids: set[int] | None = None
) -> dict[str, Decimal]:
    """{element code: value over [start, end]} from the counted facts of the commune's units
    (only ``unit_ids`` if given: the estimate of one unit, ``indicators.qd766_units``)."""
    aggregation = dict(
        DataElement.objects.filter(code__in=codes)
        .filter(Q(commune__isnull=True) | Q(commune=commune))
        .values_list("code", "aggregation")
    )
    rows = (
        DataValue.objects.filter(
            counted=True,
            unit__commune=commune,
            element__code__in=codes,
            period__end__gte=start,
            period__end__lte=end,
            **({"unit_id__in": unit_ids} if unit_ids is not None else {}),
        )
        .values_list("unit_id", "element__code", "field_id", "period__start", "period__end", "campaign_id", "value")
        .order_by("campaign_id")
    )
    length = end - start
    # (unit, element, period dates) → {field: value}; the same dates in two campaigns count once
    cells: dict[tuple, dict[int | None, Decimal]] = defaultdict(dict)
    for unit_id, code, field_id, p_start, p_end, _campaign, value in rows:
        if aggregation.get(code) != Aggregation.LAST and p_end - p_start > length:
            continue  # a flow of a period longer than the window does not land in it
        cells[(unit_id, code, p_start, p_end)][field_id] = value  # later campaign wins
    per_cell = {
        key: (values[None] if None in values else sum(values.values(), Decimal(0))) for key, values in cells.items()
    }
    out: dict[str, Decimal] = {}
    latest: dict[tuple[int, str], tuple[date, date, Decimal]] = {}
    for (unit_id, code, p_start, p_end), value in per_cell.items():
        if aggregation.get(code) == Aggregation.LAST:
            seen = latest.get((unit_id, code))
            if seen is None or (p_end, p_start) > seen[:2]:
                latest[(unit_id, code)] = (p_end, p_start, value)
        else:
            out[code] = out.get(code, Decimal(0)) + value
    for (_unit, code), (_e, _s, value) in latest.items():
        out[code] = out.get(code, Decimal(0)) + value
    return out


def months_with_figures(*, commune: Commune, codes: set[str]) -> list[tuple[int, int]]:
    """(year, month) of every month in which a counted figure of ``codes`` ends a period."""
    ends = (
        DataValue.objects.filter(counted=True, unit__commune=commune, element__code__in=codes)
        .values_list("period__end", flat=True)
        .distinct()
    )
    return sorted({(d.year, d.month) for d in ends})


@dataclass
class CommuneEstimate:
    """A commune's month and year to date, and the trend of its months in that year."""

    commune: Commune
    year: int
    month: int
    table: list[Line]
    month_estimate: Estimate
    ytd: Estimate
    trend: list[tuple[int, Decimal | None]] = field(default_factory=list)  # (month, score)


def commune_estimate(*, commune: Commune, year: int, month: int, trend: bool = False) -> CommuneEstimate:
    table = table_for(commune=commune, year=year)
    terms = terms_for({line.indicator_code for line in table if line.indicator_code}, commune)
    codes = element_codes(terms)
    end = month_end(year, month)
    first = date(year, month, 1)
    month_est = estimate(
        table, terms, commune_figures(commune=commune, start=first, end=end, codes=codes), start=first, end=end
    )
    ytd_start = date(year, 1, 1)
    ytd = estimate(
        table, terms, commune_figures(commune=commune, start=ytd_start, end=end, codes=codes), start=ytd_start, end=end
    )
    result = CommuneEstimate(commune, year, month, table, month_est, ytd)
    if trend:
        for m in range(1, month + 1):
            s, e = date(year, m, 1), month_end(year, m)
            est = (
                month_est
                if m == month
                else estimate(
                    table, terms, commune_figures(commune=commune, start=s, end=e, codes=codes), start=s, end=e
                )
            )
            result.trend.append((m, est.score))
    return result


def latest_month(*, commune: Commune, year: int | None = None) -> tuple[int, int] | None:
    """The latest month with figures (of ``year`` if given)."""
    table = table_for(commune=commune, year=year or date.today().year)
    terms = terms_for({line.indicator_code for line in table if line.indicator_code}, commune)
    months = months_with_figures(commune=commune, codes=element_codes(terms))
    if year is not None:
        months = [m for m in months if m[0] == year]
    return months[-1] if months else None


# ------------------------------------------------------------------ many communes at once (issue 19)


def communes_ytd(communes: list[Commune], *, today: date | None = None) -> dict[int, Estimate | None]:
    """{commune id: its year-to-date estimate at its latest month with figures} — what each
    commune's QĐ 766 page shows first (``latest_month`` then ``commune_estimate(...).ytd``), for
    every commune in four queries whatever their number (the province page): the tables, the
    terms, the latest months, and the figures summed in the database (the same rules as
    ``commune_figures``: a counted value, the later campaign wins for the same unit, element,
    field and dates, a cell's whole value over its fields, a flow of a period longer than the
    window left out, a stock's latest period per unit). None: no figures."""
    if not communes:
        return {}
    year_now = (today or date.today()).year
    ids = [c.pk for c in communes]
    items = list(Qd766Item.objects.filter(Q(commune__isnull=True) | Q(commune_id__in=ids)).select_related("group"))
    all_codes = {i.indicator_code for i in items if i.indicator_code}
    terms_rows = list(
        IndicatorTerm.objects.filter(indicator__code__in=all_codes)
        .filter(Q(indicator__commune__isnull=True) | Q(indicator__commune_id__in=ids))
        .select_related("indicator", "element")
        .order_by("pk")
    )

    def table(cid: int, year: int) -> list[Line]:
        return _lines([i for i in items if i.applies_from <= year and (i.commune_id is None or i.commune_id == cid)])

    def terms(cid: int, wanted: set[str]) -> dict[str, Terms]:
        per: dict[tuple[int | None, str], tuple[list, list]] = {}
        for t in terms_rows:
            if t.indicator.code in wanted and t.indicator.commune_id in (None, cid):
                num, den = per.setdefault((t.indicator.commune_id, t.indicator.code), ([], []))
                (num if t.role == TermRole.NUMERATOR else den).append(t.element)
        found: dict[str, Terms] = {}
        for (_owner, code), (num, den) in sorted(per.items(), key=lambda kv: kv[0][0] is not None):
            found[code] = Terms(tuple(e.code for e in num), tuple(e.code for e in den), num[0].name if num else "")
        return found

    def codes_of(cid: int, year: int) -> tuple[list[Line], dict[str, Terms], set[str]]:
        lines = table(cid, year)
        found = terms(cid, {line.indicator_code for line in lines if line.indicator_code})
        return lines, found, element_codes(found)

    # the latest month with figures of each commune (codes of this year's tables, as latest_month):
    # the latest period of its campaigns holding a counted figure, probed through the period index
    union = set().union(*(codes_of(cid, year_now)[2] for cid in ids))
    counted = DataValue.objects.filter(period=models.OuterRef("pk"), counted=True, element__code__in=union)
    ends: dict[int, date] = dict(
        Period.objects.filter(models.Exists(counted), campaign__commune_id__in=ids)
        .values("campaign__commune_id")
        .annotate(last=models.Max("end"))
        .values_list("campaign__commune_id", "last")
    )
    windows = {cid: (date(e.year, 1, 1), month_end(e.year, e.month)) for cid, e in ends.items()}
    out: dict[int, Estimate | None] = {cid: None for cid in ids}
    if not windows:
        return out
    setup = {cid: codes_of(cid, windows[cid][0].year) for cid in windows}
    figures = _window_figures(windows, set().union(*(s[2] for s in setup.values())))
    for cid, (start, end) in windows.items():
        lines, found, codes = setup[cid]
        got = {code: v for code, v in figures.get(cid, {}).items() if code in codes}
        out[cid] = estimate(lines, found, got, start=start, end=end)
    return out


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(Decimal("0.0001"))  # SQLite sums a decimal column as a float


def _date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _window_figures(windows: dict[int, tuple[date, date]], codes: set[str]) -> dict[int, dict[str, Decimal]]:
    """{commune id: {element code: value over its window}} in one statement (see ``communes_ytd``)."""
    q = connection.ops.quote_name
    # a figure's commune is its campaign's (a unit takes part in the campaigns of its own commune):
    # the periods of the window are found first, their values through the period index
    dv, camp, el, per = (
        DataValue._meta.db_table,
        DataValue._meta.get_field("campaign").related_model._meta.db_table,
        DataElement._meta.db_table,
        Period._meta.db_table,
    )
    marks = ", ".join(["(%s, %s, %s)"] * len(windows))
    code_marks = ", ".join(["%s"] * len(codes))
    sql = f"""
    WITH w (commune_id, ws, we) AS (VALUES {marks}),
    d AS (
        SELECT w.commune_id AS commune_id, v.unit_id AS unit_id, e.code AS code, e.aggregation AS agg,
               v.field_id AS field_id, p.start AS ps, p.{q("end")} AS pe, v.value AS value,
               ROW_NUMBER() OVER (
                   PARTITION BY v.unit_id, e.code, v.field_id, p.start, p.{q("end")} ORDER BY v.campaign_id DESC
               ) AS rn
        FROM {per} p
        JOIN {camp} k ON k.id = p.campaign_id
        JOIN w ON w.commune_id = k.commune_id AND p.{q("end")} >= w.ws AND p.{q("end")} <= w.we
        JOIN {dv} v ON v.period_id = p.id
        JOIN {el} e ON e.id = v.element_id
        WHERE v.counted AND e.code IN ({code_marks})
    ),
    c AS (
        SELECT commune_id, unit_id, code, MAX(agg) AS agg, ps, pe,
               CASE WHEN COUNT(*) > COUNT(field_id) THEN SUM(CASE WHEN field_id IS NULL THEN value END)
                    ELSE SUM(value) END AS value
        FROM d WHERE rn = 1 GROUP BY commune_id, unit_id, code, ps, pe
    ),
    s AS (
        SELECT c.*, ROW_NUMBER() OVER (PARTITION BY unit_id, code ORDER BY pe DESC, ps DESC) AS latest FROM c
    )
    SELECT commune_id, code, agg, ps, pe, SUM(value) FROM s
    WHERE agg <> %s OR latest = 1
    GROUP BY commune_id, code, agg, ps, pe
    """
    params: list = []
    for cid, (start, end) in windows.items():
        params += [cid, start, end]
    params += sorted(codes)
    params.append(Aggregation.LAST.value)
    out: dict[int, dict[str, Decimal]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for cid, code, agg, ps, pe, value in rows:
        start, end = windows[cid]
        if agg != Aggregation.LAST and _date(pe) - _date(ps) > end - start:
            continue  # a flow of a period longer than the window does not land in it
        out[cid][code] = out[cid].get(code, Decimal(0)) + _decimal(value)
    return out


# ------------------------------------------------------------------ the centre adjusts a threshold


class ThresholdError(ValueError):
    pass


def qd766_threshold_set(*, commune: Commune, code: str, year: int, threshold: Decimal, user) -> Qd766Item:
    """Set ``code``'s threshold for ``commune`` from ``year`` on (a row of the commune's own for
    that year, created from the line in force if needed) and log who, when, old → new.
    A threshold must be > 0 and ≤ 100; nothing is saved otherwise."""
    if threshold is None or threshold <= 0 or threshold > 100:
        raise ThresholdError("Ngưỡng phải lớn hơn 0 và không quá 100%.")
    line = next((ln for ln in table_for(commune=commune, year=year) if ln.code == code), None)
    if line is None:
        raise ThresholdError(f"Không có chỉ số «{code}» trong bảng điểm năm {year}.")
    with transaction.atomic():
        current = Qd766Item.objects.select_for_update().get(pk=line.item_id)
        old = current.threshold
        if old == threshold:
            return current
        if current.commune_id == commune.pk and current.applies_from == year:
            row = current
            row.threshold = threshold
            row.save(update_fields=["threshold"])
        else:
            row = Qd766Item.objects.create(
                group_id=current.group_id,
                commune=commune,
                code=current.code,
                name=current.name,
                indicator_code=current.indicator_code,
                direction=current.direction,
                threshold=threshold,
                max_points=current.max_points,
                applies_from=year,
                source=current.source,
                note=current.note,
                order=current.order,
            )
        Qd766ThresholdChange.objects.create(
            commune=commune,
            code=code,
            year=year,
            old_threshold=old,
            new_threshold=threshold,
            changed_by=user,
            changed_at=timezone.now(),
        )
    return row
