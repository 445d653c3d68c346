"""Template filters over ``indicators.formatting`` (``{% load figures %}``): the pages show a
figure exactly as the CLI, the PDF and the xlsx do, never through ``floatformat``.

    {{ row.value|pct }}           86,67%   (— when there is no value)
    {{ row.value|pct:1 }}         86,7%
    {{ row.value|num }}           1.234
    {{ a.display_status|status_badge }}  <span class="status status-dat">Đạt</span>
"""

from __future__ import annotations

from django import template

from indicators.formatting import number_text, pct_text
from indicators.formatting import status_badge as _status_badge

register = template.Library()

EMPTY = "—"


@register.filter
def pct(value, decimals: int = 2) -> str:
    return pct_text(value, int(decimals), empty=EMPTY)


@register.filter
def num(value, decimals: int = 0) -> str:
    return number_text(value, int(decimals), empty=EMPTY)


@register.filter
def status_badge(status: str):
    return _status_badge(str(status))
