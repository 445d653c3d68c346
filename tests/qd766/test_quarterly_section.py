"""The quarterly report carries the QĐ 766 section (issue 18, part 1): score, band, points per
group (a group without figures has no score, not 0) and what to fix first, in the PDF and the
xlsx, as the estimate computed them."""

import pytest

from documents.exporters import exporter_get
from documents.services import params_clean
from tests.documents.helpers import pdf_text_raw, workbook

from .conftest import JANUARY


@pytest.fixture
def quarter_files(setup):
    commune, campaign, periods, figures = setup
    figures(periods[1], **JANUARY)
    out = {}
    for fmt in ("pdf", "xlsx"):
        params = params_clean(kind="quarterly", campaign=campaign, fmt=fmt, quarter="2026-Q1")
        out[fmt] = exporter_get("quarterly").render(params)[2]
    return out


def test_the_pdf_states_score_band_groups_and_what_to_fix_first(quarter_files):
    text = pdf_text_raw(quarter_files["pdf"])
    assert "III. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH THEO QĐ 766 (ƯỚC TÍNH)" in text
    # conftest's January: 0 + 16 + 8 + 11,56 + 5,40 = 40,96 → Yếu; 8 of the 21 items have figures
    # the latest month with figures in the quarter is January
    assert "đến hết tháng 01/2026: đạt 40,96/100 điểm, xếp loại Yếu (8/21 chỉ số thành phần có số liệu" in text
    assert "Tiến độ, kết quả giải quyết" in text and "16,00" in text and "11,56" in text
    assert "không có số liệu" in text  # công khai, minh bạch: no figure can give it
    # the most points lost first: 2.1 loses 4, 4.1 loses 3, 3.6 loses 1,44
    fixes = text[text.index("Cần khắc phục trước") :]
    assert fixes.index("2.1 ") < fixes.index("4.1 ") < fixes.index("3.6 ")
    assert "thêm 24 hồ sơ thanh toán phí, lệ phí trực tuyến từ đầu năm → +1,44 điểm" in fixes
    assert "IV. ĐÁNH GIÁ CHUNG" in text


def test_the_xlsx_has_the_group_points_on_their_own_sheet(quarter_files):
    rows = [r for r in workbook(quarter_files["xlsx"])["Chỉ số QĐ 766"].iter_rows(values_only=True) if any(r)]
    by_name = {r[1]: r for r in rows if r and len(r) > 2}
    group = next(v for k, v in by_name.items() if k and str(k).startswith("Công khai"))
    assert group[2] == "không có số liệu"
    assert by_name["Tổng"][2] == "40,96"
