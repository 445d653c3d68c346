"""factory_boy factories for org: provinces, communes, units, accounts and their roles."""

from __future__ import annotations

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
    """An account that can log in with ``PASSWORD``."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    """A role of an account; pass the scope the role needs (``unit``, ``commune`` or ``province``)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.UNIT_STAFF


def member(role: str, **scope):
    """A new account holding one role over ``scope``."""
    return MembershipFactory(role=role, **scope).user
