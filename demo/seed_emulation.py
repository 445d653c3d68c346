"""The emulation criteria of plans 000 (Chi Lăng) and 001 (Đại Thanh), in their words (issue 18,
part 2). Plan 000 section III.1 lists the standards of a tập thể (a) and a cá nhân (b); plan 001
section IV has khen thưởng đột xuất, hằng năm and tổng kết giai đoạn, and (III.4) makes each
department's CCHC result part of its yearly emulation score. Where a standard is read from the
figures, its threshold is the plan's own target where it gives one; the rest the centre attests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from campaigns.models import Campaign
from emulation.models import Criterion, CriterionKind, Subject

U, P = Subject.UNIT, Subject.PERSON
A = CriterionKind.ATTESTED
S000 = "Kế hoạch phong trào thi đua xã Chi Lăng năm 2026, mục III.1"
S001 = "Kế hoạch phong trào thi đua xã Đại Thanh giai đoạn 2026–2030"

# (code, subject, words of the plan, kind, threshold, weight, must pass, source)
CHI_LANG = [
    (
        "TT1",
        U,
        "Hoàn thành xuất sắc và hoàn thành tốt các nhiệm vụ được giao trong công tác cải cách hành chính, kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông và chuyển đổi số tại địa phương.",
        CriterionKind.TASKS_ON_TIME,
        "90",
        "2",
        True,
        S000 + ".a (đọc từ nhiệm vụ hoàn thành đúng hạn; ngưỡng 90% do Trung tâm chọn)",
    ),
    (
        "TT2",
        U,
        "Thực hiện đạt và vượt các chỉ tiêu thi đua về hướng dẫn, hỗ trợ người dân sử dụng dịch vụ công trực tuyến, số hóa hồ sơ, tái sử dụng dữ liệu và thanh toán trực tuyến.",
        CriterionKind.TARGETS_MET,
        "100",
        "3",
        True,
        S000 + ".a (mọi chỉ tiêu của đơn vị đạt)",
    ),
    (
        "TT3",
        U,
        "Có mô hình mới, cách làm sáng tạo, hiệu quả trong tuyên truyền, hỗ trợ người dân thực hiện thủ tục hành chính trên môi trường số; có giải pháp nâng cao tỷ lệ hồ sơ trực tuyến và mức độ hài lòng của người dân.",
        A,
        None,
        "1",
        False,
        S000 + ".a",
    ),
    (
        "TT4",
        U,
        "Nội bộ đoàn kết, chấp hành nghiêm kỷ luật, kỷ cương hành chính; không có cán bộ, công chức vi phạm đạo đức công vụ, văn hóa công sở hoặc để xảy ra phản ánh, kiến nghị kéo dài, hồ sơ quá hạn do lỗi chủ quan.",
        CriterionKind.NO_OVERDUE,
        None,
        "2",
        True,
        S000 + ".a (hồ sơ, nhiệm vụ quá hạn đọc từ số liệu)",
    ),
    (
        "TT5",
        U,
        "Đạt tỷ lệ hồ sơ giải quyết đúng và trước hạn theo chỉ tiêu đề ra; tích cực phối hợp thực hiện tốt phong trào thi đua tại địa phương.",
        CriterionKind.REPORTS_ON_TIME,
        "90",
        "1",
        False,
        S000 + ".a (phối hợp: báo cáo đúng hạn; ngưỡng 90% do Trung tâm chọn)",
    ),
    (
        "CN1",
        P,
        "Gương mẫu, trách nhiệm, tận tụy trong thực hiện nhiệm vụ; tích cực tham gia hưởng ứng phong trào thi đua.",
        A,
        None,
        "1",
        True,
        S000 + ".b",
    ),
    (
        "CN2",
        P,
        "Chủ động hướng dẫn, hỗ trợ người dân, doanh nghiệp thực hiện dịch vụ công trực tuyến theo phương châm “cầm tay chỉ việc”, tận tình hỗ trợ người dân sử dụng VNeID, thanh toán trực tuyến, tái sử dụng dữ liệu số trong giải quyết thủ tục hành chính.",
        A,
        None,
        "2",
        True,
        S000 + ".b",
    ),
    (
        "CN3",
        P,
        "Thực hiện nghiêm kỷ luật, kỷ cương hành chính, văn hóa công sở; chấp hành tốt đạo đức công vụ, quy tắc ứng xử; thực hiện tốt phương châm “4 xin, 4 luôn” trong giao tiếp với tổ chức, công dân.",
        A,
        None,
        "1",
        True,
        S000 + ".b",
    ),
    (
        "CN4",
        P,
        "Có sáng kiến, giải pháp hoặc cách làm hiệu quả trong công tác chuyển đổi số, cải cách hành chính, số hóa hồ sơ, nâng cao tỷ lệ hồ sơ trực tuyến và mức độ hài lòng của người dân.",
        A,
        None,
        "1",
        False,
        S000 + ".b",
    ),
    (
        "CN5",
        P,
        "Không gây phiền hà, sách nhiễu; không để xảy ra sai sót, chậm trễ trong giải quyết thủ tục hành chính do nguyên nhân chủ quan.",
        A,
        None,
        "1",
        True,
        S000 + ".b",
    ),
    (
        "CN6",
        P,
        "Hoàn thành tốt nhiệm vụ trở lên và được tập thể đánh giá cao trong quá trình thực hiện phong trào thi đua.",
        A,
        None,
        "1",
        True,
        S000 + ".b",
    ),
]

DAI_THANH = [
    (
        "HN1",
        U,
        "Kết quả cải cách hành chính của từng phòng ban được đưa vào tiêu chí đánh giá thi đua hằng năm của tập thể và cá nhân.",
        CriterionKind.TARGETS_MET,
        "80",
        "3",
        True,
        S001 + ", mục III.4 (khen thưởng hằng năm: tỷ lệ chỉ tiêu CCHC đạt; ngưỡng 80% do Trung tâm chọn)",
    ),
    (
        "HN2",
        U,
        "Mỗi phòng chuyên môn có ít nhất 01 sáng kiến cải cách hành chính mỗi năm.",
        CriterionKind.INITIATIVES,
        "1",
        "2",
        False,
        S001 + ", mục III.4",
    ),
    (
        "HN3",
        U,
        "Các tập thể, cá nhân có thành tích xuất sắc được UBND xã xem xét tặng Giấy khen hoặc đề nghị cấp trên khen thưởng (hoàn thành nhiệm vụ đúng hạn).",
        CriterionKind.TASKS_ON_TIME,
        "90",
        "2",
        True,
        S001 + ", mục IV.2 (khen thưởng hằng năm)",
    ),
    (
        "HN4",
        U,
        "Không có hồ sơ, nhiệm vụ quá hạn trong năm.",
        CriterionKind.NO_OVERDUE,
        None,
        "1",
        True,
        S001 + ", mục IV.2 (đọc từ số liệu)",
    ),
    (
        "DX1",
        U,
        "Trong quá trình triển khai phong trào thi đua, các tập thể, cá nhân có thành tích tiêu biểu được xem xét khen thưởng theo quy định.",
        A,
        None,
        "1",
        False,
        S001 + ", mục IV.1 (khen thưởng đột xuất)",
    ),
    (
        "GD1",
        U,
        "Kết thúc giai đoạn 2026 – 2030, UBND xã tổ chức tổng kết phong trào thi đua; lựa chọn các tập thể, cá nhân có thành tích tiêu biểu để đề nghị khen thưởng.",
        A,
        None,
        "1",
        False,
        S001 + ", mục IV.3 (khen thưởng tổng kết giai đoạn)",
    ),
    (
        "CN1",
        P,
        "Khuyến khích cán bộ, công chức nghiên cứu, đề xuất sáng kiến cải cách hành chính nhằm nâng cao hiệu quả công việc.",
        A,
        None,
        "1",
        False,
        S001 + ", mục III.4",
    ),
    (
        "CN2",
        P,
        "Kết quả cải cách hành chính … được đưa vào tiêu chí đánh giá thi đua hằng năm của … cá nhân.",
        A,
        None,
        "2",
        True,
        S001 + ", mục III.4",
    ),
]

PLANS = {"CL-TD-2026": CHI_LANG, "DT-TD-2026-2030": DAI_THANH}


def seed(*, bare: bool = False, today: date | None = None, log=print) -> None:
    for code, rows in PLANS.items():
        for campaign in Campaign.objects.filter(code=code):
            for order, (c, subject, name, kind, threshold, weight, must, source) in enumerate(rows, start=1):
                Criterion.objects.update_or_create(
                    campaign=campaign,
                    code=c,
                    defaults={
                        "subject": subject,
                        "name": name,
                        "kind": kind,
                        "threshold": Decimal(threshold) if threshold else None,
                        "weight": Decimal(weight),
                        "must_pass": must,
                        "source": source,
                        "order": order,
                    },
                )
            log(f"Tiêu chuẩn thi đua {campaign.code}: {len(rows)}.")
