"""The small world of people for permission tests (the ``world`` fixture), built from the
per-app factories. The org factories are re-exported here for the tests that import them from
this module."""

from __future__ import annotations

from types import SimpleNamespace

from org.models import Role, UnitKind
from tests.org.factories import (
    PASSWORD,
    CommuneFactory,
    MembershipFactory,
    ProvinceFactory,
    UnitFactory,
    UserFactory,
    member,
)

__all__ = [
    "PASSWORD",
    "CommuneFactory",
    "MembershipFactory",
    "ProvinceFactory",
    "UnitFactory",
    "UserFactory",
    "build_world",
    "member",
]


def build_world() -> SimpleNamespace:
    pa, pb = ProvinceFactory(name="Tỉnh A"), ProvinceFactory(name="Tỉnh B")
    a1, a2, b1 = CommuneFactory(province=pa), CommuneFactory(province=pa), CommuneFactory(province=pb)
    w = SimpleNamespace(province_a=pa, province_b=pb, a1=a1, a2=a2, b1=b1)
    for c, tag in ((a1, "a1"), (a2, "a2"), (b1, "b1")):
        setattr(w, f"{tag}_dept", UnitFactory(commune=c, code="VP", kind=UnitKind.DEPARTMENT))
        setattr(w, f"{tag}_police", UnitFactory(commune=c, code="CA", kind=UnitKind.POLICE))
        setattr(w, f"{tag}_v1", UnitFactory(commune=c, code="V01", kind=UnitKind.VILLAGE))
        setattr(w, f"{tag}_v2", UnitFactory(commune=c, code="V02", kind=UnitKind.VILLAGE))
    w.centre = member(Role.CENTRE, commune=a1)
    w.leader = member(Role.LEADERSHIP, commune=a1)
    w.staff = member(Role.UNIT_STAFF, unit=w.a1_dept)
    w.head = member(Role.VILLAGE_HEAD, unit=w.a1_v1)
    w.province = member(Role.PROVINCE_VIEWER, province=pa)
    w.outsider = UserFactory()
    w.superuser = UserFactory(is_superuser=True, is_staff=True)
    return w
