"""The QĐ 766 page: readable by whoever reads the commune, the score and what to fix first."""

import pytest
from django.urls import reverse

from tests.factories import member

from .conftest import JANUARY


@pytest.fixture
def page(setup, client):
    commune, _c, periods, figures = setup
    figures(periods[1], **JANUARY)
    return commune, client


def test_a_member_of_the_commune_reads_the_score(page):
    commune, client = page
    client.force_login(member("unit_staff", unit=commune.units.first()))
    body = client.get(reverse("dashboards:qd766", args=[commune.pk])).content.decode()
    assert "40,96" in body and "Yếu" in body and "8 trên 21 chỉ số" in body
    assert "thêm 24 hồ sơ thanh toán phí, lệ phí trực tuyến từ đầu năm → +1,44 điểm" in body
    assert "<svg" in body


def test_an_outsider_gets_404(page, django_user_model):
    commune, client = page
    client.force_login(django_user_model.objects.create_user("ngoai", password="x"))
    assert client.get(reverse("dashboards:qd766", args=[commune.pk])).status_code == 404
