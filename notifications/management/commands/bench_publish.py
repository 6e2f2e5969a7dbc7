"""Benchmark: the chair's publish request for N pairs, with a fast mail server and with a slow one.

Every email is a ledger row written in the publish transaction and sent later by the worker, so the request's
time must not grow with the mail server's latency. Each round builds a fresh program of N approved mentors and
mentees with a match run proposing N pairs, POSTs the admin's Publish action through the whole request stack, and
deletes the program and its people afterwards. The messages queued on commit go to the real broker, into a queue
of the benchmark's own that no worker reads and that is deleted afterwards. Prints the figures as its last line."""

from __future__ import annotations

import time
import uuid
from contextlib import contextmanager
from unittest import mock

from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from kombu import Exchange, Queue

from accounts.factories import UNUSABLE_PASSWORD, ProfileFactory, UserFactory
from accounts.models import Profile, User
from applications.factories import ApplicationFactory, MentorApplicationFactory, ProgramFactory
from applications.models import Application, Program
from associations.factories import AssociationFactory
from matching.factories import MatchRunFactory, ProposalFactory
from matching.models import MatchRun, Proposal
from mentorship.celery import app
from notifications.models import Notice
from notifications.tasks import queue_notices
from pairings.models import Pairing


class SlowBackend(EmailBackend):
    """A mail server that takes `latency` seconds per message (SMTP round trips to a busy server)."""

    latency = 0.05

    def send_messages(self, messages):
        time.sleep(self.latency * len(messages))
        return super().send_messages(messages)


class Command(BaseCommand):
    help = "Time the admin's Publish of N pairs with a fast and a slow (sleeping) mail backend."

    def add_arguments(self, parser):
        parser.add_argument("--pairs", type=int, default=300)
        parser.add_argument("--latency-ms", type=int, default=50, help="The slow backend's time per message.")

    def handle(self, *args, pairs: int, latency_ms: int, **options):
        SlowBackend.latency = latency_ms / 1000
        figures = {}
        for label, backend in (
            ("fast mail", "django.core.mail.backends.locmem.EmailBackend"),
            (f"mail at {latency_ms} ms a message", "notifications.management.commands.bench_publish.SlowBackend"),
        ):
            with override_settings(EMAIL_BACKEND=backend):
                seconds, queries, recorded = self._round(pairs)
            figures[label] = seconds
            self.stdout.write(f"{label}: {seconds * 1000:.0f} ms, {queries} queries, {recorded} emails recorded")
        fast, slow = figures.values()
        self.stdout.write(
            f"publish {pairs} pairs: {fast * 1000:.0f} ms with fast mail, {slow * 1000:.0f} ms with mail at "
            f"{latency_ms} ms a message (the old in-request sending would add {2 * pairs * latency_ms / 1000:.0f} s)"
        )

    def _round(self, pairs: int) -> tuple[float, int, int]:
        program, run, chair = _build(pairs)
        try:
            client = Client(
                HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".").replace("*", "localhost")
            )
            client.force_login(chair)
            url = reverse("admin:matching_matchrun_changelist")
            with CaptureQueriesContext(connection) as captured, _own_queue():
                started = time.perf_counter()
                response = client.post(
                    url,
                    {"action": "publish", "_selected_action": [run.pk], "confirm": "yes"},
                    secure=not settings.DEBUG,
                )
                seconds = time.perf_counter() - started
            if response.status_code != 302:
                raise CommandError(f"Publish answered {response.status_code}.")
            published = Pairing.objects.filter(program=program).count()
            if published != pairs:
                raise CommandError(f"Published {published} pairs of {pairs}.")
            recorded = Notice.objects.filter(program=program, kind="pairing_created").count()
            return seconds, len(captured), recorded
        finally:
            _clean(program, chair)


@contextmanager
def _own_queue():
    """Publish as in production (one message per recorded batch), to a queue deleted afterwards."""
    queue = f"bench-publish-{uuid.uuid4().hex[:10]}"
    try:
        with mock.patch.object(queue_notices, "delay", lambda ids: queue_notices.apply_async((ids,), queue=queue)):
            yield
    finally:
        with app.connection_for_write() as broker:  # declared as Celery declared it, so the delete knows its binding
            bound = Queue(queue, Exchange(queue), routing_key=queue)(broker.default_channel)
            bound.declare()
            bound.delete()


def _build(pairs: int) -> tuple[Program, MatchRun, User]:
    """N approved mentors and mentees and a run proposing mentor i to mentee i, in a few bulk inserts."""
    tag = uuid.uuid4().hex[:10]
    program = ProgramFactory(
        name="Bench publish",
        slug=f"bench-publish-{tag}",
        host=AssociationFactory(short_name="BENCH", name="Bench", slug="bench"),
        deadline=timezone.localdate(),
        chair_email=f"chair-{tag}@synthetic.example",
    )
    people = User.objects.bulk_create(
        UserFactory.build(
            email=f"p{i}-{tag}@synthetic.example",
            full_name=f"Person {i:04d}",
            password=UNUSABLE_PASSWORD,
            verified=None,
        )
        for i in range(2 * pairs)
    )
    Profile.objects.bulk_create(
        ProfileFactory.build(user=user, organization=f"City {i}") for i, user in enumerate(people)
    )
    applications = Application.objects.bulk_create(
        (MentorApplicationFactory if i < pairs else ApplicationFactory).build(
            program=program,
            applicant=user,
            approved=True,
            capacity=1,
            frequency="monthly",
            expertise=["finance"],
            contact_forms=["video"],
        )
        for i, user in enumerate(people)
    )
    chair = UserFactory(
        email=f"chair-{tag}@synthetic.example",
        full_name="Bench Chair",
        chair=True,
        password=UNUSABLE_PASSWORD,
        verified=None,
    )
    run = MatchRunFactory(program=program, created_by=chair, min_score=0.0)
    Proposal.objects.bulk_create(
        ProposalFactory.build(
            run=run,
            mentor_application=applications[i],
            mentee_application=applications[pairs + i],
            state=Proposal.State.LOCKED,
        )
        for i in range(pairs)
    )
    return program, run, chair


def _clean(program: Program, chair: User) -> None:
    people = list(Application.objects.filter(program=program).values_list("applicant_id", flat=True))
    Notice.objects.filter(program=program).delete()
    MatchRun.objects.filter(program=program).delete()
    Pairing.objects.filter(program=program).delete()
    Application.objects.filter(program=program).delete()
    program.delete()
    User.objects.filter(pk__in=[*people, chair.pk]).delete()
