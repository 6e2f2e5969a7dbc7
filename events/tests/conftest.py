from __future__ import annotations

import pytest

from accounts.models import User
from conftest import make_user
from events.factories import EventFactory
from events.models import Event


@pytest.fixture
def event(association) -> Event:
    """Two seats, ten days from now, for every program of the association."""
    return EventFactory(association=association, capacity=2, title="Regional lunch")


@pytest.fixture
def people(db) -> list[User]:
    return [make_user(f"person{i}@example.org", f"Person {i}") for i in range(4)]
