"""Documents sent to the province, as records (docs/design.md rule 11, issue #8).

Asking for a document creates an :class:`~reporting.models.ExportRecord` (queued) and queues
a Celery job after the transaction commits; the job claims the record with a conditional
UPDATE (queued → running, so a retried or doubled job renders once), renders it through the
exporter registry and stores the file with its SHA-256 and size (done), or the reason it
failed (failed, no file). A done record's file is never replaced: a new generation is a new
record, so "what we sent to the province on 5/1/2026" can always be downloaded again.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from campaigns.models import Campaign
from indicators.runs import expired_q, heartbeat, lost_after, max_attempts, send_safely, step_pause

from .exporters import FORMATS, ExportError, ExportParams, Quarter, exporter_get
from .exporters.interface import NARRATIVE_MAX, NARRATIVE_SECTIONS, NUMBER_MAX
from .models import DocumentDraft, DraftStatus, ExportRecord, ExportStatus

log = logging.getLogger(__name__)

WAITING_FOR_QUEUE = (
    "Văn bản đã được ghi nhận và đang chờ: hàng đợi xử lý tạm thời không kết nối được. "
    "Văn bản sẽ được tạo tự động khi hàng đợi hoạt động trở lại; không cần yêu cầu lại."
)


# --- validation -----------------------------------------------------------------------------


def params_clean(
    *,
    kind: str,
    campaign: Campaign,
    fmt: str,
    period: str | date | None = None,
    quarter: str | Quarter | None = None,
    narratives: dict[str, str] | None = None,
    number: str = "",
    issued_on: date | None = None,
    survey_round_id: int | None = None,
) -> ExportParams:
    """Check a request and return its parameters; :class:`ExportError` (Vietnamese) otherwise."""
    exporter = exporter_get(kind)
    if fmt not in FORMATS:
        raise ExportError(f"Định dạng “{fmt}” không hỗ trợ; chọn pdf hoặc xlsx.")
    if isinstance(period, str):
        period = period.strip()
        try:  # YYYY-MM-DD or DD/MM/YYYY, as the other commands of docs/design.md section 8 accept
            period = (
                (datetime.strptime(period, "%d/%m/%Y").date() if "/" in period else date.fromisoformat(period))
                if period
                else None
            )
        except ValueError:
            raise ExportError(
                f"Kỳ báo cáo “{period}” không đúng dạng NĂM-THÁNG-NGÀY (2026-01-05) hoặc NGÀY/THÁNG/NĂM (05/01/2026)."
            )
    if isinstance(quarter, str):
        quarter = Quarter.parse(quarter) if quarter.strip() else None
    if period is not None and quarter is not None:
        raise ExportError("Chỉ chọn một trong hai: kỳ báo cáo hoặc quý.")
    clean_narratives: dict[str, str] = {}
    for key, label in NARRATIVE_SECTIONS:
        text = (narratives or {}).get(key)
        if text is None:
            continue
        text = str(text).replace("\r\n", "\n").strip()
        if len(text) > NARRATIVE_MAX:
            raise ExportError(f"Mục “{label}” dài quá {NARRATIVE_MAX:,} ký tự.".replace(",", "."))
        clean_narratives[key] = text
    number = (number or "").strip()
    if len(number) > NUMBER_MAX:
        raise ExportError(f"Số văn bản dài quá {NUMBER_MAX} ký tự.")
    params = ExportParams(
        kind=kind,
        campaign_id=campaign.pk,
        fmt=fmt,
        period_start=period,
        quarter=quarter,
        narratives=clean_narratives,
        number=number,
        issued_on=issued_on,
        survey_round_id=survey_round_id,
    )
    exporter.validate(params, campaign)
    return params


# --- writes ---------------------------------------------------------------------------------


def export_new_record(*, user, campaign: Campaign, params: ExportParams) -> ExportRecord:
    """A queued record of what was asked (not yet sent to the queue)."""
    return ExportRecord.objects.create(
        commune_id=campaign.commune_id,
        campaign=campaign,
        kind=params.kind,
        fmt=params.fmt,
        parameters=params.to_json(),
        requested_by=user if getattr(user, "pk", None) else None,
        status=ExportStatus.QUEUED,
    )


def export_request(*, user, campaign: Campaign, params: ExportParams) -> ExportRecord:
    """Create the record (queued) and send its job once the transaction commits. With the
    broker down the record stays queued with no ``enqueued_at`` (the page says it waits) and
    the sweeper sends it when the broker is back."""
    with transaction.atomic():
        record = export_new_record(user=user, campaign=campaign, params=params)
        record_id = record.pk
        transaction.on_commit(lambda: export_send(record_id=record_id))
    record.refresh_from_db()
    return record


def export_send(*, record_id: int) -> bool:
    """Send the job of one record and record whether it reached the broker; never raises."""
    from .tasks import export_run_task  # tasks imports this module

    ok = send_safely(lambda: export_run_task.delay(record_id), what=f"export {record_id}")
    ExportRecord.objects.filter(pk=record_id).update(enqueued_at=timezone.now() if ok else None)
    return ok


def export_waiting_for_queue(record: ExportRecord) -> bool:
    """Queued, and its job has not reached the broker: the page shows ``WAITING_FOR_QUEUE``."""
    return record.status == ExportStatus.QUEUED and record.enqueued_at is None


def export_retry(*, user, record: ExportRecord) -> ExportRecord:
    """Generate again with the same parameters: always a new record (the old one stays)."""
    campaign = record.campaign
    if campaign is None:
        raise ExportError("Kế hoạch của văn bản này không còn nữa; không tạo lại được.")
    params = ExportParams.from_json(record.parameters)
    exporter_get(params.kind).validate(params, campaign)
    return export_request(user=user, campaign=campaign, params=params)


def _claim(record_id: int) -> int | None:
    """Queued, or running with an expired lease (its worker died) → running; returns the
    attempt number of this claim, or None when another delivery holds it or it is finished."""
    now = timezone.now()
    claimable = Q(status=ExportStatus.QUEUED) | expired_q("status", ExportStatus.RUNNING, now)
    claimed = ExportRecord.objects.filter(claimable, pk=record_id).update(
        status=ExportStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, progress=5, error=""
    )
    if not claimed:
        return None
    return ExportRecord.objects.filter(pk=record_id).values_list("attempts", flat=True).get()


def _progress(mine: QuerySet[ExportRecord]):
    def set_progress(value: int) -> None:
        mine.filter(status=ExportStatus.RUNNING).update(progress=max(0, min(99, value)), heartbeat_at=timezone.now())
        step_pause()

    return set_progress


def export_run(*, record_id: int) -> ExportRecord:
    """Render a queued record (or take over one whose worker died). Idempotent: a record done,
    failed or running under a live lease is left as it is. Any failure marks the record failed
    with the reason and stores no file; only the latest claim may finish it."""
    attempt = _claim(record_id)
    if attempt is None:
        return ExportRecord.objects.get(pk=record_id)
    mine = ExportRecord.objects.filter(pk=record_id, attempts=attempt)
    record = ExportRecord.objects.select_related("campaign", "commune").get(pk=record_id)
    try:
        with heartbeat(mine, status_field="status", running=ExportStatus.RUNNING):
            if record.campaign is None:
                raise ExportError("Kế hoạch của văn bản này không còn nữa.")
            params = ExportParams.from_json(record.parameters)
            if params.issued_on is None:
                params.issued_on = timezone.localdate(record.created_at)
            exporter = exporter_get(params.kind)
            exporter.validate(params, record.campaign)
            filename, content_type, content = exporter.render(params, progress=_progress(mine))
            if not content:
                raise ExportError("Tệp tạo ra rỗng.")
    except Exception as exc:  # noqa: BLE001 — any fault becomes the record's reason, never a crash
        reason = str(exc) if isinstance(exc, ExportError) else f"Lỗi khi tạo văn bản: {type(exc).__name__}: {exc}"
        log.exception("export %s failed", record_id) if not isinstance(exc, ExportError) else None
        mine.filter(status=ExportStatus.RUNNING).update(
            status=ExportStatus.FAILED, error=reason[:2000], finished_at=timezone.now()
        )
        drafts_settle(record_id=record_id)
        return ExportRecord.objects.get(pk=record_id)
    digest = hashlib.sha256(content).hexdigest()
    # The file is written in full before the record says done: the download view serves only
    # done records, so a half-written file is never served.
    record.file.save(filename, ContentFile(content), save=False)
    updated = mine.filter(status=ExportStatus.RUNNING, file="").update(
        status=ExportStatus.DONE,
        progress=100,
        file=record.file.name,
        filename=filename,
        content_type=content_type,
        sha256=digest,
        size=len(content),
        finished_at=timezone.now(),
    )
    if not updated:  # someone else took it over or finished it meanwhile: keep theirs, drop ours
        record.file.storage.delete(record.file.name)
    drafts_settle(record_id=record_id)
    return ExportRecord.objects.get(pk=record_id)


def exports_sweep(*, now: datetime | None = None) -> int:
    """Recover lost documents (as ``indicators.runs.runs_sweep``); returns how many jobs were
    sent again. After ``XTD_JOB_MAX_ATTEMPTS`` claims a record fails with the reason."""
    now = now or timezone.now()
    expired = ExportRecord.objects.filter(expired_q("status", ExportStatus.RUNNING, now))
    for record_id, attempts in expired.filter(attempts__gte=max_attempts()).values_list("pk", "attempts"):
        expired.filter(pk=record_id).update(
            status=ExportStatus.FAILED,
            finished_at=now,
            error=(
                f"Việc tạo văn bản bị gián đoạn {attempts} lần (máy chạy nền dừng giữa chừng) nên đã dừng lại; "
                "bấm “Tạo lại” để thử lần nữa."
            ),
        )
        drafts_settle(record_id=record_id)
    queued = ExportRecord.objects.filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - lost_after()), status=ExportStatus.QUEUED
    )
    ids = [*expired.values_list("pk", flat=True), *queued.values_list("pk", flat=True)]
    return sum(export_send(record_id=record_id) for record_id in ids)


def export_generate_now(*, user, campaign: Campaign, params: ExportParams) -> ExportRecord:
    """Create the record and render it in this process (the command line); archived the same way."""
    with transaction.atomic():
        record = export_new_record(user=user, campaign=campaign, params=params)
    return export_run(record_id=record.pk)


def record_file_bytes(record: ExportRecord) -> bytes:
    with record.file.open("rb") as fh:
        return fh.read()


def record_checksum_ok(record: ExportRecord) -> bool:
    return record.status == ExportStatus.DONE and hashlib.sha256(record_file_bytes(record)).hexdigest() == record.sha256


def drafts_settle(*, record_id: int) -> None:
    """A draft being issued whose PDF or xlsx has just finished: issued (frozen, with the time)
    once both are done; a draft again once one failed (the page shows the reason; issuing
    again makes new records, the failed ones stay in the archive)."""
    with transaction.atomic():
        draft = (
            DocumentDraft.objects.select_for_update()
            .filter(Q(pdf_record_id=record_id) | Q(xlsx_record_id=record_id), status=DraftStatus.ISSUING)
            .first()
        )
        if draft is None:
            return
        states = set(
            ExportRecord.objects.filter(pk__in=[draft.pdf_record_id, draft.xlsx_record_id]).values_list(
                "status", flat=True
            )
        )
        if ExportStatus.FAILED in states:
            draft.status, draft.issued_by = DraftStatus.DRAFT, None
        elif states == {ExportStatus.DONE}:
            draft.status, draft.issued_at = DraftStatus.ISSUED, timezone.now()
        else:
            return
        draft.save(update_fields=["status", "issued_by", "issued_at", "updated_at"])
