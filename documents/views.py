"""Pages of the documents (issue #8): choose a document, follow its generation, download it,
and the archive of everything generated (DESIGN.md rule 11). Thin: the work is in
``documents.services`` and the exporters."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from campaigns.models import Campaign
from org.access import access_for

from .exporters.base import ExportError, Quarter, exporters
from .models import ExportStatus
from .services import (
    QUARTERLY_SECTIONS,
    WAITING_FOR_QUEUE,
    can_request_documents,
    export_record_get_for_user,
    export_records_for_user,
    export_request,
    export_retry,
    export_waiting_for_queue,
    params_clean,
)

KIND_HELP = {
    "weekly": "Một kỳ báo cáo: chỉ tiêu so với chỉ tiêu giao, tình hình nộp báo cáo, nhiệm vụ quá hạn, ý kiến đơn vị.",
    "push_final": "Toàn bộ đợt cao điểm: lũy kế, diễn biến từng kỳ, đơn vị dẫn đầu và còn hạn chế, Mẫu 02, nhiệm vụ.",
    "quarterly": "Báo cáo quý gửi tỉnh: mọi kế hoạch của xã trong quý, so với quý trước và chỉ tiêu năm.",
    "mau_02": "Bảng tổng hợp Mẫu biểu số 02 của đợt rà soát gần nhất.",
    "tasks": "Mẫu biểu số 01 / phụ lục nhiệm vụ: trạng thái, quá hạn, số minh chứng.",
}


def _campaigns_for(user):
    access = access_for(user)
    qs = Campaign.objects.select_related("commune").order_by("commune__name", "-start", "code")
    if access.is_superuser:
        return qs
    return qs.filter(commune_id__in=access.whole_commune_ids)


class DocumentForm(forms.Form):
    campaign = forms.ModelChoiceField(label="Kế hoạch", queryset=Campaign.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="Loại văn bản")
    fmt = forms.ChoiceField(label="Định dạng", choices=[("pdf", "PDF (thể thức văn bản)"), ("xlsx", "Excel (.xlsx)")])
    period = forms.ChoiceField(label="Kỳ báo cáo", required=False)
    quarter = forms.ChoiceField(label="Quý", required=False)
    number = forms.CharField(label="Số văn bản (phần trước /BC-UBND, có thể để trống)", required=False, max_length=20)

    def __init__(self, *args, user, campaign: Campaign | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = _campaigns_for(user)
        self.fields["kind"].choices = [(e.identifier, e.verbose_name) for e in exporters()]
        periods, quarters = [], []
        if campaign is not None:
            periods = [
                (p.start.isoformat(), f"{p.label} ({p.start:%d/%m/%Y} – {p.end:%d/%m/%Y})")
                for p in campaign.periods.exclude(cadence="survey").order_by("-start")
            ]
            q = Quarter.containing(campaign.start)
            last = Quarter.containing(campaign.end)
            while (q.year, q.number) <= (last.year, last.number):
                quarters.append((q.code, f"Quý {q.roman} năm {q.year}"))
                q = Quarter(q.year + 1, 1) if q.number == 4 else Quarter(q.year, q.number + 1)
            quarters.reverse()
        self.fields["period"].choices = [("", "Kỳ gần nhất đã kết thúc")] + periods
        self.fields["quarter"].choices = [("", "Quý hiện tại")] + quarters
        for key, label in QUARTERLY_SECTIONS:
            self.fields[f"n_{key}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000
            )


@login_required
def documents(request: HttpRequest) -> HttpResponse:
    """Choose a document (centre, leadership) and the archive (also the province, read-only)."""
    access = access_for(request.user)
    if not (access.is_superuser or access.whole_commune_ids or access.province_ids):
        raise Http404("Không tìm thấy.")
    campaigns = _campaigns_for(request.user)
    campaign = None
    campaign_id = request.GET.get("campaign")
    if campaign_id and campaign_id.isdigit():
        campaign = campaigns.filter(pk=int(campaign_id)).first()
    if campaign is None:
        campaign = campaigns.first()
    kind = request.GET.get("kind") or "weekly"
    initial = {"campaign": campaign, "kind": kind, "fmt": request.GET.get("fmt") or "pdf"}
    form = None
    if campaign is not None:
        if kind == "quarterly":
            from .exporters.quarterly import default_quarter, narratives_default

            quarter_text = request.GET.get("quarter") or ""
            try:
                quarter = Quarter.parse(quarter_text) if quarter_text else default_quarter(campaign)
            except ExportError:
                quarter = default_quarter(campaign)
            initial["quarter"] = quarter_text
            for key, text in narratives_default(campaign=campaign, quarter=quarter).items():
                initial[f"n_{key}"] = text
        form = DocumentForm(user=request.user, campaign=campaign, initial=initial)
    records = list(export_records_for_user(request.user)[:100])
    labels = {e.identifier: e.verbose_name for e in exporters()}
    for r in records:
        r.kind_label = labels.get(r.kind, r.kind)
    return render(
        request,
        "documents/documents.html",
        {
            "form": form,
            "campaign": campaign,
            "kind": kind,
            "kind_help": KIND_HELP.get(kind, ""),
            "records": records,
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
    form = DocumentForm(request.POST, user=request.user, campaign=campaign)
    if not form.is_valid():
        errors = "; ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items() if k in form.fields)
        messages.error(request, f"Chưa tạo được văn bản. {errors}")
        return redirect(f"{reverse('documents:documents')}?campaign={campaign.pk}&kind={request.POST.get('kind', '')}")
    data = form.cleaned_data
    kind = data["kind"]
    try:
        params = params_clean(
            kind=kind,
            campaign=campaign,
            fmt=data["fmt"],
            period=data["period"] if kind == "weekly" else None,
            quarter=data["quarter"] if kind == "quarterly" else None,
            narratives={key: data.get(f"n_{key}", "") for key, _ in QUARTERLY_SECTIONS}
            if kind == "quarterly"
            else None,
            number=data["number"],
        )
    except ExportError as exc:
        messages.error(request, f"Chưa tạo được văn bản: {exc}")
        return redirect(f"{reverse('documents:documents')}?campaign={campaign.pk}&kind={kind}")
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
