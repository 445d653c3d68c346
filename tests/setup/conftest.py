"""The people of the set-up tests: the ``world`` (tests/factories.build_world) plus the centre
of commune A2, the one who guesses A1's ids."""

from __future__ import annotations

import pytest
from django.test import Client

from org.models import Role
from tests.factories import PASSWORD, member


@pytest.fixture
def setup_world(world):
    world.centre_a2 = member(Role.CENTRE, commune=world.a2)
    return world


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client
