"""Pages of issue 4: my reports, the report form, review, history, Excel in and out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from campaigns.models import Cadence, Campaign, Period
from campaigns.selectors import campaign_get_for_user, campaigns_for_user
from indicators.facts import datavalues_for
from org.access import (
    Action,
    access_for,
    can,
    can_import_figures,
    can_read_whole_commune,
    can_reopen,
    require_whole_commune,
    unit_get_for_user,
)

from . import figures, selectors, services
from .excel import UploadInvalid, too_big
from .excel_form import WorkbookOutdated, form_xlsx_build
from .forms import ReasonForm, ReportForm, UploadForm
from .models import ReportStatus, UnitReport


def _report_form(report: UnitReport, data=None) -> ReportForm:
    spec = figures.form_spec(campaign=report.campaign, unit=report.unit, cadence=report.period.cadence)
    prev = selectors.previous_period(report.period)
    previous = datavalues_for(unit_id=report.unit_id, period_id=prev.pk) if prev else {}
    current = datavalues_for(unit_id=report.unit_id, period_id=report.period_id)
    initial = {"version": report.version}
    initial.update({name: getattr(report, name) for name in services.NARRATIVE_FIELDS})
    return ReportForm(data, spec=spec, previous=previous, current=current, initial=initial)


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """A unit's periods (newest first) with status, deadline and countdown; the form of the
    period due next on top. Unit staff see their unit; the centre picks one."""
    access = access_for(request.user)
    units = list(access.writable_units().filter(active=True).order_by("commune__name", "order", "code"))
    if not units:
        raise Http404("Bạn không thuộc đơn vị nào.")
    unit = units[0]
    if request.GET.get("don_vi"):
        unit = unit_get_for_user(request.user, _int(request.GET["don_vi"]), Action.WRITE)
    campaigns = [c for c in Campaign.objects.filter(participations__unit=unit).order_by("-start", "code")]
    campaigns = [c for c in campaigns if selectors.cadences_of(c)]
    campaign = campaigns[0] if campaigns else None
    if request.GET.get("ke_hoach"):
        campaign = next((c for c in campaigns if c.pk == _int(request.GET["ke_hoach"])), None)
        if campaign is None:
            raise Http404("Không tìm thấy kế hoạch.")
    now = timezone.now()
    ctx: dict = {"unit": unit, "units": units if len(units) > 1 else [], "campaigns": campaigns, "campaign": campaign}
    if campaign is not None:
        periods = []
        current_report = None
        for cadence in selectors.cadences_of(campaign):
            if not selectors.form_elements(campaign=campaign, unit=unit, cadence=cadence):
                continue
            current = selectors.period_to_fill(campaign=campaign, cadence=cadence, now=now)
            if current is not None and current_report is None:
                # A GET creates nothing (issue 14): a period never opened shows an unsaved
                # report; its form posts to report_open, which creates the draft on first save.
                current_report = selectors.report_for(unit=unit, period=current) or UnitReport(
                    campaign=campaign, unit=unit, period=current
                )
            today = timezone.localdate(now)
            qs = Period.objects.filter(campaign=campaign, cadence=cadence, start__lte=today).order_by("-start")
            reports = {r.period_id: r for r in UnitReport.objects.filter(unit=unit, period__in=qs)}
            for p in qs:
                r = reports.get(p.pk)
                text, overdue = selectors.countdown(p.deadline, now)
                submitted = r is not None and r.first_submitted_at is not None
                periods.append({"period": p, "report": r, "countdown": text, "overdue": overdue and not submitted})
        ctx["periods"] = periods
        if current_report is not None:
            ctx["report"] = current_report
            ctx["form"] = _report_form(current_report) if current_report.is_editable else None
            ctx["form_action"] = _form_action(current_report)
            ctx["countdown"] = selectors.countdown(current_report.period.deadline, now)[0]
    return render(request, "reporting/my_reports.html", ctx)


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy.")


def _form_action(report: UnitReport) -> str:
    """Where the report's form posts: the edit page, or report_open for a report not yet saved."""
    if report.pk is None:
        return reverse("reporting:report_open", args=[report.unit_id, report.period_id])
    return reverse("reporting:report_edit", args=[report.pk])


@login_required
def report_open(request: HttpRequest, unit_pk: int, period_pk: int) -> HttpResponse:
    """The unit's report for the period. GET never writes (issue 14): an existing report opens,
    a missing one shows the empty form; the draft is created by the first save (POST)."""
    unit = unit_get_for_user(request.user, unit_pk, Action.READ)
    period = Period.objects.select_related("campaign").filter(pk=period_pk, campaign__commune=unit.commune).first()
    if period is None:
        raise Http404("Không tìm thấy kỳ báo cáo.")
    report = selectors.report_for(unit=unit, period=period)
    if report is not None:
        if request.method == "POST":
            return _edit(request, report)  # created by someone else since the page was read
        return redirect("reporting:report_detail", pk=report.pk)
    if not can(request.user, Action.WRITE, unit=unit):
        raise Http404("Đơn vị chưa có báo cáo kỳ này.")
    unsaved = UnitReport(campaign=period.campaign, unit=unit, period=period)
    if request.method == "POST" and _report_form(unsaved, request.POST).is_valid():
        report = services.unit_report_open(campaign=period.campaign, unit=unit, period=period)
        return _edit(request, report)
    return _edit(request, unsaved)  # the empty form, or the refused one with its errors


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk, Action.READ)
    spec = figures.form_spec(campaign=report.campaign, unit=report.unit, cadence=report.period.cadence)
    values = datavalues_for(unit_id=report.unit_id, period_id=report.period_id)
    prev = selectors.previous_period(report.period)
    previous = datavalues_for(unit_id=report.unit_id, period_id=prev.pk) if prev else {}
    fields = {f.pk: f for f in spec.fields}
    rows = []
    for key in spec.keys:
        if key[1] is not None and key not in values:
            continue
        element = next(e for e in spec.elements if e.pk == key[0])
        rows.append(
            {
                "element": element,
                "field": fields.get(key[1]) if key[1] else None,
                "value": values.get(key),
                "previous": previous.get(key),
            }
        )
    can_write = can(request.user, Action.WRITE, unit=report.unit)
    can_review = can(request.user, Action.REVIEW, unit=report.unit)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "rows": rows,
            "can_edit": can_write and report.is_editable,
            "can_write": can_write,
            "can_review": can_review,
            "can_reopen": report.status == ReportStatus.APPROVED
            and can_reopen(request.user, commune=report.unit.commune, approved_by_id=report.approved_by_id),
            "review_form": ReasonForm(initial={"version": report.version}),
            "upload_form": UploadForm(initial={"version": report.version}),
            "countdown": selectors.countdown(report.period.deadline, timezone.now())[0],
        },
    )


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk, Action.WRITE)
    return _edit(request, report)


def _edit(request: HttpRequest, report: UnitReport) -> HttpResponse:
    """The form page of a report (``report.pk`` is None for one not yet saved: shown, never
    written, on GET), and its save or submit on POST."""
    if not report.is_editable:
        messages.warning(request, "Báo cáo đã nộp hoặc đã duyệt nên không sửa được.")
        return redirect("reporting:report_detail", pk=report.pk)
    conflict = False
    if request.method == "POST":
        form = _report_form(report, request.POST)
        if form.is_valid():
            submit = "submit" in request.POST
            kwargs = {
                "report": report,
                "user": request.user,
                "values": form.cleaned_data["values"],
                "only": form.spec.keys,
                "narrative": form.narrative(),
                "expected_version": form.cleaned_data["version"],
            }
            try:
                if submit:
                    services.unit_report_submit(**kwargs)
                    messages.success(request, "Đã nộp báo cáo. Báo cáo chỉ sửa được khi bị trả lại.")
                    return redirect("reporting:report_detail", pk=report.pk)
                services.unit_report_save_draft(**kwargs)
                messages.success(request, "Đã lưu nháp.")
                return redirect("reporting:report_edit", pk=report.pk)
            except services.ReportConflict as exc:
                conflict = True
                messages.error(request, str(exc))
                report = exc.report
                form = _report_form(report)
            except services.FiguresInvalid as exc:
                for err in exc.errors:
                    form.add_key_error(err.key, err.message)
            except services.ReportStateError as exc:
                messages.error(request, str(exc))
                return redirect("reporting:report_detail", pk=report.pk)
    else:
        form = _report_form(report)
    return render(
        request,
        "reporting/report_edit.html",
        {
            "report": report,
            "form": form,
            "conflict": conflict,
            "countdown": selectors.countdown(report.period.deadline, timezone.now())[0],
            "upload_form": UploadForm(initial={"version": report.version}),
            "form_action": _form_action(report),
        },
    )


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk, Action.REVIEW)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("reporting:report_detail", pk=report.pk)
    action, reason, version = form.cleaned_data["action"], form.cleaned_data["reason"], form.cleaned_data["version"]
    try:
        if action == "approve":
            services.unit_report_approve(report=report, user=request.user, expected_version=version, comment=reason)
            messages.success(request, "Đã duyệt báo cáo.")
        elif action == "return":
            services.unit_report_return(report=report, user=request.user, reason=reason, expected_version=version)
            messages.success(request, "Đã trả lại báo cáo cho đơn vị.")
        else:
            services.unit_report_reopen(report=report, user=request.user, reason=reason, expected_version=version)
            messages.success(request, "Đã mở lại báo cáo.")
    except services.ReportConflict as exc:
        messages.error(request, str(exc))
    except services.ReportStateError as exc:
        messages.error(request, str(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("reporting:report_detail", pk=report.pk)


@login_required
def report_history(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk, Action.READ)
    return render(
        request,
        "reporting/report_history.html",
        {"report": report, "events": selectors.report_history(report=report)},
    )


@login_required
def form_xlsx_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk, Action.READ)
    content = form_xlsx_build(report=report)
    name = f"bao-cao_{report.campaign.code}_{report.unit.code}_{report.period.start.isoformat()}.xlsx"
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _upload_content(request: HttpRequest, form: UploadForm) -> bytes | str:
    """The uploaded bytes, or the refusal of a file that is too big (read no further)."""
    upload = form.cleaned_data["file"]
    return too_big(upload.size) or upload.read()


@login_required
@require_POST
def form_xlsx_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk, Action.WRITE)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Hãy chọn tệp .xlsx của biểu mẫu.")
        return redirect("reporting:report_edit", pk=report.pk)
    content = _upload_content(request, form)
    if isinstance(content, str):
        messages.error(request, content)
        return redirect("reporting:report_edit", pk=report.pk)
    try:
        # The workbook carries its version, checked against the report as read here; the save
        # checks the same version again under the row lock (a change in between is a conflict).
        services.unit_report_upload_form(
            report=report, user=request.user, content=content, expected_version=report.version
        )
    except UploadInvalid as exc:
        return render(
            request,
            "reporting/upload_errors.html",
            {"report": report, "errors": exc.errors, "back": reverse("reporting:report_edit", args=[report.pk])},
            status=409 if isinstance(exc, WorkbookOutdated) else 400,
        )
    except services.FiguresInvalid as exc:
        return render(
            request,
            "reporting/upload_errors.html",
            {
                "report": report,
                "errors": [e.message for e in exc.errors],
                "back": reverse("reporting:report_edit", args=[report.pk]),
            },
            status=400,
        )
    except (services.ReportConflict, services.ReportStateError) as exc:
        messages.error(request, str(exc))
        return redirect("reporting:report_edit", pk=report.pk)
    messages.success(request, "Đã nhận số liệu từ tệp (lưu nháp). Hãy kiểm tra lại rồi nộp.")
    return redirect("reporting:report_edit", pk=report.pk)


@login_required
def bulk_upload(request: HttpRequest) -> HttpResponse:
    """The bulk figures file (docs/design.md section 8) for the centre."""
    if not can_import_figures(request.user):
        raise PermissionDenied("Chỉ Trung tâm Phục vụ hành chính công được nhập tệp số liệu.")
    ctx: dict = {
        "form": UploadForm(),
        "columns": ",".join(["ma_ke_hoach", "ma_don_vi", "tu_ngay", "ma_so_lieu", "gia_tri", "linh_vuc"]),
    }
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        ctx["form"] = form
        if form.is_valid():
            content = _upload_content(request, form)
            if isinstance(content, str):
                ctx["errors"] = [content]
            else:
                try:
                    result = services.figures_file_import(
                        content=content, filename=form.cleaned_data["file"].name, user=request.user
                    )
                except UploadInvalid as exc:
                    ctx["errors"] = exc.errors
                else:
                    if result.reports:
                        messages.success(
                            request,
                            f"Đã nhập {result.rows} dòng: {result.reports} báo cáo, {result.changed} số liệu thay đổi.",
                        )
                    else:
                        messages.info(request, f"Tệp có {result.rows} dòng, không có số liệu nào thay đổi.")
                    return redirect("reporting:bulk_upload")
        status = 400 if ctx.get("errors") or form.errors else 200
        return render(request, "reporting/bulk_upload.html", ctx, status=status)
    return render(request, "reporting/bulk_upload.html", ctx)


@login_required
def review_home(request: HttpRequest) -> HttpResponse:
    campaigns = [c for c in campaigns_for_user(request.user) if can_read_whole_commune(request.user, c.commune)]
    if not campaigns:
        raise Http404("Không có kế hoạch nào để xem.")
    if len(campaigns) == 1:
        return redirect("reporting:review_grid", pk=campaigns[0].pk)
    return render(request, "reporting/review_home.html", {"campaigns": campaigns})


@login_required
def review_grid(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(request.user, pk, Action.READ)
    require_whole_commune(request.user, campaign.commune)
    cadences = selectors.cadences_of(campaign)
    cadence = request.GET.get("ky") if request.GET.get("ky") in cadences else (cadences[0] if cadences else "weekly")
    grid = selectors.review_grid(campaign=campaign, cadence=cadence)
    comp = grid["completeness"]
    rows = [(u, cells, comp.by_unit.get(u.pk)) for u, cells in grid["rows"]]
    return render(
        request,
        "reporting/review_grid.html",
        {
            "campaign": campaign,
            "cadence": cadence,
            "cadences": [(c, Cadence(c).label) for c in cadences],
            "periods": grid["periods"],
            "period_totals": [comp.by_period.get(p.pk) for p in grid["periods"]],
            "rows": rows,
            "total": comp.total,
            "missing": grid["missing"],
        },
    )
