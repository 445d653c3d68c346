"""Demo provinces, communes, units and the role accounts (docs/design.md section 8). Idempotent.

Accounts: the seven of the first demo (``admin`` and six Phú Lạc / Thái Nguyên accounts, names
unchanged) and, for every demo commune, ``<prefix>.<role>``: ``trungtam`` (centre), ``lanhdao``
(leadership), ``vanphong`` and ``congan`` (unit staff) and ``truong<village word>1`` (head of the
first village). Every account has an e-mail on the reserved domain ``xathidua.example`` (RFC 2606)
and a phone number of the fake series 0900 000 0xx, one per account, kept in ``org.Person``.
"""

from __future__ import annotations

import os
import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from org.models import Commune, Membership, Person, Province, Role, Unit, UnitKind

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


EMAIL_DOMAIN = "xathidua.example"
PHONE_SERIES = "09000000"  # + two digits: 0900 000 001 … 0900 000 099, obviously not real
# commune name → account prefix
PREFIXES: dict[str, str] = {
    "Chi Lăng": "cl",
    "Đại Thanh": "dt",
    "Phú Lạc": "pl",
    "Nguyễn Lương Bằng": "nlb",
    "Vĩnh Phong": "vp",
    "La Bằng": "lb",
    "Phú Xuyên": "px",
    "Quân Chu": "qc",
}
# role suffix, role, unit code, title; the village head's suffix is built from the village word
COMMUNE_ROLES: list[tuple[str, str, str | None, str]] = [
    ("trungtam", Role.CENTRE, None, "TTPVHCC"),
    ("lanhdao", Role.LEADERSHIP, None, "Phó Chủ tịch UBND xã"),
    ("vanphong", Role.UNIT_STAFF, "VP", "Văn phòng HĐND-UBND"),
    ("congan", Role.UNIT_STAFF, "CA", "Công an xã"),
    ("truong{word}1", Role.VILLAGE_HEAD, "V01", "Trưởng {word}"),
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
GIVEN = ["Văn An", "Thị Bích", "Văn Cường", "Thị Dung", "Quốc Hùng", "Thị Hương", "Minh Khoa", "Thị Loan"]


def ascii_word(text: str) -> str:
    """``ấp`` → ``ap``, ``xóm`` → ``xom``, ``thôn`` → ``thon`` (account names carry no diacritics)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def commune_accounts(commune: dict, *, index: int) -> list[tuple[str, str, str, str | None]]:
    """(username, full name, role, unit code or None) of one demo commune's role accounts."""
    prefix = PREFIXES[commune["name"]]
    word = commune["village_word"]
    out = []
    for n, (suffix, role, unit_code, title) in enumerate(COMMUNE_ROLES):
        person = f"{SURNAMES[(index * 5 + n) % len(SURNAMES)]} {GIVEN[(index + n * 3) % len(GIVEN)]}"
        out.append(
            (
                f"{prefix}.{suffix.format(word=ascii_word(word))}",
                f"{person} ({title.format(word=word)} {commune['name']})",
                role,
                unit_code,
            )
        )
    return out


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
    _accounts(communes=communes, log=log)


class _Passwords:
    """The demo password's hash, made once per run and shared by every account (hashing is slow
    on purpose: 47 accounts would take most of a minute); a stored hash is checked once."""

    def __init__(self) -> None:
        self._hash = ""
        self._good: dict[str, bool] = {}

    def apply(self, user) -> None:
        stored = user.password
        if stored and stored not in self._good:
            self._good[stored] = check_password(DEMO_PASSWORD, stored)
        if not self._good.get(stored):
            self._hash = self._hash or make_password(DEMO_PASSWORD)
            user.password = self._hash


def _account(username: str, full_name: str, *, phone: str, passwords: _Passwords, superuser: bool = False):
    """One account with its e-mail, phone and the demo password."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    user.first_name = full_name
    user.email = f"{username}@{EMAIL_DOMAIN}"
    user.is_active = True
    user.is_superuser = user.is_staff = superuser
    passwords.apply(user)
    user.save()
    Person.objects.update_or_create(user=user, defaults={"phone": phone})
    return user


def _member(user, *, role: str, commune: Commune, unit_code: str | None) -> None:
    scope: dict = {"province": None, "commune": None, "unit": None}
    if role == Role.PROVINCE_VIEWER:
        scope["province"] = commune.province
    elif unit_code is None:
        scope["commune"] = commune
    else:
        scope["unit"] = Unit.objects.get(commune=commune, code=unit_code)
    Membership.objects.filter(user=user).exclude(role=role, **scope).delete()
    Membership.objects.get_or_create(user=user, role=role, **scope)


def _accounts(*, communes: list[dict], log) -> None:
    phones = (f"{PHONE_SERIES}{n:02d}" for n in range(1, 100))
    passwords = _Passwords()
    _account("admin", "Quản trị hệ thống", phone=next(phones), passwords=passwords, superuser=True)
    home = Commune.objects.select_related("province").get(name=HOME_COMMUNE, province__name=HOME_PROVINCE)
    for username, full_name, role, unit_code in ACCOUNTS:
        user = _account(username, full_name, phone=next(phones), passwords=passwords)
        _member(user, role=role, commune=home, unit_code=unit_code)
    names = []
    for index, c in enumerate(communes):
        if c["name"] not in PREFIXES:
            continue
        commune = Commune.objects.select_related("province").get(code=c["code"])
        for username, full_name, role, unit_code in commune_accounts(c, index=index):
            user = _account(username, full_name, phone=next(phones), passwords=passwords)
            _member(user, role=role, commune=commune, unit_code=unit_code)
            names.append(username)
    log(f"Tài khoản demo: admin, {', '.join(a[0] for a in ACCOUNTS)} — mật khẩu: {DEMO_PASSWORD}")
    log(f"Tài khoản theo xã ({len(names)}): {', '.join(names)} — cùng mật khẩu.")
