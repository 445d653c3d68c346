import pytest
from django.db import IntegrityError
from django.urls import reverse

from org.auth import INVALID_LOGIN
from org.models import Unit
from tests.factories import PASSWORD, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_vietnamese(client):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "Đăng nhập" in page.content.decode()
    assert '<html lang="vi">' in page.content.decode()


@pytest.mark.parametrize("case", ["unknown", "inactive", "wrong_password"])
def test_bad_login_gives_one_vietnamese_message_without_hint(client, case):
    user = UserFactory(username="canbo", is_active=(case != "inactive"))
    username = "khongco" if case == "unknown" else user.username
    password = "sai-mat-khau" if case == "wrong_password" else PASSWORD
    response = login(client, username, password)
    assert response.status_code == 200
    assert INVALID_LOGIN in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_are_throttled_even_with_the_right_password(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="canbo")
    for _ in range(3):
        login(client, "canbo", "sai")
    response = login(client, "canbo", PASSWORD)
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_good_login_goes_home_and_clears_failures(client, world):
    login(client, world.staff.username, "sai")
    response = login(client, world.staff.username, PASSWORD)
    assert response.status_code == 302
    page = client.get(reverse("home"))
    assert world.a1_dept.name in page.content.decode()


def test_user_without_membership_sees_a_page_that_says_so(client):
    client.force_login(UserFactory())
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert "chưa được gắn" in page.content.decode()


def test_home_lists_my_village_for_a_village_head(client, world):
    client.force_login(world.head)
    body = client.get(reverse("home"), follow=True).content.decode()
    assert world.a1_v1.name in body
    assert world.a1_v2.name not in body


def test_password_change_page(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Mot-mat-khau-moi-2025", "new_password2": "Mot-mat-khau-moi-2025"},
    )
    assert response.status_code == 302
    world.staff.refresh_from_db()
    assert world.staff.check_password("Mot-mat-khau-moi-2025")


def test_duplicate_unit_code_in_a_commune_is_refused_with_a_clear_message(world):
    dup = Unit(commune=world.a1, code="VP", name="Trùng mã", kind="department")
    with pytest.raises(Exception) as excinfo:
        dup.validate_constraints()
    assert "Mã đơn vị này đã có trong xã" in str(excinfo.value)
    with pytest.raises(IntegrityError):
        UnitFactory(commune=world.a1, code="VP")


def test_same_unit_code_in_another_commune_is_fine(world):
    UnitFactory(commune=world.a2, code="KT")
    UnitFactory(commune=world.b1, code="KT")


def test_admin_is_vietnamese(client, world):
    client.force_login(world.superuser)
    page = client.get("/quan-tri/org/unit/add/")
    assert page.status_code == 200
    assert "Mã đơn vị" in page.content.decode()


def test_healthz_reports_database_and_broker(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_is_503_when_the_broker_is_down(client, settings, monkeypatch):
    from config.celery_app import app

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")  # Celery prefers the environment
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"] != "ok"


def test_large_ids_are_printed_plainly_in_links(client, world):
    """Ids above 999 must not be grouped ("1.220") in URLs or data- attributes."""
    from org.models import Commune

    big = Commune.objects.create(province=world.province_a, code="99999", name="Xã Lớn", pk=12345)
    client.force_login(world.province)
    body = client.get(reverse("home")).content.decode()
    assert 'href="/xa/12345/"' in body
    assert "?xa=12345" in body
    assert "12.345" not in body
    assert big.name in body


def test_a_refusal_is_a_vietnamese_page_with_the_reason(client, world):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory
    from django.views.defaults import permission_denied

    request = RequestFactory().get("/")
    request.user = world.staff
    response = permission_denied(request, PermissionDenied("Chỉ Trung tâm được nhập tệp số liệu."))
    body = response.content.decode()
    assert response.status_code == 403
    assert "Không có quyền thực hiện" in body and "Chỉ Trung tâm được nhập tệp số liệu." in body


def test_a_missing_page_is_vietnamese_when_debug_is_off(client, world, settings):
    settings.DEBUG = False
    client.force_login(world.staff)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
