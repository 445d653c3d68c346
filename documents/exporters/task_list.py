"""Mẫu biểu số 01 / the appendix of tasks: status, overdue and evidence count."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from campaigns.models import Campaign
from campaigns.selectors import report_day, tasks_with_overdue

from .common import campaign_ref, recipients
from .document import Column, Document, Table, fmt_date
from .interface import BaseExporter, ExportError, ExportParams, register

COLUMNS = [
    Column("TT", "int", width=6),
    Column("Nội dung nhiệm vụ", width=48),
    Column("Cơ quan chủ trì", width=22),
    Column("Cơ quan phối hợp", width=22),
    Column("Thời gian bắt đầu", width=12),
    Column("Thời gian hoàn thành", width=14),
    Column("Kết quả thực hiện", width=28),
    Column("Minh chứng", "int", width=10),
    Column("Ghi chú", width=20),
]


def tasks_table(*, campaign: Campaign, as_of: date) -> tuple[Table, int, int, int]:
    """Every task, "quá hạn" judged as of ``as_of`` (the campaign's last day once it is over)."""
    tasks = tasks_with_overdue(campaign, timezone.now(), as_of=as_of)
    rows = []
    for i, t in enumerate(tasks, start=1):
        result = t.display_status
        if t.result:
            result = f"{result}: {t.result}"
        rows.append(
            [
                i,
                t.content,
                t.lead_unit.name,
                ", ".join(u.name for u in t.coordinating_units.all()),
                fmt_date(t.start),
                t.deadline_text or fmt_date(t.due_date) or t.get_deadline_kind_display(),
                result,
                len(t.evidence.all()),
                t.note,
            ]
        )
    done = sum(1 for t in tasks if t.is_done)
    overdue = sum(1 for t in tasks if t.is_overdue)
    table = Table(
        title="Biểu phân công thực hiện nhiệm vụ",
        columns=COLUMNS,
        rows=rows,
        sheet="Nhiệm vụ",
        empty_text="Kế hoạch chưa có nhiệm vụ nào.",
    )
    return table, len(tasks), done, overdue


@register
class TasksExporter(BaseExporter):
    identifier = "tasks"
    verbose_name = "Mẫu biểu số 01 – Biểu phân công, tiến độ nhiệm vụ"
    description = "Mẫu biểu số 01 / phụ lục nhiệm vụ: trạng thái, quá hạn, số minh chứng."
    template_name = "documents/pdf/tasks.html"
    # no parameter_fields: the table covers the whole campaign

    def validate(self, params: ExportParams, campaign) -> None:
        if params.period_start or params.quarter:
            raise ExportError("Biểu nhiệm vụ lấy toàn bộ kế hoạch; không chọn kỳ hay quý.")

    def build(self, params: ExportParams, *, progress=None) -> Document:
        campaign = Campaign.objects.select_related("commune", "commune__province").get(pk=params.campaign_id)
        today = timezone.localdate()
        as_of = report_day(end=campaign.end, now=timezone.now())
        doc = Document(
            kind=self.identifier,
            title="BIỂU PHÂN CÔNG VÀ TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ",
            subtitle=f"(Kèm theo {campaign_ref(campaign)}; tình hình đến ngày {fmt_date(as_of)})",
            commune=campaign.commune,
            campaign=campaign,
            number=params.number,
            issued_on=params.issued_on,
            recipients=recipients(campaign.commune),
            landscape=True,
            filename_stem=f"nhiem-vu-{campaign.code}-{today:%Y%m%d}",
        )
        table, total, done, overdue = tasks_table(campaign=campaign, as_of=as_of)
        doc.para(
            f"Tổng số nhiệm vụ: {total}; đã hoàn thành: {done}; quá hạn chưa hoàn thành: {overdue}; "
            f"còn lại: {total - done - overdue}."
        )
        doc.table(table)
        return doc
