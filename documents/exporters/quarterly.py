"""Báo cáo quý gửi tỉnh: the quarter's results of every campaign running in the commune,
compared with the previous quarter and the year's targets, the Mẫu 02 coverage, and the
narrative sections the province expects (prefilled from the units' narratives, edited by the
centre before generation and stored in the record's parameters)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus
from households.models import SurveyRound
from households.selectors import round_table
from indicators.models import AttainmentStatus
from indicators.selectors import untracked_targets
from indicators.windows import window_attainments
from reporting.models import ReportStatus, UnitReport
from reporting.services import NARRATIVE_FIELDS

from .common import (
    campaign_ref,
    change_cell,
    closing_sentence,
    in_catalogue_order,
    quarter_check,
    rate_cell,
    recipients,
    target_cell,
    written_sections,
)
from .document import Column, Document, Num, Table, fmt_date, fmt_number, fmt_pct, fmt_ratio
from .interface import NARRATIVE_MAX, NARRATIVE_SECTIONS, BaseExporter, ExportError, ExportParams, Quarter, register
from .qd766_section import qd766_blocks

SECTIONS = NARRATIVE_SECTIONS
NARRATIVE_PREFIX = "n_"  # the form field of a section: n_ket_qua, n_ton_tai, …
PREFILL_HINT = (
    "Các mục dưới đây đã điền sẵn từ ý kiến các đơn vị trong quý; sửa trước khi tạo văn bản. "
    "Nội dung đã sửa được lưu cùng văn bản."
)
# which unit-report narrative (reporting.services.NARRATIVE_SECTIONS) prefills which section
PREFILLED_FROM: dict[str, str] = dict(zip(("ket_qua", "ton_tai", "kien_nghi"), NARRATIVE_FIELDS, strict=True))


def campaigns_in_quarter(campaign: Campaign, quarter: Quarter) -> list[Campaign]:
    """Every campaign of the commune running during the quarter (drafts left out), the
    requested one first."""
    qs = (
        Campaign.objects.filter(commune_id=campaign.commune_id, start__lte=quarter.end, end__gte=quarter.start)
        .exclude(status=CampaignStatus.DRAFT)
        .select_related("commune", "commune__province")
        .order_by("start", "code")
    )
    out = [c for c in qs if c.pk != campaign.pk]
    return [campaign] + out


def default_quarter(campaign: Campaign) -> Quarter:
    today = min(max(timezone.localdate(), campaign.start), campaign.end)
    return Quarter.containing(today)


def narratives_default(*, campaign: Campaign, quarter: Quarter) -> dict[str, str]:
    """The five sections prefilled from the submitted / approved unit narratives of the
    quarter's periods (every campaign of the commune running then): highlights → kết quả đạt
    được, difficulties → tồn tại, hạn chế, proposals → kiến nghị, đề xuất."""
    reports = (
        UnitReport.objects.filter(
            campaign__in=[c.pk for c in campaigns_in_quarter(campaign, quarter)],
            status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
            period__end__gte=quarter.start,
            period__end__lte=quarter.end,
        )
        .select_related("unit", "period")
        .order_by("unit__order", "unit__code", "period__start")
    )
    parts: dict[str, list[str]] = {key: [] for key in PREFILLED_FROM}
    seen: set[tuple[str, str]] = set()
    for r in reports:
        for key, attr in PREFILLED_FROM.items():
            text = (getattr(r, attr) or "").strip()
            if text and (key, text) not in seen:
                seen.add((key, text))
                parts[key].append(f"- {r.unit.name}: {text}")
    return {key: "\n".join(parts.get(key, [])) for key, _ in SECTIONS}


def campaign_table(campaign: Campaign, quarter: Quarter) -> Table:
    prev = quarter.previous
    result = window_attainments(
        campaign=campaign, start=quarter.start, end=quarter.end, previous=(prev.start, prev.end)
    )
    rows = []
    ordered = in_catalogue_order(result.rows.values())
    for i, att in enumerate(ordered, start=1):
        ind = att.indicator
        before = result.previous.get(ind.pk)
        rows.append(
            [
                i,
                ind.name,
                rate_cell(att),
                rate_cell(before),
                change_cell(ind, att.change),
                target_cell(ind, att),
                att.display_status,
            ]
        )
    return Table(
        title=f"Kết quả các chỉ tiêu {quarter.label}",
        columns=[
            Column("TT", "int", width=6),
            Column("Chỉ tiêu", width=46),
            Column(f"Quý {quarter.roman}/{quarter.year}", "pct", width=13, counts=True),
            Column(f"Quý {prev.roman}/{prev.year}", "pct", width=13, counts=True),
            Column("Tăng/giảm", "dec", width=11),
            Column(f"Chỉ tiêu năm {quarter.year}", "pct", width=14),
            Column("Đánh giá", "status", width=16),
        ],
        rows=rows,
        sheet=f"{campaign.code}"[:28],
        empty_text=f"Kế hoạch chưa có số liệu trong {quarter.label}.",
    )


def mau02_coverage(commune_campaigns: list[Campaign], quarter: Quarter) -> tuple[Table, list[str]]:
    rounds = list(
        SurveyRound.objects.filter(campaign__in=[c.pk for c in commune_campaigns], window_start__lte=quarter.end)
        .select_related("campaign", "period", "campaign__commune")
        .order_by("-window_end", "-id")
    )
    rows, lines = [], []
    for sr in rounds:
        t = round_table(survey_round=sr)
        rows.append(
            [
                sr.title,
                f"{fmt_date(sr.window_start)} – {fmt_date(sr.window_end)}",
                f"{t.submitted_count}/{t.village_count}",
                t.total["so_ho"],
                t.total["so_khau"],
                t.total["co_vneid"],
                Num(t.vneid_rate, numerator=t.total["co_vneid"], denominator=t.total["so_khau"]),
                Num(t.rated_rate, numerator=t.total["ho_danh_gia"], denominator=t.total["so_ho"]),
            ]
        )
        lines.append(
            f"{sr.title}: {t.submitted_count}/{t.village_count} {sr.campaign.commune.village_word} đã báo cáo; "
            f"{fmt_number(t.total['co_vneid'])}/{fmt_number(t.total['so_khau'])} người có tài khoản VNeID "
            f"({fmt_pct(t.vneid_rate)}); hộ đã đánh giá hài lòng "
            f"{fmt_ratio(t.total['ho_danh_gia'], t.total['so_ho'], t.rated_rate)}."
        )
    table = Table(
        title="Kết quả rà soát theo Mẫu biểu số 02",
        columns=[
            Column("Đợt rà soát", width=36),
            Column("Thời gian", width=24),
            Column("Đã báo cáo", width=11),
            Column("Số hộ", "int", width=10),
            Column("Số khẩu", "int", width=10),
            Column("Người có VNeID", "int", width=12),
            Column("Tỷ lệ có VNeID", "pct", width=12, counts=True),
            Column("Tỷ lệ hộ đánh giá hài lòng", "pct", width=14, counts=True),
        ],
        rows=rows,
        sheet="Mẫu 02",
        empty_text="Chưa có đợt rà soát nào: chưa có số liệu.",
    )
    return table, lines


def quarter_choices(campaign: Campaign) -> list[tuple[str, str]]:
    """Every quarter the campaign touches, newest first, after "the current quarter"."""
    quarters = []
    q, last = Quarter.containing(campaign.start), Quarter.containing(campaign.end)
    while (q.year, q.number) <= (last.year, last.number):
        quarters.append((q.code, f"Quý {q.roman} năm {q.year}"))
        q = q.next
    return [("", "Quý hiện tại")] + quarters[::-1]


@register
class QuarterlyExporter(BaseExporter):
    identifier = "quarterly"
    verbose_name = "Báo cáo quý gửi tỉnh"
    description = "Báo cáo quý gửi tỉnh: mọi kế hoạch của xã trong quý, so với quý trước và chỉ tiêu năm."
    template_name = "documents/pdf/quarterly.html"

    def parameter_fields(self, campaign: Campaign) -> dict[str, forms.Field]:
        fields: dict[str, forms.Field] = {
            "quarter": forms.ChoiceField(
                label="Quý", required=False, choices=quarter_choices(campaign), help_text=PREFILL_HINT
            )
        }
        for key, label in SECTIONS:
            fields[NARRATIVE_PREFIX + key] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=NARRATIVE_MAX
            )
        return fields

    def form_initial(self, campaign: Campaign, query: Mapping[str, str]) -> dict[str, Any]:
        """The chosen quarter and its five sections prefilled from the units' narratives (a
        quarter the page cannot read falls back to the current one)."""
        quarter_text = query.get("quarter") or ""
        try:
            quarter = Quarter.parse(quarter_text) if quarter_text else default_quarter(campaign)
        except ExportError:
            quarter = default_quarter(campaign)
        initial: dict[str, Any] = {"quarter": quarter_text}
        for key, text in narratives_default(campaign=campaign, quarter=quarter).items():
            initial[NARRATIVE_PREFIX + key] = text
        return initial

    def params_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return {
            **super().params_from_form(data),
            "quarter": data.get("quarter") or None,
            # a section left empty on the form takes the generated sentences (documents.narratives)
            "narratives": {
                key: data[NARRATIVE_PREFIX + key]
                for key, _ in SECTIONS
                if (data.get(NARRATIVE_PREFIX + key) or "").strip()
            },
        }

    def validate(self, params: ExportParams, campaign) -> None:
        if params.period_start is not None:
            raise ExportError("Báo cáo quý chọn theo quý (--quarter NĂM-QSỐ), không theo kỳ.")
        quarter_check(campaign, params.quarter or default_quarter(campaign))

    def build(self, params: ExportParams, *, progress=None) -> Document:
        campaign = Campaign.objects.select_related("commune", "commune__province").get(pk=params.campaign_id)
        quarter = params.quarter or default_quarter(campaign)
        commune = campaign.commune
        doc = Document(
            kind=self.identifier,
            title="BÁO CÁO",
            subtitle=(
                f"Kết quả thực hiện cải cách hành chính, dịch vụ công trực tuyến và số hóa hồ sơ {quarter.label}"
            ),
            commune=commune,
            campaign=campaign,
            number=params.number,
            issued_on=params.issued_on,
            recipients=recipients(commune),
            filename_stem=f"bao-cao-quy-{campaign.code}-{quarter.code}",
        )
        running = campaigns_in_quarter(campaign, quarter)
        doc.para(
            f"UBND xã {commune.name} báo cáo kết quả thực hiện các kế hoạch cải cách hành chính, đẩy mạnh dịch vụ "
            f"công trực tuyến và số hóa hồ sơ {quarter.label} (từ ngày {fmt_date(quarter.start)} đến ngày "
            f"{fmt_date(quarter.end)}) như sau:"
        )
        doc.heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
        for n, c in enumerate(running, start=1):
            doc.subheading(f"{n}. Thực hiện {campaign_ref(c)}")
            table = campaign_table(c, quarter)
            if not any(r[2].value is not None for r in table.rows):
                doc.para(f"Kế hoạch chưa có số liệu trong {quarter.label}.")
            else:
                # only indicators with a target count: "no target" is neither met nor missed
                targeted = [r for r in table.rows if r[5].value is not None]
                met = sum(1 for r in targeted if r[-1] == AttainmentStatus.DAT)
                doc.para(f"Số chỉ tiêu đạt: {met}/{len(targeted)} chỉ tiêu được giao.")
            doc.table(table)
            untracked = untracked_targets(c)  # rule 6: listed, never dropped
            if untracked:
                doc.para("Chỉ tiêu của kế hoạch chưa theo dõi bằng số liệu:")
                doc.bullets([f"“{u.quote}”" for u in untracked])
            if progress:
                progress(10 + int(40 * n / len(running)))
        doc.heading("II. KẾT QUẢ RÀ SOÁT THEO MẪU BIỂU SỐ 02")
        table, lines = mau02_coverage(running, quarter)
        if lines:
            doc.bullets(lines)
        doc.table(table)
        qd766_blocks(
            doc, commune=commune, quarter=quarter, heading="III. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH THEO QĐ 766 (ƯỚC TÍNH)"
        )
        written_sections(doc, campaign=campaign, params=params, heading="IV. ĐÁNH GIÁ CHUNG")
        doc.closing = closing_sentence(commune, f"báo cáo {quarter.label}")
        return doc
