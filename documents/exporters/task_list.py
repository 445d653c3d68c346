"""Mẫu biểu số 01 / the appendix of tasks: status, overdue and evidence count.

A plan often gives one task to every village ("Xóm 1" … "Xóm 12" each get "Thực hiện việc tiếp
nhận tờ rơi …"): the appendix prints such a task once, its units listed (issue #16)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from campaigns.models import Campaign
from campaigns.selectors import report_day, tasks_with_overdue

from .common import campaign_ref, closing_sentence, recipients
from .document import Column, Document, Table, fmt_date
from .interface import BaseExporter, ExportError, ExportParams, register

COLUMNS = [
    Column("TT", "int", width=6),
    Column("Nội dung nhiệm vụ", width=44),
    Column("Cơ quan chủ trì", width=22),
    Column("Cơ quan phối hợp", width=20),
    Column("Thời gian bắt đầu", "date", width=13),
    Column("Thời gian hoàn thành", "date", width=14),
    Column("Kết quả thực hiện", width=28),
    Column("Minh chứng", "int", width=10),
    Column("Ghi chú", width=18),
]


@dataclass
class TaskGroup:
    """One task of the plan as printed: the same content, dates and deadline given to one or
    more lead units (each a Task row)."""

    tasks: list = field(default_factory=list)

    @property
    def first(self):
        return self.tasks[0]

    @property
    def lead_units(self) -> str:
        return ", ".join(dict.fromkeys(t.lead_unit.name for t in self.tasks))

    @property
    def done(self) -> bool:
        return all(t.is_done for t in self.tasks)

    @property
    def overdue(self) -> bool:
        return any(t.is_overdue for t in self.tasks)

    @property
    def deadline(self) -> str:
        t = self.first
        return t.deadline_text or fmt_date(t.due_date) or t.get_deadline_kind_display()

    def result(self) -> str:
        """One status when every unit is at the same one, else each status with its units."""
        by_status: dict[str, list[str]] = {}
        for t in self.tasks:
            by_status.setdefault(t.display_status, []).append(t.lead_unit.name)
        if len(by_status) == 1:
            text = next(iter(by_status))
        else:
            text = "; ".join(f"{status}: {', '.join(names)}" for status, names in by_status.items())
        results = list(dict.fromkeys(t.result.strip() for t in self.tasks if t.result.strip()))
        return f"{text}: {'; '.join(results)}" if results else text


def task_groups(tasks) -> list[TaskGroup]:
    """Tasks with the same group, content, start and deadline as one group, in plan order."""
    groups: dict[tuple, TaskGroup] = {}
    for t in tasks:
        key = (t.group, " ".join(t.content.split()), t.start, t.due_date, t.deadline_text, t.deadline_kind)
        groups.setdefault(key, TaskGroup()).tasks.append(t)
    return list(groups.values())


def tasks_table(*, campaign: Campaign, as_of: date) -> tuple[Table, int, int, int]:
    """The appendix, one row per task (its lead units listed), and the counts of tasks: all,
    done (at every unit), overdue (at one unit or more); "quá hạn" judged as of ``as_of`` (the
    campaign's last day once it is over)."""
    groups = task_groups(tasks_with_overdue(campaign, timezone.now(), as_of=as_of))
    rows = []
    for i, g in enumerate(groups, start=1):
        t = g.first
        rows.append(
            [
                i,
                t.content,
                g.lead_units,
                ", ".join(u.name for u in t.coordinating_units.all()),
                t.start,
                g.deadline,
                g.result(),
                sum(len(x.evidence.all()) for x in g.tasks),
                "; ".join(dict.fromkeys(x.note.strip() for x in g.tasks if x.note.strip())),
            ]
        )
    done = sum(1 for g in groups if g.done)
    overdue = sum(1 for g in groups if g.overdue and not g.done)
    table = Table(
        title="Biểu phân công thực hiện nhiệm vụ",
        columns=COLUMNS,
        rows=rows,
        sheet="Nhiệm vụ",
        empty_text="Kế hoạch chưa có nhiệm vụ nào.",
    )
    return table, len(groups), done, overdue


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
        doc.closing = closing_sentence(campaign.commune, "biểu phân công và tiến độ thực hiện nhiệm vụ")
        return doc
