"""Shared fixtures: the people of a permission test (one per role, own and other's)."""

import pytest

pytest_plugins = ["tests.celery_worker", "tests.browser"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _celery_eager_by_default():
    """Jobs run inline in tests (as in the embedded default), even when CI gives a broker;
    the tests that go through a real worker on Redis switch this off themselves."""
    from config.celery_app import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


@pytest.fixture
def world(db):
    """Two provinces; province A has communes A1 and A2, province B has B1. Each commune has a
    department, the police and two villages; one account per role, plus an outsider."""
    from tests.factories import build_world

    return build_world()
