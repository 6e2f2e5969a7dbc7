"""The PDF task end to end: the second signature commits, the task goes through Redis to a real worker."""

import hashlib
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.storage import default_storage
from django.db import close_old_connections

from agreements import services
from agreements.models import Agreement
from agreements.tests.conftest import sign
from mentorship.celery import app
from notifications.models import Notice

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_until_emailed(agreement: Agreement, timeout: float = 30) -> Agreement:
    deadline = time.monotonic() + timeout
    sent = Notice.objects.filter(kind="agreement_executed", status=Notice.Status.SENT)
    while time.monotonic() < deadline:
        if sent.count() == 3:
            break
        time.sleep(0.1)
    agreement.refresh_from_db()
    return agreement


def test_a_real_worker_renders_stores_and_emails_the_executed_agreement(pairing, mentor, mentee, mailoutbox):
    agreement = services.agreement_for_pairing(pairing=pairing)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            sign(agreement, mentor)
            sign(agreement, mentee)  # commits, then queues the task on the real broker
            agreement = wait_until_emailed(agreement)
    finally:
        close_old_connections()
    assert agreement.is_executed
    with default_storage.open(agreement.pdf.name, "rb") as file:
        assert hashlib.sha256(file.read()).hexdigest() == agreement.pdf_sha256
    executed_mail = [m for m in mailoutbox if "executed" in m.subject]
    assert sorted(m.to[0] for m in executed_mail) == ["chair@example.org", "mentee@example.org", "mentor@example.org"]
    assert {m.attachments[0][2] for m in executed_mail} == {"application/pdf"}
