"""docs/design.md rule 9 as a matrix: each role × each kind of object, own and other's."""

import pytest
from django.urls import reverse

from org.access import Action, access_for, can

pytestmark = pytest.mark.django_db

# (person, object, READ, WRITE, REVIEW, MANAGE) for unit-scoped objects (a unit's reports).
UNIT_MATRIX = [
    ("staff", "a1_dept", True, True, False, False),  # own unit
    ("staff", "a1_police", False, False, False, False),  # another unit, same commune
    ("staff", "a1_v1", False, False, False, False),
    ("staff", "a2_dept", False, False, False, False),  # same code, other commune
    ("head", "a1_v1", True, True, False, False),  # own village
    ("head", "a1_v2", False, False, False, False),  # another village
    ("head", "a1_dept", False, False, False, False),
    ("head", "a2_v1", False, False, False, False),
    ("centre", "a1_dept", True, True, True, True),
    ("centre", "a1_v2", True, True, True, True),
    ("centre", "a2_dept", False, False, False, False),
    ("leader", "a1_dept", True, False, True, False),
    ("leader", "a1_v1", True, False, True, False),
    ("leader", "a2_v1", False, False, False, False),
    ("province", "a1_dept", True, False, False, False),
    ("province", "a2_v2", True, False, False, False),
    ("province", "b1_dept", False, False, False, False),  # another province
    ("outsider", "a1_dept", False, False, False, False),
    ("superuser", "b1_v1", True, True, True, True),
]


@pytest.mark.parametrize(("person", "obj", "read", "write", "review", "manage"), UNIT_MATRIX)
def test_unit_matrix(world, person, obj, read, write, review, manage):
    user, unit = getattr(world, person), getattr(world, obj)
    got = [can(user, a, unit=unit) for a in (Action.READ, Action.WRITE, Action.REVIEW, Action.MANAGE)]
    assert got == [read, write, review, manage]


# (person, commune, member READ, REVIEW, MANAGE, reads every unit)
COMMUNE_MATRIX = [
    ("staff", "a1", True, False, False, False),
    ("staff", "a2", False, False, False, False),
    ("head", "a1", True, False, False, False),
    ("centre", "a1", True, True, True, True),
    ("centre", "a2", False, False, False, False),
    ("leader", "a1", True, True, False, True),
    ("leader", "b1", False, False, False, False),
    ("province", "a1", True, False, False, True),
    ("province", "a2", True, False, False, True),
    ("province", "b1", False, False, False, False),
    ("outsider", "a1", False, False, False, False),
    ("superuser", "b1", True, True, True, True),
]


@pytest.mark.parametrize(("person", "obj", "read", "review", "manage", "whole"), COMMUNE_MATRIX)
def test_commune_matrix(world, person, obj, read, review, manage, whole):
    user, commune = getattr(world, person), getattr(world, obj)
    assert can(user, Action.READ, commune=commune) is read
    assert can(user, Action.REVIEW, commune=commune) is review
    assert can(user, Action.MANAGE, commune=commune) is manage
    assert access_for(user).can_read_commune(commune.pk, commune.province_id) is whole


def test_querysets_list_only_what_the_role_reaches(world):
    assert set(access_for(world.head).units()) == {world.a1_v1}
    assert set(access_for(world.staff).units()) == {world.a1_dept}
    assert set(access_for(world.centre).units()) == set(world.a1.units.all())
    assert set(access_for(world.province).communes()) == {world.a1, world.a2}
    assert set(access_for(world.province).writable_units()) == set()
    assert set(access_for(world.outsider).units()) == set()


@pytest.mark.parametrize(
    ("person", "obj", "status"),
    [
        ("head", "a1_v1", 200),
        ("head", "a1_v2", 404),  # guessed id of another village looks like a missing one
        ("head", "a2_v1", 404),
        ("staff", "a1_dept", 200),
        ("staff", "a1_police", 404),
        ("centre", "a1_v2", 200),
        ("centre", "b1_v1", 404),
        ("province", "a2_dept", 200),
        ("province", "b1_dept", 404),
        ("outsider", "a1_dept", 404),
    ],
)
def test_guessed_unit_ids_in_urls(client, world, person, obj, status):
    client.force_login(getattr(world, person))
    response = client.get(reverse("unit_detail", args=[getattr(world, obj).pk]))
    assert response.status_code == status


def test_guessed_commune_id_is_404_and_unit_member_sees_only_own_units(client, world):
    client.force_login(world.staff)
    assert client.get(reverse("commune_detail", args=[world.a2.pk])).status_code == 404
    page = client.get(reverse("commune_detail", args=[world.a1.pk]))
    assert page.status_code == 200
    assert list(page.context["units"]) == [world.a1_dept]


def test_missing_object_is_404(client, world):
    client.force_login(world.superuser)
    assert client.get(reverse("unit_detail", args=[999999])).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("unit_detail", args=[world.a1_dept.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
