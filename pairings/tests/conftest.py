"""A published pairing of the root personas (Morgan Mentor and Avery Mentee); agreements/tests/conftest.py adds
its agreement and the helpers to sign it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.models import User
from applications.factories import ApplicationFactory, MentorApplicationFactory, ProfileFactory
from pairings.models import Pairing
from pairings.services import pairing_create


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    """Each test stores its PDFs in its own folder, outside any public URL."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }


@pytest.fixture
def eager_propagates() -> bool:
    """A task run inline (the executed agreement's PDF) raises its error into the test."""
    return True


@pytest.fixture
def pairing(mentor: User, mentee: User, program) -> Pairing:
    """Published by the chair: the mentee prefers every other month by video, phone or email; the mentor monthly
    by video or in person."""
    ProfileFactory(user=mentor, organization="City of Harbor Bend", title="City Manager", phone="555-0101")
    ProfileFactory(user=mentee, organization="County of Sierra Vista", title="Budget Analyst", phone="555-0102")
    mentor_application = MentorApplicationFactory(
        program=program,
        applicant=mentor,
        approved=True,
        frequency="monthly",
        contact_forms=["in_person", "video"],
    )
    mentee_application = ApplicationFactory(
        program=program,
        applicant=mentee,
        approved=True,
        frequency="every_other_month",
        contact_forms=["video", "phone", "email"],
    )
    return pairing_create(
        mentor_application=mentor_application,
        mentee_application=mentee_application,
        source=Pairing.Source.CHAIR,
        approved_by=None,
    )


@pytest.fixture
def ended(pairing: Pairing) -> Pairing:
    Pairing.objects.filter(pk=pairing.pk).update(status=Pairing.Status.ENDED, ended_at=timezone.now())
    pairing.refresh_from_db()
    return pairing
