"""The set-up audit trail and the version check of set-up forms (issue 15).

* :func:`audit_record` writes one :class:`~org.models.AuditEntry`: who, when, what, old → new.
  Every set-up service calls it inside its own transaction, so a refused change leaves no entry.
* :func:`row_version` is the version a set-up form carries for a row it edits: a short hash of
  the fields the form shows, read when the page was drawn. The service reads the row again
  under a lock and refuses the save (:class:`StaleEdit`) when the hash differs, as reports do
  with their ``version`` column (reporting.services._claim), without adding a column to
  models that belong to other apps.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from .models import AuditEntry, Commune

STALE_MESSAGE = (
    "Dữ liệu này vừa được người khác thay đổi sau khi bạn mở trang; chưa lưu gì. "
    "Hãy tải lại trang để xem bản mới rồi sửa lại."
)


class StaleEdit(ValidationError):
    """The row changed since the form was drawn: nothing was saved."""

    def __init__(self) -> None:
        super().__init__({"version": [STALE_MESSAGE]})


def as_text(value: Any) -> str:
    """A value as the audit trail and the version hash show it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(sorted(as_text(v) for v in value))
    return str(value)


def snapshot(obj, fields: Iterable[str]) -> dict[str, str]:
    """{field name: value as text} of ``obj`` (a model instance or a dict)."""
    get = obj.get if isinstance(obj, dict) else (lambda name: getattr(obj, name))
    return {name: as_text(get(name)) for name in fields}


def row_version(obj, fields: Iterable[str]) -> str:
    """The version of ``obj`` as a set-up form sees it (its ``fields``)."""
    snap = snapshot(obj, fields)
    raw = "\x1f".join(f"{k}={v}" for k, v in sorted(snap.items()))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def check_version(obj, fields: Iterable[str], expected: str | None) -> None:
    """Raise :class:`StaleEdit` unless ``obj`` (read under a lock) still has version ``expected``."""
    if not expected or row_version(obj, fields) != expected:
        raise StaleEdit()


def diff(before: dict[str, str], after: dict[str, str], labels: dict[str, str] | None = None) -> dict:
    """{label: [old, new]} of what differs (a key on one side only counts as empty on the other)."""
    labels = labels or {}
    keys = list(after) + [k for k in before if k not in after]
    return {
        labels.get(k, k): [before.get(k, ""), after.get(k, "")] for k in keys if before.get(k, "") != after.get(k, "")
    }


def audit_record(
    *,
    user,
    commune: Commune | None,
    action: str,
    commune_id: int | None = None,
    obj=None,
    object_kind: str = "",
    object_label: str = "",
    changes: dict | None = None,
    campaign_id: int | None = None,
) -> AuditEntry:
    """One entry of the trail. ``changes``: {label: [old, new]} (see :func:`diff`)."""
    return AuditEntry.objects.create(
        commune_id=commune.pk if commune is not None else commune_id,
        user=user if getattr(user, "pk", None) else None,
        action=action,
        object_kind=object_kind or (obj._meta.verbose_name if obj is not None else ""),
        object_id=getattr(obj, "pk", None),
        object_label=(object_label or (str(obj) if obj is not None else ""))[:300],
        changes=changes or {},
        campaign_id=campaign_id,
    )


def audit_entries(*, commune: Commune, campaign_id: int | None = None, limit: int = 50) -> QuerySet[AuditEntry]:
    """The latest entries of a commune's set-up (or of one campaign), newest first."""
    qs = AuditEntry.objects.filter(commune=commune).select_related("user")
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    return qs.order_by("-at", "-id")[:limit]
