"""The village's weekly report on a phone (issue 13 item 4): a small page and the JSON endpoint the
phone's outbox sends it to, beside the unit report form of ``reporting.views``.

The same protocol as the Mẫu 02 return (``households.api``): JSON only, never a redirect; 201
stored / 200 already stored, each naming the entry's idempotency key and the sha256 of the
figures as stored (``figures_hash``, the phone computes the same); 400 per figure; 401 no
session; 409 the report changed since the phone opened it (another phone, the centre) with
other figures.

A unit has one report per period (a unique row), so a replay can never make a second one. The
key is the entry's name; a send whose report is already submitted with exactly the figures sent
is answered 200 as already stored, whoever sent them first — the version the phone showed and
the hash of what is stored decide, not a table of keys.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from campaigns.models import Period
from indicators.facts import datavalues_for
from indicators.models import DataElement
from indicators.reading import clean_text, json_endpoint, json_error, json_request_body, json_response
from org.access import Action, can, unit_get_for_user

from . import selectors, services
from .models import ReportStatus, UnitReport
from .validation import parse_figure

CONFLICT = (
    "Báo cáo tuần này vừa được nộp hoặc sửa từ máy khác với số khác ({stored}). "
    "Máy này chưa ghi đè: hãy mở lại báo cáo, xem số đã nộp, rồi sửa hoặc xóa bản chờ gửi."
)


def _number(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else str(value.normalize())


def figures_hash(*, figures: dict[str, int | str], note: str) -> str:
    """sha256 of the canonical JSON of the figures (element code → value) and the note, as the
    phone's outbox.js ``canonical`` writes it: keys sorted, no spaces, UTF-8."""
    payload = dict(figures) | {"ghi_chu": note}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _week_get_for_user(user, unit_pk: int, period_pk: int, action: Action) -> tuple:
    """The unit, the period and the elements of its form; 404 for what the user may not see
    (rule 9, through ``org.access``), 403 for what they may see but not change."""
    unit = unit_get_for_user(user, unit_pk, action)
    period = Period.objects.select_related("campaign").filter(pk=period_pk, campaign__commune=unit.commune).first()
    if period is None:
        raise Http404("Không tìm thấy kỳ báo cáo.")
    elements = selectors.form_elements(campaign=period.campaign, unit=unit, cadence=period.cadence)
    if not elements:
        raise Http404("Đơn vị không báo cáo gì trong kỳ này.")
    return unit, period, elements


def _stored(report: UnitReport, elements: list[DataElement]) -> dict[str, int | str]:
    values = datavalues_for(unit_id=report.unit_id, period_id=report.period_id)
    return {e.code: _number(values[(e.pk, None)]) for e in elements if values.get((e.pk, None)) is not None}


def _answer(report: UnitReport, elements: list[DataElement], key: str, *, created: bool) -> JsonResponse:
    stored = _stored(report, elements)
    return json_response(
        {
            "ok": True,
            "created": created,
            "id": report.pk,
            "key": key,
            "hash": figures_hash(figures=stored, note=report.highlights),
            "status": report.status,
            "status_label": report.get_status_display(),
            "version": report.version,
            "is_late": report.late,
            "message": f"Đã nộp báo cáo {report.period.label} của {report.unit.name}"
            + (" (nộp muộn)." if report.late else "."),
        },
        201 if created else 200,
    )


@login_required
@never_cache
@require_GET
def week_form(request: HttpRequest, unit_pk: int, period_pk: int) -> HttpResponse:
    """The village's weekly figures on a phone; "Nộp" puts them in the outbox (week.js)."""
    unit, period, elements = _week_get_for_user(request.user, unit_pk, period_pk, Action.READ)
    report = selectors.report_for(unit=unit, period=period)
    values = _stored(report, elements) if report else {}
    editable = report is None or report.is_editable
    return render(
        request,
        "reporting/village_week.html",
        {
            "unit": unit,
            "period": period,
            "report": report,
            "rows": [{"element": e, "value": values.get(e.code, "")} for e in elements],
            "version": report.version if report else 0,
            "note": report.highlights if report else "",
            "can_write": editable and can(request.user, Action.WRITE, unit=unit),
            "countdown": selectors.countdown(period.deadline, timezone.now())[0],
        },
    )


@json_endpoint
@never_cache
@require_POST
def week_submit_api(request: HttpRequest, unit_pk: int, period_pk: int) -> JsonResponse:
    try:
        unit, period, elements = _week_get_for_user(request.user, unit_pk, period_pk, Action.WRITE)
    except Http404:
        return json_error(404, "Không tìm thấy đơn vị hoặc kỳ báo cáo.")
    except PermissionDenied:
        return json_error(403, "Bạn không có quyền nộp báo cáo của đơn vị này.")
    payload = json_request_body(request)  # limits, the account that typed it (issue 14 item 4)
    if not isinstance(payload.get("figures", {}), dict):
        return json_error(400, "Dữ liệu gửi lên không đọc được.", {"__all__": ["Dữ liệu gửi lên không đọc được."]})
    try:
        key = clean_text(payload.get("idempotency_key") or request.headers.get("Idempotency-Key"), max_length=64)
        note = clean_text(payload.get("ghi_chu") or "", max_length=2000, multiline=True)
    except ValueError as exc:
        message = f"Mã gửi hoặc ghi chú {exc}: hãy sửa rồi gửi lại."
        return json_error(400, message, {"__all__": [message]})
    version = payload.get("version")
    version = version if isinstance(version, int) and not isinstance(version, bool) else None
    errors: dict[str, list[str]] = {}
    if not key or len(key) > 64:
        errors["__all__"] = ["Thiếu mã gửi (idempotency key) hợp lệ; hãy tải lại trang."]
    values: dict = {}
    sent: dict[str, int | str] = {}
    raw = payload.get("figures") or {}
    for e in elements:
        try:
            value = parse_figure(raw.get(e.code), e)
        except ValueError as exc:
            errors[e.code] = [f"{e.name}: {exc}."]
            continue
        if value is None:
            errors[e.code] = [f"Chưa nhập {e.name}."]
            continue
        values[(e.pk, None)] = value
        sent[e.code] = _number(value)
    if errors:
        return json_error(400, "Chưa nộp được: hãy sửa các ô báo đỏ.", errors, key=key)
    sent_hash = figures_hash(figures=sent, note=note)
    report = services.unit_report_open(campaign=period.campaign, unit=unit, period=period)

    def already_stored(r: UnitReport) -> bool:
        return r.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED) and (
            figures_hash(figures=_stored(r, elements), note=r.highlights) == sent_hash
        )

    if already_stored(report):
        return _answer(report, elements, key, created=False)
    try:
        report = services.unit_report_submit(
            report=report,
            user=request.user,
            expected_version=version or None,
            values=values,
            narrative={"highlights": note},
        )
    except services.FiguresInvalid as exc:
        by_code = {e.pk: e.code for e in elements}
        out: dict[str, list[str]] = {}
        for err in exc.errors:
            out.setdefault(by_code.get(err.key[0], "__all__"), []).append(err.message)
        return json_error(400, "Chưa nộp được: hãy sửa các ô báo đỏ.", out, key=key)
    except (services.ReportConflict, services.ReportStateError):
        report = UnitReport.objects.select_related("period", "unit").get(pk=report.pk)
        if already_stored(report):  # a parallel send of the same entry won
            return _answer(report, elements, key, created=False)
        stored = ", ".join(f"{e.name}: {_stored(report, elements).get(e.code, '—')}" for e in elements)
        return json_error(409, CONFLICT.format(stored=stored), key=key, version=report.version)
    return _answer(report, elements, key, created=True)


app_name = "village_week"
urlpatterns = [
    path("<int:unit_pk>/ky/<int:period_pk>/", week_form, name="form"),
    path("<int:unit_pk>/ky/<int:period_pk>/nop/", week_submit_api, name="submit"),
]
