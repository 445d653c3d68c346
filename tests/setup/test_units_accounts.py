"""Units, villages and accounts set up by the centre (issue 15): what is saved, what the audit
trail shows, and bad input refused with a Vietnamese message naming the field, nothing saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from org.audit import row_version
from org.models import AuditEntry, Membership, PasswordChangeRequired, Role, Unit
from org.setup_services import UNIT_FIELDS, account_create, invite_accept, invite_create

from .conftest import client_for

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "Xom-Moi-2026!"


def test_centre_creates_a_village_and_the_trail_shows_it(setup_world):
    w = setup_world
    client = client_for(w.centre)
    url = reverse("setup_unit_create", args=[w.a1.pk])
    response = client.post(url, {"code": "X03", "name": "Xóm 3", "kind": "village", "order": "3"})
    assert response.status_code == 302
    unit = Unit.objects.get(commune=w.a1, code="X03")
    assert (unit.name, unit.kind, unit.order, unit.active) == ("Xóm 3", "village", 3, True)
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.commune, entry.action, entry.object_id) == (w.centre, w.a1, "Tạo đơn vị", unit.pk)
    assert entry.changes["mã"] == ["", "X03"]
    assert entry.changes["loại"] == ["", "Thôn, xóm, ấp, tổ dân phố"]
    page = client.get(reverse("setup_commune", args=[w.a1.pk])).content.decode()
    assert "Tạo đơn vị" in page and "X03" in page


def test_a_unit_code_that_exists_is_refused_naming_the_field(setup_world):
    w = setup_world  # A1 already has VP
    client = client_for(w.centre)
    response = client.post(
        reverse("setup_unit_create", args=[w.a1.pk]), {"code": "vp", "name": "Văn phòng 2", "kind": "department"}
    )
    assert response.status_code == 200
    assert "Mã đơn vị: Mã đơn vị “vp” đã có trong xã; hãy chọn mã khác." in response.content.decode()
    assert Unit.objects.filter(commune=w.a1).count() == 4
    assert not AuditEntry.objects.exists()
    # the same code in another commune is fine: codes are unique within a commune
    assert (
        client_for(w.centre_a2)
        .post(
            reverse("setup_unit_create", args=[w.a2.pk]), {"code": "VP2", "name": "Văn phòng 2", "kind": "department"}
        )
        .status_code
        == 302
    )


def test_editing_a_unit_records_old_and_new_and_refuses_a_stale_page(setup_world):
    w = setup_world
    client = client_for(w.centre)
    url = reverse("setup_unit_edit", args=[w.a1_v1.pk])
    version = row_version(w.a1_v1, UNIT_FIELDS)
    old_name = w.a1_v1.name
    data = {"code": "V01", "name": "Xóm Đông", "kind": "village", "order": "1", "active": "on", "version": version}
    assert client.post(url, data).status_code == 302
    w.a1_v1.refresh_from_db()
    assert w.a1_v1.name == "Xóm Đông"
    assert AuditEntry.objects.get().changes["tên"] == [old_name, "Xóm Đông"]
    # a second tab still holds the first version: refused, nothing saved
    response = client.post(url, data | {"name": "Xóm Tây"})
    assert "vừa được người khác thay đổi" in response.content.decode()
    w.a1_v1.refresh_from_db()
    assert w.a1_v1.name == "Xóm Đông"
    assert AuditEntry.objects.count() == 1


def test_the_village_word_is_set_with_a_version_check(setup_world):
    w = setup_world
    client = client_for(w.centre)
    url = reverse("setup_commune", args=[w.a1.pk])
    assert client.post(url, {"village_word": "ấp", "version": "stale"}).status_code == 200
    w.a1.refresh_from_db()
    assert w.a1.village_word == "xóm"
    version = row_version(w.a1, ("village_word",))
    assert client.post(url, {"village_word": "ấp", "version": version}).status_code == 302
    w.a1.refresh_from_db()
    assert w.a1.village_word == "ấp"
    assert AuditEntry.objects.get().changes == {"cách gọi thôn": ["xóm", "ấp"]}


def test_an_account_name_that_exists_is_refused_naming_the_field(setup_world):
    w = setup_world
    client = client_for(w.centre)
    response = client.post(
        reverse("setup_account_create", args=[w.a1.pk]),
        {"username": w.staff.username.upper(), "full_name": "Người mới", "role": "unit_staff", "unit": w.a1_dept.pk},
    )
    assert f"Tên đăng nhập: Tên đăng nhập “{w.staff.username.upper()}” đã có; hãy chọn tên khác." in (
        response.content.decode()
    )
    assert User.objects.filter(first_name="Người mới").count() == 0
    assert not AuditEntry.objects.exists()


def test_unit_staff_needs_a_unit_of_this_commune(setup_world):
    w = setup_world
    client = client_for(w.centre)
    url = reverse("setup_account_create", args=[w.a1.pk])
    response = client.post(url, {"username": "canbo.moi", "full_name": "Cán bộ mới", "role": "unit_staff"})
    assert "Đơn vị: Vai trò này cần chọn đơn vị." in response.content.decode()
    response = client.post(
        url, {"username": "canbo.moi", "full_name": "Cán bộ mới", "role": "unit_staff", "unit": w.a2_dept.pk}
    )
    assert response.status_code == 200  # A2's unit is not a choice on A1's form
    assert not User.objects.filter(username="canbo.moi").exists()


def test_an_account_with_a_chosen_password_must_change_it_at_first_login(setup_world):
    w = setup_world
    client = client_for(w.centre)
    response = client.post(
        reverse("setup_account_create", args=[w.a1.pk]),
        {
            "username": "vp.canbo2",
            "full_name": "Trần Văn B",
            "role": "unit_staff",
            "unit": w.a1_dept.pk,
            "password": "Tam-Thoi-2026!",
        },
    )
    assert response.status_code == 302
    account = User.objects.get(username="vp.canbo2")
    assert PasswordChangeRequired.objects.filter(user=account).exists()
    # a unit's staff can be several people: the world's staff and this one
    assert Membership.objects.filter(unit=w.a1_dept, role=Role.UNIT_STAFF).count() == 2
    person = Client()
    assert person.login(username="vp.canbo2", password="Tam-Thoi-2026!")
    assert person.get(reverse("home")).url.startswith(reverse("password_change"))


def test_an_invite_link_works_once_and_not_after_it_expires(setup_world):
    w = setup_world
    account = account_create(
        commune=w.a1, username="xom1.truong", full_name="Lê Thị C", role="village_head", unit=w.a1_v1, user=w.centre
    )
    assert not account.has_usable_password()
    token = invite_create(account=account, commune=w.a1, user=w.centre)
    url = reverse("invite_accept", args=[token])
    anonymous = Client()
    assert anonymous.get(url).status_code == 200  # a GET uses nothing
    assert anonymous.get(url).status_code == 200
    response = anonymous.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert Client().login(username="xom1.truong", password=NEW_PASSWORD)
    assert anonymous.get(url).status_code == 404
    again = anonymous.post(url, {"new_password1": "Khac-Han-2026!", "new_password2": "Khac-Han-2026!"})
    assert again.status_code == 404
    assert Client().login(username="xom1.truong", password=NEW_PASSWORD)

    late = invite_create(account=account, commune=w.a1, user=w.centre, now=timezone.now() - timedelta(hours=73))
    assert anonymous.get(reverse("invite_accept", args=[late])).status_code == 404
    with pytest.raises(Exception, match="hết hạn"):
        invite_accept(token=late, password="Khac-Han-2026!")


def test_a_new_invite_cancels_the_earlier_one(setup_world):
    w = setup_world
    first = invite_create(account=w.staff, commune=w.a1, user=w.centre)
    invite_create(account=w.staff, commune=w.a1, user=w.centre)
    assert Client().get(reverse("invite_accept", args=[first])).status_code == 404


def test_the_centre_makes_an_invite_link_on_the_account_page(setup_world):
    w = setup_world
    client = client_for(w.centre)
    page = client.post(reverse("setup_account", args=[w.a1.pk, w.staff.pk]), {"invite": "1"}).content.decode()
    assert "/moi/" in page
    assert AuditEntry.objects.get().action == "Gửi liên kết đặt mật khẩu"


def test_reset_password_then_deactivate(setup_world):
    w = setup_world
    client = client_for(w.centre)
    url = reverse("setup_account", args=[w.a1.pk, w.head.pk])
    from org.setup_services import ACCOUNT_FIELDS

    version = row_version(w.head, ACCOUNT_FIELDS)
    assert client.post(url, {"reset_password": "1", "password": "Dat-Lai-2026!", "version": version}).status_code == 302
    assert Client().login(username=w.head.username, password="Dat-Lai-2026!")
    assert PasswordChangeRequired.objects.filter(user=w.head).exists()
    # the password changed, so the version the page had is stale now
    page = client.post(url, {"deactivate": "1", "version": version}).content.decode()
    assert "vừa được người khác thay đổi" in page
    w.head.refresh_from_db()
    assert w.head.is_active
    version = row_version(w.head, ACCOUNT_FIELDS)
    assert client.post(url, {"deactivate": "1", "version": version}).status_code == 302
    w.head.refresh_from_db()
    assert not w.head.is_active
    assert not Client().login(username=w.head.username, password="Dat-Lai-2026!")
    assert [e.action for e in AuditEntry.objects.order_by("id")] == ["Đặt lại mật khẩu", "Khóa tài khoản"]


def test_a_weak_password_is_refused_naming_the_field(setup_world):
    w = setup_world
    from org.setup_services import ACCOUNT_FIELDS

    client = client_for(w.centre)
    url = reverse("setup_account", args=[w.a1.pk, w.head.pk])
    page = client.post(
        url, {"reset_password": "1", "password": "123", "version": row_version(w.head, ACCOUNT_FIELDS)}
    ).content.decode()
    assert "Mật khẩu mới:" in page
    assert not AuditEntry.objects.exists()


def test_memberships_are_added_and_removed(setup_world):
    w = setup_world
    client = client_for(w.centre)
    url = reverse("setup_account", args=[w.a1.pk, w.staff.pk])
    assert client.post(url, {"add_membership": "1", "role": "unit_staff", "unit": w.a1_police.pk}).status_code == 302
    added = Membership.objects.get(user=w.staff, unit=w.a1_police)
    page = client.post(url, {"add_membership": "1", "role": "unit_staff", "unit": w.a1_police.pk}).content.decode()
    assert "Tài khoản đã có vai trò này ở đơn vị này." in page
    page = client.post(url, {"add_membership": "1", "role": "province_viewer"}).content.decode()
    assert Membership.objects.filter(user=w.staff).count() == 2
    assert client.post(url, {"remove_membership": "1", "membership": added.pk}).status_code == 302
    assert not Membership.objects.filter(pk=added.pk).exists()
    assert [e.action for e in AuditEntry.objects.order_by("id")] == ["Thêm phân quyền", "Bỏ phân quyền"]


def test_the_centre_cannot_remove_its_own_centre_role(setup_world):
    w = setup_world
    own = Membership.objects.get(user=w.centre, role=Role.CENTRE)
    page = client_for(w.centre).post(
        reverse("setup_account", args=[w.a1.pk, w.centre.pk]), {"remove_membership": "1", "membership": own.pk}
    )
    assert "Không thể tự bỏ vai trò Trung tâm của chính mình" in page.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()
    assert not AuditEntry.objects.exists()
