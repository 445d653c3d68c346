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
from django.http import Http404
from django.utils import timezone

from campaigns.models import Campaign
from indicators.runs import expired_q, heartbeat, lost_after, max_attempts, send_safely, step_pause
from org.access import access_for, may_prepare_document, may_read_document

from .exporters import FORMATS, ExportError, ExportParams, Quarter, exporter_get
from .exporters.common import recipients as default_recipients
from .exporters.interface import NARRATIVE_MAX, NARRATIVE_SECTIONS, NUMBER_MAX, PDF, XLSX
from .models import DocumentDefaults, DocumentDraft, DraftStatus, ExportRecord, ExportStatus
from .narratives import sections_for

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


def export_request(*, user, campaign: Campaign, params: ExportParams) -> ExportRecord:
    """Create the record (queued) and send its job once the transaction commits. With the
    broker down the record stays queued with no ``enqueued_at`` (the page says it waits) and
    the sweeper sends it when the broker is back."""
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
    queued = ExportRecord.objects.filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - lost_after()), status=ExportStatus.QUEUED
    )
    ids = [*expired.values_list("pk", flat=True), *queued.values_list("pk", flat=True)]
    return sum(export_send(record_id=record_id) for record_id in ids)


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


# --- drafted, issued, sent (issue #16) -----------------------------------------------------

SCAN_MAX_BYTES = 10 * 1024 * 1024  # a signed scan: a few pages at 300 dpi
SCAN_TYPES = {  # the file's first bytes → its type and the names it may carry
    b"%PDF-": ("application/pdf", (".pdf",)),
    b"\x89PNG\r\n\x1a\n": ("image/png", (".png",)),
    b"\xff\xd8\xff": ("image/jpeg", (".jpg", ".jpeg")),
}


def drafts_for_user(user) -> QuerySet[DocumentDraft]:
    """Drafts of the communes the user prepares documents for, and the documents sent to the
    province the user reads (``org.access.may_read_document``)."""
    access = access_for(user)
    qs = DocumentDraft.objects.select_related(
        "commune", "campaign", "pdf_record", "xlsx_record", "issued_by", "sent_by"
    ).order_by("-updated_at", "-id")
    if access.is_superuser:
        return qs
    return qs.filter(
        Q(commune_id__in=access.whole_commune_ids)
        | Q(commune__province_id__in=access.province_ids, status=DraftStatus.SENT)
    )


def draft_get_for_user(user, pk: int) -> DocumentDraft:
    """A draft the user may read, else 404 (a guessed id of another commune looks missing)."""
    draft = (
        DocumentDraft.objects.select_related("commune", "campaign", "pdf_record", "xlsx_record").filter(pk=pk).first()
    )
    if draft is None or not may_read_document(
        user, commune_id=draft.commune_id, province_id=draft.commune.province_id, sent=draft.status == DraftStatus.SENT
    ):
        raise Http404("Không tìm thấy văn bản.")
    return draft


def draft_create(*, user, campaign: Campaign, params: ExportParams) -> DocumentDraft:
    """A new draft: the request's parameters, the commune's recipients and signer, and the
    written sections prefilled from the engine's figures."""
    commune = campaign.commune
    defaults = DocumentDefaults.objects.filter(commune=commune).first()
    lines = defaults.recipients if defaults and defaults.recipients.strip() else "\n".join(default_recipients(commune))
    return DocumentDraft.objects.create(
        commune=commune,
        campaign=campaign,
        kind=params.kind,
        parameters=params.to_json(),
        number=params.number,
        issued_on=params.issued_on or timezone.localdate(),
        recipients=lines,
        signer_authority=commune.signer_mode or "",
        signer_title=commune.signer_title or "",
        signer_name=commune.signer_name or "",
        narratives=sections_for(kind=params.kind, campaign=campaign, quarter=params.quarter),
        created_by=user if getattr(user, "pk", None) else None,
    )


DRAFT_TEXT_FIELDS = {
    "number": NUMBER_MAX,
    "recipients": 3000,
    "signer_authority": 20,
    "signer_title": 100,
    "signer_name": 100,
}


def draft_update(*, draft: DocumentDraft, data: dict) -> DocumentDraft:
    """Save what was typed (any subset of the fields; the page saves as one types)."""
    if draft.status != DraftStatus.DRAFT:
        raise ExportError("Văn bản đã ban hành: không sửa được nữa.")
    for name, limit in DRAFT_TEXT_FIELDS.items():
        if name in data:
            value = str(data[name] or "").replace("\r\n", "\n").strip()
            if len(value) > limit:
                raise ExportError(f"Trường “{DocumentDraft._meta.get_field(name).verbose_name}” dài quá {limit} ký tự.")
            setattr(draft, name, value)
    if "issued_on" in data:
        value = data["issued_on"]
        try:
            draft.issued_on = value if isinstance(value, date) or not value else date.fromisoformat(str(value))
        except ValueError:
            raise ExportError(f"Ngày văn bản “{value}” không đúng dạng NĂM-THÁNG-NGÀY.")
    narratives = dict(draft.narratives)
    for key, label in NARRATIVE_SECTIONS:
        if key in (data.get("narratives") or {}):
            text = str(data["narratives"][key] or "").replace("\r\n", "\n").strip()
            if len(text) > NARRATIVE_MAX:
                raise ExportError(f"Mục “{label}” dài quá {NARRATIVE_MAX:,} ký tự.".replace(",", "."))
            narratives[key] = text
    draft.narratives = narratives
    with transaction.atomic():
        # an autosave still in flight when someone issues must not turn the document back
        # into a draft: re-check under the row lock, write only the typed fields
        if DocumentDraft.objects.select_for_update().filter(pk=draft.pk, status=DraftStatus.DRAFT).first() is None:
            raise ExportError("Văn bản đã ban hành: không sửa được nữa.")
        draft.save(update_fields=[*DRAFT_TEXT_FIELDS, "issued_on", "narratives"])
    return draft


def draft_params(draft: DocumentDraft, fmt: str) -> ExportParams:
    stored = ExportParams.from_json(draft.parameters)
    params = params_clean(
        kind=draft.kind,
        campaign=draft.campaign,
        fmt=fmt,
        period=stored.period_start,
        quarter=stored.quarter,
        narratives=draft.narratives,
        number=draft.number,
        issued_on=draft.issued_on,
        survey_round_id=stored.survey_round_id,
    )
    params.recipients = draft.recipient_lines
    params.signer = {"authority": draft.signer_authority, "title": draft.signer_title, "name": draft.signer_name}
    return params


def draft_preview(*, draft: DocumentDraft) -> bytes:
    """The draft as a PDF, now (not archived)."""
    _, _, content = exporter_get(draft.kind).render(draft_params(draft, PDF))
    return content


def draft_missing(draft: DocumentDraft) -> list[str]:
    """The fields an issued document needs that the draft leaves empty."""
    missing = [
        label
        for value, label in (
            (draft.number, "Số văn bản"),
            (draft.issued_on, "Ngày văn bản"),
            (draft.recipient_lines, "Nơi nhận"),
            (draft.signer_name, "Người ký"),
        )
        if not value
    ]
    if draft.kind == "quarterly":
        missing += [
            f"Mục “{label}”" for key, label in NARRATIVE_SECTIONS if not (draft.narratives.get(key) or "").strip()
        ]
    return missing


def draft_issue(*, user, draft: DocumentDraft) -> DocumentDraft:
    """Freeze the draft into the archive: its PDF and xlsx as export records (file, SHA-256, who,
    when). Issuing twice issues once: the second call returns the first issue."""
    missing = draft_missing(draft)
    if missing:
        raise ExportError(f"Chưa ban hành được: còn trống {', '.join(missing)}.")
    with transaction.atomic():
        locked = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.status != DraftStatus.DRAFT:
            return locked
        records = {}
        for fmt in (PDF, XLSX):
            record = export_generate_now(user=user, campaign=locked.campaign, params=draft_params(locked, fmt))
            if record.status != ExportStatus.DONE:
                raise ExportError(f"Chưa ban hành được: {record.error}")
            records[fmt] = record
        locked.status = DraftStatus.ISSUED
        locked.issued_by = user if getattr(user, "pk", None) else None
        locked.issued_at = timezone.now()
        locked.pdf_record, locked.xlsx_record = records[PDF], records[XLSX]
        locked.save()
    return locked


def scan_check(upload) -> str:
    """The content type of a signed scan, read from its first bytes (the name must agree);
    ExportError for anything else or too large."""
    if upload.size > SCAN_MAX_BYTES:
        raise ExportError(f"Bản quét lớn quá {SCAN_MAX_BYTES // (1024 * 1024)} MB.")
    head = upload.read(8)
    upload.seek(0)
    name = (upload.name or "").lower()
    for magic, (content_type, suffixes) in SCAN_TYPES.items():
        if head.startswith(magic) and name.endswith(suffixes):
            return content_type
    raise ExportError("Bản quét phải là tệp PDF, PNG hoặc JPEG (kiểm tra theo nội dung tệp).")


def draft_mark_sent(
    *, user, draft: DocumentDraft, sent_on: date, outgoing_number: str, sent_to: str, scan=None
) -> DocumentDraft:
    """Record that the issued document went out: the date, số văn bản đi, to whom, and the
    signed scan (PDF or image, checked by content)."""
    if draft.status == DraftStatus.DRAFT:
        raise ExportError("Văn bản chưa ban hành: ban hành trước khi ghi nhận đã gửi.")
    if not sent_on or not (outgoing_number or "").strip() or not (sent_to or "").strip():
        raise ExportError("Ghi đủ ngày gửi, số văn bản đi và nơi nhận.")
    content_type = scan_check(scan) if scan is not None else ""
    with transaction.atomic():
        locked = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.status != DraftStatus.ISSUED:  # sent once: its date, number and scan stay
            raise ExportError("Chỉ văn bản đã ban hành, chưa gửi mới đánh dấu đã gửi được.")
        locked.sent_on, locked.outgoing_number, locked.sent_to = (
            sent_on,
            outgoing_number.strip()[:40],
            sent_to.strip()[:300],
        )
        locked.sent_by, locked.sent_at, locked.status = user, timezone.now(), DraftStatus.SENT
        if scan is not None:
            content = scan.read()
            locked.scan.save(scan.name.rsplit("/", 1)[-1], ContentFile(content), save=False)
            locked.scan_content_type = content_type
            locked.scan_sha256 = hashlib.sha256(content).hexdigest()
        locked.save()
    return locked


def can_prepare(user, draft: DocumentDraft) -> bool:
    return may_prepare_document(user, commune_id=draft.commune_id)
