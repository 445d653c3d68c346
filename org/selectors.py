from __future__ import annotations

from .access import Access
from .models import UnitKind


def home_context(access: Access) -> dict:
    """What the home page lists: my communes, my units, my villages."""
    communes = list(access.member_communes().order_by("province__name", "name")[:200])
    own_units = list(access.own_units().order_by("commune__name", "order"))
    return {
        "communes": communes,
        "my_units": [u for u in own_units if u.kind != UnitKind.VILLAGE],
        "my_villages": [u for u in own_units if u.kind == UnitKind.VILLAGE],
    }
