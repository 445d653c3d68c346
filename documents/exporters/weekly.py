"""Báo cáo tuần: one period's indicators against their targets, the units' reporting, overdue
tasks and the units' narratives."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.selectors import report_day, report_instant, tasks_with_overdue
from indicators import selectors
from indicators.models import AttainmentStatus
from reporting.selectors import completeness, missing_and_late, narratives
from reporting.services import NARRATIVE_SECTIONS

from .common import (
    INDICATOR_COLUMNS_WEEK,
    campaign_ref,
    change_cell,
    closing_sentence,
    commune_rows,
    period_resolve,
    rate_cell,
    recipients,
    results_of,
    target_cell,
    written_sections,
)
from .document import Column, Document, Table, fmt_date, fmt_ratio
from .interface import BaseExporter, ExportError, ExportParams, register
from .task_list import task_groups

NO_DATA_SENTENCE = "Kế hoạch chưa có số liệu cho kỳ này (chưa có báo cáo nào của đơn vị được nộp)."


def indicator_table(*, campaign: Campaign, period, title: str) -> Table:
    """TT · Chỉ tiêu · this period · target · status · change · cumulative · its status."""
    rows = commune_rows(campaign=campaign, period=period, cumulative=False)
    cumulative = {a.indicator_id: a for a in commune_rows(campaign=campaign, period=period, cumulative=True)}
    out = []
    for i, att in enumerate(rows, start=1):
        ind = att.indicator
        cum = cumulative.get(ind.pk)
        out.append(
            [
                i,
                ind.name,
                rate_cell(att),
                target_cell(ind, att),
                att.display_status,
                change_cell(ind, att.change),
                rate_cell(cum),
                cum.display_status if cum else AttainmentStatus.KHONG_CO_SO_LIEU,
            ]
        )
    return Table(title=title, columns=INDICATOR_COLUMNS_WEEK, rows=out, sheet="Chỉ tiêu", empty_text=NO_DATA_SENTENCE)


def reporting_blocks(doc: Document, *, campaign: Campaign, period) -> None:
    # as of the document's date (or the period's reporting end), never the regeneration's clock
    now = report_instant(end=period.end, deadline=period.deadline, issued_on=doc.issued_on, now=timezone.now())
    c = completeness(campaign=campaign, period=period, now=now).total
    if c.expected == 0:
        doc.para("Kỳ này không có đơn vị nào phải báo cáo.")
    else:
        doc.para(
            f"Số đơn vị phải báo cáo: {c.expected}; đã nộp: {fmt_ratio(c.received, c.expected, c.received_rate)}, "
            f"trong đó đúng hạn {c.on_time}, nộp muộn {c.late}; chưa nộp: {c.missing + c.pending}. "
            f"Tỷ lệ nộp đúng hạn: {fmt_ratio(c.on_time, c.decided, c.on_time_rate)}."
        )
    lags = missing_and_late(campaign=campaign, period=period, now=now)
    labels = {"missing": "Chưa nộp (quá hạn)", "late": "Nộp muộn", "pending": "Chưa nộp (chưa đến hạn)"}
    doc.table(
        Table(
            title="Đơn vị chưa nộp hoặc nộp muộn",
            columns=[Column("TT", "int", width=6), Column("Đơn vị", width=40), Column("Tình trạng", width=24)],
            rows=[[i, lag.unit.name, labels.get(lag.state, lag.state)] for i, lag in enumerate(lags, start=1)],
            sheet="Đơn vị chưa nộp",
            empty_text="Tất cả đơn vị đã nộp báo cáo đúng hạn.",
        )
    )


def overdue_tasks_table(*, campaign: Campaign, period) -> Table:
    """One row per overdue task, the units that are late on it listed (a task given to twelve
    villages is one row, not twelve); overdue as of the period's last day (today while it runs),
    so a past week's report regenerated later lists the same tasks."""
    now = timezone.now()
    as_of = report_day(end=period.end, now=now)
    groups = task_groups(t for t in tasks_with_overdue(campaign, now, as_of=as_of) if t.is_overdue)
    return Table(
        title="Nhiệm vụ quá hạn",
        columns=[
            Column("TT", "int", width=6),
            Column("Nhiệm vụ", width=50),
            Column("Cơ quan chủ trì", width=24),
            Column("Thời hạn", "date", width=14),
        ],
        rows=[[i, g.first.content, g.lead_units, g.deadline] for i, g in enumerate(groups, 1)],
        sheet="Nhiệm vụ quá hạn",
        empty_text="Không có nhiệm vụ quá hạn.",
    )


NARRATIVE_PARTS = NARRATIVE_SECTIONS  # the unit report's own sections (reporting.services)


def narrative_blocks(doc: Document, *, campaign: Campaign, period, number: str) -> None:
    reports = list(narratives(campaign=campaign, period=period))
    for j, (attr, label) in enumerate(NARRATIVE_PARTS, start=1):
        doc.subheading(f"{number}.{j}. {label}")
        items = [f"{r.unit.name}: {getattr(r, attr).strip()}" for r in reports if getattr(r, attr, "").strip()]
        if items:
            doc.bullets(items)
        else:
            doc.para("Không có ý kiến.")


def period_name(period) -> str:
    """ "tuần 7" from the label "Tuần 7 (11/12–15/12/2025)": the dates are printed once, after it."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", period.label).strip() or period.label
    return name[:1].lower() + name[1:]


def period_choices(campaign: Campaign) -> list[tuple[str, str]]:
    """The campaign's reporting periods, newest first, after "the latest period that has ended"."""
    periods = campaign.periods.exclude(cadence="survey").order_by("-start")
    return [("", "Kỳ gần nhất đã kết thúc")] + [
        (p.start.isoformat(), p.label if "(" in p.label else f"{p.label} ({p.start:%d/%m/%Y} – {p.end:%d/%m/%Y})")
        for p in periods
    ]


@register
class WeeklyExporter(BaseExporter):
    identifier = "weekly"
    verbose_name = "Báo cáo tuần"
    description = (
        "Một kỳ báo cáo: chỉ tiêu so với chỉ tiêu giao, tình hình nộp báo cáo, nhiệm vụ quá hạn, ý kiến đơn vị."
    )
    template_name = "documents/pdf/weekly.html"

    def parameter_fields(self, campaign: Campaign) -> dict[str, forms.Field]:
        return {"period": forms.ChoiceField(label="Kỳ báo cáo", required=False, choices=period_choices(campaign))}

    def params_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return {**super().params_from_form(data), "period": data.get("period") or None}

    def validate(self, params: ExportParams, campaign) -> None:
        if params.quarter is not None:
            raise ExportError("Báo cáo tuần chọn theo kỳ báo cáo (--period), không theo quý.")
        period_resolve(campaign, params.period_start)

    def period(self, params: ExportParams, campaign):
        period = period_resolve(campaign, params.period_start)
        if period is None:
            period = selectors.latest_closed_period(campaign)
        if period is None:
            period = campaign.periods.exclude(cadence="survey").order_by("start").first()
        if period is None:
            raise ExportError(f"Kế hoạch {campaign.code} chưa có kỳ báo cáo nào.")
        return period

    def build(self, params: ExportParams, *, progress=None) -> Document:
        campaign = Campaign.objects.select_related("commune", "commune__province").get(pk=params.campaign_id)
        period = self.period(params, campaign)
        doc = Document(
            kind=self.identifier,
            title="BÁO CÁO",
            subtitle=(
                f"{results_of(campaign)}, {period_name(period)} "
                f"(từ ngày {fmt_date(period.start)} đến ngày {fmt_date(period.end)})"
            ),
            commune=campaign.commune,
            campaign=campaign,
            number=params.number,
            issued_on=params.issued_on,
            recipients=recipients(campaign.commune),
            filename_stem=f"bao-cao-tuan-{campaign.code}-{period.start:%Y%m%d}",
        )
        doc.para(
            f"Thực hiện {campaign_ref(campaign)}, UBND xã {campaign.commune.name} báo cáo kết quả thực hiện "
            f"từ ngày {fmt_date(period.start)} đến ngày {fmt_date(period.end)} như sau:"
        )
        doc.heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
        table = indicator_table(campaign=campaign, period=period, title="Kết quả các chỉ tiêu trong kỳ")
        if not any(row[2].value is not None for row in table.rows):
            doc.para(NO_DATA_SENTENCE)
        doc.table(table)
        if progress:
            progress(30)
        doc.heading("II. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ")
        reporting_blocks(doc, campaign=campaign, period=period)
        doc.heading("III. NHIỆM VỤ QUÁ HẠN")
        doc.table(overdue_tasks_table(campaign=campaign, period=period))
        doc.heading("IV. Ý KIẾN CỦA CÁC ĐƠN VỊ")
        narrative_blocks(doc, campaign=campaign, period=period, number="4")
        written_sections(doc, campaign=campaign, params=params, heading="V. ĐÁNH GIÁ CHUNG VÀ NHIỆM VỤ KỲ TỚI")
        doc.closing = closing_sentence(
            campaign.commune,
            f"báo cáo kết quả thực hiện {period_name(period)} (từ ngày {fmt_date(period.start)} "
            f"đến ngày {fmt_date(period.end)})",
        )
        return doc
