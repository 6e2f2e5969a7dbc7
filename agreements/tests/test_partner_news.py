"""A burst of saves and signatures tells each other party once: the partner got 3 emails in 13 seconds.

Each event notes news for the others and queues a delayed task; the email is recorded in the ledger once the
agreement has been quiet a while (and at most ten minutes after the burst began), saying where things stand then."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.db import close_old_connections
from django.utils import timezone

from agreements import services
from agreements.models import PartnerNews
from agreements.tests.conftest import sign, tell_news
from mentorship.celery import app
from notifications.models import Notice

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 3, 15, 0, tzinfo=dt.UTC)


def told():
    """The agreement's emails to the partners (the pairing's own announcement left out)."""
    return Notice.objects.filter(kind__startswith="agreement_")


def edit(agreement, person, **changes):
    return services.agreement_update(agreement=agreement, actor=person, changes=changes)


class TestOneEmailPerBurst:
    def test_sign_edit_and_sign_again_within_seconds_is_one_email_saying_your_turn(
        self, agreement, mentor, mentee, django_capture_on_commit_callbacks, mailoutbox
    ):
        with time_machine.travel(START, tick=False) as clock:
            sign(agreement, mentee)
            clock.shift(5)
            edit(agreement, mentee, additional_points="We meet on Tuesdays.")  # voids the mentee's signature
            clock.shift(8)
            sign(agreement, mentee)
            assert services.partner_news_send(news_id=PartnerNews.objects.get().pk) is False  # not quiet yet
        with django_capture_on_commit_callbacks(execute=True):
            assert tell_news() == 1
        assert [m.to for m in mailoutbox] == [[mentor.email]]
        assert mailoutbox[0].subject.startswith("Avery Mentee signed your Statement of Mutual Understanding")
        assert "signed version 2" in mailoutbox[0].body  # where things stand now, not the first event
        assert told().get().kind == "agreement_signed"

    def test_each_event_pushes_the_email_later_but_never_past_ten_minutes_from_the_first(self, agreement, mentee):
        with time_machine.travel(START, tick=False) as clock:
            sign(agreement, mentee)
            assert PartnerNews.objects.get().due_at == START + dt.timedelta(minutes=2)
            for minute in range(1, 10):
                clock.move_to(START + dt.timedelta(minutes=minute))
                edit(agreement, mentee, mentor_time=f"{minute} hours a month")  # voids her signature
                sign(agreement, mentee)
            assert PartnerNews.objects.get().due_at == START + dt.timedelta(minutes=10)

    def test_news_after_the_email_is_a_new_email(self, agreement, mentor, mentee):
        with time_machine.travel(START, tick=False) as clock:
            sign(agreement, mentee)
            clock.shift(dt.timedelta(minutes=3))
            assert tell_news() == 1
            edit(agreement, mentor, additional_points="Phone first")  # voids the mentee's signature: news for her
        tell_news()
        assert [(n.kind, n.user_id) for n in told().order_by("created_at")] == [
            ("agreement_signed", mentor.pk),
            ("agreement_signatures_voided", mentee.pk),
        ]

    def test_a_burst_that_ends_executed_leaves_it_to_the_executed_email(
        self, agreement, mentor, mentee, django_capture_on_commit_callbacks, mailoutbox
    ):
        with django_capture_on_commit_callbacks(execute=True):
            sign(agreement, mentee)
            sign(agreement, mentor)  # executes: the PDF task records the executed emails
            tell_news()
        assert sorted(m.extra_headers["X-Notice"].split()[1] for m in mailoutbox) == ["agreement_executed"] * 3

    def test_the_party_who_signed_since_is_not_told(self, agreement, mentor, mentee):
        sign(agreement, mentor)
        edit(agreement, mentee, mentor_time="3 hours")  # voids the mentor's signature: news for the mentor
        sign(agreement, mentor)  # the mentor signed the new version: nothing left to tell them
        tell_news()
        assert list(told().values_list("kind", "user_id")) == [("agreement_signed", mentee.pk)]

    def test_the_delay_never_exceeds_the_brokers_visibility_timeout(self, settings):
        settings.AGREEMENT_NEWS_QUIET_SECONDS = 24 * 3600
        settings.CELERY_VISIBILITY_TIMEOUT = 3600
        assert services.news_quiet() == services.news_max_wait() == dt.timedelta(minutes=30)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_a_burst_as_one_email(settings, agreement, mentor, mentee, mailoutbox):
    """Through Redis: each event queues a delayed task; the worker records one email once it is quiet."""
    settings.AGREEMENT_NEWS_QUIET_SECONDS = 2
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            sign(agreement, mentee)
            edit(agreement, mentee, additional_points="We meet on Tuesdays.")
            sign(agreement, mentee)  # three events, three tasks queued; the first two find the news not yet due
            deadline = time.monotonic() + 30
            while not told().filter(status=Notice.Status.SENT).exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(3)  # every task queued has had its turn
    finally:
        close_old_connections()
    assert [(n.kind, n.user_id, n.status) for n in told()] == [("agreement_signed", mentor.pk, Notice.Status.SENT)]
    assert [m.to for m in mailoutbox if "signed" in m.subject] == [[mentor.email]]
    assert PartnerNews.objects.get().told_at <= timezone.now()
