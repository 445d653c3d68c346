"""Shared fixtures: the people of a permission test (one per role, own and other's)."""

import pytest

pytest_plugins = ["tests.celery_worker", "tests.browser"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    """Two provinces; province A has communes A1 and A2, province B has B1. Each commune has a
    department, the police and two villages; one account per role, plus an outsider."""
    from tests.factories import build_world

    return build_world()
