"""The Mẫu 02 consistency rules (docs/design.md section 5, rule 10) at their edges."""

from households.validation import clean_figures, clean_visit

from .factories import GOOD


def figures(**changes):
    return {**GOOD, **changes}


def test_consistent_row_passes_with_no_warning():
    clean, errors, warnings = clean_figures(figures())
    assert errors == {} and warnings == {}
    assert clean["so_khau"] == 450


def test_vneid_holders_plus_non_holders_must_equal_persons():
    _, errors, _ = clean_figures(figures(chua_vneid=49))
    assert errors["chua_vneid"] == ["Người có VNeID (400) + Người chưa có (49) = 449, phải bằng Số khẩu (450)."]


def test_households_equal_to_persons_is_allowed_but_one_more_is_refused():
    _, errors, _ = clean_figures(figures(so_ho=450, ho_danh_gia=100))
    assert "so_ho" not in errors
    _, errors, _ = clean_figures(figures(so_ho=451))
    assert errors["so_ho"] == ["Số hộ (451) không được lớn hơn Số khẩu (450): mỗi hộ có ít nhất một người."]


def test_rated_households_may_equal_households_but_not_exceed():
    assert "ho_danh_gia" not in clean_figures(figures(ho_danh_gia=120))[1]
    _, errors, _ = clean_figures(figures(ho_danh_gia=121))
    assert errors["ho_danh_gia"] == ["Hộ đã đánh giá hài lòng (121) không được lớn hơn Số hộ (120)."]


def test_negative_decimal_thousands_and_text_are_refused_by_field():
    _, errors, _ = clean_figures(figures(so_ho=-1, so_khau="450,5", co_vneid="1.234", hs_truc_tuyen="ba mươi"))
    assert errors["so_ho"] == ["Số hộ không được là số âm."]
    assert errors["so_khau"][0].startswith("Số khẩu: “450,5” phải là số nguyên")
    # the one number rule (issue 15 item 7): "1.234" is 1234 here as on the weekly form
    assert "co_vneid" not in errors
    assert errors["hs_truc_tuyen"] == ["Hồ sơ DVC trực tuyến: “ba mươi” không phải là số."]


def test_fractional_number_is_refused_and_whole_float_accepted():
    assert clean_figures(figures(so_ho=12.5))[1]["so_ho"] == ["Số hộ phải là số nguyên (không có phần thập phân)."]
    assert "so_ho" not in clean_figures(figures(so_ho=120.0))[1]


def test_missing_figure_is_named():
    _, errors, _ = clean_figures(figures(ho_danh_gia=""))
    assert errors["ho_danh_gia"] == ["Chưa nhập Hộ đã đánh giá hài lòng."]


def test_more_e_results_than_online_dossiers_is_only_a_warning():
    clean, errors, warnings = clean_figures(figures(hs_truc_tuyen=30, hs_kq_dien_tu=31))
    assert errors == {}
    assert "Trung tâm sẽ kiểm tra lại" in warnings["hs_kq_dien_tu"][0]
    assert clean_figures(figures(hs_truc_tuyen=30, hs_kq_dien_tu=30))[2] == {}


def test_household_visit_rules_apply_per_household():
    _, errors = clean_visit({"household_code": "", "head_name": "", "members": 0, "members_vneid": 1})
    assert errors["household_code"] == ["Chưa nhập mã hộ hoặc số nhà."]
    assert errors["head_name"] == ["Chưa nhập tên chủ hộ."]
    assert errors["members"] == ["Số khẩu của hộ phải từ 1 trở lên."]
    assert errors["members_vneid"] == ["Số người có VNeID (1) không được lớn hơn Số khẩu của hộ (0)."]
    clean, errors = clean_visit({"household_code": "12", "head_name": "Lê Văn An", "members": 4, "members_vneid": 4})
    assert errors == {} and clean["online_dossiers"] == 0 and clean["rated"] is False
