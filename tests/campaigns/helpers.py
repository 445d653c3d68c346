"""Small builders for the campaign tests (through the services, as a user would)."""

from __future__ import annotations

from datetime import date, time

from campaigns.services import RuleInput, campaign_create


def make_campaign(commune, *, code="KH-1", start=date(2026, 1, 1), end=date(2030, 12, 31), rules=None, **kw):
    return campaign_create(
        commune=commune,
        code=code,
        kind=kw.pop("kind", "movement"),
        title=kw.pop("title", "Kế hoạch thử"),
        start=start,
        end=end,
        rules=rules if rules is not None else [RuleInput(cadence="monthly", due_day=5, due_time=time(17, 0))],
        **kw,
    )
