"""Who gets told, and how: a pluggable sender (email now; SMS or Zalo later).

A sender is any class with ``channel`` and ``send(*, users, subject, body) -> list[str]``
(returns the addresses it reached). ``settings.XTD_NOTIFICATION_SENDERS`` lists the dotted
paths in use; the default is email through Django's email backend (console in the embedded
default, locmem in tests).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from org.models import Membership, Role, Unit


class Sender(Protocol):
    channel: str

    def send(self, *, users: list, subject: str, body: str) -> list[str]: ...


class EmailSender:
    channel = "email"

    def send(self, *, users: list, subject: str, body: str) -> list[str]:
        addresses = sorted({u.email for u in users if u.email})
        if addresses:
            send_mail(subject, body, None, addresses, fail_silently=False)
        return addresses


def senders() -> list[Sender]:
    paths = getattr(settings, "XTD_NOTIFICATION_SENDERS", ["reporting.notifications.EmailSender"])
    return [import_string(path)() for path in paths]


def notify(*, users: Iterable, subject: str, body: str) -> list[str]:
    users = list(users)
    reached: list[str] = []
    for sender in senders():
        reached.extend(f"{sender.channel}:{a}" for a in sender.send(users=users, subject=subject, body=body))
    return reached


def unit_people(unit: Unit) -> list:
    """Active accounts of the unit's staff (or village heads)."""
    ids = Membership.objects.filter(unit=unit, role__in=[Role.UNIT_STAFF, Role.VILLAGE_HEAD]).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def centre_people(commune_id: int) -> list:
    ids = Membership.objects.filter(commune_id=commune_id, role=Role.CENTRE).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))
