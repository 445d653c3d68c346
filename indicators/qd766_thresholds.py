"""The centre adjusts the QĐ 766 thresholds of its commune for a year (issue 18, part 1): every
line of the page checked first (a number, > 0, ≤ 100, unchanged since the page was read), then
all saved in one transaction through ``qd766_threshold_set`` (each change audited in
``Qd766ThresholdChange``) — or nothing saved."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction

from org.models import Commune

from .qd766 import ThresholdError, qd766_threshold_set, table_for


def threshold_parse(text: str, *, code: str) -> Decimal:
    """ "50", "50,5" or "50.5" → Decimal; ThresholdError naming the line otherwise."""
    raw = (text or "").strip().replace(" ", "").replace("%", "")
    if raw.count(",") + raw.count(".") > 1:
        raise ThresholdError(f"Chỉ số {code}: ngưỡng “{text}” không đúng dạng số (ví dụ 50 hoặc 62,5).")
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        raise ThresholdError(f"Chỉ số {code}: ngưỡng “{text}” không phải là số (ví dụ 50 hoặc 62,5).") from None
    if not value.is_finite():
        raise ThresholdError(f"Chỉ số {code}: ngưỡng “{text}” không phải là số.")
    if value <= 0 or value > 100:
        raise ThresholdError(f"Chỉ số {code}: ngưỡng phải lớn hơn 0 và không quá 100%.")
    if value != value.quantize(Decimal("0.01")):
        raise ThresholdError(f"Chỉ số {code}: ngưỡng chỉ ghi đến 2 chữ số thập phân.")
    return value


def qd766_thresholds_set(
    *, commune: Commune, year: int, typed: dict[str, str], read: dict[str, str], user
) -> list[str]:
    """Save the thresholds typed on the page (code → text) for ``year``; ``read`` holds each
    threshold as the page showed it (the version check: someone else changed it meanwhile →
    refused). Returns the codes changed; ThresholdError (Vietnamese, naming the line) and
    nothing saved otherwise."""
    lines = {line.code: line for line in table_for(commune=commune, year=year)}
    unknown = sorted(set(typed) - set(lines))
    if unknown:
        raise ThresholdError(f"Không có chỉ số {', '.join(unknown)} trong bảng điểm năm {year}.")
    wanted: dict[str, Decimal] = {}
    for code, text in typed.items():
        value = threshold_parse(text, code=code)
        shown = read.get(code)
        if shown is None or Decimal(shown) != lines[code].threshold:
            raise ThresholdError(
                f"Chỉ số {code}: ngưỡng vừa được người khác sửa (nay là "
                f"{str(lines[code].threshold).replace('.', ',')}%); tải lại trang rồi sửa lại. Chưa lưu gì."
            )
        if value != lines[code].threshold:
            wanted[code] = value
    with transaction.atomic():
        for code, value in wanted.items():
            qd766_threshold_set(commune=commune, code=code, year=year, threshold=value, user=user)
    return list(wanted)
