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

from accounts.models import User
from agreements.models import Agreement
from applications.models import Application, Program
from associations.models import Association
from pairings import jobs
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
        program = Program.objects.create(
            name="Benchmark program",
            slug=f"bench-{now:%Y%m%d%H%M%S%f}",
            host=Association.objects.get_or_create(short_name="BENCH", defaults={"name": "Bench", "slug": "bench"})[0],
            deadline=today,
            chair_email="chair@bench.example",
            term_months=12,
            required_regional_events=1,
        )
        users = User.objects.bulk_create(
            User(email=f"bench{i}-{program.slug}@bench.example", full_name=f"Bench Person {i}", password="!")  # noqa: S106
            for i in range(2 * n)
        )
        applications = Application.objects.bulk_create(
            Application(
                program=program,
                applicant=user,
                role="mentor" if i % 2 == 0 else "mentee",
                status="approved",
                frequency=rng.choice(FREQUENCIES),
            )
            for i, user in enumerate(users)
        )
        pairings = []
        for i in range(n):
            # Every state at every size: one pair in 20 is in the last two weeks of its term.
            start = today - dt.timedelta(days=358 if i % 20 == 0 else rng.randint(0, 360))
            begin, end = Pairing.term_for(program, start)
            pairings.append(
                Pairing(
                    program=program,
                    mentor_application=applications[2 * i],
                    mentee_application=applications[2 * i + 1],
                    mentor=users[2 * i],
                    mentee=users[2 * i + 1],
                    started_on=begin,
                    ends_on=end,
                    created_at=dt.datetime.combine(begin, dt.time(9), tzinfo=dt.UTC),
                )
            )
        pairings = Pairing.objects.bulk_create(pairings)
        Agreement.objects.bulk_create(
            Agreement(pairing=p, executed_at=now, content_sha256="0" * 64)
            if rng.random() < 0.7
            else Agreement(pairing=p)
            for p in pairings
            if rng.random() < 0.9
        )
        CheckIn.objects.bulk_create(
            CheckIn(
                pairing=p,
                logged_by=p.mentee,
                date=p.started_on + dt.timedelta(days=rng.randint(0, max(0, (today - p.started_on).days))),
                form="video",
                minutes=45,
            )
            for p in pairings
            if rng.random() < 0.6
        )
