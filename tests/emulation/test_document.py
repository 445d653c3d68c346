"""The Tờ trình đề nghị khen thưởng with its Danh sách, through the documents registry."""

import io
from datetime import date

import openpyxl
import pytest

from documents.exporters import ExportError, ExportParams, exporter_get
from documents.services import params_clean
from emulation.services import decision_set
from tests.documents.helpers import pdf_text_raw


def _confirm(emu):
    decision_set(
        user=emu.w.centre,
        campaign=emu.campaign,
        year=2026,
        status="confirmed",
        award="giay_khen",
        unit=emu.vp,
        version="0",
    )
    decision_set(
        user=emu.w.centre,
        campaign=emu.campaign,
        year=2026,
        status="confirmed",
        award="giay_khen",
        official=emu.o1,
        version="0",
    )


def test_nothing_confirmed_is_refused(emu):
    with pytest.raises(ExportError, match="Chưa có tập thể, cá nhân nào"):
        exporter_get("khen_thuong").render(
            ExportParams(kind="khen_thuong", campaign_id=emu.campaign.pk, period_start=date(2026, 1, 1))
        )


def test_year_outside_the_campaign(emu):
    with pytest.raises(ExportError, match="nằm ngoài thời gian"):
        params_clean(kind="khen_thuong", campaign=emu.campaign, fmt="pdf", period=date(2027, 1, 1))


def test_pdf_in_state_format(emu):
    _confirm(emu)
    params = params_clean(kind="khen_thuong", campaign=emu.campaign, fmt="pdf", period=date(2026, 1, 1), number="12")
    name, ctype, content = exporter_get("khen_thuong").render(params)
    assert content.startswith(b"%PDF") and ctype == "application/pdf" and name.endswith(".pdf")
    text = " ".join(pdf_text_raw(content).split())
    for heading in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "TRUNG TÂM PHỤC VỤ",
        "HÀNH CHÍNH CÔNG",
        "Số: 12/TTr-TTPVHCC",
        "TỜ TRÌNH",
        "Kính gửi: Chủ tịch Ủy ban nhân dân xã",
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        "Nơi nhận:",
        "GIÁM ĐỐC",
        "Nguyễn Văn An",
    ):
        assert heading in text, heading
    assert "ngày" in text and "tháng" in text and "TM. ỦY BAN NHÂN DÂN" not in text


def test_xlsx_opens_with_the_list(emu):
    _confirm(emu)
    params = params_clean(kind="khen_thuong", campaign=emu.campaign, fmt="xlsx", period=date(2026, 1, 1))
    _name, _ctype, content = exporter_get("khen_thuong").render(params)
    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert {"Tập thể", "Cá nhân"} <= set(wb.sheetnames)
    units = [[c for c in row if c is not None] for row in wb["Tập thể"].iter_rows(values_only=True)]
    assert any(emu.vp.name in row and "5,00/5,00" in row for row in units)
    people = [row for row in wb["Cá nhân"].iter_rows(values_only=True)]
    assert any("Nguyễn Văn An" in row for row in people)
    assert not any(emu.ca.name in (c or "") for row in units for c in row if isinstance(c, str))
