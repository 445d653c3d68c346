"""The centre's reminder page: per run who was reached on which channel and who failed and
why (an expired Zalo token named), the units nobody can be reached in; 404 to others."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from notify.models import Channel, Delivery, DeliveryState

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
EVE = datetime(2025, 11, 12, 16, 5, tzinfo=VN)


def test_the_centre_sees_who_was_reached_who_failed_and_who_cannot_be_reached(rw, remind, client):
    [run] = remind(EVE)
    Delivery.objects.filter(user=rw.w.staff, channel=Channel.EMAIL).update(
        channel=Channel.ZALO, state=DeliveryState.GIVEN_UP, provider_id="zalo_token",
        reason="Zalo lỗi -124: Mã truy cập Zalo (access token) hết hạn hoặc không hợp lệ.",
    )  # fmt: skip
    client.force_login(rw.w.centre)
    runs = client.get(reverse("followup:runs")).content.decode()
    assert f"{rw.w.a1_v2.name} ({rw.w.a1_v2.code}): chưa có tài khoản" in runs
    page = client.get(reverse("followup:run_detail", args=[run.pk])).content.decode()
    assert "Mã truy cập Zalo đã hết hạn hoặc không hợp lệ" in page
    assert "Zalo lỗi -124" in page
    assert "Hộp thư trên cổng 2" in page  # VP's staff and V01's head
    assert "Chưa có địa chỉ thư điện tử." in page  # the head


def test_unit_staff_get_404(rw, remind, client):
    [run] = remind(EVE)
    client.force_login(rw.w.staff)
    assert client.get(reverse("followup:runs")).status_code == 404
    assert client.get(reverse("followup:run_detail", args=[run.pk])).status_code == 404
