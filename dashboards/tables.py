"""The dashboards' tables and filters: units ranked (django-tables2, sortable and exportable)
and the unit-kind filter (django-filter) over the engine's unit rows."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django import forms
from django.urls import reverse
from django.utils.html import format_html

from indicators.formatting import pct_text
from org.models import Unit, UnitKind

from .selectors import field_choices


def _pct_text(value) -> str:
    return pct_text(value, empty="—")


class UnitKindFilter(django_filters.FilterSet):
    """Narrows the units shown (ranking, Mẫu 02 chart, late lists) to one kind of unit."""

    loai_don_vi = django_filters.ChoiceFilter(
        field_name="kind", choices=UnitKind.choices, label="Loại đơn vị", empty_label="Tất cả đơn vị"
    )

    class Meta:
        model = Unit
        fields: list[str] = []


class DashboardFilterForm(forms.Form):
    """Period (or cumulative), field, unit kind. Choices come from the engine's periods."""

    ky = forms.TypedChoiceField(label="Kỳ báo cáo", required=False, coerce=int, empty_value=None)
    cach_tinh = forms.ChoiceField(
        label="Cách tính",
        required=False,
        choices=[("luy_ke", "Lũy kế từ đầu kế hoạch"), ("trong_ky", "Riêng kỳ này")],
    )
    linh_vuc = forms.ChoiceField(label="Lĩnh vực", required=False)
    loai_don_vi = forms.ChoiceField(label="Loại đơn vị", required=False)

    def __init__(self, *args, periods=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ky"].choices = [("", "Kỳ mới nhất đã kết thúc")] + [(p.pk, p.label) for p in periods]
        self.fields["linh_vuc"].choices = [("", "Tất cả lĩnh vực (toàn xã)")] + field_choices()
        self.fields["loai_don_vi"].choices = [("", "Tất cả đơn vị")] + list(UnitKind.choices)


class RankingTable(tables.Table):
    """Units ranked by attainment, with their report completeness and timeliness."""

    rank = tables.Column("Hạng", attrs={"td": {"class": "num"}, "th": {"class": "num"}}, order_by=("rank",))
    unit = tables.Column("Đơn vị", accessor="unit__name", order_by=("unit__order", "unit__code"))
    kind = tables.Column("Loại", accessor="kind_label")
    met = tables.Column("Chỉ tiêu đạt", empty_values=(), order_by=("met",), attrs={"td": {"class": "num"}})
    score = tables.Column("Tỷ lệ chỉ tiêu đạt", empty_values=(), attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    received_rate = tables.Column("Báo cáo đã nộp", attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    on_time_rate = tables.Column("Nộp đúng hạn", attrs={"td": {"class": "num"}, "th": {"class": "num"}})

    class Meta:
        attrs = {"class": "table ranking", "id": "ranking"}
        order_by = ("rank",)
        template_name = "django_tables2/table.html"
        orderable = True
        empty_text = "Chưa có kết quả của các đơn vị trong kỳ này."

    def __init__(self, data, *args, campaign_pk: int | None = None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.campaign_pk = campaign_pk

    def render_unit(self, record, value) -> str:
        """A unit row opens the unit's page (issue 15, drill-down); the export keeps the plain name."""
        if self.campaign_pk is None:
            return value
        return format_html(
            '<a href="{}">{}</a>', reverse("dashboards:unit_view", args=[self.campaign_pk, record.unit.pk]), value
        )

    def value_unit(self, value) -> str:
        return value

    def render_rank(self, value) -> str:
        return str(value) if value is not None else "—"

    def value_rank(self, value) -> str:
        return "" if value is None else str(value)

    def render_met(self, record) -> str:
        if record.by_reports:
            return "—"
        # ``met`` already counts đạt mức tối thiểu (the engine's MET); the note says how many
        return format_html(
            "{} / {}<span class='muted'>{}</span>",
            record.met,
            record.with_data,
            f" (tối thiểu: {record.floor_met})" if record.floor_met else "",
        )

    def value_met(self, record) -> str:
        return f"{record.met}/{record.with_data}"

    def render_score(self, value, record) -> str:
        if record.by_reports:
            return "Không có chỉ tiêu áp dụng cho đơn vị (xếp theo nộp báo cáo)"
        return _pct_text(value)

    def render_received_rate(self, value) -> str:
        return _pct_text(value)

    def render_on_time_rate(self, value) -> str:
        return _pct_text(value)

    def value_score(self, value) -> str:
        return "" if value is None else str(value)

    def value_received_rate(self, value) -> str:
        return "" if value is None else str(value)

    def value_on_time_rate(self, value) -> str:
        return "" if value is None else str(value)
