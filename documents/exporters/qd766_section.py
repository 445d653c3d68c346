"""The QĐ 766 section of the quarterly report (issue 18, part 1): the commune's estimated score
for the year to date at the quarter's end (or its latest month with figures in the quarter),
its band, the points of each group and what to fix first — read from ``indicators.qd766``,
never recomputed here."""

from __future__ import annotations

from indicators.qd766 import commune_estimate, latest_month, points_text

from .document import Column, Document, Table
from .interface import Quarter

FIXES_LISTED = 3


def qd766_month(commune, quarter: Quarter) -> int | None:
    """The month the section is computed to: the quarter's last month with figures."""
    found = latest_month(commune=commune, year=quarter.year)
    if found is None or found[1] < quarter.start.month:
        return None
    return min(found[1], quarter.end.month)


def qd766_blocks(doc: Document, *, commune, quarter: Quarter, heading: str) -> None:
    doc.heading(heading)
    month = qd766_month(commune, quarter)
    if month is None:
        doc.para(f"Chưa có số liệu để ước tính Chỉ số theo Quyết định 766/QĐ-TTg trong {quarter.label}.")
        return
    est = commune_estimate(commune=commune, year=quarter.year, month=month).ytd
    doc.para(
        f"Ước tính theo bảng điểm của Quyết định 766/QĐ-TTg từ số liệu của xã, lũy kế từ đầu năm đến hết "
        f"tháng {month:02d}/{quarter.year}: đạt {points_text(est.exact)}/100 điểm, xếp loại {est.band} "
        f"({est.items_with_data}/{len(est.items)} chỉ số thành phần có số liệu; chỉ số không có số liệu "
        "không được cộng điểm; điểm chính thức do Cổng Dịch vụ công quốc gia công bố)."
    )
    doc.table(
        Table(
            title="Điểm ước tính theo nhóm chỉ số (QĐ 766/QĐ-TTg)",
            columns=[
                Column("TT", "int", width=6),
                Column("Nhóm chỉ số", width=48),
                Column("Điểm ước tính", "text", width=14),
                Column("Điểm tối đa", "int", width=12),
                Column("Chỉ số có số liệu", "text", width=14),
            ],
            rows=[
                [n, g.name, points_text(g.points), g.total, f"{g.items_with_data}/{len(g.items)}"]
                for n, g in enumerate(est.groups, start=1)
            ],
            total=[None, "Tổng", points_text(est.exact), 100, f"{est.items_with_data}/{len(est.items)}"],
            sheet="Chỉ số QĐ 766",
        )
    )
    fixes = est.fix_first()[:FIXES_LISTED]
    if fixes:
        doc.para("Cần khắc phục trước (theo số điểm bị mất):")
        doc.bullets(
            f"{i.line.code} {i.line.name}: "
            + (i.fix.text("từ đầu năm") if i.fix else f"mất {points_text(i.lost)} điểm")
            for i in fixes
        )
