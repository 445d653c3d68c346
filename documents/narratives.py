"""The written sections of a draft, prefilled with sentences from the engine's figures (issue
#16): what was achieved with its counts, what is off target and by how much, who is late, what
is overdue — each fact once, as a commune office writes it. Reads only: the figures are the
engine's stored rows (``indicators.windows``, ``indicators.selectors``, the ``gap`` it stored),
never recomputed here. Every document kind with written sections (``sections_of``) has its
generator; the sections it cannot write from figures (the units' own causes and proposals)
come from the units' narratives, or stay empty for the office to write (issuing refuses an
empty section)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from campaigns.models import Campaign
from campaigns.selectors import report_day, tasks_with_overdue
from indicators.selectors import MET
from indicators.windows import window_attainments
from reporting.selectors import completeness, missing_and_late

from .exporters.common import COMPARATOR_SIGNS, campaign_ref, commune_rows, in_catalogue_order, value_cell
from .exporters.document import Column, fmt_cell, fmt_date, fmt_number, fmt_ratio
from .exporters.interface import ExportParams, Quarter, sections_of
from .exporters.push_final import final_period
from .exporters.quarterly import campaigns_in_quarter, default_quarter, narratives_default
from .exporters.task_list import task_groups
from .exporters.weekly import WeeklyExporter, period_name

OVERDUE_LISTED = 5  # overdue tasks named one by one; the rest counted
LATE_LISTED = 5  # units named one by one


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _figure(att) -> str:
    """ "1.150/1.250 hồ sơ, đạt 92,00%" for a rate, "17" for a count."""
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


def _late_words(c) -> str:
    """ "2 kỳ nộp muộn, 1 kỳ chưa nộp" (a zero part left out)."""
    return ", ".join(
        text for n, text in ((c.late, f"{c.late} kỳ nộp muộn"), (c.missing, f"{c.missing} kỳ chưa nộp")) if n
    )


@dataclass
class Facts:
    """The sentences of one document, each fact in one place."""

    achieved: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)

    def indicators(self, rows, *, lead: str, when: str) -> None:
        """Met ones (and those without a target) under the results; missed ones under the
        shortcomings with the gap; the plan names the target to reach, not the figure again."""
        with_data = [a for a in rows if a.value is not None]
        if not with_data:
            self.achieved.append(f"- {lead}: chưa có số liệu {when}.")
            return
        targeted = [a for a in with_data if a.target is not None]
        met = [a for a in targeted if a.status in MET]
        shown = [a for a in with_data if a.target is None or a.status in MET]
        figures = "; ".join(f"{_lower_first(a.indicator.name)} {_figure(a)}" for a in shown)
        count = f"đạt {len(met)}/{len(targeted)} chỉ tiêu được giao" if targeted else "chưa có chỉ tiêu được giao"
        self.achieved.append(f"- {lead}: {count}" + (f"; {when}: {figures}." if figures else "."))
        for a in targeted:
            if a.status not in MET and a.gap is not None:
                self.short.append(f"- {a.indicator.name}: {_figure(a)}, {_gap(a)} (chỉ tiêu {_target(a)}).")
                self.plans.append(f"- Tập trung đưa {_lower_first(a.indicator.name)} đạt {_target(a)}.")

    def overdue(self, campaign: Campaign, *, as_of=None, listed_in: str = "") -> None:
        """The overdue tasks, named (or only counted when a table of the document lists them)."""
        now = timezone.now()
        groups = task_groups(t for t in tasks_with_overdue(campaign, now, as_of=as_of) if t.is_overdue)
        if not groups:
            return
        if listed_in:
            self.short.append(f"- Còn {len(groups)} nhiệm vụ quá hạn chưa hoàn thành (chi tiết tại {listed_in}).")
            self.plans.append(f"- Hoàn thành dứt điểm {len(groups)} nhiệm vụ quá hạn.")
            return
        named = "; ".join(f"{g.first.content.rstrip('.')} ({g.lead_units})" for g in groups[:OVERDUE_LISTED])
        more = f" và {len(groups) - OVERDUE_LISTED} nhiệm vụ khác" if len(groups) > OVERDUE_LISTED else ""
        self.short.append(f"- Còn {len(groups)} nhiệm vụ quá hạn chưa hoàn thành: {named}{more}.")
        self.plans.append(f"- Hoàn thành dứt điểm {len(groups)} nhiệm vụ quá hạn.")

    def late_in(self, campaign: Campaign, period, *, listed_in: str = "") -> None:
        """Who is late in one period (the weekly report: its table names them, so counted)."""
        lags = [lag for lag in missing_and_late(campaign=campaign, period=period) if lag.state != "pending"]
        if not lags:
            return
        if listed_in:
            self.causes.append(f"- {len(lags)} đơn vị chưa báo cáo đúng hạn (chi tiết tại {listed_in}).")
            self.plans.append("- Các đơn vị nộp báo cáo đúng hạn theo quy định.")
            return
        words = {"missing": "chưa nộp", "late": "nộp muộn"}
        named = ", ".join(f"{lag.unit.name} ({words[lag.state]})" for lag in lags[:LATE_LISTED])
        more = f" và {len(lags) - LATE_LISTED} đơn vị khác" if len(lags) > LATE_LISTED else ""
        self.causes.append(f"- {len(lags)} đơn vị chưa báo cáo đúng hạn: {named}{more}.")
        self.plans.append("- Các đơn vị nộp báo cáo đúng hạn theo quy định.")

    def late_so_far(self, campaign: Campaign) -> None:
        """Who was late over the campaign up to today (quarterly, push_final)."""
        report = completeness(campaign=campaign, now=timezone.now())
        late = [
            (u, report.by_unit[u.pk]) for u in report.units if report.by_unit[u.pk].late + report.by_unit[u.pk].missing
        ]
        if not late:
            return
        named = ", ".join(f"{u.name} ({_late_words(c)})" for u, c in late[:LATE_LISTED])
        more = f" và {len(late) - LATE_LISTED} đơn vị khác" if len(late) > LATE_LISTED else ""
        self.causes.append(
            f"- Tính đến ngày {fmt_date(timezone.localdate())}, {len(late)} đơn vị chưa báo cáo đúng hạn: {named}{more}."
        )

    def joined(self, part: list[str], *, otherwise: str = "") -> str:
        return "\n".join(part) or otherwise


NO_SHORTCOMING = "- Các chỉ tiêu được giao đều đạt; không có nhiệm vụ quá hạn."


def quarterly_sections(*, campaign: Campaign, quarter: Quarter | None) -> dict[str, str]:
    """The five sections of the quarterly report, prefilled."""
    quarter = quarter or default_quarter(campaign)
    facts = Facts()
    for c in campaigns_in_quarter(campaign, quarter):
        prev = quarter.previous
        rows = in_catalogue_order(
            window_attainments(
                campaign=c, start=quarter.start, end=quarter.end, previous=(prev.start, prev.end)
            ).rows.values()
        )
        facts.indicators(rows, lead=f"Thực hiện {campaign_ref(c)}", when=f"kết quả {quarter.label}")
    # overdue as of the quarter's last day (today while it runs), not the clock of regeneration
    facts.overdue(campaign, as_of=report_day(end=quarter.end, now=timezone.now()))
    facts.late_so_far(campaign)
    units = narratives_default(campaign=campaign, quarter=quarter)  # the units' own words, deduplicated
    return {
        "ket_qua": "\n".join(p for p in (facts.joined(facts.achieved), units.get("ket_qua", "")) if p),
        "ton_tai": facts.joined(facts.short, otherwise=NO_SHORTCOMING),
        "nguyen_nhan": "\n".join(p for p in (facts.joined(facts.causes), units.get("ton_tai", "")) if p),
        "phuong_huong": facts.joined(facts.plans, otherwise="- Duy trì kết quả đạt được trong quý tới."),
        "kien_nghi": units.get("kien_nghi", ""),
    }


def weekly_sections(*, campaign: Campaign, params: ExportParams) -> dict[str, str]:
    """Kết quả, tồn tại (with who is late in the period), nhiệm vụ kỳ tới."""
    period = WeeklyExporter().period(params, campaign)
    facts = Facts()
    rows = commune_rows(campaign=campaign, period=period, cumulative=False)
    facts.indicators(rows, lead=f"Thực hiện {campaign_ref(campaign)}", when=period_name(period))
    facts.overdue(campaign, as_of=report_day(end=period.end, now=timezone.now()), listed_in="mục III")
    facts.late_in(campaign, period, listed_in="mục II")
    return {
        "ket_qua": facts.joined(facts.achieved),
        "ton_tai": facts.joined(facts.short + facts.causes, otherwise=NO_SHORTCOMING),
        "phuong_huong": facts.joined(facts.plans, otherwise="- Duy trì kết quả đạt được trong kỳ tới."),
    }


def push_final_sections(*, campaign: Campaign) -> dict[str, str]:
    """The whole push, cumulative to its last period."""
    upto = final_period(campaign)
    facts = Facts()
    rows = commune_rows(campaign=campaign, period=upto, cumulative=True) if upto else []
    facts.indicators(rows, lead=f"Thực hiện {campaign_ref(campaign)}", when="lũy kế cả đợt")
    facts.overdue(campaign, as_of=report_day(end=campaign.end, now=timezone.now()), listed_in="mục V")
    facts.late_so_far(campaign)
    return {
        "ket_qua": facts.joined(facts.achieved),
        "ton_tai": facts.joined(facts.short, otherwise=NO_SHORTCOMING),
        "nguyen_nhan": facts.joined(facts.causes),
        "phuong_huong": facts.joined(facts.plans, otherwise="- Duy trì kết quả đạt được sau đợt cao điểm."),
        "kien_nghi": "",
    }


def sections_for(*, kind: str, campaign: Campaign, params: ExportParams) -> dict[str, str]:
    """The written sections a document of ``kind`` takes (``sections_of``), prefilled."""
    if kind == "quarterly":
        sections = quarterly_sections(campaign=campaign, quarter=params.quarter)
    elif kind == "weekly":
        sections = weekly_sections(campaign=campaign, params=params)
    elif kind == "push_final":
        sections = push_final_sections(campaign=campaign)
    else:
        sections = {}
    return {key: sections.get(key, "") for key, _ in sections_of(kind)}
