"""The JSON endpoints the phone's outbox sends to, and the service worker that keeps the village
pages and the outbox alive offline (households/static/households/outbox.js, templates
households/sw.js).

The protocol cannot mistake a failure for success: every answer is JSON, never a redirect (an
expired session is 401, not the login page's 200); a stored entry is answered with its id, its
idempotency key and the hash of the figures as stored, and the phone deletes its entry only when
both match what it sent.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from indicators.reading import clean_text, json_endpoint, json_error, json_request_body, json_response
from org.access import Action

from . import selectors, services, visit_register
from .models import FIGURES
from .validation import ReturnInvalid
from .views import saved_message

# What the service worker keeps from the first visit on, so the village pages open offline.
SHELL = [
    "css/app.css",
    "households/mau02.css",
    "households/mau02.js",
    "households/outbox.js",
    "households/outbox-page.js",
    "households/visits.js",
    "reporting/week.js",
    "favicon.svg",
]


@never_cache
@require_GET
def session_state(request: HttpRequest) -> JsonResponse:
    """Who is logged in, and a CSRF token for the outbox's next POST. The outbox asks before
    each sending round: after a new login Django rotates the token, so the one in a page cached
    before would be refused."""
    user = request.user
    return json_response(
        {
            "authenticated": user.is_authenticated,
            "user": user.get_username() if user.is_authenticated else "",
            "csrf_token": get_token(request),
            "login_url": reverse("login"),
        }
    )


@json_endpoint
@never_cache
@require_POST
def submit_api(request: HttpRequest, round_pk: int, village_pk: int) -> JsonResponse:
    """JSON submit with an idempotency key: 201 stored; 200 the same key with the same figures
    (already stored); 409 the same key with other figures, or an edit in between; 400 bad input
    with Vietnamese messages per field; 401 no session; 404 / 403 for a village the user may not
    reach, or an entry typed under another account."""
    try:
        survey_round = selectors.survey_round_get_for_user(request.user, round_pk)
        village = selectors.village_get_for_user(
            request.user, survey_round=survey_round, pk=village_pk, action=Action.WRITE
        )
    except Http404:
        return json_error(404, "Không tìm thấy thôn hoặc đợt rà soát.")
    except PermissionDenied:
        return json_error(403, "Bạn không có quyền nộp Mẫu 02 cho thôn này.")
    payload = json_request_body(request)  # limits, the account that typed it (issue 14 item 4)
    figures = payload.get("figures") if isinstance(payload.get("figures"), dict) else payload
    version = payload.get("version")
    try:
        key = clean_text(payload.get("idempotency_key") or request.headers.get("Idempotency-Key"), max_length=64)
    except ValueError as exc:
        message = f"Mã gửi (idempotency key) {exc}: hãy tải lại trang."
        return json_error(400, message, {"idempotency_key": [message]})
    try:
        result = services.village_return_submit(
            user=request.user,
            survey_round=survey_round,
            village=village,
            figures={name: figures.get(name) for name, _, _ in FIGURES},
            note=payload.get("ghi_chu", ""),
            idempotency_key=key,
            version=version if isinstance(version, int) and not isinstance(version, bool) else None,
        )
    except ReturnInvalid as exc:
        return json_error(400, "Chưa nộp được: hãy sửa các ô báo đỏ.", exc.errors, key=key)
    except (services.KeyConflict, services.VersionConflict) as exc:
        return json_error(409, exc.message, key=key)
    ret = result.village_return
    return json_response(
        {
            "ok": True,
            "created": result.created,
            "id": ret.pk,
            "key": key.strip(),
            "hash": result.figures_hash,
            "status": ret.status,
            "status_label": ret.get_status_display(),
            "version": ret.version,
            "is_late": ret.is_late,
            "submitted_at": timezone.localtime(ret.submitted_at).isoformat(),
            "message": saved_message(ret),
            "warnings": result.warnings,
        },
        status=201 if result.created else 200,
    )


@json_endpoint
@never_cache
@require_POST
def visit_add_api(request: HttpRequest, round_pk: int, village_pk: int) -> JsonResponse:
    """One household visit from the outbox (issue 13 item 4), the same protocol as ``submit_api``:
    201 stored / 200 already stored, each with the visit's id, the key and the hash of the visit
    as stored, and the village's Mẫu 02 row recomputed from the register; 400 per field; 409 the
    key or the household used with other figures; 401 no session."""
    try:
        survey_round = selectors.survey_round_get_for_user(request.user, round_pk)
        village = selectors.village_get_for_user(
            request.user, survey_round=survey_round, pk=village_pk, action=Action.WRITE
        )
    except Http404:
        return json_error(404, "Không tìm thấy thôn hoặc đợt rà soát.")
    except PermissionDenied:
        return json_error(403, "Bạn không có quyền ghi sổ thăm hộ của thôn này.")
    if not survey_round.visits_enabled:
        return json_error(404, "Đợt rà soát này không dùng sổ thăm hộ.")
    payload = json_request_body(request)  # limits, the account that typed it (issue 14 item 4)
    data = payload.get("figures") if isinstance(payload.get("figures"), dict) else {}
    try:
        key = clean_text(payload.get("idempotency_key") or request.headers.get("Idempotency-Key"), max_length=64)
    except ValueError as exc:
        message = f"Mã gửi (idempotency key) {exc}: hãy tải lại trang."
        return json_error(400, message, {"idempotency_key": [message]})
    try:
        result = visit_register.household_visit_record(
            user=request.user, survey_round=survey_round, village=village, data=data, idempotency_key=key
        )
    except ReturnInvalid as exc:
        return json_error(400, "Chưa lưu được hộ này: hãy sửa các ô báo đỏ.", exc.errors, key=key)
    except visit_register.VisitConflict as exc:
        return json_error(409, exc.message, key=key)
    visit = result.visit
    return json_response(
        {
            "ok": True,
            "created": result.created,
            "id": visit.pk,
            "key": key.strip(),
            "hash": result.visit_hash,
            "derived": result.derived,
            "message": f"Đã lưu hộ {visit.household_code} – {visit.head_name} vào sổ; "
            f"Mẫu 02 tính lại từ sổ: {result.derived['so_ho']} hộ, {result.derived['so_khau']} khẩu.",
        },
        status=201 if result.created else 200,
    )


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js at the site root, so its scope can cover the home page and /ra-soat/. Rendered, so
    the shell's static names (hashed in production) are written into it and a new deployment
    installs a new worker."""
    shell = [static(path) for path in SHELL]
    version = hashlib.sha256("|".join(shell).encode()).hexdigest()[:12]
    response = render(
        request,
        "households/sw.js",
        {"shell": shell, "outbox_js": static("households/outbox.js"), "version": version},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
