import pytest

from tests.browser import login, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_and_home_at_360px(page, world):
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, world.head.username, PASSWORD)
    assert world.a1_v1.name in page.content()
    # nothing wider than the screen: no horizontal scrolling on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "home-village-head-360")


def test_wrong_password_shows_vietnamese_message(page, world):
    login(page, "khong-ton-tai", "sai")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.content()
