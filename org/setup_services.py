"""Writes of the commune's set-up pages (issue 15): units and villages, the village word,
accounts, memberships, passwords and invites.

Every function is atomic, keyword-only, refuses bad input with a ``ValidationError`` keyed by
the field it names (Vietnamese, docs/design.md rule 10) and writes one audit entry per change
(``org.audit``). Functions that change an existing row take ``expected_version`` (the
``org.audit.row_version`` the form was drawn with) and refuse a stale one.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .audit import audit_record, check_version, diff, snapshot
from .models import (
    AccountInvite,
    Commune,
    Membership,
    PasswordChangeRequired,
    Person,
    Role,
    Unit,
    UnitKind,
    VillageWord,
)

UNIT_FIELDS = ("code", "name", "kind", "order", "active")
UNIT_LABELS = {"code": "mã", "name": "tên", "kind": "loại", "order": "thứ tự", "active": "đang hoạt động"}
ACCOUNT_FIELDS = ("username", "first_name", "email", "is_active", "password")
COMMUNE_FIELDS = ("village_word",)
INVITE_HOURS = 72
UNIT_ROLES = (Role.UNIT_STAFF, Role.VILLAGE_HEAD)
COMMUNE_ROLES = (Role.CENTRE, Role.LEADERSHIP)
HEAD_KINDS = (UnitKind.VILLAGE, UnitKind.DIGITAL_TEAM)


# --- units and villages ------------------------------------------------------------------


def _unit_snapshot(unit: Unit) -> dict[str, str]:
    """What the trail shows of a unit: its kind in words, not its stored value."""
    snap = snapshot(unit, UNIT_FIELDS)
    snap["kind"] = UnitKind(unit.kind).label if unit.kind in UnitKind.values else unit.kind
    return snap


def _unit_errors(*, commune: Commune, values: dict, exclude_pk: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    code = values["code"]
    if not code:
        errors["code"] = ["Mã đơn vị không được để trống."]
    elif Unit.objects.filter(commune=commune, code__iexact=code).exclude(pk=exclude_pk).exists():
        errors["code"] = [f"Mã đơn vị “{code}” đã có trong xã; hãy chọn mã khác."]
    if not values["name"]:
        errors["name"] = ["Tên đơn vị không được để trống."]
    if values["kind"] not in UnitKind.values:
        errors["kind"] = ["Loại đơn vị không hợp lệ."]
    return errors


@transaction.atomic
def unit_create(*, commune: Commune, code: str, name: str, kind: str, order: int = 0, user) -> Unit:
    values = {"code": code.strip(), "name": name.strip(), "kind": kind, "order": order or 0, "active": True}
    errors = _unit_errors(commune=commune, values=values, exclude_pk=None)
    if errors:
        raise ValidationError(errors)
    unit = Unit.objects.create(commune=commune, **values)
    audit_record(
        user=user,
        commune=commune,
        action="Tạo đơn vị",
        obj=unit,
        changes=diff({}, _unit_snapshot(unit), UNIT_LABELS),
    )
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, expected_version: str | None, user, **fields) -> Unit:
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    check_version(locked, UNIT_FIELDS, expected_version)
    before = _unit_snapshot(locked)
    values = {name: getattr(locked, name) for name in UNIT_FIELDS}
    values.update(fields)
    values["code"], values["name"] = values["code"].strip(), values["name"].strip()
    errors = _unit_errors(commune=locked.commune, values=values, exclude_pk=locked.pk)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(UNIT_FIELDS))
    audit_record(
        user=user,
        commune=locked.commune,
        action="Sửa đơn vị",
        obj=locked,
        changes=diff(before, _unit_snapshot(locked), UNIT_LABELS),
    )
    return locked


@transaction.atomic
def commune_village_word_set(*, commune: Commune, village_word: str, expected_version: str | None, user) -> Commune:
    """How the commune calls its villages (thôn, xóm, ấp, tổ dân phố)."""
    locked = Commune.objects.select_for_update().get(pk=commune.pk)
    check_version(locked, COMMUNE_FIELDS, expected_version)
    if village_word not in VillageWord.values:
        raise ValidationError({"village_word": ["Cách gọi thôn phải là thôn, xóm, ấp hoặc tổ dân phố."]})
    before = snapshot(locked, COMMUNE_FIELDS)
    locked.village_word = village_word
    locked.save(update_fields=["village_word"])
    audit_record(
        user=user,
        commune=locked,
        action="Sửa cách gọi thôn",
        obj=locked,
        changes=diff(before, snapshot(locked, COMMUNE_FIELDS), {"village_word": "cách gọi thôn"}),
    )
    return locked


# --- accounts and memberships ------------------------------------------------------------


def _scope_errors(*, commune: Commune, role: str, unit: Unit | None) -> dict[str, list[str]]:
    if role not in COMMUNE_ROLES + UNIT_ROLES:
        return {"role": ["Vai trò không hợp lệ (cán bộ tỉnh do quản trị hệ thống cấp)."]}
    if role in UNIT_ROLES:
        if unit is None:
            return {"unit": ["Vai trò này cần chọn đơn vị."]}
        if unit.commune_id != commune.pk:
            return {"unit": ["Đơn vị không thuộc xã này."]}
        if role == Role.VILLAGE_HEAD and unit.kind not in HEAD_KINDS:
            return {"unit": [f"Trưởng thôn chỉ gắn với một {commune.village_word} hoặc tổ công nghệ số."]}
    return {}


def _membership_for(*, commune: Commune, role: str, unit: Unit | None) -> dict:
    if role in UNIT_ROLES:
        return {"role": role, "unit": unit, "commune": None}
    return {"role": role, "commune": commune, "unit": None}


def _membership_label(m: Membership) -> str:
    where = m.unit.name if m.unit_id else str(m.commune)
    return f"{Role(m.role).label} – {where}"


def _require_own_password(*, account, password: str, field: str) -> None:
    try:
        validate_password(password, user=account)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    account.set_password(password)


@transaction.atomic
def account_create(
    *,
    commune: Commune,
    username: str,
    full_name: str,
    role: str,
    unit: Unit | None = None,
    email: str = "",
    phone: str = "",
    password: str = "",
    user,
):
    """A new account with one membership in ``commune``. With ``password`` (chosen by the centre)
    the account must choose its own at first login (``PasswordChangeRequired``); without, it
    has no usable password until it follows an invite (:func:`invite_create`)."""
    User = get_user_model()
    username = username.strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = ["Tên đăng nhập không được để trống."]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [f"Tên đăng nhập “{username}” đã có; hãy chọn tên khác."]
    if not full_name.strip():
        errors["full_name"] = ["Họ và tên không được để trống."]
    errors.update(_scope_errors(commune=commune, role=role, unit=unit))
    if errors:
        raise ValidationError(errors)
    account = User(username=username, first_name=full_name.strip()[:150], email=email.strip())
    if password:
        _require_own_password(account=account, password=password, field="password")
    else:
        account.set_unusable_password()
    account.save()
    if password:
        PasswordChangeRequired.objects.create(user=account, password=account.password)
    if phone.strip():
        Person.objects.create(user=account, phone=phone.strip())
    membership = Membership.objects.create(user=account, **_membership_for(commune=commune, role=role, unit=unit))
    audit_record(
        user=user,
        commune=commune,
        action="Tạo tài khoản",
        obj=account,
        object_kind="tài khoản",
        changes={
            "tên đăng nhập": ["", username],
            "họ và tên": ["", account.first_name],
            "phân quyền": ["", _membership_label(membership)],
        },
    )
    return account


@transaction.atomic
def membership_add(*, account, commune: Commune, role: str, unit: Unit | None = None, user) -> Membership:
    """One more role for an account (a unit's staff can be several people; a person several units)."""
    errors = _scope_errors(commune=commune, role=role, unit=unit)
    if errors:
        raise ValidationError(errors)
    scope = _membership_for(commune=commune, role=role, unit=unit)
    if Membership.objects.filter(user=account, **scope).exists():
        raise ValidationError({"role": ["Tài khoản đã có vai trò này ở đơn vị này."]})
    membership = Membership.objects.create(user=account, **scope)
    audit_record(
        user=user,
        commune=commune,
        action="Thêm phân quyền",
        obj=account,
        object_kind="tài khoản",
        changes={"phân quyền": ["", _membership_label(membership)]},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, commune: Commune, user) -> None:
    account = membership.user
    if account.pk == getattr(user, "pk", None) and membership.role == Role.CENTRE and not user.is_superuser:
        raise ValidationError(
            {"role": ["Không thể tự bỏ vai trò Trung tâm của chính mình; hãy nhờ một tài khoản Trung tâm khác."]}
        )
    label = _membership_label(membership)
    membership.delete()
    audit_record(
        user=user,
        commune=commune,
        action="Bỏ phân quyền",
        obj=account,
        object_kind="tài khoản",
        changes={"phân quyền": [label, ""]},
    )


def _lock_account(account, expected_version: str | None):
    locked = get_user_model().objects.select_for_update().get(pk=account.pk)
    check_version(locked, ACCOUNT_FIELDS, expected_version)
    return locked


@transaction.atomic
def account_password_reset(*, account, commune: Commune, password: str, expected_version: str | None, user):
    """The centre gives a new password; the person must change it at the next login."""
    locked = _lock_account(account, expected_version)
    _require_own_password(account=locked, password=password, field="password")
    locked.save(update_fields=["password"])
    PasswordChangeRequired.objects.update_or_create(user=locked, defaults={"password": locked.password})
    audit_record(
        user=user,
        commune=commune,
        action="Đặt lại mật khẩu",
        obj=locked,
        object_kind="tài khoản",
        changes={"mật khẩu": ["", "đặt lại (phải đổi khi đăng nhập)"]},
    )
    return locked


@transaction.atomic
def account_set_active(*, account, commune: Commune, active: bool, expected_version: str | None, user):
    """Deactivate (or reactivate) an account: a deactivated one cannot log in; nothing is deleted."""
    locked = _lock_account(account, expected_version)
    if locked.pk == getattr(user, "pk", None) and not active:
        raise ValidationError({"is_active": ["Không thể tự khóa tài khoản của chính mình."]})
    before = snapshot(locked, ("is_active",))
    locked.is_active = active
    locked.save(update_fields=["is_active"])
    audit_record(
        user=user,
        commune=commune,
        action="Mở lại tài khoản" if active else "Khóa tài khoản",
        obj=locked,
        object_kind="tài khoản",
        changes=diff(before, snapshot(locked, ("is_active",)), {"is_active": "đang hoạt động"}),
    )
    return locked


# --- one-time invite links ---------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_create(*, account, commune: Commune, user, now: datetime | None = None, hours: int = INVITE_HOURS) -> str:
    """A one-time link token for ``account`` (returned once, stored only as a hash). Earlier
    unused invites of the account stop working."""
    now = now or timezone.now()
    AccountInvite.objects.filter(user=account, used_at__isnull=True).update(used_at=now)
    token = secrets.token_urlsafe(32)
    invite = AccountInvite.objects.create(
        user=account, token_hash=_hash(token), created_by=user, expires_at=now + timedelta(hours=hours)
    )
    audit_record(
        user=user,
        commune=commune,
        action="Gửi liên kết đặt mật khẩu",
        obj=account,
        object_kind="tài khoản",
        changes={"hết hạn": ["", f"{timezone.localtime(invite.expires_at):%H:%M %d/%m/%Y}"]},
    )
    return token


def invite_get(*, token: str, now: datetime | None = None) -> AccountInvite | None:
    """The invite the token opens, if it is unused and not expired (a GET never uses it)."""
    now = now or timezone.now()
    return (
        AccountInvite.objects.select_related("user")
        .filter(token_hash=_hash(token), used_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )


@transaction.atomic
def invite_accept(*, token: str, password: str, now: datetime | None = None):
    """Set the person's own password through the link: works once (a conditional UPDATE claims
    the invite), and not after it expires."""
    now = now or timezone.now()
    invite = invite_get(token=token, now=now)
    if invite is None:
        raise ValidationError({"token": ["Liên kết đã được dùng hoặc đã hết hạn; hãy xin Trung tâm gửi liên kết mới."]})
    account = invite.user
    _require_own_password(account=account, password=password, field="new_password1")
    claimed = AccountInvite.objects.filter(pk=invite.pk, used_at__isnull=True).update(used_at=now)
    if not claimed:
        raise ValidationError({"token": ["Liên kết đã được dùng."]})
    account.save(update_fields=["password"])
    PasswordChangeRequired.objects.filter(user=account).delete()
    membership = Membership.objects.filter(user=account).select_related("unit").first()
    audit_record(
        user=account,
        commune_id=None if membership is None else membership.commune_id or membership.unit.commune_id,
        commune=None,
        action="Đặt mật khẩu qua liên kết",
        obj=account,
        object_kind="tài khoản",
    )
    return account
