"""Mẫu biểu số 02: the survey table of a round (the same layout as the households export).

The Excel file is the households app's own ``mau02_xlsx``; the PDF prints the same
``round_table`` in the state format."""

from __future__ import annotations

from campaigns.models import Campaign

from .base import BaseExporter, Column, Document, ExportError, ExportParams, Table, fmt_date, register
from .common import recipients

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
    from households.models import FIGURES
    from households.selectors import round_table

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


@register
class Mau02Exporter(BaseExporter):
    identifier = "mau_02"
    verbose_name = "Mẫu biểu số 02 – tiến độ rà soát"
    template_name = "documents/pdf/mau_02.html"

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
        )
        doc.survey_round = survey_round
        table = mau02_table(survey_round, commune.village_word_title)
        if survey_round is None:
            doc.para("Kế hoạch chưa có đợt rà soát nào: chưa có số liệu.")
        doc.table(table)
        return doc

    def render_xlsx(self, doc: Document, params: ExportParams) -> bytes:
        survey_round = getattr(doc, "survey_round", None)
        if survey_round is None:
            return super().render_xlsx(doc, params)
        from households.exporters import mau02_xlsx

        return neutralise_formulas(mau02_xlsx(survey_round=survey_round))


def neutralise_formulas(content: bytes) -> bytes:
    """The households writer stores a note as typed; one beginning with "=" would become a
    formula. Every formula cell is turned back into the text that was typed (the layout keeps
    none of its own: its Tổng row holds numbers)."""
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    changed = False
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed = True
    if not changed:
        return content
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
