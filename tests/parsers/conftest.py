"""The fixtures of the reporting and households suites, for the parsers' tests."""

from tests.households.conftest import m02  # noqa: F401 - a fixture
from tests.reporting.conftest import rw  # noqa: F401 - a fixture
