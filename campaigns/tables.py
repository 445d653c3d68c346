"""django-tables2 tables of the campaign pages."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .models import Campaign


class CampaignTable(tables.Table):
    code = tables.Column(verbose_name="Mã", linkify=("indicators:campaign_detail", {"pk": tables.A("pk")}))
    title = tables.Column(verbose_name="Tên kế hoạch")
    commune = tables.Column(verbose_name="Xã", accessor="commune__name")
    number = tables.Column(verbose_name="Số")
    start = tables.DateColumn(verbose_name="Từ ngày", format="d/m/Y")
    end = tables.DateColumn(verbose_name="Đến ngày", format="d/m/Y")
    status = tables.Column(verbose_name="Trạng thái")

    class Meta:
        model = Campaign
        fields = ("code", "title", "commune", "number", "start", "end", "status")
        empty_text = "Chưa có kế hoạch nào."
        orderable = False

    def render_status(self, record: Campaign) -> str:
        css = {"active": "submitted", "closed": "approved", "draft": "draft"}[record.status]
        return format_html('<span class="status status-{}">{}</span>', css, record.get_status_display())


class TaskTable(tables.Table):
    order = tables.Column(verbose_name="TT", empty_values=())
    content = tables.Column(verbose_name="Nhiệm vụ", empty_values=())
    lead_unit = tables.Column(verbose_name="Chủ trì", accessor="lead_unit__name")
    coordinating = tables.Column(verbose_name="Phối hợp", empty_values=(), orderable=False)
    start = tables.DateColumn(verbose_name="Bắt đầu", format="d/m/Y")
    deadline = tables.Column(verbose_name="Thời hạn", empty_values=())
    status = tables.Column(verbose_name="Trạng thái", empty_values=())
    action = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        empty_text = "Chưa có nhiệm vụ nào."
        orderable = False
        row_attrs = {"class": lambda record: "row-overdue" if record.is_overdue else ""}

    def render_content(self, record) -> str:
        group = format_html('<div class="hint">{}</div>', record.group) if record.group else ""
        output = (
            format_html('<div class="hint">Kết quả: {}</div>', record.expected_output) if record.expected_output else ""
        )
        return format_html("{}{}{}", group, record.content, output)

    def render_coordinating(self, record) -> str:
        units = list(record.coordinating_units.all())
        return format_html_join(", ", "{}", ((u.name,) for u in units)) if units else "—"

    def render_deadline(self, record) -> str:
        text = record.deadline_text or (record.due_date and record.due_date.strftime("%d/%m/%Y")) or "—"
        if record.report_rhythm:
            return format_html("{}<div class='hint'>Báo cáo: {}</div>", text, record.report_rhythm)
        return text

    def render_status(self, record) -> str:
        done = f" ({record.completed_on:%d/%m/%Y})" if record.completed_on else ""
        return format_html(
            '<span class="status status-{}">{}</span>{}', record.status_class, record.display_status, done
        )

    def render_action(self, record) -> str:
        if not getattr(record, "can_update", False):
            return ""
        url = reverse("campaigns:task_edit", kwargs={"pk": record.pk})
        return format_html('<a class="btn small" href="{}">Cập nhật</a>', url)
