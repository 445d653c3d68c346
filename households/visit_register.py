"""The household visit register (sổ thăm hộ): one row per household, and the village's Mẫu 02
row computed from it and submitted through ``village_return_submit`` (same checks, same key).

``household_visit_record`` is the outbox's door (issue 13 item 4): each visit typed on the phone
is one entry with its own idempotency key; the server answers with the hash of the visit as
stored, and recomputes the village's derived Mẫu 02 row from the whole register (never from a
sum the phone made)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from org.models import Unit

from .models import FIGURE_NAMES, HouseholdVisit, ReturnLogAction, ReturnStatus, SurveyRound, VillageReturn
from .selectors import visit_totals
from .services import SubmitResult, _check_writable, _log, village_return_submit
from .validation import ReturnInvalid, clean_visit


def household_visit_add(
    *,
    user,
    survey_round: SurveyRound,
    village: Unit,
    data: Mapping[str, Any],
    visited_on: dt.date | None = None,
    idempotency_key: str | None = None,
) -> HouseholdVisit:
    """One household of the register; the Mẫu 02 rules per household; a duplicate code refused;
    the village's derived row recomputed."""
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
            visit = HouseholdVisit.objects.create(
                survey_round=survey_round,
                village=village,
                visited_on=visited_on or timezone.localdate(),
                visited_by=user,
                idempotency_key=idempotency_key,
                **clean,
            )
            derived_row_update(user=user, survey_round=survey_round, village=village)
            return visit
    except IntegrityError:
        if idempotency_key and HouseholdVisit.objects.filter(idempotency_key=idempotency_key).exists():
            raise
        raise ReturnInvalid({"household_code": [f"Hộ “{clean['household_code']}” đã có trong sổ."]})


@transaction.atomic
def household_visit_delete(*, user, visit: HouseholdVisit) -> None:
    ret = VillageReturn.objects.filter(survey_round=visit.survey_round, village=visit.village).first()
    _check_writable(survey_round=visit.survey_round, ret=ret)
    visit.delete()
    derived_row_update(user=user, survey_round=visit.survey_round, village=visit.village)


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


# --- the outbox's door: one visit per idempotency key --------------------------------------

VISIT_HASHED = [
    "household_code",
    "head_name",
    "members",
    "members_vneid",
    "online_dossiers",
    "e_results",
    "rated",
    "note",
]


class VisitConflict(Exception):
    """409: the key was used with another visit, or this household is already in the register
    with other figures (two phones typed the same household)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class VisitResult:
    visit: HouseholdVisit
    created: bool
    visit_hash: str
    derived: dict[str, int]


def visit_hash(values: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of one visit as the phone hashes it (outbox.js ``canonical``:
    keys sorted, no spaces, UTF-8, with an empty ``ghi_chu`` beside the visit's own ``note``)."""
    payload = {name: values[name] for name in VISIT_HASHED} | {"ghi_chu": ""}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _as_values(visit: HouseholdVisit) -> dict[str, Any]:
    return {name: getattr(visit, name) for name in VISIT_HASHED}


def derived_row_update(*, user, survey_round: SurveyRound, village: Unit) -> dict[str, int]:
    """Recompute the village's Mẫu 02 row from its register. A row not yet submitted (or
    returned by the centre) takes the register's totals as its draft figures, every change
    logged (rule 8); a submitted or approved row is left as the centre sees it, until the head
    sends it again from the register."""
    figures = visits_figures(survey_round=survey_round, village=village)
    ret, _ = VillageReturn.objects.get_or_create(survey_round=survey_round, village=village)
    ret = VillageReturn.objects.select_for_update().get(pk=ret.pk)
    if ret.status not in (ReturnStatus.DRAFT, ReturnStatus.RETURNED):
        return figures
    now = timezone.now()
    logs = []
    for name in FIGURE_NAMES:
        old = getattr(ret, name)
        if old != figures[name]:
            logs.append(_log(ret, ReturnLogAction.CHANGE, user=user, at=now, field=name, old=old, new=figures[name]))
            setattr(ret, name, figures[name])
    if logs:
        ret.from_visits = True
        ret.version += 1
        ret.save()
        type(logs[0]).objects.bulk_create(logs)
    return figures


def household_visit_record(
    *, user, survey_round: SurveyRound, village: Unit, data: Mapping[str, Any], idempotency_key: str
) -> VisitResult:
    """Store one visit sent by the outbox, once per key:

    * the key already stored with the same visit → that visit, ``created=False`` (200);
    * the key stored with another visit, or the household already in the register with other
      figures → ``VisitConflict`` (409), nothing changed;
    * the household already there with the same figures under another key (the same visit
      typed on two phones) → the stored visit (200), no second row;
    * bad input → ``ReturnInvalid`` per field (400).
    Afterwards the derived Mẫu 02 row is recomputed (``derived_row_update``)."""
    key = (idempotency_key or "").strip()
    if not key or len(key) > 64:
        raise ReturnInvalid({"__all__": ["Thiếu mã gửi (idempotency key) hợp lệ; hãy tải lại trang."]})
    clean, errors = clean_visit(data)
    if errors:
        raise ReturnInvalid(errors)
    sent_hash = visit_hash(clean)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                existing = HouseholdVisit.objects.filter(idempotency_key=key).first()
                if existing is None:
                    existing = HouseholdVisit.objects.filter(
                        survey_round=survey_round, village=village, household_code=clean["household_code"]
                    ).first()
                    if existing is not None and visit_hash(_as_values(existing)) != sent_hash:
                        raise VisitConflict(
                            f"Hộ “{clean['household_code']}” đã có trong sổ với số khác "
                            f"(nhập lúc {timezone.localtime(existing.created_at):%H:%M %d/%m/%Y}, có thể từ máy khác). "
                            "Máy này chưa ghi đè: hãy mở sổ, xem lại hộ đó rồi sửa hoặc xóa bản chờ gửi."
                        )
                if existing is not None:
                    if existing.idempotency_key == key and visit_hash(_as_values(existing)) != sent_hash:
                        raise VisitConflict("Mã gửi này đã dùng cho một hộ khác: bản này chưa được lưu.")
                    derived = visits_figures(survey_round=survey_round, village=village)
                    return VisitResult(existing, False, visit_hash(_as_values(existing)), derived)
                visit = household_visit_add(
                    user=user, survey_round=survey_round, village=village, data=clean, idempotency_key=key
                )
                derived = visits_figures(survey_round=survey_round, village=village)
                return VisitResult(visit, True, visit_hash(_as_values(visit)), derived)
        except IntegrityError:
            continue  # a parallel send of the same key won: answer from its row
        except ReturnInvalid as exc:
            # household_visit_add refuses a code that a parallel request has just stored
            if (
                "household_code" in exc.errors
                and HouseholdVisit.objects.filter(
                    survey_round=survey_round, village=village, household_code=clean["household_code"]
                ).exists()
            ):
                continue
            raise
    existing = HouseholdVisit.objects.get(idempotency_key=key)
    return VisitResult(
        existing, False, visit_hash(_as_values(existing)), visits_figures(survey_round=survey_round, village=village)
    )
