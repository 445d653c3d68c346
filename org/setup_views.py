"""The commune's set-up pages (issue 15): units and villages, the village word, accounts,
memberships, passwords, invites, and the audit trail. The centre of the commune and
superusers only; every decision is a function in ``org.access`` (another commune's ids: 404).
Campaign set-up (rules, periods preview, targets upload, report forms) lives with what it
edits: ``campaigns.setup_views`` and ``indicators.setup_views``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import setup_services as services
from .access import (
    can_grant_role,
    setup_account_get_for_user,
    setup_commune_get_for_user,
    setup_communes,
    setup_unit_get_for_user,
)
from .audit import audit_entries, row_version
from .models import Membership, Unit
from .setup_forms import (
    AccountForm,
    InviteAcceptForm,
    MembershipForm,
    PasswordResetForm,
    UnitEditForm,
    UnitForm,
    VillageWordForm,
)


def apply_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: on its field when the form has one."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                for message in error.messages:
                    form.add_error(name if name in form.fields and name != "version" else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _commune_accounts(commune):
    """Accounts with a membership in ``commune`` (its own or one of its units), with their memberships."""
    User = get_user_model()
    members = Membership.objects.filter(Q(commune=commune) | Q(unit__commune=commune)).select_related("unit")
    return (
        User.objects.filter(Q(memberships__commune=commune) | Q(memberships__unit__commune=commune))
        .distinct()
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="commune_memberships"))
        .order_by("username")
    )


def _id(raw) -> int:
    """A posted row id; anything else is an id no row has (0), never a 500."""
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0


@login_required
def setup_home(request: HttpRequest) -> HttpResponse:
    communes = list(setup_communes(request.user)[:50])
    if len(communes) == 1:
        return redirect("setup_commune", pk=communes[0].pk)
    if not communes:
        raise PermissionDenied("Chỉ Trung tâm Phục vụ hành chính công thiết lập được xã.")
    return render(request, "org/setup/home.html", {"communes": communes})


@login_required
def setup_commune(request: HttpRequest, pk: int) -> HttpResponse:
    commune = setup_commune_get_for_user(request.user, pk)
    word_form = VillageWordForm(
        request.POST or None,
        initial={"village_word": commune.village_word, "version": row_version(commune, services.COMMUNE_FIELDS)},
    )
    if request.method == "POST" and word_form.is_valid():
        try:
            services.commune_village_word_set(
                commune=commune,
                village_word=word_form.cleaned_data["village_word"],
                expected_version=word_form.cleaned_data["version"],
                user=request.user,
            )
        except ValidationError as exc:
            apply_errors(word_form, exc)
        else:
            messages.success(request, "Đã lưu cách gọi thôn.")
            return redirect("setup_commune", pk=commune.pk)
    units = list(Unit.objects.filter(commune=commune).order_by("order", "code"))
    return render(
        request,
        "org/setup/commune.html",
        {
            "commune": commune,
            "word_form": word_form,
            "units": units,
            "accounts": list(_commune_accounts(commune)),
            "audit": audit_entries(commune=commune, limit=30),
        },
    )


@login_required
def setup_unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    commune = setup_commune_get_for_user(request.user, pk)
    form = UnitForm(request.POST or None, initial={"kind": request.GET.get("loai") or None})
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(commune=commune, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Đã tạo đơn vị {unit.code} – {unit.name}.")
            return redirect("setup_commune", pk=commune.pk)
    return render(request, "org/setup/unit_form.html", {"commune": commune, "form": form, "unit": None})


@login_required
def setup_unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = setup_unit_get_for_user(request.user, pk)
    initial = {name: getattr(unit, name) for name in services.UNIT_FIELDS}
    initial["version"] = row_version(unit, services.UNIT_FIELDS)
    form = UnitEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        data["order"] = data.get("order") or 0
        try:
            services.unit_update(unit=unit, expected_version=version, user=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Đã lưu đơn vị.")
            return redirect("setup_commune", pk=unit.commune_id)
    return render(request, "org/setup/unit_form.html", {"commune": unit.commune, "form": form, "unit": unit})


def _check_role(request, commune, form) -> bool:
    role = form.cleaned_data.get("role")
    if not can_grant_role(request.user, role=role, commune_id=commune.pk):
        form.add_error("role", "Bạn không được cấp vai trò này.")
        return False
    return True


@login_required
def setup_account_create(request: HttpRequest, pk: int) -> HttpResponse:
    commune = setup_commune_get_for_user(request.user, pk)
    form = AccountForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid() and _check_role(request, commune, form):
        try:
            account = services.account_create(commune=commune, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Đã tạo tài khoản {account.username}.")
            return redirect("setup_account", pk=commune.pk, account_pk=account.pk)
    return render(request, "org/setup/account_form.html", {"commune": commune, "form": form})


def _account_page(request, commune, account, **forms) -> HttpResponse:
    version = row_version(account, services.ACCOUNT_FIELDS)
    members = (
        Membership.objects.filter(user=account)
        .filter(Q(commune=commune) | Q(unit__commune=commune))
        .select_related("unit", "commune")
    )
    context = {
        "commune": commune,
        "account": account,
        "version": version,
        "memberships": list(members),
        "membership_form": forms.get("membership_form") or MembershipForm(commune=commune),
        "password_form": forms.get("password_form") or PasswordResetForm(initial={"version": version}),
        "invite_url": forms.get("invite_url"),
        "errors": forms.get("errors") or [],
        "audit": [e for e in audit_entries(commune=commune, limit=200) if e.object_id == account.pk][:20],
    }
    return render(request, "org/setup/account.html", context)


@login_required
def setup_account(request: HttpRequest, pk: int, account_pk: int) -> HttpResponse:
    commune = setup_commune_get_for_user(request.user, pk)
    account = setup_account_get_for_user(request.user, pk=account_pk, commune=commune)
    if request.method != "POST":
        return _account_page(request, commune, account)
    post = request.POST
    try:
        if "add_membership" in post:
            form = MembershipForm(post, commune=commune)
            if not (form.is_valid() and _check_role(request, commune, form)):
                return _account_page(request, commune, account, membership_form=form)
            try:
                services.membership_add(account=account, commune=commune, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
                return _account_page(request, commune, account, membership_form=form)
            messages.success(request, "Đã thêm phân quyền.")
        elif "remove_membership" in post:
            membership = (
                Membership.objects.filter(user=account, pk=_id(post.get("membership")))
                .filter(Q(commune=commune) | Q(unit__commune=commune))
                .first()
            )
            if membership is None:
                raise Http404("Không tìm thấy phân quyền.")
            services.membership_remove(membership=membership, commune=commune, user=request.user)
            messages.success(request, "Đã bỏ phân quyền.")
        elif "reset_password" in post:
            form = PasswordResetForm(post)
            if not form.is_valid():
                return _account_page(request, commune, account, password_form=form)
            try:
                services.account_password_reset(
                    account=account,
                    commune=commune,
                    password=form.cleaned_data["password"],
                    expected_version=form.cleaned_data["version"],
                    user=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
                return _account_page(request, commune, account, password_form=form)
            messages.success(request, "Đã đặt lại mật khẩu; người dùng phải đổi khi đăng nhập.")
        elif "invite" in post:
            token = services.invite_create(account=account, commune=commune, user=request.user)
            url = request.build_absolute_uri(reverse("invite_accept", kwargs={"token": token}))
            return _account_page(request, commune, account, invite_url=url)
        elif "deactivate" in post or "activate" in post:
            services.account_set_active(
                account=account,
                commune=commune,
                active="activate" in post,
                expected_version=post.get("version"),
                user=request.user,
            )
            messages.success(request, "Đã mở lại tài khoản." if "activate" in post else "Đã khóa tài khoản.")
    except ValidationError as exc:
        return _account_page(request, commune, account, errors=exc.messages)
    return redirect("setup_account", pk=commune.pk, account_pk=account.pk)


def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link: the person chooses their own password (no login needed)."""
    invite = services.invite_get(token=token)
    if invite is None:
        return render(request, "org/setup/invite_invalid.html", status=404)
    form = InviteAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_accept(token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Đã đặt mật khẩu. Hãy đăng nhập.")
            return redirect("login")
    return render(request, "org/setup/invite_accept.html", {"form": form, "account": invite.user})
