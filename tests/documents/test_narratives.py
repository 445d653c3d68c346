"""Written sections for every document that has them (issue #16 item 1): the weekly report and
the push's final report, like the quarterly report, are drafted with sentences generated from the
engine's figures (each fact once), edited, and never issued with an empty section; issuing runs
in the background and a failed file sends the draft back with the reason (item 5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.drafts import draft_create, draft_issue, draft_update, draft_version
from documents.exporters import ExportError
from documents.exporters.interface import BaseExporter
from documents.models import DocumentDraft, DraftStatus, ExportRecord, ExportStatus
from documents.services import params_clean, record_file_bytes
from tests.indicators.factories import FormElementFactory

from .helpers import pdf_text_raw, workbook

pytestmark = pytest.mark.django_db
WEEK_2 = "2026-01-05"  # dept 40/50 + police 5/10 = 45/60 = 75,00 % against ≥ 92 %: 17 points short


def draft_of(world, c, kind, **kw):
    return draft_create(user=world.centre, campaign=c, params=params_clean(kind=kind, campaign=c, fmt="pdf", **kw))


def test_the_weekly_draft_states_each_fact_once_with_the_engines_counts(world, campaign):
    c, _ = campaign
    FormElementFactory(campaign=c, unit=world.a1_police)  # the police reports weekly; it sent nothing
    draft = draft_of(world, c, "weekly", period=WEEK_2)
    assert list(draft.narratives) == ["ket_qua", "ton_tai", "phuong_huong"]
    assert "đạt 0/1 chỉ tiêu được giao" in draft.narratives["ket_qua"]
    assert "45/60, đạt 75,00%, thấp hơn chỉ tiêu 17 điểm phần trăm (chỉ tiêu ≥ 92,00%)" in draft.narratives["ton_tai"]
    # the police did not report week 2: counted here, named in the table of section II
    assert "1 đơn vị chưa báo cáo đúng hạn (chi tiết tại mục II)" in draft.narratives["ton_tai"]
    assert sum(text.count("45/60") for text in draft.narratives.values()) == 1
    assert "đạt ≥ 92,00%" in draft.narratives["phuong_huong"]


def test_a_week_that_meets_its_target_says_so_with_its_counts(world, campaign):
    c, _ = campaign
    draft = draft_of(world, c, "weekly", period="2025-12-29")  # dept 92/100 = 92,00 %: meets ≥ 92 exactly
    assert "đạt 1/1 chỉ tiêu được giao" in draft.narratives["ket_qua"]
    assert "92/100, đạt 92,00%" in draft.narratives["ket_qua"]
    assert "thấp hơn chỉ tiêu" not in draft.narratives["ton_tai"]


def test_the_push_final_draft_has_five_sections_and_refuses_to_issue_with_one_empty(world, campaign):
    c, _ = campaign
    draft = draft_of(world, c, "push_final")
    assert list(draft.narratives) == ["ket_qua", "ton_tai", "nguyen_nhan", "phuong_huong", "kien_nghi"]
    # cumulative: (92 + 45) / (100 + 60) = 85,625 % → 85,63 %, 6,375 → 6,38 points short
    assert "137/160, đạt 85,63%, thấp hơn chỉ tiêu 6,38 điểm phần trăm" in draft.narratives["ton_tai"]
    # no unit reports in this campaign: no cause the figures can give; proposals are the office's
    assert draft.narratives["nguyen_nhan"] == draft.narratives["kien_nghi"] == ""
    draft = draft_update(draft=draft, expected_version=draft_version(draft), data={"number": "21"})
    with pytest.raises(ExportError) as refused:
        draft_issue(user=world.centre, draft=draft)
    assert str(refused.value) == "Chưa ban hành được: còn trống mục “Nguyên nhân”, mục “Kiến nghị, đề xuất”."
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT and ExportRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "extra", "heading"),
    [("weekly", {"period": WEEK_2}, "V. ĐÁNH GIÁ CHUNG VÀ NHIỆM VỤ KỲ TỚI"), ("push_final", {}, "VI. ĐÁNH GIÁ CHUNG")],
)
def test_an_issued_weekly_or_push_final_prints_the_edited_sections_and_no_empty_marker(
    world, campaign, kind, extra, heading
):
    c, _ = campaign
    draft = draft_of(world, c, kind, **extra)
    sections = {**draft.narratives, "phuong_huong": "Rà soát lại quy trình tiếp nhận tại bộ phận một cửa."}
    sections = {k: v or "Không có kiến nghị." for k, v in sections.items()}
    draft = draft_issue(
        user=world.centre,
        draft=draft_update(
            draft=draft, expected_version=draft_version(draft), data={"number": "22", "narratives": sections}
        ),
    )
    assert draft.status == DraftStatus.ISSUED
    text = pdf_text_raw(record_file_bytes(draft.pdf_record))
    assert heading in text and "Rà soát lại quy trình tiếp nhận tại bộ phận một cửa." in text
    assert "(Chưa có nội dung.)" not in text
    cells = [
        v for ws in workbook(record_file_bytes(draft.xlsx_record)) for r in ws.iter_rows(values_only=True) for v in r
    ]
    assert any("Rà soát lại quy trình tiếp nhận" in str(v) for v in cells)


def test_a_failed_file_sends_the_draft_back_with_the_reason_and_it_can_be_issued_again(
    world, campaign, monkeypatch, client
):
    c, _ = campaign
    draft = draft_of(world, c, "weekly", period=WEEK_2)
    draft = draft_update(draft=draft, expected_version=draft_version(draft), data={"number": "23"})
    real = BaseExporter.render

    def broken(self, params, **kw):
        if params.fmt == "xlsx":
            raise ExportError("Máy in bảng tính đang bảo trì.")
        return real(self, params, **kw)

    monkeypatch.setattr(BaseExporter, "render", broken)
    with pytest.raises(ExportError, match="Máy in bảng tính đang bảo trì."):
        draft_issue(user=world.centre, draft=draft)
    draft = DocumentDraft.objects.get(pk=draft.pk)
    assert draft.status == DraftStatus.DRAFT and draft.issued_at is None
    assert draft.xlsx_record.status == ExportStatus.FAILED
    client.force_login(world.centre)
    page = client.get(reverse("documents:draft_detail", args=[draft.pk])).content.decode()
    assert "Lần ban hành trước chưa thành công: Máy in bảng tính đang bảo trì." in page
    monkeypatch.setattr(BaseExporter, "render", real)
    draft = draft_issue(user=world.centre, draft=draft)
    assert draft.status == DraftStatus.ISSUED and ExportRecord.objects.count() == 4  # the failed pair stays archived


def test_the_quarterly_draft_names_who_is_late_and_for_how_many_periods(world, campaign):
    c, periods = campaign
    FormElementFactory(campaign=c, unit=world.a1_police)
    draft = draft_of(world, c, "quarterly", quarter="2026-Q1")
    # the 14 weeks are all past their deadline and the police sent none of them
    assert (
        f"1 đơn vị chưa báo cáo đúng hạn: {world.a1_police.name} (14 kỳ chưa nộp)." in draft.narratives["nguyen_nhan"]
    )
