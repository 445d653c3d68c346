"""The person's own pages: the channels and phone (refused with the Vietnamese format named),
the inbox (read marks touch only one's own items)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from notify.models import InboxItem, PersonChannels
from org.models import Person

pytestmark = pytest.mark.django_db


def test_an_invalid_phone_is_refused_with_the_format_and_nothing_is_saved(client, world):
    client.force_login(world.staff)
    response = client.post(reverse("notify:contact"), {"phone": "012 345", "version": "0", "sms": "1"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Số điện thoại “012 345” không hợp lệ" in text
    assert "10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09" in text
    assert not Person.objects.filter(user=world.staff).exists()
    assert not PersonChannels.objects.filter(user=world.staff, version__gt=0).exists()


def test_a_phone_with_84_is_saved_as_a_vietnamese_mobile_and_the_choice_kept(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("notify:contact"), {"phone": "+84 912 345 678", "version": "0", "sms": "1", "email": ""}
    )
    assert response.status_code == 302
    assert Person.objects.get(user=world.staff).phone == "0912345678"
    prefs = PersonChannels.objects.get(user=world.staff)
    assert (prefs.email, prefs.sms, prefs.zalo, prefs.version) == (None, True, None, 1)
    # a second form still showing version 0 does not overwrite
    stale = client.post(reverse("notify:contact"), {"phone": "0987654321", "version": "0"})
    assert stale.status_code == 400
    assert Person.objects.get(user=world.staff).phone == "0912345678"


def test_marking_read_touches_only_ones_own_items(client, world):
    now = timezone.now()
    mine = InboxItem.objects.create(user=world.staff, subject="Nhắc", body="b", created_at=now)
    theirs = InboxItem.objects.create(user=world.head, subject="Nhắc", body="b", created_at=now)
    client.force_login(world.staff)
    assert "Nhắc" in client.get(reverse("notify:inbox")).content.decode()
    client.post(reverse("notify:inbox_read"), {"item": theirs.pk})
    client.post(reverse("notify:inbox_read"), {"item": mine.pk})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    assert client.get(reverse("notify:inbox_read")).status_code == 405  # no GET changes state


@pytest.mark.parametrize("item", ["²", "١", "abc", "9" * 5000])
def test_a_bad_item_id_marks_nothing_and_is_no_500(client, world, item):
    mine = InboxItem.objects.create(user=world.staff, subject="Nhắc", body="b", created_at=timezone.now())
    client.force_login(world.staff)
    response = client.post(reverse("notify:inbox_read"), {"item": item})
    assert response.status_code == 302  # back to the inbox with "Không tìm thấy thông báo này."
    mine.refresh_from_db()
    assert mine.read_at is None  # never "all read" by mistake
