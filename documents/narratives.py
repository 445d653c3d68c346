"""The written sections of a draft, prefilled with sentences from the engine's figures (issue
#16): what was achieved with its counts, what is off target and by how much, what is overdue,
each fact once, as a commune office writes it. Reads only: the figures are the engine's stored
rows (``indicators.windows``, the ``gap`` it stored), never recomputed here."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from campaigns.models import Campaign
from campaigns.selectors import report_day, tasks_with_overdue
from indicators.selectors import MET
from indicators.windows import window_attainments

from .exporters.common import COMPARATOR_SIGNS, campaign_ref, in_catalogue_order, value_cell
from .exporters.document import Column, fmt_cell, fmt_number, fmt_ratio
from .exporters.interface import NARRATIVE_SECTIONS, Quarter
from .exporters.quarterly import campaigns_in_quarter, default_quarter, narratives_default
from .exporters.task_list import task_groups

OVERDUE_LISTED = 5  # overdue tasks named one by one; the rest counted


def _figure(att) -> str:
    """ "1.150/1.250 (92,00%)" for a rate, "17" for a count."""
    ind = att.indicator
    if ind.kind in ("ratio", "village_share") and att.numerator is not None and att.denominator is not None:
        return fmt_ratio(att.numerator, att.denominator, att.value, ind.decimals).replace(" · ", ", đạt ")
    return fmt_cell(Column(""), value_cell(ind, att.value))


def _target(att) -> str:
    sign = COMPARATOR_SIGNS.get(att.comparator or ">=", "")
    return sign + fmt_cell(Column(""), value_cell(att.indicator, Decimal(att.target)))


def _gap(att) -> str:
    """How far from the target, in the engine's own stored gap (value − target)."""
    unit = " điểm phần trăm" if att.indicator.kind in ("ratio", "village_share") else ""
    amount = fmt_number(abs(att.gap), att.indicator.decimals).rstrip("0").rstrip(",") or "0"
    word = "cao hơn mức cho phép" if (att.comparator or ">=").startswith("<") else "thấp hơn chỉ tiêu"
    return f"{word} {amount}{unit}"


def quarterly_sections(*, campaign: Campaign, quarter: Quarter | None) -> dict[str, str]:
    """The five sections of the quarterly report, prefilled."""
    quarter = quarter or default_quarter(campaign)
    achieved, short, plans = [], [], []
    for c in campaigns_in_quarter(campaign, quarter):
        prev = quarter.previous
        rows = in_catalogue_order(
            window_attainments(
                campaign=c, start=quarter.start, end=quarter.end, previous=(prev.start, prev.end)
            ).rows.values()
        )
        with_data = [a for a in rows if a.value is not None]
        if not with_data:
            continue
        targeted = [a for a in with_data if a.target is not None]
        met = [a for a in targeted if a.status in MET]
        facts = "; ".join(f"{a.indicator.name} {_figure(a)}" for a in with_data)
        achieved.append(
            f"- Thực hiện {campaign_ref(c)}: đạt {len(met)}/{len(targeted)} chỉ tiêu được giao. "
            f"Kết quả {quarter.label}: {facts}."
        )
        for a in targeted:
            if a.status not in MET and a.gap is not None:
                short.append(f"- {a.indicator.name} mới đạt {_figure(a)}, {_gap(a)} ({_target(a)}).")
                plans.append(f"- Tập trung đưa {a.indicator.name[:1].lower()}{a.indicator.name[1:]} đạt {_target(a)}.")
    # overdue as of the quarter's last day (today while it runs), not the clock of regeneration
    as_of = report_day(end=quarter.end, now=timezone.now())
    overdue = task_groups(t for t in tasks_with_overdue(campaign, timezone.now(), as_of=as_of) if t.is_overdue)
    if overdue:
        named = "; ".join(f"{g.first.content.rstrip('.')} ({g.lead_units})" for g in overdue[:OVERDUE_LISTED])
        more = f" và {len(overdue) - OVERDUE_LISTED} nhiệm vụ khác" if len(overdue) > OVERDUE_LISTED else ""
        short.append(f"- Còn {len(overdue)} nhiệm vụ quá hạn chưa hoàn thành: {named}{more}.")
        plans.append(f"- Hoàn thành dứt điểm {len(overdue)} nhiệm vụ quá hạn.")
    units = narratives_default(campaign=campaign, quarter=quarter)  # the units' own words, deduplicated
    sections = {
        "ket_qua": "\n".join(achieved),
        "ton_tai": "\n".join(short),
        "nguyen_nhan": units.get("ton_tai", ""),
        "phuong_huong": "\n".join(plans),
        "kien_nghi": units.get("kien_nghi", ""),
    }
    return {key: sections.get(key, "") for key, _ in NARRATIVE_SECTIONS}


def sections_for(*, kind: str, campaign: Campaign, quarter: Quarter | None) -> dict[str, str]:
    """The written sections a document of ``kind`` takes, prefilled (only the quarterly report
    has sections of its own today)."""
    if kind == "quarterly":
        return quarterly_sections(campaign=campaign, quarter=quarter)
    return {}
