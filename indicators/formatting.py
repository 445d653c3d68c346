"""One way to turn a figure into what a person reads (issue 12, item 3).

Every page, the CLI, the PDF and the xlsx text round here and nowhere else: half up (as people
round: 86,665 → 86,67; Python's Decimal defaults to the banker's rounding), from exact Decimals
(never a float), with Vietnamese separators ("." groups thousands, "," marks decimals).

* :func:`pct_value` — numerator × 100 ÷ denominator, rounded; ``None`` when the denominator is
  0 or missing (docs/design.md rule 5: no data is not zero).
* :func:`round_half_up` — an already computed value (the engine stores 4 decimals) at the
  decimals people read.
* :func:`number_text`, :func:`pct_text` — the text: "1.234", "86,67%", "Không có số liệu".
* :func:`status_badge` — an engine status as its word in its colour (the words and classes of
  ``indicators.models.STATUS_LABELS``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString

from .models import STATUS_LABELS

NO_DATA_TEXT = "Không có số liệu"
PCT_DECIMALS = 2

Number = Decimal | int | str


def _decimal(value: Number | float) -> Decimal:
    # a float goes through its shortest text (0.1 → "0.1"), not its binary expansion
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_half_up(value: Number | None, decimals: int = PCT_DECIMALS) -> Decimal | None:
    """``value`` at ``decimals`` places, half up; ``None`` stays ``None``."""
    if value is None or value == "":
        return None
    return _decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def pct_value(numerator: Number | None, denominator: Number | None, decimals: int = PCT_DECIMALS) -> Decimal | None:
    """numerator × 100 ÷ denominator from exact Decimals, rounded half up to ``decimals``
    (2600 of 3000 → 86.67); ``None`` when either is missing or the denominator is 0."""
    if numerator is None or denominator is None or _decimal(denominator) == 0:
        return None
    return round_half_up(_decimal(numerator) * 100 / _decimal(denominator), decimals)


def number_text(value: Number | None, decimals: int = 0, *, empty: str = NO_DATA_TEXT) -> str:
    """1234.5 → "1.234,50" (decimals=2); 86.665 → "86,67"; ``None`` → ``empty``."""
    exact = round_half_up(value, decimals)
    if exact is None:
        return empty
    if exact == 0:
        exact = abs(exact)  # "-0,00" is not a figure anyone wrote
    text = f"{exact:,.{decimals}f}"  # "1,234.50"
    return text.translate(str.maketrans({",": ".", ".": ","}))


def pct_text(value: Number | None, decimals: int = PCT_DECIMALS, *, empty: str = NO_DATA_TEXT) -> str:
    """A percent value as people read it: 86.6667 → "86,67%"; ``None`` → ``empty``."""
    if value is None or value == "":
        return empty
    return number_text(value, decimals) + "%"


def value_text(value: Number | None, *, is_ratio: bool, decimals: int | None = None, empty: str = NO_DATA_TEXT) -> str:
    """An indicator's value: a ratio as a percent (2 decimals unless told), a count as a whole
    number unless it has a fraction (then at ``decimals``)."""
    if is_ratio:
        return pct_text(value, PCT_DECIMALS if decimals is None else decimals, empty=empty)
    if value is None or value == "":
        return empty
    exact = _decimal(value)
    places = 0 if exact == exact.to_integral_value() or not decimals else decimals
    return number_text(exact, places, empty=empty)


def status_label(status: str) -> str:
    """The word for an engine status (dat, dat_toi_thieu, chua_dat, khong_co_so_lieu,
    chua_giao_chi_tieu)."""
    return STATUS_LABELS.get(status, status)


def status_class(status: str) -> str:
    """The CSS classes of an engine status's badge (static/css/app.css)."""
    return f"status status-{status}"


def status_badge(status: str) -> SafeString:
    return format_html('<span class="{}">{}</span>', status_class(status), status_label(status))
