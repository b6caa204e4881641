"""People test fixtures: fast password hashing and a logged-in member's client."""

from __future__ import annotations

import pytest
from django.test import Client

from stoa.people.models import User


@pytest.fixture
def member(make_user) -> User:
    return make_user("mia", display_name="Mia Member", bio="Reads everything twice.")


@pytest.fixture
def member_client(client: Client, member: User) -> Client:
    client.force_login(member)
    return client
