"""Writes of the households app: survey rounds, village returns (Mẫu 02) and their life cycle,
the household visit register.

Every function is atomic. Permission is checked by the caller's ``*_get_for_user`` fetch
(``households.selectors``); review functions check REVIEW themselves because they are also
called from the admin and tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from campaigns.models import Cadence, Campaign, Period
from indicators.facts import datavalues_replace, datavalues_set_counted, facts_changed
from indicators.models import DataElement, SourceKind
from org.access import Action, can, require
from org.models import Unit

from .models import (
    FIGURE_LABELS,
    FIGURE_NAMES,
    FIGURES,
    ReturnLogAction,
    ReturnStatus,
    RoundStatus,
    SubmissionKey,
    SurveyRound,
    VillageReturn,
    VillageReturnLog,
)
from .validation import ReturnInvalid, clean_figures, clean_note

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_ATTEMPTS = 30


class KeyConflict(Exception):
    """The same idempotency key arrived with different figures (answered 409)."""

    message = (
        "Mã gửi này đã được dùng cho một lần nộp với số liệu khác. "
        "Số liệu đã lưu không bị thay đổi; hãy tải lại trang để xem và nộp lại."
    )


class VersionConflict(Exception):
    """Someone else changed the return since this form was opened (answered 409)."""

    # Also what the second of two phones signed in to the same account is told (issue 13).
    message = (
        "Mẫu 02 của thôn vừa được nộp hoặc sửa từ máy khác (có thể cùng tài khoản) với số liệu khác. "
        "Máy này chưa ghi đè: hãy tải lại trang để xem số đã lưu, rồi sửa và nộp lại nếu cần."
    )


@dataclass(frozen=True)
class SubmitResult:
    village_return: VillageReturn
    created: bool  # False: the same key with the same figures was already stored
    warnings: dict[str, list[str]]
    # figures_hash() of what this key stored: the phone deletes its queued entry only when the
    # answer names its key and this same hash (see households/static/households/outbox.js).
    figures_hash: str = ""


# --- rounds --------------------------------------------------------------------------


def survey_deadline(due_date: dt.date) -> dt.datetime:
    """The end of the due day in Asia/Ho_Chi_Minh: a return stored after it is late (rule 7)."""
    return dt.datetime.combine(due_date, dt.time.max, tzinfo=HCM)


@transaction.atomic
def survey_round_create(
    *,
    campaign: Campaign,
    title: str,
    window_start: dt.date,
    window_end: dt.date,
    due_date: dt.date,
    visits_enabled: bool = True,
) -> SurveyRound:
    """Create a round and its Period (cadence "survey"); idempotent on (campaign, window start)."""
    if window_end < window_start:
        raise ReturnInvalid({"window_end": ["Ngày kết thúc rà soát phải sau ngày bắt đầu."]})
    if due_date < window_end:
        raise ReturnInvalid({"due_date": ["Hạn nộp phải từ ngày kết thúc rà soát trở đi."]})
    label = f"Rà soát Mẫu 02 ({window_start:%d/%m/%Y} – {window_end:%d/%m/%Y})"
    index = Period.objects.filter(campaign=campaign, cadence=Cadence.SURVEY).exclude(start=window_start).count() + 1
    period, _ = Period.objects.update_or_create(
        campaign=campaign,
        cadence=Cadence.SURVEY,
        start=window_start,
        defaults={"end": window_end, "deadline": survey_deadline(due_date), "label": label[:100], "index": index},
    )
    survey_round, _ = SurveyRound.objects.update_or_create(
        period=period,
        defaults={
            "campaign": campaign,
            "title": title,
            "window_start": window_start,
            "window_end": window_end,
            "due_date": due_date,
            "visits_enabled": visits_enabled,
        },
    )
    return survey_round


def survey_round_set_status(*, user, survey_round: SurveyRound, status: str) -> SurveyRound:
    """Close (khóa sổ) or reopen a round: the centre only."""
    require(user, Action.MANAGE, commune=survey_round.campaign.commune)
    if status not in RoundStatus.values:
        raise ReturnInvalid({"status": ["Trạng thái đợt rà soát không hợp lệ."]})
    survey_round.status = status
    survey_round.save(update_fields=["status"])
    return survey_round


# --- the return's figures --------------------------------------------------------------


def fingerprint(*, survey_round_id: int, village_id: int, figures: Mapping[str, int], note: str) -> str:
    payload = {"r": survey_round_id, "v": village_id, "f": [figures[n] for n in FIGURE_NAMES], "n": note}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def figures_hash(*, figures: Mapping[str, int], note: str) -> str:
    """sha256 of the canonical JSON of a return's figures and note, as the phone computes it:
    the keys sorted, no spaces, UTF-8, e.g. ``{"chua_vneid":50,…,"ghi_chu":"",…,"so_khau":450}``."""
    payload = {name: figures[name] for name in FIGURE_NAMES} | {"ghi_chu": note}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _element_ids() -> dict[str, int]:
    codes = [code for _, _, code in FIGURES]
    ids = dict(DataElement.objects.filter(commune__isnull=True, code__in=codes).values_list("code", "id"))
    missing = set(codes) - set(ids)
    if missing:
        raise RuntimeError(f"Thiếu số liệu thành phần của Mẫu 02 trong danh mục: {', '.join(sorted(missing))}")
    return ids


def _log(ret: VillageReturn, action: str, *, user, at, field: str = "", old: Any = "", new: Any = "", reason=""):
    return VillageReturnLog(
        village_return=ret,
        action=action,
        field=field,
        old="" if old is None else str(old),
        new="" if new is None else str(new),
        reason=reason,
        user=user,
        at=at,
    )


def _store_figures(*, ret: VillageReturn, figures: Mapping[str, int], user, at: dt.datetime, counted: bool) -> None:
    ids = _element_ids()
    values = {(ids[code], None): Decimal(figures[name]) for name, _, code in FIGURES}
    survey_round = ret.survey_round
    datavalues_replace(
        campaign_id=survey_round.campaign_id,
        period_id=survey_round.period_id,
        unit_id=ret.village_id,
        values=values,
        source_kind=SourceKind.SURVEY_RETURN,
        source_id=ret.pk,
        user=user,
        counted=counted,
    )
    facts_changed(campaign_id=survey_round.campaign_id)


def _check_writable(*, survey_round: SurveyRound, ret: VillageReturn | None) -> None:
    if not survey_round.is_open:
        raise ReturnInvalid({"__all__": ["Đợt rà soát đã khóa sổ: không nhận thêm hoặc sửa Mẫu 02."]})
    if ret is not None and ret.status == ReturnStatus.APPROVED:
        raise ReturnInvalid(
            {"__all__": ["Mẫu 02 của thôn đã được duyệt và khóa. Cần người duyệt mở lại (kèm lý do) trước khi sửa."]}
        )


def _replay(existing: SubmissionKey, fp: str, *, figures: Mapping[str, int], note: str) -> SubmitResult:
    """The key is stored already: the same figures are answered with the stored return (200),
    other figures are refused. The hash is of the figures this key stored, which are the ones
    sent again (the fingerprints match), even if a later submission has changed the row since."""
    if existing.fingerprint != fp:
        raise KeyConflict()
    ret = VillageReturn.objects.select_related("survey_round", "village").get(pk=existing.village_return_id)
    _, _, warnings = clean_figures(ret.figures())
    return SubmitResult(ret, False, warnings, figures_hash(figures=figures, note=note))


def _return_locked(*, survey_round: SurveyRound, village: Unit) -> VillageReturn:
    ret, _ = VillageReturn.objects.get_or_create(survey_round=survey_round, village=village)
    return VillageReturn.objects.select_for_update().select_related("survey_round", "village").get(pk=ret.pk)


def village_return_submit(
    *,
    user,
    survey_round: SurveyRound,
    village: Unit,
    figures: Mapping[str, Any],
    note: Any = "",
    idempotency_key: str,
    version: int | None = None,
    from_visits: bool = False,
    action: str = ReturnLogAction.SUBMIT,
    at: dt.datetime | None = None,
) -> SubmitResult:
    """Store a village's Mẫu 02 row as submitted, once per idempotency key.

    * bad figures (rule 10 and the Mẫu 02 consistency rules) → ``ReturnInvalid``, nothing stored;
    * a key already stored with the same figures → the stored return, ``created=False`` (200);
    * a key already stored with other figures → ``KeyConflict`` (409), nothing changed;
    * ``version`` differs from the stored one (someone else saved meanwhile) → ``VersionConflict``;
    * a closed round, an approved (locked) return, or a return already submitted and not yet
      returned (except through the centre's import) → ``ReturnInvalid``.

    The unique constraint on ``SubmissionKey.key`` is the last word under concurrency: a
    parallel request with the same key fails its insert, rolls back, and is answered from the
    row the winner stored.
    """
    clean, errors, warnings = clean_figures(figures)
    note_text, note_error = clean_note(note)
    if note_error:
        errors.setdefault("ghi_chu", []).append(note_error)
    key = (idempotency_key or "").strip()
    if not key or len(key) > 64:
        errors.setdefault("__all__", []).append("Thiếu mã gửi (idempotency key) hợp lệ; hãy tải lại trang.")
    if errors:
        raise ReturnInvalid(errors)
    fp = fingerprint(survey_round_id=survey_round.pk, village_id=village.pk, figures=clean, note=note_text)
    outer = transaction.get_connection().in_atomic_block
    for attempt in range(MAX_ATTEMPTS):
        try:
            with transaction.atomic():
                existing = SubmissionKey.objects.filter(key=key).first()
                if existing is not None:
                    return _replay(existing, fp, figures=clean, note=note_text)
                ret = _return_locked(survey_round=survey_round, village=village)
                # Another request may have stored this key while we waited for the lock.
                existing = SubmissionKey.objects.filter(key=key).first()
                if existing is not None:
                    return _replay(existing, fp, figures=clean, note=note_text)
                _check_writable(survey_round=survey_round, ret=ret)
                if version is not None and ret.version and version != ret.version:
                    raise VersionConflict()
                if (
                    ret.status == ReturnStatus.SUBMITTED
                    and action != ReturnLogAction.IMPORT
                    and not can(user, Action.REVIEW, unit=village)
                ):
                    # Rule 8, as for unit reports: a submitted return is read-only for the village
                    # until the centre returns it (the centre itself may still correct it).
                    raise ReturnInvalid(
                        {
                            "__all__": [
                                "Mẫu 02 của thôn đã nộp và đang chờ trung tâm xem xét. "
                                "Muốn sửa, đề nghị Trung tâm Phục vụ hành chính công trả lại."
                            ]
                        }
                    )
                SubmissionKey.objects.create(key=key, village_return=ret, fingerprint=fp, user=user)
                _apply(ret=ret, figures=clean, note=note_text, user=user, at=at, from_visits=from_visits, action=action)
                stored = figures_hash(figures={n: getattr(ret, n) for n in FIGURE_NAMES}, note=ret.ghi_chu)
                return SubmitResult(ret, True, warnings, stored)
        except IntegrityError:
            continue
        except OperationalError as exc:
            # SQLite (the embedded default) answers "database is locked" instead of waiting
            # when writers collide; PostgreSQL waits on the row lock and never lands here.
            if outer or connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.02 * (attempt + 1))
    existing = SubmissionKey.objects.get(key=key)
    return _replay(existing, fp, figures=clean, note=note_text)


def _apply(
    *,
    ret: VillageReturn,
    figures: Mapping[str, int],
    note: str,
    user,
    at: dt.datetime | None,
    from_visits: bool,
    action,
) -> None:
    now = at or timezone.now()
    logs = []
    for name in FIGURE_NAMES:
        old = getattr(ret, name)
        if old != figures[name]:
            logs.append(_log(ret, ReturnLogAction.CHANGE, user=user, at=now, field=name, old=old, new=figures[name]))
            setattr(ret, name, figures[name])
    if ret.ghi_chu != note:
        logs.append(_log(ret, ReturnLogAction.CHANGE, user=user, at=now, field="ghi_chu", old=ret.ghi_chu, new=note))
        ret.ghi_chu = note
    first_submission = ret.submitted_at is None
    logs.append(_log(ret, action, user=user, at=now, old=ret.status, new=ReturnStatus.SUBMITTED))
    ret.status = ReturnStatus.SUBMITTED
    ret.from_visits = from_visits
    ret.submitted_by = user
    ret.submitted_at = now
    if first_submission:
        # Late is decided by the first submission; fixing a returned row later is not lateness.
        ret.is_late = now > ret.survey_round.period.deadline
    ret.review_reason = ""
    ret.version += 1
    ret.save()
    VillageReturnLog.objects.bulk_create(logs)
    _store_figures(ret=ret, figures=figures, user=user, at=now, counted=True)


# --- review: approve, return, reopen (rule 8) -----------------------------------------


def _transition(*, user, ret: VillageReturn, allowed_from: tuple[str, ...], to: str, action: str, reason: str = ""):
    require(user, Action.REVIEW, unit=ret.village)
    with transaction.atomic():
        locked = VillageReturn.objects.select_for_update().select_related("survey_round", "village").get(pk=ret.pk)
        if locked.status not in allowed_from:
            raise ReturnInvalid(
                {"__all__": [f"Không thể thực hiện: Mẫu 02 đang ở trạng thái “{locked.get_status_display()}”."]}
            )
        now = timezone.now()
        VillageReturnLog.objects.create(
            village_return=locked, action=action, old=locked.status, new=to, reason=reason, user=user, at=now
        )
        locked.status = to
        locked.reviewed_by = user
        locked.reviewed_at = now
        locked.review_reason = reason
        locked.version += 1
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_reason", "version", "updated_at"])
        datavalues_set_counted(
            unit_id=locked.village_id, period_id=locked.survey_round.period_id, counted=locked.counted
        )
        facts_changed(campaign_id=locked.survey_round.campaign_id)
        return locked


def village_return_approve(*, user, village_return: VillageReturn) -> VillageReturn:
    return _transition(
        user=user,
        ret=village_return,
        allowed_from=(ReturnStatus.SUBMITTED,),
        to=ReturnStatus.APPROVED,
        action=ReturnLogAction.APPROVE,
    )


def _need_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReturnInvalid({"reason": [f"Cần ghi lý do {what}."]})
    return reason


def village_return_send_back(*, user, village_return: VillageReturn, reason: str) -> VillageReturn:
    """Trả lại: the village fixes and resubmits; its figures stop counting meanwhile."""
    return _transition(
        user=user,
        ret=village_return,
        allowed_from=(ReturnStatus.SUBMITTED,),
        to=ReturnStatus.RETURNED,
        action=ReturnLogAction.RETURN,
        reason=_need_reason(reason, "trả lại"),
    )


def village_return_reopen(*, user, village_return: VillageReturn, reason: str) -> VillageReturn:
    """Mở lại an approved (locked) return: needs a reviewer and a reason; it goes back to the
    village as returned."""
    return _transition(
        user=user,
        ret=village_return,
        allowed_from=(ReturnStatus.APPROVED,),
        to=ReturnStatus.RETURNED,
        action=ReturnLogAction.REOPEN,
        reason=_need_reason(reason, "mở lại"),
    )


# --- Excel import -----------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedRow:
    village: Unit
    figures: dict[str, int]
    note: str
    row: int


def mau02_import_apply(*, user, survey_round: SurveyRound, rows: list[ImportedRow], file_hash: str) -> int:
    """Store every parsed row, all or nothing (rule 10). Returns the number of returns stored.

    The key of each row derives from the file's hash, so importing the same file twice
    changes nothing the second time."""
    stored = 0
    with transaction.atomic():
        for r in rows:
            result = village_return_submit(
                user=user,
                survey_round=survey_round,
                village=r.village,
                figures=r.figures,
                note=r.note,
                idempotency_key=f"xlsx-{file_hash[:40]}-{r.village.pk}",
                action=ReturnLogAction.IMPORT,
            )
            stored += int(result.created)
    return stored


__all__ = [
    "FIGURE_LABELS",
    "KeyConflict",
    "ReturnInvalid",
    "SubmitResult",
    "VersionConflict",
    "mau02_import_apply",
    "survey_deadline",
    "survey_round_create",
    "survey_round_set_status",
    "village_return_approve",
    "village_return_reopen",
    "village_return_send_back",
    "village_return_submit",
]
