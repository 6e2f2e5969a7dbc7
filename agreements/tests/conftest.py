"""A published pairing of the root personas (Morgan Mentor and Avery Mentee), and helpers to sign its agreement."""

from __future__ import annotations

import pytest

from accounts.models import User
from agreements import services
from agreements.models import Agreement
from applications.models import Application
from applications.tests.factories import ApplicationFactory, MentorApplicationFactory, ProfileFactory
from matching.models import Pairing
from matching.services import pairing_create
from mentorship.celery import app

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    """Each test stores its PDFs in its own folder, outside any public URL."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }


@pytest.fixture(autouse=True)
def _tasks_run_inline(request):
    """Tasks queued after commit run in the test's thread; only the worker test uses the real broker."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture
def pairing(mentor: User, mentee: User, program) -> Pairing:
    """Published by the chair: the mentee prefers every other month by video, phone or email; the mentor monthly
    by video or in person."""
    ProfileFactory(user=mentor, organization="City of Harbor Bend", title="City Manager", phone="555-0101")
    ProfileFactory(user=mentee, organization="County of Sierra Vista", title="Budget Analyst", phone="555-0102")
    mentor_application = MentorApplicationFactory(
        program=program,
        applicant=mentor,
        status=Application.Status.APPROVED,
        frequency="monthly",
        contact_forms=["in_person", "video"],
    )
    mentee_application = ApplicationFactory(
        program=program,
        applicant=mentee,
        status=Application.Status.APPROVED,
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
def agreement(pairing: Pairing) -> Agreement:
    return services.agreement_for_pairing(pairing=pairing)


def sign(agreement: Agreement, person: User, *, ip: str = "198.51.100.7"):
    return services.agreement_sign(
        agreement=agreement, signer=person, typed_name=person.full_name, consent=True, ip=ip, user_agent=BROWSER
    )


@pytest.fixture
def executed(agreement: Agreement, mentor: User, mentee: User, django_capture_on_commit_callbacks) -> Agreement:
    """Signed by both; the PDF task ran (inline) as it does after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        sign(agreement, mentor)
        sign(agreement, mentee)
    agreement.refresh_from_db()
    return agreement
