import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: SQLite reuses ids after a rolled-back test."""
    cache.clear()
    yield
    cache.clear()
