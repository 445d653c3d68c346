"""The household visit register (sổ thăm hộ): one row per household, and the village's Mẫu 02
row computed from it and submitted through ``village_return_submit`` (same checks, same key)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from org.models import Unit

from .models import HouseholdVisit, SurveyRound, VillageReturn
from .selectors import visit_totals
from .services import SubmitResult, _check_writable, village_return_submit
from .validation import ReturnInvalid, clean_visit


def household_visit_add(
    *, user, survey_round: SurveyRound, village: Unit, data: Mapping[str, Any], visited_on: dt.date | None = None
) -> HouseholdVisit:
    """One household of the register; the Mẫu 02 rules per household; a duplicate code refused."""
    if not survey_round.visits_enabled:
        raise ReturnInvalid({"__all__": ["Đợt rà soát này không dùng sổ thăm hộ."]})
    ret = VillageReturn.objects.filter(survey_round=survey_round, village=village).first()
    _check_writable(survey_round=survey_round, ret=ret)
    clean, errors = clean_visit(data)
    if (
        clean.get("household_code")
        and HouseholdVisit.objects.filter(
            survey_round=survey_round, village=village, household_code=clean["household_code"]
        ).exists()
    ):
        errors.setdefault("household_code", []).append(f"Hộ “{clean['household_code']}” đã có trong sổ.")
    if errors:
        raise ReturnInvalid(errors)
    try:
        with transaction.atomic():
            return HouseholdVisit.objects.create(
                survey_round=survey_round,
                village=village,
                visited_on=visited_on or timezone.localdate(),
                visited_by=user,
                **clean,
            )
    except IntegrityError:
        raise ReturnInvalid({"household_code": [f"Hộ “{clean['household_code']}” đã có trong sổ."]})


def household_visit_delete(*, user, visit: HouseholdVisit) -> None:
    ret = VillageReturn.objects.filter(survey_round=visit.survey_round, village=visit.village).first()
    _check_writable(survey_round=visit.survey_round, ret=ret)
    visit.delete()


def visits_figures(*, survey_round: SurveyRound, village: Unit) -> dict[str, int]:
    """The village's Mẫu 02 row computed from its register."""
    return visit_totals(survey_round=survey_round, village=village)


def village_return_submit_from_visits(
    *, user, survey_round: SurveyRound, village: Unit, idempotency_key: str, note: str = ""
) -> SubmitResult:
    figures = visits_figures(survey_round=survey_round, village=village)
    if not figures["so_ho"]:
        raise ReturnInvalid({"__all__": ["Sổ thăm hộ chưa có hộ nào: nhập hộ trước khi nộp."]})
    return village_return_submit(
        user=user,
        survey_round=survey_round,
        village=village,
        figures=figures,
        note=note,
        idempotency_key=idempotency_key,
        from_visits=True,
    )
