"""Logins that hold: one spelling per username, throttling that parallel tries cannot outrun.

* Usernames are normalised (NFKC, case-folded) when an account is saved and when someone logs
  in, so "ｔｒｕｎｇｔａｍ" and "TrungTam" are the account ``trungtam`` and share its tries.
* Every password check first claims a slot in three counters (``LoginFailure`` rows): the
  account from this address (``LOGIN_FAILURE_LIMIT``, 5), the account from anywhere
  (``LOGIN_FAILURE_ACCOUNT_LIMIT``) and the address for every account
  (``LOGIN_FAILURE_ADDRESS_LIMIT``, much higher: a commune office behind one NAT shares it).
  A claim is one conditional UPDATE (``count < limit``), atomic on PostgreSQL and SQLite, so
  30 parallel guesses get exactly 5 checks. A good password gives the slots back (and clears
  the account-from-this-address counter); a wrong one keeps them until the window ends.
* The throttle lives in the authentication backend, so the site login, the admin login and
  ``client.login`` all go through it.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

from .models import LoginFailure

INVALID_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
THROTTLED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút."


def username_normalise(username: str) -> str:
    """The one spelling of a username: NFKC (full-width → ASCII), case-folded, trimmed."""
    return unicodedata.normalize("NFKC", username or "").casefold().strip()


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _user_username_normalise(sender, instance, **kwargs) -> None:
    """Every way an account is saved (admin, createsuperuser, the demo seed) stores one spelling."""
    instance.username = username_normalise(instance.username)


def client_ip(request) -> str | None:
    """The caller's address: REMOTE_ADDR, or with ``XTD_TRUSTED_PROXIES`` = n the n-th address
    from the right of X-Forwarded-For (the one our own proxy saw)."""
    if request is None:
        return None
    proxies = getattr(settings, "XTD_TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _keys(*, username: str, ip: str | None) -> list[tuple[str, int, str, str | None]]:
    """(key, limit, username, ip) of the counters one try claims, always in the same order
    (so parallel transactions lock the rows in one order and never deadlock)."""
    keys = [
        (f"pair:{username}|{ip or '-'}"[:300], settings.LOGIN_FAILURE_LIMIT, username, ip),
        (f"user:{username}"[:300], settings.LOGIN_FAILURE_ACCOUNT_LIMIT, username, None),
    ]
    if ip:
        keys.append((f"ip:{ip}", settings.LOGIN_FAILURE_ADDRESS_LIMIT, "", ip))
    return keys


class _Refused(Exception):
    pass


def login_attempt_claim(*, username: str, ip: str | None) -> bool:
    """Claim one try for the account from this address; False (nothing claimed) when any of
    its counters is at its limit within the window."""
    now = timezone.now()
    window_start = now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    keys = _keys(username=username[:150], ip=ip)
    LoginFailure.objects.bulk_create(
        [LoginFailure(key=key, username=name, ip=addr, count=0, at=now) for key, _, name, addr in keys],
        ignore_conflicts=True,
    )
    try:
        with transaction.atomic():
            for key, limit, _, _ in keys:
                # A window that has ended starts again (re-checked after a lock wait on PostgreSQL).
                LoginFailure.objects.filter(key=key, at__lt=window_start).update(count=0, at=now)
                if not LoginFailure.objects.filter(key=key, count__lt=limit).update(count=F("count") + 1):
                    raise _Refused
    except _Refused:
        return False
    return True


def login_attempt_release(*, username: str, ip: str | None) -> None:
    """A good password: its slots go back and the account's failures from this address are forgiven."""
    keys = _keys(username=username[:150], ip=ip)
    LoginFailure.objects.filter(key=keys[0][0]).delete()
    LoginFailure.objects.filter(key__in=[k for k, *_ in keys[1:]], count__gt=0).update(count=F("count") - 1)


def login_failures_purge(*, now=None) -> int:
    """Delete the throttling counters whose window started more than
    ``LOGIN_FAILURE_RETENTION_DAYS`` ago (never sooner than one window: a counter still counting
    stays). Run by beat (``org.tasks.login_failures_purge``); returns the rows deleted."""
    now = now or timezone.now()
    keep = max(
        timedelta(days=settings.LOGIN_FAILURE_RETENTION_DAYS),
        timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS),
    )
    deleted, _ = LoginFailure.objects.filter(at__lt=now - keep).delete()
    return deleted


def login_is_throttled(*, username: str, ip: str | None) -> bool:
    """Whether the next try would be refused (for pages and tests; the decision itself is the claim)."""
    window_start = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    for key, limit, _, _ in _keys(username=username_normalise(username)[:150], ip=ip):
        if LoginFailure.objects.filter(key=key, at__gte=window_start, count__gte=limit).exists():
            return True
    return False


class ThrottledModelBackend(ModelBackend):
    """ModelBackend on the normalised username, behind the throttle. A refused try marks the
    request (``login_throttled``) and stops every backend (PermissionDenied)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        name = username_normalise(username)
        ip = client_ip(request)
        if not login_attempt_claim(username=name, ip=ip):
            if request is not None:
                request.login_throttled = True
            raise PermissionDenied(THROTTLED)
        user = super().authenticate(request, username=name, password=password, **kwargs)
        if user is not None:
            login_attempt_release(username=name, ip=ip)
        return user


class ThrottledAuthenticationForm(AuthenticationForm):
    """Same message for an unknown user, an inactive one and a wrong password (no hint which)."""

    error_messages = {"invalid_login": INVALID_LOGIN, "inactive": INVALID_LOGIN}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"

    def get_invalid_login_error(self):
        if getattr(self.request, "login_throttled", False):
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            return forms.ValidationError(THROTTLED.format(minutes=minutes), code="throttled")
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
