"""Demo provinces, communes, units and the role accounts (docs/design.md section 8). Idempotent."""

from __future__ import annotations

import os

from django.contrib.auth import get_user_model
from django.db import transaction

from org.models import Commune, Membership, Province, Role, Unit, UnitKind

DEMO_PASSWORD = os.environ.get("XTD_DEMO_PASSWORD", "ThiDua@2025")
HOME_COMMUNE = "Phú Lạc"
HOME_PROVINCE = "Thái Nguyên"

# username, full name, role, unit code (or None for a commune / province role)
ACCOUNTS: list[tuple[str, str, str, str | None]] = [
    ("trungtam", "Nguyễn Thị Hà (TTPVHCC)", Role.CENTRE, None),
    ("lanhdao", "Trần Văn Minh (Phó Chủ tịch UBND xã)", Role.LEADERSHIP, None),
    ("vanphong", "Lê Thị Thu (Văn phòng HĐND-UBND)", Role.UNIT_STAFF, "VP"),
    ("congan", "Hoàng Văn Dũng (Công an xã)", Role.UNIT_STAFF, "CA"),
    ("truongxom1", "Đỗ Văn Bình (Trưởng xóm)", Role.VILLAGE_HEAD, "V01"),
    ("tinh", "Phạm Thị Lan (Trung tâm PVHCC tỉnh)", Role.PROVINCE_VIEWER, None),
]


def village_code(index: int) -> str:
    return f"V{index:02d}"


@transaction.atomic
def seed(*, provinces: list[dict], communes: list[dict], units: list[tuple[str, str, str]], log=print) -> None:
    by_code: dict[str, Province] = {}
    for p in provinces:
        by_code[p["code"]], _ = Province.objects.update_or_create(code=p["code"], defaults={"name": p["name"]})
    for c in communes:
        commune, _ = Commune.objects.update_or_create(
            code=c["code"],
            defaults={
                "name": c["name"],
                "province": by_code[c["province"]],
                "village_word": c["village_word"],
                "signer_name": c.get("signer_name", ""),
                "signer_title": c.get("signer_title", "PHÓ CHỦ TỊCH"),
                "signer_mode": c.get("signer_mode", "KT. CHỦ TỊCH"),
                "chair_name": c.get("chair_name", ""),
            },
        )
        for order, (code, name, kind) in enumerate(units, start=1):
            Unit.objects.update_or_create(
                commune=commune, code=code, defaults={"name": name, "kind": kind, "order": order, "active": True}
            )
        for i, name in enumerate(c["villages"], start=1):
            Unit.objects.update_or_create(
                commune=commune,
                code=village_code(i),
                defaults={"name": name, "kind": UnitKind.VILLAGE, "order": 100 + i, "active": True},
            )
    _accounts(log=log)


def _accounts(*, log) -> None:
    User = get_user_model()
    admin, _ = User.objects.get_or_create(username="admin", defaults={"email": "admin@xathidua.local"})
    admin.is_superuser = admin.is_staff = admin.is_active = True
    admin.first_name = "Quản trị hệ thống"
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    home = Commune.objects.select_related("province").get(name=HOME_COMMUNE, province__name=HOME_PROVINCE)
    for username, full_name, role, unit_code in ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name = full_name
        user.is_active = True
        user.is_staff = False
        user.set_password(DEMO_PASSWORD)
        user.save()
        scope: dict = {"province": None, "commune": None, "unit": None}
        if role == Role.PROVINCE_VIEWER:
            scope["province"] = home.province
        elif unit_code is None:
            scope["commune"] = home
        else:
            scope["unit"] = Unit.objects.get(commune=home, code=unit_code)
        Membership.objects.filter(user=user).exclude(role=role, **scope).delete()
        Membership.objects.get_or_create(user=user, role=role, **scope)
    log(f"Tài khoản demo: admin, {', '.join(a[0] for a in ACCOUNTS)} — mật khẩu: {DEMO_PASSWORD}")
