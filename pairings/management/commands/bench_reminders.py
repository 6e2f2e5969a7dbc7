"""Benchmark of the daily reminder scan: builds a program with N active pairs in varied states, runs every
relationship job once, and rolls everything back. Prints the figure as its last line."""

from __future__ import annotations

import datetime as dt
import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.factories import UNUSABLE_PASSWORD, UserFactory
from accounts.models import User
from agreements.factories import AgreementFactory, ExecutedAgreementFactory
from agreements.models import Agreement
from applications.factories import ApplicationFactory, MentorApplicationFactory, ProgramFactory
from applications.models import Application
from associations.factories import AssociationFactory
from pairings import jobs
from pairings.factories import CheckInFactory, PairingFactory
from pairings.models import CheckIn, Pairing

FREQUENCIES = ["monthly", "every_other_month", "quarterly", "semi_annually"]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the daily reminder scan over N active pairs (in a transaction that is rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--pairs", type=int, default=10000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, pairs: int, seed: int, **options):
        try:
            with transaction.atomic():
                now = timezone.now()
                started = time.perf_counter()
                self._build(pairs, random.Random(seed), now)  # noqa: S311 -- synthetic data, not security
                self.stdout.write(f"built {pairs} pairs in {time.perf_counter() - started:.1f} s")
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    notices = jobs.relationship_scan(now)
                elapsed = time.perf_counter() - started
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(f"reminder scan: {pairs} pairs in {elapsed:.2f} s, {len(queries)} queries, {notices} notices")

    def _build(self, n: int, rng: random.Random, now: dt.datetime) -> None:
        today = timezone.localdate(now)
        program = ProgramFactory(
            name="Benchmark program",
            slug=f"bench-{now:%Y%m%d%H%M%S%f}",
            host=AssociationFactory(short_name="BENCH", name="Bench", slug="bench"),
            deadline=today,
            chair_email="chair@bench.example",
            term_months=12,
            required_regional_events=1,
        )
        users = User.objects.bulk_create(
            UserFactory.build(
                email=f"bench{i}-{program.slug}@bench.example",
                full_name=f"Bench Person {i}",
                password=UNUSABLE_PASSWORD,
                verified=None,
            )
            for i in range(2 * n)
        )
        applications = Application.objects.bulk_create(
            (MentorApplicationFactory if i % 2 == 0 else ApplicationFactory).build(
                program=program, applicant=user, approved=True, frequency=rng.choice(FREQUENCIES)
            )
            for i, user in enumerate(users)
        )
        pairings = []
        for i in range(n):
            # Every state at every size: one pair in 20 is in the last two weeks of its term.
            start = today - dt.timedelta(days=358 if i % 20 == 0 else rng.randint(0, 360))
            pairings.append(
                PairingFactory.build(
                    program=program,
                    mentor_application=applications[2 * i],
                    mentee_application=applications[2 * i + 1],
                    started_on=start,
                    created_at=dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC),
                    history=None,
                )
            )
        pairings = Pairing.objects.bulk_create(pairings)
        Agreement.objects.bulk_create(
            ExecutedAgreementFactory.build(pairing=p, executed_at=now, mentor_signature=None, mentee_signature=None)
            if rng.random() < 0.7
            else AgreementFactory.build(pairing=p)
            for p in pairings
            if rng.random() < 0.9
        )
        CheckIn.objects.bulk_create(
            CheckInFactory.build(
                pairing=p, date=p.started_on + dt.timedelta(days=rng.randint(0, max(0, (today - p.started_on).days)))
            )
            for p in pairings
            if rng.random() < 0.6
        )
