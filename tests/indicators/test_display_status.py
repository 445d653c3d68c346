from decimal import Decimal

from indicators.models import Attainment


def test_a_value_without_a_target_reads_chua_giao_chi_tieu_not_no_data():
    row = Attainment(value=Decimal("95.75"), target=None, status="khong_co_so_lieu")
    assert row.display_status == "chua_giao_chi_tieu"
    assert row.display_status_label == "Chưa giao chỉ tiêu"


def test_no_value_reads_no_data_and_a_decided_row_keeps_its_word():
    assert Attainment(value=None, target=Decimal("92"), status="khong_co_so_lieu").display_status_label == (
        "Không có số liệu"
    )
    assert Attainment(value=Decimal("92"), target=Decimal("92"), status="dat").display_status_label == "Đạt"
