"""Reads of the documents' archive, permission-checked (org.access decides; rule 9 and 11)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from org.access import access_for, can_read_whole_commune, may_prepare_document, may_read_document

from .models import DocumentDraft, DraftStatus, ExportRecord


def export_records_for_user(user, *, commune_id: int | None = None) -> QuerySet[ExportRecord]:
    """The archive: records of every commune the user reads as a whole, newest first."""
    qs = ExportRecord.objects.select_related("requested_by", "campaign", "commune").order_by("-created_at", "-id")
    communes = list(access_for(user).communes())
    qs = qs.filter(commune__in=communes)
    if commune_id is not None:
        qs = qs.filter(commune_id=commune_id)
    # the files of an issued draft reach a reader who may not prepare it (the province) only once
    # the commune has sent it (org.access.may_read_document)
    hidden = DocumentDraft.objects.exclude(status=DraftStatus.SENT).exclude(
        commune_id__in=[c.pk for c in communes if may_prepare_document(user, commune_id=c.pk)]
    )
    for column in ("pdf_record_id", "xlsx_record_id"):
        qs = qs.exclude(pk__in=hidden.filter(**{f"{column}__isnull": False}).values(column))
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
    draft = DocumentDraft.objects.filter(Q(pdf_record_id=record.pk) | Q(xlsx_record_id=record.pk)).first()
    if draft is not None and not may_read_document(
        user,
        commune_id=record.commune_id,
        province_id=record.commune.province_id,
        sent=draft.status == DraftStatus.SENT,
    ):
        raise Http404("Không tìm thấy văn bản.")
    return record
