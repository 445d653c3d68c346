"""Documents sent to the province, as records (DESIGN.md rule 11, issue #8).

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
from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from campaigns.models import Campaign
from org.access import access_for, can_read_whole_commune

from .exporters import FORMATS, ExportError, ExportParams, Quarter, exporter_get
from .exporters.interface import NARRATIVE_MAX, NARRATIVE_SECTIONS, NUMBER_MAX
from .models import ExportRecord, ExportStatus

log = logging.getLogger(__name__)

# A running record older than this is taken to belong to a worker that died (the task time
# limit is 15 minutes): the redelivered job may claim it again.
STALE_AFTER = timedelta(minutes=20)


# --- reads ----------------------------------------------------------------------------------


def export_records_for_user(user, *, commune_id: int | None = None) -> QuerySet[ExportRecord]:
    """The archive: records of every commune the user reads as a whole, newest first."""
    qs = ExportRecord.objects.select_related("requested_by", "campaign", "commune").order_by("-created_at", "-id")
    qs = qs.filter(commune__in=access_for(user).communes())
    if commune_id is not None:
        qs = qs.filter(commune_id=commune_id)
    return qs


def export_record_get_for_user(user, pk: int) -> ExportRecord:
    """Centre, leadership, the province (read-only) and superusers read a commune's archive;
    anyone else gets 404, the same as for a missing record (rule 9)."""
    record = ExportRecord.objects.select_related("commune", "commune__province", "requested_by", "campaign").filter(
        pk=pk
    )
    record = record.first()
    if record is None or not can_read_whole_commune(user, record.commune):
        raise Http404("Không tìm thấy văn bản.")
    return record


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
        try:  # YYYY-MM-DD or DD/MM/YYYY, as the other commands of DESIGN.md section 8 accept
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


def export_request(*, user, campaign: Campaign, params: ExportParams) -> ExportRecord:
    """Create the record (queued) and queue its job once the transaction commits."""
    from .tasks import export_run_task  # here: the Celery task module imports this one (a cycle)

    with transaction.atomic():
        record = ExportRecord.objects.create(
            commune_id=campaign.commune_id,
            campaign=campaign,
            kind=params.kind,
            fmt=params.fmt,
            parameters=params.to_json(),
            requested_by=user if getattr(user, "pk", None) else None,
            status=ExportStatus.QUEUED,
        )
        record_id = record.pk
        transaction.on_commit(lambda: export_run_task.delay(record_id))
    record.refresh_from_db()
    return record


def export_retry(*, user, record: ExportRecord) -> ExportRecord:
    """Generate again with the same parameters: always a new record (the old one stays)."""
    campaign = record.campaign
    if campaign is None:
        raise ExportError("Kế hoạch của văn bản này không còn nữa; không tạo lại được.")
    params = ExportParams.from_json(record.parameters)
    exporter_get(params.kind).validate(params, campaign)
    return export_request(user=user, campaign=campaign, params=params)


def _claim(record_id: int) -> bool:
    now = timezone.now()
    claimable = Q(status=ExportStatus.QUEUED) | Q(status=ExportStatus.RUNNING, started_at__lt=now - STALE_AFTER)
    return bool(
        ExportRecord.objects.filter(claimable, pk=record_id).update(
            status=ExportStatus.RUNNING, started_at=now, progress=5, error=""
        )
    )


def _progress(record_id: int):
    def set_progress(value: int) -> None:
        ExportRecord.objects.filter(pk=record_id, status=ExportStatus.RUNNING).update(progress=max(0, min(99, value)))

    return set_progress


def export_run(*, record_id: int) -> ExportRecord:
    """Render a queued record. Idempotent: a record already running, done or failed is left as
    it is. Any failure marks the record failed with the reason and stores no file."""
    if not _claim(record_id):
        return ExportRecord.objects.get(pk=record_id)
    record = ExportRecord.objects.select_related("campaign", "commune").get(pk=record_id)
    try:
        if record.campaign is None:
            raise ExportError("Kế hoạch của văn bản này không còn nữa.")
        params = ExportParams.from_json(record.parameters)
        if params.issued_on is None:
            params.issued_on = timezone.localdate(record.created_at)
        exporter = exporter_get(params.kind)
        exporter.validate(params, record.campaign)
        filename, content_type, content = exporter.render(params, progress=_progress(record_id))
        if not content:
            raise ExportError("Tệp tạo ra rỗng.")
    except Exception as exc:  # noqa: BLE001 — any fault becomes the record's reason, never a crash
        reason = str(exc) if isinstance(exc, ExportError) else f"Lỗi khi tạo văn bản: {type(exc).__name__}: {exc}"
        log.exception("export %s failed", record_id) if not isinstance(exc, ExportError) else None
        ExportRecord.objects.filter(pk=record_id, status=ExportStatus.RUNNING).update(
            status=ExportStatus.FAILED, error=reason[:2000], finished_at=timezone.now()
        )
        return ExportRecord.objects.get(pk=record_id)
    digest = hashlib.sha256(content).hexdigest()
    # The file is written in full before the record says done: the download view serves only
    # done records, so a half-written file is never served.
    record.file.save(filename, ContentFile(content), save=False)
    updated = ExportRecord.objects.filter(pk=record_id, status=ExportStatus.RUNNING, file="").update(
        status=ExportStatus.DONE,
        progress=100,
        file=record.file.name,
        filename=filename,
        content_type=content_type,
        sha256=digest,
        size=len(content),
        finished_at=timezone.now(),
    )
    if not updated:  # someone else finished it meanwhile: keep theirs, drop ours
        record.file.storage.delete(record.file.name)
    return ExportRecord.objects.get(pk=record_id)


def export_generate_now(*, user, campaign: Campaign, params: ExportParams) -> ExportRecord:
    """Create the record and render it in this process (the command line); archived the same way."""
    with transaction.atomic():
        record = ExportRecord.objects.create(
            commune_id=campaign.commune_id,
            campaign=campaign,
            kind=params.kind,
            fmt=params.fmt,
            parameters=params.to_json(),
            requested_by=user if getattr(user, "pk", None) else None,
            status=ExportStatus.QUEUED,
        )
    return export_run(record_id=record.pk)


def record_file_bytes(record: ExportRecord) -> bytes:
    with record.file.open("rb") as fh:
        return fh.read()


def record_checksum_ok(record: ExportRecord) -> bool:
    return record.status == ExportStatus.DONE and hashlib.sha256(record_file_bytes(record)).hexdigest() == record.sha256
