"""Layout without hand repair (issue #16, item 4): the signature is never alone on its page, a
task given to several units is one appendix row, dates are never cut, equal shares get equal
words, the title reads as a sentence, the issuing body is in full, the workbooks print on A4."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from campaigns.models import Task
from documents.exporters.push_final import leaders_and_laggards

from .helpers import pdf_pages, pdf_text, pdf_text_raw, workbook
from .test_documents import generate

pytestmark = pytest.mark.django_db

LONG_TASK = "Thực hiện việc tiếp nhận tờ rơi, video để phát cho nhân dân và phát trên loa"


def village_tasks(world, c, n_extra: int = 0):
    """One plan task given to both villages (two Task rows, overdue since 10/11/2025)."""
    for unit in (world.a1_v1, world.a1_v2):
        Task.objects.create(
            campaign=c, content=LONG_TASK, lead_unit=unit, start=date(2025, 11, 3), due_date=date(2025, 11, 10)
        )
    for i in range(n_extra):
        Task.objects.create(
            campaign=c,
            content=f"Nhiệm vụ số {i + 1} " + "rất dài " * 30,
            lead_unit=world.a1_dept,
            due_date=date(2025, 11, 10),
        )


def test_the_signature_page_also_holds_body_text(world, campaign):
    c, _ = campaign
    village_tasks(world, c, n_extra=12)  # enough text for several pages
    for kind in ("weekly", "push_final", "tasks", "quarterly"):
        _, pdf = generate(world, c, kind, "pdf")
        pages = pdf_pages(pdf)
        last = next(p for p in pages if "TM. ỦY BAN NHÂN DÂN" in p)
        above = last.split("Nơi nhận:")[0]
        assert "{#" not in above and "issue #16" not in above  # no template text printed
        assert "Trên đây là" in above, kind  # the closing sentence sits on the signature's page
        body_lines = [x for x in above.splitlines() if x.strip() and not x.strip().isdigit()]
        assert len(body_lines) >= 2, (kind, len(pages))


def test_a_task_given_to_several_villages_is_one_row_with_its_villages(world, campaign):
    c, _ = campaign
    village_tasks(world, c)
    _, pdf = generate(world, c, "weekly", "pdf")
    text = pdf_text_raw(pdf)
    assert text.count("tiếp nhận tờ rơi") == 1
    assert f"{world.a1_v1.name}, {world.a1_v2.name}" in text
    _, xlsx = generate(world, c, "weekly", "xlsx")
    rows = [r for r in workbook(xlsx)["Nhiệm vụ quá hạn"].iter_rows(values_only=True) if r[1] == LONG_TASK]
    assert rows == [(1, LONG_TASK, f"{world.a1_v1.name}, {world.a1_v2.name}", "10/11/2025")]
    _, xlsx = generate(world, c, "tasks", "xlsx")
    rows = [r for r in workbook(xlsx)["Nhiệm vụ"].iter_rows(values_only=True) if r[1] == LONG_TASK]
    assert len(rows) == 1 and rows[0][2] == f"{world.a1_v1.name}, {world.a1_v2.name}"


def test_dates_in_the_task_table_are_never_cut(world, campaign):
    c, _ = campaign
    village_tasks(world, c)
    _, pdf = generate(world, c, "tasks", "pdf")
    text = pdf_text(pdf)
    assert "03/11/2025" in text and "10/11/2025" in text


def rank(share: str, name: str, r: int):
    return SimpleNamespace(share=Decimal(share), unit=SimpleNamespace(name=name), rank=r)


def test_equal_shares_get_equal_words():
    # 20, 20, 16,67, 16,67: the two at 20 % lead, the two at 16,67 % are both "còn hạn chế"
    ranking = [rank("20.00", "A", 1), rank("20.00", "B", 1), rank("16.67", "C", 3), rank("16.67", "D", 3)]
    best, weakest = leaders_and_laggards(ranking)
    assert [r.unit.name for r in best] == ["A", "B"] and [r.unit.name for r in weakest] == ["D", "C"]
    # everyone at one share: nobody is named either way
    assert leaders_and_laggards([rank("50", "A", 1), rank("50", "B", 1)]) == ([], [])
    # 6 levels: 3 leaders, 3 laggards, no share under both words
    ranking = [rank(str(v), n, i) for i, (v, n) in enumerate(zip((90, 80, 70, 60, 50, 40), "ABCDEF", strict=True), 1)]
    best, weakest = leaders_and_laggards(ranking)
    assert [r.unit.name for r in best] == ["A", "B", "C"] and [r.unit.name for r in weakest] == ["F", "E", "D"]


def test_the_weekly_title_names_the_period_once_and_reads_as_a_sentence(world, campaign):
    c, periods = campaign
    c.title = "Triển khai đợt cao điểm dịch vụ công trực tuyến"
    c.save()
    periods[1].label = "Tuần 2 (05/01–11/01/2026)"
    periods[1].save()
    _, pdf = generate(world, c, "weekly", "pdf", period="2026-01-05")
    text = pdf_text_raw(pdf)
    assert (
        "Kết quả triển khai đợt cao điểm dịch vụ công trực tuyến, tuần 2 (từ ngày 05/01/2026 đến ngày 11/01/2026)"
        in text
    )
    assert "thực hiện Triển khai" not in text and "05/01–11/01" not in text


def test_the_issuing_body_is_printed_in_full(world, campaign):
    c, _ = campaign
    for kind in ("weekly", "quarterly"):
        _, pdf = generate(world, c, kind, "pdf")
        first = pdf_pages(pdf)[0]
        assert "ỦY BAN NHÂN DÂN" in first.splitlines()[0] and "XÃ PHÚ LẠC" in first
        assert "UBND XÃ" not in first


def test_the_workbooks_print_on_a4_in_times_new_roman_fit_to_width_with_the_header_repeated(world, campaign):
    c, _ = campaign
    village_tasks(world, c)
    for kind in ("weekly", "push_final", "quarterly", "tasks"):
        _, xlsx = generate(world, c, kind, "xlsx")
        wb = workbook(xlsx)
        for ws in wb.worksheets:
            assert ws.page_setup.paperSize == 9, (kind, ws.title)  # 9: A4 in the OOXML paper codes
            assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
            assert ws.page_setup.orientation in ("portrait", "landscape")
            assert ws.page_margins.left > ws.page_margins.right > 0
            fonts = {cell.font.name for row in ws.iter_rows() for cell in row if cell.value is not None}
            assert fonts == {"Times New Roman"}, (kind, ws.title, fonts)
        for ws in wb.worksheets[1:]:  # the tables: header row repeated on each printed page, frozen
            header = next(r[0].row for r in ws.iter_rows() if sum(c.value is not None for c in r) >= 2)
            assert ws.print_title_rows == f"${header}:${header}", (kind, ws.title)
            assert ws.freeze_panes == f"A{header + 1}"
        tasks = wb["Nhiệm vụ"] if kind == "tasks" else None
        if tasks is not None:  # the task's text is seen, not cut at a narrow column
            assert tasks.column_dimensions["B"].width >= 40 and tasks.page_setup.orientation == "landscape"
