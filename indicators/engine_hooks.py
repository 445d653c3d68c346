"""Where the attainment engine plugs in. The engine's author owns this module."""


def schedule_recompute(*, campaign_id: int) -> None:
    """Queue a recompute of one campaign after the current transaction commits."""
    return None
