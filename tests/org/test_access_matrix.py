"""Every permission decision of ``org.access`` (docs/design.md rule 9, and rule 8 for reopening)
as a role × object table. The expected values are written out by hand, one row per person and
object; nothing here is computed by the code under test.

The people come from ``tests.factories.build_world``: ``staff`` works in A1's department,
``head`` heads A1's village V01, ``centre`` and ``leader`` belong to commune A1, ``province``
views province A (communes A1 and A2), ``superuser``, and an ``outsider`` with no role. The
objects are A1's units (the staff's own unit, another unit, the head's own village, another
village), a unit of A2 (same province) and one of B1 (another province)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from org.access import (
    Action,
    access_for,
    can,
    can_create_campaign,
    can_import_figures,
    can_read_whole_commune,
    can_reopen,
    can_request_documents,
    can_update_task,
    can_use_documents,
    document_communes,
    managed_communes,
    own_villages,
    reads_only,
    reads_only_own_villages,
)
from org.models import Membership, Role, UnitKind
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

PEOPLE = ["staff", "head", "centre", "leader", "province", "superuser", "outsider"]


def _user(world, person: str):
    return getattr(world, person)


# --- a unit's own things: its reports and figures, a village's Mẫu 02 return -----------------
# R = read, W = write (enter figures, fill the village's return), V = review (approve, return),
# M = manage. "-" = refused.
UNIT = {
    #            a1_dept  a1_police a1_v1   a1_v2   a2_dept  b1_v1
    "staff": ("RW--", "----", "----", "----", "----", "----"),
    "head": ("----", "----", "RW--", "----", "----", "----"),
    "centre": ("RWVM", "RWVM", "RWVM", "RWVM", "----", "----"),
    "leader": ("R-V-", "R-V-", "R-V-", "R-V-", "----", "----"),
    "province": ("R---", "R---", "R---", "R---", "R---", "----"),
    "superuser": ("RWVM", "RWVM", "RWVM", "RWVM", "RWVM", "RWVM"),
    "outsider": ("----", "----", "----", "----", "----", "----"),
}
UNIT_OBJECTS = ["a1_dept", "a1_police", "a1_v1", "a1_v2", "a2_dept", "b1_v1"]
UNIT_ROWS = [(p, o, UNIT[p][i]) for p in PEOPLE for i, o in enumerate(UNIT_OBJECTS)]


@pytest.mark.parametrize(("person", "obj", "expected"), UNIT_ROWS)
def test_unit_actions(world, person, obj, expected):
    user, unit = _user(world, person), getattr(world, obj)
    got = "".join(
        letter if can(user, action, unit=unit) else "-"
        for letter, action in zip("RWVM", (Action.READ, Action.WRITE, Action.REVIEW, Action.MANAGE), strict=True)
    )
    assert got == expected


# --- a commune as a whole --------------------------------------------------------------------
# columns: read what the commune publishes (campaigns, targets, ranking), review, manage (set up
# campaigns, targets, tasks, close a Mẫu 02 round), read every unit (review grid, dashboard, Tổng
# table, documents archive), reads only (the dashboard says "chỉ xem"), request documents.
COMMUNE = {
    #              a1                                   a2                                   b1
    "staff": ((1, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0)),
    "head": ((1, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0)),
    "centre": ((1, 1, 1, 1, 0, 1), (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0)),
    "leader": ((1, 1, 0, 1, 0, 1), (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0)),
    "province": ((1, 0, 0, 1, 1, 0), (1, 0, 0, 1, 1, 0), (0, 0, 0, 0, 0, 0)),
    "superuser": ((1, 1, 1, 1, 0, 1), (1, 1, 1, 1, 0, 1), (1, 1, 1, 1, 0, 1)),
    "outsider": ((0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0)),
}
COMMUNE_ROWS = [(p, c, COMMUNE[p][i]) for p in PEOPLE for i, c in enumerate(["a1", "a2", "b1"])]


@pytest.mark.parametrize(("person", "obj", "expected"), COMMUNE_ROWS)
def test_commune_decisions(world, person, obj, expected):
    user, commune = _user(world, person), getattr(world, obj)
    got = (
        can(user, Action.READ, commune=commune),
        can(user, Action.REVIEW, commune=commune),
        can(user, Action.MANAGE, commune=commune),
        can_read_whole_commune(user, commune),
        reads_only(user, commune=commune),
        can_request_documents(user, commune),
    )
    assert tuple(int(x) for x in got) == expected


# --- reopening an approved unit report (rule 8: the approver, with a reason) -------------------
# approver: "self" = this very person approved it, "other" = someone else did, "none" = no one
# recorded. Commune A1 is the report's commune, A2 another commune of the same province.
REOPEN = [
    ("centre", "a1", "self", True),
    ("centre", "a1", "other", False),
    ("centre", "a1", "none", False),
    ("centre", "a2", "self", False),  # approved it, but no longer (or never) a reviewer there
    ("leader", "a1", "self", True),
    ("leader", "a1", "other", False),
    ("leader", "b1", "self", False),
    ("superuser", "a1", "other", True),
    ("superuser", "b1", "none", True),
    ("province", "a1", "self", False),  # reads only
    ("staff", "a1", "self", False),
    ("head", "a1", "self", False),
    ("outsider", "a1", "self", False),
]


@pytest.mark.parametrize(("person", "obj", "approver", "expected"), REOPEN)
def test_can_reopen(world, person, obj, approver, expected):
    user = _user(world, person)
    other = world.leader if person == "centre" else world.centre
    approved_by_id = {"self": user.pk, "other": other.pk, "none": None}[approver]
    assert can_reopen(user, commune=getattr(world, obj), approved_by_id=approved_by_id) is expected


# --- a task's progress and evidence: the lead unit's staff and the centre ----------------------
TASK = {
    #            a1_dept a1_police a1_v1  a2_dept   (lead unit; the campaign is of its commune)
    "staff": (True, False, False, False),
    "head": (False, False, True, False),
    "centre": (True, True, True, False),
    "leader": (False, False, False, False),
    "province": (False, False, False, False),
    "superuser": (True, True, True, True),
    "outsider": (False, False, False, False),
}
TASK_ROWS = [(p, o, TASK[p][i]) for p in PEOPLE for i, o in enumerate(["a1_dept", "a1_police", "a1_v1", "a2_dept"])]


@pytest.mark.parametrize(("person", "lead", "expected"), TASK_ROWS)
def test_can_update_task(world, person, lead, expected):
    unit = getattr(world, lead)
    assert can_update_task(_user(world, person), lead_unit_id=unit.pk, commune=unit.commune) is expected


# --- decisions about the person, not one object ------------------------------------------------
# create campaign, import the figures file, open the documents page, Mẫu 02 goes straight to
# the village; then the communes managed, the communes documents are made for, the villages
# headed, the own units, the provinces compared.
PERSON = {
    "staff": (0, 0, 0, 0, set(), set(), set(), {"a1_dept"}, set()),
    "head": (0, 0, 0, 1, set(), set(), {"a1_v1"}, {"a1_v1"}, set()),
    "centre": (1, 1, 1, 0, {"a1"}, {"a1"}, set(), set(), set()),
    "leader": (0, 0, 1, 0, set(), {"a1"}, set(), set(), set()),
    "province": (0, 0, 1, 0, set(), set(), set(), set(), {"province_a"}),
    "superuser": (1, 1, 1, 0, {"a1", "a2", "b1"}, {"a1", "a2", "b1"}, set(), set(), {"province_a", "province_b"}),
    "outsider": (0, 0, 0, 0, set(), set(), set(), set(), set()),
}


def _names(world, objects) -> set[str]:
    by_pk = {(type(v), v.pk): k for k, v in vars(world).items() if hasattr(v, "pk")}
    return {by_pk[(type(o), o.pk)] for o in objects}


@pytest.mark.parametrize(("person", "expected"), list(PERSON.items()))
def test_person_decisions(world, person, expected):
    user = _user(world, person)
    access = access_for(user)
    got = (
        int(can_create_campaign(user)),
        int(can_import_figures(user)),
        int(can_use_documents(user)),
        int(reads_only_own_villages(user)),
        _names(world, managed_communes(user)),
        _names(world, document_communes(user)),
        _names(world, own_villages(user)),
        _names(world, access.own_units()),
        _names(world, access.provinces()),
    )
    assert got == expected


# --- people with two roles -----------------------------------------------------------------


def test_a_village_head_who_also_leads_the_commune_is_not_sent_to_the_village(world):
    Membership.objects.create(user=world.head, role=Role.LEADERSHIP, commune=world.a1)
    assert reads_only_own_villages(world.head) is False
    assert set(own_villages(world.head)) == {world.a1_v1}


def test_province_viewer_who_is_also_a_communes_centre_reads_only_the_other_communes(world):
    Membership.objects.create(user=world.province, role=Role.CENTRE, commune=world.a1)
    assert reads_only(world.province, commune=world.a1) is False
    assert reads_only(world.province, commune=world.a2) is True


def test_a_village_of_a_department_staff_is_not_a_village_they_head(world):
    staff_village = UnitFactory(commune=world.a1, code="V09", kind=UnitKind.VILLAGE)
    Membership.objects.create(user=world.staff, role=Role.UNIT_STAFF, unit=staff_village)
    assert set(own_villages(world.staff)) == set()
    assert reads_only_own_villages(world.staff) is False


# --- the pages ask these rules (a guessed or forbidden page answers as the rule says) ----------
PAGES = [
    # (person, page, status): the bulk figures file, the review list, the documents page
    ("centre", "reporting:bulk_upload", 200),
    ("leader", "reporting:bulk_upload", 403),
    ("staff", "reporting:bulk_upload", 403),
    ("province", "reporting:bulk_upload", 403),
    ("superuser", "reporting:bulk_upload", 200),
    ("staff", "documents:documents", 404),
    ("head", "documents:documents", 404),
    ("province", "documents:documents", 200),
    ("leader", "documents:documents", 200),
    ("outsider", "documents:documents", 404),
    ("staff", "dashboards:province_home", 404),
    ("province", "dashboards:province_home", 200),
    ("centre", "dashboards:unit_view_home", 404),
    ("staff", "dashboards:unit_view_home", 200),
]


@pytest.mark.parametrize(("person", "page", "status"), PAGES)
def test_pages_follow_the_rules(client, world, person, page, status):
    client.force_login(_user(world, person))
    assert client.get(reverse(page)).status_code == status


def test_campaign_list_offers_a_new_campaign_to_the_centre_only(client, world):
    for person, offered in (("centre", True), ("leader", False), ("staff", False), ("superuser", True)):
        client.force_login(_user(world, person))
        assert client.get(reverse("campaigns:list")).context["can_create"] is offered, person
