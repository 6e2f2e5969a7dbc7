"""Three days of retries, the hourly requeue, Send again on the chair's list, and work recorded with its email."""

from __future__ import annotations

import datetime as dt
import smtplib
import threading
import time

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core.mail.backends.locmem import EmailBackend
from django.db import DatabaseError, close_old_connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import Application
from conftest import DASHBOARD_PERMISSIONS, grant, make_user
from matching import gallery
from matching.models import GalleryRequest
from matching.tests.conftest import approved_mentee, approved_mentor
from mentorship.celery import app
from notifications.models import RETRY_WINDOW, Notice
from notifications.services import Spec, notify_many
from notifications.tasks import requeue_stuck_notices, send_notice
from notifications.tests.test_ledger import FlakyBackend
from pairings.models import Pairing
from pairings.services import complete_pairings, pairing_create

pytestmark = pytest.mark.django_db


class DownBackend(EmailBackend):
    """A mail server that refuses everything while `down`."""

    down = True

    def send_messages(self, messages):
        if DownBackend.down:
            raise smtplib.SMTPServerDisconnected("mail server down")
        return super().send_messages(messages)


@pytest.fixture
def mail_down(settings):
    settings.EMAIL_BACKEND = "notifications.tests.test_retries.DownBackend"
    DownBackend.down = True
    yield DownBackend
    DownBackend.down = True


def record(program, person, *, period: str = "approved:0", commit=None) -> Notice:
    """An application decision recorded in the ledger, its task run as a commit would."""
    application = ApplicationFactory(program=program)  # someone's application; the email goes to `person`
    spec = Spec(
        kind="application_decision",
        subject=f"application:{application.pk}",
        period=period,
        to=person.email,
        user=person,
        program=program,
        context={"application": application, "program": program, "status": "approved", "status_label": "Approved"},
    )
    if commit is None:
        return Notice.objects.get(pk=notify_many([spec])[0])
    with commit(execute=True):
        ids = notify_many([spec])
    return Notice.objects.get(pk=ids[0])


class TestThreeDaysOfRetries:
    def test_a_notice_is_retried_for_72_hours_with_capped_backoff_then_put_on_the_chairs_list(
        self, settings, mail_down, program, mentee, django_capture_on_commit_callbacks
    ):
        start = timezone.now()
        with time_machine.travel(start, tick=False) as clock:
            notice = record(program, mentee, commit=django_capture_on_commit_callbacks)
            seen = []
            for hour in range(1, 80):
                clock.move_to(start + dt.timedelta(hours=hour))
                requeue_stuck_notices()
                notice.refresh_from_db()
                seen.append((hour, notice.status, notice.attempts))
                if notice.status == Notice.Status.FAILED:
                    ahead = (notice.next_attempt_at - timezone.now()).total_seconds()
                    assert 0 < ahead <= settings.CELERY_VISIBILITY_TIMEOUT // 2
        gave_up_at = next(hour for hour, status, _ in seen if status == Notice.Status.GAVE_UP)
        assert gave_up_at == RETRY_WINDOW / dt.timedelta(hours=1)  # never before 72 hours, and right after
        assert all(status == Notice.Status.FAILED for hour, status, _ in seen if hour < gave_up_at)
        assert seen[-1][2] == gave_up_at + 1  # once an hour here (the requeue), and then no more tries
        assert "mail server down" in notice.last_error

    def test_the_hourly_requeue_sends_every_state_that_can_still_be_sent_and_nothing_else(
        self, settings, program, mentee, mailoutbox
    ):
        now = timezone.now()
        old = now - dt.timedelta(hours=2)

        def notice(status, **fields) -> Notice:
            n = record(program, mentee, period=f"{status}:{len(fields)}:{Notice.objects.count()}")
            Notice.objects.filter(pk=n.pk).update(status=status, created_at=fields.pop("created_at", old), **fields)
            return n

        expected = {
            notice(Notice.Status.PENDING).pk,  # queued, its message lost (the broker was down at commit)
            notice(Notice.Status.SENDING, claimed_at=old).pk,  # its worker died mid-send
            notice(Notice.Status.FAILED, next_attempt_at=now - dt.timedelta(minutes=1)).pk,  # due
            notice(Notice.Status.FAILED, next_attempt_at=None).pk,  # failed before next tries were stored
        }
        notice(Notice.Status.PENDING, created_at=now)  # just queued: its message is on its way
        notice(Notice.Status.SENDING, claimed_at=now)  # a worker is sending it right now
        notice(Notice.Status.FAILED, next_attempt_at=now + dt.timedelta(minutes=20))  # its retry is scheduled
        for status in (Notice.Status.SENT, Notice.Status.GAVE_UP, Notice.Status.SUPPRESSED):
            notice(status)
        assert requeue_stuck_notices() == len(expected)
        assert set(Notice.objects.filter(status=Notice.Status.SENT).values_list("pk", flat=True)) >= expected
        assert len(mailoutbox) == len(expected)
        assert requeue_stuck_notices() == 0

    def test_a_duplicate_message_for_a_failed_notice_does_not_send_it_early_or_twice(
        self, mail_down, program, mentee, mailoutbox, django_capture_on_commit_callbacks
    ):
        notice = record(program, mentee, commit=django_capture_on_commit_callbacks)
        mail_down.down = False
        assert send_notice(notice.pk) == "already handled or not due"  # the stored next try is a minute away
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
            assert send_notice(notice.pk) == "sent"
            assert send_notice(notice.pk) == "already handled or not due"
        assert len(mailoutbox) == 1


def grant_resend(user) -> None:
    """A chair who reads the dashboard and may send an email again."""
    grant(user, *DASHBOARD_PERMISSIONS, "notifications.resend_notice")


@pytest.fixture
def given_up(program, mentee) -> Notice:
    notice = record(program, mentee)
    Notice.objects.filter(pk=notice.pk).update(
        status=Notice.Status.GAVE_UP, attempts=150, last_error="421 mail server down"
    )
    return notice


class TestSendAgain:
    def url(self, notice: Notice) -> str:
        return reverse("notifications:send_again", args=[notice.pk])

    def test_the_chairs_list_shows_the_failed_email_with_a_send_again_button(self, client, chair, program, given_up):
        client.force_login(chair)
        page = client.get(reverse("dashboard:program", args=[program.slug])).content.decode()
        assert "Emails the mail server refused for 3 days" in page
        assert f"Application decision to {given_up.to}" in page
        assert f'action="{self.url(given_up)}"' in page
        assert "421 mail server down" in page

    def test_staff_without_the_permission_see_the_failed_email_but_no_button(self, client, program, given_up):
        client.force_login(grant(make_user("clerk@example.org", "Clerk", staff=True), *DASHBOARD_PERMISSIONS))
        page = client.get(reverse("dashboard:program", args=[program.slug])).content.decode()
        assert f"Application decision to {given_up.to}" in page
        assert self.url(given_up) not in page

    def test_anonymous_and_non_staff_are_sent_to_log_in_and_change_nothing(self, client, mentee, given_up):
        assert client.post(self.url(given_up)).status_code == 302
        client.force_login(mentee)
        response = client.post(self.url(given_up))
        assert response.status_code == 302
        assert "login" in response.url
        given_up.refresh_from_db()
        assert given_up.status == Notice.Status.GAVE_UP

    def test_staff_without_the_permission_is_refused(self, client, given_up):
        client.force_login(make_user("clerk@example.org", "Clerk", staff=True))
        assert client.post(self.url(given_up)).status_code == 403
        given_up.refresh_from_db()
        assert given_up.status == Notice.Status.GAVE_UP

    def test_a_get_changes_nothing_and_a_post_without_the_csrf_token_is_refused(self, chair, given_up):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(chair)
        assert browser.get(self.url(given_up)).status_code == 405
        assert browser.post(self.url(given_up)).status_code == 403
        given_up.refresh_from_db()
        assert given_up.status == Notice.Status.GAVE_UP

    def test_a_chair_with_the_permission_sends_it_once_even_on_a_double_click(
        self, committing_client, program, given_up, mailoutbox
    ):
        clerk = make_user("clerk@example.org", "Clerk", staff=True)
        grant_resend(clerk)
        committing_client.force_login(clerk)
        first = committing_client.post(self.url(given_up))
        second = committing_client.post(self.url(given_up))
        assert first.url == reverse("dashboard:program", args=[program.slug])
        assert second.status_code == 302
        given_up.refresh_from_db()
        assert (given_up.status, given_up.resent_by, given_up.attempts) == (Notice.Status.SENT, clerk, 1)
        assert [m.to for m in mailoutbox] == [[given_up.to]]
        page = committing_client.get(first.url).content.decode()
        assert "Emails the mail server refused" not in page
        # Both clicks read as the one thing the chair did, never "already sent; nothing was queued".
        assert page.count("is queued again") == 2
        assert "nothing was queued" not in page

    def test_send_again_starts_a_new_window_of_retries(self, committing_client, chair, given_up, mail_down, mailoutbox):
        committing_client.force_login(chair)
        committing_client.post(self.url(given_up))
        given_up.refresh_from_db()
        assert given_up.status == Notice.Status.FAILED  # still down: retried, not given up at once
        assert given_up.retry_until > timezone.now() + RETRY_WINDOW - dt.timedelta(minutes=1)


@pytest.mark.django_db(transaction=True)
def test_two_chairs_pressing_send_again_at_the_same_moment_send_it_once(program, mentee, mailoutbox):
    notice = record(program, mentee)  # outside a transaction: sent at once
    Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.GAVE_UP)
    mailoutbox.clear()
    chairs = [make_user(f"chair{n}@example.org", f"Chair {n}", staff=True) for n in range(2)]
    for chair in chairs:
        grant_resend(chair)
    barrier = threading.Barrier(2)
    codes = []

    def press(chair):
        try:
            browser = Client()
            browser.force_login(chair)
            barrier.wait()
            codes.append(browser.post(reverse("notifications:send_again", args=[notice.pk])).status_code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=press, args=[chair]) for chair in chairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert codes == [302, 302]
    assert Notice.objects.get(pk=notice.pk).status == Notice.Status.SENT
    assert len(mailoutbox) == 1


class TestStopLinkOfADeletedAccount:
    def test_get_and_one_click_post_answer_a_calm_page(self, client, mentee):
        from notifications.services import opt_out_token

        url = reverse("notifications:stop", args=[opt_out_token(mentee.pk, "checkin_due")])
        mentee.delete()
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 200
            assert "no longer exists" in response.content.decode()


class TestWorkAndItsEmailCommitTogether:
    @staticmethod
    def break_the_ledger(monkeypatch) -> None:
        def refuse(rows):
            raise DatabaseError("the ledger could not be written")

        monkeypatch.setattr("notifications.services._insert_new", refuse)

    def test_complete_pairings_leaves_a_pairing_active_when_its_emails_cannot_be_recorded(
        self, program, mentor, mentee, monkeypatch
    ):
        pairing = pairing_create(
            mentor_application=approved_mentor(program, user=mentor),
            mentee_application=approved_mentee(program, user=mentee),
            source=Pairing.Source.CHAIR,
            approved_by=None,
        )
        Notice.objects.all().delete()
        Pairing.objects.filter(pk=pairing.pk).update(ends_on=dt.date.today() - dt.timedelta(days=1))
        self.break_the_ledger(monkeypatch)
        with pytest.raises(DatabaseError):
            complete_pairings()
        assert Pairing.objects.get(pk=pairing.pk).status == Pairing.Status.ACTIVE
        monkeypatch.undo()
        assert complete_pairings() == 1
        assert sorted(Notice.objects.values_list("kind", "to")) == [
            ("pairing_completed", mentee.email),
            ("pairing_completed", mentor.email),
        ]

    def test_the_gallery_sweep_leaves_a_request_open_when_its_email_cannot_be_recorded(
        self, program, mentor, mentee, monkeypatch
    ):
        program.pairing_mode = program.PairingMode.GALLERY
        program.save()
        request = GalleryRequest.objects.create(
            program=program,
            mentee_application=approved_mentee(program, user=mentee),
            mentor_application=approved_mentor(program, user=mentor),
            message="Hello",
            created_at=timezone.now() - dt.timedelta(days=20),
            expires_at=timezone.now() - dt.timedelta(days=1),
        )
        self.break_the_ledger(monkeypatch)
        with pytest.raises(DatabaseError):
            gallery.gallery_sweep()
        request.refresh_from_db()
        assert request.status == GalleryRequest.Status.PENDING
        monkeypatch.undo()
        assert gallery.gallery_sweep() == (0, 1)
        assert list(Notice.objects.values_list("kind", "to")) == [("gallery_request_expired", mentee.email)]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_retries_a_refused_email_and_delivers_it(settings, program, chair, mentee, mailoutbox):
    settings.EMAIL_BACKEND = "notifications.tests.test_ledger.FlakyBackend"
    settings.NOTICE_FIRST_RETRY_SECONDS = 1
    FlakyBackend.failures = 1  # it refuses until two failures: here, once
    application = ApplicationFactory(program=program, applicant=mentee, status=Application.Status.SUBMITTED)
    from applications.services import application_decide

    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            application_decide(application=application, status=Application.Status.APPROVED, actor=chair)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not Notice.objects.filter(status=Notice.Status.SENT).exists():
                time.sleep(0.1)
    finally:
        close_old_connections()
    notice = Notice.objects.get()
    assert (notice.kind, notice.status, notice.attempts) == ("application_decision", Notice.Status.SENT, 2)
    assert FlakyBackend.failures == 2
    assert [m.to for m in mailoutbox] == [[mentee.email]]
    assert "approved" in mailoutbox[0].subject
