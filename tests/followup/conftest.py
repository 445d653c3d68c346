import pytest

from followup.services import reminders_run
from tests.reporting.conftest import rw  # noqa: F401 - the small weekly campaign of commune A1


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """``remind(now)``: one reminder run, its sends queued on commit run as a worker would."""

    def go(now):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_run(now=now)

    return go
