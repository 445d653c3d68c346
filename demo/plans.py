"""The five source plans (the five commune plans the product was drawn from) as plain data, for ``seed_demo``.

Pure Python, no Django: the seed command reads these structures and builds provinces,
communes, units, villages, campaigns (cadences, forms, targets, tasks) and survey rounds.

Conventions (see docs/design.md sections 2, 4-6, 8):

* Weekday numbers: Monday = 0 ... Sunday = 6. Times are "HH:MM", Asia/Ho_Chi_Minh.
* Target values are Decimal: percent for ratio indicators (92 = 92%), plain counts for the
  SO_ count indicators. Count targets written "mỗi năm" / "/năm" in the plans are per calendar
  year (the campaign notes say so).
* Task ``lead_unit`` is a unit code; the special value ``"village"`` (used where a plan assigns
  a task to "Các xóm" / "Các thôn") means every village of the commune: the seed gives each
  village its own copy, so a village head sees and updates only their own.
* Campaign codes are unique across all communes (the bulk figures file identifies a campaign by
  its code alone), so the three extra Thái Nguyên communes get their own prefixes.
* Task contents, outputs, notes, titles and quotes keep the plans' words as written (including
  the source's spelling slips); every target quote is verbatim from its plan. A target with a
  2026 and a 2030 milestone quotes both sentences, joined by " | ".
* ``UNIT_NAME_OVERRIDES`` (optional, beyond the brief's schema) gives the name a plan uses for a
  standard unit in that commune; the seed may ignore it and use ``UNITS`` everywhere.
"""

import copy
from datetime import date
from decimal import Decimal

D = Decimal

# ---------------------------------------------------------------------------
# Provinces and communes
# ---------------------------------------------------------------------------

# Codes of the 34 provinces after the 2025 merger (the merged provinces kept these codes).
PROVINCES = [
    {"code": "24", "name": "Bắc Ninh"},
    {"code": "01", "name": "Hà Nội"},
    {"code": "19", "name": "Thái Nguyên"},
    {"code": "31", "name": "Hải Phòng"},
    {"code": "91", "name": "An Giang"},
]

# Commune codes are official-looking 5-digit codes in each province's range (not verified
# against the 2025 code list).
CL, DT, PL, NLB, VP = "09232", "00661", "05665", "11137", "31573"
LB, PX, QC = "05674", "05701", "05743"  # the three extra Thái Nguyên communes

COMMUNES = [
    {
        "code": CL,
        "name": "Chi Lăng",
        "province": "24",
        "village_word": "thôn",
        "villages": [
            "Thôn Chi Lăng",
            "Thôn Đông Du",
            "Thôn Yên Giả",
            "Thôn Mộ Đạo",
            "Thôn Đức Lân",
            "Thôn Xuân Bình",
            "Thôn Châm Khê",
            "Thôn Bất Phí",
            "Thôn Đồng Sài",
            "Thôn Phương Cầu",
        ],
        "signer_name": "Trần Trường Thịnh",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_mode": "KT. CHỦ TỊCH",
        "chair_name": "Nguyễn Văn Quang",
    },
    {
        "code": DT,
        "name": "Đại Thanh",
        "province": "01",
        "village_word": "thôn",
        "villages": [
            "Thôn Vĩnh Ninh",
            "Thôn Quỳnh Đô",
            "Thôn Tương Chúc",
            "Thôn Yên Phú",
            "Thôn Tả Thanh Oai",
            "Thôn Tự Khoát",
            "Thôn Hữu Thanh Oai",
            "Thôn Nhân Hòa",
            "Thôn Văn Uyên",
            "Thôn Đại Áng",
            "Thôn Siêu Quần",
            "Thôn Vĩnh Thịnh",
        ],
        "signer_name": "Nguyễn Văn Hưng",
        "signer_title": "CHỦ TỊCH",
        "signer_mode": "",
        "chair_name": "Nguyễn Văn Hưng",
    },
    {
        "code": PL,
        "name": "Phú Lạc",
        "province": "19",
        "village_word": "xóm",
        "villages": [f"Xóm {i}" for i in range(1, 13)],
        "signer_name": "Đinh Xuân Tuyên",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_mode": "KT. CHỦ TỊCH",
        "chair_name": "Hoàng Văn Sơn",
    },
    {
        "code": NLB,
        "name": "Nguyễn Lương Bằng",
        "province": "31",
        "village_word": "thôn",
        "villages": [
            "Thôn Hoàng Xá",
            "Thôn Phù Tải",
            "Thôn Thọ Xuân",
            "Thôn Đoàn Khê",
            "Thôn Lạc Dục",
            "Thôn Trâm Khê",
            "Thôn Thanh Giang",
            "Thôn Ngọc Lặc",
            "Thôn Phạm Lý",
            "Thôn Đồng Bình",
            "Thôn Tiền Hải",
        ],
        "signer_name": "Đoàn Văn Cát",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_mode": "KT. CHỦ TỊCH",
        "chair_name": "Phạm Văn Thắng",
    },
    {
        "code": VP,
        "name": "Vĩnh Phong",
        "province": "91",
        "village_word": "ấp",
        "villages": [
            "Ấp Vĩnh Thạnh",
            "Ấp Vĩnh Lợi",
            "Ấp Vĩnh Phú",
            "Ấp Vĩnh Hòa",
            "Ấp Vĩnh Thành",
            "Ấp Vĩnh Lộc",
            "Ấp Vĩnh Đông 1",
            "Ấp Vĩnh Đông 2",
            "Ấp Vĩnh Tây",
            "Ấp Vĩnh Phước",
        ],
        "signer_name": "Huỳnh Quốc Huy",
        "signer_title": "CHỦ TỊCH",
        "signer_mode": "",
        "chair_name": "Huỳnh Quốc Huy",
    },
    # Three more Thái Nguyên communes running the same 45-day push (KH 105/KH-UBND of the province).
    {
        "code": LB,
        "name": "La Bằng",
        "province": "19",
        "village_word": "xóm",
        "villages": [
            "Xóm Đồng Tâm",
            "Xóm Khuôn Ngục",
            "Xóm Lưu Quang",
            "Xóm Tiến Thành",
            "Xóm La Nạc",
            "Xóm Rừng Vần",
            "Xóm Đồng Tiến",
            "Xóm Non Bẹo",
            "Xóm Kẹm",
        ],
        "signer_name": "Lưu Văn Thành",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_mode": "KT. CHỦ TỊCH",
        "chair_name": "Dương Văn Toàn",
    },
    {
        "code": PX,
        "name": "Phú Xuyên",
        "province": "19",
        "village_word": "xóm",
        "villages": [
            "Xóm Na Lang",
            "Xóm Đồng Măng",
            "Xóm Minh Tiến",
            "Xóm Lập Thành",
            "Xóm Trung Na",
            "Xóm Đồng Cẩm",
            "Xóm Khuôn Lân",
            "Xóm Hòa Tiến",
            "Xóm Phú Thịnh",
            "Xóm Tân Yên",
        ],
        "signer_name": "Ma Thị Hồng",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_mode": "KT. CHỦ TỊCH",
        "chair_name": "Nông Văn Hải",
    },
    {
        "code": QC,
        "name": "Quân Chu",
        "province": "19",
        "village_word": "xóm",
        "villages": [
            "Xóm Đồng Cháy",
            "Xóm Đồng Chùa",
            "Xóm Quân Cay",
            "Xóm Đầm Mương",
            "Xóm Đồng Cả",
            "Xóm Cầu Trà",
            "Xóm Đồng Tranh",
            "Xóm Lượt",
        ],
        "signer_name": "Trần Quốc Khánh",
        "signer_title": "CHỦ TỊCH",
        "signer_mode": "",
        "chair_name": "Trần Quốc Khánh",
    },
]

# ---------------------------------------------------------------------------
# Units (docs/design.md section 8 codes). Villages get V01, V02, ... (kind "village") from the seed.
# ---------------------------------------------------------------------------

UNITS = [
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công", "centre"),
    ("VP", "Văn phòng HĐND-UBND", "department"),
    ("VHXH", "Phòng Văn hóa - Xã hội", "department"),
    ("KT", "Phòng Kinh tế", "department"),
    ("CA", "Công an xã", "police"),
    ("QS", "Ban Chỉ huy Quân sự", "military"),
    ("MTTQ", "Ủy ban MTTQ Việt Nam xã", "front"),
    ("TTDVTH", "Trung tâm dịch vụ tổng hợp", "centre"),
]

# Optional: the name a plan itself uses for a standard unit in that commune.
UNIT_NAME_OVERRIDES = {
    CL: {"TTDVTH": "Trung tâm Cung ứng dịch vụ sự nghiệp công"},
    DT: {"TTPVHCC": "Điểm phục vụ hành chính công"},
    NLB: {"TTDVTH": "Trung tâm Dịch vụ sự nghiệp công"},
    VP: {"TTDVTH": "Trung tâm Văn hóa, Thể thao và Truyền thanh"},
}

# ---------------------------------------------------------------------------
# Fields (lĩnh vực) the plans name
# ---------------------------------------------------------------------------

# The fields (lĩnh vực) the plans name are the catalogue's (indicators.catalogue.FIELDS): one list.

# ---------------------------------------------------------------------------
# Helpers for the forms (docs/design.md section 6 data element codes)
# ---------------------------------------------------------------------------

_ELEMENT_ORDER = [
    "HS_TIEP_NHAN",
    "HS_TRUC_TUYEN",
    "HS_TRUC_TUYEN_MUC_3_4",
    "HS_SO_HOA",
    "HS_TAI_SU_DUNG",
    "HS_GIAI_QUYET",
    "HS_DUNG_HAN",
    "HS_BO_SUNG_NHIEU_LAN",
    "HS_DI_LAI_NHIEU_LAN",
    "HS_CO_PHI",
    "HS_THANH_TOAN_TRUC_TUYEN",
    "KQ_DIEN_TU",
    "DG_TONG",
    "DG_HAI_LONG",
    "PAKN_TONG",
    "PAKN_DUNG_HAN",
    "PAKN_HAI_LONG",
    "TTHC_DU_DIEU_KIEN",
    "TTHC_TOAN_TRINH",
    "NGUOI_DEN_GIAO_DICH",
    "NGUOI_DUOC_HUONG_DAN",
    "NGUOI_DUOC_HO_TRO",
    "NGUOI_TU_THAO_TAC",
    "NGUOI_TRUONG_THANH",
    "NGUOI_DUNG_DVC",
    "BUOI_TUYEN_TRUYEN",
    "SANG_KIEN",
    "KIEN_NGHI_CCHC",
    "KHAO_SAT",
    "CBCC_TONG",
    "CBCC_CHU_KY_SO",
    "CBCC_KY_NANG_SO",
    "CBCC_KY_NANG_SO_NANG_CAO",
    # issue 12: elements of targets that had no figure
    "HS_XU_LY_TOAN_TRINH",
    "HS_TOAN_TRINH",
    "HS_TOAN_TRINH_GIAY",
    "HS_CHUNG_THUC",
    "HS_CHUNG_THUC_DIEN_TU",
    "HS_DONG_BO_DVCQG",
    "TG_QUY_DINH",
    "TG_RUT_NGAN",
    "TTHC_NIEM_YET_TRUC_TUYEN",
    "TTHC_THAM_QUYEN",
    "TTHC_KHONG_DIA_GIOI",
    "THON_TONG",
    "THON_CO_TO_CNS",
    "VB_NOI_BO",
    "VB_NOI_BO_DIEN_TU",
    "RA_SOAT_TTHC",
]

# Always reported by the centre and the departments, whatever the targets.
_CORE = ["HS_TIEP_NHAN", "HS_TRUC_TUYEN", "HS_GIAI_QUYET", "HS_DUNG_HAN"]
# The centre's own elements (docs/design.md section 8).
_CENTRE_EXTRA = [
    "TTHC_DU_DIEU_KIEN",
    "TTHC_TOAN_TRINH",
    "NGUOI_DEN_GIAO_DICH",
    "NGUOI_DUOC_HUONG_DAN",
    "NGUOI_DUOC_HO_TRO",
    "NGUOI_TU_THAO_TAC",
]
_CA = ["NGUOI_TRUONG_THANH", "NGUOI_DUNG_DVC"]
_VILLAGE = ["BUOI_TUYEN_TRUYEN"]


def _els(*groups):
    """Union of element lists, in catalogue order, without duplicates."""
    wanted = set()
    for g in groups:
        wanted.update(g)
    unknown = wanted.difference(_ELEMENT_ORDER)
    if unknown:
        raise ValueError(f"unknown data elements: {sorted(unknown)}")
    return [code for code in _ELEMENT_ORDER if code in wanted]


def _target(
    indicator,
    comparator,
    value,
    quote,
    floor=None,
    milestones=None,
    unit=None,
    field=None,
    window="period",
    applies_to="auto",
    unit_kind="",
):
    """One target as the plan words it. ``window``: "year" for "mỗi năm", "month" for "mỗi
    tháng" (indicators.models.TargetWindow); ``applies_to`` "each_unit" with ``unit_kind`` for
    "mỗi thôn", "mỗi phòng" (TargetAppliesTo); a commune count target binds no unit (rule 6)."""
    return {
        "window": window,
        "applies_to": applies_to,
        "unit_kind": unit_kind,
        "indicator": indicator,
        "comparator": comparator,
        "value": None if value is None else D(str(value)),
        "floor": None if floor is None else D(str(floor)),
        "milestones": None if milestones is None else {year: D(str(v)) for year, v in milestones.items()},
        "unit": unit,
        "field": field,
        "quote": quote,
    }


def _task(
    group,
    content,
    lead_unit,
    coordinating_units=(),
    start=None,
    deadline_kind="date",
    deadline=None,
    report_rhythm="",
    output="",
    note="",
):
    return {
        "group": group,
        "content": content,
        "lead_unit": lead_unit,
        "coordinating_units": list(coordinating_units),
        "start": start,
        "deadline_kind": deadline_kind,
        "deadline": deadline,
        "report_rhythm": report_rhythm,
        "output": output,
        "note": note,
    }


_DEPTS = ["VP", "VHXH", "KT"]  # "Các phòng chuyên môn"
_ALL_REPORTING = ["TTPVHCC", "VP", "VHXH", "KT"]

# ===========================================================================
# 1. Chi Lăng (Bắc Ninh) — phong trào thi đua 06–12/2026
# ===========================================================================

_CL_DEPT = _els(
    _CORE,
    [
        "HS_SO_HOA",
        "HS_TAI_SU_DUNG",
        "HS_CO_PHI",
        "HS_THANH_TOAN_TRUC_TUYEN",
        "KQ_DIEN_TU",
        "DG_TONG",
        "DG_HAI_LONG",
    ],
)

CAMPAIGN_CL = {
    "commune": CL,
    "code": "CL-TD-2026",
    "kind": "movement",
    "title": (
        "Phát động phong trào thi đua “Hướng dẫn, hỗ trợ người dân, doanh nghiệp thực hiện dịch vụ "
        "công trực tuyến, số hóa hồ sơ trong giải TTHC, gắn với khai thác, chia sẻ dữ liệu và ứng "
        "dụng chuyển đổi số trong tiếp nhận và giải quyết TTHC theo cơ chế một cửa, một cửa liên "
        "thông tại Bộ phận Một cửa xã Chi Lăng” năm 2026"
    ),
    "number": "/KH-UBND",
    # the plan: "Số: /KH-UBND", "Chi Lăng, ngày tháng 6 năm 2026" (number and day left blank)
    "issued_on": None,
    "issued_month": 6,
    "issued_year": 2026,
    "legal_basis": (
        "Thực hiện kế hoạch số 192/KH-UBND ngày 26/5/2026 của UBND tỉnh Bắc Ninh về phát động "
        "phong trào thi đua “Hướng dẫn, hỗ trợ người dân, doanh nghiệp thực hiện dịch vụ công trực "
        "tuyến, số hóa hồ sơ trong giải quyết TTHC, gắn với khai thác, chia sẻ dữ liệu và ứng dụng "
        "chuyển đổi số trong tiếp nhận và giải quyết TTHC theo cơ chế một cửa, một cửa liên thông "
        "tại Bộ phận Một cửa các cấp trên địa bàn tỉnh”."
    ),
    "start": date(2026, 6, 1),
    "end": date(2026, 12, 31),
    "lead_unit": "TTPVHCC",
    "notes": (
        "Bản kế hoạch để trống số và ngày ký (“Số: /KH-UBND”, “ngày tháng 6 năm 2026”): số và ngày "
        "để trống như văn bản (“Số: …/KH-UBND”, “ngày … tháng 6 năm 2026”). Thời gian thi đua “từ tháng 6/2026 đến hết tháng "
        "12/2026”: 01/6/2026–31/12/2026. Loại “movement” vì là phong trào thi đua (dù chỉ trong "
        "năm 2026). Kế hoạch chỉ nói các đơn vị báo cáo “định kỳ hằng quý, 6 tháng, năm” về Trung "
        "tâm Phục vụ hành chính công, không nêu hạn: chọn hạn 17:00 ngày 10 của tháng liền sau kỳ "
        "(quý II: 10/7; 6 tháng: 10/7; quý III: 10/10; quý IV và năm: 10/01/2027). Số liệu chỉ "
        "nhập trong báo cáo quý; báo cáo 6 tháng và năm chỉ có phần thuyết minh (biểu không có số "
        "liệu), số liệu 6 tháng, năm cộng dồn từ các quý. Riêng các thôn báo cáo số buổi tuyên "
        "truyền hằng tháng (hạn 17:00 ngày 05 tháng sau) vì chỉ tiêu “100% thôn ... ít nhất 01 "
        "lần/tháng” phải tính theo từng tháng. “Mức độ hài lòng ... đạt 100” hiểu là 100%. “Tỷ lệ "
        "hồ sơ thủ tục hành chính xử lý trực tuyến” tính bằng tỷ lệ hồ sơ tiếp nhận trực tuyến. "
        "“Trung tâm Cung ứng dịch vụ sự nghiệp công xã” ứng với đơn vị TTDVTH. Công an xã nhập số "
        "người trưởng thành, số người đã dùng DVC để theo dõi (kế hoạch không giao chỉ tiêu)."
    ),
    "cadences": [
        {"cadence": "monthly", "due_day": 5, "due_time": "17:00"},
        {"cadence": "quarterly", "due_day": 10, "due_time": "17:00"},
        {"cadence": "half_yearly", "due_day": 10, "due_time": "17:00"},
        {"cadence": "yearly", "due_day": 10, "due_time": "17:00"},
    ],
    "forms": {
        "monthly": {"village": list(_VILLAGE)},
        "quarterly": {
            "TTPVHCC": _els(_CL_DEPT, _CENTRE_EXTRA),
            "VP": list(_CL_DEPT),
            "VHXH": list(_CL_DEPT),
            "KT": list(_CL_DEPT),
            "CA": list(_CA),
        },
        # narrative-only reports: the figures come from the quarters
        "half_yearly": {"TTPVHCC": [], "VP": [], "VHXH": [], "KT": [], "CA": []},
        "yearly": {"TTPVHCC": [], "VP": [], "VHXH": [], "KT": [], "CA": []},
    },
    "targets": [
        _target(
            "TL_HUONG_DAN",
            ">=",
            100,
            "100% người dân, tổ chức đến thực hiện thủ tục hành chính tại Trung tâm Phục vụ "
            "Hành chính công xã được tuyên truyền, hướng dẫn về dịch vụ công trực tuyến, thanh "
            "toán trực tuyến, tái sử dụng dữ liệu số trong giải quyết thủ tục hành chính.",
        ),
        _target(
            "TL_TU_THAO_TAC",
            ">=",
            90,
            "Ít nhất 90% người dân được hỗ trợ có thể tự thao tác thực hiện dịch vụ công trực "
            "tuyến sau khi được hướng dẫn.",
        ),
        _target(
            "TL_SO_HOA",
            ">=",
            100,
            "100% hồ sơ, kết quả giải quyết thủ tục hành chính phát sinh được số hóa theo quy định.",
        ),
        _target(
            "TL_DVC_TOAN_TRINH",
            ">=",
            100,
            "100% thủ tục hành chính đủ điều kiện được thực hiện trực tuyến toàn trình được "
            "triển khai, hướng dẫn người dân sử dụng.",
        ),
        _target("TL_HS_TRUC_TUYEN", ">=", 100, "Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến đạt 100%."),
        _target(
            "TL_THANH_TOAN_TRUC_TUYEN",
            ">=",
            100,
            "Tỷ lệ thanh toán trực tuyến phí, lệ phí trong giải quyết thủ tục hành chính đạt 100%.",
        ),
        _target("TL_KQ_DIEN_TU", ">=", 100, "Tỷ lệ cấp kết quả giải quyết thủ tục hành chính điện tử đạt 100%."),
        _target(
            "TL_TAI_SU_DUNG",
            ">=",
            80,
            "Tỷ lệ khai thác, tái sử dụng dữ liệu số trong giải quyết thủ tục hành chính đạt từ 80% trở lên",
        ),
        _target("TL_DUNG_HAN", ">=", 98, "Tỷ lệ hồ sơ giải quyết đúng và trước hạn đạt từ 98% trở lên."),
        _target(
            "TL_HAI_LONG",
            ">=",
            100,
            "Mức độ hài lòng của người dân, tổ chức đối với việc giải quyết thủ tục hành chính đạt 100.",
        ),
        _target(
            "TL_THON_TUYEN_TRUYEN",
            ">=",
            100,
            "100% thôn thực hiện tuyên truyền về dịch vụ công trực tuyến và chuyển đổi số cộng "
            "đồng ít nhất 01 lần/tháng.",
        ),
        _target(
            "SO_BUOI_TUYEN_TRUYEN",
            ">=",
            1,
            "100% thôn thực hiện tuyên truyền về dịch vụ công trực tuyến và chuyển đổi số cộng "
            "đồng ít nhất 01 lần/tháng.",
            window="month",
            applies_to="each_unit",
            unit_kind="village",
        ),
    ],
    "untracked_targets": [
        (
            "100% cán bộ, công chức, viên chức làm việc tại Trung tâm Phục vụ Hành chính công thực "
            "hiện hỗ trợ người dân theo phương châm “cầm tay chỉ việc” trong tạo tài khoản, nộp hồ sơ "
            "trực tuyến, thanh toán trực tuyến và sử dụng ứng dụng VNeID.",
            "cách làm việc của từng người, đánh giá qua báo cáo bằng lời",
        ),
        "100% cán bộ, công chức thực hiện nghiêm kỷ luật, kỷ cương hành chính, văn hóa công sở, "
        "quy tắc ứng xử và phương châm “4 xin; xin chào, xin lỗi, xin cảm ơn, xin phép , 4 luôn; "
        "luôn mỉm cười, luôn nhẹ nhàng, luôn lắng nghe, luôn giúp đỡ ” trong phục vụ người dân, "
        "doanh nghiệp.",
    ],
    # each untracked target: its words, or (its words, why no figure computes it)
    "tasks": [
        _task(
            "IV.1. Trung tâm Phục vụ hành chính công xã",
            "Theo dõi, tổng hợp kết quả thực hiện các chỉ tiêu thi đua; định kỳ báo cáo UBND xã "
            "và cấp trên theo quy định.",
            "TTPVHCC",
            _DEPTS + ["CA", "TTDVTH", "MTTQ"],
            start=date(2026, 6, 1),
            deadline_kind="recurring",
            report_rhythm="hằng quý",
            output="Báo cáo quý, 6 tháng, năm gửi UBND xã và cấp trên",
            note="Các bộ phận, đơn vị liên quan định kỳ hằng quý, 6 tháng, năm báo cáo kết quả "
            "thực hiện về Trung tâm Phục vụ Hành chính công xã",
        ),
        _task(
            "IV.6. Các thôn, Tổ công nghệ số cộng đồng",
            "Tăng cường tuyên truyền, hướng dẫn người dân tại địa bàn dân cư thực hiện dịch vụ "
            "công trực tuyến, sử dụng VNeID, thanh toán không dùng tiền mặt trong giải quyết thủ "
            "tục hành chính.",
            "village",
            ["TTDVTH", "MTTQ"],
            start=date(2026, 6, 1),
            deadline_kind="recurring",
            report_rhythm="hằng tháng",
            output="Ít nhất 01 buổi tuyên truyền về dịch vụ công trực tuyến và chuyển đổi số "
            "cộng đồng mỗi tháng tại mỗi thôn",
            note="Nhịp hằng tháng theo chỉ tiêu “100% thôn thực hiện tuyên truyền ... ít nhất 01 lần/tháng”",
        ),
    ],
}

# ===========================================================================
# 2. Đại Thanh (Hà Nội) — phong trào thi đua 2026–2030
# ===========================================================================

_DT_DEPT = _els(
    _CORE,
    [
        "HS_SO_HOA",
        "HS_BO_SUNG_NHIEU_LAN",
        "HS_DI_LAI_NHIEU_LAN",
        "HS_CO_PHI",
        "HS_THANH_TOAN_TRUC_TUYEN",
        "DG_TONG",
        "DG_HAI_LONG",
        "SANG_KIEN",
    ],
)

CAMPAIGN_DT = {
    "commune": DT,
    "code": "DT-TD-2026-2030",
    "kind": "movement",
    "title": (
        "Phát động phong trào thi đua “Cải cách hành chính đồng bộ, Chính quyền phục vụ nhân dân” "
        "trên địa bàn xã Đại Thanh giai đoạn 2026 - 2030"
    ),
    "number": "/KH-UBND",
    # the plan: "Số: /KH-UBND", "Đại Thanh, ngày tháng năm 2026" (number, day and month blank)
    "issued_on": None,
    "issued_year": 2026,
    "legal_basis": (
        "Căn cứ Chỉ thị số 41-CT/TW ngày 26/12/2024 của Bộ Chính trị về tăng cường sự lãnh đạo của "
        "Đảng đối với công tác thi đua khen thưởng trong tình hình mới giai đoạn 2025 – 2030.\n\n"
        "Thực hiện Kế hoạch số 77/KH-UBND ngày 02/3/2026 của UBND thành phố Hà Nội về phong trào "
        "thi đua “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân” giai đoạn 2026 – "
        "2030; Các chương trình cải cách hành chính, chuyển đổi số và xây dựng chính quyền điện tử "
        "của Chính phủ và Thành phố Hà Nội nhằm đáp ứng yêu cầu nâng cao hiệu lực, hiệu quả quản lý "
        "nhà nước trong mô hình chính quyền địa phương hai cấp."
    ),
    "start": date(2026, 1, 1),
    "end": date(2030, 12, 31),
    "lead_unit": "VHXH",
    "notes": (
        "Bản kế hoạch để trống số và ngày ký (“Số: /KH-UBND”, “ngày tháng năm 2026”): số, ngày "
        "và tháng để trống như văn bản (“Số: …/KH-UBND”, “ngày … tháng … năm 2026”; ban hành sau Kế "
        "hoạch 77/KH-UBND ngày 02/3/2026 của Thành phố). Giai đoạn 2026–2030 tính từ 01/01/2026 đến 31/12/2030. Phòng Văn hóa – Xã hội chủ "
        "trì (mục V). “Điểm dịch vụ/phục vụ hành chính công” ứng với đơn vị TTPVHCC. Kế hoạch không "
        "nêu chế độ báo cáo; chọn báo cáo hằng quý (theo yêu cầu “định kỳ hằng quý công bố công "
        "khai” tỷ lệ đúng hạn và kết quả khảo sát), hạn 17:00 ngày 10 tháng đầu quý sau; số liệu "
        "năm cộng dồn từ các quý. Các mục tiêu “đến năm 2030” không có lộ trình áp dụng như chỉ "
        "tiêu cho cả giai đoạn. Các chỉ tiêu trùng nhau giữa mục II và mục III được gộp: đúng hạn "
        "≥99% (“Tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 99% trở lên”), số hóa 100%, hài lòng (mục "
        "II “trên 90%” chặt hơn mục III “90% trở lên”, dùng “> 90”), người dân sử dụng DVC trực "
        "tuyến (“tối thiểu 80%”, “80% trở lên vào năm 2030”, “70% vào năm 2028 và 80% vào năm "
        "2030” gộp thành mốc 2028: 70%, 2030: 80%; năm 2026–2027 áp mức 70%). Chỉ tiêu đếm “mỗi "
        "năm” (sáng kiến, kiến nghị, khảo sát, buổi tuyên truyền) tính theo năm dương lịch và cho "
        "toàn xã; “Mỗi phòng chuyên môn có ít nhất 01 sáng kiến” là chỉ tiêu riêng của VP, VHXH, "
        "KT. Chữ ký số, kỹ năng số của CBCC do Văn phòng nhập cho toàn xã."
    ),
    "cadences": [
        {"cadence": "quarterly", "due_day": 10, "due_time": "17:00"},
    ],
    "forms": {
        "quarterly": {
            "TTPVHCC": _els(_DT_DEPT, _CENTRE_EXTRA, ["TG_QUY_DINH", "TG_RUT_NGAN"]),
            "VP": _els(
                _DT_DEPT,
                [
                    "KIEN_NGHI_CCHC",
                    "KHAO_SAT",
                    "RA_SOAT_TTHC",
                    "VB_NOI_BO",
                    "VB_NOI_BO_DIEN_TU",
                    "THON_TONG",
                    "THON_CO_TO_CNS",
                    "CBCC_TONG",
                    "CBCC_CHU_KY_SO",
                    "CBCC_KY_NANG_SO",
                    "CBCC_KY_NANG_SO_NANG_CAO",
                ],
            ),
            "VHXH": list(_DT_DEPT),
            "KT": list(_DT_DEPT),
            "village": list(_VILLAGE),
            "CA": list(_CA),
        },
    },
    "targets": [
        _target(
            "TL_DUNG_HAN", ">=", 99, "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng và trước hạn đạt từ 99% trở lên."
        ),
        _target("TL_SO_HOA", ">=", 100, "Tỷ lệ hồ sơ thủ tục hành chính được số hóa đạt 100%."),
        _target(
            "TL_DVC_TOAN_TRINH",
            ">=",
            90,
            "Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình trên tổng số TTHC có đủ điều kiện đạt tối thiểu 90%.",
        ),
        _target(
            "TL_NGUOI_DUNG_DVC",
            ">=",
            None,
            "Tỷ lệ người dân biết sử dụng dịch vụ công trực tuyến đạt 70% vào năm 2028 và 80% vào năm 2030.",
            milestones={2028: 70, 2030: 80},
        ),
        _target(
            "TL_THANH_TOAN_TRUC_TUYEN",
            ">=",
            80,
            "Tỷ lệ thanh toán trực tuyến trong giải quyết thủ tục hành chính đạt tối thiểu 80%.",
        ),
        _target(
            "TL_HAI_LONG",
            ">",
            90,
            "Chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính đạt trên 90%.",
        ),
        _target(
            "SO_SANG_KIEN",
            ">=",
            2,
            "Mỗi năm có ít nhất 02 sáng kiến cải cách hành chính được áp dụng trong thực tiễn.",
            window="year",
        ),
        _target("TL_BO_SUNG_NHIEU_LAN", "<=", 5, "Tỷ lệ hồ sơ phải bổ sung quá một lần không vượt quá 5%."),
        _target(
            "SO_KIEN_NGHI_CCHC",
            ">=",
            2,
            "Mỗi năm đề xuất ít nhất 02 kiến nghị cải cách thủ tục hành chính gửi cấp trên.",
            window="year",
        ),
        _target("TL_CBCC_CHU_KY_SO", ">=", 100, "100% cán bộ, công chức sử dụng chữ ký số trong xử lý công việc."),
        _target("TL_DI_LAI_NHIEU_LAN", "<", 3, "Tỷ lệ hồ sơ phải đi lại nhiều lần giảm xuống dưới 3%."),
        _target("SO_KHAO_SAT", ">=", 1, "Ít nhất 01 đợt khảo sát sự hài lòng của người dân mỗi năm.", window="year"),
        _target("TL_CBCC_KY_NANG_SO", ">=", 100, "100% cán bộ, công chức được đào tạo kỹ năng số cơ bản."),
        _target("TL_CBCC_KY_NANG_SO_NANG_CAO", ">=", 30, "Ít nhất 30% cán bộ đạt chuẩn kỹ năng số nâng cao."),
        _target(
            "SO_SANG_KIEN",
            ">=",
            1,
            "Mỗi phòng chuyên môn có ít nhất 01 sáng kiến cải cách hành chính mỗi năm.",
            window="year",
            applies_to="each_unit",
            unit_kind="department",
        ),
        _target(
            "SO_BUOI_TUYEN_TRUYEN",
            ">=",
            10,
            "Mỗi năm tổ chức ít nhất 10 buổi tuyên truyền, hướng dẫn kỹ năng số cho người dân.",
            window="year",
        ),
        *[
            _target(
                "TL_RUT_NGAN_THOI_GIAN",
                ">=",
                20,
                "Phấn đấu rút ngắn tối thiểu 20% thời gian giải quyết đối với một số thủ tục hành "
                "chính phổ biến như: chứng thực, đăng ký hộ tịch, xác nhận hồ sơ hành chính, xác nhận cư trú.",
                field=f,
            )
            for f in ("CHUNG_THUC", "HO_TICH", "CU_TRU")
        ],
        _target(
            "SO_RA_SOAT_TTHC",
            ">=",
            2,
            "Các phòng chuyên môn và Điểm dịch vụ hành chính công tổ chức rà soát toàn bộ thủ tục "
            "hành chính thuộc thẩm quyền giải quyết của xã ít nhất 02 lần trong một năm.",
            window="year",
        ),
        _target("TL_VB_NOI_BO_DIEN_TU", ">=", 100, "100% văn bản trao đổi nội bộ được xử lý trên môi trường điện tử."),
        _target("TL_THON_CO_TO_CNS", ">=", 100, "100% thôn, tổ dân phố có tổ chuyên đổi số cộng đồng."),
    ],
    "untracked_targets": [
        (
            "Phát triển mạng lưới “Tổ chuyển đổi số cộng đồng” tại tất cả các thôn, tổ dân phố, mỗi tổ "
            "có từ 3 đến 5 thành viên hỗ trợ người dân sử dụng dịch vụ công trực tuyến.",
            "tổ ở mọi thôn theo dõi bằng TL_THON_CO_TO_CNS; số thành viên mỗi tổ chưa có số liệu",
        ),
    ],
    "tasks": [
        _task(
            "III.1. Thi đua cải cách thể chế và thủ tục hành chính",
            "Các phòng chuyên môn và Điểm dịch vụ hành chính công tổ chức rà soát toàn bộ thủ tục "
            "hành chính thuộc thẩm quyền giải quyết của xã ít nhất 02 lần trong một năm. Trên cơ "
            "sở rà soát, đề xuất cắt giảm các bước trung gian không cần thiết, chuẩn hóa quy "
            "trình xử lý hồ sơ theo hướng rõ trách nhiệm, rõ thời gian giải quyết.",
            "TTPVHCC",
            _DEPTS,
            start=date(2026, 1, 1),
            deadline_kind="recurring",
            report_rhythm="hằng năm",
            output="Kết quả rà soát (ít nhất 02 lần/năm); đề xuất cắt giảm các bước trung gian, "
            "chuẩn hóa quy trình xử lý hồ sơ",
            note="Ít nhất 02 lần trong một năm",
        ),
        _task(
            "V. Tổ chức thực hiện",
            "Phòng Văn hóa – Xã hội chủ trì tham mưu UBND xã tổ chức triển khai thực hiện kế "
            "hoạch; phối hợp với các phòng, ban, đơn vị liên quan hướng dẫn, đôn đốc, kiểm tra "
            "việc thực hiện phong trào thi đua; tham mưu công tác sơ kết, tổng kết và khen thưởng.",
            "VHXH",
            ["VP", "KT", "TTPVHCC"],
            start=date(2026, 1, 1),
            deadline_kind="recurring",
            report_rhythm="hằng năm",
            output="Sơ kết, khen thưởng hằng năm; tập thể, cá nhân có thành tích xuất sắc được "
            "tặng Giấy khen hoặc đề nghị cấp trên khen thưởng",
            note="Văn phòng HĐND – UBND xã phối hợp tổng hợp kết quả (khen thưởng hằng năm)",
        ),
        _task(
            "IV.3. Khen thưởng tổng kết giai đoạn",
            "Kết thúc giai đoạn 2026 – 2030, UBND xã tổ chức tổng kết phong trào thi đua; lựa "
            "chọn các tập thể, cá nhân có thành tích tiêu biểu để đề nghị khen thưởng.",
            "VHXH",
            ["VP"],
            deadline_kind="quarter",
            deadline="2030-Q4",
            output="Báo cáo tổng kết giai đoạn 2026 – 2030; danh sách đề nghị khen thưởng",
            note="Phòng Văn hóa – Xã hội tham mưu, Văn phòng HĐND – UBND xã phối hợp",
        ),
    ],
}

# ===========================================================================
# 3. Phú Lạc (Thái Nguyên) — đợt cao điểm 45 ngày đêm 30/10–15/12/2025
# ===========================================================================

_PL_DEPT = _els(
    _CORE,
    [
        "HS_SO_HOA",
        "HS_CO_PHI",
        "HS_THANH_TOAN_TRUC_TUYEN",
        "KQ_DIEN_TU",
        "DG_TONG",
        "DG_HAI_LONG",
        "PAKN_TONG",
        "PAKN_DUNG_HAN",
        "PAKN_HAI_LONG",
    ],
)

_PL_766 = (
    "Căn cứ Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ về phê duyệt Bộ chỉ "
    "số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện "
    "thủ tục hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử"
)
_PL_105 = (
    "Thực hiện kế hoạch số 105/KH-UBND ngày 30/10/2025 của Chủ tịch UBND tỉnh Thái Nguyên về "
    "triển khai thực hiện dịch vụ công trực tuyến, số hóa hồ sơ trên địa bàn tỉnh Thái Nguyên."
)

_G_PL = [
    "1. Trung tâm PVHCC",
    "2. Tổ hỗ trợ DVC trực tuyến",
    "3. Phòng kinh tế",
    "4. Phòng Văn hóa",
    "5. Văn phòng HĐND – UBND",
    "6. Công an, BCH Quân sự xã",
    "7. Trung tâm dịch vụ Tổng hợp",
    "8. Các xóm, Tổ công nghệ số cộng đồng",
    "9. Ủy ban Mặt trận Tổ quốc Việt Nam xã (mục V.6 Kế hoạch)",
]

_PL_TASKS = [
    _task(
        _G_PL[0],
        "Tham mưu Kế hoạch thực hiện, tham mưu thành lập Tổ hỗ trợ DVC trực tuyến",
        "TTPVHCC",
        ["MTTQ"],
        deadline=date(2025, 11, 3),
        output="Kế hoạch thực hiện; quyết định thành lập Tổ hỗ trợ DVC trực tuyến",
        note="Xong trước ngày 03/11/2025.",
    ),
    _task(
        _G_PL[0],
        "Bố trí “Tổ hỗ trợ DVC trực tuyến” tại Bộ phận Một cửa",
        "TTPVHCC",
        ["MTTQ"],
        deadline=date(2025, 11, 5),
        output="“Tổ hỗ trợ DVC trực tuyến” trực hỗ trợ tại Bộ phận Một cửa",
        note="Xong trước ngày 05/11/2025.",
    ),
    _task(
        _G_PL[0],
        "Cán bộ hỗ trợ trực tiếp, qua điện thoại hoặc mạng xã hội",
        "TTPVHCC",
        [],
        deadline_kind="recurring",
        output="Người dân, doanh nghiệp được hỗ trợ trực tiếp, qua điện thoại hoặc mạng xã hội",
        note="Thực hiện thường xuyên",
    ),
    _task(
        _G_PL[0],
        "Bộ phận Văn phòng & tổng hợp của Trung tâm Phục vụ hành chính công xã: tổng hợp số liệu, báo cáo hằng tuần.",
        "TTPVHCC",
        ["VP", "VHXH", "KT"],
        deadline_kind="recurring",
        report_rhythm="hằng tuần",
        output="Báo cáo hàng tuần và cuối đợt (45 ngày) về số lượng hồ sơ trực tuyến, tỷ lệ xử "
        "lý đúng hạn, phản hồi của người dân",
        note="Thực hiện thường xuyên",
    ),
    _task(
        _G_PL[1],
        "Hướng dẫn Doanh nghiệp và Công dân đăng nhập tài khoản DVC, chữ ký số, thanh toán trực tuyến",
        "TTPVHCC",
        ["MTTQ"],
        start=date(2025, 11, 5),
        deadline=date(2025, 12, 15),
        output="Doanh nghiệp, công dân được hướng dẫn đăng nhập tài khoản DVC, chữ ký số, thanh toán trực tuyến",
        note="Bắt đầu từ ngày 05/11/2025. Kết thúc nhiệm vụ 15/12/2025. Tổ hỗ trợ DVC trực "
        "tuyến đặt tại Bộ phận Một cửa (TTPVHCC), có đoàn viên thanh niên tham gia",
    ),
    _task(
        _G_PL[2],
        "Tham mưu bố trí kinh phí thực hiện các nhiệm vụ của Kế hoạch",
        "KT",
        ["TTPVHCC"],
        deadline=date(2025, 11, 15),
        output="Kinh phí thực hiện các nhiệm vụ của Kế hoạch được bố trí",
        note="Hoàn thành trước 15/11/2025.",
    ),
    _task(
        _G_PL[2],
        "Chỉ đạo các chuyên viên xử lý hồ sơ TTHC thực hiện kế hoạch",
        "KT",
        [],
        deadline=date(2025, 11, 15),
        output="Chuyên viên xử lý hồ sơ TTHC của phòng thực hiện kế hoạch",
        note="Hoàn thành trước 15/11/2025.",
    ),
    _task(
        _G_PL[3],
        "Chỉ đạo các chuyên viên xử lý hồ sơ TTHC thực hiện kế hoạch",
        "VHXH",
        [],
        start=date(2025, 11, 3),
        deadline_kind="recurring",
        output="Chuyên viên xử lý hồ sơ TTHC của phòng thực hiện kế hoạch",
        note="Bắt đầu từ ngày 03/11/2025. Thực hiện thường xuyên",
    ),
    _task(
        _G_PL[3],
        "Chủ trì, phối hợp với TTPVHCC, TTDVTH xã thực hiện nhiệm vụ tuyên truyền bằng các hình thức phù hợp",
        "VHXH",
        ["TTPVHCC", "TTDVTH"],
        deadline=date(2025, 11, 10),
        output="Tài liệu hướng dẫn, tuyên truyền gửi các xóm và nhân dân trên địa bàn xã",
        note="Hoàn thành trước ngày 10/11/2025",
    ),
    _task(
        _G_PL[4],
        "Rà soát, đăng ký cấp chữ ký số cá nhân chuyên dùng Chính phủ cho 100% cán bộ, công "
        "chức, viên chức tham gia vào quá trình giải quyết TTHC",
        "VP",
        ["VHXH", "KT", "TTPVHCC"],
        deadline=date(2025, 11, 15),
        output="100% cán bộ, công chức, viên chức tham gia giải quyết TTHC có chữ ký số cá nhân chuyên dùng Chính phủ",
        note="Hoàn thành trước ngày 15/11/2025",
    ),
    _task(
        _G_PL[4],
        "Chỉ đạo các chuyên viên xử lý hồ sơ TTHC thực hiện kế hoạch",
        "VP",
        [],
        deadline_kind="recurring",
        output="Chuyên viên xử lý hồ sơ TTHC của Văn phòng thực hiện kế hoạch",
        note="Thực hiện thường xuyên",
    ),
    _task(
        _G_PL[5],
        "Rà soát việc cài đặt định danh điện tử toàn thể người dân trên địa bàn xã, thực hiện "
        "việc báo cáo tại Mẫu biểu số 02 gửi kèm theo kế hoạch này.",
        "CA",
        ["QS"],
        deadline=date(2025, 12, 13),
        output="Mẫu biểu số 02 (cột Người có VNeID, Người chưa có) của từng xóm",
        note="Hoàn thành trước 13/12/2025.",
    ),
    _task(
        _G_PL[5],
        "Cử thành viên Tổ an ninh trật tự ở cơ sở, Thôn đội trưởng tham gia Tổ công nghệ số cộng "
        "đồng hỗ trợ công dân thực hiện Dịch vụ công trực tuyến và sử dụng VneID, ... trực tiếp "
        "tại xóm",
        "CA",
        ["QS"],
        deadline=date(2025, 12, 13),
        output="Thành viên Tổ an ninh trật tự ở cơ sở, Thôn đội trưởng tham gia Tổ công nghệ số cộng đồng các xóm",
        note="Hoàn thành trước 13/12/2025. Tham gia rà soát và hướng dẫn công dân đánh giá sự "
        "hài lòng sau khi nhận kết quả giải quyết TTHC trực tuyến",
    ),
    _task(
        _G_PL[6],
        "Tổ chức đợt cao điểm tuyên truyền “45 ngày đêm DVC trực tuyến” trên các kênh: hệ thống "
        "truyền thanh, trang thông tin điện tử xã; mạng xã hội, pano, khẩu hiệu tại trụ sở UBND "
        "xã, xóm.",
        "TTDVTH",
        ["TTPVHCC", "MTTQ"],
        start=date(2025, 11, 3),
        deadline=date(2025, 11, 10),
        output="Tin, bài, video hướng dẫn trên hệ thống truyền thanh, trang thông tin điện tử xã, "
        "mạng xã hội; pano, khẩu hiệu tại trụ sở UBND xã, xóm",
        note="Hoàn thành trước ngày 10/11/2025 và tiếp tục thực hiện tuyên truyền định kỳ hàng tuần.",
    ),
    _task(
        _G_PL[7],
        "Thực hiện việc tiếp nhận tờ rơi, video, ... để phát cho nhân dân và phát trên loa Kế "
        "hoạch đợt cao điểm 45 ngày đêm thực hiện dịch vụ công trực tuyến.",
        "village",
        ["TTDVTH"],
        start=date(2025, 11, 3),
        deadline=date(2025, 11, 10),
        output="Tờ rơi được phát cho nhân dân; Kế hoạch được phát trên loa",
        note="Bắt đầu từ ngày 03/11/2025. Hoàn thành trước ngày 10/11/2025",
    ),
    _task(
        _G_PL[7],
        "Thực hiện nhiệm vụ với phương châm đi từng ngõ, gõ từng nhà để rà soát các hộ gia đình "
        "và công dân thực hiện TTHC trong thời gian từ 01/7/2025 – 30/11/2025 để tổng hợp thành "
        "biểu (Theo mẫu số 02 gửi kèm Kế hoạch này).",
        "village",
        ["CA", "QS"],
        start=date(2025, 11, 3),
        deadline=date(2025, 12, 10),
        output="Mẫu biểu số 02 của xóm (Số hộ, Số khẩu, Người có VNeID, Người chưa có, Hồ sơ DVC "
        "trực tuyến, Hồ sơ có kết quả điện tử, Hộ đã đánh giá hài lòng)",
        note="Bắt đầu từ ngày 03/11/2025. Hoàn thành trước ngày 10/12/2025",
    ),
    _task(
        _G_PL[7],
        "Tuyên truyền, hướng dẫn, hỗ trợ công dân giải quyết TTHC trực tiếp tại các nhà văn hóa "
        "xóm theo trên cơ sở lồng ghép với các buổi họp xóm",
        "village",
        ["MTTQ"],
        start=date(2025, 11, 3),
        deadline=date(2025, 12, 10),
        output="Các buổi tuyên truyền, hướng dẫn tại nhà văn hóa xóm",
        note="Bắt đầu từ ngày 03/11/2025. Hoàn thành trước ngày 10/12/2025",
    ),
    _task(
        _G_PL[8],
        "Đề nghị Đoàn thanh niên lập danh sách cán bộ, công chức, viên chức, Đoàn viên thanh niên "
        "tham gia “Tổ hỗ trợ DVC trực tuyến” và phân công nhiệm vụ trực hỗ trợ tại TTPVHCC gửi "
        "về TTPVHCC trước 17 giờ, ngày 03/11/2025 để tổng hợp tham mưu quyết định thành lập.",
        "MTTQ",
        ["TTPVHCC"],
        deadline=date(2025, 11, 3),
        output="Danh sách thành viên “Tổ hỗ trợ DVC trực tuyến” và lịch trực hỗ trợ tại TTPVHCC",
        note="Trước 17 giờ, ngày 03/11/2025 (nhiệm vụ nêu ở mục V.6, không có trong Mẫu biểu số 01)",
    ),
]

_PL_TARGETS = [
    _target("TL_HS_TRUC_TUYEN", ">=", 92, "Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến đạt từ 92% trở lên"),
    _target(
        "TL_DVC_TOAN_TRINH",
        ">=",
        100,
        "trong đó, tỷ lệ dịch vụ công trực tuyến toàn trình trên tổng số TTHC đủ điều kiện đạt 100%",
    ),
    _target(
        "TL_THANH_TOAN_TRUC_TUYEN",
        ">=",
        80,
        "Hồ sơ TTHC thực hiện dịch vụ công trực tuyến có phát sinh phí, lệ phí được thanh toán "
        "trên Cổng dịch vụ công quốc gia đạt tối thiểu 80%",
    ),
    _target(
        "TL_HAI_LONG",
        ">=",
        90,
        "Người dân, doanh nghiệp đánh giá hài lòng, rất hài lòng trong tiếp nhận, giải quyết "
        "TTHC của cán bộ, công chức, viên chức trên Cổng dịch vụ công quốc gia đạt tỷ lệ tối "
        "thiểu 90%",
    ),
    _target("TL_SO_HOA", ">=", 100, "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 100%"),
    _target(
        "TL_KQ_DIEN_TU",
        ">=",
        100,
        "cấp bản điện tử đối với 100% kết quả giải quyết hồ sơ TTHC để trả cho tổ chức, cá nhân "
        "tại Kho quản lý dữ liệu điện tử của tổ chức, cá nhân theo quy định.",
    ),
    _target(
        "TL_CBCC_CHU_KY_SO",
        ">=",
        100,
        "Văn phòng chủ trì, phối hợp với các phòng, ban rà soát, đăng ký cấp chữ ký số cá nhân "
        "chuyên dùng Chính phủ cho 100% cán bộ, công chức, viên chức tham gia vào quá trình "
        "giải quyết TTHC để phục vụ công tác số hóa và tiếp nhận, giải quyết TTHC.",
    ),
    _target(
        "TL_HS_GIAY_TOAN_TRINH",
        "<=",
        0,
        "không tiếp nhận hồ sơ giấy đối với các TTHC đã đủ điều kiện thực hiện dịch vụ công trực tuyến toàn trình",
    ),
]

_PL_FORMS = {
    "weekly": {
        "TTPVHCC": _els(_PL_DEPT, _CENTRE_EXTRA),
        "VP": _els(_PL_DEPT, ["CBCC_TONG", "CBCC_CHU_KY_SO"]),
        "VHXH": list(_PL_DEPT),
        "KT": list(_PL_DEPT),
        "village": list(_VILLAGE),
        "CA": list(_CA),
    },
}

_PL_NOTES_COMMON = (
    "Báo cáo tuần: tuần tính từ thứ Năm đến thứ Tư, hạn trước 10:00 thứ Năm kế tiếp (“Định kỳ "
    "trước 10 giờ, ngày thứ 5 hằng tuần”); đợt bắt đầu 30/10/2025 đúng thứ Năm. Kế hoạch giao "
    "báo cáo tuần gửi Phòng Văn hóa – xã hội tổng hợp, còn TTPVHCC theo dõi chỉ tiêu trên Hệ thống "
    "EMC và là đầu mối tiếp nhận vướng mắc: trong sản phẩm, TTPVHCC là đơn vị chủ trì, duyệt báo "
    "cáo. Báo cáo cuối đợt (45 ngày) là báo cáo tổng hợp xuất sau 15/12/2025, không có kỳ nhập "
    "riêng. “Tổ hỗ trợ DVC trực tuyến” không phải đơn vị báo cáo: nhiệm vụ của Tổ giao TTPVHCC "
    "(Bộ phận Một cửa), MTTQ (Đoàn thanh niên) phối hợp. Nhiệm vụ của “Các xóm, Tổ công nghệ số "
    "cộng đồng” giao từng xóm (lead_unit “village”). Mẫu biểu số 01 không có cột kết quả đầu ra: "
    "kết quả ghi theo nội dung kế hoạch; ô “Phòng kinh tế” gộp hai việc được tách thành hai nhiệm "
    "vụ; thêm nhiệm vụ của MTTQ (mục V.6) vì có đơn vị và thời hạn. Thời hạn “Hoàn thành trước "
    "ngày 20/8/2025” cho việc xây dựng kế hoạch chi tiết (trước cả ngày ban hành) không đưa thành "
    "nhiệm vụ. Chỉ tiêu chữ ký số 100% (mục V.2) tính trên CBCC tham gia giải quyết TTHC do Văn "
    "phòng nhập. Các phòng báo cáo thêm phản ánh, kiến nghị vì báo cáo tuần phải nêu “phản hồi "
    "của người dân”. Đợt rà soát Mẫu biểu số 02: từ 01/7/2025 đến 30/11/2025, hạn 10/12/2025."
)

CAMPAIGN_PL = {
    "commune": PL,
    "code": "PL-45N-2025",
    "kind": "push",
    "title": (
        "Triển khai đợt cao điểm 45 ngày đêm thực hiện dịch vụ công trực tuyến, số hóa hồ sơ trên địa bàn xã Phú Lạc"
    ),
    "number": "91/KH-UBND",
    "issued_on": date(2025, 11, 3),
    "legal_basis": (
        _PL_766 + "; Chương trình hành động số 01-CT/ĐU ngày 17/7/2025 của Đảng ủy xã Phú Lạc về "
        "thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển "
        "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia trên địa bàn xã Phú Lạc."
        "\n\n" + _PL_105
    ),
    "start": date(2025, 10, 30),
    "end": date(2025, 12, 15),
    "lead_unit": "TTPVHCC",
    "notes": _PL_NOTES_COMMON,
    "cadences": [
        {"cadence": "weekly", "week_start": 3, "due_weekday": 3, "due_time": "10:00"},
    ],
    "forms": _PL_FORMS,
    "targets": _PL_TARGETS,
    # "các TTHC có phí, lệ phí phải được thanh toán trực tuyến" (mục 2.3) is TL_THANH_TOAN_TRUC_TUYEN
    "untracked_targets": [],
    "tasks": _PL_TASKS,
}


def _push_copy(commune_code, commune_name, code, number, issued_on):
    """The same 45-day push for another Thái Nguyên commune (its own plan is not in the seeds)."""
    c = copy.deepcopy(CAMPAIGN_PL)
    c["commune"] = commune_code
    c["code"] = code
    c["number"] = number
    c["issued_on"] = issued_on
    c["title"] = c["title"].replace("xã Phú Lạc", "xã " + commune_name)
    c["legal_basis"] = _PL_766 + ".\n\n" + _PL_105
    c["notes"] = (
        f"Kế hoạch riêng của xã {commune_name} không có trong bộ tài liệu gốc: demo dùng lại nội dung Kế hoạch "
        "91/KH-UBND ngày 03/11/2025 của xã Phú Lạc (cùng thực hiện Kế hoạch 105/KH-UBND ngày "
        "30/10/2025 của UBND tỉnh Thái Nguyên, yêu cầu mọi xã triển khai đợt cao điểm 45 ngày "
        "đêm); số, ngày ban hành và người ký là giả định; căn cứ bỏ Chương trình hành động của "
        "Đảng ủy xã Phú Lạc. "
    ) + _PL_NOTES_COMMON
    return c


CAMPAIGN_LB = _push_copy(LB, "La Bằng", "LB-45N-2025", "87/KH-UBND", date(2025, 10, 31))
CAMPAIGN_PX = _push_copy(PX, "Phú Xuyên", "PX-45N-2025", "95/KH-UBND", date(2025, 11, 3))
CAMPAIGN_QC = _push_copy(QC, "Quân Chu", "QC-45N-2025", "102/KH-UBND", date(2025, 11, 4))

# ===========================================================================
# 4. Nguyễn Lương Bằng (Hải Phòng) — DVC trực tuyến cấp độ 3, 4, 2026–2030
# ===========================================================================

_NLB_DEPT = _els(
    _CORE, ["HS_TRUC_TUYEN_MUC_3_4", "HS_XU_LY_TOAN_TRINH", "HS_BO_SUNG_NHIEU_LAN", "DG_TONG", "DG_HAI_LONG"]
)

CAMPAIGN_NLB = {
    "commune": NLB,
    "code": "NLB-DVC-2026-2030",
    "kind": "movement",
    "title": (
        "Đẩy mạnh sử dụng dịch vụ công trực tuyến cấp độ 3, cấp độ 4 trên địa bàn xã Nguyễn Lương "
        "Bằng giai đoạn 2026 - 2030"
    ),
    "number": "/KH-UBND",
    # the plan: "Số: /KH-UBND", "ngày 11 tháng 6 năm 2026" (only the number left blank)
    "issued_on": date(2026, 6, 11),
    "legal_basis": (
        "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện "
        "thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Công "
        "Dịch vụ công quốc gia;\n\n"
        "Căn cứ Thông tư số 03/2025/TT-VPCP ngày 15 tháng 9 năm 2025 của Văn phòng Chính phủ hướng "
        "dẫn thi hành một số nội dung của Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ "
        "về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một "
        "cửa và Công Dịch vụ công quốc gia;\n\n"
        "Căn cứ Quyết định số 282/QĐ-TTg ngày 12 tháng 02 năm 2026 của Thủ tướng Chính phủ ban hành "
        "Kế hoạch cải cách hành chính nhà nước trọng tâm giai đoạn 2026 - 2030;\n\n"
        "Căn cứ Quyết định số 1478/QĐ-UBND ngày 14 tháng 4 năm 2026 của Ủy ban nhân dân thành phố "
        "Hải Phòng về việc Ban hành Kế hoạch cải cách hành chính nhà nước trọng tâm giai đoạn 2026 "
        "- 2030 của thành phố Hải Phòng;\n\n"
        "Căn cứ Quyết định số 715/QĐ-UBND ngày 22 tháng 4 năm 2026 của Ủy ban nhân dân xã Nguyễn "
        "Lương Bằng về việc Ban hành Kế hoạch cải cách hành chính nhà nước trọng tâm giai đoạn "
        "2026 - 2030 của Ủy ban nhân dân xã Nguyễn Lương Bằng;"
    ),
    "start": date(2026, 6, 11),
    "end": date(2030, 12, 31),
    "lead_unit": "VP",
    "notes": (
        "Bản kế hoạch để trống số (“Số: /KH-UBND”): giữ như văn bản; ngày ban hành 11/6/2026 là "
        "ngày bắt đầu, kết thúc 31/12/2030. Loại “movement” vì là kế hoạch nhiều năm (không phải "
        "phong trào thi đua). Văn phòng HĐND và UBND xã chủ trì (mục IV.1). Chỉ tiêu có mốc năm "
        "2026 và năm 2030; các năm 2027–2029 nội suy tuyến tính. “Hồ sơ ... được xử lý hoàn toàn "
        "trực tuyến” tính bằng tỷ lệ hồ sơ tiếp nhận trực tuyến; “xử lý trực tuyến cấp độ 3, cấp độ "
        "4” bằng tỷ lệ hồ sơ mức độ 3, 4. “100% thủ tục hành chính đủ điều kiện được niêm yết, "
        "hướng dẫn thực hiện trực tuyến” tính bằng tỷ lệ TTHC trực tuyến toàn trình; “100% cán bộ, "
        "công chức xã được tập huấn kỹ năng hỗ trợ người dân nộp hồ sơ trực tuyến” tính bằng tỷ lệ "
        "CBCC được đào tạo kỹ năng số (Văn phòng nhập). Kế hoạch yêu cầu đánh giá theo tháng, quý, "
        "năm và “định kỳ hằng tháng đánh giá tỷ lệ hồ sơ trực tuyến theo từng lĩnh vực”, không nêu "
        "hạn: chọn báo cáo tháng, hạn 17:00 ngày 05 tháng sau, số liệu hồ sơ và đánh giá nhập theo "
        "lĩnh vực (hộ tịch, chứng thực, đất đai, xây dựng, đầu tư, bảo trợ xã hội, người có công, "
        "hộ kinh doanh); quý, năm cộng dồn từ tháng; thống kê tuần của TTPVHCC lấy từ hệ thống, "
        "không nhập riêng. Chỉ tiêu hài lòng lĩnh vực đất đai, xây dựng, đầu tư là chỉ tiêu riêng "
        "theo lĩnh vực (85% năm 2026, 90% năm 2030). “Trung tâm Dịch vụ sự nghiệp công xã” ứng với "
        "đơn vị TTDVTH."
    ),
    "cadences": [
        {"cadence": "monthly", "due_day": 5, "due_time": "17:00"},
    ],
    "forms": {
        "monthly": {
            "TTPVHCC": _els(_NLB_DEPT, _CENTRE_EXTRA, ["HS_XU_LY_TOAN_TRINH", "TTHC_NIEM_YET_TRUC_TUYEN"]),
            "VP": _els(_NLB_DEPT, ["CBCC_TONG", "CBCC_KY_NANG_SO"]),
            "VHXH": list(_NLB_DEPT),
            "KT": list(_NLB_DEPT),
            "village": list(_VILLAGE),
            "CA": list(_CA),
        },
    },
    "targets": [
        _target(
            "TL_HS_XU_LY_TOAN_TRINH",
            ">=",
            None,
            "Phân đầu tối thiểu 80% hồ sơ thủ tục hành chính được xử lý hoàn toàn trực tuyến. "
            "| 100% hồ sơ thủ tục hành chính được xử lý hoàn toàn trực tuyến.",
            milestones={2026: 80, 2030: 100},
        ),
        _target(
            "TL_HS_MUC_3_4",
            ">=",
            None,
            "Trong đó, có 65% trở lên hồ sơ thủ tục hành chính được xử lý trực tuyến cấp độ 3, "
            "cấp độ 4. | Trong đó, có 85% trở lên hồ sơ thủ tục hành chính được xử lý trực "
            "tuyến cấp độ 3, cấp độ 4.",
            milestones={2026: 65, 2030: 85},
        ),
        _target(
            "TL_NGUOI_DUNG_DVC",
            ">=",
            None,
            "50% người dân trưởng thành sử dụng dịch vụ công trực tuyến. | 70% người dân trưởng "
            "thành sử dụng dịch vụ công trực tuyến.",
            milestones={2026: 50, 2030: 70},
        ),
        _target(
            "TL_HAI_LONG",
            ">=",
            None,
            "Tối thiểu 90% người dân hài lòng khi sử dụng các dịch vụ công trực tuyến | Tối "
            "thiểu 95% người dân hài lòng khi sử dụng các dịch vụ công trực tuyến",
            milestones={2026: 90, 2030: 95},
        ),
        _target(
            "TL_HAI_LONG",
            ">=",
            None,
            "trong đó mức độ hài lòng về giải quyết các thủ tục hành chính lĩnh vực đất đai, "
            "xây dựng, đầu tư đạt tối thiểu 85%. | trong đó mức độ hài lòng về giải quyết các "
            "thủ tục hành chính lĩnh vực đất đai, xây dựng, đầu tư đạt tối thiểu 90%.",
            milestones={2026: 85, 2030: 90},
            field="DAT_DAI",
        ),
        _target(
            "TL_HAI_LONG",
            ">=",
            None,
            "trong đó mức độ hài lòng về giải quyết các thủ tục hành chính lĩnh vực đất đai, "
            "xây dựng, đầu tư đạt tối thiểu 85%. | trong đó mức độ hài lòng về giải quyết các "
            "thủ tục hành chính lĩnh vực đất đai, xây dựng, đầu tư đạt tối thiểu 90%.",
            milestones={2026: 85, 2030: 90},
            field="XAY_DUNG",
        ),
        _target(
            "TL_HAI_LONG",
            ">=",
            None,
            "trong đó mức độ hài lòng về giải quyết các thủ tục hành chính lĩnh vực đất đai, "
            "xây dựng, đầu tư đạt tối thiểu 85%. | trong đó mức độ hài lòng về giải quyết các "
            "thủ tục hành chính lĩnh vực đất đai, xây dựng, đầu tư đạt tối thiểu 90%.",
            milestones={2026: 85, 2030: 90},
            field="DAU_TU",
        ),
        _target(
            "TL_TTHC_NIEM_YET",
            ">=",
            100,
            "100% thủ tục hành chính đủ điều kiện được niêm yết, hướng dẫn thực hiện trực tuyến "
            "tại Bộ phận tiếp nhận và trả kết quả của xã.",
        ),
        _target(
            "TL_CBCC_KY_NANG_SO",
            ">=",
            100,
            "100% cán bộ, công chức xã được tập huấn kỹ năng hỗ trợ người dân nộp hồ sơ trực tuyến.",
        ),
    ],
    "untracked_targets": [
        "Bảo đảm 100% cán bộ, công chức trực tiếp tiếp nhận, giải quyết thủ tục hành chính sử "
        "dụng thành thạo hệ thống dịch vụ công trực tuyến.",
        (
            "Tập trung đẩy mạnh hồ sơ trực tuyến đối với các nhóm thủ tục hành chính có tần suất phát sinh cao:",
            "định hướng, không nêu con số; hồ sơ theo lĩnh vực có trong báo cáo tháng",
        ),
    ],
    "tasks": [
        _task(
            "IV.2. Trung tâm Phục vụ hành chính công xã",
            "Thống kê tỷ lệ hồ sơ trực tuyến hàng tuần, hàng tháng theo yêu cầu.",
            "TTPVHCC",
            ["VP"],
            start=date(2026, 6, 11),
            deadline_kind="recurring",
            report_rhythm="hằng tháng",
            output="Bảng thống kê tỷ lệ hồ sơ trực tuyến tuần, tháng (theo từng lĩnh vực)",
            note="Hàng tuần, hàng tháng; định kỳ hằng tháng đánh giá tỷ lệ hồ sơ trực tuyến theo từng lĩnh vực",
        ),
        _task(
            "IV.1. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã",
            "Theo dõi, tổng hợp kết quả thực hiện; tổng hợp, báo cáo, định kỳ, đột xuất khi có yêu cầu.",
            "VP",
            ["TTPVHCC", "VHXH", "KT"],
            start=date(2026, 6, 11),
            deadline_kind="recurring",
            report_rhythm="hằng tháng",
            output="Báo cáo định kỳ tháng, quý, năm và báo cáo đột xuất",
            note="Việc triển khai phải gắn với đánh giá định lượng kết quả theo tháng, quý, năm",
        ),
    ],
}

# ===========================================================================
# 5. Vĩnh Phong (An Giang) — kiểm soát TTHC năm 2026
# ===========================================================================

_VP_WEEKLY = _els(
    _CORE,
    [
        "HS_SO_HOA",
        "HS_TAI_SU_DUNG",
        "HS_CO_PHI",
        "HS_THANH_TOAN_TRUC_TUYEN",
        "KQ_DIEN_TU",
        "DG_TONG",
        "DG_HAI_LONG",
    ],
)
_VP_MONTHLY = ["PAKN_TONG", "PAKN_DUNG_HAN", "PAKN_HAI_LONG"]

_G_VP = [
    "1. Thực hiện các nhiệm vụ trong hoạt động kiểm soát thủ tục hành chính (Xây dựng văn bản "
    "chỉ đạo; rà soát danh sách cán bộ đầu mối)",
    "2. Niêm yết, công khai kịp thời, đầy đủ, chính xác thủ tục hành chính",
    "3. Tiếp tục triển khai thực hiện cơ chế Một cửa, Một cửa liên thông trong giải quyết thủ tục hành chính",
    "4. Đẩy nhanh số hóa hồ sơ, kết quả giải quyết thủ tục hành chính, gắn việc số hóa với việc "
    "thực hiện nhiệm vụ của cán bộ, công chức, viên chức trong quá trình tiếp nhận, giải quyết thủ "
    "tục hành chính; đẩy mạnh tái sử dụng dữ liệu đã được số hóa giữa các cơ quan, đơn vị",
    "5. Tổ chức thực hiện nghiêm việc tiếp nhận, xử lý, tháo gỡ các khó khăn, vướng mắc về quy "
    "định, thủ tục hành chính",
    "6. Công khai kết quả đánh giá chất lượng phục vụ người dân, doanh nghiệp theo Quyết định số "
    "766/QĐ-TTg ngày 23 tháng 6 năm 2022 của Thủ tướng Chính phủ",
    "7. Đẩy mạnh công tác thông tin, truyền thông, hướng dẫn, khuyến khích người dân, doanh nghiệp "
    "chủ động tham gia thực hiện và sử dụng dịch vụ công trực tuyến",
    "8. Các nội dung khác về hoạt động kiểm soát thủ tục hành chính, cải cách thủ tục hành chính",
    "9. Cải cách các quy định TTHC, quy định liên quan đến hoạt động kinh doanh (QDKD)",
    "10. Đổi mới việc thực hiện, giải quyết TTHC, cung cấp dịch vụ công phục vụ người dân, doanh nghiệp",
]

_Y1 = date(2026, 1, 1)
_LEAD_DEPTS = (
    "Chủ trì theo Phụ lục: Các phòng chuyên môn, các đơn vị có TTHC (Văn phòng "
    "HĐND-UBND làm đầu mối, Phòng Văn hóa - Xã hội, Phòng Kinh tế cùng thực hiện)"
)
_T = "Thời gian hoàn thành theo Phụ lục: "
_N_TT = "Nhóm: Sản phẩm truyền thông"
_N_HT = "Nhóm: Tổ chức hỗ trợ tại Bộ phận Một cửa và cộng đồng"
_DEPTS_C = ["VHXH", "KT", "TTPVHCC"]  # coordinating units when VP leads for "các phòng"

_VP_TASKS = [
    # 1.
    _task(
        _G_VP[0],
        "Ban hành Kế hoạch kiểm soát TTHC năm 2026 của xã",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="month",
        deadline="2026-02",
        output="Kế hoạch được ban hành; phân công nhiệm vụ, mốc thời gian, chế độ báo cáo",
    ),
    _task(
        _G_VP[0],
        "Rà soát, cập nhật danh sách cán bộ đầu mối kiểm soát TTHC",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="recurring",
        output="Danh sách đầu mối (họ tên, chức vụ, SĐT, email, nhiệm vụ)",
        note="Sau khi UBND tỉnh ban hành quy chế. " + _T + "Cập nhật khi có thay đổi",
    ),
    _task(
        _G_VP[0],
        "Ban hành quyết định/ Thông báo phân công nhiệm vụ đối với cán bộ đầu mối KSTTHC của xã",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q1",
        output="Quyết định/Thông báo phân công",
    ),
    _task(
        _G_VP[0],
        "Định kỳ tổng hợp, báo cáo kết quả KSTTHC (tháng/quý/năm) theo chế độ báo cáo của Kế hoạch",
        "TTPVHCC",
        _DEPTS,
        start=_Y1,
        deadline_kind="recurring",
        report_rhythm="hằng tháng",
        output="Báo cáo tháng/quý/năm; danh mục nhiệm vụ hoàn thành/chưa hoàn thành; kiến nghị xử lý",
        note="Báo cáo hàng tháng gửi VP UBND tỉnh. " + _T + "Hàng tháng số liệu báo cáo trước "
        "ngày 20; quý/năm theo yêu cầu tỉnh",
    ),
    _task(
        _G_VP[0],
        "Tham gia các đợt tập huấn nghiệp vụ, hội nghị, hội thảo, tọa đàm về hoạt động kiểm soát "
        "TTHC do Trung ương tổ chức, triển khai",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="recurring",
        output="Tham dự Hội nghị, Hội thảo, tọa đàm, ...",
        note="Theo Kế hoạch của tỉnh (Phụ lục ghi lệch cột: “Tham dự Hội nghị, Hội thảo, tọa "
        "đàm, ...” ở cột thời gian, “Theo Kế hoạch của tỉnh” ở cột kết quả)",
    ),
    _task(
        _G_VP[0],
        "Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2026",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q1",
        output="Kế hoạch rà soát quy định thủ tục hành chính năm 2026",
    ),
    _task(
        _G_VP[0],
        "Kế hoạch Phát động thi đua trong thực hiện công tác kiểm soát thủ tục hành chính, triển "
        "khai cơ chế một cửa, một cửa liên thông, thực hiện thủ tục hành chính trên môi trường "
        "điện tử và công tác truyền thông về kiểm soát thủ tục hành chính, phát hiện sáng kiến, "
        "cách làm mới, làm hay, gương điển hình tiêu biểu trong công tác cải cách TTHC năm 2026 "
        "trên địa bàn xã.",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q1",
        output="Kế hoạch Phát động thi đua được ban hành",
        note="Trên địa bàn xã",
    ),
    # 2.
    _task(
        _G_VP[1],
        "Rà soát văn bản QPPL/văn bản của bộ, ngành và của tỉnh để xác định TTHC mới/sửa đổi/bãi "
        "bỏ thuộc ngành, lĩnh vực quản lý",
        "TTPVHCC",
        _DEPTS,
        start=_Y1,
        deadline_kind="recurring",
        report_rhythm="hằng tháng",
        output="Danh mục TTHC biến động",
        note=_T + "Hàng tháng (01-12/2026)",
    ),
    _task(
        _G_VP[1],
        "Niên yết công khai TTHC tại Trung tâm Phục vụ hành chính công",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="recurring",
        output="TTHC niêm yết (tên thủ tục, mã QR)",
        note="Phục vụ công tác kiểm tra định kỳ/đột xuất. " + _T + "Thường xuyên",
    ),
    _task(
        _G_VP[1],
        "Niên yết công khai TTHC trên Trang TTĐT của xã",
        "VP",
        ["TTPVHCC", "VHXH", "KT"],
        deadline_kind="quarter",
        deadline="2026-Q1",
        output="TTHC niêm yết (tên thủ tục, mã QR); đường dẫn công khai; minh chứng niên yết",
        note="Phục vụ công tác kiểm tra định kỳ/đột xuất. " + _T + "Quý I/2026 hoàn thành "
        "chuẩn hóa niên yết; duy trì thường xuyên",
    ),
    # 3.
    _task(
        _G_VP[2],
        "Cập nhật danh mục TTHC tiếp nhận và trả kết quả tại Trung tâm Phục vụ hành chính công xã",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="recurring",
        output="Danh mục TTHC tiếp nhận tại Trung tâm Phục vụ hành chính công được cập nhật.",
        note=_T + "Theo quyết định của UBND tỉnh công bố",
    ),
    _task(
        _G_VP[2],
        "Rà soát, đề nghị điều chỉnh quy trình nội bộ giải quyết TTHC cấp xã (nếu có)",
        "VP",
        _DEPTS_C,
        deadline_kind="recurring",
        output="Văn bản đề nghị điều chỉnh (nếu có)",
        note=_LEAD_DEPTS + ". " + _T + "Theo quyết định của UBND tỉnh công bố.",
    ),
    _task(
        _G_VP[2],
        "Cập nhật quy trình điện tử trên Hệ thống thông tin giải quyết TTHC của tỉnh tương ứng "
        "quy trình nội bộ đã ban hành",
        "VP",
        _DEPTS_C,
        deadline_kind="quarter",
        deadline="2026-Q2",
        output="Quy trình điện tử được công bố",
        note="Điều kiện để theo dõi tiến độ, thống kê trẻ hạn. "
        + _LEAD_DEPTS
        + ". "
        + _T
        + "Quý II/2026; cập nhật phát sinh trong năm",
    ),
    _task(
        _G_VP[2],
        "Công khai thông tin đầu mối hỗ trợ (tiếp nhận - trả kết quả, hướng dẫn DVC trực tuyến, "
        "phản ánh kiến nghị) tại Bộ phận Một cửa và trên môi trường điện tử",
        "TTPVHCC",
        _DEPTS + ["TTDVTH"],
        deadline_kind="quarter",
        deadline="2026-Q1",
        output="Danh sách đầu mối; số điện thoại/email; quy trình tiếp nhận - phản hồi; niêm yết công khai",
        note="Bám nội dung “công khai đầu mối hỗ trợ...”. " + _T + "Quý I/2026 (hoàn thành "
        "công khai); duy trì cập nhật",
    ),
    _task(
        _G_VP[2],
        "Thực hiện công khai việc chậm trễ, những nhiều (nếu có) và kết quả xử lý; công khai xin "
        "lỗi khi trễ hạn theo quy định",
        "VP",
        _DEPTS_C,
        start=_Y1,
        deadline_kind="recurring",
        report_rhythm="hằng tháng",
        output="Thông báo/dăng tải công khai; hồ sơ xử lý; thống kê trẻ hạn và khắc phục",
        note="Bám nội dung “công khai việc chậm trễ, những nhiều...”. "
        + _LEAD_DEPTS
        + ". "
        + _T
        + "Hàng tháng; phát sinh theo vụ việc",
    ),
    _task(
        _G_VP[2],
        "Rà soát, hoàn thiện và ban hành/điều chỉnh Quy chế hoạt động của Bộ phận Một cửa phù hợp "
        "mô hình 02 cấp và giải quyết TTHC điện tử",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q2",
        output="Quy chế/Quy định được ban hành hoặc điều chỉnh; quy định rõ tiếp nhận - giải "
        "quyết - trả kết quả; phối hợp liên thông",
        note="Bám nội dung “tiếp tục rà soát, hoàn thiện, ban hành quy chế hoạt động...”",
    ),
    _task(
        _G_VP[2],
        "Trang bị thiết bị, giải pháp hỗ trợ quét QR/CCCD và tra cứu hồ sơ tại Bộ phận Một cửa",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q3",
        output="Điểm Một cửa có thiết bị/quy trình sử dụng; người dân tra cứu nhanh; giám nhập liệu",
        note="Bám nội dung “thiết bị đọc mã QR; CCCD...”. " + _T + "Theo quy định của tỉnh "
        "(Quý II/2026-triển khai tối thiểu; Quý III/2026- hoàn thiện)",
    ),
    # 4.
    _task(
        _G_VP[3],
        "Rà soát, xác định danh mục TTHC ưu tiên số hóa (TTHC phát sinh nhiều hồ sơ; TTHC liên "
        "thông; TTHC có kết quả tái sử dụng được)",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q1",
        output="Danh mục TTHC ưu tiên; kế hoạch triển khai theo nhóm TTHC",
        note="Ưu tiên nhóm TTHC có thể dùng lại dữ liệu/hồ sơ nhiều lần",
    ),
    _task(
        _G_VP[3],
        "Thực hiện quy trình số hóa trong tiếp nhận - giải quyết - trả kết quả (quy định bước số "
        "hóa, thời điểm số hóa, kiểm tra chất lượng bản số)",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q1",
        output="Quy trình nội bộ số hóa; hướng dẫn thao tác; checklist kiểm soát chất lượng (theo quy định của tỉnh)",
        note="Gắn trách nhiệm từng vị trí việc làm tại Bộ phận Một cửa",
    ),
    _task(
        _G_VP[3],
        "Thực hiện số hóa thành phần hồ sơ khi tiếp nhận: quét/định kèm bản số đúng cấu trúc, đầy đủ, rõ nét",
        "TTPVHCC",
        _DEPTS,
        start=_Y1,
        deadline_kind="recurring",
        report_rhythm="hằng tháng",
        output="Tỷ lệ hồ sơ được số hóa khi tiếp nhận; bản số đầy đủ thành phần",
        note="Thực hiện gắn với nhiệm vụ CBCCV. " + _T + "Hàng tháng (01-12/2026)",
    ),
    _task(
        _G_VP[3],
        "Thực hiện số hóa kết quả giải quyết TTHC và cấp kết quả điện tử/lưu kho dữ liệu kết quả",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="recurring",
        output="100% kết quả được số hóa và lưu kho; kết quả điện tử cung cấp cho cá nhân/tổ chức",
        note="Bám mục tiêu “100% số hóa kết quả; 100% cấp kết quả điện tử”. " + _T + "trong "
        "quá trình tiếp nhận (cột thời gian của Phụ lục ghi lệch “Trung tâm Phục vụ hành "
        "chính công”)",
    ),
    _task(
        _G_VP[3],
        "Triển khai tái sử dụng dữ liệu số hóa giữa các cơ quan: sử dụng lại thành phần hồ "
        "sơ/kết quả đã có, hạn chế yêu cầu nộp lại",
        "VP",
        _DEPTS_C,
        deadline_kind="quarter",
        deadline="2026-Q3",
        output="Tỷ lệ tái sử dụng đạt chỉ tiêu; quy trình hướng dẫn tái sử dụng; thông kê số lượt tái sử dụng",
        note="Bám chỉ tiêu “≥ 80% tái sử dụng dữ liệu số hóa” trong mục tiêu kế hoạch. "
        + _LEAD_DEPTS
        + ". "
        + _T
        + "Quý III/2026 (triển khai theo quy định của tỉnh); duy "
        "trì thường xuyên",
    ),
    _task(
        _G_VP[3],
        "Gắn trách nhiệm số hóa với đánh giá CBCCVC: đưa chỉ tiêu số hóa vào giao việc, theo dõi "
        "năng suất (số lượng/ tỷ lệ số hóa, chất lượng bản số)",
        "VP",
        _DEPTS_C,
        deadline_kind="quarter",
        deadline="2026-Q2",
        output="Bộ tiêu chí/ chỉ tiêu giao việc; kết quả đánh giá định kỳ; xử lý trường hợp không thực hiện",
        note="Bảo đảm “gắn việc số hóa với thực hiện nhiệm vụ của CBCCVC” theo yêu cầu nhiệm vụ "
        "3. " + _LEAD_DEPTS + ". " + _T + "Quý II/2026 (ban hành tiêu chí); áp dụng từ "
        "Quý III/2026",
    ),
    # 5.
    _task(
        _G_VP[4],
        "Thực hiện nghiêm xin lỗi tổ chức/cá nhân khi giải quyết trễ hạn và công khai kết quả xử "
        "lý theo quy định nội bộ của tỉnh",
        "TTPVHCC",
        _DEPTS,
        start=_Y1,
        deadline_kind="recurring",
        report_rhythm="hằng tháng",
        output="Thư xin lỗi/ thông báo xin lỗi; thông kê hồ sơ trễ hạn; biện pháp khắc phục",
        note="Bám nội dung “thực hiện xin lỗi khi trễ hạn...”. " + _T + "Hàng tháng (01-12/2026)",
    ),
    _task(
        _G_VP[4],
        "Tổ chức rà soát, xử lý hành vi nhũng nhiễu, gây phiền hà; công khai kết quả xử lý (nếu có)",
        "TTPVHCC",
        _DEPTS,
        start=_Y1,
        deadline_kind="recurring",
        report_rhythm="hằng quý",
        output="Quyết định xử lý/nhắc nhở; thông báo công khai; biện pháp phòng ngừa",
        note="Bám nội dung “công khai danh sách... xử lý nhũng nhiễu...”. " + _T + "Phát sinh "
        "trong năm 2026; tổng hợp theo quý",
    ),
    # 6.
    _task(
        _G_VP[5],
        "Thiết lập/chuẩn hóa đầu mối phụ trách công khai kết quả QĐ 766 tại UBND cấp xã (phân "
        "công rõ người cập nhật, người kiểm duyệt)",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q1",
        output="Quyết định/Thông báo phân công; danh sách đầu mối cập nhật",
        note="Bảo đảm duy trì cập nhật đều theo tuần/tháng",
    ),
    _task(
        _G_VP[5],
        "Trích xuất/tổng hợp kết quả đánh giá chất lượng phục vụ theo QĐ 766 (theo tuần/tháng): "
        "đúng hạn, quá hạn, hồ sơ trực tuyến, thanh toán trực tuyến, mức độ hài lòng...",
        "TTPVHCC",
        _DEPTS,
        start=_Y1,
        deadline_kind="recurring",
        report_rhythm="hằng tuần",
        output="Bảng số liệu tuần/tháng; file tổng hợp; nhận diện chỉ số thấp cần khắc phục",
        note="Nên chốt số liệu tuần vào 16h thứ Sáu; tháng trước trước ngày 20 (đề xuất). "
        + _T
        + "Hàng tuần; hàng tháng (01-12/2026)",
    ),
    _task(
        _G_VP[5],
        "Thực hiện công khai kết quả theo tuần/tháng trên Cổng thông tin điện tử của đơn vị và "
        "phương tiện truyền thông phù hợp",
        "TTPVHCC",
        _DEPTS,
        start=_Y1,
        deadline_kind="recurring",
        report_rhythm="hằng tuần",
        output="Bài đăng/công khai bảng chỉ số; đường dẫn công khai; minh chứng đăng tải",
        note="Bám yêu cầu “công khai... định kỳ tháng, tuần... trên Cổng TTĐT và phương tiện "
        "truyền thông”. " + _T + "Hàng tuần; hàng tháng",
    ),
    _task(
        _G_VP[5],
        "Công khai danh sách hồ sơ trễ hạn, lý do, biện pháp khắc phục và kết quả xử lý (nếu có) "
        "để cải thiện chỉ số chất lượng phục vụ",
        "TTPVHCC",
        _DEPTS,
        start=_Y1,
        deadline_kind="recurring",
        report_rhythm="hằng tháng",
        output="Danh sách/ báo thông công khai; kế hoạch khắc phục; báo cáo giám trẻ hạn",
        note="Liên thông nhiệm vụ xin lỗi trễ hạn và kỷ luật công vụ",
    ),
    _task(
        _G_VP[5],
        "Phân tích chỉ số, xác định nguyên nhân điểm thấp (qua hạn, trả bổ sung nhiều lần, hồ sơ "
        "trực tuyến thấp...) và ban hành giải pháp cải thiện",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q4",
        output="Báo cáo phân tích; kế hoạch cải thiện; cam kết tiến độ (theo kết quả tính đánh giá)",
        note="Gắn với giao tiêu CCHC/CĐS và kiểm tra định kỳ. " + _T + "Quý II/2026 (đợt 1); Quý IV/2026 (đợt 2)",
    ),
    # 7.
    _task(
        _G_VP[6],
        "Truyền thông đa kênh: Zalo OA, Facebook, YouTube, loa truyền thanh cơ sở",
        "TTPVHCC",
        ["VHXH", "TTDVTH"],
        start=_Y1,
        deadline_kind="recurring",
        report_rhythm="hằng tháng",
        output="Lịch đăng tải; thống kê tiếp cận",
        note="Mỗi tháng tối thiểu 02 nội dung/xã (đề xuất). " + _N_TT + ". " + _T + "Hàng tháng (01 – 12/2026)",
    ),
    _task(
        _G_VP[6],
        "Đổi thoại trực tuyến (livestream) giải đáp vướng mắc DVC trực tuyến",
        "TTPVHCC",
        ["VHXH", "TTDVTH"],
        deadline_kind="quarter",
        deadline="2026-Q3",
        output="01–02 phiên; tổng hợp Q&A",
        note="Có kịch bản/đầu mối trả lời. " + _N_TT,
    ),
    _task(
        _G_VP[6],
        "Thiết lập/công khai đầu mối hỗ trợ DVC trực tuyến (tỉnh và xã)",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q1",
        output="Danh sách đầu mối; quy trình hỗ trợ",
        note="Niên yết tại Một cửa và trực tuyến. " + _N_HT,
    ),
    _task(
        _G_VP[6],
        "Thiết lập quầy/kiosk hỗ trợ DVC tại Bộ phận Một cửa tỉnh, cấp xã",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q2",
        output="01 quầy/kiosk; nhật ký hỗ trợ",
        note="Bố trí nhân sự trực. " + _N_HT,
    ),
    _task(
        _G_VP[6],
        "Thiết lập điểm hỗ trợ DVC tại Bộ phận Một cửa cấp xã (tối thiểu 01 điểm/xã)",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q2",
        output="Điểm hỗ trợ; số theo dõi",
        note="Có poster/QR hướng dẫn. " + _N_HT,
    ),
    _task(
        _G_VP[6],
        "Hướng dẫn cài đặt và sử dụng VNeID/định danh điện tử khi thực hiện DVC",
        "CA",
        ["TTPVHCC"] + _DEPTS,
        start=date(2026, 4, 1),
        deadline_kind="quarter",
        deadline="2026-Q3",
        output="Tài liệu; số lượt hỗ trợ",
        note="Tổ chức tại điểm hỗ trợ DVC. " + _N_HT + ". " + _T + "Quý II–Quý III/2026",
    ),
    _task(
        _G_VP[6],
        "Tổ chức “Tuần lễ DVC trực tuyến” (đợt 1) tại xã",
        "TTPVHCC",
        ["VHXH", "MTTQ"],
        deadline_kind="quarter",
        deadline="2026-Q2",
        output="Kế hoạch; số lượt hỗ trợ; tin/bài",
        note="Có điểm hỗ trợ tại Một cửa. " + _N_HT,
    ),
    _task(
        _G_VP[6],
        "Tổ chức “Tuần lễ DVC trực tuyến” (đợt 2) tại xã",
        "TTPVHCC",
        ["VHXH", "MTTQ"],
        deadline_kind="quarter",
        deadline="2026-Q4",
        output="Báo cáo kết quả; số hồ sơ tăng",
        note="Duy trì chiến dịch theo quý. Phụ lục ghi lại “(đợt 1)”, hiểu là đợt 2 (Quý IV/2026). " + _N_HT,
    ),
    _task(
        _G_VP[6],
        "Tổ chức ngày hội hướng dẫn DVC tại cộng đồng (chợ,...)",
        "TTPVHCC",
        ["VHXH", "MTTQ"],
        start=_Y1,
        deadline_kind="recurring",
        report_rhythm="hằng tháng",
        output="Số buổi; số người được hỗ trợ",
        note="Ưu tiên khu vực nhiều lao động. Phối hợp: Phòng Văn hóa - xã hội; đoàn thể xã, doanh nghiệp. " + _N_HT,
    ),
    _task(
        _G_VP[6],
        "Bổ sung hướng dẫn cho nhóm yếu thế (người cao tuổi, khuyết tật): hướng dẫn in lớn, hỗ trợ trực tiếp",
        "TTPVHCC",
        ["VHXH", "MTTQ"],
        deadline_kind="quarter",
        deadline="2026-Q3",
        output="Bộ hướng dẫn; nhật ký hỗ trợ",
        note="Bổ trí ưu tiên tại điểm hỗ trợ. " + _N_HT,
    ),
    _task(
        _G_VP[6],
        "Biểu dương công chức “hướng dẫn tốt” tại Một cửa; công khai gương điển hình",
        "TTPVHCC",
        ["VHXH"],
        start=_Y1,
        deadline_kind="recurring",
        report_rhythm="hằng tháng",
        output="Danh sách biểu dương; tin/bài",
        note="Khuyến khích thái độ phục vụ. Nhóm: Đo lường – thi đua – kiểm tra – báo cáo",
    ),
    # 8.
    _task(
        _G_VP[7],
        "Tổ chức tự kiểm tra, đánh giá nội bộ việc thực hiện KSTTHC/CCTTHC (theo checklist) tại UBND cấp xã",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q4",
        output="Biên bản tự kiểm tra; kế hoạch khác phục; minh chứng",
        note="Tạo nguồn dữ liệu để báo cáo hợp bộ báo cáo quý/năm. " + _T + "Quý II/2026 và Quý IV/2026",
    ),
    # 9.
    _task(
        _G_VP[8],
        "Cập nhật, công khai kịp thời TTHC đã được cải cách (trên CSDLQG, HTTT giải quyết TTHC; niêm yết tại Một cửa)",
        "TTPVHCC",
        _DEPTS,
        start=_Y1,
        deadline_kind="recurring",
        report_rhythm="hằng quý",
        output="Quyết định công bố danh mục; dữ liệu công khai đồng bộ, đúng hạn",
        note="Liên thông nhiệm vụ (2) về công bố, công khai TTHC. " + _T + "Thường xuyên; chốt theo quý",
    ),
    # 10.
    _task(
        _G_VP[9],
        "Thực hiện thí điểm mô hình cải tiến (ví dụ: “hồ sơ 0 giấy tờ đính kèm” với nhóm TTHC đủ "
        "điều kiện; hện giờ nộp hồ sơ; trả kết quả tại nhà)",
        "TTPVHCC",
        _DEPTS,
        deadline_kind="quarter",
        deadline="2026-Q4",
        output="Kết quả thí điểm; báo cáo đánh giá; phương án nhân rộng",
        note="Lựa chọn 3-5 TTHC thí điểm (Phụ lục đánh số thứ tự 10)",
    ),
]

CAMPAIGN_VP = {
    "commune": VP,
    "code": "VP-KSTTHC-2026",
    "kind": "annual",
    "title": (
        "Hoạt động kiểm soát thủ tục hành chính, triển khai cơ chế một cửa, một cửa liên thông, "
        "thực hiện thủ tục hành chính trên môi trường điện tử và công tác truyền thông về kiểm soát "
        "thủ tục hành chính năm 2026 trên địa bàn xã Vĩnh Phong"
    ),
    "number": "28/KH-UBND",
    "issued_on": date(2026, 2, 10),
    "legal_basis": (
        "Thực hiện Quyết định số 496/QĐ-UBND ngày 05 tháng 02 năm 2026 của UBND tỉnh An Giang về "
        "việc ban hành Kế hoạch tổ chức hoạt động kiểm soát thủ tục hành chính và thực hiện cơ chế "
        "một cửa, một cửa liên thông năm 2026 trên địa bàn tỉnh An Giang."
    ),
    "start": date(2026, 1, 1),
    "end": date(2026, 12, 31),
    "lead_unit": "TTPVHCC",
    "notes": (
        "Văn bản ghi “ngày 10 tháng 02 năm 2025” nhưng thực hiện Quyết định 496/QĐ-UBND ngày "
        "05/02/2026 cho năm 2026: coi là lỗi đánh máy, ngày ban hành 10/02/2026. Kế hoạch năm "
        "2026: 01/01/2026–31/12/2026 (Phụ lục ghi “Hàng tháng (01-12/2026)”). Trung tâm Phục vụ "
        "hành chính công chủ trì, theo dõi, đôn đốc. Chế độ báo cáo theo Phụ lục: số liệu tuần chốt "
        "16:00 thứ Sáu (tuần tính từ thứ Sáu đến thứ Năm, hạn 16:00 thứ Sáu kế tiếp — Phụ lục ghi "
        "“đề xuất”), số liệu tháng trước ngày 20 tháng sau (hạn 00:00 ngày 20). Để không cộng trùng, "
        "hồ sơ, kết quả, đánh giá (số liệu QĐ 766) nhập theo tuần; phản ánh, kiến nghị, số người "
        "trưởng thành/đã dùng DVC (Công an) và số buổi tuyên truyền ở ấp nhập theo tháng; TTHC đủ "
        "điều kiện/toàn trình do TTPVHCC nhập theo tháng. Báo cáo quý, năm gửi tỉnh do TTPVHCC tổng "
        "hợp từ số liệu đó. “Các phòng chuyên môn, các đơn vị có TTHC” ứng với VP, VHXH, KT; khi là "
        "đơn vị chủ trì, Văn phòng HĐND-UBND làm đầu mối (ghi ở ghi chú nhiệm vụ). “Trung tâm Văn "
        "hóa, Thể thao và Truyền thanh” ứng với TTDVTH, “đoàn thể xã” với MTTQ. Nhiệm vụ có hai đợt "
        "(Quý II và Quý IV) lấy hạn đợt cuối. Mục tiêu 13 chỉ tiêu của mục 11.2: “Tỷ lệ sử dụng dịch "
        "vụ công trực tuyến của người dân và doanh nghiệp” tính bằng tỷ lệ người trưởng thành đã "
        "dùng DVC trực tuyến (không tính doanh nghiệp); “Tỷ lệ kết quả xử lý hồ sơ” (phấn đấu 100, "
        "tối thiểu 95) là tỷ lệ đúng hạn. Mục 11.1 (loại tốt, 80 đến dưới 90 điểm theo QĐ 766) "
        "chưa tính được từ số liệu của xã."
    ),
    "cadences": [
        {"cadence": "weekly", "week_start": 4, "due_weekday": 4, "due_time": "16:00"},
        {"cadence": "monthly", "due_day": 20, "due_time": "00:00"},
    ],
    "forms": {
        "weekly": {
            "TTPVHCC": _els(
                _VP_WEEKLY,
                [
                    "NGUOI_DEN_GIAO_DICH",
                    "NGUOI_DUOC_HUONG_DAN",
                    "NGUOI_DUOC_HO_TRO",
                    "NGUOI_TU_THAO_TAC",
                ],
            ),
            "VP": list(_VP_WEEKLY),
            "VHXH": list(_VP_WEEKLY),
            "KT": list(_VP_WEEKLY),
        },
        "monthly": {
            "TTPVHCC": _els(
                _VP_MONTHLY, ["TTHC_DU_DIEU_KIEN", "TTHC_TOAN_TRINH", "TTHC_THAM_QUYEN", "TTHC_KHONG_DIA_GIOI"]
            ),
            "VP": list(_VP_MONTHLY),
            "VHXH": list(_VP_MONTHLY),
            "KT": list(_VP_MONTHLY),
            "village": list(_VILLAGE),
            "CA": list(_CA),
        },
    },
    "targets": [
        _target(
            "TL_THANH_TOAN_TRUC_TUYEN",
            ">=",
            80,
            "Ít nhất 80% thanh toán trực tuyến trong giải quyết thủ tục hành chính, dịch vụ công.",
        ),
        _target("TL_NGUOI_DUNG_DVC", ">=", 80, "80% người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến."),
        _target(
            "TL_TAI_SU_DUNG",
            ">=",
            80,
            "Ít nhất 80% khai thác, sử dụng lại thông tin, dữ liệu đã được số hóa trong giải "
            "quyết thủ tục hành chính, dịch vụ công.",
        ),
        _target(
            "TL_HS_TRUC_TUYEN",
            ">=",
            80,
            "80% hồ sơ trực tuyến trên tổng số hồ sơ tiếp nhận, giải quyết thủ tục hành chính.",
        ),
        _target("TL_SO_HOA", ">=", 100, "100% số hóa hồ sơ, kết quả giải quyết thủ tục hành chính."),
        _target("TL_KQ_DIEN_TU", ">=", 100, "100% cấp kết quả giải quyết thủ tục hành chính điện tử."),
        _target(
            "TL_DUNG_HAN",
            ">=",
            100,
            "Phấn đấu 100% kết quả xử lý hồ sơ đúng hạn (yêu cầu tối thiểu phải đạt từ 95% trở lên).",
            floor=95,
        ),
        _target(
            "TL_PAKN_DUNG_HAN", ">=", 100, "100% phản ánh, kiến nghị của người dân và doanh nghiệp được xử lý đúng hạn."
        ),
        _target(
            "TL_PAKN_HAI_LONG", ">=", 100, "100% người dân và doanh nghiệp hài lòng trong xử lý phản ánh, kiến nghị."
        ),
        _target("TL_HAI_LONG", ">=", 95, "95% người dân và doanh nghiệp hài lòng trong tiếp nhận, giải quyết TTHC."),
        # table 11.2 items 7–9
        _target(
            "TL_TTHC_KHONG_DIA_GIOI",
            ">=",
            100,
            "100% thủ tục hành chính thực hiện không phụ thuộc vào địa giới hành chính trong phạm vi "
            "cấp tỉnh (tiếp tục duy trì).",
        ),
        _target("TL_CHUNG_THUC_DIEN_TU", ">=", 100, "100% chứng thực bản sao điện tử từ bản chính."),
        _target(
            "TL_DONG_BO_DVCQG",
            ">=",
            100,
            "100% kết quả xử lý hồ sơ TTHC của địa phương được đồng bộ đầy đủ trên Cổng Dịch vụ công quốc gia.",
        ),
    ],
    "untracked_targets": [
        (
            "11.1. Đạt loại tốt (tối thiểu từ 80 đến dưới 90 điểm) theo bộ chỉ số chỉ đạo, điều hành và "
            "đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, "
            "dịch vụ công theo thời gian thực trên môi trường điện tử tại Quyết định số 766/QĐ-TTg ngày "
            "23/6/2022 của Thủ tướng Chính phủ.",
            "điểm do Cổng DVC quốc gia công bố; trang QĐ 766 chỉ ước tính",
        ),
        "Phần đầu 100% cơ quan, đơn vị của xã đạt loại tốt theo bộ chỉ số chỉ đạo, điều hành và "
        "đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, "
        "dịch vụ công theo thời gian thực trên môi trường điện tử tại Quyết định số 766/QĐ-TTg ngày "
        "23/6/2022 của Thủ tướng Chính phủ.",
        "100% chế độ báo cáo của doanh nghiệp được thực hiện điện tử.",
        "100% thủ tục hành chính nội bộ được công bố đầy đủ.",
        "100% thủ tục hành chính nội bộ trong từng cơ quan hành chính nhà nước được thực hiện quản "
        "trị nội bộ trên môi trường điện tử.",
        "Đến hết năm 2026, bảo đảm 100% thủ tục hành chính được kiểm soát chặt chẽ, công khai, minh bạch",
    ],
    "tasks": _VP_TASKS,
}

# ---------------------------------------------------------------------------

CAMPAIGNS = [
    CAMPAIGN_CL,
    CAMPAIGN_DT,
    CAMPAIGN_PL,
    CAMPAIGN_NLB,
    CAMPAIGN_VP,
    CAMPAIGN_LB,
    CAMPAIGN_PX,
    CAMPAIGN_QC,
]

# docs/design.md section 8: "In the demo campaigns the centre and the three departments (TTPVHCC, VP,
# VHXH, KT) report the dossier, result and rating elements (HS_, KQ_, DG_, PAKN_)". The plans'
# own forms above keep what each plan's targets need; this fills in the rest of those elements
# in the cadence where the unit already reports its dossiers, and never in a second cadence of
# the same unit (a flow entered twice would count twice).
_DOSSIER_ELEMENTS = [c for c in _ELEMENT_ORDER if c.startswith(("HS_", "KQ_", "DG_", "PAKN_"))]
_DOSSIER_UNITS = ("TTPVHCC", "VP", "VHXH", "KT")


def _complete_dossier_forms(campaign: dict) -> None:
    forms = campaign["forms"]
    for who in _DOSSIER_UNITS:
        cadences = [c for c, by_who in forms.items() if "HS_TIEP_NHAN" in by_who.get(who, [])]
        if not cadences:
            continue
        main = cadences[0]
        elsewhere = {code for c, by_who in forms.items() if c != main for code in by_who.get(who, [])}
        forms[main][who] = _els(forms[main][who], [c for c in _DOSSIER_ELEMENTS if c not in elsewhere])


for _campaign in CAMPAIGNS:
    _complete_dossier_forms(_campaign)

_M02_TITLE = "Rà soát dịch vụ công, số hóa hồ sơ và định danh điện tử từ 01/7/2025 đến 30/11/2025 (Mẫu biểu số 02)"

SURVEY_ROUNDS = [
    {
        "campaign": code,
        "title": _M02_TITLE,
        "window_start": date(2025, 7, 1),
        "window_end": date(2025, 11, 30),
        "due": date(2025, 12, 10),
    }
    for code in ("PL-45N-2025", "LB-45N-2025", "PX-45N-2025", "QC-45N-2025")
]
