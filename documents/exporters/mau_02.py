"""Mẫu biểu số 02: the survey table of a round (the same layout as the households export).

The Excel file is the households app's own ``mau02_xlsx``; the PDF prints the same
``round_table`` in the state format."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from campaigns.models import Campaign
from households.exporters import mau02_xlsx
from households.models import FIGURES
from households.selectors import round_table

from .common import closing_sentence, recipients
from .document import Column, Document, Table, fmt_date
from .interface import BaseExporter, ExportError, ExportParams, register
from .xlsx import neutralise_formulas

TITLE = "BẢNG BÁO CÁO TIẾN ĐỘ RÀ SOÁT DỊCH VỤ CÔNG, SỐ HÓA HỒ SƠ VÀ ĐỊNH DANH ĐIỆN TỬ"


def survey_round_for(campaign: Campaign, survey_round_id: int | None):
    qs = campaign.survey_rounds.select_related("period", "campaign", "campaign__commune")
    if survey_round_id:
        found = qs.filter(pk=survey_round_id).first()
        if found is None:
            raise ExportError(f"Kế hoạch {campaign.code} không có đợt rà soát số {survey_round_id}.")
        return found
    return qs.order_by("-window_start", "-id").first()


def mau02_table(survey_round, village_word: str) -> Table:
    columns = [Column(village_word, width=18)]
    columns += [Column(label, "int", width=11) for _, label, _ in FIGURES]
    columns.append(Column("Ghi chú", width=24))
    if survey_round is None:
        return Table(
            title="", columns=columns, rows=[], sheet="Mẫu 02", empty_text="Chưa có đợt rà soát, chưa có số liệu."
        )
    table = round_table(survey_round=survey_round)
    rows = []
    for item in table.rows:
        note = item.note if item.counted else item.status_label
        rows.append([item.village.name] + [item.figures[name] for name, _, _ in FIGURES] + [note])
    total = ["Tổng"] + [table.total[name] for name, _, _ in FIGURES] + [""]
    return Table(title="", columns=columns, rows=rows, total=total, sheet="Mẫu 02")


def round_choices(campaign: Campaign) -> list[tuple[str, str]]:
    """The campaign's survey rounds, newest first, after "the latest round"."""
    rounds = campaign.survey_rounds.order_by("-window_start", "-id")
    return [("", "Đợt rà soát gần nhất")] + [
        (str(r.pk), f"{r.title} ({r.window_start:%d/%m/%Y} – {r.window_end:%d/%m/%Y})") for r in rounds
    ]


@register
class Mau02Exporter(BaseExporter):
    identifier = "mau_02"
    verbose_name = "Mẫu biểu số 02 – tiến độ rà soát"
    description = "Bảng tổng hợp Mẫu biểu số 02 của đợt rà soát gần nhất."
    template_name = "documents/pdf/mau_02.html"

    def parameter_fields(self, campaign: Campaign) -> dict[str, forms.Field]:
        return {"survey_round": forms.ChoiceField(label="Đợt rà soát", required=False, choices=round_choices(campaign))}

    def params_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        chosen = data.get("survey_round") or ""
        return {**super().params_from_form(data), "survey_round_id": int(chosen) if chosen.isdigit() else None}

    def validate(self, params: ExportParams, campaign) -> None:
        if params.period_start or params.quarter:
            raise ExportError("Mẫu 02 lấy theo đợt rà soát; không chọn kỳ hay quý.")
        survey_round_for(campaign, params.survey_round_id)

    def build(self, params: ExportParams, *, progress=None) -> Document:
        campaign = Campaign.objects.select_related("commune", "commune__province").get(pk=params.campaign_id)
        commune = campaign.commune
        survey_round = survey_round_for(campaign, params.survey_round_id)
        if survey_round is not None:
            subtitle = (
                f"(Dành cho các {commune.village_word}, Tổ công nghệ số cộng đồng; rà soát từ ngày "
                f"{fmt_date(survey_round.window_start)} đến ngày {fmt_date(survey_round.window_end)})"
            )
        else:
            subtitle = f"(Dành cho các {commune.village_word}, Tổ công nghệ số cộng đồng)"
        doc = Document(
            kind=self.identifier,
            title=TITLE,
            subtitle=subtitle,
            commune=commune,
            campaign=campaign,
            number=params.number,
            issued_on=params.issued_on,
            recipients=recipients(commune),
            landscape=True,
            filename_stem=f"mau02-{campaign.code}" + (f"-{survey_round.pk}" if survey_round else ""),
            survey_round=survey_round,
        )
        table = mau02_table(survey_round, commune.village_word_title)
        if survey_round is None:
            doc.para("Kế hoạch chưa có đợt rà soát nào: chưa có số liệu.")
        doc.table(table)
        doc.closing = closing_sentence(commune, "báo cáo tiến độ rà soát theo Mẫu biểu số 02")
        return doc

    def render_xlsx(self, doc: Document, params: ExportParams) -> bytes:
        if doc.survey_round is None:
            return super().render_xlsx(doc, params)
        return neutralise_formulas(mau02_xlsx(survey_round=doc.survey_round))
