"""The only door from the documents to the attainment engine's results (DESIGN.md section 3):
reads, never a computation. ``indicators.selectors`` is the engine's read API; the window of
a calendar quarter that is not a period comes from ``indicators.windows``."""

from __future__ import annotations

from datetime import date

from campaigns.models import Campaign, Period


def commune_rows(*, campaign: Campaign, period: Period, cumulative: bool) -> list:
    """Attainment rows of the whole commune for one period (or cumulative to its end), in the
    indicators' order; only indicators the campaign has a target or figures for."""
    from indicators import selectors

    rows = list(selectors.attainments(campaign=campaign, cumulative=cumulative, period=period, scope_kind="commune"))
    return sorted(rows, key=lambda a: (a.indicator.order, a.indicator.code))


def latest_closed_period(campaign: Campaign) -> Period | None:
    from indicators import selectors

    return selectors.latest_closed_period(campaign)


def unit_ranking(*, campaign: Campaign, period: Period | None) -> list:
    from indicators import selectors

    return list(selectors.unit_ranking(campaign=campaign, period=period))


def quarter_rows(*, campaign: Campaign, start: date, end: date, previous: tuple[date, date]):
    from indicators.windows import window_attainments

    return window_attainments(campaign=campaign, start=start, end=end, previous=previous)
