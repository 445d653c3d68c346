"""The Mẫu 02 rounds of a campaign running on the demo's day: one a quarter.

A round covers a calendar quarter (from the campaign's start) and is due on the 10th of the
month after it. As of ``today``:

* a round due before ``today`` is closed (khóa sổ): every village sent its return, all approved;
* a round open now (its window has begun, its due day not passed) has returns from some villages
  (never the first, whose head fills it in the demo), one of them returned with a reason;
* later rounds do not exist yet.

A village's households and people are its own (seeded per campaign and village) and grow a
little from round to round; VNeID coverage rises round by round. Everything goes through
``households.services``. Idempotent: a stored return is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random

from campaigns.models import Campaign
from households.models import ReturnStatus, RoundStatus, VillageReturn
from households.services import (
    HCM,
    survey_round_create,
    survey_round_set_status,
    village_return_approve,
    village_return_send_back,
    village_return_submit,
)
from org.models import Membership, Role, Unit, UnitKind

SEED = 20260110
DUE_DAY = 10
TITLE = "Rà soát dịch vụ công, số hóa hồ sơ và định danh điện tử quý {q}/{year} (Mẫu biểu số 02)"
RETURN_REASON = "Số người có VNeID cộng số người chưa có không khớp sổ hộ khẩu của {word}, đề nghị rà soát lại."


def _quarters(campaign: Campaign, today: dt.date) -> list[tuple[dt.date, dt.date, dt.date, int]]:
    """(window start, window end, due day, quarter) of every round begun by ``today``."""
    out = []
    year, q = campaign.start.year, (campaign.start.month - 1) // 3 + 1
    while True:
        first = dt.date(year, 3 * q - 2, 1)
        if first > today or first > campaign.end:
            return out
        nxt = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
        window_end = min(nxt - dt.timedelta(days=1), campaign.end)
        out.append((max(first, campaign.start), window_end, nxt.replace(day=DUE_DAY), q))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)


def _figures(campaign: Campaign, village: Unit, n: int) -> dict[str, int]:
    """The village's Mẫu 02 row in its ``n``-th round (0 first): households and people of its own,
    growing a little; VNeID holders, online dossiers and ratings rising round by round."""
    rng = random.Random(f"{SEED}-{campaign.code}-{village.code}")
    so_ho = rng.randint(80, 240)
    per_house = rng.randint(32, 42)
    start_share = rng.randint(55, 80)
    rated_share = rng.randint(30, 60)
    so_ho += sum(rng.randint(0, 3) for _ in range(n))
    so_khau = so_ho * per_house // 10
    co = so_khau * min(98, start_share + 6 * n + rng.randint(0, 3)) // 100
    online = rng.randint(15, 60) + 10 * n
    return {
        "so_ho": so_ho,
        "so_khau": so_khau,
        "co_vneid": co,
        "chua_vneid": so_khau - co,
        "hs_truc_tuyen": online,
        "hs_kq_dien_tu": online * rng.randint(60, 100) // 100,
        "ho_danh_gia": so_ho * min(95, rated_share + 8 * n) // 100,
    }


def _head(village: Unit, fallback):
    m = (
        Membership.objects.filter(role=Role.VILLAGE_HEAD, unit=village)
        .select_related("user")
        .order_by("user__username")
    )
    first = m.first()
    return first.user if first else fallback


def seed_campaign(campaign: Campaign, *, today: dt.date, bare: bool, centre, log) -> None:
    villages = list(
        Unit.objects.filter(commune_id=campaign.commune_id, kind=UnitKind.VILLAGE, active=True).order_by(
            "order", "code"
        )
    )
    if len(villages) < 4 or centre is None:
        return
    for n, (window_start, window_end, due, q) in enumerate(_quarters(campaign, today)):
        survey_round = survey_round_create(
            campaign=campaign,
            title=TITLE.format(q=q, year=window_start.year),
            window_start=window_start,
            window_end=window_end,
            due_date=due,
        )
        if bare:
            continue
        closed = due < today
        if survey_round.status == RoundStatus.CLOSED:
            continue  # kept as stored
        stored = set(VillageReturn.objects.filter(survey_round=survey_round).values_list("village_id", flat=True))
        rng = random.Random(f"{SEED}-{campaign.code}-{window_start}")
        sending = villages if closed else [v for v in villages[1:] if rng.random() < 0.6] or villages[1:3]
        returned = None if closed else sending[rng.randrange(len(sending))]
        for village in sending:
            if closed:
                day = due - dt.timedelta(days=rng.randint(0, 12))
            else:
                span = max(0, (today - window_start).days - 1)
                day = window_start + dt.timedelta(days=rng.randint(0, span))
            sent = dt.datetime.combine(day, dt.time(rng.randint(7, 16), rng.randint(0, 59)), tzinfo=HCM)
            if village.pk in stored:
                continue
            result = village_return_submit(
                user=_head(village, centre),
                survey_round=survey_round,
                village=village,
                figures=_figures(campaign, village, n),
                idempotency_key=f"demo-{survey_round.pk}-{village.pk}",
                at=sent,
            )
            if closed:
                village_return_approve(user=centre, village_return=result.village_return)
            elif village == returned:
                village_return_send_back(
                    user=centre,
                    village_return=result.village_return,
                    reason=RETURN_REASON.format(word=campaign.commune.village_word),
                )
        if closed:
            survey_round_set_status(user=centre, survey_round=survey_round, status=RoundStatus.CLOSED)
        counts = VillageReturn.objects.filter(survey_round=survey_round)
        log(
            f"Mẫu 02 {campaign.code} quý {q}/{window_start.year}: {counts.count()}/{len(villages)} "
            f"{campaign.commune.village_word} đã nộp, {counts.filter(status=ReturnStatus.RETURNED).count()} bị trả lại"
            f"{' (đã khóa sổ)' if closed else ''}."
        )
