"""Pieces the documents share: resolving a period or a quarter of a campaign, turning the
engine's attainment rows into table cells (values are shown, never recomputed), the
introduction and the recipients."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from campaigns.models import Campaign, Period
from indicators.selectors import attainments, main_cadence

from .document import Column, Document, Num, Table, fmt_cell, fmt_date
from .interface import ExportError, ExportParams, Quarter, sections_of

COMPARATOR_SIGNS = {">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< "}


def campaign_ref(campaign: Campaign) -> str:
    """ "Kế hoạch số 91/KH-UBND ngày 05/01/2026 của UBND xã về …" as far as it is known; a
    number or day left blank in the plan stays blank ("số …/KH-UBND ngày … tháng 6 năm 2026")."""
    parts = ["Kế hoạch"]
    if campaign.number:
        parts.append(f"số {campaign.number_display}")
    if campaign.issued_on:
        parts.append(f"ngày {fmt_date(campaign.issued_on)}")
    elif campaign.issued_display:
        parts.append(campaign.issued_display)
    parts.append(f"của UBND xã {campaign.commune.name}")
    title = (campaign.title or "").strip()
    if title:
        parts.append(f"về {title[:1].lower() + title[1:]}" if not title.lower().startswith("về ") else title)
    return " ".join(parts)


# A plan's title that starts with its own verb ("Triển khai đợt cao điểm …") follows "Kết quả"
# directly: "Kết quả triển khai đợt cao điểm …", never "Kết quả thực hiện Triển khai …".
ACTION_WORDS = ("triển khai", "thực hiện", "đẩy mạnh", "tổ chức", "tăng cường", "nâng cao", "kiểm soát")


def results_of(campaign: Campaign) -> str:
    """The title line of a report on a plan: "Kết quả triển khai …" / "Kết quả thực hiện Kế hoạch …"."""
    title = " ".join((campaign.title or "").split())
    lowered = title[:1].lower() + title[1:]
    if lowered.lower().startswith(ACTION_WORDS):
        return f"Kết quả {lowered}"
    return f"Kết quả thực hiện {lowered}" if lowered else "Kết quả thực hiện kế hoạch"


def closing_sentence(commune, what: str) -> str:
    """ "Trên đây là báo cáo … của Ủy ban nhân dân xã Phú Lạc./." (the line above the signature)."""
    return f"Trên đây là {what} của Ủy ban nhân dân xã {commune.name}./."


def recipients(commune, *, province: bool = True) -> list[str]:
    out = []
    if province:
        out += [
            f"- UBND tỉnh {commune.province.name} (b/c);",
            "- Trung tâm Phục vụ hành chính công tỉnh (b/c);",
        ]
    out += [
        "- TT Đảng ủy, HĐND xã (b/c);",
        "- Chủ tịch, các PCT UBND xã;",
        "- Các phòng, đơn vị thuộc UBND xã;",
        "- Lưu: VT, TTPVHCC.",
    ]
    return out


def in_catalogue_order(rows) -> list:
    """The engine's attainment rows in the indicators' order (catalogue order, then code)."""
    return sorted(rows, key=lambda a: (a.indicator.order, a.indicator.code))


def commune_rows(*, campaign: Campaign, period: Period, cumulative: bool) -> list:
    """The whole commune's attainment rows of one period (or cumulative to its end), as the
    engine stored them (``indicators.selectors``), in the indicators' order."""
    return in_catalogue_order(
        attainments(campaign=campaign, cumulative=cumulative, period=period, scope_kind="commune")
    )


def period_resolve(campaign: Campaign, day: date | None, *, required: bool = True) -> Period | None:
    """The reporting period of ``campaign`` that starts on (or contains) ``day``."""
    if day is None:
        return None
    if day < campaign.start or day > campaign.end:
        raise ExportError(
            f"Ngày {fmt_date(day)} nằm ngoài thời gian của kế hoạch {campaign.code} "
            f"(từ {fmt_date(campaign.start)} đến {fmt_date(campaign.end)})."
        )
    periods = list(campaign.periods.exclude(cadence="survey").filter(start__lte=day, end__gte=day))
    if not periods:
        if required:
            raise ExportError(f"Kế hoạch {campaign.code} không có kỳ báo cáo nào chứa ngày {fmt_date(day)}.")
        return None
    cadence = main_cadence(campaign)
    periods.sort(key=lambda p: (p.cadence != cadence, p.start != day, (p.end - p.start).days))
    return periods[0]


def quarter_check(campaign: Campaign, quarter: Quarter) -> None:
    if quarter.end < campaign.start or quarter.start > campaign.end:
        raise ExportError(
            f"Quý {quarter.roman}/{quarter.year} nằm ngoài thời gian của kế hoạch {campaign.code} "
            f"(từ {fmt_date(campaign.start)} đến {fmt_date(campaign.end)})."
        )


# --- cells from the engine's rows ----------------------------------------------------------


def _is_ratio(indicator) -> bool:
    return indicator.kind in ("ratio", "village_share")


def value_cell(indicator, value: Decimal | None, att: Any = None) -> Num:
    """The engine's value as printed: ratios as "92,50%" (the indicator's decimals), with the
    numerator and denominator of ``att`` (the engine's stored row) beside them when given,
    counts plain. ``None`` (no data, rule 5) stays empty."""
    if _is_ratio(indicator):
        if att is not None and value is not None:
            return Num(value, "pct", indicator.decimals, numerator=att.numerator, denominator=att.denominator)
        return Num(value, "pct", indicator.decimals)
    decimals = 0 if value is None or value == value.to_integral_value() else indicator.decimals
    return Num(value, "dec", decimals)


def rate_cell(att: Any) -> Num:
    """An attainment row's value with its counts ("1.150/1.250 · 92,00%"); none: no data."""
    if att is None:
        return Num(None)
    return value_cell(att.indicator, att.value, att)


def target_cell(indicator, att: Any) -> Num:
    if att is None or att.target is None:
        return Num(None)
    sign = COMPARATOR_SIGNS.get(att.comparator or ">=", "")
    cell = value_cell(indicator, Decimal(att.target))
    return Num(cell.value, cell.kind, cell.decimals, prefix=sign)


def change_cell(indicator, change: Decimal | None) -> Num:
    if change is None:
        return Num(None)
    cell = value_cell(indicator, Decimal(change))
    prefix = "+" if change > 0 else ""
    # a ratio's change is in percentage points
    kind = "dec" if cell.kind == "pct" else cell.kind
    return Num(cell.value, kind, cell.decimals, prefix=prefix)


def floor_text(indicator, att: Any) -> str:
    if att is None or att.floor is None:
        return ""
    return "tối thiểu " + _plain(value_cell(indicator, Decimal(att.floor)))


def _plain(cell: Num) -> str:
    return fmt_cell(Column(""), cell)


INDICATOR_COLUMNS_WEEK = [
    Column("TT", "int", width=6),
    Column("Chỉ tiêu", width=46),
    Column("Kết quả trong kỳ", "pct", width=14, counts=True),
    Column("Chỉ tiêu giao", "pct", width=14),
    Column("Đánh giá", "status", width=16),
    Column("Tăng/giảm so với kỳ trước", "dec", width=14),
    Column("Lũy kế từ đầu kế hoạch", "pct", width=14, counts=True),
    Column("Đánh giá lũy kế", "status", width=16),
]


def no_data_table(title: str, columns: list[Column]) -> Table:
    return Table(title=title, columns=columns, rows=[], empty_text="Chưa có số liệu.")


EMPTY_SECTION = "(Chưa có nội dung.)"  # only ever in a preview: issuing refuses an empty section


def written_sections(doc: Document, *, campaign: Campaign, params: ExportParams, heading: str = "") -> None:
    """The document's written sections (``sections_of``): the draft's text, and for a section
    not given, the sentences generated from the engine's figures (``documents.narratives``)."""
    labels = sections_of(params.kind)
    texts = {k: v for k, v in params.narratives.items() if v is not None}
    if any(key not in texts for key, _ in labels):
        from ..narratives import sections_for  # narratives reads the exporters' selectors

        texts = {**sections_for(kind=params.kind, campaign=campaign, params=params), **texts}
    if heading:
        doc.heading(heading)
    for j, (key, label) in enumerate(labels, start=1):
        doc.subheading(f"{j}. {label}")
        text = (texts.get(key) or "").strip()
        for paragraph in [p for p in text.split("\n") if p.strip()] or [EMPTY_SECTION]:
            doc.para(paragraph.strip())
