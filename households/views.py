"""Pages of Mẫu biểu số 02: the village head's form, the Tổng table, the xlsx export / import,
the household register (the JSON endpoints the phone's outbox sends to are in ``api``). Views
fetch through the ``*_get_for_user`` helpers and call services; they hold no rule of their own."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from org.access import Action, access_for, can, own_villages, reads_only_own_villages, require

from . import selectors, services, visit_register
from .exporters import XLSX_CONTENT_TYPE, mau02_filename, mau02_parse, mau02_xlsx
from .models import FIGURES, HouseholdVisit, ReturnStatus, VillageReturn
from .validation import ReturnInvalid

# --- home ---------------------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A village head goes straight to their village's form for the open round; the centre and
    leadership see the rounds and their Tổng tables."""
    if reads_only_own_villages(request.user):
        villages = list(own_villages(request.user).order_by("commune_id", "order"))
        targets = []
        for village in villages:
            survey_round = selectors.open_round_for_village(village=village)
            if survey_round is not None:
                targets.append((village, survey_round))
        if len(targets) == 1:
            village, survey_round = targets[0]
            return redirect("households:return_form", round_pk=survey_round.pk, village_pk=village.pk)
        return render(request, "households/home.html", {"targets": targets, "rounds": []})
    commune_ids = access_for(request.user).communes().values("id")
    rounds = selectors.rounds_for_user(request.user).filter(campaign__commune_id__in=commune_ids)
    return render(request, "households/home.html", {"targets": [], "rounds": list(rounds[:200])})


# --- the village head's form ------------------------------------------------------------


def _form_context(request, survey_round, village, *, values=None, errors=None, warnings=None) -> dict:
    ret = selectors.village_return_for(survey_round=survey_round, village=village)
    can_write = can(request.user, Action.WRITE, unit=village)
    can_review = can(request.user, Action.REVIEW, unit=village)
    visit_count = (
        HouseholdVisit.objects.filter(survey_round=survey_round, village=village).count()
        if survey_round.visits_enabled and can_write
        else 0
    )
    visit_figures = selectors.visit_totals(survey_round=survey_round, village=village) if visit_count else None
    if values is None:
        values = {name: (getattr(ret, name) if ret else None) for name, _, _ in FIGURES}
        values["ghi_chu"] = ret.ghi_chu if ret else ""
    locked = bool(ret and ret.status == ReturnStatus.APPROVED) or not survey_round.is_open
    # read-only for the village once submitted, until the centre returns it (rule 8)
    awaiting_review = bool(ret and ret.status == ReturnStatus.SUBMITTED) and not can_review
    errors = errors or {}
    warnings = warnings or {}
    fields = [
        {
            "name": name,
            "label": label,
            "value": "" if values.get(name) is None else values.get(name),
            "errors": errors.get(name, []),
            "warnings": warnings.get(name, []),
        }
        for name, label, _ in FIGURES
    ]
    return {
        "survey_round": survey_round,
        "village": village,
        "commune": survey_round.campaign.commune,
        "ret": ret,
        "fields": fields,
        "note": values.get("ghi_chu", ""),
        "note_errors": errors.get("ghi_chu", []),
        "form_errors": errors.get("__all__", []),
        "can_write": can_write and not locked and not visit_count and not awaiting_review,
        "awaiting_review": awaiting_review,
        "can_review": can_review,
        "locked": locked,
        "idempotency_key": uuid.uuid4().hex,
        "version": ret.version if ret else 0,
        "visit_count": visit_count,
        "visit_figures": [(label, visit_figures[name]) for name, label, _ in FIGURES] if visit_figures else None,
        "can_visits": survey_round.visits_enabled and can_write,
        "history": selectors.return_history(village_return=ret) if ret and (can_review or can_write) else [],
        "deadline": survey_round.period.deadline,
    }


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def return_form(request: HttpRequest, round_pk: int, village_pk: int) -> HttpResponse:
    survey_round = selectors.survey_round_get_for_user(request.user, round_pk)
    action = Action.WRITE if request.method == "POST" else Action.READ
    village = selectors.village_get_for_user(request.user, survey_round=survey_round, pk=village_pk, action=action)
    if request.method == "POST":
        # The page without JavaScript posts here; with it, mau02.js posts JSON to submit_api.
        data = request.POST
        version = data.get("version")
        try:
            result = services.village_return_submit(
                user=request.user,
                survey_round=survey_round,
                village=village,
                figures={name: data.get(name) for name, _, _ in FIGURES},
                note=data.get("ghi_chu", ""),
                idempotency_key=data.get("idempotency_key", ""),
                version=int(version) if version and version.isdigit() else None,
            )
        except ReturnInvalid as exc:
            values = {name: data.get(name) for name, _, _ in FIGURES}
            values["ghi_chu"] = data.get("ghi_chu", "")
            ctx = _form_context(request, survey_round, village, values=values, errors=exc.errors)
            return render(request, "households/return_form.html", ctx, status=400)
        except (services.KeyConflict, services.VersionConflict) as exc:
            messages.error(request, exc.message)
            return redirect(request.path)
        messages.success(request, saved_message(result.village_return))
        for msgs in result.warnings.values():
            for m in msgs:
                messages.warning(request, m)
        return redirect(request.path)
    return render(request, "households/return_form.html", _form_context(request, survey_round, village))


def saved_message(ret: VillageReturn) -> str:
    at = formats.date_format(timezone.localtime(ret.submitted_at), "DATETIME_FORMAT")
    late = " (nộp muộn)" if ret.is_late else ""
    return f"Đã nộp Mẫu 02 của {ret.village.name} lúc {at}{late}."


@login_required
@require_POST
def review(request: HttpRequest, round_pk: int, village_pk: int) -> HttpResponse:
    """Duyệt / trả lại / mở lại one return (centre and leadership)."""
    survey_round = selectors.survey_round_get_for_user(request.user, round_pk)
    village = selectors.village_get_for_user(request.user, survey_round=survey_round, pk=village_pk)
    ret = get_object_or_404(VillageReturn, survey_round=survey_round, village=village)
    ret.survey_round = survey_round
    what = request.POST.get("action")
    reason = request.POST.get("reason", "")
    try:
        if what == "approve":
            services.village_return_approve(user=request.user, village_return=ret)
            messages.success(request, f"Đã duyệt Mẫu 02 của {village.name}.")
        elif what == "return":
            services.village_return_send_back(user=request.user, village_return=ret, reason=reason)
            messages.success(request, f"Đã trả lại Mẫu 02 của {village.name}.")
        elif what == "reopen":
            services.village_return_reopen(user=request.user, village_return=ret, reason=reason)
            messages.success(request, f"Đã mở lại Mẫu 02 của {village.name}.")
        else:
            messages.error(request, "Thao tác không hợp lệ.")
    except ReturnInvalid as exc:
        for msgs in exc.errors.values():
            for m in msgs:
                messages.error(request, m)
    return redirect("households:return_form", round_pk=survey_round.pk, village_pk=village.pk)


# --- the Tổng table, export, import -----------------------------------------------------


@login_required
def tong(request: HttpRequest, round_pk: int) -> HttpResponse:
    survey_round = selectors.survey_round_table_get_for_user(request.user, round_pk)
    table = selectors.round_table(survey_round=survey_round)
    commune = survey_round.campaign.commune
    return render(
        request,
        "households/tong.html",
        {
            "survey_round": survey_round,
            "table": table,
            "commune": commune,
            "can_manage": can(request.user, Action.MANAGE, commune=commune),
            "labels": [label for _, label, _ in FIGURES],
        },
    )


@login_required
@require_POST
def round_status(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Khóa sổ / mở lại a round (the centre)."""
    survey_round = selectors.survey_round_table_get_for_user(request.user, round_pk)
    status = request.POST.get("status", "")
    try:
        services.survey_round_set_status(user=request.user, survey_round=survey_round, status=status)
    except ReturnInvalid as exc:
        messages.error(request, " ".join(m for msgs in exc.errors.values() for m in msgs))
    else:
        messages.success(request, f"Đợt rà soát: {survey_round.get_status_display()}.")
    return redirect("households:tong", round_pk=survey_round.pk)


@login_required
def export_xlsx(request: HttpRequest, round_pk: int) -> HttpResponse:
    survey_round = selectors.survey_round_table_get_for_user(request.user, round_pk)
    response = HttpResponse(mau02_xlsx(survey_round=survey_round), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{mau02_filename(survey_round)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_xlsx(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Mẫu 02 filled on paper or in Excel, entered by the centre: all rows or none (rule 10)."""
    survey_round = selectors.survey_round_table_get_for_user(request.user, round_pk)
    require(request.user, Action.MANAGE, commune=survey_round.campaign.commune)
    ctx = {"survey_round": survey_round, "errors": [], "commune": survey_round.campaign.commune}
    if request.method == "GET":
        return render(request, "households/import.html", ctx)
    upload = request.FILES.get("file")
    if upload is None:
        ctx["errors"] = ["Chưa chọn tệp Excel (.xlsx) để nhập."]
    elif upload.size > settings.XTD_MAX_UPLOAD_BYTES:
        ctx["errors"] = [f"Tệp quá lớn (tối đa {settings.XTD_MAX_UPLOAD_BYTES // (1024 * 1024)} MB)."]
    else:
        parsed = mau02_parse(user=request.user, survey_round=survey_round, content=upload.read())
        ctx["errors"] = parsed.errors
        if not parsed.errors:
            try:
                stored = services.mau02_import_apply(
                    user=request.user, survey_round=survey_round, rows=parsed.rows, file_hash=parsed.file_hash
                )
            except ReturnInvalid as exc:
                ctx["errors"] = [m for msgs in exc.errors.values() for m in msgs]
            except (services.KeyConflict, services.VersionConflict) as exc:
                ctx["errors"] = [exc.message]
            else:
                messages.success(request, f"Đã nhập {len(parsed.rows)} dòng từ tệp ({stored} dòng mới hoặc thay đổi).")
                return redirect("households:tong", round_pk=survey_round.pk)
    return render(request, "households/import.html", ctx, status=400)


# --- household register -------------------------------------------------------------------


def _visits_village(request, round_pk: int, village_pk: int):
    survey_round = selectors.survey_round_get_for_user(request.user, round_pk)
    # Personal data: only the village itself and the centre (WRITE), not leadership or the province.
    village = selectors.village_get_for_user(
        request.user, survey_round=survey_round, pk=village_pk, action=Action.WRITE
    )
    if not survey_round.visits_enabled:
        raise Http404("Đợt rà soát này không dùng sổ thăm hộ.")
    return survey_round, village


VISIT_FIELDS = ["household_code", "head_name", "members", "members_vneid", "online_dossiers", "e_results", "note"]


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def visits(request: HttpRequest, round_pk: int, village_pk: int) -> HttpResponse:
    """Sổ thăm hộ: a fast add-next loop on the phone."""
    survey_round, village = _visits_village(request, round_pk, village_pk)
    errors: dict = {}
    values: dict = {}
    status = 200
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in VISIT_FIELDS}
        values["rated"] = request.POST.get("rated") == "1"
        try:
            visit = visit_register.household_visit_add(
                user=request.user, survey_round=survey_round, village=village, data=values
            )
        except ReturnInvalid as exc:
            errors, status = exc.errors, 400
        else:
            messages.success(request, f"Đã lưu hộ {visit.household_code} – {visit.head_name}. Nhập hộ tiếp theo.")
            return redirect(request.path)
    rows = list(selectors.visits_for(survey_round=survey_round, village=village)[:500])
    totals = selectors.visit_totals(survey_round=survey_round, village=village)
    ret = selectors.village_return_for(survey_round=survey_round, village=village)
    return render(
        request,
        "households/visits.html",
        {
            "survey_round": survey_round,
            "village": village,
            "visits": rows,
            "totals": [(name, label, totals[name]) for name, label, _ in FIGURES],
            "household_count": totals["so_ho"],
            "values": values,
            "errors": errors,
            "form_errors": errors.get("__all__", []),
            "ret": ret,
            "idempotency_key": uuid.uuid4().hex,
            "locked": bool(ret and ret.status == ReturnStatus.APPROVED) or not survey_round.is_open,
        },
        status=status,
    )


@login_required
@require_POST
def visit_delete(request: HttpRequest, round_pk: int, village_pk: int, visit_pk: int) -> HttpResponse:
    survey_round, village = _visits_village(request, round_pk, village_pk)
    visit = get_object_or_404(HouseholdVisit, pk=visit_pk, survey_round=survey_round, village=village)
    try:
        visit_register.household_visit_delete(user=request.user, visit=visit)
        messages.success(request, f"Đã xóa hộ {visit.household_code}.")
    except ReturnInvalid as exc:
        for msgs in exc.errors.values():
            for m in msgs:
                messages.error(request, m)
    return redirect("households:visits", round_pk=survey_round.pk, village_pk=village.pk)


@login_required
@require_POST
def submit_visits(request: HttpRequest, round_pk: int, village_pk: int) -> HttpResponse:
    """Nộp Mẫu 02 with the figures computed from the register."""
    survey_round, village = _visits_village(request, round_pk, village_pk)
    try:
        result = visit_register.village_return_submit_from_visits(
            user=request.user,
            survey_round=survey_round,
            village=village,
            idempotency_key=request.POST.get("idempotency_key", ""),
            note=request.POST.get("ghi_chu", ""),
        )
    except ReturnInvalid as exc:
        for msgs in exc.errors.values():
            for m in msgs:
                messages.error(request, m)
        return redirect("households:visits", round_pk=survey_round.pk, village_pk=village.pk)
    except (services.KeyConflict, services.VersionConflict) as exc:
        messages.error(request, exc.message)
        return redirect("households:visits", round_pk=survey_round.pk, village_pk=village.pk)
    messages.success(request, saved_message(result.village_return))
    return redirect(reverse("households:return_form", args=[survey_round.pk, village.pk]))
