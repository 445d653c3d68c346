"""Working days in Vietnam: Monday to Friday, except the public holidays of ``holidays_vn.json``.

The holiday list (2025–2030) is data shipped with the app, each year with its sources: the
statutory days of Bộ luật Lao động 2019 Điều 112, and for the years already decided the
official Tết / 30-4 / 2-9 day-off notices with their swapped days; later years carry the
statutory days with Tết from the lunar calendar, to be replaced by the official notice when it
is published. Outside those years only Saturdays and Sundays are days off.

A generated deadline (a reporting period's, a task check-in's) that falls on a day off moves to
the next working day unless its rule says otherwise (docs/design.md rule 7).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("holidays_vn.json")
FIRST_YEAR, LAST_YEAR = 2025, 2030


@cache
def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@cache
def holidays() -> dict[date, str]:
    """Every public holiday (day off) of the shipped years, with its Vietnamese name."""
    days: dict[date, str] = {}
    for year in _data()["years"].values():
        for iso, name in year["days"]:
            days[date.fromisoformat(iso)] = name
    return days


def holidays_of(year: int) -> dict[date, str]:
    return {d: n for d, n in holidays().items() if d.year == year}


def sources_of(year: int) -> list[str]:
    entry = _data()["years"].get(str(year))
    return list(entry["sources"]) if entry else []


def holiday_name(day: date) -> str:
    """ "Quốc khánh", "Tết Nguyên Đán", …, "Thứ Bảy", "Chủ Nhật", or "" for a working day."""
    if day in holidays():
        return holidays()[day]
    if day.weekday() == 5:
        return "Thứ Bảy"
    if day.weekday() == 6:
        return "Chủ Nhật"
    return ""


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays()


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def moved_deadline(deadline: datetime) -> datetime:
    """The same time of day on the next working day (the deadline itself if it is one).

    A deadline at 00:00 closes the day before ("trước ngày 20" = 00:00 on the 20th): that day
    is the one that must be a working day, and the deadline becomes 00:00 after it."""
    midnight = deadline.hour == 0 and deadline.minute == 0 and deadline.second == 0
    last_day = deadline.date() - timedelta(days=1) if midnight else deadline.date()
    day = next_working_day(last_day)
    if day == last_day:
        return deadline
    if midnight:
        day += timedelta(days=1)
    return deadline.replace(year=day.year, month=day.month, day=day.day)
