"""Báo cáo kết quả đợt cao điểm: the whole push, cumulative: each target met or not, the
week-by-week trend, the best and the weakest units, Mẫu 02 totals, tasks done vs planned."""

from __future__ import annotations

from django.utils import timezone

from campaigns.models import Campaign
from campaigns.selectors import report_day
from indicators import selectors

from .common import (
    campaign_ref,
    closing_sentence,
    commune_rows,
    rate_cell,
    recipients,
    results_of,
    target_cell,
    written_sections,
)
from .document import Column, Document, Table, fmt_date, fmt_pct
from .interface import BaseExporter, ExportError, ExportParams, register
from .mau_02 import mau02_table, survey_round_for
from .task_list import tasks_table

TREND_WIDTH = 6  # periods per trend table (portrait A4 landscape fits 6 besides the name)


def final_period(campaign: Campaign):
    """The last period of the push that is over (the whole push once it has ended)."""
    period = selectors.latest_closed_period(campaign)
    if period is None:
        cadence = selectors.main_cadence(campaign)
        qs = campaign.periods.exclude(cadence="survey")
        if cadence:
            qs = qs.filter(cadence=cadence)
        period = qs.order_by("-end").first()
    return period


def trend_tables(campaign: Campaign, upto) -> list[Table]:
    cadence = selectors.main_cadence(campaign)
    periods = list(
        campaign.periods.filter(cadence=cadence, end__lte=upto.end).order_by("start") if cadence and upto else []
    )
    rows_by_ind: dict[int, dict[int, object]] = {}
    indicators = {}
    for att in selectors.attainments(campaign=campaign, cumulative=False, scope_kind="commune").filter(
        period__in=periods
    ):
        indicators[att.indicator_id] = att.indicator
        rows_by_ind.setdefault(att.indicator_id, {})[att.period_id] = att
    ordered = sorted(indicators.values(), key=lambda i: (i.order, i.code))
    tables = []
    for k in range(0, max(len(periods), 1), TREND_WIDTH):
        chunk = periods[k : k + TREND_WIDTH]
        columns = [Column("Chỉ tiêu", width=40)] + [
            Column(
                p.label if "(" in p.label else f"{p.label}\n{fmt_date(p.start)}–{fmt_date(p.end)}",
                "pct",
                width=14,
                counts=True,
            )
            for p in chunk
        ]
        rows = [[ind.name] + [rate_cell(rows_by_ind[ind.pk].get(p.pk)) for p in chunk] for ind in ordered]
        part = f" (phần {k // TREND_WIDTH + 1})" if len(periods) > TREND_WIDTH else ""
        tables.append(
            Table(
                title=f"Diễn biến theo từng kỳ{part}",
                columns=columns,
                rows=rows if chunk else [],
                sheet=f"Diễn biến{part}",
                empty_text="Chưa có số liệu.",
            )
        )
    return tables


def leaders_and_laggards(ranking: list, *, size: int = 3) -> tuple[list, list]:
    """The units named "Dẫn đầu" and "Còn hạn chế": whole share levels (two units at 16,67 % are
    both named or neither, under the same word: issue #16), about ``size`` units each side, the
    top half of the levels at most for one word and the bottom half for the other, so no share
    is ever under both. All units at one share: nobody is named."""
    levels = sorted({r.share for r in ranking}, reverse=True)
    half = len(levels) // 2

    def take(order: list) -> set:
        chosen, count = set(), 0
        for share in order[:half]:
            if chosen and count >= size:
                break
            chosen.add(share)
            count += sum(1 for r in ranking if r.share == share)
        return chosen

    top, bottom = take(levels), take(levels[::-1])
    return [r for r in ranking if r.share in top], [r for r in reversed(ranking) if r.share in bottom]


@register
class PushFinalExporter(BaseExporter):
    identifier = "push_final"
    verbose_name = "Báo cáo kết quả đợt cao điểm"
    description = "Toàn bộ đợt cao điểm: lũy kế, diễn biến từng kỳ, đơn vị dẫn đầu và còn hạn chế, Mẫu 02, nhiệm vụ."
    template_name = "documents/pdf/push_final.html"
    # no parameter_fields: the report covers the whole push

    def validate(self, params: ExportParams, campaign) -> None:
        if params.quarter is not None or params.period_start is not None:
            raise ExportError("Báo cáo kết quả đợt cao điểm lấy toàn bộ đợt; không chọn kỳ hay quý.")

    def build(self, params: ExportParams, *, progress=None) -> Document:
        campaign = Campaign.objects.select_related("commune", "commune__province").get(pk=params.campaign_id)
        commune = campaign.commune
        upto = final_period(campaign)
        doc = Document(
            kind=self.identifier,
            title="BÁO CÁO",
            subtitle=f"{results_of(campaign)} (từ ngày {fmt_date(campaign.start)} đến ngày "
            f"{fmt_date(upto.end if upto else campaign.end)})",
            commune=commune,
            campaign=campaign,
            number=params.number,
            issued_on=params.issued_on,
            recipients=recipients(commune),
            landscape=True,
            filename_stem=f"bao-cao-ket-qua-dot-{campaign.code}",
        )
        doc.para(f"Thực hiện {campaign_ref(campaign)}, UBND xã {commune.name} báo cáo kết quả thực hiện như sau:")

        doc.heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU (LŨY KẾ CẢ ĐỢT)")
        rows = commune_rows(campaign=campaign, period=upto, cumulative=True) if upto else []
        table_rows = [
            [i, a.indicator.name, rate_cell(a), target_cell(a.indicator, a), a.display_status]
            for i, a in enumerate(rows, start=1)
        ]
        # only indicators with a target count (issue 12 item 5): "no target" is neither met nor missed
        targeted = [a for a in rows if a.target is not None]
        met = sum(1 for a in targeted if a.status == "dat")
        if any(a.value is not None for a in rows):
            doc.para(f"Số chỉ tiêu đạt: {met}/{len(targeted)} chỉ tiêu được giao.")
        else:
            doc.para("Đợt cao điểm chưa có số liệu.")
        doc.table(
            Table(
                title="Kết quả các chỉ tiêu",
                columns=[
                    Column("TT", "int", width=6),
                    Column("Chỉ tiêu", width=48),
                    Column("Kết quả cả đợt", "pct", width=14, counts=True),
                    Column("Chỉ tiêu giao", "pct", width=14),
                    Column("Đánh giá", "status", width=16),
                ],
                rows=table_rows,
                sheet="Chỉ tiêu",
                empty_text="Chưa có số liệu.",
            )
        )
        untracked = selectors.untracked_targets(campaign)  # rule 6: listed, never dropped
        if untracked:
            doc.para("Chỉ tiêu của kế hoạch chưa theo dõi bằng số liệu:")
            doc.bullets([f"“{u.quote}”" for u in untracked])
        if progress:
            progress(25)
        doc.heading("II. DIỄN BIẾN THEO TỪNG KỲ")
        for t in trend_tables(campaign, upto):
            doc.table(t)
        if progress:
            progress(40)

        doc.heading("III. ĐƠN VỊ DẪN ĐẦU VÀ ĐƠN VỊ CÒN HẠN CHẾ")
        ranking = [r for r in selectors.unit_ranking(campaign=campaign, period=upto) if r.share is not None]
        best, weakest = leaders_and_laggards(ranking)
        if not ranking:
            doc.para("Chưa có số liệu để xếp hạng đơn vị.")
        elif not best and not weakest:
            doc.para(f"Các đơn vị có cùng tỷ lệ chỉ tiêu đạt ({fmt_pct(ranking[0].share)}).")
        else:
            doc.bullets(
                [f"Dẫn đầu: {r.unit.name} – đạt {r.met}/{r.total} chỉ tiêu ({fmt_pct(r.share)})." for r in best]
                + [
                    f"Còn hạn chế: {r.unit.name} – đạt {r.met}/{r.total} chỉ tiêu ({fmt_pct(r.share)})."
                    for r in weakest
                ]
            )
        doc.table(
            Table(
                title="Xếp hạng đơn vị theo tỷ lệ chỉ tiêu đạt",
                columns=[
                    Column("Hạng", "int", width=6),
                    Column("Đơn vị", width=40),
                    Column("Chỉ tiêu đạt", "int", width=12),
                    Column("Chỉ tiêu có số liệu", "int", width=14),
                    Column("Tỷ lệ đạt", "pct", width=12),
                ],
                rows=[[r.rank, r.unit.name, r.met, r.total, r.share] for r in ranking],
                sheet="Xếp hạng đơn vị",
                empty_text="Chưa có số liệu.",
            )
        )

        doc.heading("IV. KẾT QUẢ RÀ SOÁT THEO MẪU BIỂU SỐ 02")
        survey_round = survey_round_for(campaign, None)
        table = mau02_table(survey_round, commune.village_word_title)
        table.title = survey_round.title if survey_round else "Mẫu biểu số 02"
        doc.table(table)
        if progress:
            progress(50)

        doc.heading("V. KẾT QUẢ THỰC HIỆN NHIỆM VỤ")
        tasks, total, done, overdue = tasks_table(
            campaign=campaign, as_of=report_day(end=campaign.end, now=timezone.now())
        )
        doc.para(
            f"Số nhiệm vụ theo kế hoạch: {total}; đã hoàn thành: {done}; quá hạn chưa hoàn thành: {overdue}; "
            f"đang thực hiện hoặc chưa đến hạn: {total - done - overdue}."
        )
        doc.table(tasks)
        written_sections(doc, campaign=campaign, params=params, heading="VI. ĐÁNH GIÁ CHUNG")
        doc.closing = closing_sentence(commune, f"báo cáo {results_of(campaign)[:1].lower()}{results_of(campaign)[1:]}")
        return doc
