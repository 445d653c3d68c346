"""factory_boy factories for households: Mẫu 02 rounds (through ``survey_round_create``, which
also makes the round's survey period and its label), village returns and household visits."""

from __future__ import annotations

import datetime as dt

import factory

from households.models import HouseholdVisit, SurveyRound, VillageReturn
from households.services import survey_round_create
from org.models import UnitKind
from tests.campaigns.factories import CampaignFactory
from tests.org.factories import UnitFactory

# a village's Mẫu 02 row that passes every check
GOOD = {
    "so_ho": 120,
    "so_khau": 450,
    "co_vneid": 400,
    "chua_vneid": 50,
    "hs_truc_tuyen": 30,
    "hs_kq_dien_tu": 25,
    "ho_danh_gia": 100,
}


class PushFactory(CampaignFactory):
    """Phú Lạc's 45-day push (03/11–17/12/2025), active, with no reporting rules or units."""

    code = factory.Sequence(lambda n: f"PL-45N-{n}")
    kind = "push"
    title = "Đợt cao điểm 45 ngày đêm"
    start = dt.date(2025, 11, 3)
    end = dt.date(2025, 12, 17)
    status = "active"
    rules = factory.LazyFunction(list)
    units = factory.LazyFunction(list)


class SurveyRoundFactory(factory.django.DjangoModelFactory):
    """``survey_round_create``: the round over 01/7–30/11/2025, due 10/12/2025."""

    class Meta:
        model = SurveyRound

    campaign = factory.SubFactory(PushFactory)
    title = "Rà soát Mẫu 02"
    window_start = dt.date(2025, 7, 1)
    window_end = dt.date(2025, 11, 30)
    due_date = dt.date(2025, 12, 10)
    visits_enabled = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs) -> SurveyRound:
        return survey_round_create(**kwargs)


class VillageReturnFactory(factory.django.DjangoModelFactory):
    """A village's row as stored (a draft with ``GOOD`` figures unless told otherwise); for a
    submitted row go through ``village_return_submit`` as the village head does."""

    class Meta:
        model = VillageReturn

    survey_round = factory.SubFactory(SurveyRoundFactory)
    village = factory.SubFactory(
        UnitFactory, commune=factory.SelfAttribute("..survey_round.campaign.commune"), kind=UnitKind.VILLAGE
    )
    so_ho = GOOD["so_ho"]
    so_khau = GOOD["so_khau"]
    co_vneid = GOOD["co_vneid"]
    chua_vneid = GOOD["chua_vneid"]
    hs_truc_tuyen = GOOD["hs_truc_tuyen"]
    hs_kq_dien_tu = GOOD["hs_kq_dien_tu"]
    ho_danh_gia = GOOD["ho_danh_gia"]


class HouseholdVisitFactory(factory.django.DjangoModelFactory):
    """One household of a village's register (``household_visit_add`` checks what a user types)."""

    class Meta:
        model = HouseholdVisit

    survey_round = factory.SubFactory(SurveyRoundFactory)
    village = factory.SubFactory(
        UnitFactory, commune=factory.SelfAttribute("..survey_round.campaign.commune"), kind=UnitKind.VILLAGE
    )
    household_code = factory.Sequence(lambda n: f"H{n:03d}")
    head_name = factory.Sequence(lambda n: f"Chủ hộ {n}")
    members = 4
    members_vneid = 3
    visited_on = dt.date(2025, 11, 10)
