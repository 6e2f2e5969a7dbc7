"""The agreement of the pairing of the root personas (pairings/tests/conftest.py), and helpers to sign it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from accounts.models import User
from agreements import services, tasks
from agreements.models import Agreement
from pairings.models import Pairing
from pairings.tests import conftest as pairing_fixtures

# The pairing, and the settings every test of the pair's life runs with, shared with the agreement's tests.
_private_storage, eager_propagates = pairing_fixtures._private_storage, pairing_fixtures.eager_propagates
pairing, ended = pairing_fixtures.pairing, pairing_fixtures.ended

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"


@pytest.fixture
def agreement(pairing: Pairing) -> Agreement:
    return services.agreement_for_pairing(pairing=pairing)


def form_data(agreement: Agreement, **overrides) -> dict:
    """The agreement's form as posted by a partner who changed nothing (but `overrides`)."""
    data = {
        "confidentiality": agreement.confidentiality,
        "duration": agreement.duration,
        "frequency": agreement.frequency,
        "contact_forms": agreement.contact_forms,
        "mentor_time": agreement.mentor_time,
        "roles": agreement.roles,
        "additional_points": agreement.additional_points,
        "version": agreement.version,
    }
    data.update(overrides)
    return data


def tell_news() -> int:
    """The partners' news as it is told once the agreement has been quiet: a moment past the longest wait, the
    sweep records each due email (what the delayed task does; tested with a real worker in test_partner_news)."""
    with time_machine.travel(timezone.now() + services.news_max_wait() + dt.timedelta(seconds=1)):
        return tasks.send_overdue_partner_news()


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
