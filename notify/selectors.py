"""Reads of the notify app: who is told, the inbox, a run's deliveries."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from org.models import Membership, Role, Unit

from .models import Delivery, InboxItem, Run


def unit_people(unit: Unit) -> list:
    """Active accounts of the unit's staff (or its village heads)."""
    ids = Membership.objects.filter(unit=unit, role__in=[Role.UNIT_STAFF, Role.VILLAGE_HEAD]).values("user_id")
    return list(
        get_user_model().objects.filter(pk__in=ids, is_active=True).select_related("person", "channels").order_by("pk")
    )


def centre_people(commune_id: int) -> list:
    ids = Membership.objects.filter(commune_id=commune_id, role=Role.CENTRE).values("user_id")
    return list(
        get_user_model().objects.filter(pk__in=ids, is_active=True).select_related("person", "channels").order_by("pk")
    )


def inbox_unread(user, *, limit: int = 5) -> tuple[int, list[InboxItem]]:
    qs = InboxItem.objects.filter(user=user, read_at__isnull=True)
    return qs.count(), list(qs.order_by("-created_at", "-id")[:limit])


def inbox_for(user, *, limit: int = 100) -> list[InboxItem]:
    return list(InboxItem.objects.filter(user=user).order_by("-created_at", "-id")[:limit])


def runs_for_communes(commune_ids: list[int], *, limit: int = 50) -> QuerySet[Run]:
    return (
        Run.objects.filter(commune_id__in=commune_ids).select_related("commune").order_by("-started_at", "-id")[:limit]
    )


def run_deliveries(run: Run) -> list[Delivery]:
    return list(
        Delivery.objects.filter(run=run)
        .select_related("unit", "user")
        .order_by("unit__order", "unit__code", "user_id", "channel")
    )
