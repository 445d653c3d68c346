"""Session lifetime, first-login password change, and a 503 while the database is away.

* ``SessionLifetimeMiddleware``: a signed-in session ends after ``XTD_SESSION_IDLE_SECONDS``
  (30 min) without a request and ``XTD_SESSION_MAX_SECONDS`` (12 h) after sign-in, whatever
  happens in between; the next request goes to the login page with the reason.
  A village head who ticks "Ghi nhớ trên máy này" at sign-in (``REMEMBER_FIELD``) gets the
  long session of their own phone instead: ``XTD_REMEMBER_IDLE_SECONDS`` (14 days) without a
  request, ``XTD_REMEMBER_MAX_SECONDS`` (30 days) after sign-in; the tick is ignored for every
  other account (docs/design.md section 9).
* ``PasswordChangeRequiredMiddleware``: an account created in the admin with a password chosen
  by someone else (``PasswordChangeRequired``) is sent to "Đổi mật khẩu" until it has its own.
* ``server_error`` (``handler500`` in config/urls.py): a database that is restarting or
  unreachable (OperationalError / InterfaceError) answers 503 "Hệ thống đang bận" without a
  template or a query; any other error keeps the 500 page.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views import defaults

from .access import reads_only_own_villages
from .models import PasswordChangeRequired

SESSION_EXPIRED = "Phiên làm việc đã hết hạn ({reason}). Vui lòng đăng nhập lại."
IDLE_REASON = "không thao tác quá {minutes} phút"
MAX_REASON = "đã đăng nhập quá {hours} giờ"
PASSWORD_CHANGE_REQUIRED = (
    "Tài khoản được cấp mật khẩu ban đầu: vui lòng đổi sang mật khẩu của riêng bạn trước khi tiếp tục."
)
BUSY_TITLE = "Hệ thống đang bận, vui lòng thử lại"
BUSY_PAGE = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{BUSY_TITLE} – Xã Thi Đua</title></head>
<body style="font-family: system-ui, sans-serif; padding: 1rem; max-width: 40rem; margin: auto">
<h1>{BUSY_TITLE}</h1>
<p>Cơ sở dữ liệu đang khởi động lại hoặc tạm thời không kết nối được; thao tác này chưa được thực hiện.
Số liệu đã lưu trước đó không bị ảnh hưởng. Vui lòng thử lại sau ít giây.</p>
<p><a href="">Thử lại</a> · <a href="/">Về trang chủ</a></p>
</body></html>
"""
# Seconds between two writes of "last seen" into the session (not one write per request).
SEEN_RESOLUTION = 60
LOGIN_AT, SEEN_AT, PASSWORD_CHECKED = "xtd_login_at", "xtd_seen_at", "xtd_password_checked"
REMEMBER, REMEMBER_FIELD = "xtd_remember", "remember"
IDLE_DAYS_REASON = "không dùng quá {days} ngày"
MAX_DAYS_REASON = "đã đăng nhập quá {days} ngày"


@receiver(user_logged_in)
def _session_stamp(sender, request, user, **kwargs) -> None:
    """At sign-in: start the session's clocks and look once whether the password must change
    (so a page costs no query or session write for either)."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[LOGIN_AT] = request.session[SEEN_AT] = time.time()
    request.session[PASSWORD_CHECKED] = not PasswordChangeRequired.objects.filter(user=user).exists()
    remember = request.method == "POST" and request.POST.get(REMEMBER_FIELD) == "1" and reads_only_own_villages(user)
    request.session[REMEMBER] = bool(remember)
    # The cookie outlives closing the browser only for a remembered village head; everyone
    # else keeps SESSION_COOKIE_AGE (the 12 h of staff).
    request.session.set_expiry(settings.XTD_REMEMBER_MAX_SECONDS if remember else None)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _json_refusal(message: str, *, code: str, login_url: str) -> JsonResponse:
    """What a script (the village outbox) gets instead of a redirect to a page whose 200 it could
    take for success: 401 with the reason, so it keeps its entry and says why."""
    body = {"ok": False, "message": message, "code": code, "login_url": login_url}
    return JsonResponse(body, status=401, json_dumps_params={"ensure_ascii": False})


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                if _wants_json(request):
                    message = SESSION_EXPIRED.format(reason=expired) + " Bản nháp vẫn còn trên máy."
                    return _json_refusal(message, code="login_required", login_url=reverse("login"))
                messages.warning(request, SESSION_EXPIRED.format(reason=expired))
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> str:
        """The reason the session has ended, or ""; otherwise its clock moves on."""
        session, now = request.session, time.time()
        remembered = bool(session.get(REMEMBER))
        if remembered:
            idle, longest = settings.XTD_REMEMBER_IDLE_SECONDS, settings.XTD_REMEMBER_MAX_SECONDS
        else:
            idle, longest = settings.XTD_SESSION_IDLE_SECONDS, settings.XTD_SESSION_MAX_SECONDS
        login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
        if login_at is None or seen_at is None:  # the first request after signing in
            session[LOGIN_AT] = session[SEEN_AT] = now
            return ""
        if now - login_at > longest:
            return (
                MAX_DAYS_REASON.format(days=longest // 86400)
                if remembered
                else MAX_REASON.format(hours=longest // 3600)
            )
        if now - seen_at > idle:
            return IDLE_DAYS_REASON.format(days=idle // 86400) if remembered else IDLE_REASON.format(minutes=idle // 60)
        if now - seen_at >= SEEN_RESOLUTION:
            session[SEEN_AT] = now
        return ""


class PasswordChangeRequiredMiddleware:
    """Checks once per session; until the password differs from the one given, every page but
    "Đổi mật khẩu" and "Đăng xuất" redirects there."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.session.get(PASSWORD_CHECKED):
            return self.get_response(request)
        flag = PasswordChangeRequired.objects.filter(user=user).first()
        if flag is not None and flag.password != user.password:
            flag.delete()
            flag = None
        if flag is None:
            request.session[PASSWORD_CHECKED] = True
            return self.get_response(request)
        allowed = {reverse("password_change"), reverse("password_change_done"), reverse("logout")}
        if request.path in allowed or request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        if _wants_json(request):
            message = PASSWORD_CHANGE_REQUIRED + " Bản nháp vẫn còn trên máy."
            return _json_refusal(message, code="password_change", login_url=reverse("password_change"))
        messages.warning(request, PASSWORD_CHANGE_REQUIRED)
        return redirect_to_login(request.get_full_path(), login_url=reverse("password_change"))


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 while the database is away (no query, no template), else the 500 page."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return HttpResponse(BUSY_PAGE, status=503, headers={"Retry-After": "5"})
    return defaults.server_error(request)
