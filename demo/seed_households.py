"""Demo step of ``seed_demo`` (docs/design.md section 8): the Mẫu 02 rounds.

* The 45-day pushes' round (``demo.plans.SURVEY_ROUNDS``): returns from most villages; the first
  village (``truongxom1``'s V01 in Phú Lạc) has not submitted yet so its head can fill it, the
  last one submitted late, the one before it reports from household visits.
* Every campaign running on the demo's day: one round a quarter (``demo.seed_rounds``); past
  rounds closed with every village in and approved, the round open now with some villages in
  and one returned with a reason.

``bare=True`` creates the rounds without any return. Fixed seed, idempotent: a second run finds
every return stored and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.periods import VN
from households.models import HouseholdVisit, SurveyRound, VillageReturn
from households.selectors import visit_totals
from households.services import HCM, survey_round_create, village_return_submit
from indicators.facts import facts_deferred
from org.models import Membership, Role, Unit, UnitKind

from . import seed_rounds
from .plans import SURVEY_ROUNDS

SEED = 20251210
# (VNeID holders %, households that rated %) per commune's push: La Bằng ahead, Quân Chu behind.
# Phú Lạc and Phú Xuyên keep the ranges of the first version of this step.
LEVELS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "LB-45N-2025": ((82, 98), (60, 97)),
    "QC-45N-2025": ((52, 84), (25, 70)),
}
DEFAULT_LEVEL = ((62, 97), (40, 95))


def _figures(rng: random.Random, level=DEFAULT_LEVEL) -> dict[str, int]:
    (vneid_lo, vneid_hi), (rated_lo, rated_hi) = level
    so_ho = rng.randint(60, 220)
    so_khau = so_ho * rng.randint(30, 45) // 10
    co = so_khau * rng.randint(vneid_lo, vneid_hi) // 100
    online = rng.randint(10, 90)
    return {
        "so_ho": so_ho,
        "so_khau": so_khau,
        "co_vneid": co,
        "chua_vneid": so_khau - co,
        "hs_truc_tuyen": online,
        "hs_kq_dien_tu": online * rng.randint(50, 100) // 100,
        "ho_danh_gia": so_ho * rng.randint(rated_lo, rated_hi) // 100,
    }


def _reporter(village: Unit, fallback):
    m = (
        Membership.objects.filter(role=Role.VILLAGE_HEAD, unit=village)
        .select_related("user")
        .order_by("user__username")
    )
    return m.first().user if m.exists() else fallback


def centre_of(commune, fallback):
    """The commune's centre account (the first demo's ``trungtam`` in Phú Lạc), else ``fallback``."""
    members = Membership.objects.filter(commune=commune, role=Role.CENTRE).select_related("user")
    users = sorted((m.user for m in members), key=lambda u: ("." in u.username, u.username))
    return users[0] if users else fallback


def seed(*, bare: bool, today: dt.date | None = None, log=print) -> None:
    """The engine hears once per campaign, after the last return (not after each of them)."""
    with transaction.atomic(), facts_deferred():
        _seed(bare=bare, today=today, log=log)


def _seed(*, bare: bool, today: dt.date | None, log) -> None:
    today = today or timezone.now().astimezone(VN).date()
    admin = get_user_model().objects.filter(username="admin").first()
    for spec in SURVEY_ROUNDS:
        campaign = Campaign.objects.filter(code=spec["campaign"]).select_related("commune").first()
        if campaign is None:
            continue
        survey_round = survey_round_create(
            campaign=campaign,
            title=spec["title"],
            window_start=spec["window_start"],
            window_end=spec["window_end"],
            due_date=spec["due"],
        )
        if bare:
            log(f"Đợt rà soát Mẫu 02 của {campaign.code}: chưa có số liệu.")
            continue
        # the commune's centre stands in for the heads that have no account
        _returns(
            survey_round,
            centre=centre_of(campaign.commune, admin),
            seed=f"{SEED}-{campaign.code}",
            level=LEVELS.get(campaign.code, DEFAULT_LEVEL),
        )
        n = VillageReturn.objects.filter(survey_round=survey_round).count()
        log(f"Đợt rà soát Mẫu 02 của {campaign.code}: {n} {campaign.commune.village_word} đã nộp.")
    running = Campaign.objects.filter(start__lte=today, end__gte=today).select_related("commune").order_by("pk")
    for campaign in running:
        seed_rounds.seed_campaign(campaign, today=today, bare=bare, centre=centre_of(campaign.commune, admin), log=log)


def _returns(survey_round: SurveyRound, *, centre, seed: str, level=DEFAULT_LEVEL) -> None:
    rng = random.Random(seed)
    stored = set(VillageReturn.objects.filter(survey_round=survey_round).values_list("village_id", flat=True))
    villages = list(
        Unit.objects.filter(commune_id=survey_round.campaign.commune_id, kind=UnitKind.VILLAGE, active=True).order_by(
            "order", "code"
        )
    )
    if len(villages) < 4:
        return
    due = survey_round.due_date
    late_village, visits_village = villages[-1], villages[-2]
    for i, village in enumerate(villages):
        figures = _figures(rng, level)
        if i == 0:
            continue  # not submitted yet: truongxom1 fills V01 in the demo
        if village == visits_village:
            _visits(survey_round, village, rng=rng, user=_reporter(village, centre))
            figures = visit_totals(survey_round=survey_round, village=village)
        day = due + dt.timedelta(days=2) if village == late_village else due - dt.timedelta(days=rng.randint(0, 8))
        at = dt.datetime.combine(day, dt.time(rng.randint(7, 17), rng.randint(0, 59)), tzinfo=HCM)
        if village.pk in stored:
            continue  # kept as stored (also when an earlier version of this step stored it)
        village_return_submit(
            user=_reporter(village, centre),
            survey_round=survey_round,
            village=village,
            figures=figures,
            note="Tổng hợp từ sổ thăm hộ" if village == visits_village else "",
            idempotency_key=f"demo-{survey_round.pk}-{village.pk}",
            from_visits=village == visits_village,
            at=at,
        )


def _visits(survey_round: SurveyRound, village: Unit, *, rng: random.Random, user) -> None:
    # Draw every household even when they are stored already, so the seed stays in step.
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ", "Vũ", "Đặng", "Bùi", "Ngô"]
    given = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Văn Hải", "Thị Hoa", "Văn Long", "Thị Mai", "Văn Nam"]
    rows = []
    for n in range(1, 25):
        members = rng.randint(1, 7)
        vneid = rng.randint(max(0, members - 3), members)
        online = rng.randint(0, 3)
        rows.append(
            HouseholdVisit(
                survey_round=survey_round,
                village=village,
                household_code=f"{village.code}-{n:03d}",
                head_name=f"{rng.choice(surnames)} {rng.choice(given)}",
                members=members,
                members_vneid=vneid,
                online_dossiers=online,
                e_results=rng.randint(0, online),
                rated=rng.random() < 0.7,
                visited_on=survey_round.window_end - dt.timedelta(days=rng.randint(0, 25)),
                visited_by=user,
            )
        )
    if not HouseholdVisit.objects.filter(survey_round=survey_round, village=village).exists():
        HouseholdVisit.objects.bulk_create(rows)
