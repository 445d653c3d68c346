from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery_app import app

from .access import (
    Action,
    access_for,
    can,
    can_read_whole_commune,
    commune_get_for_user,
    reads_only_own_villages,
    unit_get_for_user,
)
from .auth import ThrottledAuthenticationForm
from .selectors import home_context


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not access.has_any_role:
        return render(request, "org/no_membership.html", status=200)
    if reads_only_own_villages(request.user):
        # A village head lands on the page that leads to the work (issue 13 item 5).
        return redirect("village_home")
    return render(request, "org/home.html", home_context(access))


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - a health page reports every failure
        return False, type(exc).__name__


def _broker_ok() -> tuple[bool, str]:
    if app.conf.task_always_eager:
        return True, "eager"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, "ok"
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    db_ok, db_state = _database_ok()
    broker_ok, broker_state = _broker_ok()
    status = 200 if db_ok and broker_ok else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": db_state, "broker": broker_state},
        status=status,
    )


@login_required
def commune_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commune = commune_get_for_user(request.user, pk, Action.READ)
    whole = can_read_whole_commune(request.user, commune)
    units = access_for(request.user).units().filter(commune=commune, active=True).order_by("order", "code")
    return render(request, "org/commune_detail.html", {"commune": commune, "units": units, "whole": whole})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_get_for_user(request.user, pk, Action.READ)
    return render(
        request,
        "org/unit_detail.html",
        {"unit": unit, "can_write": can(request.user, Action.WRITE, unit=unit)},
    )
