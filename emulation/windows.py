"""The windows an emulation result is read over: a quarter of a year, or the whole year, clipped
to the campaign's own dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from campaigns.models import Campaign

ROMAN = ("I", "II", "III", "IV")


class WindowError(ValueError):
    """A window the campaign does not cover: the message is Vietnamese."""


@dataclass(frozen=True)
class Window:
    year: int
    quarter: int  # 1–4; 0 = the whole year
    start: date
    end: date

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def label(self) -> str:
        return f"Quý {ROMAN[self.quarter - 1]}/{self.year}" if self.quarter else f"Năm {self.year}"

    @property
    def is_year(self) -> bool:
        return self.quarter == 0


def _bounds(year: int, quarter: int) -> tuple[date, date]:
    if quarter == 0:
        return date(year, 1, 1), date(year, 12, 31)
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def window_of(campaign: Campaign, year: int, quarter: int = 0) -> Window:
    if not 1 <= year <= 9998:  # date() holds years 1–9999; a guessed ?ky= / ?nam= is refused, never a 500
        raise WindowError(f"Năm {str(year)[:12]} không hợp lệ.")
    start, end = _bounds(year, quarter)
    if end < campaign.start or start > campaign.end:
        raise WindowError(
            f"{Window(year, quarter, start, end).label} nằm ngoài thời gian của kế hoạch "
            f"(từ {campaign.start:%d/%m/%Y} đến {campaign.end:%d/%m/%Y})."
        )
    return Window(year, quarter, max(start, campaign.start), min(end, campaign.end))


def windows_of(campaign: Campaign) -> list[Window]:
    """Each year of the campaign, followed by its quarters."""
    out = []
    for year in range(campaign.start.year, campaign.end.year + 1):
        out.append(window_of(campaign, year))
        for q in range(1, 5):
            try:
                out.append(window_of(campaign, year, q))
            except WindowError:
                continue
    return out


def window_parse(campaign: Campaign, text: str | None, *, today: date) -> Window:
    """ "2026" or "2026-Q2" (the page's ``ky``); empty: the year of ``today`` inside the
    campaign (else its last year)."""
    text = (text or "").strip()
    if not text:
        year = min(max(today.year, campaign.start.year), campaign.end.year)
        return window_of(campaign, year)
    m = re.fullmatch(r"(\d{4})(?:-[Qq]([1-4]))?", text)
    if not m:
        raise WindowError(f"Kỳ “{text[:20]}” không đúng dạng NĂM (2026) hoặc NĂM-QSỐ (2026-Q2).")
    return window_of(campaign, int(m.group(1)), int(m.group(2) or 0))
