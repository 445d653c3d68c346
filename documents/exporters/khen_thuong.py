"""Tờ trình đề nghị khen thưởng with its Danh sách (issue 18, part 2): the award candidates the
centre confirmed for a year of a campaign's emulation, from ``emulation.scoring`` (the same
results the /thi-dua/ pages show), in the state format of Nghị định 30/2020/NĐ-CP: the centre
(Trung tâm Phục vụ hành chính công) submits to the chairman of the commune."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from campaigns.models import Campaign
from emulation.models import Award
from emulation.scoring import confirmed_candidates, points_text, results_for
from emulation.windows import WindowError, window_of

from .common import campaign_ref
from .document import Column, Document, Table
from .interface import BaseExporter, ExportError, ExportParams, register

UNIT_COLUMNS = [
    Column("TT", "int", width=6),
    Column("Tên tập thể", width=40),
    Column("Điểm thi đua", width=14),
    Column("Tiêu chuẩn đạt", width=14),
    Column("Hình thức khen thưởng", width=30),
    Column("Ghi chú", width=20),
]
PERSON_COLUMNS = [
    Column("TT", "int", width=6),
    Column("Họ và tên", width=26),
    Column("Chức vụ, đơn vị công tác", width=34),
    Column("Điểm thi đua", width=14),
    Column("Tiêu chuẩn đạt", width=14),
    Column("Hình thức khen thưởng", width=30),
]


def _year(params: ExportParams, campaign) -> int:
    """The year asked for (carried as its 1 January in ``period_start``); none: this year, within
    the campaign's years."""
    if params.period_start is None:
        return min(max(timezone.localdate().year, campaign.start.year), campaign.end.year)
    if (params.period_start.month, params.period_start.day) != (1, 1):
        raise ExportError("Chọn năm xét khen thưởng.")
    return params.period_start.year


@register
class AwardProposalExporter(BaseExporter):
    identifier = "khen_thuong"
    verbose_name = "Tờ trình đề nghị khen thưởng (kèm danh sách)"
    description = "Tập thể, cá nhân được Trung tâm xác nhận đề nghị khen thưởng trong năm, theo kết quả thi đua."
    template_name = "documents/pdf/khen_thuong.html"

    def parameter_fields(self, campaign) -> dict[str, forms.Field]:
        years = list(range(campaign.start.year, campaign.end.year + 1)) if campaign else [timezone.localdate().year]
        return {
            "nam": forms.TypedChoiceField(
                label="Năm xét khen thưởng", choices=[(y, y) for y in years], coerce=int, required=False
            )
        }

    def form_initial(self, campaign, query) -> dict:
        return {"nam": min(max(timezone.localdate().year, campaign.start.year), campaign.end.year)} if campaign else {}

    def params_from_form(self, data) -> dict:
        year = data.get("nam")
        return {**super().params_from_form(data), "period": date(int(year), 1, 1) if year else None}

    def validate(self, params: ExportParams, campaign) -> None:
        if params.quarter is not None:
            raise ExportError("Tờ trình khen thưởng chọn theo năm, không theo quý.")
        try:
            window_of(campaign, _year(params, campaign))
        except WindowError as exc:
            raise ExportError(str(exc))

    def build(self, params: ExportParams, *, progress=None) -> Document:
        campaign = Campaign.objects.select_related("commune", "commune__province").get(pk=params.campaign_id)
        year = _year(params, campaign)
        try:
            window = window_of(campaign, year)
        except WindowError as exc:
            raise ExportError(str(exc))
        rows = confirmed_candidates(results_for(campaign, window))
        if not rows:
            raise ExportError(f"Chưa có tập thể, cá nhân nào được Trung tâm xác nhận đề nghị khen thưởng năm {year}.")
        commune = campaign.commune
        units = [r for r in rows if r.official is None]
        people = [r for r in rows if r.official is not None]
        doc = Document(
            kind=self.identifier,
            title="TỜ TRÌNH",
            subtitle=f"Về việc đề nghị khen thưởng tập thể, cá nhân có thành tích trong phong trào thi đua năm {year}",
            commune=commune,
            campaign=campaign,
            number=params.number,
            issued_on=params.issued_on,
            unit_line="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
            symbol="TTr-TTPVHCC",
            recipients=["- Như trên;", "- Lãnh đạo UBND xã;", "- Lưu: VT, TTPVHCC."],
            signer={"authority": "", "title": "GIÁM ĐỐC", "name": ""},
            filename_stem=f"to-trinh-khen-thuong-{campaign.code}-{year}",
        )
        doc.para("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
        doc.para(
            "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;"
        )
        doc.para(f"Căn cứ {campaign_ref(campaign)};")
        doc.para(
            f"Căn cứ kết quả chấm điểm thi đua năm {year} theo các tiêu chuẩn của kế hoạch (điểm là tổng điểm các "
            "tiêu chuẩn đạt; chỉ xét các tập thể, cá nhân đạt mọi tiêu chuẩn bắt buộc), Trung tâm Phục vụ hành chính "
            f"công xã kính trình Chủ tịch Ủy ban nhân dân xã {commune.name} xem xét:"
        )
        for award in Award:
            n_units = sum(1 for r in units if r.award == award)
            n_people = sum(1 for r in people if r.award == award)
            if n_units or n_people:
                what = (
                    "Tặng Giấy khen của Chủ tịch UBND xã"
                    if award == Award.GIAY_KHEN
                    else "Đề nghị cấp trên khen thưởng"
                )
                doc.bullets([f"{what} cho {n_units} tập thể và {n_people} cá nhân."])
        doc.para("(Có danh sách kèm theo)")
        doc.heading("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")
        doc.para(f"(Kèm theo Tờ trình của Trung tâm Phục vụ hành chính công xã {commune.name}, năm {year})")
        doc.table(
            Table(
                title="I. TẬP THỂ",
                columns=UNIT_COLUMNS,
                rows=[
                    [
                        i,
                        r.unit.name,
                        f"{points_text(r.score)}/{points_text(r.possible)}",
                        f"{sum(1 for x in r.results if x.met)}/{len(r.results)}",
                        r.award_label,
                        r.decision.reason if r.decision else "",
                    ]
                    for i, r in enumerate(units, start=1)
                ],
                sheet="Tập thể",
                empty_text="Không có tập thể được đề nghị.",
            )
        )
        doc.table(
            Table(
                title="II. CÁ NHÂN",
                columns=PERSON_COLUMNS,
                rows=[
                    [
                        i,
                        r.official.name,
                        f"{r.official.position}, {r.official.unit.name}",
                        f"{points_text(r.score)}/{points_text(r.possible)}",
                        f"{sum(1 for x in r.results if x.met)}/{len(r.results)}",
                        r.award_label,
                    ]
                    for i, r in enumerate(people, start=1)
                ],
                sheet="Cá nhân",
                empty_text="Không có cá nhân được đề nghị.",
            )
        )
        doc.closing = f"Kính trình Chủ tịch Ủy ban nhân dân xã {commune.name} xem xét, quyết định./."
        return doc
