"""Pages of the documents (issue #8): choose a document, follow its generation, download it,
and the archive of everything generated (docs/design.md rule 11). Thin: the work is in
``documents.services`` and the exporters."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BoundField
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from campaigns.models import Campaign
from org.access import can_request_documents, can_use_documents, document_communes

from .drafts import draft_create, drafts_for_user
from .exporters import BaseExporter, ExportError, exporter_get, exporters
from .models import ExportStatus
from .selectors import export_record_get_for_user, export_records_for_user
from .services import (
    WAITING_FOR_QUEUE,
    export_request,
    export_retry,
    export_waiting_for_queue,
    params_clean,
)


def _campaigns_for(user):
    qs = Campaign.objects.select_related("commune").order_by("commune__name", "-start", "code")
    return qs.filter(commune__in=document_communes(user))


def _exporter_or_none(kind: str) -> BaseExporter | None:
    try:
        return exporter_get(kind)
    except ExportError:
        return None


class DocumentForm(forms.Form):
    """The campaign and the document chosen, then the fields that document declares
    (``BaseExporter.export_form_fields``: its own parameters, the format, the number)."""

    campaign = forms.ModelChoiceField(label="Kế hoạch", queryset=Campaign.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="Loại văn bản")

    def __init__(self, *args, user, campaign: Campaign | None = None, exporter: BaseExporter | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = _campaigns_for(user)
        self.fields["kind"].choices = [(e.identifier, e.verbose_name) for e in exporters()]
        self.exporter = exporter
        self.document_field_names: list[str] = []
        if exporter is not None and campaign is not None:
            fields = exporter.export_form_fields(campaign)
            self.fields.update(fields)
            self.document_field_names = list(fields)

    def document_fields(self) -> list[BoundField]:
        """The chosen document's fields, in the order it declares them (what the page shows)."""
        return [self[name] for name in self.document_field_names]


def _page_url(campaign: Campaign, kind: str) -> str:
    return f"{reverse('documents:documents')}?{urlencode({'campaign': campaign.pk, 'kind': kind})}"


@login_required
def documents(request: HttpRequest) -> HttpResponse:
    """Choose a document (centre, leadership) and the archive (also the province, read-only)."""
    if not can_use_documents(request.user):
        raise Http404("Không tìm thấy.")
    campaigns = _campaigns_for(request.user)
    campaign = None
    campaign_id = request.GET.get("campaign")
    if campaign_id and campaign_id.isdigit():
        campaign = campaigns.filter(pk=int(campaign_id)).first()
    if campaign is None:
        campaign = campaigns.first()
    kind = request.GET.get("kind") or "weekly"
    exporter = _exporter_or_none(kind)
    form = None
    if campaign is not None:
        initial = {"campaign": campaign, "kind": kind, "fmt": request.GET.get("fmt") or "pdf"}
        if exporter is not None:
            initial.update(exporter.form_initial(campaign, request.GET))
        form = DocumentForm(user=request.user, campaign=campaign, exporter=exporter, initial=initial)
    records = list(export_records_for_user(request.user)[:100])
    drafts = list(drafts_for_user(request.user)[:100])
    labels = {e.identifier: e.verbose_name for e in exporters()}
    for r in [*records, *drafts]:
        r.kind_label = labels.get(r.kind, r.kind)
    return render(
        request,
        "documents/documents.html",
        {
            "form": form,
            "campaign": campaign,
            "kind": kind,
            "kind_help": exporter.description if exporter else "",
            "records": records,
            "drafts": drafts,
            "can_request": campaign is not None and can_request_documents(request.user, campaign.commune),
        },
    )


@login_required
@require_POST
def document_request(request: HttpRequest) -> HttpResponse:
    campaign_id = request.POST.get("campaign", "")
    campaign = _campaigns_for(request.user).filter(pk=int(campaign_id) if campaign_id.isdigit() else 0).first()
    if campaign is None:
        raise Http404("Không tìm thấy kế hoạch.")
    if not can_request_documents(request.user, campaign.commune):
        raise Http404("Không tìm thấy kế hoạch.")
    kind = request.POST.get("kind", "")
    exporter = _exporter_or_none(kind)
    form = DocumentForm(request.POST, user=request.user, campaign=campaign, exporter=exporter)
    if exporter is None or not form.is_valid():
        errors = "; ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items() if k in form.fields)
        messages.error(request, f"Chưa tạo được văn bản. {errors}")
        return redirect(_page_url(campaign, kind))
    try:
        params = params_clean(kind=kind, campaign=campaign, **exporter.params_from_form(form.cleaned_data))
    except ExportError as exc:
        messages.error(request, f"Chưa tạo được văn bản: {exc}")
        return redirect(_page_url(campaign, kind))
    if request.POST.get("draft"):  # "Soạn dự thảo": edit, preview, then issue (issue #16)
        draft = draft_create(user=request.user, campaign=campaign, params=params)
        return redirect("documents:draft_detail", pk=draft.pk)
    record = export_request(user=request.user, campaign=campaign, params=params)
    return redirect("documents:document_detail", pk=record.pk)


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = export_record_get_for_user(request.user, pk)
    record.kind_label = {e.identifier: e.verbose_name for e in exporters()}.get(record.kind, record.kind)
    return render(
        request,
        "documents/documents_detail.html",
        {
            "record": record,
            "can_request": can_request_documents(request.user, record.commune),
            "waiting_message": WAITING_FOR_QUEUE if export_waiting_for_queue(record) else "",
        },
    )


@login_required
def document_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Polled by the progress bar."""
    record = export_record_get_for_user(request.user, pk)
    done = record.status == ExportStatus.DONE
    return JsonResponse(
        {
            "status": record.status,
            "status_label": record.get_status_display(),
            "progress": record.progress,
            "error": record.error,
            "download_url": reverse("documents:document_download", args=[record.pk]) if done else None,
            "sha256": record.sha256,
            "size": record.size,
        }
    )


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """Only a finished record's file is ever served: exactly the bytes archived."""
    record = export_record_get_for_user(request.user, pk)
    if record.status != ExportStatus.DONE or not record.file:
        raise Http404("Văn bản chưa tạo xong hoặc đã lỗi.")
    response = FileResponse(
        record.file.open("rb"), as_attachment=True, filename=record.filename, content_type=record.content_type
    )
    response["X-Content-SHA256"] = record.sha256
    return response


@login_required
@require_POST
def document_retry(request: HttpRequest, pk: int) -> HttpResponse:
    record = export_record_get_for_user(request.user, pk)
    if not can_request_documents(request.user, record.commune):
        raise Http404("Không tìm thấy văn bản.")
    try:
        new = export_retry(user=request.user, record=record)
    except ExportError as exc:
        messages.error(request, f"Chưa tạo lại được: {exc}")
        return redirect("documents:document_detail", pk=record.pk)
    messages.success(request, "Đã tạo yêu cầu mới; bản cũ vẫn được lưu.")
    return redirect("documents:document_detail", pk=new.pk)
