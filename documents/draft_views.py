"""Pages of a drafted document (issue #16): edit it (saved as one types), preview it as a PDF,
issue it into the archive, mark it sent with the signed scan. Thin: the work is in
``documents.drafts``."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .drafts import (
    StaleDraft,
    can_prepare,
    draft_get_for_user,
    draft_issue_error,
    draft_issue_request,
    draft_mark_sent,
    draft_missing,
    draft_preview,
    draft_progress,
    draft_update,
    draft_version,
)
from .exporters import ExportError, exporters
from .exporters.interface import sections_of
from .models import DraftStatus, SignerAuthority

FIELDS = ("number", "issued_on", "recipients", "signer_authority", "signer_title", "signer_name")


def _prepared_or_404(request: HttpRequest, pk: int):
    draft = draft_get_for_user(request.user, pk)
    if not can_prepare(request.user, draft):
        raise Http404("Không tìm thấy văn bản.")
    return draft


@login_required
def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the draft and its chain; POST: save what was typed (the page posts as one types,
    with ``X-Autosave``, and gets JSON back)."""
    draft = draft_get_for_user(request.user, pk)
    prepares = can_prepare(request.user, draft)
    if request.method == "POST":
        if not prepares:
            raise Http404("Không tìm thấy văn bản.")
        data = {name: request.POST[name] for name in FIELDS if name in request.POST}
        data["narratives"] = {k: request.POST[f"n_{k}"] for k, _ in sections_of(draft.kind) if f"n_{k}" in request.POST}
        autosave = request.headers.get("X-Autosave") == "1"
        try:
            draft_update(draft=draft, data=data, expected_version=request.POST.get("version"))
        except StaleDraft as exc:
            if autosave:
                return JsonResponse({"saved": False, "error": str(exc), "version": exc.version}, status=409)
            messages.error(request, str(exc))
            return redirect("documents:draft_detail", pk=draft.pk)
        except ExportError as exc:
            if autosave:
                return JsonResponse({"saved": False, "error": str(exc)}, status=400)
            messages.error(request, f"Chưa lưu được: {exc}")
            return redirect("documents:draft_detail", pk=draft.pk)
        if autosave:
            return JsonResponse(
                {"saved": True, "updated_at": draft.updated_at.isoformat(), "version": draft_version(draft)}
            )
        messages.success(request, "Đã lưu dự thảo.")
        return redirect("documents:draft_detail", pk=draft.pk)
    labels = {e.identifier: e.verbose_name for e in exporters()}
    sections = [(key, label, draft.narratives.get(key, "")) for key, label in sections_of(draft.kind)]
    return render(
        request,
        "documents/draft.html",
        {
            "draft": draft,
            "version": draft_version(draft),
            "kind_label": labels.get(draft.kind, draft.kind),
            "sections": sections,
            "authorities": SignerAuthority.choices,
            "editable": prepares and draft.status == DraftStatus.DRAFT,
            "prepares": prepares,
            "missing": draft_missing(draft) if draft.status == DraftStatus.DRAFT else [],
            "issue_error": draft_issue_error(draft),
            "progress": draft_progress(draft),
            "today": date.today(),
        },
    )


@login_required
def draft_preview_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _prepared_or_404(request, pk)
    try:
        content = draft_preview(draft=draft)
    except ExportError as exc:
        messages.error(request, f"Chưa xem trước được: {exc}")
        return redirect("documents:draft_detail", pk=draft.pk)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="du-thao-{draft.pk}.pdf"'
    return response


@login_required
def draft_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Polled by the page while the document is being issued (its PDF and xlsx rendering)."""
    return JsonResponse(draft_progress(draft_get_for_user(request.user, pk)))


@login_required
@require_POST
def draft_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the PDF and the xlsx and come back at once: the page shows their progress."""
    draft = _prepared_or_404(request, pk)
    try:
        draft = draft_issue_request(user=request.user, draft=draft)
    except ExportError as exc:
        messages.error(request, str(exc))
    else:
        if draft.status == DraftStatus.ISSUED:
            messages.success(request, "Đã ban hành: bản PDF và Excel đã vào kho văn bản, kèm mã SHA-256.")
    return redirect("documents:draft_detail", pk=draft.pk)


@login_required
@require_POST
def draft_sent_view(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _prepared_or_404(request, pk)
    try:
        sent_on = date.fromisoformat(request.POST.get("sent_on", ""))
    except ValueError:
        messages.error(request, "Ngày gửi không đúng dạng NĂM-THÁNG-NGÀY.")
        return redirect("documents:draft_detail", pk=draft.pk)
    try:
        draft_mark_sent(
            user=request.user,
            draft=draft,
            sent_on=sent_on,
            outgoing_number=request.POST.get("outgoing_number", ""),
            sent_to=request.POST.get("sent_to", ""),
            scan=request.FILES.get("scan"),
        )
    except ExportError as exc:
        messages.error(request, f"Chưa ghi nhận được: {exc}")
    else:
        messages.success(request, "Đã ghi nhận văn bản đã gửi.")
    return redirect("documents:draft_detail", pk=draft.pk)


@login_required
def draft_scan(request: HttpRequest, pk: int) -> FileResponse:
    draft = draft_get_for_user(request.user, pk)
    if not draft.scan:
        raise Http404("Chưa có bản quét.")
    response = FileResponse(draft.scan.open("rb"), content_type=draft.scan_content_type)
    response["X-Content-SHA256"] = draft.scan_sha256
    return response
