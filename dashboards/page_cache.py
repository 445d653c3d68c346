"""Pages that answer at once (issue 19 item 3): a built page is kept under ONE cache key with the
version stamp of the figures it shows; a read whose stamp matches is served from that one cache
read. After a change (a recompute, a report, a passing deadline: the stamp moves) the page is
rebuilt ONCE: the request that takes the lock (``cache.add``) rebuilds, the others meanwhile get
the previous page marked with the time it was built ("Tính lúc HH:MM dd/mm/yyyy"); with no
previous page they wait briefly for the builder, then build themselves.

The cache may be down (``config.cache.TolerantRedisCache``: a read is a miss, ``add`` is False,
a write is skipped): a lock nobody can see is nobody's, so the request builds the page itself,
and answers (never a 500, never a wait).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.utils import timezone

# A page older than this is rebuilt even if its stamp did not move (the backstop for set-up edits
# the stamp does not see: a unit renamed); it stays in the cache much longer, to be served stale
# to the others while one request rebuilds it.
FRESH_SECONDS = 300
KEEP_SECONDS = 24 * 3600
LOCK_SECONDS = 30  # a builder that died frees the lock after this
WAIT_SECONDS = 3.0  # with no previous page, how long the others wait for the builder
POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Served:
    value: Any
    built_at: datetime
    stale: bool  # the previous page, served while another request rebuilds it
    built_here: bool


def _fresh(entry: Any, stamp: str, now: float) -> bool:
    return (
        isinstance(entry, dict)
        and entry.get("stamp") == stamp
        and now - entry.get("built", 0) < FRESH_SECONDS
        and "value" in entry
    )


def lock_key(key: str, stamp: str) -> str:
    return f"{key}:lock:{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"


def cached_page(key: str, stamp: str, build: Callable[[], Any]) -> Served:
    """``build()`` once per ``stamp``; see the module's docstring."""
    entry = cache.get(key)
    if _fresh(entry, stamp, time.time()):
        return Served(entry["value"], entry["at"], stale=False, built_here=False)
    lock = lock_key(key, stamp)
    if cache.add(lock, 1, LOCK_SECONDS):
        try:
            return _build(key, stamp, build)
        finally:
            cache.delete(lock)
    if cache.get(lock) is None:
        # nobody holds it (the cache is down, or the builder just finished): read again, else build
        again = cache.get(key)
        if _fresh(again, stamp, time.time()):
            return Served(again["value"], again["at"], stale=False, built_here=False)
        return _build(key, stamp, build)
    if isinstance(entry, dict) and "value" in entry:
        return Served(entry["value"], entry["at"], stale=True, built_here=False)
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        again = cache.get(key)
        if _fresh(again, stamp, time.time()):
            return Served(again["value"], again["at"], stale=False, built_here=False)
        if cache.get(lock) is None:
            break
    return _build(key, stamp, build)


def _build(key: str, stamp: str, build: Callable[[], Any]) -> Served:
    value = build()
    at = timezone.now()
    cache.set(key, {"stamp": stamp, "value": value, "at": at, "built": time.time()}, KEEP_SECONDS)
    return Served(value, at, stale=False, built_here=True)


def digest(*parts: object) -> str:
    return hashlib.sha256("#".join(str(p) for p in parts).encode()).hexdigest()[:32]
