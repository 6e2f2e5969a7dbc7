"""Exactly once: the ledger, retries against a failing mail server, the stop link, concurrency, a real worker."""

import datetime as dt
import smtplib
import threading

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import close_old_connections
from django.urls import reverse

from applications.factories import ApplicationFactory
from applications.jobs import deadline_notices
from applications.models import Application
from mentorship.celery import app
from notifications.models import Notice, OptOut
from notifications.services import notify_once, opt_out_token
from notifications.tasks import requeue_stuck_notices, retry_delay

pytestmark = pytest.mark.django_db


class FlakyBackend(EmailBackend):
    """A mail server that refuses the first two messages, then accepts."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures < 2:
            FlakyBackend.failures += 1
            raise smtplib.SMTPServerDisconnected("mail server went away")
        return super().send_messages(messages)


def at(program, day: dt.date, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=program.time_zone)


@pytest.fixture
def draft(program, mentee):
    return ApplicationFactory(program=program, applicant=mentee, status=Application.Status.DRAFT)


def run_deadline_job(now, capture):
    with capture(execute=True):
        return deadline_notices(now)


class TestDeadlineNotices:
    def test_drafts_are_warned_7_days_and_1_day_before_and_the_chair_gets_a_summary(
        self, program, draft, mailoutbox, django_capture_on_commit_callbacks
    ):
        ApplicationFactory(program=program)  # submitted: never warned
        sent_on: dict[dt.date, list[str]] = {}
        day = program.deadline - dt.timedelta(days=10)
        while day <= program.deadline + dt.timedelta(days=3):
            before = len(mailoutbox)
            with time_machine.travel(at(program, day)):
                run_deadline_job(at(program, day), django_capture_on_commit_callbacks)
                run_deadline_job(at(program, day), django_capture_on_commit_callbacks)  # twice a day: no double
            sent_on[day] = [m.to[0] for m in mailoutbox[before:]]
            day += dt.timedelta(days=1)
        sent = {d: to for d, to in sent_on.items() if to}
        assert sent == {
            program.deadline - dt.timedelta(days=7): [draft.applicant.email],
            program.deadline - dt.timedelta(days=1): [draft.applicant.email],
            program.deadline + dt.timedelta(days=1): [program.chair_email],
        }
        summary = mailoutbox[-1]
        assert "Mentee, Draft: 1" in summary.body and "Mentee, Submitted: 1" in summary.body
        warning = mailoutbox[0]
        assert program.name in warning.subject or program.name in warning.body
        assert warning.alternatives[0][1] == "text/html"
        assert "/notifications/stop/" in warning.body

    def test_the_warning_follows_the_programs_time_zone(self, program, draft, django_capture_on_commit_callbacks):
        # 7 days before in Los Angeles starts at 08:00 UTC; at 07:00 UTC it is still 8 days before there.
        eight_days = dt.datetime.combine(program.deadline - dt.timedelta(days=7), dt.time(7), tzinfo=dt.UTC)
        assert run_deadline_job(eight_days, django_capture_on_commit_callbacks) == 0
        assert run_deadline_job(eight_days + dt.timedelta(hours=1), django_capture_on_commit_callbacks) == 1


class TestExactlyOnce:
    def test_the_same_key_is_recorded_once(self, mentee, program, django_capture_on_commit_callbacks, mailoutbox):
        kwargs = {
            "kind": "deadline_warning",
            "subject": "x",
            "period": "d7",
            "to": mentee.email,
            "user": mentee,
            "template": "deadline_warning",
            "program": program,
            "context": {
                "application": ApplicationFactory(program=program, applicant=mentee),
                "program": program,
                "days": 7,
            },
        }
        with django_capture_on_commit_callbacks(execute=True):
            assert notify_once(**kwargs) is not None
            assert notify_once(**kwargs) is None
        assert Notice.objects.count() == 1
        assert len(mailoutbox) == 1

    def test_a_person_who_stopped_a_kind_gets_no_more_of_it(
        self, client, mentee, draft, program, django_capture_on_commit_callbacks, mailoutbox
    ):
        url = reverse("notifications:stop", args=[opt_out_token(mentee.pk, "deadline_warning")])
        assert client.get(url).status_code == 200
        assert not OptOut.objects.exists()  # a GET (a link scanner) changes nothing
        client.post(url)
        assert OptOut.objects.filter(user=mentee, kind="deadline_warning").exists()
        run_deadline_job(at(program, program.deadline - dt.timedelta(days=7)), django_capture_on_commit_callbacks)
        assert mailoutbox == []
        assert Notice.objects.get().status == Notice.Status.SUPPRESSED

    def test_a_forged_stop_link_is_404(self, client):
        assert client.get(reverse("notifications:stop", args=["forged-token"])).status_code == 404

    def test_a_failing_mail_server_loses_nothing(
        self, settings, program, draft, django_capture_on_commit_callbacks, mailoutbox
    ):
        settings.EMAIL_BACKEND = "notifications.tests.test_ledger.FlakyBackend"
        FlakyBackend.failures = 0
        start = at(program, program.deadline - dt.timedelta(days=7))
        with time_machine.travel(start, tick=False) as clock:
            run_deadline_job(start, django_capture_on_commit_callbacks)
            notice = Notice.objects.get()
            assert (notice.status, notice.attempts) == (Notice.Status.FAILED, 1)
            assert notice.next_attempt_at == start + dt.timedelta(minutes=1)
            for _ in range(2):  # the hourly requeue, or the retry message, once the next try is due
                clock.shift(dt.timedelta(minutes=5))
                requeue_stuck_notices()
        notice.refresh_from_db()
        assert (notice.status, notice.attempts) == (Notice.Status.SENT, 3)
        assert len(mail.outbox) == 1

    def test_no_retry_delay_exceeds_the_visibility_timeout(self, settings):
        assert all(retry_delay(n) <= settings.CELERY_VISIBILITY_TIMEOUT // 2 for n in range(1, 400))
        assert [retry_delay(n) for n in (1, 2, 3)] == [60, 120, 240]


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_job_at_once_send_each_notice_once(program, mailoutbox):
    drafts = [ApplicationFactory(program=program, status=Application.Status.DRAFT) for _ in range(20)]
    now = at(program, program.deadline - dt.timedelta(days=7))
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            deadline_notices(now)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Notice.objects.count() == 20
    assert sorted(m.to[0] for m in mailoutbox) == sorted(d.applicant.email for d in drafts)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_sends_a_reminder_end_to_end(program, mailoutbox):
    draft = ApplicationFactory(program=program, status=Application.Status.DRAFT)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        deadline_notices(at(program, program.deadline - dt.timedelta(days=1)))
        for _ in range(100):
            if Notice.objects.filter(status=Notice.Status.SENT).exists():
                break
            threading.Event().wait(0.1)
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.SENT
    assert [m.to for m in mailoutbox] == [[draft.applicant.email]]
    assert "due tomorrow" in mailoutbox[0].subject


@pytest.mark.parametrize("insert", ["_insert_new_postgresql", "_insert_new_orm"])
def test_both_ways_of_recording_keep_the_context_readable_and_skip_known_keys(insert, program, mentee):
    from notifications import services

    row = (
        "deadline_warning",
        "k:1:d7",
        mentee.pk,
        mentee.email,
        "deadline_warning",
        {"program": {"model": "applications.program", "pk": program.pk}, "days": 7},
        program.pk,
        program.host_id,
        Notice.Status.PENDING,
        dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    record = getattr(services, insert)
    assert len(record([row])) == 1
    assert record([row]) == []
    notice = Notice.objects.get()
    assert notice.context["days"] == 7
    assert services.unpack(notice.context)["program"] == program
    assert notice.association == program.host
