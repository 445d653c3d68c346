"""Drafted, issued, sent (issue #16): a draft holds the parameters, number, date, recipients,
signer and written sections; issuing queues its PDF and xlsx as two export records (the page
follows their progress, the request never waits for the rendering) and the draft becomes
issued when both are done (``documents.services.drafts_settle``); marking it sent records the
date, the outgoing number, to whom, and the signed scan."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from campaigns.models import Campaign
from org.access import access_for, may_prepare_document, may_read_document
from org.audit import row_version

from .exporters import ExportError, ExportParams, exporter_get
from .exporters.common import recipients as default_recipients
from .exporters.interface import NARRATIVE_MAX, NUMBER_MAX, PDF, XLSX, sections_of
from .models import DocumentDefaults, DocumentDraft, DraftStatus, ExportStatus
from .narratives import sections_for
from .services import export_new_record, export_run, export_send, params_clean

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
        # the generated sentences, and what the form already carried for a section (kept)
        narratives={
            **sections_for(kind=params.kind, campaign=campaign, params=params),
            **{k: v for k, v in params.narratives.items() if (v or "").strip() and k in dict(sections_of(params.kind))},
        },
        created_by=user if getattr(user, "pk", None) else None,
    )


DRAFT_TEXT_FIELDS = {
    "number": NUMBER_MAX,
    "recipients": 3000,
    "signer_authority": 20,
    "signer_title": 100,
    "signer_name": 100,
}


STALE_DRAFT = (
    "Dự thảo vừa được người khác sửa sau khi bạn mở trang; phần bạn vừa gõ chưa được lưu. "
    "Hãy chép lại phần đang gõ, tải lại trang để xem bản mới rồi sửa tiếp."
)


class StaleDraft(ExportError):
    """The draft changed since the page read it: nothing was written. ``version`` is the
    draft's version now (the page shows the message and stops saving over it)."""

    def __init__(self, version: str) -> None:
        super().__init__(STALE_DRAFT)
        self.version = version


def draft_version(draft: DocumentDraft) -> str:
    """The version of what the page edits: its typed fields and written sections."""
    values = {name: getattr(draft, name) for name in DRAFT_TEXT_FIELDS}
    values["issued_on"] = draft.issued_on
    values["narratives"] = json.dumps(draft.narratives, sort_keys=True, ensure_ascii=False)
    return row_version(values, sorted(values))


def draft_update(*, draft: DocumentDraft, data: dict, expected_version: str | None) -> DocumentDraft:
    """Save what was typed (any subset of the fields; the page saves as one types), if the
    draft is still at ``expected_version`` (the one the page read or last saved), else
    ``StaleDraft`` and nothing written."""
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
    for key, label in sections_of(draft.kind):
        if key in (data.get("narratives") or {}):
            text = str(data["narratives"][key] or "").replace("\r\n", "\n").strip()
            if len(text) > NARRATIVE_MAX:
                raise ExportError(f"Mục “{label}” dài quá {NARRATIVE_MAX:,} ký tự.".replace(",", "."))
            narratives[key] = text
    draft.narratives = narratives
    with transaction.atomic():
        # an autosave still in flight when someone issues must not turn the document back
        # into a draft: re-check under the row lock, write only the typed fields
        locked = DocumentDraft.objects.select_for_update().filter(pk=draft.pk).first()
        if locked is None or locked.status != DraftStatus.DRAFT:
            raise ExportError("Văn bản đã ban hành: không sửa được nữa.")
        if draft_version(locked) != expected_version:
            raise StaleDraft(draft_version(locked))
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
    """The fields an issued document needs that the draft leaves empty: the number, date,
    recipients, signer and every written section its kind takes (an issued document never
    prints "(Chưa có nội dung.)")."""
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
    missing += [
        f"mục “{label}”" for key, label in sections_of(draft.kind) if not (draft.narratives.get(key) or "").strip()
    ]
    return missing


def draft_issue_request(*, user, draft: DocumentDraft, send: bool = True) -> DocumentDraft:
    """Issue the draft: refused (Vietnamese, nothing changed) while a required field or section
    is empty; otherwise its PDF and xlsx are queued as two export records and the draft is
    "đang ban hành" until both are done (then issued, frozen) or one fails (a draft again, the
    reason shown). Issuing twice issues once: a draft already issuing or issued is returned."""
    missing = draft_missing(draft)
    if missing:
        raise ExportError(f"Chưa ban hành được: còn trống {', '.join(missing)}.")
    with transaction.atomic():
        locked = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.status != DraftStatus.DRAFT:
            return locked
        pdf, xlsx = (
            export_new_record(user=user, campaign=locked.campaign, params=draft_params(locked, fmt))
            for fmt in (PDF, XLSX)
        )
        locked.status = DraftStatus.ISSUING
        locked.issued_by = user if getattr(user, "pk", None) else None
        locked.pdf_record, locked.xlsx_record = pdf, xlsx
        locked.save(update_fields=["status", "issued_by", "pdf_record", "xlsx_record", "updated_at"])
        if send:
            for record_id in (pdf.pk, xlsx.pk):
                transaction.on_commit(lambda rid=record_id: export_send(record_id=rid))
    return locked


def draft_issue(*, user, draft: DocumentDraft) -> DocumentDraft:
    """Issue and render both files in this process (the command line, tests): the same records
    and the same settling as the queued path."""
    locked = draft_issue_request(user=user, draft=draft, send=False)
    if locked.status == DraftStatus.ISSUING:
        for record_id in (locked.pdf_record_id, locked.xlsx_record_id):
            export_run(record_id=record_id)
        locked.refresh_from_db()
        if locked.status == DraftStatus.DRAFT:
            raise ExportError(f"Chưa ban hành được: {draft_issue_error(locked)}")
    return locked


def draft_issue_error(draft: DocumentDraft) -> str:
    """Why the last issuing of a draft failed ("" if it did not)."""
    if draft.status != DraftStatus.DRAFT:
        return ""
    records = [r for r in (draft.pdf_record, draft.xlsx_record) if r is not None]
    return "; ".join(r.error for r in records if r.status == ExportStatus.FAILED)


def draft_progress(draft: DocumentDraft) -> dict:
    """What the page polls while the draft is issued: each file's state and percent."""
    records = [r for r in (draft.pdf_record, draft.xlsx_record) if r is not None]
    if draft.status != DraftStatus.ISSUING:
        records = [r for r in records if draft.status != DraftStatus.DRAFT or r.status == ExportStatus.FAILED]
    return {
        "status": draft.status,
        "status_label": draft.get_status_display(),
        "files": [
            {
                "fmt": r.fmt,
                "status": r.status,
                "status_label": r.get_status_display(),
                "progress": r.progress,
                "error": r.error,
            }
            for r in records
        ],
        "error": draft_issue_error(draft),
    }


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
