"""Issue 14 failure 6: every workbook the portal writes, built with hostile text where people
type it (campaign title, unit and village names, the village word, notes, a document's text),
read back with openpyxl: no formula cell anywhere, and the text shows as typed."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from documents.exporters.document import Column, Document, Table
from documents.exporters.xlsx import xlsx_write
from households.exporters import mau02_xlsx
from households.models import ReturnStatus
from org.spreadsheet import put
from reporting.excel_form import form_xlsx_build
from tests.households.factories import VillageReturnFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://x.test/?"&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _cells(content: bytes) -> list:
    wb = load_workbook(io.BytesIO(content))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def _no_formula_and_shown_as_typed(content: bytes, typed: list[str]) -> None:
    cells = _cells(content)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = [c.value for c in cells if isinstance(c.value, str)]
    for text in typed:
        assert any(text.strip() in v for v in values), text  # (a leading tab may be trimmed)


def test_put_writes_formula_like_text_as_a_string_cell():
    from openpyxl import Workbook

    ws = Workbook().active
    for i, text in enumerate([*HOSTILE, "=1+1\x00\x07"], start=1):
        cell = put(ws, i, 1, text)
        assert (cell.data_type, cell.quotePrefix) == ("s", True)
    assert put(ws, 20, 1, 5).data_type == "n"
    assert ws.cell(row=len(HOSTILE) + 1, column=1).value == "=1+1"  # control characters dropped


@pytest.mark.parametrize("text", HOSTILE[:4])
def test_report_form_workbook_holds_the_campaign_title_and_unit_name_as_text(rw, text):
    rw.campaign.title = text
    rw.campaign.save(update_fields=["title"])
    rw.w.a1_dept.name = text + " (đơn vị)"
    rw.w.a1_dept.save(update_fields=["name"])
    rw.report.refresh_from_db()
    content = form_xlsx_build(report=rw.report)
    _no_formula_and_shown_as_typed(content, [text, text + " (đơn vị)"])
    ws = load_workbook(io.BytesIO(content)).active
    assert (ws["C2"].value, ws["C2"].data_type) == (text, "s")  # it was a live =HYPERLINK formula


@pytest.mark.parametrize("text", HOSTILE[:4])
def test_mau02_workbook_holds_village_names_the_village_word_and_notes_as_text(m02, text):
    commune = m02.w.a1
    commune.village_word = text[:20]
    commune.save(update_fields=["village_word"])
    village = m02.w.a1_v1
    village.name = text
    village.save(update_fields=["name"])
    VillageReturnFactory(
        survey_round=m02.round, village=village, status=ReturnStatus.SUBMITTED, ghi_chu=text + " ghi chú"
    )
    m02.round.refresh_from_db()
    content = mau02_xlsx(survey_round=m02.round)
    _no_formula_and_shown_as_typed(content, [text, text + " ghi chú", text[:20]])


@pytest.mark.parametrize("text", HOSTILE)
def test_document_workbook_holds_title_narrative_and_table_text_as_text(world, text):
    doc = Document(kind="weekly", title=text, subtitle=text + " phụ đề", commune=world.a1, campaign=None)
    doc.issued_on = date(2025, 11, 10)
    doc.heading(text + " mục")
    doc.para(text + " đoạn")
    doc.bullets([text + " ý"])
    doc.table(Table(title=text + " bảng", columns=[Column("Đơn vị"), Column("Số", "int")], rows=[[text, 5]]))
    _no_formula_and_shown_as_typed(xlsx_write(doc), [text + " đoạn", text + " bảng", text + " ý"])
