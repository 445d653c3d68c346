"""The shipped catalogue of docs/design.md section 6, installed by ``migrate`` (post_migrate).

Codes are stable: imports, exports and the province use them. ``catalogue_install`` is
idempotent: it creates what is missing and brings names and rules of shipped rows in line,
never touching a commune's own elements and indicators.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, transaction

from .models import DataElement, Field, Indicator, IndicatorTerm

# code, name, aggregation over time, field breakdown allowed, source, group
HS = "Hồ sơ thủ tục hành chính"
DG = "Đánh giá, phản ánh kiến nghị"
TT = "Thủ tục, dịch vụ công trực tuyến"
ND = "Người dân"
CB = "Cán bộ, công chức"
CC = "Cải cách hành chính"
M2 = "Mẫu biểu số 02"

ELEMENTS: list[tuple[str, str, str, bool, str, str]] = [
    ("HS_TIEP_NHAN", "Tổng số hồ sơ tiếp nhận", "sum", True, "unit_report", HS),
    ("HS_TRUC_TUYEN", "Số hồ sơ tiếp nhận trực tuyến", "sum", True, "unit_report", HS),
    ("HS_TRUC_TUYEN_MUC_3_4", "Số hồ sơ xử lý trực tuyến mức độ 3, 4", "sum", True, "unit_report", HS),
    ("HS_SO_HOA", "Số hồ sơ, kết quả được số hóa", "sum", True, "unit_report", HS),
    ("HS_TAI_SU_DUNG", "Số hồ sơ có khai thác, tái sử dụng dữ liệu số", "sum", True, "unit_report", HS),
    ("HS_GIAI_QUYET", "Số hồ sơ đã giải quyết", "sum", True, "unit_report", HS),
    ("HS_DUNG_HAN", "Số hồ sơ giải quyết đúng và trước hạn", "sum", True, "unit_report", HS),
    ("HS_BO_SUNG_NHIEU_LAN", "Số hồ sơ phải bổ sung quá một lần", "sum", True, "unit_report", HS),
    ("HS_DI_LAI_NHIEU_LAN", "Số hồ sơ người dân phải đi lại nhiều lần", "sum", True, "unit_report", HS),
    ("HS_CO_PHI", "Số hồ sơ có phí, lệ phí", "sum", True, "unit_report", HS),
    ("HS_THANH_TOAN_TRUC_TUYEN", "Số hồ sơ thanh toán phí, lệ phí trực tuyến", "sum", True, "unit_report", HS),
    ("KQ_DIEN_TU", "Số kết quả giải quyết cấp bản điện tử", "sum", False, "unit_report", HS),
    ("DG_TONG", "Số lượt đánh giá", "sum", True, "unit_report", DG),
    ("DG_HAI_LONG", "Số lượt đánh giá hài lòng, rất hài lòng", "sum", True, "unit_report", DG),
    ("PAKN_TONG", "Số phản ánh, kiến nghị đã xử lý", "sum", False, "unit_report", DG),
    ("PAKN_DUNG_HAN", "Số phản ánh, kiến nghị xử lý đúng hạn", "sum", False, "unit_report", DG),
    ("PAKN_HAI_LONG", "Số phản ánh, kiến nghị người dân hài lòng", "sum", False, "unit_report", DG),
    ("TTHC_DU_DIEU_KIEN", "Số TTHC đủ điều kiện trực tuyến toàn trình", "last", False, "unit_report", TT),
    ("TTHC_TOAN_TRINH", "Số TTHC đã cung cấp trực tuyến toàn trình", "last", False, "unit_report", TT),
    ("NGUOI_DEN_GIAO_DICH", "Lượt người đến giao dịch tại Bộ phận Một cửa", "sum", False, "unit_report", ND),
    ("NGUOI_DUOC_HUONG_DAN", "Lượt người được tuyên truyền, hướng dẫn DVC trực tuyến", "sum", False, "unit_report", ND),
    ("NGUOI_DUOC_HO_TRO", "Số người được hỗ trợ nộp hồ sơ trực tuyến", "sum", False, "unit_report", ND),
    ("NGUOI_TU_THAO_TAC", "Số người tự thao tác được sau khi hỗ trợ", "sum", False, "unit_report", ND),
    ("NGUOI_TRUONG_THANH", "Số người trưởng thành", "last", False, "unit_report", ND),
    ("NGUOI_DUNG_DVC", "Số người trưởng thành đã sử dụng DVC trực tuyến", "last", False, "unit_report", ND),
    ("BUOI_TUYEN_TRUYEN", "Số buổi tuyên truyền, hướng dẫn tại thôn", "sum", False, "unit_report", ND),
    ("SANG_KIEN", "Số sáng kiến cải cách hành chính được áp dụng", "sum", False, "unit_report", CC),
    ("KIEN_NGHI_CCHC", "Số kiến nghị cải cách TTHC gửi cấp trên", "sum", False, "unit_report", CC),
    ("KHAO_SAT", "Số đợt khảo sát sự hài lòng", "sum", False, "unit_report", CC),
    ("CBCC_TONG", "Tổng số cán bộ, công chức", "last", False, "unit_report", CB),
    ("CBCC_CHU_KY_SO", "Số CBCC sử dụng chữ ký số", "last", False, "unit_report", CB),
    ("CBCC_KY_NANG_SO", "Số CBCC được đào tạo kỹ năng số cơ bản", "last", False, "unit_report", CB),
    ("CBCC_KY_NANG_SO_NANG_CAO", "Số CBCC đạt chuẩn kỹ năng số nâng cao", "last", False, "unit_report", CB),
    ("M02_SO_HO", "Số hộ", "last", False, "mau_02", M2),
    ("M02_SO_KHAU", "Số khẩu", "last", False, "mau_02", M2),
    ("M02_CO_VNEID", "Người có VNeID", "last", False, "mau_02", M2),
    ("M02_CHUA_VNEID", "Người chưa có", "last", False, "mau_02", M2),
    ("M02_HS_TRUC_TUYEN", "Hồ sơ DVC trực tuyến", "last", False, "mau_02", M2),
    ("M02_HS_KQ_DIEN_TU", "Hồ sơ có kết quả điện tử", "last", False, "mau_02", M2),
    ("M02_HO_DANH_GIA", "Hộ đã đánh giá hài lòng", "last", False, "mau_02", M2),
    # issue 12: targets of the plans that had no figure (appended: the orders above stay)
    ("HS_XU_LY_TOAN_TRINH", "Số hồ sơ được xử lý hoàn toàn trực tuyến", "sum", True, "unit_report", HS),
    ("HS_TOAN_TRINH", "Số hồ sơ tiếp nhận của TTHC đủ điều kiện trực tuyến toàn trình", "sum", True, "unit_report", HS),
    ("HS_TOAN_TRINH_GIAY", "Số hồ sơ giấy tiếp nhận của TTHC đủ điều kiện toàn trình", "sum", True, "unit_report", HS),
    ("HS_CHUNG_THUC", "Số bản sao được chứng thực từ bản chính", "sum", False, "unit_report", HS),
    ("HS_CHUNG_THUC_DIEN_TU", "Số bản sao chứng thực điện tử từ bản chính", "sum", False, "unit_report", HS),
    (
        "HS_DONG_BO_DVCQG",
        "Số kết quả xử lý hồ sơ đồng bộ đầy đủ lên Cổng DVC quốc gia",
        "sum",
        False,
        "unit_report",
        HS,
    ),
    (
        "TG_QUY_DINH",
        "Tổng thời gian giải quyết theo quy định của hồ sơ đã giải quyết (ngày)",
        "sum",
        True,
        "unit_report",
        HS,
    ),
    ("TG_RUT_NGAN", "Tổng số ngày giải quyết sớm hơn thời gian quy định", "sum", True, "unit_report", HS),
    (
        "TTHC_NIEM_YET_TRUC_TUYEN",
        "Số TTHC đủ điều kiện đã niêm yết, hướng dẫn thực hiện trực tuyến",
        "last",
        False,
        "unit_report",
        TT,
    ),
    ("TTHC_THAM_QUYEN", "Số TTHC thuộc thẩm quyền giải quyết của xã", "last", False, "unit_report", TT),
    (
        "TTHC_KHONG_DIA_GIOI",
        "Số TTHC thực hiện không phụ thuộc địa giới hành chính trong tỉnh",
        "last",
        False,
        "unit_report",
        TT,
    ),
    ("THON_TONG", "Số thôn, tổ dân phố", "last", False, "unit_report", ND),
    ("THON_CO_TO_CNS", "Số thôn, tổ dân phố có Tổ công nghệ số cộng đồng", "last", False, "unit_report", ND),
    ("VB_NOI_BO", "Số văn bản trao đổi nội bộ", "sum", False, "unit_report", CB),
    ("VB_NOI_BO_DIEN_TU", "Số văn bản nội bộ xử lý trên môi trường điện tử", "sum", False, "unit_report", CB),
    ("RA_SOAT_TTHC", "Số đợt rà soát toàn bộ TTHC thuộc thẩm quyền của xã", "sum", False, "unit_report", CC),
]

# code, name, kind, numerator elements, denominator elements, direction
INDICATORS: list[tuple[str, str, str, list[str], list[str], str]] = [
    ("TL_HS_TRUC_TUYEN", "Tỷ lệ hồ sơ tiếp nhận trực tuyến", "ratio", ["HS_TRUC_TUYEN"], ["HS_TIEP_NHAN"], "higher"),
    (
        "TL_HS_MUC_3_4",
        "Tỷ lệ hồ sơ xử lý trực tuyến mức độ 3, 4",
        "ratio",
        ["HS_TRUC_TUYEN_MUC_3_4"],
        ["HS_TIEP_NHAN"],
        "higher",
    ),
    (
        "TL_DVC_TOAN_TRINH",
        "Tỷ lệ TTHC cung cấp trực tuyến toàn trình",
        "ratio",
        ["TTHC_TOAN_TRINH"],
        ["TTHC_DU_DIEU_KIEN"],
        "higher",
    ),
    (
        "TL_THANH_TOAN_TRUC_TUYEN",
        "Tỷ lệ thanh toán trực tuyến",
        "ratio",
        ["HS_THANH_TOAN_TRUC_TUYEN"],
        ["HS_CO_PHI"],
        "higher",
    ),
    ("TL_SO_HOA", "Tỷ lệ số hóa hồ sơ, kết quả", "ratio", ["HS_SO_HOA"], ["HS_TIEP_NHAN"], "higher"),
    (
        "TL_TAI_SU_DUNG",
        "Tỷ lệ khai thác, tái sử dụng dữ liệu số",
        "ratio",
        ["HS_TAI_SU_DUNG"],
        ["HS_TIEP_NHAN"],
        "higher",
    ),
    ("TL_KQ_DIEN_TU", "Tỷ lệ cấp kết quả điện tử", "ratio", ["KQ_DIEN_TU"], ["HS_GIAI_QUYET"], "higher"),
    ("TL_DUNG_HAN", "Tỷ lệ hồ sơ giải quyết đúng và trước hạn", "ratio", ["HS_DUNG_HAN"], ["HS_GIAI_QUYET"], "higher"),
    (
        "TL_BO_SUNG_NHIEU_LAN",
        "Tỷ lệ hồ sơ phải bổ sung quá một lần",
        "ratio",
        ["HS_BO_SUNG_NHIEU_LAN"],
        ["HS_TIEP_NHAN"],
        "lower",
    ),
    (
        "TL_DI_LAI_NHIEU_LAN",
        "Tỷ lệ hồ sơ phải đi lại nhiều lần",
        "ratio",
        ["HS_DI_LAI_NHIEU_LAN"],
        ["HS_TIEP_NHAN"],
        "lower",
    ),
    ("TL_HAI_LONG", "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC", "ratio", ["DG_HAI_LONG"], ["DG_TONG"], "higher"),
    (
        "TL_PAKN_DUNG_HAN",
        "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn",
        "ratio",
        ["PAKN_DUNG_HAN"],
        ["PAKN_TONG"],
        "higher",
    ),
    (
        "TL_PAKN_HAI_LONG",
        "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị",
        "ratio",
        ["PAKN_HAI_LONG"],
        ["PAKN_TONG"],
        "higher",
    ),
    (
        "TL_HUONG_DAN",
        "Tỷ lệ người đến giao dịch được hướng dẫn DVC trực tuyến",
        "ratio",
        ["NGUOI_DUOC_HUONG_DAN"],
        ["NGUOI_DEN_GIAO_DICH"],
        "higher",
    ),
    (
        "TL_TU_THAO_TAC",
        "Tỷ lệ người được hỗ trợ tự thao tác được",
        "ratio",
        ["NGUOI_TU_THAO_TAC"],
        ["NGUOI_DUOC_HO_TRO"],
        "higher",
    ),
    (
        "TL_NGUOI_DUNG_DVC",
        "Tỷ lệ người trưởng thành sử dụng DVC trực tuyến",
        "ratio",
        ["NGUOI_DUNG_DVC"],
        ["NGUOI_TRUONG_THANH"],
        "higher",
    ),
    ("TL_VNEID", "Tỷ lệ người dân có tài khoản VNeID", "ratio", ["M02_CO_VNEID"], ["M02_SO_KHAU"], "higher"),
    ("TL_HO_DANH_GIA", "Tỷ lệ hộ đã đánh giá hài lòng", "ratio", ["M02_HO_DANH_GIA"], ["M02_SO_HO"], "higher"),
    (
        "TL_THON_TUYEN_TRUYEN",
        "Tỷ lệ thôn tuyên truyền ít nhất 1 lần/tháng",
        "village_share",
        ["BUOI_TUYEN_TRUYEN"],
        [],
        "higher",
    ),
    ("TL_CBCC_CHU_KY_SO", "Tỷ lệ CBCC sử dụng chữ ký số", "ratio", ["CBCC_CHU_KY_SO"], ["CBCC_TONG"], "higher"),
    ("TL_CBCC_KY_NANG_SO", "Tỷ lệ CBCC được đào tạo kỹ năng số", "ratio", ["CBCC_KY_NANG_SO"], ["CBCC_TONG"], "higher"),
    (
        "TL_CBCC_KY_NANG_SO_NANG_CAO",
        "Tỷ lệ CBCC đạt kỹ năng số nâng cao",
        "ratio",
        ["CBCC_KY_NANG_SO_NANG_CAO"],
        ["CBCC_TONG"],
        "higher",
    ),
    ("SO_SANG_KIEN", "Số sáng kiến CCHC được áp dụng", "count", ["SANG_KIEN"], [], "higher"),
    ("SO_BUOI_TUYEN_TRUYEN", "Số buổi tuyên truyền, hướng dẫn", "count", ["BUOI_TUYEN_TRUYEN"], [], "higher"),
    ("SO_KHAO_SAT", "Số đợt khảo sát sự hài lòng", "count", ["KHAO_SAT"], [], "higher"),
    ("SO_KIEN_NGHI_CCHC", "Số kiến nghị cải cách TTHC", "count", ["KIEN_NGHI_CCHC"], [], "higher"),
    # issue 12 (appended)
    (
        "TL_HS_XU_LY_TOAN_TRINH",
        "Tỷ lệ hồ sơ được xử lý hoàn toàn trực tuyến",
        "ratio",
        ["HS_XU_LY_TOAN_TRINH"],
        ["HS_TIEP_NHAN"],
        "higher",
    ),
    (
        "TL_HS_GIAY_TOAN_TRINH",
        "Tỷ lệ hồ sơ giấy của TTHC đủ điều kiện toàn trình",
        "ratio",
        ["HS_TOAN_TRINH_GIAY"],
        ["HS_TOAN_TRINH"],
        "lower",
    ),
    (
        "TL_TTHC_NIEM_YET",
        "Tỷ lệ TTHC đủ điều kiện được niêm yết, hướng dẫn thực hiện trực tuyến",
        "ratio",
        ["TTHC_NIEM_YET_TRUC_TUYEN"],
        ["TTHC_DU_DIEU_KIEN"],
        "higher",
    ),
    (
        "TL_TTHC_KHONG_DIA_GIOI",
        "Tỷ lệ TTHC thực hiện không phụ thuộc địa giới hành chính",
        "ratio",
        ["TTHC_KHONG_DIA_GIOI"],
        ["TTHC_THAM_QUYEN"],
        "higher",
    ),
    (
        "TL_CHUNG_THUC_DIEN_TU",
        "Tỷ lệ chứng thực bản sao điện tử từ bản chính",
        "ratio",
        ["HS_CHUNG_THUC_DIEN_TU"],
        ["HS_CHUNG_THUC"],
        "higher",
    ),
    (
        "TL_DONG_BO_DVCQG",
        "Tỷ lệ kết quả xử lý hồ sơ đồng bộ đầy đủ lên Cổng DVC quốc gia",
        "ratio",
        ["HS_DONG_BO_DVCQG"],
        ["HS_GIAI_QUYET"],
        "higher",
    ),
    (
        "TL_RUT_NGAN_THOI_GIAN",
        "Tỷ lệ thời gian giải quyết được rút ngắn so với quy định",
        "ratio",
        ["TG_RUT_NGAN"],
        ["TG_QUY_DINH"],
        "higher",
    ),
    (
        "TL_THON_CO_TO_CNS",
        "Tỷ lệ thôn, tổ dân phố có Tổ công nghệ số cộng đồng",
        "ratio",
        ["THON_CO_TO_CNS"],
        ["THON_TONG"],
        "higher",
    ),
    (
        "TL_VB_NOI_BO_DIEN_TU",
        "Tỷ lệ văn bản nội bộ xử lý trên môi trường điện tử",
        "ratio",
        ["VB_NOI_BO_DIEN_TU"],
        ["VB_NOI_BO"],
        "higher",
    ),
    ("SO_RA_SOAT_TTHC", "Số đợt rà soát toàn bộ TTHC", "count", ["RA_SOAT_TTHC"], [], "higher"),
]

# Fields (lĩnh vực) the plans name; a commune may add more in the admin.
FIELDS: list[tuple[str, str]] = [
    ("HO_TICH", "Hộ tịch"),
    ("CHUNG_THUC", "Chứng thực"),
    ("DAT_DAI", "Đất đai"),
    ("XAY_DUNG", "Xây dựng"),
    ("DAU_TU", "Đầu tư"),
    ("BAO_TRO_XA_HOI", "Bảo trợ xã hội"),
    ("NGUOI_CO_CONG", "Người có công"),
    ("HO_KINH_DOANH", "Hộ kinh doanh"),
    ("CU_TRU", "Cư trú"),
    ("TU_PHAP", "Tư pháp"),
    ("LAO_DONG", "Lao động, việc làm"),
    ("GIAO_DUC", "Giáo dục"),
    ("KHAC", "Lĩnh vực khác"),
]


@transaction.atomic
def catalogue_install() -> None:
    for order, (code, name) in enumerate(FIELDS, start=1):
        Field.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    elements: dict[str, DataElement] = {}
    for order, (code, name, agg, breakdown, source, group) in enumerate(ELEMENTS, start=1):
        elements[code], _ = DataElement.objects.update_or_create(
            commune=None,
            code=code,
            defaults={
                "name": name,
                "aggregation": agg,
                "allows_field_breakdown": breakdown,
                "source": source,
                "group": group,
                "order": order,
                "value_type": "integer",
            },
        )
    for order, (code, name, kind, num, den, direction) in enumerate(INDICATORS, start=1):
        indicator, _ = Indicator.objects.update_or_create(
            commune=None,
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "direction": direction,
                "decimals": 0 if kind == "count" else 2,
                "threshold": Decimal("1") if kind == "village_share" else None,
                "order": order,
            },
        )
        wanted = {(elements[c].pk, "num") for c in num} | {(elements[c].pk, "den") for c in den}
        have = set(indicator.terms.values_list("element_id", "role"))
        for element_id, role in wanted - have:
            IndicatorTerm.objects.create(indicator=indicator, element_id=element_id, role=role)
        for element_id, role in have - wanted:
            indicator.terms.filter(element_id=element_id, role=role).delete()


def install_on_migrate(sender, **kwargs) -> None:
    """post_migrate receiver: a fresh database has the catalogue."""
    tables = connection.introspection.table_names()
    if "indicators_indicatorterm" in tables and "indicators_field" in tables:
        catalogue_install()
