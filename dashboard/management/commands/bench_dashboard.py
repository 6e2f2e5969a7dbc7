"""Benchmark of the chair's dashboard page: builds a program of 1,000 applications and 300 pairs, renders the
page through the whole request stack several times as a staff user, and rolls everything back. Prints the figure
as its last line."""

from __future__ import annotations

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from dashboard.synthetic import build_program


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the program dashboard for 1,000 applications and 300 pairs (in a transaction rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=1000)
        parser.add_argument("--pairs", type=int, default=300)
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, applications: int, pairs: int, runs: int, seed: int, **options):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                program = build_program(applications=applications, pairs=pairs, seed=seed)
                self.stdout.write(f"built the program in {time.perf_counter() - started:.1f} s")
                timings, queries = self._measure(reverse("dashboard:program", args=[program.slug]), runs)
                raise Rollback
        except Rollback:
            pass
        median = statistics.median(timings) * 1000
        self.stdout.write(f"runs: {', '.join(f'{t * 1000:.0f}' for t in timings)} ms")
        self.stdout.write(
            f"dashboard: {applications} applications, {pairs} pairs: median {median:.0f} ms, {queries} queries"
        )

    def _measure(self, url: str, runs: int) -> tuple[list[float], int]:
        chair = User.objects.create_superuser(email="bench-chair@synthetic.example", full_name="Bench Chair")
        host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".").replace("*", "localhost")
        client = Client(HTTP_HOST=host)
        client.force_login(chair)
        client.get(url)  # warm: templates compiled, URL resolvers loaded
        timings = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, secure=not settings.DEBUG)
                timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise CommandError(f"The dashboard answered {response.status_code}.")
        return timings, len(captured)
