"""factory_boy factories and a small world of people for permission tests."""

from __future__ import annotations

from types import SimpleNamespace

import factory
from django.contrib.auth import get_user_model

from org.models import Commune, Membership, Province, Role, Unit, UnitKind

PASSWORD = "mat-khau-thu-123"


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province

    code = factory.Sequence(lambda n: f"P{n:02d}")
    name = factory.Sequence(lambda n: f"Tỉnh {n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"{10000 + n}")
    name = factory.Sequence(lambda n: f"Xã {n}")
    village_word = "xóm"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    commune = factory.SubFactory(CommuneFactory)
    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = UnitKind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def member(role: str, **scope):
    user = UserFactory()
    Membership.objects.create(user=user, role=role, **scope)
    return user


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
